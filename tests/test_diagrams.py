"""Diagrams as code: every diagrams/<name>.py renders into a self-contained, accessible SVG,
only when something it depends on changed, and every page that shows one has its source."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from guidekit import ROOT
from guidekit import diagrams as pipeline

SVG = "{http://www.w3.org/2000/svg}"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
SOURCES = pipeline.sources()
NAMES = [source.stem for source in SOURCES]

SMALL = """
from diagrams.onprem.compute import Server
from house_style import diagram, edge

TITLE = "{title}"
DESCRIPTION = "A client calls a server."

with diagram():
    Server("client") >> edge("call") >> Server("server")
"""


def module_constant(source: Path, name: str) -> str:
    """A module-level string constant, read without running the file."""
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{source.name} has no {name}")


@pytest.fixture
def src_dir(tmp_path) -> Path:
    """A diagrams folder with the real house style and two small diagrams."""
    folder = tmp_path / "diagrams"
    folder.mkdir()
    shutil.copy(pipeline.SOURCE_DIR / pipeline.HOUSE_STYLE, folder / pipeline.HOUSE_STYLE)
    (folder / "alpha.py").write_text(SMALL.format(title="Alpha"), encoding="utf-8")
    (folder / "beta.py").write_text(SMALL.format(title="Beta"), encoding="utf-8")
    return folder


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def runs(monkeypatch) -> list:
    """Records every subprocess the pipeline starts (each diagram run is one)."""
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0] if args else kwargs.get("args"))
        return real_run(*args, **kwargs)

    monkeypatch.setattr(pipeline.subprocess, "run", counting_run)
    return calls


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The guide's real diagrams, rendered once into a fresh cache."""
    cache = tmp_path_factory.mktemp("diagram-cache")
    return {r.name: r.svg for r in pipeline.render_all(pipeline.SOURCE_DIR, cache)}


# --------------------------------------------------------------------------------------------
# The guide's own diagrams
# --------------------------------------------------------------------------------------------


def test_the_guide_has_its_reference_diagrams():
    assert {"ml_lifecycle", "online_inference"} <= set(NAMES)
    assert pipeline.HOUSE_STYLE not in [s.name for s in SOURCES]


def test_diagrams_folder_is_not_a_package():
    """A diagrams/__init__.py would shadow the diagrams library for every source."""
    assert not (pipeline.SOURCE_DIR / "__init__.py").exists()


@pytest.mark.parametrize("name", NAMES)
def test_every_source_renders(rendered, name):
    svg = rendered[name]
    assert svg.is_file() and svg.stat().st_size > 0
    assert svg.stat().st_mode & 0o044 == 0o044, "the web server must be able to read it"
    assert ET.parse(svg).getroot().tag == f"{SVG}svg"


@pytest.mark.parametrize("name", NAMES)
def test_rendered_svg_is_self_contained(rendered, name):
    text = rendered[name].read_text(encoding="utf-8")
    root = ET.fromstring(text)

    # Icon diagrams must carry their icons inline; text-only diagrams (box()) have none.
    source = next(s for s in SOURCES if s.stem == name).read_text(encoding="utf-8")
    uses_icons = re.search(r"^from diagrams\.", source, re.M)
    images = list(root.iter(f"{SVG}image"))
    assert bool(images) == bool(uses_icons), (
        f"{name}: icons used {bool(uses_icons)}, <image> {len(images)}"
    )
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute.endswith("href"):
                assert value.startswith("data:image/"), f"{name}: <{element.tag}> links {value}"

    without_data = re.sub(r"data:[^\"'\s<>]*", "data:", text)
    for needle in {str(ROOT), str(Path(pipeline.__file__).parent), "site-packages", "/tmp/"}:
        assert needle not in without_data, f"{name}: contains the local path {needle!r}"
    assert not re.search(r"(?:^|[\s\"'>])/(?:[\w.-]+/)+[\w.-]+", without_data), name
    for url in re.findall(r"https?://[^\s\"'<>]+", without_data):
        assert url in NAMESPACES, f"{name}: contains the URL {url}"
        assert re.search(rf'xmlns(?::\w+)?="{re.escape(url)}"', text), url
    assert pipeline.self_contained_problems(text) == []


