"""The observability stack for an ML service: three telemetry signals plus the prediction log."""

from diagrams.generic.database import SQL
from diagrams.onprem.aggregator import Vector
from diagrams.onprem.analytics import Flink, Spark
from diagrams.onprem.client import User
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.logging import Loki
from diagrams.onprem.monitoring import Grafana, Prometheus
from diagrams.onprem.network import Nginx
from diagrams.onprem.queue import Kafka
from diagrams.onprem.tracing import Tempo
from diagrams.programming.flowchart import Decision
from house_style import cluster, diagram, edge, row

TITLE = "Observability stack for an ML service"
DESCRIPTION = (
    "Two paths. Telemetry path: the API gateway, the model server and the feature store are "
    "instrumented with the OpenTelemetry SDK and send metrics, logs and traces over OTLP to an "
    "OpenTelemetry collector, which exports metrics to a time-series database, logs to a log "
    "store and traces to a trace store. Dashboards read all three stores. Alert rules read the "
    "metrics and page the on-call engineer. Prediction path: the model server writes one record "
    "per prediction, and the gateway writes outcome events, to a prediction and event log. A "
    "streaming job reads the log and publishes minute-level drift and rate metrics to the "
    "time-series database. The log also lands in a data warehouse, where daily batch jobs join "
    "predictions with delayed labels, compute drift and quality metrics, and publish them to the "
    "time-series database so that the same alert rules cover them."
)

with diagram(direction="LR", nodesep="0.45", ranksep="0.75"):
    with cluster("Services, OTel SDK in each", tone="online"):
        gateway = Nginx("API gateway")
        model = Server("Model server")
        features = Redis("Feature store")

    collector = Vector("OTel collector")
    log = Kafka("Prediction &\nevent log")

    with cluster("Telemetry stores", tone="neutral"):
        metrics = Prometheus("Metrics (TSDB)")
        logs = Loki("Logs")
        traces = Tempo("Traces")

    with cluster("ML monitoring", tone="offline"):
        stream = Flink("Streaming\nmonitors")
        warehouse = SQL("Warehouse")
        batch = Spark("Drift & quality\nbatch jobs")

    dashboards = Grafana("Dashboards")
    alerts = Decision("Alert rules\n& routing")
    oncall = User("On-call")

    gateway >> edge("OTLP") >> collector
    model >> edge("OTLP") >> collector
    features >> edge("OTLP") >> collector
    collector >> metrics
    collector >> logs
    collector >> traces
    metrics >> dashboards
    logs >> dashboards
    traces >> dashboards
    metrics >> edge("burn rates") >> alerts
    alerts >> edge("page") >> oncall

    model >> edge("one record per\nprediction", kind="async") >> log
    gateway >> edge("outcomes", kind="async") >> log
    log >> edge("minutes", kind="async") >> stream
    log >> edge("sink", kind="async") >> warehouse
    warehouse >> edge("join labels,\ndaily") >> batch
    metrics << edge("ML metrics", kind="feedback") << stream
    metrics << edge("ML metrics", kind="feedback") << batch

    row(gateway, model, features)
    row(collector, log)
    row(metrics, logs, traces)
    row(stream, warehouse)
