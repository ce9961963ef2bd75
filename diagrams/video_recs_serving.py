"""Serving path of the video home feed designed in the video recommendations case study."""

from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.network import Nginx
from diagrams.onprem.queue import Kafka
from house_style import box, cluster, diagram, edge, row, same_rank

TITLE = "Video home feed: the serving funnel, its stores and its logs"
DESCRIPTION = (
    "The app asks the API gateway for a home feed. The feed service orchestrates one request "
    "with a p99 budget of 250 milliseconds. It reads the user's context (recent watches, "
    "searches, the seen set) from the online feature store, runs the user tower, and queries "
    "five candidate sources in parallel, each with its own timeout: the two-tower "
    "approximate nearest-neighbour index, sharded across machines; subscriptions; videos related "
    "to recent watches; trending and fresh uploads; and an exploration pool. The union, about "
    "2,000 videos, is deduplicated and filtered for seen, blocked and policy-violating videos, "
    "then a light pre-ranker keeps about 500. The multi-task ranker on GPU servers scores the "
    "500, reading video features from an in-process cache backed by the feature store, and a "
    "re-ranker combines the heads into one value score and applies diversity, freshness and "
    "policy rules to return about 30 videos, hydrated with titles and thumbnails. The feed "
    "service writes an impression record with the logged features, positions and model "
    "versions to the impression log off the request path, and the app sends watch events to "
    "the same log, which feeds monitoring and the training pipelines. If the funnel fails, the "
    "feed service serves a precomputed fallback feed from a cache."
)

with diagram(direction="LR", nodesep="0.45", ranksep="0.55"):
    app = Client("Mobile / TV /\nweb app")
    gateway = Nginx("API gateway")

    with cluster("Request path: p99 ≤ 250 ms per feed request", tone="online"):
        feed = Server("Feed service\n(orchestrator)")
        features = Redis("Online feature\nstore")
        user_tower = box("User tower\n(recent watches,\nsearches, context)", tone="online")

        with cluster("Candidate sources in parallel (~40 ms, each with a timeout)"):
            ann = Server("Two-tower ANN\nindex (sharded)")
            subs = box("Subscriptions", tone="online")
            related = box("Related to\nrecent watches", tone="online")
            trending = box("Trending +\nfresh uploads", tone="online")
            explore = box("Exploration\npool", tone="online")

        merge = box("Merge, dedupe,\nfilter: seen,\nblocked, policy\n~2,000", tone="online")
        prerank = box("Pre-rank\n2,000 → 500\n(CPU)", tone="online")
        ranker = Server("Multi-task ranker\n500 videos (GPU)")
        rerank = box("Value score,\nre-rank: diversity,\nfreshness, policy\n→ ~30", tone="online")

    with cluster("Off the request path", tone="neutral"):
        log = Kafka("Impression +\nwatch log")
        monitoring = Grafana("Monitoring")
        fallback = Redis("Fallback feed\ncache")

    app >> edge("home feed") >> gateway >> feed
    feed >> edge("user context") >> features
    feed >> user_tower
    user_tower >> edge("user vector") >> ann
    for source in (subs, related, trending, explore):
        user_tower >> source
    for source in (ann, subs, related, trending, explore):
        source >> merge
    merge >> prerank >> ranker >> rerank
    ranker << edge("video features\n(cached)", kind="async") << features
    feed << edge("~30 videos") << rerank

    feed >> edge("impressions, features,\npositions, versions", kind="async") >> log
    app >> edge("watch events", kind="async") >> log
    log >> edge("metrics") >> monitoring
    feed << edge("on failure", kind="feedback") << fallback

    row(explore, trending, related, subs, ann)
    same_rank(feed, fallback)
    same_rank(merge, log)
    same_rank(ranker, features)
    same_rank(rerank, monitoring)
