"""Notebooks: discover the jupytext sources, execute them once (cached), build launch links.

Sources are jupytext percent-format ``.py`` files in ``notebooks/``. Outputs are never committed:
a committed ``.ipynb`` there is an error (:func:`discover` rejects it).

Site path rule
--------------
A notebook declares where it sits in the learning path in its jupytext YAML header, *under the
``jupyter:`` key* (jupytext turns any other top-level header key into a raw cell, so a top-level
``guide:`` is rejected with an error)::

    # ---
    # jupyter:
    #   guide:
    #     part: lifecycle
    #     slug: metrics-under-a-budget
    #   kernelspec: ...
    # ---

Its site path (the MkDocs ``src_uri``) is then ``<part>/<slug>.ipynb``, here
``lifecycle/metrics-under-a-budget.ipynb``, rendered at ``lifecycle/metrics-under-a-budget/``.
Without a ``guide`` key it is ``notebooks/<stem with _ replaced by ->.ipynb``. ``part`` is one
or more ``/``-separated segments and ``slug`` one segment, all made of ``a-z``, ``0-9`` and
``-``. Slugs must be unique: they name the cache entries and the downloaded file.

Execution cache
---------------
:func:`execute` runs a notebook with nbclient in a temporary working directory and stores the
executed ``.ipynb`` at ``<cache_dir>/<slug>-<key[:16]>/<site path>``, e.g.
``metrics-under-a-budget-0123456789abcdef/lifecycle/metrics-under-a-budget.ipynb``. The key is
the sha256 of the source bytes, ``requirements.txt`` (and every file it includes with ``-r``),
the nbclient and jupytext versions and this module's cache format.

The file keeps the plain ``<slug>.ipynb`` name because mkdocs-jupyter names the copied download
and ``page.nb_url`` after the basename of the file it renders; it sits at its site path so that
a plain MkDocs ``File`` with ``src_dir=site_src_dir(...)`` points at it (mkdocs-jupyter's
wrapper loses the ``abs_src_path`` of ``File.generated`` files). A cache hit returns at once
without starting a kernel; older entries of the same slug are removed; files are written
atomically (temporary file + rename), so an interrupted run never leaves a partial entry.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jupytext
import nbclient
import nbformat
import yaml
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from guidekit import CACHE, ROOT, cached_bytes, display_path

NOTEBOOKS_DIR = ROOT / "notebooks"
REQUIREMENTS = ROOT / "requirements.txt"
CELL_TIMEOUT_S = 120  # per cell
NOTEBOOK_TIMEOUT_S = 120.0  # whole notebook; env GUIDE_NOTEBOOK_TIMEOUT overrides
CACHE_FORMAT = "1"  # bump when execute() changes what it writes

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
_SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_KEY_SUFFIX = re.compile(r"-[0-9a-f]{16}")


class NotebookError(Exception):
    """A notebook cannot be discovered or executed; the message names the source file."""


@dataclass(frozen=True)
class Notebook:
    source: Path  # the jupytext .py file
    src_uri: str  # site path, e.g. "lifecycle/metrics-under-a-budget.ipynb"
    # Page metadata from the header's guide: key (description, tags), as a page's front matter.
    meta: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def slug(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1].removesuffix(".ipynb")

    @property
    def download_name(self) -> str:
        return download_name(self)


def _site_path(source: Path, nb: nbformat.NotebookNode) -> str:
    if nb.cells and nb.cells[0].cell_type == "raw" and nb.cells[0].source.startswith("---"):
        try:
            header = yaml.safe_load(nb.cells[0].source.strip().strip("-"))
        except yaml.YAMLError:
            header = None
        if isinstance(header, dict) and "guide" in header:
            raise NotebookError(
                f"{display_path(source)}: put the 'guide:' key under 'jupyter:' in the jupytext "
                "header (a top-level key becomes a raw cell)"
            )
    guide = nb.metadata.get("guide")
    if guide is None:
        return f"notebooks/{source.stem.replace('_', '-')}.ipynb"
    if not isinstance(guide, dict):
        raise NotebookError(f"{display_path(source)}: 'guide' must be a mapping with part and slug")
    part, slug = str(guide.get("part", "")), str(guide.get("slug", ""))
    if not part or not all(_SEGMENT.fullmatch(p) for p in part.split("/")):
        raise NotebookError(
            f"{display_path(source)}: guide.part {part!r} must be '/'-separated segments of "
            "a-z, 0-9 and '-'"
        )
    if not _SEGMENT.fullmatch(slug):
        raise NotebookError(
            f"{display_path(source)}: guide.slug {slug!r} must be one segment of a-z, 0-9 and '-'"
        )
    return f"{part}/{slug}.ipynb"


def check_no_outputs(src_dir: Path = NOTEBOOKS_DIR) -> None:
    """Reject committed .ipynb files: notebooks are committed as jupytext percent .py files."""
    committed = sorted(Path(src_dir).rglob("*.ipynb"))
    committed = [p for p in committed if ".ipynb_checkpoints" not in p.parts]
    if committed:
        raise NotebookError(
            "\n".join(
                f"{display_path(p)}: commit notebooks as jupytext percent .py files "
                f"(convert with: jupytext --to py:percent {p.name})"
                for p in committed
            )
        )


def _read_source(source: Path) -> nbformat.NotebookNode:
    """jupytext's parse of a notebook source, cached by the source's bytes: parsing the
    sources was a tenth of every live reload."""
    text = source.read_bytes()
    key = hashlib.sha256(jupytext.__version__.encode() + b"\n" + text).hexdigest()

    def parse() -> bytes:
        return nbformat.writes(jupytext.reads(text.decode("utf-8"), fmt="py:percent")).encode()

    return nbformat.reads(cached_bytes(CACHE / "notebook-sources" / f"{key}.ipynb", parse), 4)


def discover(src_dir: Path = NOTEBOOKS_DIR) -> list[Notebook]:
    """Every notebook source in src_dir (sorted), with its site path; see the module docstring."""
    src_dir = Path(src_dir)
    if not src_dir.is_dir():
        return []
    check_no_outputs(src_dir)
    found: list[Notebook] = []
    for source in sorted(src_dir.glob("*.py")):
        if source.name.startswith(("_", ".")):
            continue
        try:
            nb = _read_source(source)
        except Exception as error:
            raise NotebookError(
                f"{display_path(source)}: not a jupytext notebook: {error}"
            ) from error
        guide = nb.metadata.get("guide")
        meta = {k: v for k, v in guide.items() if k not in ("part", "slug")} if guide else {}
        found.append(Notebook(source=source, src_uri=_site_path(source, nb), meta=meta))
    by_slug: dict[str, Notebook] = {}
    for notebook in found:
        other = by_slug.setdefault(notebook.slug, notebook)
        if other is not notebook:
            raise NotebookError(
                f"{display_path(notebook.source)}: slug {notebook.slug!r} is already used by "
                f"{display_path(other.source)}"
            )
    return found


# -- cache -------------------------------------------------------------------------------------


def _requirement_files(path: Path, seen: set[Path] | None = None) -> list[Path]:
    """path and every file it includes with -r/--requirement (recursively, once each)."""
    seen = set() if seen is None else seen
    path = Path(path).resolve()
    if path in seen or not path.is_file():
        return []
    seen.add(path)
    files = [path]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        match = re.match(r"(?:-r|--requirement)(?:\s+|=)(\S+)$", line) or re.match(
            r"-r(\S+)$", line
        )
        if match:
            files += _requirement_files(path.parent / match.group(1), seen)
    return files


def cache_key(notebook: Notebook, requirements: Path = REQUIREMENTS) -> str:
    """sha256 of the source, the requirements (with -r includes) and the executing tools."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("source", notebook.source.read_bytes())
    for req in _requirement_files(requirements):
        add("requirements", req.read_bytes())
    add("nbclient", nbclient.__version__.encode())
    add("jupytext", jupytext.__version__.encode())
    add("format", CACHE_FORMAT.encode())
    return digest.hexdigest()


