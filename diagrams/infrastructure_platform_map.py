"""The ML platform of Part 2: which component carries which stage, and where each chapter sits."""

from diagrams.generic.compute import Rack
from diagrams.generic.database import SQL
from diagrams.generic.storage import Storage
from diagrams.onprem.analytics import Spark
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.queue import Kafka
from diagrams.onprem.workflow import Airflow
from diagrams.programming.flowchart import Decision, MultipleDocuments, StoredData
from house_style import chain, cluster, diagram, edge, row

TITLE = "The ML platform: the components Part 2 covers"
DESCRIPTION = (
    "Three bands. Top band, data pipelines: an orchestrator schedules batch and stream jobs; "
    "changes from application databases and events flow through an event log into those jobs, "
    "which write validated data to the data lake. Middle band, running right to left: the data "
    "lake feeds the offline feature store; point-in-time training sets go to the training "
    "platform on GPUs; each run is recorded by experiment tracking and the model registry; a "
    "CI/CD gate tests the candidate and deploys it to the model servers. Bottom band, serving "
    "per request: a client calls the model servers (or LLM engines), which look up features in "
    "the online feature store, filled from the offline store by materialisation and streaming "
    "writes, and query a vector index of embeddings. The servers log predictions and features; "
    "monitoring (Part 4) watches them and triggers retraining."
)

with diagram(direction="TB", nodesep="0.7", ranksep="0.6"):
    # A grid of four columns (a to d): the data row runs left to right, the training row comes
    # back right to left, the serving row sits under it. Keep every arrow between neighbours:
    # long flat arrows and constraint="false" let Graphviz reorder the rows.
    orchestrator = Airflow("Orchestrator", group="c")

    with cluster("Data pipelines: batch and streaming", tone="offline"):
        sources = SQL("App databases\n(CDC)", group="a")
        log = Kafka("Event log", group="b")
        jobs = Spark("Batch and\nstream jobs", group="c")
        lake = Storage("Data lake\n(validated)", group="d")

    with cluster("Features, training and release", tone="offline"):
        gate = Decision("CI/CD gate", group="a")
        registry = MultipleDocuments("Tracking and\nmodel registry", group="b")
        training = Rack("Training\nplatform (GPUs)", group="c")
        offline = StoredData("Offline\nfeature store", group="d")

    with cluster("Serving: per request", tone="online"):
        vectors = StoredData("Vector index\n(embeddings)", group="a")
        servers = Server("Model servers\n/ LLM engines", group="b")
        online = Redis("Online\nfeature store", group="c")

    client = Client("Client", group="b")
    monitoring = Grafana("Monitoring\n(Part 4)", group="d")

    orchestrator >> edge("schedules", kind="async") >> jobs
    sources >> edge("changes") >> log
    log >> edge("events") >> jobs
    jobs >> edge("validated\nwrites") >> lake
    lake >> edge("features") >> offline
    training << edge("point-in-time\ntraining sets") << offline
    registry << edge("runs,\nartefacts") << training
    gate << edge("candidate") << registry
    gate >> edge("deploy", kind="feedback") >> servers
    servers << edge("request") << client
    servers >> edge("feature\nlookup") >> online
    vectors << edge("ANN query") << servers
    offline >> edge("materialise,\nstream writes", kind="async") >> online
    servers >> edge("predictions +\nfeatures logged", kind="async") >> monitoring
    training << edge("retrain", kind="feedback") << monitoring

    row(sources, log, jobs, lake)
    row(gate, registry, training, offline)
    row(vectors, servers, online)
    row(client, monitoring)
    chain(sources, gate, vectors)
    chain(log, registry, servers, client)
    chain(orchestrator, jobs, training, online)
    chain(lake, offline, monitoring)
