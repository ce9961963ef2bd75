"""Payment fraud training pipeline: delayed labels, the exploration holdout, gates and rollout."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Users
from diagrams.onprem.compute import Server
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import Action, Decision, MultipleDocuments
from house_style import diagram, edge, row

TITLE = "Fraud labels and training pipeline"
DESCRIPTION = (
    "The risk decision service logs every request with the features it used, its score and its "
    "decision to the event log, including a small randomised holdout of would-be declines that "
    "were approved on purpose and marked with their approval probability. The log lands in the "
    "data lake. Labels arrive later from three sources: analyst reviews within hours, issuer "
    "fraud reports within days, and chargebacks over weeks, up to the network's dispute window. "
    "A label store joins them to the logged payments and records when each label became known. "
    "A point-in-time training set builder takes features as served and labels as known at each "
    "cut-off, drops or reweights negatives that are not yet mature, and weights holdout rows by "
    "their inverse approval probability. Training fits and calibrates the model; a gate "
    "backtests it in money against the current model on matured data; the registry then ships "
    "it in shadow, then canary, to the decision service."
)

with diagram(direction="TB", nodesep="0.6", ranksep="0.7"):
    # Two rows: serving, logging and the label sources on top; the training pipeline below,
    # running right to left back to the decision service.
    decision = Server("Risk decision\nservice", group="a")
    log = Kafka("Event log\n(+ holdout flag,\npropensity)", group="b")
    lake = Storage("Data lake\n(features\nas served)", group="d")
    sources = Users("Analysts (hours)\nissuer reports (days)\nchargebacks (weeks)", group="e")
    registry = MultipleDocuments("Model registry", group="a")
    gate = Decision("Backtest in $\nvs champion", group="b")
    train = Rack("Train +\ncalibrate", group="c")
    builder = Action("Point-in-time\ntraining set", group="d")
    labels = Storage("Label store\n(label, known-at)", group="e")

    decision >> edge("log", kind="async") >> log
    log >> edge("sink", kind="async") >> lake
    sources >> edge("labels arrive\nover weeks") >> labels
    lake >> edge("payments") >> builder
    builder << edge("labels as known\nat the cut-off") << labels
    train << edge("weighted rows") << builder
    gate << edge("candidate") << train
    registry << edge("pass") << gate
    decision << edge("shadow, then\ncanary", kind="feedback") << registry

    row(decision, log, lake, sources)
    row(registry, gate, train, builder, labels)
