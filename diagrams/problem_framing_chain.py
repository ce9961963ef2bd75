"""Problem framing as a chain from business goal to label, and the metrics that check it."""

from diagrams.programming.flowchart import (
    Action,
    Decision,
    Document,
    Inspection,
    PredefinedProcess,
    StartEnd,
)
from house_style import cluster, diagram, edge, row

TITLE = "From business goal to decision, prediction and label"
DESCRIPTION = (
    "Top row, left to right: a business goal (reduce churn) is turned into a decision (which "
    "subscribers get a retention offer this week), the decision needs a prediction (how much an "
    "offer lowers each subscriber's chance of cancelling), and the prediction is learned from a "
    "label (did the subscriber cancel within 30 days). Bottom row, right to left: the label feeds "
    "an offline metric (uplift at the offer budget), which is a proxy for an online A/B metric "
    "(subscribers retained per dollar of offers), which is in turn a proxy for the business KPI "
    "(net revenue retention). A dashed feedback arrow from the KPI back to the goal says the "
    "proxies must be checked against the goal they stand for."
)

with diagram(direction="LR", nodesep="0.8", ranksep="1.0"):
    with cluster("Framing: what the system decides", tone="neutral"):
        goal = StartEnd("Business goal:\nreduce churn", group="a")
        decision = Decision("Decision: who\ngets an offer", group="b")
        prediction = Action("Prediction:\nuplift per user", group="c")
        label = Document("Label: cancelled\nwithin 30 days", group="d")

    with cluster("Measurement: how we know it works", tone="offline"):
        kpi = StartEnd("Business KPI: net\nrevenue retention", group="a")
        online = PredefinedProcess("Online metric:\nretained per $", group="b")
        offline = Inspection("Offline metric:\nuplift at budget", group="c")

    goal >> edge("what action\nmoves it?") >> decision
    decision >> edge("what must we\nknow to act?") >> prediction
    prediction >> edge("learned\nfrom") >> label
    offline << edge("scored on") << label
    online << edge("proxy for") << offline
    kpi << edge("proxy for") << online
    goal << edge("does the proxy still\ntrack the goal?", kind="feedback") << kpi

    # In LR, row() stacks nodes in one column: each pair is one column, goal above KPI.
    row(goal, kpi)
    row(decision, online)
    row(prediction, offline)
