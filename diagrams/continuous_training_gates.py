"""A continuous-training pipeline: triggers, training, the gates before promotion, rollback."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana
from diagrams.programming.flowchart import Decision, MultipleDocuments
from house_style import box, cluster, diagram, edge, same_rank

TITLE = "Continuous training with validation gates, champion/challenger and rollback"
DESCRIPTION = (
    "Three kinds of trigger start the training pipeline: a schedule, a drift or performance "
    "alarm from monitoring, and a volume of newly matured labels. The pipeline extracts a "
    "training window of matured data from the offline store and passes a data gate (schema, "
    "volume, label rate, feature distributions); a failure stops the run and alerts. It trains "
    "a challenger and passes an evaluation gate: the challenger must match or beat the current "
    "champion on the same held-out data, overall and on every important slice. A passing model "
    "is registered in the model registry, then served in shadow or as a small canary next to the "
    "champion; the canary gate compares live guardrail metrics. Only then is it promoted to "
    "production. Monitoring watches production and feeds the triggers; if the new champion "
    "misbehaves, the registry rolls back to the previous model."
)

with diagram(direction="LR", nodesep="0.5", ranksep="0.55"):
    with cluster("Triggers", tone="neutral"):
        schedule = box("Schedule\n(every k days)")
        alarm = box("Drift or\nperformance alarm")
        volume = box("New matured\nlabels (volume)")

    with cluster("Training pipeline (offline)", tone="offline"):
        store = Storage("Offline store\n(matured window)")
        data_gate = Decision("Data gate")
        train = Rack("Train\nchallenger")
        eval_gate = Decision("Evaluation gate\nvs champion,\nper slice")
        registry = MultipleDocuments("Model registry")

    with cluster("Serving (online)", tone="online"):
        canary = Server("Shadow or\ncanary")
        canary_gate = Decision("Canary gate")
        production = Server("Champion\n(production)")
        monitoring = Grafana("Monitoring")

    stop = box("Stop, alert,\nkeep champion")

    for trigger in (schedule, alarm, volume):
        trigger >> edge() >> store
    store >> edge("extract") >> data_gate >> edge("pass") >> train
    train >> edge() >> eval_gate >> edge("pass") >> registry
    registry >> edge("deploy") >> canary >> edge() >> canary_gate
    canary_gate >> edge("promote") >> production >> edge("metrics") >> monitoring
    data_gate >> edge("fail", kind="async") >> stop
    eval_gate >> edge("fail", kind="async") >> stop
    canary_gate >> edge("fail", kind="async") >> stop
    alarm << edge("alarms", kind="feedback") << monitoring
    production << edge("rollback", kind="feedback") << registry

    same_rank(schedule, alarm, volume)
    same_rank(registry, canary)
