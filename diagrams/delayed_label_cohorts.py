"""How labels reach a fraud model late, and which signal is available at which delay."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client, Users
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import Delay, Document
from house_style import box, cluster, diagram, edge, same_rank

TITLE = "Delayed labels: what is known after minutes, days and weeks"
DESCRIPTION = (
    "Three layers by delay. Serving, within milliseconds: a payment reaches the fraud model, "
    "which writes its score to the prediction log; a score-distribution monitor reads the log "
    "within minutes, with no labels. Label sources, days to weeks: cardholders report some "
    "frauds within about two days (fast partial labels), and chargebacks arrive over the "
    "following weeks. Both are joined to the logged predictions in a label store. From the label "
    "store, a fast-label monitor tracks the partial labels within days, and the complete labels "
    "wait for the maturity window, 30 days after the prediction, before matured cohorts are used "
    "for evaluation and for retraining. The retrained model is deployed back to the fraud model."
)

with diagram(direction="LR", nodesep="0.45", ranksep="0.7"):
    with cluster("Serving: milliseconds to minutes, no labels", tone="online"):
        payment = Client("Payment")
        model = Server("Fraud model")
        log = Kafka("Prediction log")
        score_monitor = Grafana("Score monitor\n(PSI, minutes)")

    with cluster("Label sources: days to weeks", tone="neutral"):
        reports = Users("Cardholder reports\n(0-2 days)")
        chargebacks = Document("Chargebacks\n(3-60 days)")

    with cluster("Joined, monitored, used once mature", tone="offline"):
        labels = Storage("Label store\n(join on id)")
        fast_monitor = box("Fast-label monitor\n(days, partial)", tone="offline")
        wait = Delay("Maturity window\nD = 30 days")
        evaluation = box("Evaluate matured\ncohorts", tone="offline")
        training = Rack("Retrain on\nmatured labels")

    payment >> edge("score") >> model >> edge("log") >> log
    log >> edge("scores") >> score_monitor
    log >> edge("predictions", kind="async") >> labels
    reports >> edge("fast, partial") >> labels
    chargebacks >> edge("slow") >> labels
    labels >> edge("partial labels") >> fast_monitor
    labels >> edge("complete labels") >> wait
    wait >> edge("matured") >> evaluation
    evaluation >> edge("gates") >> training
    model << edge("deploy", kind="feedback") << training

    same_rank(log, reports, chargebacks)
    same_rank(score_monitor, labels)
    same_rank(fast_monitor, wait)
