"""The label timeline of a churn model: observation window, prediction time, outcome window."""

from diagrams.programming.flowchart import Action, Delay, InputOutput, StartEnd
from house_style import cluster, diagram, edge

TITLE = "Label timeline: observation window, prediction time, outcome window"
DESCRIPTION = (
    "A timeline read left to right for one scored subscriber. Known at prediction time: the "
    "observation window, 3 December 2024 to 09:00 on 3 March 2025, supplies the features, "
    "using only data recorded before the prediction time, Monday 3 March 2025 at 09:00, when "
    "the model scores the subscriber and the offer decision is made. Known only later: the "
    "outcome window, 3 March to 1 April 2025, decides the label (did the subscriber cancel), "
    "then a settlement lag of three days for late cancellations and refunds. The label is "
    "final on 5 April 2025, the earliest day this row can be used for training or evaluation."
)

with diagram(direction="LR", nodesep="0.4", ranksep="0.35"):
    with cluster("Known at prediction time", tone="online"):
        observation = InputOutput("Observation window\n3 Dec to 3 Mar 09:00")
        prediction = Action("Prediction time\nMon 3 Mar 09:00")
    with cluster("Known only later", tone="offline"):
        outcome = Delay("Outcome window\n3 Mar to 1 Apr")
        lag = Delay("Settlement lag\n2 to 4 Apr")
        final = StartEnd("Label final\n5 Apr")

    observation >> edge("features") >> prediction
    prediction >> edge("decide,\nlog") >> outcome
    outcome >> edge("cancelled?") >> lag
    lag >> edge("settled") >> final