@pytest.mark.parametrize("name", NAMES)
def test_rendered_svg_has_title_and_description_from_source(rendered, name):
    root = ET.parse(rendered[name]).getroot()
    first, second = list(root)[:2]
    source = pipeline.SOURCE_DIR / f"{name}.py"
    assert first.tag == f"{SVG}title" and first.text == module_constant(source, "TITLE")
    assert second.tag == f"{SVG}desc"
    assert second.text == " ".join(module_constant(source, "DESCRIPTION").split())
    assert len(second.text) > 80, f"{name}: describe the whole flow for screen-reader users"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby").split() == [first.get("id"), second.get("id")]
    # Graphviz's own <title>s hold random node ids; they must not reach readers.
    assert len(list(root.iter(f"{SVG}title"))) == 1


# --------------------------------------------------------------------------------------------
# Failures name the file and say what to do
# --------------------------------------------------------------------------------------------


def test_a_source_that_raises_fails_naming_the_file_and_traceback(src_dir, cache_dir):
    (src_dir / "broken.py").write_text(
        "from house_style import diagram\n\nTITLE = 'x'\nDESCRIPTION = 'y'\n\n"
        "def boom():\n    raise ValueError('the load balancer is missing')\n\nboom()\n",
        encoding="utf-8",
    )
    with pytest.raises(pipeline.DiagramError) as caught:
        pipeline.render_all(src_dir, cache_dir)
    message = str(caught.value)
    assert "broken.py" in message
    assert "ValueError: the load balancer is missing" in message
    assert "line 7, in boom" in message
    assert "alpha" not in message, "healthy diagrams are not reported"
    # The healthy diagrams were still rendered and cached.
    assert sorted(p.name.split("-")[0] for p in cache_dir.glob("*.svg")) == ["alpha", "beta"]


def test_a_source_without_title_or_description_fails(src_dir, cache_dir):
    (src_dir / "untitled.py").write_text(
        SMALL.format(title="T").replace('TITLE = "T"\n', ""), encoding="utf-8"
    )
    with pytest.raises(pipeline.DiagramError, match=r"untitled\.py: set module-level TITLE"):
        pipeline.render_all(src_dir, cache_dir)


def test_a_source_that_writes_no_svg_fails(src_dir, cache_dir):
    (src_dir / "silent.py").write_text("TITLE = 'T'\nDESCRIPTION = 'D'\n", encoding="utf-8")
    with pytest.raises(pipeline.DiagramError, match=r"silent\.py ran but wrote no SVG"):
        pipeline.render_all(src_dir, cache_dir)


def test_an_init_file_in_the_diagrams_folder_is_refused(src_dir, cache_dir):
    (src_dir / "__init__.py").write_text("", encoding="utf-8")
    with pytest.raises(pipeline.DiagramError, match="shadows"):
        pipeline.render_all(src_dir, cache_dir)


def test_a_name_that_is_not_url_safe_is_refused(src_dir, cache_dir):
    (src_dir / "Bad Name.py").write_text(SMALL.format(title="x"), encoding="utf-8")
    with pytest.raises(pipeline.DiagramError, match=r"Bad Name\.py"):
        pipeline.render_all(src_dir, cache_dir)


def test_post_processing_refuses_what_it_cannot_inline(tmp_path):
    head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    for href, problem in [
        ("https://example.com/icon.png", "local file"),
        ("icons/relative.png", "relative"),
        (str(tmp_path / "missing.png"), "not found"),
    ]:
        svg = f'{head}<g><image xlink:href="{href}"/></g></svg>'.encode()
        with pytest.raises(pipeline.DiagramError, match=problem):
            pipeline.make_self_contained(svg, title="t", description="d", name="n")
    link = f'{head}<a xlink:href="https://example.com"><text>x</text></a></svg>'.encode()
    with pytest.raises(pipeline.DiagramError, match="may not contain links"):
        pipeline.make_self_contained(link, title="t", description="d", name="n")


def test_self_containment_check_catches_leaks():
    good = (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="t d">'
        '<title id="t">T</title><desc id="d">D</desc>{}</svg>'
    )
    assert pipeline.self_contained_problems(good.format("<text>Offline / lake</text>")) == []
    leaks = {
        "<text>/usr/lib/python3/site-packages/x.png</text>": "file path",
        '<image href="/home/me/icon.png"/>': "references",
        "<text>see https://cdn.example.com/a.png</text>": "URL",
    }
    for fragment, problem in leaks.items():
        problems = pipeline.self_contained_problems(good.format(fragment))
        assert any(problem in p for p in problems), (fragment, problems)
    untitled = '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>'
    assert any("<title>" in p for p in pipeline.self_contained_problems(untitled))


