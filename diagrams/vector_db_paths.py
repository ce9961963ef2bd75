"""A vector database: the write path that embeds and indexes documents, and the query path
that fans out over shards, filters, merges and re-ranks."""

from diagrams.generic.database import SQL
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.queue import Kafka
from house_style import box, chain, cluster, diagram, edge, row

TITLE = "Vector database: write path and query path"
DESCRIPTION = (
    "Write path: source documents pass through an embedding service that runs one pinned "
    "model version; the vectors and their metadata go to a write log. New vectors land in a "
    "small, mutable fresh segment that is searched by brute force or a small graph, and a "
    "background compaction merges fresh segments into large sealed index segments (HNSW, IVF-PQ "
    "or disk-based graph) on each shard. Query path: a client's query is embedded by the same "
    "model version, a router sends it with its metadata filter to every shard (each shard has "
    "replicas), each shard searches its sealed and fresh segments and returns its top k, the "
    "router merges the results, and a re-ranker rescores the merged candidates with full "
    "vectors or a cross-encoder before returning them."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.7"):
    with cluster("Write path: seconds to hours", tone="offline"):
        docs = Storage("Source\ndocuments")
        embed = Server("Embedding\nservice (v2)")
        log = Kafka("Write log")
        fresh = box("Fresh segment\n(small, mutable)", tone="offline")

    with cluster("Shards, each replicated", tone="neutral"):
        meta = SQL("Metadata\n& filters")
        shard_a = box("Shard 1:\nsealed segments\n+ fresh segment", tone="neutral")
        shard_b = box("Shard 2 ... N:\nsealed segments\n+ fresh segment", tone="neutral")

    with cluster("Query path: milliseconds", tone="online"):
        client = Client("Client")
        qenc = Server("Query encoder\n(same v2)")
        router = box("Router:\nfan out, merge\ntop k per shard", tone="online")
        rerank = box("Re-rank with\nfull vectors,\nreturn top k", tone="online")

    docs >> edge("chunks") >> embed >> edge("vector +\nmetadata") >> log >> edge("append") >> fresh
    fresh >> edge("compact", kind="async") >> shard_a
    fresh >> edge("compact", kind="async") >> shard_b
    meta << edge("allowed ids") << shard_a

    client >> edge("query") >> qenc >> edge("vector\n+ filter") >> router
    shard_a << edge("search") << router
    shard_b << edge("search") << router
    router >> edge("candidates") >> rerank

    row(docs, embed, log, fresh)
    row(meta, shard_a, shard_b)
    row(client, qenc, router, rerank)
    chain(embed, meta, qenc)
