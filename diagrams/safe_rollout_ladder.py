"""The ladder of exposure for a new model: shadow, canary, A/B test, full rollout, rollback."""

from diagrams.onprem.client import Users
from diagrams.onprem.compute import Server
from diagrams.onprem.network import Nginx
from diagrams.programming.flowchart import Decision, MultipleDocuments
from house_style import box, cluster, diagram, edge, row

TITLE = "Safe rollout of a model: shadow, canary, A/B test, full rollout and rollback"
DESCRIPTION = (
    "Live traffic reaches a traffic router that reads experiment assignments and feature flags. "
    "The router sends most requests to the current model, kept warm as the blue version. A "
    "candidate from the model registry moves through three stages. In shadow, the router mirrors "
    "a copy of requests to it asynchronously; its outputs are logged and never shown, and a gate "
    "checks parity, latency and score distribution. As a canary it serves 1% and then 5% of "
    "traffic, and automated canary analysis compares its errors, latency and score shift with a "
    "control group of the same size. In an A/B test it serves a randomised half of users, and a "
    "gate checks sample-ratio mismatch, guardrail metrics and the primary metric. Passing all "
    "three gates leads to full rollout. Any failing gate sends all traffic back to the blue "
    "version, which takes seconds because it never stopped running."
)

with diagram(direction="LR", nodesep="0.45", ranksep="0.7"):
    users = Users("Live traffic")
    router = Nginx("Traffic router\n(assignment,\nflags)")
    blue = Server("Current model\n(blue, warm)")
    registry = MultipleDocuments("Model registry\n(candidate)")

    with cluster("1. Shadow: 0% user exposure", tone="neutral"):
        shadow = Server("Candidate\n(mirrored copy)")
        shadow_gate = Decision("Parity, latency,\nscore shift")
    with cluster("2. Canary: 1% then 5%", tone="online"):
        canary = Server("Candidate\nvs equal control")
        canary_gate = Decision("Canary\nanalysis")
    with cluster("3. A/B test: 50% of users", tone="online"):
        treatment = Server("Treatment\narm")
        ab_gate = Decision("SRM, guardrails,\nprimary metric")

    full = box("Full rollout\n(candidate\nbecomes blue)", tone="offline")

    users >> edge("requests") >> router >> edge("most traffic") >> blue
    registry >> edge("deploy") >> shadow
    router >> edge("mirror", kind="async") >> shadow
    shadow >> edge("logged only", kind="async") >> shadow_gate
    shadow_gate >> edge("pass") >> canary >> edge() >> canary_gate
    canary_gate >> edge("pass") >> treatment >> edge() >> ab_gate
    ab_gate >> edge("ship") >> full
    for gate in (shadow_gate, canary_gate, ab_gate):
        blue << edge("fail: roll back", kind="feedback") << gate

    row(users, router, blue)