def test_a_generated_diagram_may_not_clash_with_a_file_in_docs(src_dir, cache_dir):
    rendered = pipeline.render_all(src_dir, cache_dir)
    with pytest.raises(pipeline.DiagramError, match=r"docs/assets/diagrams/alpha\.svg"):
        pipeline.check_no_conflicts(rendered, ["index.md", "assets/diagrams/alpha.svg"])
    pipeline.check_no_conflicts(rendered, ["index.md"])


# --------------------------------------------------------------------------------------------
# Incremental builds
# --------------------------------------------------------------------------------------------


def test_a_second_build_with_no_change_runs_nothing(src_dir, cache_dir, runs):
    first = pipeline.render_all(src_dir, cache_dir)
    assert len(runs) == 2 and all(r.fresh for r in first)
    mtimes = {r.svg: r.svg.stat().st_mtime_ns for r in first}

    second = pipeline.render_all(src_dir, cache_dir)
    assert len(runs) == 2, "an unchanged build started a subprocess"
    assert not any(r.fresh for r in second)
    assert {r.svg: r.svg.stat().st_mtime_ns for r in second} == mtimes


def test_changing_one_source_rerenders_only_that_one(src_dir, cache_dir, runs):
    before = {r.name: r.svg for r in pipeline.render_all(src_dir, cache_dir)}
    runs.clear()
    (src_dir / "beta.py").write_text(SMALL.format(title="Beta, revised"), encoding="utf-8")

    after = {r.name: r for r in pipeline.render_all(src_dir, cache_dir)}
    assert len(runs) == 1 and str(src_dir / "beta.py") in runs[0]
    assert not after["alpha"].fresh and after["alpha"].svg == before["alpha"]
    assert after["beta"].fresh and after["beta"].svg != before["beta"]
    assert not before["beta"].exists(), "the stale cache entry was kept"
    assert "Beta, revised" in after["beta"].svg.read_text(encoding="utf-8")


