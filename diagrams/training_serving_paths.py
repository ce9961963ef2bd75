"""Training and serving feature paths: shared definitions, logged features and a skew check."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.analytics import Spark
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import Inspection
from diagrams.programming.language import Python
from house_style import chain, cluster, diagram, edge, row

TITLE = "Training and serving feature paths"
DESCRIPTION = (
    "One set of feature definitions, written once, is used by both paths. Online path: a client "
    "sends a request to the model server, which computes request-time features with the shared "
    "code, reads precomputed features from the online feature store, scores, and writes the "
    "exact feature vector it used to a feature log. Offline path: raw events from the event "
    "log feed a batch feature job that runs the same shared code and writes the offline store, "
    "which materialises fresh values into the online store. Training data is built by joining "
    "the logged serving features with labels when they arrive (log and wait); point-in-time "
    "joins on the offline store fill in history for new features. A skew check compares the "
    "logged serving features with the offline store's values for the same entity and time and "
    "sends mismatch rates to monitoring."
)

with diagram(direction="TB", nodesep="0.55", ranksep="0.6"):
    shared = Python("Shared feature\ndefinitions")

    with cluster("Online path: per request", tone="online"):
        client = Client("Client")
        server = Server("Model server", group="b")
        online_store = Redis("Online\nfeature store", group="c")
        feature_log = Kafka("Feature log\n(as served)", group="b")

    with cluster("Offline path: batch", tone="offline"):
        events = Kafka("Raw event log", group="a")
        batch = Spark("Batch\nfeature job", group="a")
        offline_store = Storage("Offline store", group="c")
        training = Rack("Training data\n+ training", group="b")
        skew = Inspection("Skew check", group="d")

    monitoring = Grafana("Monitoring")

    client >> edge("request") >> server
    server >> edge("lookup") >> online_store
    server >> edge("features\nused") >> feature_log

    events >> edge("events") >> batch
    batch >> edge("features") >> offline_store
    online_store << edge(kind="async", xlabel="materialise") << offline_store

    feature_log >> edge("log and wait:\n+ labels") >> training
    offline_store >> edge("point-in-time\nbackfill", kind="async") >> training
    feature_log >> edge("served values") >> skew
    offline_store >> edge("recomputed\nvalues") >> skew
    skew >> edge("mismatch rate") >> monitoring

    shared >> edge("same code", kind="feedback") >> server
    shared >> edge("same code", kind="feedback") >> batch

    row(client, server, online_store)
    row(events, batch)
    chain(server, feature_log)
