"""The four levels as a ladder of scope: what each answer covers and what the interviewer hears."""

from house_style import box, chain, diagram, edge

TITLE = "Levels as a ladder of scope"
DESCRIPTION = (
    "Four levels stacked from bottom to top. Mid: the scope is a well-specified component or "
    "system, and the interviewer hears a correct, standard design that needs some prompting. "
    "Senior: the scope is one system end to end, and the interviewer hears the candidate drive, "
    "put numbers on it and find the hard part unprompted. Staff: the scope is several systems "
    "and the teams that own them, and the interviewer hears the problem reframed, the work "
    "sequenced and shared pieces reused. Principal: the scope is the organisation over years, "
    "and the interviewer hears direction, standards and bets with their cost. The arrows "
    "between levels name what is added at each step: owning the whole loop, crossing team "
    "lines, setting direction for many teams."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.55"):
    principal = box(
        "Principal · the organisation, over years\n"
        "heard: direction, standards, bets and their cost",
        group="ladder",
        width="4.6",
    )
    staff = box(
        "Staff · several systems and their teams\nheard: reframes, sequences, reuses, de-risks",
        group="ladder",
        tone="online",
        width="4.6",
    )
    senior = box(
        "Senior · one system, end to end\nheard: drives, quantifies, finds the hard part",
        group="ladder",
        tone="online",
        width="4.6",
    )
    mid = box(
        "Mid · a well-specified component or system\n"
        "heard: a correct, standard design, with prompts",
        group="ladder",
        tone="offline",
        width="4.6",
    )
    # Written top-down so Graphviz keeps the order; the arrows point up the ladder.
    chain(principal, staff, senior, mid)
    principal << edge("+ sets direction for many teams") << staff
    staff << edge("+ crosses team lines") << senior
    senior << edge("+ owns the whole loop") << mid
