"""Serving architecture of the case study "$title" (docs/architectures/$slug.md)."""

from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from house_style import cluster, diagram, edge

TITLE = "FILL IN: what the picture shows, e.g. $title: request path"
DESCRIPTION = (
    "FILL IN: the whole flow in words for screen-reader users: which component sends what "
    "to which, on the online path and the offline path."
)

with diagram(direction="LR"):
    client = Client("Client")
    with cluster("Online path", tone="online"):
        server = Server("FILL IN")
    client >> edge("request") >> server
