"""The four layers of ML monitoring around a model service, and how fast each one speaks."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client, Users
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.queue import Kafka
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Four layers of monitoring around a model service"
DESCRIPTION = (
    "The service: upstream data sources feed feature pipelines, which fill an online feature "
    "store. A client app sends requests to the model server, which reads features from the "
    "store and returns predictions; the server writes each prediction with its features to a "
    "prediction log, and users' outcomes (clicks, purchases, chargebacks, complaints) are "
    "logged there too. Four groups of checks watch it, ordered by how quickly they can detect "
    "a problem. System signals, in seconds: latency percentiles, errors, saturation and "
    "throughput of the model server. Data signals, in minutes to hours: schema, missing "
    "values, ranges, volumes and freshness of the pipelines and feature store. Model signals, "
    "in minutes for the outputs and days to weeks for quality: prediction distribution, "
    "confidence, attribution shifts and quality once labels arrive, read from the prediction "
    "log. Business signals, in days to weeks: conversions, revenue and complaints, read from "
    "the logged outcomes. All four feed dashboards and alerts."
)

with diagram(direction="TB", nodesep="0.3", ranksep="0.6"):
    with cluster("The model service", tone="online"):
        client = Client("Client app", group="a")
        server = Server("Model server", group="b")
        store = Redis("Online\nfeature store", group="c")
        pipelines = Server("Feature\npipelines", group="d")
        sources = Storage("Upstream\ndata sources", group="e")
        users = Users("Users", group="a")
        log = Kafka("Prediction &\noutcome log", group="b")

    business = box(
        "Business signals\n(days to weeks)\nconversions, revenue,\ncomplaints", group="a"
    )
    model = box(
        "Model signals\n(minutes to weeks)\nscore distribution,\nconfidence, quality",
        tone="offline",
        group="b",
    )
    system = box("System signals\n(seconds)\nlatency p99, errors,\nsaturation, QPS", group="c")
    data = box(
        "Data signals\n(minutes to hours)\nschema, nulls, ranges,\nvolume, freshness",
        tone="offline",
        group="d",
    )

    alerts = Grafana("Dashboards\n& alerts", group="c")

    client >> edge("request") >> server >> edge("feature\nlookup") >> store
    store << edge("features") << pipelines << edge("raw data") << sources
    client >> edge("decision") >> users
    server >> edge("predictions\n+ features", kind="async") >> log
    log << edge("outcomes", kind="async") << users

    log >> edge(kind="async") >> business
    log >> edge(kind="async") >> model
    server >> edge(kind="async") >> system
    pipelines >> edge(kind="async") >> data

    for signal in (business, model, system, data):
        signal >> edge() >> alerts

    row(client, server, store, pipelines, sources)
    row(users, log)
    row(business, model, system, data)
    chain(client, users, business)
    chain(server, log, model)
