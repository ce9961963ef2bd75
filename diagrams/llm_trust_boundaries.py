"""Trust boundaries of a multi-tenant LLM application and where each control sits."""

from diagrams.generic.storage import Storage
from diagrams.onprem.client import User
from diagrams.onprem.compute import Server
from diagrams.onprem.network import Nginx
from diagrams.programming.flowchart import Document, MultipleDocuments
from house_style import box, cluster, diagram, edge

TITLE = "Trust boundaries and controls in a multi-tenant LLM application"
DESCRIPTION = (
    "A user of one tenant sends a request to an LLM gateway that authenticates the user, attaches "
    "the tenant and user identity, and enforces rate limits, token quotas and spending caps. An "
    "orchestrator assembles the prompt. It calls a retriever that filters documents by the "
    "caller's permissions before searching a vector store partitioned by tenant; the retrieved "
    "documents and any tool outputs are untrusted content. The orchestrator sends the prompt to "
    "the model, then passes the model's output through output handling that validates its "
    "schema, encodes it for its destination and checks it for personal data before it reaches "
    "the user or any downstream system. Tools run with the user's own scoped credentials, and "
    "high-impact actions need human approval. Every step writes to an append-only audit log."
)

with diagram(direction="LR", nodesep="0.45", ranksep="0.8"):
    user = User("Tenant user")
    gateway = Nginx("LLM gateway:\nauthN, quotas,\nspend caps")

    with cluster("Application (trusted code)", tone="online"):
        orchestrator = Server("Orchestrator\n(prompt assembly)")
        retriever = Server("Retriever with\npermission filter")
        output = box("Output handling:\nschema, encoding,\nPII checks", tone="online")
        tools = box("Tools with scoped\ncredentials; human\napproval if risky", tone="online")

    with cluster("Untrusted content", tone="neutral"):
        docs = MultipleDocuments("Retrieved\ndocuments")
        store = Storage("Vector store\n(per-tenant\npartitions)")

    model = Server("LLM")
    audit = Document("Append-only\naudit log")

    user >> edge("request") >> gateway >> edge("identity,\ntenant") >> orchestrator
    orchestrator >> edge("query + ACL") >> retriever >> edge() >> store
    docs << edge("chunks") << store
    orchestrator << edge("as data,\nnot instructions") << docs
    orchestrator >> edge("prompt") >> model >> edge("raw output") >> output
    output >> edge("validated\ncalls") >> tools
    orchestrator << edge("tool results\n(untrusted)", kind="async") << tools
    user << edge("safe answer") << output
    for node in (gateway, orchestrator, output, tools):
        node >> edge(kind="async") >> audit
