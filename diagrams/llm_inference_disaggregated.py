"""LLM serving with an SLO-aware router, separate prefill and decode pools and a prefix cache."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.network import Nginx
from house_style import cluster, diagram, edge, same_rank

TITLE = "Disaggregated LLM serving: router, prefill pool, KV transfer and decode pool"
DESCRIPTION = (
    "A client sends a prompt to a router. The router picks a prefill replica, preferring one "
    "whose prefix cache already holds the prompt's prefix (system prompt or earlier turns), and "
    "admits the request only if the time-to-first-token objective can be met. The prefill pool "
    "runs the whole prompt in one compute-bound forward pass, reading and writing paged KV "
    "blocks in its prefix cache, and produces the first token. The KV cache of the request is "
    "transferred over NVLink or the network to a decode replica. The decode pool runs "
    "continuous batching: every step it generates one token for each sequence in the batch, a "
    "memory-bandwidth-bound pass, and streams tokens back to the client through the router. "
    "Finished or cancelled sequences free their KV blocks at once."
)

with diagram(direction="LR", nodesep="0.6", ranksep="0.9"):
    client = Client("Client\n(streaming)")
    router = Nginx("Router: prefix\naffinity, admission")

    with cluster("Prefill pool: compute-bound, sets TTFT", tone="online"):
        prefill = Server("Prefill replicas\n(whole prompt)")
        prefix_cache = Storage("Prefix cache\n(paged KV blocks)")

    with cluster("Decode pool: bandwidth-bound, sets TPOT", tone="offline"):
        decode = Server("Decode replicas\n(continuous batch)")
        kv = Storage("KV cache\n(paged blocks)")

    client >> edge("prompt") >> router >> edge("route") >> prefill
    prefill >> edge("reuse / insert") >> prefix_cache
    prefill >> edge("KV transfer\n+ first token") >> decode
    decode >> edge("one token per\nstep per sequence") >> kv
    router << edge("token stream", kind="async") << decode
    client << edge("SSE tokens", kind="async") << router

    same_rank(prefill, prefix_cache)
    same_rank(decode, kv)
