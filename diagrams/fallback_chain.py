"""A fallback chain for an online model: what serves the request when each tier fails."""

from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.network import Nginx
from diagrams.programming.flowchart import Action, Decision, StartEnd
from house_style import diagram, edge, row

TITLE = "Fallback chain for an online model"
DESCRIPTION = (
    "A client calls a serving router that enforces a timeout at every hop and reads a kill "
    "switch. Normally the router calls the primary model, which reads fresh features from the "
    "online feature store. If the primary model errors, times out or sees stale features, the "
    "router falls back to the last-known-good model version, kept warm. If that also fails it "
    "serves precomputed scores from a prediction cache; on a cache miss it applies rules or a "
    "popularity ranking; and if those are unavailable it returns a safe default decision. The "
    "kill switch lets an operator skip the models entirely and go straight to the rules tier."
)

with diagram(direction="LR", nodesep="0.6", ranksep="0.9"):
    # Four columns. The request runs left to right along the middle row to the first two
    # tiers; the last three tiers come back right to left along the bottom row.
    client = Client("Client", group="mid")
    kill = Decision("Kill switch\n(feature flag)")
    router = Nginx("Serving router\n(timeouts)", group="mid")
    default = StartEnd("5. Safe default\ndecision", group="low")
    store = Redis("Online\nfeature store")
    primary = Server("1. Primary\nmodel", group="mid")
    rules = Action("4. Rules or\npopularity", group="low")
    previous = Server("2. Last-known-\ngood model", group="mid")
    cache = Redis("3. Cached\npredictions", group="low")

    client >> edge("request") >> router
    kill >> edge("flag state", kind="async") >> router
    router >> edge("try first") >> primary
    store << edge("features") << primary
    primary >> edge("error, timeout,\nstale features") >> previous
    previous >> edge("also failing") >> cache
    rules << edge("cache miss") << cache
    default << edge("unavailable") << rules
    kill >> edge("on: skip the models", kind="feedback") >> rules

    row(kill, router, default)
    row(store, primary, rules)
    row(previous, cache)
