"""Lineage from a data snapshot to a served prediction, recorded by the tracker and registry."""

from diagrams.generic.compute import Rack
from diagrams.generic.database import SQL
from diagrams.generic.storage import Storage
from diagrams.onprem.compute import Server
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, cluster, diagram, edge, row

TITLE = "Lineage from data snapshot to served prediction"
DESCRIPTION = (
    "A pinned snapshot of raw data feeds a feature pipeline at a known code version, which "
    "writes a versioned training dataset. A training run reads that dataset; it is defined by "
    "a code commit, a configuration, a container image and a seed. The run logs its parameters, "
    "metrics and lineage to the tracking metadata store, and its weights, evaluation reports "
    "and model card to the artefact store. A run that passes evaluation is registered as an "
    "immutable model version in the model registry, where aliases such as champion and "
    "challenger point at versions. The model server loads the version the champion alias "
    "points to, and every prediction it writes to the prediction log carries that model "
    "version, so an audit can trace any prediction back through the model version and the run "
    "to the data snapshot it was trained on."
)

with diagram(direction="TB", nodesep="0.55", ranksep="0.6"):
    with cluster("Training side: every arrow is recorded", tone="offline"):
        snapshot = Storage("Raw data\nsnapshot (pinned)")
        features = box("Feature pipeline\n@ code version")
        dataset = Storage("Training dataset\nversion")
        run = Rack("Training run\ncommit, config,\nimage, seed")

    with cluster("Tracking and registry", tone="neutral"):
        metadata = SQL("Run metadata\n(params, metrics,\nlineage)")
        artefacts = Storage("Artefact store\n(weights, reports,\nmodel card)")
        registry = MultipleDocuments("Model registry\nversions + aliases")

    with cluster("Serving side", tone="online"):
        server = Server("Model server\nloads @champion")
        predictions = Kafka("Prediction log\n(+ model version)")

    snapshot >> edge("read") >> features >> edge("write") >> dataset >> edge("train on") >> run
    run >> edge("log", kind="async") >> metadata
    run >> edge("upload", kind="async") >> artefacts
    run >> edge("register if\ngates pass") >> registry
    registry >> edge("deploy alias", kind="feedback") >> server
    server >> edge("every prediction") >> predictions
    (
        snapshot
        << edge("audit: version → run → data", kind="feedback", constraint="false")
        << predictions
    )

    row(snapshot, features, dataset, run)
    row(metadata, artefacts, registry)
    row(server, predictions)
