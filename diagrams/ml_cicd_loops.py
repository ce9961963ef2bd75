"""CI for code and data, CD of the training pipeline, continuous training, CD of the model."""

from diagrams.generic.compute import Rack
from diagrams.onprem.client import User
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana
from diagrams.programming.flowchart import Decision, MultipleDocuments
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Four loops of ML delivery: CI, pipeline CD, continuous training and model CD"
DESCRIPTION = (
    "First loop, continuous integration, per change in minutes: an engineer opens a pull "
    "request; CI runs unit tests of feature code, data tests on a sample, a smoke training run "
    "on a tiny dataset, and builds the training and serving images with a parity check on a "
    "golden set. Only a passing change is merged and its images published. Second loop, "
    "continuous delivery of the pipeline: the new pipeline version runs end to end on a sample "
    "in staging and is then deployed to the production orchestrator. Third loop, continuous "
    "training: the production pipeline retrains on fresh data on a schedule or trigger, passes "
    "data and evaluation gates, and registers a model version. Fourth loop, continuous delivery "
    "of the model: the registry's challenger is canaried on a slice of traffic and, if guardrails "
    "hold, the champion alias moves to it. Monitoring watches production and can roll the alias "
    "back to the previous version or trigger a retrain."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.55"):
    # A serpentine: row 1 runs left to right, row 2 right to left, row 3 left to right again.
    with cluster("1. CI: every pull request, minutes", tone="neutral"):
        engineer = User("Engineer", group="a")
        checks = box(
            "Unit tests, data tests\non a sample, smoke\ntrain, image build,\nparity on golden set",
            group="b",
        )
        merge = Decision("Pass?", group="c")
        images = MultipleDocuments("Versioned\nimages", group="d")

    with cluster("2-3. Pipeline CD and continuous training, hours", tone="offline"):
        registry = MultipleDocuments("Model registry", group="a")
        gates = Decision("Data and\neval gates", group="b")
        pipeline = Rack("Production pipeline:\nretrain on fresh data", group="c")
        staging = box("Pipeline run\non a sample\n(staging)", group="d")

    with cluster("4. Model CD: canary, promote, roll back", tone="online"):
        canary = Server("Canary\n(challenger)", group="a")
        production = Server("Production\n(champion alias)", group="b")
        monitoring = Grafana("Monitoring", group="c")

    engineer >> edge("pull request") >> checks >> edge() >> merge
    merge >> edge("merge,\npublish") >> images
    images >> edge("deploy pipeline") >> staging
    pipeline << edge("promote") << staging
    gates << edge() << pipeline
    registry << edge("register") << gates
    registry >> edge("challenger") >> canary >> edge("guardrails hold:\nmove alias") >> production
    production >> edge("metrics") >> monitoring
    registry << edge("roll back alias", kind="feedback") << monitoring
    pipeline << edge("retrain trigger", kind="feedback") << monitoring

    row(engineer, checks, merge, images)
    row(registry, gates, pipeline, staging)
    row(canary, production, monitoring)
    chain(engineer, registry, canary)
    chain(checks, gates, production)
    chain(merge, pipeline, monitoring)
    chain(images, staging)
