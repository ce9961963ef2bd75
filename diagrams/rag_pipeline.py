"""A production RAG pipeline: offline indexing with permissions, online hybrid retrieval."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import User
from diagrams.onprem.compute import Server
from diagrams.onprem.queue import Kafka
from house_style import box, cluster, diagram, edge, row

TITLE = "Retrieval-augmented generation: indexing path and query path"
DESCRIPTION = (
    "Offline indexing path: document sources publish changes to a change log. An ingestion job "
    "parses each document, splits it into chunks with its title and section, copies the "
    "document's access-control list onto every chunk, and embeds the chunks. It writes them "
    "to a lexical (BM25) index and a vector index; deletions and permission changes flow "
    "through the same log. Online query path: the user's question goes to a query rewriter, "
    "which turns it into a standalone query with filters. Hybrid retrieval runs the BM25 and "
    "vector searches in parallel, each filtered by the user's permissions, and fuses the two "
    "ranked lists with reciprocal rank fusion. A cross-encoder re-ranks the top candidates, a "
    "context assembler packs the best chunks with their source identifiers into the prompt, "
    "and the LLM answers with citations, which are checked against the supplied chunks before "
    "the answer returns to the user."
)

with diagram(direction="TB", nodesep="0.45", ranksep="0.8"):
    with cluster("Query path (online, per request)", tone="online"):
        user = User("User\n(with identity)")
        rewrite = box("Query rewrite\n+ filters")
        hybrid = box("Hybrid retrieval\nBM25 + vector\nACL-filtered, RRF")
        rerank = box("Cross-encoder\nre-rank top 50")
        assemble = box("Context assembly\nbudget, order, ids")
        llm = Server("LLM answer\n+ citation check")

    with cluster("Indexing path (offline, incremental)", tone="offline"):
        log = Kafka("Change log\n(docs, ACLs, deletes)")
        ingest = box("Parse, chunk,\nattach ACLs, embed")
        lexical = Storage("BM25 index")
        vectors = Storage("Vector index")

    user >> edge("question") >> rewrite >> edge() >> hybrid >> edge("fused top 50") >> rerank
    rerank >> edge("top 8") >> assemble >> edge("prompt") >> llm
    user << edge("answer + sources", kind="async") << llm
    log >> edge() >> ingest
    lexical << edge("chunks") << ingest
    vectors << edge("vectors") << ingest
    hybrid << edge("search") << lexical
    hybrid << edge("search") << vectors

    row(user, rewrite, hybrid, rerank, assemble, llm)
    row(lexical, vectors)
    row(log, ingest)
