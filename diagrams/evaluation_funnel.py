"""The evaluation funnel: cheap offline checks first, then ever more expensive online ones."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Users
from diagrams.onprem.compute import Server
from house_style import box, cluster, diagram, edge, row

TITLE = "The evaluation funnel from offline metrics to an online A/B test"
DESCRIPTION = (
    "A candidate model passes through five stages, each slower and more expensive than the last "
    "but closer to the truth. Offline, time-split logged data feeds a backtest that reports "
    "metrics overall and by slice; logged data with propensities also feeds a counterfactual "
    "replay that estimates how the new policy would have done. A launch gate compares both with "
    "the baseline. Online, the model first runs in shadow mode on mirrored traffic, where its "
    "predictions, latency and feature values are compared with the production model without "
    "affecting users; then a canary serves a small share of users behind guardrail metrics; "
    "then an A/B test measures the effect on the business metric. The A/B results feed back "
    "into the offline stage, so the team learns which offline metrics predict online wins."
)

with diagram(direction="LR", nodesep="0.8", ranksep="0.9"):
    # Offline along the top, left to right; online along the bottom, right to left; the
    # feedback arrow closes the loop on the left. In LR the cluster defined first sits lower,
    # so the online cluster is defined first, and row() lists a column from the bottom up.
    with cluster("Online: days to weeks, real users, causal", tone="online"):
        ab_test = Users("A/B test:\nbusiness metric")
        canary = Server("Canary:\n1-5% of users")
        shadow = Server("Shadow:\nmirrored traffic")

    with cluster("Offline: minutes to hours, no user risk, biased by logging", tone="offline"):
        data = Storage("Time-split\nlogged data")
        replay = box("Counterfactual\nreplay (IPS)")
        backtest = Rack("Backtest:\nmetrics by slice")
        gate = box("Launch gate:\nbeats baseline?")

    data >> edge("train / test\nby time") >> backtest >> edge("slices,\ncalibration") >> gate
    data >> edge("propensities") >> replay >> edge("policy value") >> gate
    shadow << edge("pass") << gate
    ab_test << edge("guardrails OK") << canary << edge("skew, latency OK") << shadow
    ab_test >> edge(kind="feedback", xlabel="which offline metric\npredicted the win?") >> data

    row(ab_test, data)
    row(canary, backtest, replay)
    row(shadow, gate)
