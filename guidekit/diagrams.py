"""Diagrams as code: render every ``diagrams/<name>.py`` into ``assets/diagrams/<name>.svg``.

Each source is a Python script using the ``diagrams`` library and the shared
``diagrams/house_style.py``. The build runs every source in its own subprocess (a temporary
working directory, the output path in the environment), then post-processes the SVG so it stands
alone on a web page:

- icons that Graphviz references by absolute path under site-packages are inlined as
  ``data:`` URIs (text stays text, so it stays crisp and searchable);
- the source's ``TITLE`` and ``DESCRIPTION`` become the SVG's ``<title>`` and ``<desc>``, with
  ``role="img"`` and ``aria-labelledby`` for assistive technology.

Rendered files live in a cache folder (``.cache/diagrams``, never in docs/), named after a hash
of everything that decides the picture: the source, the shared files next to it
(house_style.py, icons), the ``diagrams`` library version and this module. A build where none
of those changed reuses the cache without starting Python or Graphviz. The MkDocs hook adds the
cached files to the site's files, so MkDocs' own link validation sees them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from guidekit import CACHE, ROOT, display_path, write_atomic

SOURCE_DIR = ROOT / "diagrams"
CACHE_DIR = CACHE / "diagrams"
DOCS_DIR = ROOT / "docs"
SITE_DIR_PREFIX = "assets/diagrams"
HOUSE_STYLE = "house_style.py"
# Must match OUTPUT_ENV in diagrams/house_style.py.
OUTPUT_ENV = "GUIDEKIT_DIAGRAM_OUTPUT"
TIMEOUT_SECONDS = 120
TRACEBACK_LINES = 12

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
HREF = f"{{{XLINK_NS}}}href"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Runs inside the subprocess: execute the source as __main__ with its own folder importable
# (for house_style), then hand TITLE and DESCRIPTION back through a JSON file.
RUNNER = """\
import json, os, runpy, sys
source, meta_path = sys.argv[1], sys.argv[2]
sys.argv = [source]
sys.path.insert(0, os.path.dirname(source))
namespace = runpy.run_path(source, run_name="__main__")
meta = {key: namespace.get(key) for key in ("TITLE", "DESCRIPTION")}
meta = {key: value if isinstance(value, str) else None for key, value in meta.items()}
with open(meta_path, "w", encoding="utf-8") as handle:
    json.dump(meta, handle)
"""


class DiagramError(RuntimeError):
    """A diagram could not be rendered, or its output would not stand alone on a page."""


@dataclass(frozen=True)
class Rendered:
    name: str
    site_path: str  # e.g. "assets/diagrams/ml_lifecycle.svg"
    svg: Path  # the cached file
    fresh: bool  # True if this call rendered it, False if it came from the cache


# --------------------------------------------------------------------------------------------
# Sources and cache keys
# --------------------------------------------------------------------------------------------


def sources(src_dir: Path = SOURCE_DIR) -> list[Path]:
    """Every diagram source: the .py files in src_dir except house_style.py and _helpers.py."""
    if not src_dir.is_dir():
        return []
    found = sorted(
        p for p in src_dir.glob("*.py") if p.name != HOUSE_STYLE and not p.name.startswith("_")
    )
    bad = [p.name for p in found if not NAME.match(p.stem)]
    if bad:
        raise DiagramError(
            f"diagram source name(s) {', '.join(bad)} in {display_path(src_dir)}: use lower-case "
            "letters, digits, '_' and '-' only; the name becomes the image's URL."
        )
    if (src_dir / "__init__.py").exists():
        raise DiagramError(
            f"{display_path(src_dir / '__init__.py')}: remove it. A package named 'diagrams' "
            "shadows the diagrams library; the folder must stay a plain folder of scripts."
        )
    return found


def shared_files(src_dir: Path = SOURCE_DIR) -> list[Path]:
    """Files every diagram may depend on: house_style.py, _helpers.py and anything in subfolders
    (icons). Diagram sources themselves are not shared."""
    diagram_sources = set(sources(src_dir))
    found = []
    for path in sorted(src_dir.rglob("*")):
        relative = path.relative_to(src_dir)
        if not path.is_file() or path in diagram_sources:
            continue
        if any(part == "__pycache__" or part.startswith(".") for part in relative.parts):
            continue
        found.append(path)
    return found


def _fingerprint(path: Path, base: Path) -> bytes:
    data = path.read_bytes()
    header = f"{path.relative_to(base).as_posix()}\0{len(data)}\0".encode()
    return header + data


def _shared_digest(src_dir: Path) -> hashlib._Hash:
    """The part of every diagram's key that all diagrams share."""
    digest = hashlib.sha256()
    digest.update(f"diagrams=={version('diagrams')}\0".encode())
    digest.update(_fingerprint(Path(__file__), Path(__file__).parent))  # this pipeline
    for shared in shared_files(src_dir):
        digest.update(_fingerprint(shared, src_dir))
    return digest


