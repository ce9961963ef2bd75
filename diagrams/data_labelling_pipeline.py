"""The data and labelling pipeline: sources, logs, outcome joins, sampling, labelling and QA."""

from diagrams.generic.compute import Rack
from diagrams.generic.database import SQL
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client, Users
from diagrams.onprem.compute import Server
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import (
    Inspection,
    Merge,
    MultipleDocuments,
    Preparation,
    Sort,
)
from diagrams.programming.language import Python
from house_style import cluster, diagram, edge, row

TITLE = "Data and labelling pipeline"
DESCRIPTION = (
    "Sources: client apps send events, the application database streams row changes, and a "
    "third-party provider delivers enrichment files. The model server logs every prediction with "
    "the features it used, the model version and the action taken. Events and prediction logs go "
    "to an event log, pass a PII redaction step and land in the data lake. An outcome join "
    "attaches later outcomes (clicks, cancellations, chargebacks) to the logged predictions to "
    "make implicit labels. A sampling step selects items for human labelling: random, stratified "
    "and active-learning picks. Labels come from human annotators, labelling functions (weak "
    "supervision) and model pre-labels that humans correct. A label QA step measures agreement "
    "and checks gold items, and accepted labels are written to versioned datasets that feed "
    "training. Training sends the current model back to pre-label items and to choose uncertain "
    "items for the next round of active learning."
)

with diagram(direction="TB", nodesep="0.6", ranksep="0.75"):
    with cluster("Sources", tone="online"):
        app = Client("Client events", group="c")
        server = Server("Model server\n(prediction log)", group="a")
        db = SQL("App database\n(change stream)", group="b")
        vendor = Storage("Third-party\nenrichment", group="d")

    with cluster("Collection", tone="neutral"):
        log = Kafka("Event &\nprediction log", group="a")
        redact = Preparation("PII redaction", group="b")
        lake = Storage("Data lake", group="c")
        join = Merge("Outcome join:\nimplicit labels", group="d")

    with cluster("Labelling", tone="offline"):
        sample = Sort("Sampling &\nselection", group="a")
        humans = Users("Human\nannotators", group="b")
        qa = Inspection("Label QA:\nkappa, gold items", group="c")
        datasets = MultipleDocuments("Versioned\ndatasets", group="d")
        functions = Python("Labelling\nfunctions", group="b")
        training = Rack("Training", group="d")

    app >> edge("events") >> log
    server >> edge("features, score,\nmodel version") >> log
    db >> edge("row changes") >> log
    log >> redact >> edge("pseudonymised") >> lake
    vendor >> edge("batch files", kind="async") >> lake
    lake >> edge("predictions +\nlater outcomes") >> join
    lake >> edge("unlabelled\npool") >> sample
    sample >> edge("items to label") >> humans
    sample >> edge("whole pool") >> functions
    humans >> edge("labels") >> qa
    qa << edge("weak labels") << functions
    qa >> edge("accepted") >> datasets
    join >> edge("implicit labels") >> datasets
    datasets >> edge("train") >> training
    # constraint=false: the loop back must not reorder the rows above it.
    sample << edge("pre-labels,\nuncertain items", kind="feedback", constraint="false") << training

    # Four rows: sources on top, then collection, then the labelling loop.
    row(server, db, app, vendor)
    row(log, redact, lake, join)
    row(sample, humans, qa, datasets)
    row(functions, training)
