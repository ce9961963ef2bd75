"""An ML incident from alert to postmortem, and how the postmortem feeds the alerts back."""

from diagrams.onprem.client import User
from diagrams.onprem.monitoring import Prometheus
from diagrams.programming.flowchart import (
    Action,
    Decision,
    Document,
    Inspection,
    MultipleDocuments,
    PredefinedProcess,
    StoredData,
)
from house_style import diagram, edge, row

TITLE = "ML incident response: alert, triage, mitigate, fix, learn"
DESCRIPTION = (
    "Burn-rate alerts on service-level objectives and ML monitors feed an alert router, which "
    "decides between a page and a ticket. Tickets go to a queue for the next working day. A page "
    "reaches the on-call engineer, who opens the alert's runbook and triages: is it real, what "
    "changed, how big is the impact. The engineer then mitigates first, by rolling back the "
    "model, switching to a fallback or pulling the kill switch, and only afterwards fixes the "
    "root cause and verifies the fix. A blameless postmortem follows, and its action items feed "
    "back into the alert rules and the runbooks."
)

with diagram(direction="LR", nodesep="0.7", ranksep="0.8"):
    # A "U": detection and response run left to right along the top row; recovery and
    # learning come back right to left along the bottom row, under the steps they follow.
    monitors = Prometheus("SLO burn rates\n& ML monitors", group="top")
    router = Decision("Page or\nticket?", group="top")
    oncall = User("On-call\nengineer", group="top")
    triage = Inspection("Triage: real?\nwhat changed?", group="top")
    mitigate = Action("Mitigate: roll\nback, fallback,\nkill switch", group="top")

    tickets = StoredData("Ticket queue\n(next day)", group="bottom")
    runbook = Document("Runbook", group="bottom")
    postmortem = MultipleDocuments("Blameless\npostmortem", group="bottom")
    fix = PredefinedProcess("Fix root cause\n& verify", group="bottom")

    monitors >> edge("alert") >> router
    router >> edge("page") >> oncall
    oncall >> edge("acknowledge") >> triage
    triage >> edge("impact\nconfirmed") >> mitigate
    mitigate >> edge("users safe") >> fix
    postmortem << edge("hours to days") << fix
    router >> edge("ticket", kind="async") >> tickets
    oncall << edge("steps", kind="async") << runbook
    runbook << edge("runbook fixes", kind="feedback") << postmortem
    monitors << edge("new or tuned alerts", kind="feedback") << postmortem

    row(router, tickets)
    row(oncall, runbook)
    row(triage, postmortem)
    row(mitigate, fix)
