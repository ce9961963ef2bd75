"""The feedback loop of a recommender, and the three places where it is broken on purpose."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client, Users
from diagrams.onprem.compute import Server
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "The feedback loop of a recommender and where to break it"
DESCRIPTION = (
    "Users send a request to the ranker, which scores candidates and passes its top items to an "
    "exploration policy. The policy randomises a small share of slots and records the probability "
    "with which each item was shown, then the slate is shown to the user, who clicks or skips. "
    "The event log records impressions, positions, propensities and clicks. Training data is "
    "built from that log, so it only contains items the previous model chose to show; the next "
    "model is trained on it, registered, and deployed back to the ranker, which tends to show the "
    "same items again: the loop. Three breaks are marked: the exploration policy; weighting each "
    "example by one over its propensity when the training data is built; and a holdout group of "
    "users served without the model, whose outcomes also flow into the event log and give an "
    "unbiased comparison."
)

with diagram(direction="TB", nodesep="0.8", ranksep="0.7"):
    with cluster("Serving: every request", tone="online"):
        users = Users("Users", group="a")
        ranker = Server("Ranker", group="b")
        explore = box("Exploration:\nrandomise ε% of slots,\nlog propensities", group="c")
        shown = Client("Slate shown:\nclick or skip", group="d")

    holdout = Users("Holdout group:\nno model", group="c")
    log = Kafka("Event log: position,\npropensity, click", group="d")

    with cluster("Learning: daily or streaming", tone="offline"):
        registry = MultipleDocuments("Model registry", group="b")
        training = Rack("Training", group="c")
        dataset = Storage("Training data,\nweight 1/propensity", group="d")

    users >> edge("request") >> ranker >> edge("top items") >> explore >> edge("slate") >> shown
    shown >> edge("impressions,\nclicks", kind="async") >> log
    holdout >> edge("unbiased\noutcomes", kind="async") >> log
    log >> edge("join labels") >> dataset
    training << edge("only what was\nshown before") << dataset
    registry << edge("register") << training
    ranker << edge("deploy: the loop closes", kind="feedback") << registry

    row(users, ranker, explore, shown)
    row(holdout, log)
    row(registry, training, dataset)
    chain(explore, holdout)
    chain(shown, log, dataset)
    chain(ranker, registry)
