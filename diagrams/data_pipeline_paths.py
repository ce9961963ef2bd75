"""ML data pipelines: a streaming path, and a batch path with validation and lineage."""

from diagrams.generic.storage import Storage
from diagrams.onprem.analytics import Flink, Spark
from diagrams.onprem.client import Users
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.queue import Kafka
from diagrams.onprem.workflow import Airflow
from diagrams.programming.flowchart import Decision, MultipleDocuments, StoredData
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Batch and streaming paths of an ML data pipeline"
DESCRIPTION = (
    "Streaming path, seconds: producers (apps and services) write events to a partitioned "
    "event log; a stream processor reads them, aggregates by event time with watermarks, and "
    "writes fresh values to an online store. Batch path, hours: the same event log is sunk "
    "into an immutable raw landing zone; an orchestrator schedules batch jobs that transform "
    "one partition at a time; a validation gate checks schema, volume and distributions; a "
    "passing partition is published to curated tables that feed feature building and training, "
    "and a failing one goes to quarantine and raises an alert. Every batch run reports its "
    "inputs, outputs and code version to a lineage and metadata store."
)

with diagram(direction="TB", nodesep="0.7", ranksep="0.6"):
    with cluster("Streaming path: seconds", tone="neutral"):
        producers = Users("Producers\n(apps, services)", group="a")
        log = Kafka("Event log\n(partitioned)", group="b")
        stream = Flink("Stream processor\n(event time)", group="c")
        online = Redis("Online store", group="d")

    with cluster("Batch path: hours", tone="offline"):
        raw = Storage("Raw landing\n(immutable)", group="a")
        batch = Spark("Batch job\n(one partition)", group="b")
        gate = Decision("Validation\ngate", group="c")
        curated = StoredData("Curated tables\n(published)", group="d")

    orchestrator = Airflow("Orchestrator", group="a")
    lineage = MultipleDocuments("Lineage and\nmetadata", group="b")
    quarantine = box("Quarantine\n+ alert", group="c")

    producers >> edge("events") >> log
    log >> edge("consume") >> stream
    stream >> edge("fresh values") >> online
    log >> edge("sink", kind="async") >> raw
    raw >> edge("read partition") >> batch
    batch >> edge("write staging") >> gate
    gate >> edge("pass: publish") >> curated
    gate >> edge("fail", kind="async") >> quarantine
    batch << edge("schedules,\nretries, backfills", kind="async") << orchestrator
    batch >> edge("run, inputs,\noutputs", kind="async") >> lineage

    row(producers, log, stream, online)
    row(raw, batch, gate, curated)
    row(orchestrator, lineage, quarantine)
    chain(producers, raw, orchestrator)
    chain(log, batch, lineage)
    chain(stream, gate, quarantine)
