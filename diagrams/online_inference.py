"""A generic online-inference architecture: the request path and the batch loop that feeds it."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.network import Nginx
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import MultipleDocuments
from house_style import chain, cluster, diagram, edge, row

TITLE = "Online inference architecture"
DESCRIPTION = (
    "Two paths. Online path: a client sends a request to an API gateway, which routes it to the "
    "model servers. The model servers read the entity's features from the online feature store, "
    "return a prediction, and write the prediction and its features to an event log; client "
    "outcomes are logged there too. Monitoring reads the event log. Offline path: the event log "
    "lands in the offline store, a data lake that also holds the offline features. A "
    "materialisation job copies fresh feature values from the offline store to the online store. "
    "A training pipeline reads the offline store and registers each validated model in the model "
    "registry, from which models are deployed to the model servers."
)

with diagram(direction="TB", nodesep="0.6", ranksep="0.5"):
    # A grid of three columns (a, b, c) after the client: the online path on top, the event
    # log and monitoring under it, the offline path at the bottom running right to left.
    with cluster("Online path: per request, milliseconds", tone="online"):
        client = Client("Client app")
        gateway = Nginx("API gateway", group="a")
        servers = Server("Model servers", group="b")
        online_store = Redis("Online\nfeature store", group="c")
        monitoring = Grafana("Monitoring", group="a")
        log = Kafka("Prediction &\nevent log", group="b")

    with cluster("Offline path: batch, hours to days", tone="offline"):
        registry = MultipleDocuments("Model registry", group="a")
        training = Rack("Training\npipeline", group="b")
        offline_store = Storage("Offline store\n/ data lake", group="c")

    client >> edge("requests,\noutcomes") >> gateway >> edge("route") >> servers
    servers >> edge("feature\nlookup") >> online_store
    servers >> edge("predictions\n+ features") >> log
    gateway >> edge("outcome\nevents", kind="async") >> log
    monitoring << edge("metrics") << log

    log >> edge("sink", kind="async") >> offline_store
    online_store << edge(kind="async", xlabel="materialise") << offline_store
    registry << edge("register") << training
    training << edge("training data") << offline_store
    servers << edge("deploy", kind="feedback") << registry

    row(client, gateway, servers, online_store)
    row(monitoring, log)
    row(registry, training, offline_store)
    chain(gateway, monitoring, registry)
    chain(log, training)
    chain(online_store, offline_store)
