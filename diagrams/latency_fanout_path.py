"""A request path with a latency budget: shard fan-out, a hedged request, a batched ranker."""

from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.network import Nginx
from diagrams.programming.flowchart import Action, Decision
from house_style import chain, cluster, diagram, edge, row

TITLE = "Where the latency budget goes on a fan-out request"
DESCRIPTION = (
    "A client request enters an API gateway that sets a 200 ms deadline. The gateway calls an "
    "aggregator, which has 60 ms to fan out to retrieval shards 1 to N in parallel and must wait "
    "for the slowest; if a shard has not answered by its 95th-percentile latency, the "
    "aggregator sends a hedged copy of that request to a replica of the shard and takes "
    "whichever answer comes first. The aggregator then sends the merged candidates to the "
    "ranking service, which has 80 ms: requests wait in a queue where a dynamic batcher groups "
    "them, up to a maximum batch size or a maximum queueing delay, before a GPU model instance "
    "scores the batch. An autoscaler watches queue depth and in-flight requests and adds or "
    "removes ranker replicas. The rest of the budget covers network hops and serialisation."
)

with diagram(direction="TB", nodesep="0.35", ranksep="0.6"):
    client = Client("Client")
    gateway = Nginx("API gateway\ndeadline 200 ms")
    with cluster("Retrieval fan-out: 60 ms, wait for the slowest", tone="online"):
        aggregator = Server("Aggregator")
        shard1 = Server("Shard 1")
        shard2 = Server("Shard 2")
        shardn = Server("Shard N")
        replica = Server("Shard 2\nreplica")
    with cluster("Ranking: 80 ms", tone="online"):
        batcher = Action("Queue and\ndynamic batcher")
        gpu = Server("GPU model\ninstances")
    autoscaler = Decision("Autoscaler\n(queue depth)")

    client >> edge("request") >> gateway >> edge("call with\ndeadline") >> aggregator
    aggregator >> edge() >> shard1
    aggregator >> edge() >> shard2
    aggregator >> edge() >> shardn
    aggregator >> edge("hedge after p95", kind="async") >> replica
    aggregator >> edge("candidates") >> batcher
    batcher >> edge("batch ≤ max size\nor max delay") >> gpu
    batcher >> edge("queue depth", kind="async") >> autoscaler
    autoscaler >> edge("add or remove\nreplicas", kind="feedback") >> gpu
    row(shard1, shard2, replica, shardn)
    row(client, gateway)
    chain(shard2, batcher)
