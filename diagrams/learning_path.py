"""The order of the guide's parts, and practice running alongside them."""

import itertools

from house_style import box, diagram, edge

TITLE = "The learning path"
DESCRIPTION = (
    "Six parts read in order: Part 0, the interview playbook; Part 1, the AI lifecycle; Part 2, "
    "infrastructure; Part 3, design patterns and trade-offs; Part 4, monitoring and "
    "observability; Part 5, real-world architectures. A dashed arrow from Part 4 back to Part 1 "
    "shows that drift and new labels feed the next iteration of the lifecycle. Practice "
    "(questions aloud, flashcards, mock interviews and numbers by hand) runs alongside, from "
    "the playbook on day one through the case studies."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.45"):
    # One group keeps the parts in a straight column.
    parts = [
        box("Part 0 · Interview playbook", group="path"),
        box("Part 1 · The AI lifecycle", group="path"),
        box("Part 2 · Infrastructure", group="path"),
        box("Part 3 · Design patterns and trade-offs", group="path"),
        box("Part 4 · Monitoring and observability", group="path"),
        box("Part 5 · Real-world architectures", group="path"),
    ]
    for upper, lower in itertools.pairwise(parts):
        upper >> edge() >> lower
    (
        parts[1]
        << edge(
            "drift and new labels\nfeed the next iteration", kind="feedback", constraint="false"
        )
        << parts[4]
    )
    practice = box(
        "Practice alongside:\nquestions aloud, flashcards,\nmock interviews, numbers by hand",
        tone="online",
    )
    parts[0] >> edge("from day one", kind="async") >> practice
    parts[5] >> edge(kind="async") >> practice
