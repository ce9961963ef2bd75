"""Real-time payment fraud scoring: the authorisation path, streaming features and fallbacks."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.network import Nginx
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import Action, Decision
from house_style import chain, cluster, diagram, edge, row

TITLE = "Real-time payment fraud scoring"
DESCRIPTION = (
    "Online path, inside a 100 millisecond budget: a merchant checkout sends an authorisation "
    "request to the payment API, which calls the risk decision service. The decision service "
    "reads velocity and profile features for the card, device and merchant from the online "
    "feature store with a 10 millisecond timeout, runs the rules engine, and calls the model "
    "server with a 25 millisecond timeout. A cost-based policy turns the fraud probability and "
    "the amount into approve, step-up authentication or decline, and the answer returns to the "
    "payment API. If the feature store or the model times out, the decision service falls back "
    "to the rules-only path with conservative thresholds. Streaming path: every request and "
    "decision is written to the event log; a stream processor keeps sliding-window counts and "
    "sums per card, device and merchant and writes them to the online feature store within "
    "seconds. The event log also lands in the data lake for training, and feeds monitoring of "
    "approval rate, score distribution, latency and fallback rate."
)

with diagram(direction="TB", nodesep="0.7", ranksep="0.7"):
    with cluster("Authorisation path: p99 under 100 ms", tone="online"):
        checkout = Client("Merchant\ncheckout", group="top")
        api = Nginx("Payment API", group="top")
        decision = Server("Risk decision\nservice", group="mid")
        policy = Decision("Cost policy:\napprove / step-up\n/ decline", group="top")
        store = Redis("Online\nfeature store", group="mid")
        model = Server("Model server\n(GBDT)")
        rules = Action("Rules engine\n(+ rules-only\nfallback)")

    with cluster("Streaming and offline: seconds to days", tone="offline"):
        log = Kafka("Event log\n(requests,\ndecisions)", group="mid")
        stream = Server("Stream processor\n(sliding windows)")
        lake = Storage("Data lake\n(training data)")
        monitoring = Grafana("Monitoring")

    checkout >> edge("authorise") >> api >> edge("score") >> decision
    decision >> edge("p, amount") >> policy
    api << edge("decision", kind="feedback") << policy
    decision >> edge("features\n(10 ms timeout)") >> store
    decision >> edge("score\n(25 ms timeout)") >> model
    decision >> edge("rules") >> rules
    decision >> edge("log request,\nfeatures, decision", kind="async") >> log
    log >> edge("events") >> stream
    store << edge("window counts\nand sums", kind="async") << stream
    log >> edge("sink", kind="async") >> lake
    log >> edge("metrics") >> monitoring

    row(checkout, api, decision, policy)
    row(model, store, rules)
    row(stream, log, lake, monitoring)
    chain(decision, store)
    chain(store, log)