def cache_key(source: Path, src_dir: Path = SOURCE_DIR, shared=None) -> str:
    """Hash of everything that decides how a diagram looks, except the Graphviz binary (whose
    output bytes differ between versions, so it is not compared). `shared` is
    `_shared_digest(src_dir)`, when the caller computes it once for many diagrams."""
    digest = (shared or _shared_digest(src_dir)).copy()
    digest.update(_fingerprint(source, src_dir))
    return digest.hexdigest()


def cached_svg(source: Path, src_dir: Path, cache_dir: Path, shared=None) -> Path:
    return cache_dir / f"{source.stem}-{cache_key(source, src_dir, shared)[:20]}.svg"


def site_path(name: str) -> str:
    return f"{SITE_DIR_PREFIX}/{name}.svg"


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def render_all(
    src_dir: Path = SOURCE_DIR, cache_dir: Path = CACHE_DIR, *, jobs: int | None = None
) -> list[Rendered]:
    """Render every stale diagram, reuse fresh ones, delete stale cache entries.

    Raises DiagramError naming every source that failed.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    shared = _shared_digest(src_dir)
    wanted = {source: cached_svg(source, src_dir, cache_dir, shared) for source in sources(src_dir)}
    stale = [source for source, svg in wanted.items() if not svg.is_file()]

    errors: list[str] = []
    if stale:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = pool.map(lambda s: _try_render(s, wanted[s]), stale)
            errors = [message for message in outcomes if message]

    keep = set(wanted.values())
    for old in cache_dir.iterdir():
        if old.suffix == ".svg" and old not in keep:
            old.unlink(missing_ok=True)

    if errors:
        raise DiagramError("\n\n".join(errors))
    return [
        Rendered(source.stem, site_path(source.stem), svg, source in stale)
        for source, svg in wanted.items()
    ]


def _try_render(source: Path, target: Path) -> str | None:
    try:
        render_one(source, target)
    except DiagramError as error:
        return str(error)
    return None


def render_one(source: Path, target: Path) -> None:
    """Run one source in a subprocess and write its self-contained SVG to target."""
    with tempfile.TemporaryDirectory(prefix="guidekit-diagram-") as tmp:
        work = Path(tmp)
        output = work / source.stem
        meta_path = work / "meta.json"
        env = {**os.environ, OUTPUT_ENV: str(output), "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            result = subprocess.run(
                [sys.executable, "-c", RUNNER, str(source.resolve()), str(meta_path)],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as error:
            raise DiagramError(
                f"{display_path(source)}: still running after {TIMEOUT_SECONDS} s; stopped."
            ) from error
        if result.returncode != 0:
            # Drop the runner's own frames: readers need the frames in their file.
            lines = [
                line
                for line in result.stderr.strip().splitlines()
                if not line.startswith(('  File "<string>"', '  File "<frozen runpy>"'))
            ]
            tail = "\n".join(lines[-TRACEBACK_LINES:])
            hint = ""
            if "ExecutableNotFound" in result.stderr:
                hint = "\nGraphviz is missing: sudo apt-get install -y graphviz"
            raise DiagramError(
                f"{display_path(source)} failed (exit code {result.returncode}). "
                f"Last lines of its output:\n{tail}{hint}"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        missing = [key for key in ("TITLE", "DESCRIPTION") if not (meta.get(key) or "").strip()]
        if missing:
            raise DiagramError(
                f"{display_path(source)}: set module-level {' and '.join(missing)} to non-empty "
                "string(s). TITLE names the picture; DESCRIPTION tells screen-reader users "
                "what it shows."
            )
        svg = output.with_suffix(".svg")
        if not svg.is_file():
            raise DiagramError(
                f"{display_path(source)} ran but wrote no SVG. Open the diagram with "
                "house_style.diagram() so the build decides the file name and format."
            )
        text = make_self_contained(
            svg.read_bytes(), title=meta["TITLE"], description=meta["DESCRIPTION"], name=source.stem
        )
        problems = self_contained_problems(text)
        if problems:
            raise DiagramError(f"{display_path(source)}: the rendered SVG {'; '.join(problems)}.")
    write_atomic(target, text.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# Post-processing: a standalone, accessible SVG
# --------------------------------------------------------------------------------------------


def make_self_contained(svg_bytes: bytes, *, title: str, description: str, name: str) -> str:
    """Inline every icon as a data: URI, drop Graphviz's internal titles and comments, and add
    an accessible <title> and <desc>. Returns the SVG document as text."""
    # ElementTree drops the DOCTYPE (which names a w3.org DTD) and comments (which name files).
    root = ET.fromstring(svg_bytes)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise DiagramError(f"expected an <svg> document, got <{root.tag}>")
    icons: dict[str, str] = {}
    for element in root.iter():
        for attribute in (HREF, "href"):
            value = element.get(attribute)
            if value is None or value.startswith("data:"):
                continue
            if element.tag != f"{{{SVG_NS}}}image":
                raise DiagramError(
                    f"a <{_local(element.tag)}> links to {value!r}; diagrams may not contain "
                    "links (remove URL/href attributes)"
                )
            if value not in icons:
                icons[value] = _data_uri(value)
            element.set(attribute, icons[value])

    # Graphviz gives every graph, node and edge a <title> holding its internal id (random hex
    # for diagrams nodes); they add noise as tooltips and for assistive technology.
    for group in list(root.iter(f"{{{SVG_NS}}}g")):
        for child in list(group):
            if child.tag == f"{{{SVG_NS}}}title":
                group.remove(child)

    title_id, desc_id = f"{name}-title", f"{name}-desc"
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": title_id})
    title_element.text = title.strip()
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": desc_id})
    desc_element.text = " ".join(description.split())
    root.insert(0, desc_element)
    root.insert(0, title_element)
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    root.set(f"{{{XML_NS}}}lang", "en")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _data_uri(reference: str) -> str:
    """The icon at a local path (or file: URL) as a data: URI."""
    scheme = urlsplit(reference).scheme
    if scheme == "file":
        path = Path(unquote(urlsplit(reference).path))
    elif scheme and len(scheme) > 1:  # http:, https: ...; one letter is a Windows drive
        raise DiagramError(
            f"an icon is loaded from {reference!r}; use a local file (icons are inlined)"
        )
    else:
        path = Path(reference)
    if not path.is_absolute():
        raise DiagramError(
            f"an icon path is relative ({reference!r}); the build runs each diagram in a "
            "temporary folder, so give custom icons as absolute paths, e.g. "
            "str(Path(__file__).parent / 'icons' / 'name.png')"
        )
    if not path.is_file():
        raise DiagramError(f"icon not found: {reference}")
    data = path.read_bytes()
    mime = next((m for magic, m in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if mime is None:
        raise DiagramError(f"icon {path.name} is not a PNG, JPEG or GIF image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# Checks shared by the build (on every fresh render) and the tests.
DATA_URI = re.compile(r"data:[^\"'<>\s]*")
URL = re.compile(r"https?://[^\s\"'<>)]+")
NAMESPACE_DECLARATION = re.compile(r"""xmlns(?::[\w.-]+)?=["']$""")
ABSOLUTE_PATH = re.compile(
    r"""(?:^|[\s"'(=>,;])(/(?:[\w.@+-]+/)+[\w.@+-]*|[A-Za-z]:\\[^\s"'<>]+|file:/[^\s"'<>]*)"""
)


