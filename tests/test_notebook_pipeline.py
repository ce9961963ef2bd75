"""The notebook pipeline: discovery, cached execution, error messages, launch links, page CSS.

Uses tiny generated notebooks in temporary folders (a kernel start costs ~1 s), never the
guide's own notebooks (tests/test_notebooks.py executes those).
"""

from __future__ import annotations

import base64
import io
import textwrap
from pathlib import Path

import nbclient
import nbformat
import pytest
from PIL import Image

from guidekit import nbstyle, notebooks
from guidekit.notebooks import Notebook, NotebookError

HEADER = """\
# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---
"""


def write(path: Path, body: str, header: str = HEADER) -> Path:
    path.write_text(header + "\n" + textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.fixture
def env(tmp_path):
    """A source folder, a cache folder and an injectable requirements file."""
    src = tmp_path / "notebooks"
    src.mkdir()
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("numpy==2.4.6\n", encoding="utf-8")
    return src, tmp_path / "cache", reqs


def notebook(src: Path, name: str, body: str, uri: str | None = None) -> Notebook:
    path = write(src / name, body)
    return Notebook(path, uri or f"part/{path.stem.replace('_', '-')}.ipynb")


class NoKernel:
    def __init__(self, *args, **kwargs):
        raise AssertionError("a cache hit must not start a kernel")


# -- discovery ---------------------------------------------------------------------------------


def test_discover_site_paths(env):
    src, _, _ = env
    write(src / "plain_one.py", "# %%\nx = 1\n")
    header = HEADER.replace(
        "#   kernelspec:",
        "#   guide:\n#     part: lifecycle\n#     slug: metrics-under-a-budget\n#   kernelspec:",
    )
    write(src / "metrics.py", "# %%\nx = 1\n", header=header)
    found = {nb.source.name: nb for nb in notebooks.discover(src)}
    assert found["plain_one.py"].src_uri == "notebooks/plain-one.ipynb"
    assert found["metrics.py"].src_uri == "lifecycle/metrics-under-a-budget.ipynb"
    assert found["metrics.py"].slug == "metrics-under-a-budget"
    assert notebooks.download_name(found["metrics.py"]) == "metrics-under-a-budget.ipynb"


def test_discover_rejects_top_level_guide_key(env):
    src, _, _ = env
    header = "# ---\n# guide:\n#   part: x\n#   slug: y\n" + HEADER.removeprefix("# ---\n")
    write(src / "bad.py", "# %%\nx = 1\n", header=header)
    with pytest.raises(NotebookError, match=r"bad\.py: put the 'guide:' key under 'jupyter:'"):
        notebooks.discover(src)


def test_discover_rejects_bad_slug_and_duplicates(env):
    src, _, _ = env
    bad = HEADER.replace(
        "#   kernelspec:", "#   guide:\n#     part: x\n#     slug: Bad_Slug\n#   kernelspec:"
    )
    write(src / "a.py", "# %%\nx = 1\n", header=bad)
    with pytest.raises(NotebookError, match=r"a\.py: guide\.slug 'Bad_Slug'"):
        notebooks.discover(src)
    dup = HEADER.replace(
        "#   kernelspec:", "#   guide:\n#     part: x\n#     slug: b\n#   kernelspec:"
    )
    write(src / "a.py", "# %%\nx = 1\n", header=dup)
    write(src / "b.py", "# %%\nx = 1\n")  # default slug "b" as well
    with pytest.raises(NotebookError, match="slug 'b' is already used"):
        notebooks.discover(src)


def test_committed_ipynb_is_rejected(env):
    src, _, _ = env
    write(src / "fine.py", "# %%\nx = 1\n")
    nbformat.write(nbformat.v4.new_notebook(), src / "x.ipynb")
    with pytest.raises(NotebookError) as error:
        notebooks.discover(src)
    assert "x.ipynb: commit notebooks as jupytext percent .py files" in str(error.value)
    assert "(convert with: jupytext --to py:percent x.ipynb)" in str(error.value)


# -- execution and cache -----------------------------------------------------------------------


def test_execute_then_cache_hit_without_kernel(env, monkeypatch):
    src, cache, reqs = env
    nb = notebook(src, "hello.py", "# %% [markdown]\n# # Hello\n\n# %%\nprint(6 * 7)\n")
    path = notebooks.execute(nb, cache, requirements=reqs)
    assert path.is_file() and path.name == "hello.ipynb"
    assert path.as_posix().endswith("/part/hello.ipynb")
    executed = nbformat.read(path, as_version=4)
    code = next(c for c in executed.cells if c.cell_type == "code")
    assert code.outputs[0]["text"] == "42\n"
    assert executed.metadata.kernelspec.name == "python3"
    assert "widgets" not in executed.metadata
    assert not list(cache.rglob(".tmp-*")), "the atomic write left a temporary file"

    monkeypatch.setattr(nbclient, "NotebookClient", NoKernel)
    assert notebooks.execute(nb, cache, requirements=reqs) == path


def test_changed_source_reexecutes_and_evicts_stale_entry(env):
    src, cache, reqs = env
    nb = notebook(src, "count.py", "# %%\nprint(1)\n")
    first = notebooks.execute(nb, cache, requirements=reqs)
    write(nb.source, "# %%\nprint(2)\n")
    second = notebooks.execute(nb, cache, requirements=reqs)
    assert second != first
    assert not first.exists(), "the stale entry of the same slug should be removed"
    out = nbformat.read(second, as_version=4).cells[0].outputs[0]["text"]
    assert out == "2\n"


def test_stale_removal_spares_other_slugs_with_the_same_prefix(env):
    src, cache, reqs = env
    other = notebooks.execute(
        notebook(src, "drift_detection.py", "# %%\n1\n"), cache, requirements=reqs
    )
    notebooks.execute(notebook(src, "drift.py", "# %%\n2\n"), cache, requirements=reqs)
    assert other.exists()


def test_requirements_change_the_key(env, tmp_path):
    src, cache, reqs = env
    nb = notebook(src, "k.py", "# %%\nx = 1\n")
    key = notebooks.cache_key(nb, reqs)
    assert notebooks.cache_key(nb, reqs) == key
    reqs.write_text("numpy==2.4.7\n", encoding="utf-8")
    changed = notebooks.cache_key(nb, reqs)
    assert changed != key
    # A file included with -r counts too.
    extra = tmp_path / "extra.txt"
    extra.write_text("scipy==1.17.1\n", encoding="utf-8")
    reqs.write_text("numpy==2.4.7\n-r extra.txt\n", encoding="utf-8")
    with_include = notebooks.cache_key(nb, reqs)
    extra.write_text("scipy==1.17.2\n", encoding="utf-8")
    assert notebooks.cache_key(nb, reqs) != with_include
    assert notebooks.cache_path(nb, cache, reqs).parent.parent.name.startswith("k-")


def test_raising_cell_names_file_cell_and_error(env):
    src, cache, reqs = env
    body = "# %%\nx = 1\n\n# %% [markdown]\n# words\n\n# %%\nraise ValueError('bad budget')\n"
    nb = notebook(src, "broken.py", body)
    with pytest.raises(NotebookError) as error:
        notebooks.execute(nb, cache, requirements=reqs)
    message = str(error.value)
    assert "broken.py" in message
    assert "cell 3" in message  # 1-based, markdown cells counted
    assert "ValueError: bad budget" in message
    assert "\x1b[" not in message and "Traceback" not in message
    assert not list(cache.rglob("*.ipynb")), "a failed run must not be cached"


def test_notebook_time_limit(env):
    src, cache, reqs = env
    nb = notebook(src, "slow.py", "# %%\nimport time\n\n# %%\ntime.sleep(30)\n")
    with pytest.raises(NotebookError, match=r"slow\.py: exceeded the notebook time limit of 2 s"):
        notebooks.execute(nb, cache, requirements=reqs, notebook_limit=2)


def test_time_limit_from_environment(monkeypatch):
    monkeypatch.setenv("GUIDE_NOTEBOOK_TIMEOUT", "7.5")
    assert notebooks.notebook_timeout() == 7.5
    monkeypatch.delenv("GUIDE_NOTEBOOK_TIMEOUT")
    assert notebooks.notebook_timeout() == notebooks.NOTEBOOK_TIMEOUT_S


def test_site_src_dir_maps_the_cache_file_back_to_its_site_path(env):
    src, cache, reqs = env
    nb = notebook(src, "m.py", "# %%\nx = 1\n", uri="lifecycle/deep/m.ipynb")
    path = notebooks.cache_path(nb, cache, reqs)
    src_dir = notebooks.site_src_dir(nb, path)
    assert Path(src_dir, nb.src_uri) == path


# -- launch links ------------------------------------------------------------------------------


def test_launch_links():
    repo = "ml-design-guide/ml-system-design"
    assert notebooks.colab_url(repo, "main", "notebooks/drift_detection.ipynb") == (
        "https://colab.research.google.com/github/ml-design-guide/ml-system-design/blob/main/"
        "notebooks/drift_detection.ipynb"
    )
    assert notebooks.binder_url(repo, "main", "notebooks/drift_detection.py") == (
        "https://mybinder.org/v2/gh/ml-design-guide/ml-system-design/main"
        "?labpath=notebooks%2Fdrift_detection.py"
    )
    with pytest.raises(ValueError):
        notebooks.colab_url("no-owner", "main", "x.ipynb")


# -- page styles -------------------------------------------------------------------------------

BIG_CSS = ".jupyter-wrapper{--jp-x: 1}" + ".jupyter-wrapper .jp-Unused{color:red}" * 2000
PAGE = f"""<html><head><style>.md-head{{color:blue}}</style></head><body>
<article class="md-content__inner md-typeset">
<h1>Title</h1>
  <style type="text/css">
    pre {{ line-height: 125%; }}
.highlight-ipynb .k {{ color: green }}
  </style>
<style type="text/css">
@charset "UTF-8";{BIG_CSS}
</style>
<style>
  .jp-Mermaid:not(.jp-RenderedMermaid) {{ display: none; }}
</style>
<div class="jupyter-wrapper">
<div class="jp-Notebook"><div class="jp-Cell jp-CodeCell">
<style scoped>.dataframe tbody tr th {{ vertical-align: top; }}</style>
<table class="dataframe"><tr><th>a</th></tr></table>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="plot">
</div></div>
</div> <!-- jupyter-wrapper -->
<style>
['pre {{ line-height: 125%; }}\\n.highlight-ipynb .k {{ color: green }}']
</style>
</article></body></html>"""


def test_split_styles_removes_notebook_css_and_keeps_the_rest():
    link = '<link rel="stylesheet" href="../notebook.css">'
    html, texts = nbstyle.split_styles(PAGE, replacement=link)
    assert len(html) < len(PAGE) / 10
    assert "jp-Unused" not in html and ".jp-Mermaid" not in html and "['pre" not in html
    assert html.count(link) == 1 and html.index(link) < html.index('<div class="jupyter-wrapper">')
    # Untouched: the head style, the output's scoped style and everything else.
    for kept in (
        "<style>.md-head{color:blue}</style>",
        "<style scoped>.dataframe tbody tr th { vertical-align: top; }</style>",
        "<h1>Title</h1>",
        '<table class="dataframe">',
        "</div> <!-- jupyter-wrapper -->",
        "</article></body></html>",
    ):
        assert kept in html
    # The CSS comes back once each; the repr-of-a-list block duplicates the first one.
    assert len(texts) == 3
    assert texts[0].startswith("pre { line-height: 125%; }")
    assert any("jp-Unused" in t for t in texts) and any(".jp-Mermaid" in t for t in texts)


def test_split_styles_leaves_other_pages_alone():
    page = "<html><head><style>.a{}</style></head><body><p class='x'>hi</p></body></html>"
    assert nbstyle.split_styles(page) == (page, [])


def test_prune_css():
    css = """
    @charset "UTF-8";
    :root { --x: 1 }
    pre { line-height: 125% }
    .used { color: red }
    .unused { color: blue }
    .used, .unused-too { margin: 0 }
    #anchor .used { padding: 0 }
    #missing { padding: 1px }
    .jp-Cell:not(.jp-mod-active) .used { opacity: 1 }
    .used :root { --never: 1 }
    .used body { color: pink }
    @font-face { font-family: X; src: url(x.woff2) }
    @keyframes spin { from { transform: rotate(0) } }
    @media (max-width: 600px) { .used { color: green } .unused { color: black } }
    @media print { .unused { color: gray } }
    """
    page = '<div id="anchor" class="jp-Cell used">x</div>'
    out = nbstyle.prune_css(css, [page, "<p>second page</p>"])
    assert ":root{--x: 1}" in out
    assert "pre{line-height: 125%}" in out
    assert ".used{color: red}" in out
    assert ".unused" not in out and "unused-too" not in out
    assert ".used{margin: 0}" in out  # the unused selector of the list is dropped
    assert "#anchor .used{padding: 0}" in out and "#missing" not in out
    assert ".jp-Cell:not(.jp-mod-active) .used{opacity: 1}" in out
    assert "--never" not in out and "pink" not in out
    assert "@font-face" in out and "@keyframes spin" in out
    assert "@media (max-width: 600px){.used{color: green}}" in out
    assert "@media print" not in out
    assert "@charset" not in out


def test_notebook_stylesheet_adds_theme_overrides():
    sheet = nbstyle.notebook_stylesheet(
        [".jupyter-wrapper{--a: 1}"], ['<div class="jupyter-wrapper">']
    )
    assert sheet.startswith(".jupyter-wrapper{--a: 1}")
    for needle in (
        ".jp-InputPrompt",
        "--md-code-bg-color",
        "--md-code-fg-color",
        "--md-default-fg-color",
    ):
        assert needle in sheet


def test_extract_images():
    html, files = nbstyle.extract_images(
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="p"></p>'
    )
    ((name, data),) = files.items()
    assert data == b"\x89PNG\r\n\x1a\n"
    assert name.startswith("nb-") and name.endswith(".png")
    assert html == f'<p><img loading="lazy" decoding="async" src="{name}" alt="p"></p>'


def test_extract_images_rewrites_the_lightbox_link_to_the_same_file():
    data = "data:image/png;base64,iVBORw0KGgo="
    html, files = nbstyle.extract_images(
        f'<a class="glightbox" href="{data}"><img src="{data}"></a>'
    )
    ((name, _),) = files.items()
    assert html == (
        f'<a class="glightbox" href="{name}"><img loading="lazy" decoding="async" src="{name}"></a>'
    )


def test_extracted_plots_are_shrunk_sized_and_lazy():
    figure = io.BytesIO()
    image = Image.new("RGBA", (320, 200), "white")
    for x in range(320):  # an anti-aliased-looking ramp: many colours, palette-friendly
        image.putpixel((x, x * 200 // 320), (x % 256, 80, 160, 255))
    image.save(figure, format="PNG")
    encoded = base64.b64encode(figure.getvalue()).decode()
    html, files = nbstyle.extract_images(f'<img src="data:image/png;base64,{encoded}" alt="p">')
    ((name, data),) = files.items()
    assert len(data) < len(figure.getvalue())
    with Image.open(io.BytesIO(data)) as shrunk:
        assert shrunk.size == (320, 200) and shrunk.mode == "P"
    assert html == (
        f'<img loading="lazy" decoding="async" width="320" height="200" src="{name}" alt="p">'
    )


def test_slim_code_drops_duplicate_copy_widgets_and_plain_spans():
    cell = (
        '<div class="jp-Cell-inputWrapper" tabindex="0">'
        '<div class="zeroclipboard-container">\n<clipboard-copy for="cell-1">\n<div>\n'
        "<svg></svg>\n</div>\n</clipboard-copy>\n</div>\n"
        '<div class="highlight-ipynb hl-python"><pre><span></span><span class="n">x</span>'
        '<span class="w"> </span><span class="o">=</span><span class="w"> </span>'
        '<span class="mi">1</span><span class="c1"># one</span>\n</pre></div>\n'
        '<div class="clipboard-copy-txt" id="cell-1">x = 1 # one\n</div>'
    )
    assert nbstyle.slim_code(cell) == (
        '<div class="jp-Cell-inputWrapper">'
        '<div class="highlight-ipynb hl-python"><pre><nav class="md-code__nav">'
        '<button class="md-code__button" aria-label="Copy to clipboard" '
        'data-clipboard-target="#nb-code-1" data-md-type="copy"></button></nav>'
        '<span class="nb-code" id="nb-code-1" tabindex="0">x = <span class="mi">1</span>'
        '<span class="c1"># one</span>\n</span></pre></div>\n'
    )


def test_dead_mkdocs_jupyter_scripts_are_dropped_and_ours_kept():
    page = (
        "<script>(function (global, factory) { ClipboardCopyElement })</script> "
        "<script>document.addEventListener('clipboard-copy', function(e) {})</script> "
        '<script src> </script> <script type="text/x-mathjax-config">init_mathjax = 1</script> '
        '<script type="module">document.querySelectorAll(".jp-Mermaid > pre.mermaid");'
        'import("https://cdn.example/mermaid.mjs")</script>'
        '<script src="../assets/javascripts/mermaid-loader.js"></script>'
        "<script>var palette=__md_get('__palette')</script>"
    )
    assert nbstyle.drop_dead_scripts(page) == (
        '<script src="../assets/javascripts/mermaid-loader.js"></script>'
        "<script>var palette=__md_get('__palette')</script>"
    )


def test_built_notebook_pages_load_no_dead_or_third_party_scripts(built_site):
    html = (built_site / "monitoring" / "drift-detection" / "index.html").read_text("utf-8")
    for dead in ("ClipboardCopyElement", "init_mathjax", "jp-Mermaid", "cdnjs"):
        assert dead not in html, dead