def cache_path(
    notebook: Notebook, cache_dir: Path | None = None, requirements: Path = REQUIREMENTS
) -> Path:
    """Where the executed notebook is (or will be) cached."""
    cache_dir = Path(cache_dir) if cache_dir is not None else CACHE / "notebooks"
    key = cache_key(notebook, requirements)
    return cache_dir / f"{notebook.slug}-{key[:16]}" / notebook.src_uri


def site_src_dir(notebook: Notebook, executed: Path) -> str:
    """The folder that holds `executed` at its site path: the MkDocs File's src_dir.

    ``File(notebook.src_uri, site_src_dir(notebook, executed), ...)`` then has
    ``abs_src_path == executed``.
    """
    executed = Path(executed)
    parts = notebook.src_uri.split("/")
    if executed.parts[-len(parts) :] != tuple(parts):
        raise ValueError(f"{executed} is not stored at its site path {notebook.src_uri}")
    return str(executed.parents[len(parts) - 1])


def _remove_stale(cache_dir: Path, slug: str, keep: Path) -> None:
    for entry in cache_dir.glob(f"{slug}-*"):
        # "drift-*" also matches "drift-detection-<key>": require exactly "<slug>-<16 hex>".
        if entry == keep or not _KEY_SUFFIX.fullmatch(entry.name[len(slug) :]):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def notebook_timeout() -> float:
    """Whole-notebook time limit in seconds (env GUIDE_NOTEBOOK_TIMEOUT overrides)."""
    value = os.environ.get("GUIDE_NOTEBOOK_TIMEOUT")
    return float(value) if value else NOTEBOOK_TIMEOUT_S


