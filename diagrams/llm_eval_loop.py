"""The LLM evaluation loop: production traces become golden cases that gate the next release."""

from diagrams.generic.compute import Rack
from diagrams.onprem.client import Users
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.tracing import Jaeger
from diagrams.programming.flowchart import (
    Decision,
    Document,
    ManualInput,
    MultipleDocuments,
    Preparation,
    Sort,
)
from house_style import chain, cluster, diagram, edge, row

TITLE = "Offline and online evaluation loop for an LLM application"
DESCRIPTION = (
    "Online: users send requests to the LLM application, which runs a pinned prompt version and "
    "model version. Every request is written as a trace to the trace store, and online monitors "
    "read judge scores, guardrail rates, feedback and cost from it. Offline: sampled and flagged "
    "traces are triaged by failure and slice, then reviewed and labelled by people. Labelled "
    "cases are added to the versioned golden set, and the same human labels calibrate the LLM "
    "judge by measuring its agreement with people. A candidate prompt or model is scored on the "
    "golden set by the offline evaluation harness with the calibrated judge. A release gate "
    "compares the scores by slice with the current version and, if they pass, deploys the "
    "candidate to the application through a canary."
)

with diagram(direction="TB", nodesep="0.7", ranksep="0.7"):
    with cluster("Online: every request, seconds", tone="online"):
        users = Users("Users", group="a")
        app = Server("LLM application\nprompt v, model v", group="b")
        store = Jaeger("Trace store", group="c")
        monitors = Grafana("Online monitors\njudge, feedback, cost", group="d")

    with cluster("Offline: sampled, hours to weeks", tone="offline"):
        gate = Decision("Release gate\nby slice", group="a")
        harness = Rack("Offline eval\nharness", group="b")
        golden = MultipleDocuments("Golden set\n(versioned)", group="c")
        triage = Sort("Sample & triage\nfailures, slices", group="d")
        candidate = Document("Candidate\nprompt / model", group="a")
        calibration = Preparation("Judge calibration\nkappa vs humans", group="b")
        labelling = ManualInput("Human review\n& labels", group="c")

    users >> edge("requests") >> app
    app >> edge("traces", kind="async") >> store
    store >> edge("metrics", kind="async") >> monitors
    store >> edge("sampled +\nflagged traces", kind="async") >> triage
    monitors >> edge("alerts", kind="async") >> triage

    labelling << edge("review queue") << triage
    golden << edge("new cases") << labelling
    calibration << edge("human labels") << labelling
    harness << edge("eval set") << golden
    harness << edge("calibrated\njudge") << calibration
    candidate >> edge("candidate") >> harness
    gate << edge("scores") << harness
    app << edge("deploy via canary", kind="feedback") << gate

    row(users, app, store, monitors)
    row(gate, harness, golden, triage)
    row(candidate, calibration, labelling)
    chain(users, gate, candidate)
    chain(app, harness, calibration)
    chain(store, golden, labelling)
