"""One LLM request as a trace: guardrails around a chain of spans, with async evaluators."""

from diagrams.generic.compute import Rack
from diagrams.generic.network import Firewall
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.tracing import Jaeger
from diagrams.programming.flowchart import PredefinedProcess
from house_style import chain, cluster, diagram, edge, row

TITLE = "An LLM request traced span by span, with guardrails and evaluators attached"
DESCRIPTION = (
    "Request path: a client sends a message to input guardrails (PII and prompt-injection "
    "checks), which pass it to the orchestrator, the root span of the trace. The orchestrator "
    "calls a retriever (a retrieval span) that queries a vector index, calls the LLM (a chat "
    "span that records the model version and input and output tokens) and calls a tool (an "
    "execute_tool span). The draft answer goes through output guardrails before it returns to "
    "the client. Observability path: every step exports its span asynchronously (OTLP) to a "
    "trace store. Sampled traces feed online evaluators, such as an "
    "LLM judge and a faithfulness check, which write their scores back onto the trace as "
    "evaluation events. Dashboards and alerts read cost, latency, guardrail and quality metrics "
    "from the trace store."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.55"):
    # Five columns (a to e): the request path in two rows, the observability path under it.
    with cluster("Request path: one trace per request, synchronous", tone="online"):
        client = Client("Client", group="a")
        input_guard = Firewall("Input guardrails\nPII, injection", group="b")
        orchestrator = Server("Orchestrator\n(root span)", group="c")
        retriever = PredefinedProcess("Retriever\n(retrieval span)", group="d")
        index = Storage("Vector index", group="e")
        output_guard = Firewall("Output guardrails\npolicy, PII, format", group="b")
        tool = PredefinedProcess("Tool call\n(execute_tool span)", group="c")
        llm = Server("LLM call (chat span:\nmodel, tokens)", group="d")

    with cluster("Observability path: asynchronous, sampled", tone="offline"):
        dashboards = Grafana("Dashboards\n& alerts", group="c")
        store = Jaeger("Trace store", group="d")
        evaluators = Rack("Online evaluators\njudge, faithfulness", group="e")

    client >> edge("message") >> input_guard >> edge("allowed") >> orchestrator
    orchestrator >> edge("query") >> retriever >> edge("top-k") >> index
    orchestrator >> edge("arguments") >> tool
    orchestrator >> edge("prompt") >> llm
    output_guard << edge("draft answer") << orchestrator
    client << edge("answer") << output_guard

    orchestrator >> edge("spans (OTLP)", kind="async") >> store
    dashboards << edge("metrics", kind="async") << store
    store >> edge("sampled traces", kind="async") >> evaluators
    store << edge("scores as events", kind="feedback") << evaluators

    row(client, input_guard, orchestrator, retriever, index)
    row(output_guard, tool, llm)
    row(dashboards, store, evaluators)
    chain(input_guard, output_guard)
    chain(orchestrator, tool, dashboards)
    chain(retriever, llm, store)
    chain(index, evaluators)
