"""The parts of a feature store: definitions, offline and online stores, serving."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.analytics import Flink, Spark
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import StoredData
from diagrams.programming.language import Python
from house_style import chain, cluster, diagram, edge, row

TITLE = "Anatomy of a feature store"
DESCRIPTION = (
    "Feature definitions and the registry sit on top: each feature is defined once, with its "
    "entity, source, window, owner and version. Batch path: a batch job reads the data lake and "
    "writes timestamped feature rows to the offline store, which answers point-in-time joins to "
    "build training sets. Streaming path: a stream job, built from the same definitions, reads "
    "the event log, writes fresh windowed values to the online store and logs the same values "
    "to the offline store. Materialisation copies the latest offline values into the online "
    "store, which keeps only the latest value per entity. Serving path: a client calls the "
    "model server, which computes request-time features, reads the online store by entity key "
    "and scores. Monitoring tracks feature freshness and online/offline skew."
)

with diagram(direction="TB", nodesep="0.7", ranksep="0.6"):
    definitions = Python("Definitions\n+ registry", group="b")

    with cluster("Batch path: hours", tone="offline"):
        lake = Storage("Data lake", group="a")
        batch = Spark("Batch feature\njob", group="b")
        offline = StoredData("Offline store\n(history)", group="c")
        training = Rack("Point-in-time\ntraining sets", group="d")

    with cluster("Streaming path: seconds", tone="neutral"):
        events = Kafka("Event log", group="a")
        stream = Flink("Stream job\n(windows)", group="b")

    with cluster("Serving path: milliseconds", tone="online"):
        client = Client("Client", group="a")
        server = Server("Model server\n(+ request-time\nfeatures)", group="b")
        online = Redis("Online store\n(latest values)", group="c")
        monitoring = Grafana("Freshness\nand skew", group="d")

    definitions >> edge("same code", kind="feedback") >> batch
    lake >> edge("read") >> batch
    batch >> edge("timestamped\nrows") >> offline
    offline >> edge("as-of join") >> training
    events >> edge("events") >> stream
    stream >> edge("log values", kind="async") >> offline
    stream >> edge("fresh values", kind="async") >> online
    offline >> edge("materialise", kind="async") >> online
    client >> edge("request") >> server
    server >> edge("get by key") >> online
    online >> edge("age, mismatch\nrates", kind="async") >> monitoring

    row(lake, batch, offline, training)
    row(events, stream)
    row(client, server, online, monitoring)
    chain(definitions, batch, stream, server)
    chain(lake, events, client)
