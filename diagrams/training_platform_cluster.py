"""A shared GPU training platform: quota admission, gang scheduling, checkpoints and restarts."""

from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Users
from diagrams.onprem.monitoring import Grafana
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, cluster, diagram, edge, row, same_rank

TITLE = "A shared GPU training platform"
DESCRIPTION = (
    "Teams submit training jobs to per-team queues. A quota and admission layer admits a job "
    "only when its team's guaranteed quota, or capacity borrowed from idle quota, can hold all "
    "of its GPUs at once. A gang scheduler then places every worker of the job together, "
    "preferring GPUs in the same NVLink node and the same network switch, on one of two pools: "
    "reserved on-demand nodes or cheaper spot and preemptible nodes. Running jobs read training "
    "data from the data store, write checkpoints asynchronously to the checkpoint store and log "
    "metrics to the experiment tracker. Health monitoring watches the nodes; when a node fails or "
    "a spot node receives a preemption notice, the job is stopped, the bad node is drained, and "
    "the scheduler requeues the job, which resumes from its last checkpoint."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.55"):
    teams = Users("Teams submit\njobs")

    with cluster("Control plane", tone="neutral"):
        admission = box("Queues, quotas\n& admission\n(all GPUs or none)")
        scheduler = box("Gang scheduler\n(topology-aware\nplacement)")

    with cluster("GPU pools", tone="offline"):
        reserved = Rack("Reserved nodes\n8 GPUs, NVLink")
        spot = Rack("Spot / preemptible\nnodes")

    with cluster("Shared services", tone="online"):
        data = Storage("Training data")
        checkpoints = Storage("Checkpoint store")
        tracker = MultipleDocuments("Experiment\ntracker")
        health = Grafana("Node health\nmonitoring")

    teams >> edge("job spec") >> admission >> edge("admitted") >> scheduler
    scheduler >> edge("place gang") >> reserved
    scheduler >> edge("place gang") >> spot
    reserved >> edge("read shards") >> data
    reserved >> edge("async save", kind="async") >> checkpoints
    spot >> edge("metrics", kind="async") >> tracker
    spot >> edge("heartbeats", kind="async") >> health
    scheduler << edge("failure or preemption:\ndrain node, requeue", kind="feedback") << health
    checkpoints >> edge("resume", kind="feedback") >> scheduler

    row(admission, scheduler)
    row(reserved, spot)
    same_rank(data, checkpoints, tracker, health)
