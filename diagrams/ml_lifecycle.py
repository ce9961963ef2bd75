"""The ML lifecycle as a loop: the picture behind Parts 1 to 4 of the guide."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Users
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana
from diagrams.programming.language import Python
from house_style import diagram, edge, same_rank

TITLE = "The ML lifecycle loop"
DESCRIPTION = (
    "Six stages in a loop. Problem framing turns a business goal into an ML task, a metric and "
    "constraints. Data collection and labelling produce a labelled data set. Feature engineering "
    "turns it into features. Training and evaluation produce a validated model. Deployment and "
    "serving put the model behind an API or a batch job. Monitoring watches predictions, data "
    "and outcomes, and its findings (drift, errors and new labels) feed back into data "
    "collection, which starts the next pass of retraining."
)

with diagram(direction="TB", nodesep="0.7", ranksep="0.7"):
    framing = Users("Problem framing")
    data = Storage("Data collection\n& labelling", group="data")
    features = Python("Feature\nengineering")
    training = Rack("Training\n& evaluation", group="model")
    serving = Server("Deployment\n& serving", group="model")
    monitoring = Grafana("Monitoring", group="data")

    framing >> edge("ML task, metric") >> data
    data >> edge("labelled data") >> features
    features >> edge("features") >> training
    training >> edge("validated model") >> serving
    # Drawn right to left along the bottom row: the arrow points back at monitoring.
    monitoring << edge("predictions, outcomes") << serving
    monitoring >> edge("drift, new labels:\nretrain", kind="feedback") >> data

    same_rank(framing, data, features, training)
    same_rank(monitoring, serving)
