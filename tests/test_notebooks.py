"""Every notebook in notebooks/ runs to the end (its asserts hold) and has the required shape.

Execution goes through the build's own executor, guidekit.notebooks.execute, and its cache: an
entry exists only for a source that ran without error under the pinned requirements, so a hit
is that same run's result. Timing is measured by the benchmark (`scripts/dev.py bench`).
"""

from __future__ import annotations

import re

import jupytext
import nbformat
import pytest

from guidekit import notebooks

NOTEBOOKS = notebooks.discover()
notebook_params = pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.source.name for n in NOTEBOOKS])


def test_there_are_notebooks():
    assert {n.slug for n in NOTEBOOKS} >= {"metrics-under-a-budget", "drift-detection"}


@notebook_params
def test_notebook_runs_and_shows_its_results(nb):
    executed = nbformat.read(notebooks.execute(nb), as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"], nb.source.name
    assert any("image/png" in o.get("data", {}) for o in outputs), (
        f"{nb.source.name}: no plot; show what a reader would rather see than read"
    )


ASSERT_RE = re.compile(r"^\s*assert\b", re.MULTILINE)
H1_RE = re.compile(r"^# \S", re.MULTILINE)
REFERENCES_RE = re.compile(r"^#{2,3} References\s*$", re.MULTILINE)


@notebook_params
def test_notebook_structure(nb):
    source = jupytext.read(nb.source)
    code = [c.source for c in source.cells if c.cell_type == "code"]
    markdown = [c.source for c in source.cells if c.cell_type == "markdown"]
    name = nb.source.name
    assert any(ASSERT_RE.search(src) for src in code), (
        f"{name}: no `assert` in any code cell; a notebook must check its claim"
    )
    assert any(H1_RE.search(src) for src in markdown), f"{name}: no H1 title"
    assert any(REFERENCES_RE.search(src) for src in markdown), f"{name}: no '## References'"
    assert source.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{name}: the jupytext header should declare the python3 kernel"
    )
    assert "colab-setup" in source.cells[0].metadata.get("tags", []), (
        f"{name}: the first cell must be the guarded Colab install cell (tag colab-setup)"
    )
    assert "google.colab" in source.cells[0].source, f"{name}: Colab cell is not guarded"