def _cell_line(source: Path, index: int, cell_count: int) -> int | None:
    """1-based line of cell `index`'s '# %%' marker, when markers and cells correspond."""
    lines = source.read_text(encoding="utf-8").splitlines()
    markers = [n for n, line in enumerate(lines, 1) if re.match(r"#\s*%%(?!%)", line)]
    return markers[index] if len(markers) == cell_count else None


def _run(notebook: Notebook, nb: nbformat.NotebookNode, cell_timeout: float, limit: float):
    current = {"index": None}
    deadline = time.monotonic() + limit

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    def timeout_for(cell):
        # The smaller of the per-cell timeout and what is left of the notebook's budget.
        return max(0.01, min(cell_timeout, deadline - time.monotonic()))

    name = display_path(notebook.source)
    with tempfile.TemporaryDirectory(prefix="guide-nb-") as workdir:
        client = nbclient.NotebookClient(
            nb,
            timeout=cell_timeout,
            timeout_func=timeout_for,
            kernel_name="python3",
            resources={"metadata": {"path": workdir}},
            on_cell_start=on_cell_start,
        )
        try:
            client.execute()
        except CellExecutionError as error:
            index = current["index"]
            where = "a cell"
            if index is not None:
                where = f"cell {index + 1}"
                line = _cell_line(notebook.source, index, len(nb.cells))
                if line:
                    where += f" (line {line})"
            ename = _ANSI.sub("", error.ename or type(error).__name__)
            evalue = _ANSI.sub("", error.evalue or "").strip()
            raise NotebookError(f"{name}: {where} raised {ename}: {evalue}") from None
        except CellTimeoutError as error:
            index = current["index"]
            where = f"cell {index + 1}" if index is not None else "a cell"
            if time.monotonic() >= deadline - 0.5 or limit <= cell_timeout:
                message = f"{name}: exceeded the notebook time limit of {limit:g} s at {where}"
            else:
                message = f"{name}: {where} exceeded the per-cell timeout of {cell_timeout:g} s"
            raise NotebookError(message) from error
        except DeadKernelError as error:
            raise NotebookError(f"{name}: the kernel died: {error}") from error


