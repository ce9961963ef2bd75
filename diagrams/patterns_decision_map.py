"""Part 3 overview: the design decisions in an answer, and the chapter that settles each one."""

from house_style import box, chain, diagram, edge, same_rank

TITLE = "Design decisions mapped to the Part 3 chapters"
DESCRIPTION = (
    "A top-to-bottom chain of questions a design answer has to settle, each pointing to the "
    "chapter that teaches it. First: when must the prediction be computed, before the request, "
    "on it, on an event or on the device? That is serving modes. Second: does the request path "
    "fit its latency budget at peak load, including the tail under fan-out? That is latency and "
    "throughput. If it does not, three levers follow: avoid the work by reusing results "
    "(caching), make each unit of work cheaper (model optimisation), or, for a large language "
    "model, use the inference engine's own techniques (LLM inference). Third: does the model "
    "need knowledge it was not trained on? That is retrieval and RAG. Fourth: how does a change "
    "reach users without breaking them? That is safe rollout and experimentation. Fifth: what "
    "happens beyond one machine and when parts fail? That is distributed systems. Last: what "
    "does it cost, who may see what, and who signs off? That is cost, security and governance."
)

with diagram(direction="TB", nodesep="0.4", ranksep="0.5"):
    q1 = box("When is the prediction computed?\nbefore, on request, on event, on device", group="q")
    c1 = box("Serving modes", tone="online")
    q2 = box("Does the path fit its budget\nat peak, including the tail?", group="q")
    c2 = box("Latency and throughput", tone="online")
    lever_cache = box("Caching\n(skip the work)", tone="offline")
    lever_opt = box("Model optimisation\n(cheaper work)", tone="offline")
    lever_llm = box("LLM inference\n(engine techniques)", tone="offline")
    q3 = box("Does the model need knowledge\nit was not trained on?", group="q")
    c3 = box("Retrieval and RAG", tone="online")
    q4 = box("How does a change reach\nusers without breaking them?", group="q")
    c4 = box("Safe rollout and\nexperimentation", tone="online")
    q5 = box("What happens beyond one\nmachine, and when parts fail?", group="q")
    c5 = box("Distributed systems", tone="online")
    q6 = box("What does it cost, who may see\nwhat, who signs off?", group="q")
    c6 = box("Cost, security\nand governance", tone="online")

    q1 >> edge("settled by", kind="async") >> c1
    q1 >> edge() >> q2
    q2 >> edge("settled by", kind="async") >> c2
    c2 >> edge("over budget") >> lever_cache
    c2 >> edge("over budget") >> lever_opt
    c2 >> edge("an LLM") >> lever_llm
    q2 >> edge() >> q3
    q3 >> edge("settled by", kind="async") >> c3
    q3 >> edge() >> q4
    q4 >> edge("settled by", kind="async") >> c4
    q4 >> edge() >> q5
    q5 >> edge("settled by", kind="async") >> c5
    q5 >> edge() >> q6
    q6 >> edge("settled by", kind="async") >> c6

    chain(q1, q2, q3, q4, q5, q6)
    for question, chapter in [(q1, c1), (q2, c2), (q4, c4), (q5, c5), (q6, c6)]:
        same_rank(question, chapter)
    same_rank(q3, c3, lever_cache, lever_opt, lever_llm)
