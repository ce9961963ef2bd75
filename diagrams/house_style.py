"""House style shared by every diagram in the guide, so all of them look like one book.

A diagram source imports this module (it sits next to the sources; the build runs each source
with this folder on the import path) and opens its diagram with ``diagram()``:

    from house_style import diagram, edge, cluster

    TITLE = "..."
    DESCRIPTION = "..."

    with diagram():
        ...

The build passes the output path in the environment (``OUTPUT_ENV``); run by hand
(``python diagrams/<name>.py``) a diagram writes ``<name>.svg`` into the current folder.

This file is deliberately a module, not a package: the folder has no ``__init__.py`` because a
package named ``diagrams`` would shadow the ``diagrams`` library.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

from diagrams import Cluster, Diagram, Edge, Node

# Where the build wants the rendered file, without the ".svg" extension.
OUTPUT_ENV = "GUIDEKIT_DIAGRAM_OUTPUT"

# One generic font stack: Graphviz measures text with the first family it finds, browsers draw
# it with theirs, and every common system has one of these.
FONT = "Helvetica,Arial,sans-serif"

# Palette: dark ink for a light "paper" (the site puts every diagram on a light card).
INK = "#263238"  # node labels and titles
MUTED = "#546E7A"  # edge labels
LINE = "#78909C"  # ordinary arrows
ACCENT = "#3949AB"  # the feedback loop (the site's indigo)
ONLINE_FILL, ONLINE_LINE = "#E8EAF6", "#9FA8DA"  # request path: indigo tint
OFFLINE_FILL, OFFLINE_LINE = "#E8F5E9", "#A5D6A7"  # batch path: green tint
NEUTRAL_FILL, NEUTRAL_LINE = "#F5F7F8", "#B0BEC5"

GRAPH_ATTR = {
    "bgcolor": "transparent",  # the page (or the dark-mode paper) shows through
    "pad": "0.15",
    "margin": "0",
    "fontname": FONT,
    "fontsize": "15",
    "fontcolor": INK,
    "nodesep": "0.55",
    "ranksep": "0.9",
    "splines": "spline",  # ortho splines misplace edge labels
    "newrank": "true",  # lets same_rank() line nodes up across clusters
}
NODE_ATTR = {
    "fontname": FONT,
    "fontsize": "15",
    "fontcolor": INK,
    # Icon size. Labels may be a little wider; keep each line under about 18 characters.
    "width": "1.2",
}
EDGE_ATTR = {
    "color": LINE,
    "penwidth": "1.4",
    "arrowsize": "0.8",
    "fontname": FONT,
    "fontsize": "13",
    "fontcolor": MUTED,
}
# Edge() sets its own font attributes on every edge, so edge() repeats ours.
_EDGE_FONT = {k: EDGE_ATTR[k] for k in ("fontname", "fontsize", "fontcolor")}

CLUSTER_TONES = {
    "online": (ONLINE_FILL, ONLINE_LINE),
    "offline": (OFFLINE_FILL, OFFLINE_LINE),
    "neutral": (NEUTRAL_FILL, NEUTRAL_LINE),
}

EDGE_KINDS = {
    "flow": {"color": LINE, "style": "solid"},  # the main path of requests or data
    "async": {"color": LINE, "style": "dashed"},  # logged, batched or eventually consistent
    "feedback": {"color": ACCENT, "style": "dashed", "penwidth": "1.8", "fontcolor": ACCENT},
}


def output_filename() -> str:
    """The output path without extension: from the build, or <script name> when run by hand."""
    return os.environ.get(OUTPUT_ENV) or Path(sys.argv[0]).stem or "diagram"


def diagram(*, direction: str = "LR", **graph_attr: str) -> Diagram:
    """Open a Diagram with the house settings: SVG, never opened in a viewer, no title band.

    The title lives in the page (alt text) and in the SVG's <title>, not inside the picture.
    Extra keyword arguments override Graphviz graph attributes (e.g. ranksep="1.2").
    """
    return Diagram(
        name="",
        filename=output_filename(),
        direction=direction,
        outformat="svg",
        show=False,
        graph_attr={**GRAPH_ATTR, **graph_attr},
        node_attr=dict(NODE_ATTR),
        edge_attr=dict(EDGE_ATTR),
    )


def cluster(label: str, *, tone: str = "neutral") -> Cluster:
    """A labelled group in one of the house tones: "online", "offline" or "neutral"."""
    fill, line = CLUSTER_TONES[tone]
    return Cluster(
        label,
        graph_attr={
            "bgcolor": fill,
            "pencolor": line,
            "penwidth": "1.2",
            "style": "rounded",
            "fontname": FONT,
            "fontsize": "14",
            "fontcolor": INK,
            "labeljust": "l",
            "margin": "18",
        },
    )


def edge(label: str = "", *, kind: str = "flow", **attrs: str) -> Edge:
    """An arrow in the house style; kind is "flow", "async" (dashed) or "feedback" (accent)."""
    style = {**_EDGE_FONT, **EDGE_KINDS[kind], **attrs}
    # A little space around labels keeps them off the line.
    return Edge(label=f" {label} " if label else "", **style)


def same_rank(*nodes) -> None:
    """Line nodes up (same row in TB, same column in LR) without adding an arrow."""
    from diagrams import getdiagram

    ids = "; ".join(f'"{node.nodeid}"' for node in nodes)
    getdiagram().dot.body.append(f"\t{{rank=same; {ids}}}\n")


def row(*nodes) -> None:
    """Put nodes in one row (one column in LR), in this order, whatever way the arrows run."""
    same_rank(*nodes)
    chain(*nodes)


def chain(*nodes) -> None:
    """Invisible arrows from each node to the next: they order or stack nodes without showing.
    Give the nodes one ``group="..."`` as well to keep them in a straight line."""
    for first, second in itertools.pairwise(nodes):
        first >> Edge(style="invis") >> second


def box(label: str, *, tone: str = "neutral", **attrs: str) -> Node:
    """A text-only rounded box, for steps, stages and decisions that no icon stands for."""
    fill, line = CLUSTER_TONES[tone]
    style = {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": fill,
        "color": line,
        "penwidth": "1.2",
        "margin": "0.18,0.1",
        "width": "1.6",
        "height": "0.5",
        # Undo the icon defaults of diagrams (fixed size, label under the icon).
        "fixedsize": "false",
        "labelloc": "c",
        "imagescale": "false",
    }
    return Node(label, **{**style, **attrs})
