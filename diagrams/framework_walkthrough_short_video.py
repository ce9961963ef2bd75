"""The short-video feed ranking system designed in the framework's worked walk-through."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.analytics import Flink
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.network import Nginx
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Short-video feed ranking: the request funnel, the streaming loop and the batch loop"
DESCRIPTION = (
    "Three layers. Request path, with a 200-millisecond p99 budget: the mobile app asks the API "
    "gateway for the next ten videos, and the feed request runs a funnel. It retrieves about "
    "5,000 candidates from several sources, including an approximate nearest-neighbour index of "
    "video embeddings; filters out seen, blocked and policy-violating videos; pre-ranks down to "
    "500 with a light model, reading user and video features from the online feature store; "
    "ranks the 500 with a multi-task model on GPU model servers; and re-ranks for diversity and "
    "policy to return ten. Streaming loop: the app sends client events (watch time, likes, "
    "skips) to an event log; monitoring reads metrics from it; stream jobs turn the events into "
    "fresh features in the online feature store and into labelled examples for an online "
    "trainer, which pushes new weights to the model servers every few minutes. Batch loop: the "
    "event log sinks into a data lake; a daily batch job retrains the retrieval and ranking "
    "models and registers them in a model registry, which deploys the ranker and sends new "
    "video embeddings to the ANN index."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.6"):
    app = Client("Mobile app", group="a")

    with cluster("Request path: p99 ≤ 200 ms per feed request", tone="online"):
        gateway = Nginx("API gateway", group="a")
        retrieve = box(
            "Retrieve ~5,000\n(ANN, follows,\ntrending, fresh)", tone="online", group="a"
        )
        filt = box("Filter: seen,\nblocked, policy", tone="online", group="b")
        prerank = box("Pre-rank\n5,000 → 500", tone="online", group="c")
        rank = box("Rank 500:\nmulti-task model", tone="online", group="d")
        rerank = box("Re-rank, blend\n→ 10 videos", tone="online", group="e")

        ann = Server("ANN index\n(video embeddings)", group="a")
        store = Redis("Online\nfeature store", group="c")
        rankers = Server("Ranking model\nservers (GPU)", group="d")

    with cluster("Streaming loop: seconds to minutes", tone="neutral"):
        monitoring = Grafana("Monitoring")
        log = Kafka("Event log:\nimpressions, watch", group="a")
        stream = Flink("Stream jobs:\nfeatures, labels", group="c")
        online_train = Rack("Online trainer", group="e")

    with cluster("Batch loop: daily", tone="offline"):
        lake = Storage("Data lake", group="a")
        batch_train = Rack("Batch training:\nretrieval + ranker", group="c")
        registry = MultipleDocuments("Model registry", group="d")

    app >> edge("next 10 videos") >> gateway >> edge("feed request") >> retrieve
    retrieve >> filt >> prerank >> rank >> rerank
    retrieve >> edge("top-k") >> ann
    prerank >> edge("user + video\nfeatures") >> store
    rank >> edge("score") >> rankers

    # constraint="false": this long arrow must not pull the rows below out of their order.
    app >> edge("client events:\nwatch, likes, skips", kind="async", constraint="false") >> log
    monitoring << edge("metrics", kind="async") << log
    log >> stream >> edge("labelled\nexamples") >> online_train
    store << edge("fresh\nfeatures", kind="async") << stream
    rankers << edge("weights every\nfew minutes", kind="feedback") << online_train

    log >> edge("sink", kind="async") >> lake
    lake >> batch_train >> edge("register") >> registry
    rankers << edge("deploy ranker", kind="feedback") << registry
    ann << edge("new video\nembeddings", kind="feedback", constraint="false") << registry

    row(retrieve, filt, prerank, rank, rerank)
    row(ann, store, rankers)
    row(monitoring, log, stream, online_train)
    row(lake, batch_train, registry)
    chain(app, gateway, retrieve, ann, log, lake)
