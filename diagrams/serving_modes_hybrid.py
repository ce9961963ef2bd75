"""A hybrid serving design: batch, streaming, online and on-device paths feeding one product."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import MultipleDocuments
from house_style import cluster, diagram, edge, same_rank

TITLE = "One product, four serving modes"
DESCRIPTION = (
    "A hybrid serving design. In the batch path, a nightly job reads the data lake, scores "
    "every user and writes candidate lists and embeddings to a key-value store. In the "
    "streaming path, an event log of clicks and transactions feeds a stream processor that "
    "updates windowed features in the online feature store within seconds. In the online "
    "path, the app sends a request to the online ranker, which reads the precomputed "
    "candidates and the fresh features and returns a ranked list within its latency budget. "
    "On the device, a small model re-orders or filters results using context that never leaves "
    "the phone, and works offline. The model registry ships the batch model, the online model "
    "and a compressed on-device model from the same training run, and the app's events flow "
    "back to the event log."
)

with diagram(direction="TB", nodesep="0.6", ranksep="0.7"):
    with cluster("Device", tone="neutral"):
        app = Client("App with\non-device model")
    with cluster("Online path (ms)", tone="online"):
        ranker = Server("Online ranker")
        kv = Redis("Precomputed\ncandidates")
        features = Redis("Online\nfeature store")
    with cluster("Streaming path (seconds)", tone="online"):
        events = Kafka("Event log")
        stream = Server("Stream\nprocessor")
    with cluster("Batch path (hours)", tone="offline"):
        lake = Storage("Data lake")
        batch = Server("Nightly\nbatch scoring")
    registry = MultipleDocuments("Model registry")

    app >> edge("request") >> ranker
    ranker >> edge("lookup") >> kv
    ranker >> edge("features") >> features
    app >> edge("events", kind="async") >> events
    events >> edge(kind="async") >> stream
    stream >> edge("windowed\nfeatures", kind="async") >> features
    events >> edge("archive", kind="async") >> lake
    lake >> edge() >> batch
    batch >> edge("candidates,\nembeddings", kind="async") >> kv
    registry >> edge("deploy", kind="feedback") >> ranker
    registry >> edge("deploy", kind="feedback") >> batch
    registry >> edge("compressed\nmodel", kind="feedback") >> app
    same_rank(kv, features)
    same_rank(events, lake)