def test_cache_key_follows_house_style_and_library_version(src_dir, monkeypatch):
    alpha, beta = src_dir / "alpha.py", src_dir / "beta.py"
    key_alpha, key_beta = pipeline.cache_key(alpha, src_dir), pipeline.cache_key(beta, src_dir)
    assert key_alpha != key_beta
    assert pipeline.cache_key(alpha, src_dir) == key_alpha, "the key must be deterministic"

    (src_dir / "gamma.py").write_text(SMALL.format(title="Gamma"), encoding="utf-8")
    assert pipeline.cache_key(alpha, src_dir) == key_alpha, "another diagram is not shared"

    house_style = src_dir / pipeline.HOUSE_STYLE
    house_style.write_text(house_style.read_text() + "\nINK = '#000000'\n", encoding="utf-8")
    assert pipeline.cache_key(alpha, src_dir) != key_alpha
    assert pipeline.cache_key(beta, src_dir) != key_beta
    key_alpha = pipeline.cache_key(alpha, src_dir)

    (src_dir / "icons").mkdir()
    (src_dir / "icons" / "custom.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    assert pipeline.cache_key(alpha, src_dir) != key_alpha, "shared icons are inputs too"
    key_alpha = pipeline.cache_key(alpha, src_dir)

    monkeypatch.setattr(pipeline, "version", lambda package: "999.0")
    assert pipeline.cache_key(alpha, src_dir) != key_alpha


def test_house_style_change_rerenders_everything(src_dir, cache_dir, runs):
    pipeline.render_all(src_dir, cache_dir)
    runs.clear()
    house_style = src_dir / pipeline.HOUSE_STYLE
    house_style.write_text(house_style.read_text() + "\n# tweak\n", encoding="utf-8")
    assert all(r.fresh for r in pipeline.render_all(src_dir, cache_dir))
    assert len(runs) == 2
    assert len(list(cache_dir.glob("*.svg"))) == 2, "stale entries were not removed"


def test_removing_a_source_removes_its_cache_entry(src_dir, cache_dir):
    pipeline.render_all(src_dir, cache_dir)
    (src_dir / "beta.py").unlink()
    assert [r.name for r in pipeline.render_all(src_dir, cache_dir)] == ["alpha"]
    assert [p.name.split("-")[0] for p in cache_dir.iterdir()] == ["alpha"]


# --------------------------------------------------------------------------------------------
# Pages and diagrams agree (the checks, then the guide itself)
# --------------------------------------------------------------------------------------------


def write_page(site: Path, path: str, body: str) -> None:
    page = site / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_site_image_check_finds_missing_sources_files_and_alt_text(src_dir, tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "diagrams").mkdir(parents=True)
    (site / "assets" / "diagrams" / "alpha.svg").write_text("<svg/>")
    (site / "assets" / "diagrams" / "orphan.svg").write_text("<svg/>")
    write_page(site, "a/index.html", '<img alt="Alpha flow" src="../assets/diagrams/alpha.svg">')
    assert pipeline.site_image_problems(site, src_dir) == []

    write_page(site, "b/index.html", '<img alt="" src="../assets/diagrams/alpha.svg">')
    write_page(site, "c/index.html", '<img alt="x" src="../assets/diagrams/orphan.svg">')
    write_page(site, "d/index.html", '<img alt="x" src="../assets/diagrams/beta.svg">')
    problems = "\n".join(pipeline.site_image_problems(site, src_dir))
    assert "b/index.html" in problems and "no alt text" in problems
    assert "c/index.html" in problems and "no source" in problems
    assert "d/index.html" in problems and "lacks" in problems


def test_unused_source_check(src_dir, tmp_path):
    docs = tmp_path / "docs"
    (docs / "part").mkdir(parents=True)
    (docs / "part" / "page.md").write_text("![Alpha](../assets/diagrams/alpha.svg)\n")
    assert pipeline.unused_sources(docs, src_dir) == ["beta"]
    # An example in code is not a use.
    (docs / "howto.md").write_text(
        "Write `![B](assets/diagrams/beta.svg)`, or:\n\n"
        "```markdown\n![Beta](assets/diagrams/beta.svg)\n```\n"
    )
    assert pipeline.unused_sources(docs, src_dir) == ["beta"]
    (docs / "howto.md").write_text("![Beta](assets/diagrams/beta.svg)\n")
    assert pipeline.unused_sources(docs, src_dir) == []


def test_every_source_is_used_by_some_page():
    unused = pipeline.unused_sources(pipeline.DOCS_DIR, pipeline.SOURCE_DIR)
    assert not unused, (
        f"diagram source(s) no page embeds: {', '.join(unused)}. Embed each with "
        "![Alt text](<relative path>/assets/diagrams/<name>.svg) or delete the source."
    )


def test_every_page_diagram_has_a_source_and_alt_text(built_site):
    assert pipeline.site_image_problems(built_site, pipeline.SOURCE_DIR) == []


def test_built_site_contains_each_used_diagram_self_contained(built_site):
    used = set(NAMES) - set(pipeline.unused_sources(pipeline.DOCS_DIR, pipeline.SOURCE_DIR))
    assert used, "no page embeds a diagram"
    for name in sorted(used):
        svg = built_site / pipeline.site_path(name)
        assert svg.is_file(), f"{pipeline.site_path(name)} missing from the built site"
        assert pipeline.self_contained_problems(svg.read_text(encoding="utf-8")) == []
    assert not (ROOT / "docs" / "assets" / "diagrams").exists(), "generated files in docs/"


def test_diagram_images_are_sized_and_only_an_opening_one_loads_eagerly():
    sizes = {"intro": (300, 200), "later": (640, 480)}
    page = (
        '<p><img alt="a" src="../assets/diagrams/intro.svg"></p><h2 id="x">X</h2>'
        '<p><img alt="b" src="../assets/diagrams/later.svg"></p>'
        '<p><img alt="c" src="../assets/diagrams/unknown.svg"><img alt="d" src="photo.png"></p>'
    )
    out = pipeline.size_images(page, sizes)
    intro, later = re.findall(r"<img [^>]*diagrams/(?:intro|later)\.svg\"", out)
    # It opens the page, so it may be the largest paint: fetched early, never lazily.
    assert intro.startswith('<img width="300" height="200" fetchpriority="high" decoding="async"')
    assert later.startswith('<img width="640" height="480" loading="lazy" decoding="async"')
    assert '<img alt="c" src="../assets/diagrams/unknown.svg">' in out  # no size known
    assert '<img alt="d" src="photo.png">' in out  # not a diagram
    assert pipeline.size_images(out, sizes) == out  # already sized: left alone


def test_built_diagrams_state_their_size_in_pixels(built_site):
    svg = built_site / "assets" / "diagrams" / f"{NAMES[0]}.svg"
    width, height = pipeline.svg_size(svg)
    points = ET.parse(svg).getroot().get("width")
    assert points.endswith("pt") and width == round(float(points[:-2]) * 4 / 3) and height > 0
    html = (built_site / "learning-path" / "index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*assets/diagrams/[^>]*>", html)
    assert images and all(re.search(r'width="\d+" height="\d+"', i) for i in images)