def self_contained_problems(svg_text: str) -> list[str]:
    """Why this SVG would not display the same when published; empty if it is self-contained."""
    problems = []
    try:
        root = ET.fromstring(svg_text)
    except ET.ParseError as error:
        return [f"is not well-formed XML ({error})"]
    if root.tag != f"{{{SVG_NS}}}svg":
        problems.append(f"has root <{_local(root.tag)}>, not <svg>")
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if _local(attribute) == "href" and not value.startswith("data:"):
                problems.append(f"references {value!r} from <{_local(element.tag)}>")
    children = list(root)
    first_two = [_local(c.tag) for c in children[:2]]
    if first_two != ["title", "desc"] or not all((c.text or "").strip() for c in children[:2]):
        problems.append("does not start with a non-empty <title> and <desc>")
    if root.get("role") != "img" or not root.get("aria-labelledby"):
        problems.append('lacks role="img" and aria-labelledby on <svg>')

    text = DATA_URI.sub("data:", svg_text)  # base64 may contain anything that looks like a path
    for match in URL.finditer(text):
        if not NAMESPACE_DECLARATION.search(text[max(0, match.start() - 40) : match.start()]):
            problems.append(f"contains the URL {match.group()!r}")
    for match in ABSOLUTE_PATH.finditer(text):
        problems.append(f"contains the file path {match.group(1)!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Where the site uses diagrams (for the build and for the tests over the built site)
# --------------------------------------------------------------------------------------------


def check_no_conflicts(rendered: Iterable[Rendered], existing_src_uris: Iterable[str]) -> None:
    """A file under docs/assets/diagrams/ would collide with a generated one."""
    existing = set(existing_src_uris)
    clashes = [r.site_path for r in rendered if r.site_path in existing]
    if clashes:
        raise DiagramError(
            f"docs/{', docs/'.join(clashes)} would be replaced by the rendered diagram(s). "
            "Delete the file(s) from docs/: diagrams are built from diagrams/<name>.py."
        )


EMBED = re.compile(rf"{re.escape(SITE_DIR_PREFIX)}/([A-Za-z0-9_-]+)\.svg")
# Examples in code do not count as using a diagram.
FENCED_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]+`")


def unused_sources(docs_dir: Path = DOCS_DIR, src_dir: Path = SOURCE_DIR) -> list[str]:
    """Names of diagram sources that no Markdown page under docs_dir embeds (outside code)."""
    used = set()
    for page in docs_dir.rglob("*.md"):
        text = INLINE_CODE.sub("", FENCED_CODE.sub("", page.read_text(encoding="utf-8")))
        used.update(EMBED.findall(text))
    return [source.stem for source in sources(src_dir) if source.stem not in used]


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append({k: v or "" for k, v in attrs})


def site_image_problems(site_dir: Path, src_dir: Path = SOURCE_DIR) -> list[str]:
    """Problems with diagram images in a built site: an <img> of assets/diagrams/ whose file
    is missing, that has no source in src_dir, or that has no alt text."""
    problems = []
    names = {source.stem for source in sources(src_dir)}
    for html in sorted(site_dir.rglob("*.html")):
        page = html.relative_to(site_dir).as_posix()
        parser = _Images()
        parser.feed(html.read_text(encoding="utf-8"))
        for image in parser.images:
            src = image.get("src", "")
            if f"{SITE_DIR_PREFIX}/" not in src:
                continue
            target = PurePosixPath(urlsplit(urljoin(f"/{page}", src)).path)
            if not (site_dir / target.relative_to("/")).is_file():
                problems.append(f"{page}: <img src={src!r}> points to a file the site lacks")
            if target.suffix != ".svg" or target.stem not in names:
                problems.append(f"{page}: <img src={src!r}> has no source diagrams/<name>.py")
            if not image.get("alt", "").strip():
                problems.append(f"{page}: <img src={src!r}> has no alt text")
    return problems


def site_files(existing_src_uris: Iterable[str]) -> dict[str, Path]:
    """For the MkDocs hook: render what is stale and map each site path to its cached SVG."""
    rendered = render_all()
    check_no_conflicts(rendered, existing_src_uris)
    return {r.site_path: r.svg for r in rendered}


# --------------------------------------------------------------------------------------------
# Embedding
# --------------------------------------------------------------------------------------------

_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
_DIAGRAM_IMG = re.compile(
    r'<img\b(?![^>]*\bwidth=)([^>]*\bsrc="[^"]*assets/diagrams/([\w-]+)\.svg")'
)


def svg_size(svg: Path) -> tuple[int, int] | None:
    """A Graphviz SVG's size in CSS pixels (it states points; 1pt = 4/3 px)."""
    found = _SVG_SIZE.search(svg.read_bytes()[:2000])
    if not found:
        return None
    return tuple(round(float(v) * 4 / 3) for v in found.groups())  # type: ignore[return-value]


def size_images(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Give each diagram <img> its width and height, so the page keeps its layout while the
    image loads. A diagram before the first section heading may be the first thing a reader
    sees (and the page's largest paint): it is fetched early. The others, usually a screen or
    more further down, load lazily. `sizes` maps diagram names to `svg_size`."""
    first_section = html.find("<h2")
    first_section = len(html) if first_section < 0 else first_section

    def sized(match: re.Match) -> str:
        size = sizes.get(match.group(2))
        if size is None:
            return match.group(0)
        opening = match.start() < first_section
        loading = ' fetchpriority="high"' if opening else ' loading="lazy"'
        attrs = f'width="{size[0]}" height="{size[1]}"{loading} decoding="async"'
        return f"<img {attrs}{match.group(1)}"

    return _DIAGRAM_IMG.sub(sized, html)
