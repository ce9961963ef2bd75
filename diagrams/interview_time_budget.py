"""The phases of a design round and how many minutes each gets in a 45- and a 60-minute slot."""

from house_style import box, chain, cluster, diagram, edge, row

TITLE = "A design round as a flow of timed phases"
DESCRIPTION = (
    "Eight phases in three rows, read left to right and top to bottom; each phase shows its "
    "minutes in a 45-minute slot and in a 60-minute slot, and what it leaves on the board. "
    "Frame it: opening (2 and 3 minutes, the prompt restated and a plan), clarify and frame "
    "(4 and 6, goal, decision and scope), requirements and napkin math (6 and 8, numbers on "
    "the board). Design it: ML framing, data and features (8 and 10, task, label and "
    "signals), models and evaluation (8 and 10, a baseline and metrics), serving architecture "
    "and deep dive (9 and 12, a diagram and one part in depth). Close it: monitoring, "
    "trade-offs and failure modes (5 and 6, risks and fallbacks), wrap-up and your questions "
    "(3 and 5, summary and next steps). A dashed arrow from the deep dive back to the models "
    "shows that the interviewer may redirect you at any point, and the budget bends to follow."
)


def phase(name: str, minutes: str, output: str, tone: str = "neutral", group: str = ""):
    """A phase box: its name, minutes in the 45- and 60-minute slots, what it leaves behind."""
    extra = {"group": group} if group else {}
    return box(f"{name}\n{minutes}\n→ {output}", tone=tone, width="2.5", **extra)


with diagram(direction="TB", nodesep="0.4", ranksep="0.5"):
    with cluster("Frame it: the first 12 of 45 minutes", tone="neutral"):
        opening = phase("Opening", "2 min · 3 min", "prompt restated, plan", group="left")
        clarify = phase("Clarify and frame", "4 min · 6 min", "goal, decision, scope")
        reqs = phase("Requirements, napkin math", "6 min · 8 min", "numbers on the board")
    with cluster("Design it: about 25 minutes", tone="online"):
        ml = phase(
            "ML framing, data, features", "8 min · 10 min", "task, label, signals", "online", "left"
        )
        models = phase("Models and evaluation", "8 min · 10 min", "baseline, metrics", "online")
        serving = phase(
            "Serving and deep dive", "9 min · 12 min", "diagram, one part deep", "online"
        )
    with cluster("Close it: the last 8 minutes", tone="offline"):
        ops = phase(
            "Monitoring, trade-offs", "5 min · 6 min", "risks, fallbacks", "offline", "left"
        )
        wrap = phase("Wrap-up, questions", "3 min · 5 min", "summary, next steps", "offline")
        key = box("Minutes shown as\n45-minute slot · 60-minute slot", width="2.5")

    # In TB, row() puts each group's phases side by side, in reading order.
    row(opening, clarify, reqs)
    row(ml, models, serving)
    row(ops, wrap, key)

    opening >> edge() >> clarify >> edge() >> reqs
    # The rows stack in a column on the left; the arrows that wrap to the next row do not pull
    # the rows sideways (constraint="false").
    chain(opening, ml, ops)
    reqs >> edge(constraint="false") >> ml
    ml >> edge() >> models >> edge() >> serving
    serving >> edge(constraint="false") >> ops
    ops >> edge() >> wrap
    models << edge("interviewer redirects", kind="feedback", constraint="false") << serving