def execute(
    notebook: Notebook,
    cache_dir: Path | None = None,
    timeout: float = CELL_TIMEOUT_S,
    *,
    notebook_limit: float | None = None,
    requirements: Path = REQUIREMENTS,
) -> Path:
    """Path of the executed notebook (with outputs), from the cache or by running it now.

    timeout is per cell; notebook_limit (default: :func:`notebook_timeout`) bounds the whole
    run. Raises NotebookError naming the source file on an error, a timeout or a dead kernel.
    """
    target = cache_path(notebook, cache_dir, requirements)
    if target.is_file():
        return target
    limit = notebook_limit if notebook_limit is not None else notebook_timeout()

    nb = jupytext.read(notebook.source, fmt="py:percent")
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    _run(notebook, nb, float(timeout), float(limit))
    nb.metadata.pop("widgets", None)  # nbconvert fails on widget metadata without state
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.get("jupytext", {}).pop("text_representation", None)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".ipynb")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            nbformat.write(nb, handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    entry = target.parents[len(notebook.src_uri.split("/")) - 1]
    _remove_stale(entry.parent, notebook.slug, keep=entry)
    return target


# -- launch links ------------------------------------------------------------------------------


def _owner_repo(repo: str) -> tuple[str, str]:
    owner, sep, name = repo.strip("/").partition("/")
    if not sep or not owner or not name or "/" in name:
        raise ValueError(f"repo must look like 'owner/name', got {repo!r}")
    return owner, name


def colab_url(repo: str, branch: str, path: str) -> str:
    """Open `path` (an .ipynb on GitHub: Colab cannot open jupytext .py files) in Colab."""
    owner, name = _owner_repo(repo)
    return (
        f"https://colab.research.google.com/github/{owner}/{name}/blob/{branch}/"
        f"{quote(path.lstrip('/'))}"
    )


def binder_url(repo: str, branch: str, path: str) -> str:
    """Open `path` in JupyterLab on mybinder.org (jupytext in requirements.txt opens .py)."""
    owner, name = _owner_repo(repo)
    return (
        f"https://mybinder.org/v2/gh/{owner}/{name}/{quote(branch, safe='')}"
        f"?labpath={quote(path.lstrip('/'), safe='')}"
    )


def download_name(notebook: Notebook) -> str:
    """File name for the executed notebook's download link: '<slug>.ipynb'."""
    return f"{notebook.slug}.ipynb"


# -- the launch branch ---------------------------------------------------------------------------

# Colab opens only .ipynb files on GitHub, so the deploy workflow (pages.yml) publishes the
# executed notebooks to this branch; the Colab and Binder links on every notebook page point here.
LAUNCH_BRANCH = "notebooks"
BINDER_PYTHON = "python-3.11"  # repo2docker's runtime.txt; the pins need Python 3.11+

_BRANCH_README = """\
# Executed notebooks (generated)

This branch is written by the `pages.yml` workflow on every deploy of `main`; do not edit it.
Each `.ipynb` here is a notebook from `notebooks/` on `main`, executed by the site build, at
the same path as its page on the site. Colab and Binder open the notebooks from here.
`requirements.txt` and `runtime.txt` describe the environment for Binder.
"""


def publish(dest: Path, cache_dir: Path | None = None) -> list[str]:
    """Write the launch branch's tree into dest; return the notebook paths written."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for notebook in discover():
        target = dest / notebook.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(execute(notebook, cache_dir), target)
        written.append(notebook.src_uri)
    shutil.copyfile(REQUIREMENTS, dest / "requirements.txt")
    (dest / "runtime.txt").write_text(BINDER_PYTHON + "\n", encoding="utf-8")
    (dest / "README.md").write_text(_BRANCH_README, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m guidekit.notebooks")
    commands = parser.add_subparsers(dest="command", required=True)
    publish_cmd = commands.add_parser("publish", help="write the launch branch's files")
    publish_cmd.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    try:
        for path in publish(args.dest):
            print(f"published {path}")
    except NotebookError as error:
        print(f"error: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
