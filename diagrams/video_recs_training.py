"""Training and data pipelines of the video recommendations case study: labels, models, index."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.analytics import Flink
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Video recommendations: from impression logs to a validated model and a fresh index"
DESCRIPTION = (
    "The impression and watch log feeds a streaming layer. Stream jobs update counters in the "
    "online feature store within seconds, and join each served impression, which carries the "
    "features logged at serving time, with its outcomes (click, watch time, like, dismissal, "
    "survey answer) when each label window closes; the labelled impressions land in the data "
    "lake. Newly uploaded videos go through the video tower within minutes and are inserted "
    "into the live approximate nearest-neighbour index. Daily, two training jobs read the data "
    "lake: the retrieval job trains the two-tower model with in-batch negatives and the logQ "
    "correction, and the ranking job trains the multi-task ranker with a position tower. The "
    "retrieval job re-embeds every video and builds a new index, which must pass a recall check "
    "against exact search before it is swapped in together with the matching user tower. Both "
    "models must pass offline gates (per-head loss and calibration, NDCG on exploration "
    "traffic, slices) before they are registered; from the registry they go through shadow "
    "traffic, a canary and an A/B test before they serve."
)

with diagram(direction="LR", nodesep="0.5", ranksep="0.6"):
    log = Kafka("Impression +\nwatch log", group="a")

    with cluster("Streaming: seconds to minutes", tone="neutral"):
        stream = Flink("Stream jobs:\ncounters, label\njoin per window", group="b")
        store = Redis("Online feature\nstore", group="c")
        uploads = box("New uploads →\nvideo tower →\nindex insert", tone="neutral", group="d")

    with cluster("Batch: daily", tone="offline"):
        lake = Storage("Labelled impressions\n(logged features)", group="b")
        retrieval = Rack("Two-tower training\n(in-batch, logQ)", group="c")
        ranking = Rack("Multi-task ranker\n(+ position tower)", group="c")
        index = box("Re-embed videos,\nbuild index,\nrecall vs exact", tone="offline", group="d")
        gates = box("Offline gates:\nloss, calibration,\nNDCG, slices", tone="offline", group="d")

    with cluster("Release", tone="online"):
        registry = MultipleDocuments("Model + index\nregistry", group="e")
        serving = Server("Serving funnel", group="e")

    log >> edge("events") >> stream
    stream >> edge("fresh counters") >> store
    stream >> edge("labelled\nimpressions") >> lake
    lake >> retrieval >> index
    lake >> ranking >> gates
    index >> edge("versioned pair:\nuser tower + index") >> registry
    gates >> edge("register") >> registry
    registry >> edge("shadow → canary\n→ A/B test") >> serving
    serving >> edge("new impressions", kind="feedback", constraint="false") >> log
    uploads >> edge("minutes", kind="async") >> serving

    row(stream, store, uploads)
    row(retrieval, ranking)
    row(index, gates)
    row(registry, serving)
    chain(log, stream)
