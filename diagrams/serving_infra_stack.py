"""Serving infrastructure: the request path through a model server, the control loop that
scales it, and the artefact path that compiles and loads models."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Prometheus
from diagrams.onprem.network import Nginx
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Serving infrastructure: request path, scaling loop and artefact path"
DESCRIPTION = (
    "Request path: a client calls a gateway and router, which picks a model and version and "
    "sends the request to a model server replica. Inside the replica a queue and dynamic "
    "batcher (or, for an LLM, an iteration-level scheduler) groups requests and runs them on "
    "model instances on the GPU or CPU. Control loop: replicas export queue depth, latency and, "
    "for LLMs, KV-cache use to a metrics system; the autoscaler reads those metrics and adds or "
    "removes replicas. Artefact path: a trained model in the registry is exported and compiled "
    "for the target hardware into a model repository, from which replicas load their weights "
    "when they start."
)

with diagram(direction="TB", nodesep="0.6", ranksep="0.6"):
    with cluster("Request path", tone="online"):
        client = Client("Client")
        gateway = Nginx("Gateway\n& router")
        with cluster("Model server replica (x N)", tone="neutral"):
            batcher = box("Queue +\ndynamic batcher\n/ LLM scheduler", tone="online")
            instances = Server("Model instances\n(GPU or CPU)")

    with cluster("Control loop", tone="neutral"):
        metrics = Prometheus("Metrics")
        autoscaler = box("Autoscaler", tone="neutral")

    with cluster("Artefact path", tone="offline"):
        registry = MultipleDocuments("Model registry")
        compiler = box("Export &\ncompile", tone="offline")
        repo = Storage("Model\nrepository")

    client >> edge("request") >> gateway >> edge("model,\nversion") >> batcher
    batcher >> edge("batch") >> instances
    instances >> edge("queue depth,\nlatency, KV use", kind="async") >> metrics
    metrics >> edge("signal") >> autoscaler
    autoscaler >> edge("add / remove\nreplicas", kind="feedback") >> batcher
    registry >> edge("weights") >> compiler >> edge("engine for\ntarget GPU") >> repo
    repo >> edge("load at\nstart-up", kind="feedback") >> instances

    row(client, gateway, batcher, instances)
    row(metrics, autoscaler)
    row(registry, compiler, repo)
    chain(gateway, metrics, registry)
