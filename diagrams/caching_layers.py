"""Where caches sit on an ML request path, from the client to the GPU."""

from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.network import Nginx
from diagrams.onprem.queue import Kafka
from house_style import cluster, diagram, edge

TITLE = "Caches along an ML request path"
DESCRIPTION = (
    "A client sends a request to a gateway. The gateway first checks a prediction cache keyed "
    "on the model version and the exact input; a hit returns at once. For LLM requests it then "
    "checks a semantic cache, which embeds the prompt and returns a stored answer if a past "
    "prompt is similar enough, scoped to the same tenant. On a miss the request reaches the "
    "model server, which reads features through an in-process feature cache backed by the "
    "online feature store, and reads item or query embeddings through an embedding cache keyed "
    "on the embedding model version. LLM requests go to the inference engine, whose prefix "
    "cache keeps the attention key-value blocks of shared prompt prefixes in GPU memory so they "
    "are not recomputed. A change-event stream invalidates the prediction, feature and "
    "embedding caches when the underlying data or model version changes."
)

with diagram(direction="LR", nodesep="0.5", ranksep="0.75"):
    client = Client("Client")
    gateway = Nginx("Gateway")
    with cluster("Result caches (skip the model)", tone="online"):
        prediction = Redis("Prediction cache\n(model v, input)")
        semantic = Redis("Semantic cache\n(tenant, embedding)")
    with cluster("Input caches (skip lookups)", tone="online"):
        server = Server("Model server")
        feature = Redis("Feature cache\n(in-process, TTL)")
        embedding = Redis("Embedding cache\n(encoder v, key)")
    with cluster("Compute cache (skip prefill)", tone="online"):
        engine = Server("LLM engine\nprefix KV cache")
    changes = Kafka("Change events")

    client >> edge("request") >> gateway
    gateway >> edge("1. exact hit?") >> prediction
    gateway >> edge("2. similar\nprompt?") >> semantic
    gateway >> edge("miss") >> server
    server >> edge() >> feature
    server >> edge() >> embedding
    gateway >> edge("LLM miss") >> engine
    changes >> edge("invalidate", kind="async") >> prediction
    changes >> edge("invalidate", kind="async") >> feature
    changes >> edge("invalidate", kind="async") >> embedding
