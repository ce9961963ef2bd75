"""Two-region serving of a model with sharded, replicated state and overload protection."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import Users
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.network import Nginx
from house_style import cluster, diagram, edge

TITLE = "Multi-region model serving with sharding, replication and load shedding"
DESCRIPTION = (
    "Users reach a global load balancer that sends each request to the nearest healthy region "
    "and fails over to the other region when one is down. In each region an admission-control "
    "load balancer sheds excess load and spreads requests over stateless model-server replicas. "
    "Each model server reads features from a replicated online feature store and fans out to a "
    "sharded nearest-neighbour index, where every shard has its own replicas. Region A is drawn "
    "in full; region B has the same layout. Feature updates and index snapshots are replicated "
    "from region A to region B asynchronously, so a failover serves slightly staler data rather "
    "than failing."
)

with diagram(direction="LR", nodesep="0.4", ranksep="0.9"):
    users = Users("Users")
    glb = Nginx("Global load\nbalancer (DNS\nor anycast)")

    with cluster("Region A (primary for nearby users)", tone="online"):
        lb_a = Nginx("Admission control\n+ load balancer")
        with cluster("Stateless replicas (N+1)", tone="neutral"):
            servers_a = [Server("Model server 1"), Server("Model server 2")]
        features_a = Redis("Online feature\nstore (replicated)")
        with cluster("Sharded ANN index: shard x replica", tone="neutral"):
            shard_1 = Storage("Shard 1\n(2 replicas)")
            shard_2 = Storage("Shard 2\n(2 replicas)")

    with cluster("Region B (same layout)", tone="online"):
        lb_b = Nginx("Admission control\n+ load balancer")
        servers_b = Server("Model servers")
        state_b = Storage("Feature store and\nindex replicas")

    users >> edge("requests") >> glb >> edge("nearest healthy") >> lb_a
    glb >> edge("failover", kind="async") >> lb_b
    for i, server in enumerate(servers_a):
        lb_a >> edge() >> server
        server >> edge() >> features_a
        server >> edge("fan-out" if i == 0 else "") >> shard_1
        server >> edge() >> shard_2
    lb_b >> edge() >> servers_b >> edge() >> state_b
    features_a >> edge("async replication", kind="async") >> state_b
