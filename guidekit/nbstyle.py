"""Light notebook pages: move mkdocs-jupyter's inlined CSS into one shared, pruned stylesheet.

mkdocs-jupyter 0.26 renders every notebook with these ``<style>`` blocks ahead of the
``<div class="jupyter-wrapper">`` that holds the cells (measured on a real build):

1. the Pygments CSS of the notebook's code, prefixed ``.highlight-ipynb`` (~5 KB);
2. JupyterLab's ``index.css``, starting ``@charset "UTF-8";.jupyter-wrapper{`` (~575 KB);
3. the light (or dark) theme variables, ``.jupyter-wrapper{--jp-...}`` (~10 KB);
4. nbconvert's Mermaid CSS, ``.jp-Mermaid ...`` (~1 KB);

and after the wrapper one more ``<style>`` holding the *Python repr* of the list of Pygments CSS
texts (``['pre { line-height: 125%; }\\n...']``, a template bug). Styles inside the wrapper
(e.g. pandas' ``<style scoped>`` in outputs) belong to outputs and stay.

:func:`split_styles` removes those blocks and returns their CSS; :func:`prune_css` keeps only
the rules that can match the given pages; :func:`theme_css` adds the Material-aware overrides
(``notebook_theme.css``); :func:`extract_images` moves base64 images out of the HTML.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import io
import itertools
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import tinycss2
from PIL import Image

from guidekit import cached_bytes

THEME_CSS = Path(__file__).with_name("notebook_theme.css")

# Classes that scripts add at run time (nbconvert's Mermaid renderer), so no built page has them.
RUNTIME_CLASSES = frozenset(
    {"jp-RenderedMermaid", "jp-RenderedMermaid-Details", "jp-RenderedMermaid-Summary"}
)

_STYLE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.S | re.I)
_WRAPPER_START = '<div class="jupyter-wrapper">'
_WRAPPER_END = "<!-- jupyter-wrapper -->"
# Content markers of the blocks mkdocs-jupyter injects (see the module docstring).
_NOTEBOOK_CSS_MARKERS = (".jupyter-wrapper", ".highlight-ipynb", ".jp-Mermaid")


def _is_notebook_css(attrs: str, css: str) -> bool:
    if re.search(r"\bscoped\b", attrs):
        return False
    return any(marker in css for marker in _NOTEBOOK_CSS_MARKERS)


def _css_texts(css: str) -> list[str]:
    """The CSS of one block; the repr-of-a-list block yields the strings it holds."""
    stripped = css.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        try:
            value = ast.literal_eval(stripped)
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [item.strip() for item in value]
    return [stripped]


def split_styles(html: str, replacement: str = "") -> tuple[str, list[str]]:
    """Remove the notebook CSS blocks mkdocs-jupyter injects; return (html, css_texts).

    Only blocks outside the notebook's cells (before ``<div class="jupyter-wrapper">`` or after
    its closing comment) whose CSS is notebook CSS are removed; CSS texts are de-duplicated in
    order. ``replacement`` (e.g. a ``<link rel="stylesheet">``) takes the place of the first
    removed block, so it sits in the page content that Material's instant navigation swaps.
    A page without a notebook is returned unchanged.
    """
    start = html.find(_WRAPPER_START)
    if start < 0:
        return html, []
    end = html.find(_WRAPPER_END, start)
    end = len(html) if end < 0 else end

    pieces: list[str] = []
    texts: list[str] = []
    last = 0
    replaced = False
    for match in _STYLE.finditer(html):
        inside_cells = start <= match.start() < end
        if inside_cells or not _is_notebook_css(match.group(1), match.group(2)):
            continue
        pieces.append(html[last : match.start()])
        if not replaced:
            pieces.append(replacement)
            replaced = True
        last = match.end()
        for text in _css_texts(match.group(2)):
            if text and text not in texts:
                texts.append(text)
    pieces.append(html[last:])
    return "".join(pieces), texts


class _Names(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.classes: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "class" and value:
                self.classes.update(value.split())
            elif name == "id" and value:
                self.ids.add(value)

    handle_startendtag = handle_starttag


def used_names(html: str) -> tuple[set[str], set[str]]:
    """(class names, ids) used by the elements of an HTML page."""
    parser = _Names()
    parser.feed(html)
    parser.close()
    return parser.classes, parser.ids


def _split_selectors(prelude: list) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [s for s in selectors if any(t.type not in ("whitespace", "comment") for t in s)]


def _selector_names(tokens: list) -> tuple[set[str], set[str]]:
    """Classes and ids a selector requires, at its top level.

    Names inside functional pseudo-classes (``:not(.x)``, ``:is()``, ``:has()``) and attribute
    selectors are ignored, which can only keep more rules, never drop a needed one.
    """
    classes: set[str] = set()
    ids: set[str] = set()
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if token.type == "ident" and previous is not None:
            if previous.type == "literal" and previous.value == ".":
                classes.add(token.value)
        elif token.type == "hash" and token.is_identifier:
            ids.add(token.value)
    return classes, ids


def _compounds(tokens: list) -> list[list]:
    """A selector's compound selectors (split at top-level combinators), whitespace removed."""
    compounds: list[list] = [[]]
    for token in tokens:
        if token.type == "whitespace" or (token.type == "literal" and token.value in ">+~"):
            if compounds[-1]:
                compounds.append([])
        elif token.type != "comment":
            compounds[-1].append(token)
    return [c for c in compounds if c]


def _never_matches(tokens: list) -> bool:
    """True for selectors like '.jupyter-wrapper :root' or '.x body': the document root
    (html, :root) or body can only be the first compound of a selector that matches."""
    for compound in _compounds(tokens)[1:]:
        first = compound[0]
        if first.type == "ident" and first.lower_value in ("html", "body"):
            return True
        for previous, token in itertools.pairwise(compound):
            after_colon = previous.type == "literal" and previous.value == ":"
            if after_colon and token.type == "ident" and token.lower_value == "root":
                return True
    return False


def _prune_rules(rules: list, classes: set[str], ids: set[str]) -> list[str]:
    kept: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _split_selectors(rule.prelude)
            matching = []
            for selector in selectors:
                needed_classes, needed_ids = _selector_names(selector)
                if _never_matches(selector):
                    continue
                if needed_classes <= classes and needed_ids <= ids:
                    matching.append(tinycss2.serialize(selector).strip())
            if matching:
                kept.append(f"{','.join(matching)}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if keyword == "charset":
                continue  # only valid first in a file; prune_css adds one when needed
            if keyword in ("media", "supports", "container", "layer", "document") and (
                rule.content is not None
            ):
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                pruned = _prune_rules(inner, classes, ids)
                if pruned:
                    prelude = tinycss2.serialize(rule.prelude).strip()
                    kept.append(f"@{rule.at_keyword} {prelude}{{{''.join(pruned)}}}")
            else:  # @font-face, @keyframes, @import, @page, @property, ...: keep as written
                kept.append(tinycss2.serialize([rule]).strip())
        # parse errors are dropped, as a browser would
    return kept


def prune_css(
    css: str, html_pages: Iterable[str], keep_classes: Iterable[str] = RUNTIME_CLASSES
) -> str:
    """Keep the CSS rules whose selectors can match something in html_pages.

    Selectors that can never match (``.jupyter-wrapper :root``, ``.x body``) are dropped. A
    selector can match when every class and id it requires (outside ``:not()`` and the like)
    occurs in at least one page; rules without class or id selectors (``:root``, ``pre``),
    ``@font-face``, ``@keyframes`` and other at-rules stay; ``@media``/``@supports`` blocks are
    pruned inside and dropped when empty. Unused selectors of a selector list are dropped too.
    """
    classes: set[str] = set(keep_classes)
    ids: set[str] = set()
    for page in html_pages:
        page_classes, page_ids = used_names(page)
        classes |= page_classes
        ids |= page_ids
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _prune_rules(rules, classes, ids)
    # Identical rules (the theme CSS is inlined twice): the last one decides the cascade.
    seen: set[str] = set()
    unique = [r for r in reversed(kept) if not (r in seen or seen.add(r))][::-1]
    text = "\n".join(unique)
    if not text.isascii():
        text = '@charset "UTF-8";\n' + text
    return text + "\n" if text else ""


def theme_css() -> str:
    """Material-aware overrides for notebook pages: contrast of prompts, light and dark code."""
    return THEME_CSS.read_text(encoding="utf-8")


_TEXT = re.compile(r">[^<]*<")
_TITLE_ATTRIBUTE = re.compile(r'\stitle="[^"]*"')


def notebook_stylesheet(
    css_texts: Iterable[str], html_pages: Iterable[str], cache_dir: Path | None = None
) -> str:
    """The shared stylesheet: the pruned notebook CSS, then the theme overrides.

    Pruning takes a second or two; with `cache_dir` the result is kept per input (the CSS
    and the pages it is pruned against), so an unchanged site reuses it.
    """
    unique, pages = list(dict.fromkeys(css_texts)), list(html_pages)
    css = "\n".join(unique)
    if cache_dir is None:
        return prune_css(css, pages) + "\n" + theme_css()
    # Key on markup only: text and titles (such as a page's build-time date stamp) change
    # from build to build but never decide which rules a page uses.
    digest = hashlib.sha256(css.encode())
    for page in pages:
        markup = _TITLE_ATTRIBUTE.sub("", _TEXT.sub("><", page))
        digest.update(b"\0" + markup.encode())
    entry = cache_dir / f"{digest.hexdigest()}.css"
    pruned = cached_bytes(entry, lambda: prune_css(css, pages).encode()).decode()
    return pruned + "\n" + theme_css()


# An <img src="data:..."> and the lightbox link (glightbox) that wraps it with the same data.
_DATA_IMAGE = re.compile(
    r'(\b(?:src|href)=")data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)(")', re.I
)


_NB_CLIPBOARD = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>',
    re.S,
)
# Pygments tokens drawn in the code's own colour: names, operators, punctuation, whitespace.
_PLAIN_TOKEN = re.compile(r'<span class="(?:n|o|p|w)">([^<]*)</span>')
_NB_FOCUSABLE_WRAPPER = re.compile(r'(<div class="jp-Cell-inputWrapper")\s+tabindex="0"')
_NB_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)(</pre>)', re.S)


def slim_code(html: str) -> str:
    """Lighter code cells: about a third of a notebook page's bytes, and much less start-up
    work in the browser.

    mkdocs-jupyter gives every code cell its own copy button (an inline SVG) and a hidden copy
    of the source for it; both go. Spans of tokens drawn in the plain code colour are
    unwrapped (notebook_theme.css colours the rest). The copy button is Material's own markup,
    written here once: Material's clipboard handler listens on the whole document, so it
    serves these buttons too. The code sits in ``<span class="nb-code">`` rather than a
    ``<code>`` child of ``<pre>``, which Material would mount as a code block when the page
    starts (insert a button, then measure it, once per cell): on a notebook page that was
    the largest part of Lighthouse's total blocking time. Code often scrolls sideways on a
    phone, so each code box is a keyboard stop; the wrappers around every cell, which
    nbconvert makes focusable although nothing in them scrolls or acts, are not.
    """
    html = _NB_CLIPBOARD.sub("", _NB_FOCUSABLE_WRAPPER.sub(r"\1", html))
    count = 0

    def code(match: re.Match) -> str:
        nonlocal count
        count += 1
        inner = _PLAIN_TOKEN.sub(r"\1", match.group(2)).removeprefix("<span></span>")
        button = (
            '<nav class="md-code__nav"><button class="md-code__button" '
            f'aria-label="Copy to clipboard" data-clipboard-target="#nb-code-{count}" '
            'data-md-type="copy"></button></nav>'
        )
        return (
            f'{match.group(1)}{button}<span class="nb-code" id="nb-code-{count}" tabindex="0">'
            f"{inner}</span>{match.group(3)}"
        )

    return _NB_CODE.sub(code, html)


# Scripts mkdocs-jupyter puts on every notebook page that can do nothing useful here: the
# custom element behind its copy buttons (slim_code drops those), a MathJax configuration and
# an empty MathJax <script src> (no MathJax is served), and a module that would import
# Mermaid from a CDN for Mermaid cells (the guide draws diagrams with diagrams/, and loads
# nothing from third parties). Together they were about 17 KB of each notebook page.
_NB_DEAD_SCRIPT = re.compile(
    r"<script\b[^>]*>(?:(?!</script>).)*?"
    r"(?:ClipboardCopyElement|'clipboard-copy'|init_mathjax|\.jp-Mermaid)"
    r"(?:(?!</script>).)*</script>\s*"
    r'|<script src(?:="")?>\s*</script>\s*',
    re.S,
)


def drop_dead_scripts(html: str) -> str:
    return _NB_DEAD_SCRIPT.sub("", html)


def _smaller_png(data: bytes) -> bytes:
    """A 256-colour palette version of a PNG when that is smaller (plots usually are, 2-4x).

    Plots are flat colours and anti-aliased edges, which a palette keeps faithfully; a photo
    would band, but notebooks here plot data rather than show photographs.
    """
    if not data.startswith(_PNG_SIGNATURE):
        return data
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            rgba = image.convert("RGBA")
        palette = rgba.quantize(256, method=Image.Quantize.FASTOCTREE)
        out = io.BytesIO()
        palette.save(out, format="PNG", optimize=True)
    except (OSError, ValueError):
        return data
    return out.getvalue() if out.tell() < len(data) else data


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# An <img> whose source extract_images wrote, not yet marked up for lazy loading.
_EXTRACTED_IMG = re.compile(r'<img (?![^>]*\bloading=)([^>]*\bsrc="([^"/]+)"[^>]*)>')


def _smaller_png_cached(data: bytes, cache_dir: Path | None) -> bytes:
    """_smaller_png, remembered on disk by the input's hash: quantising costs ~0.1 s a plot."""
    if cache_dir is None:
        return _smaller_png(data)
    entry = cache_dir / f"{hashlib.sha256(data).hexdigest()}.png"
    return cached_bytes(entry, lambda: _smaller_png(data))


def extract_images(
    html: str, prefix: str = "nb-", cache_dir: Path | None = None
) -> tuple[str, dict[str, bytes]]:
    """Move base64 image data (``src``/``href``) out of the page: return (html, {name: bytes}).

    Each image becomes ``<prefix><sha256[:16]>.<ext>``, referenced relative to the page, so
    the caller writes the files next to the page's ``index.html``. PNG files are shrunk to a
    palette when that is smaller. The images load lazily, with their size given up front so
    the page does not shift when they arrive.
    """
    files: dict[str, bytes] = {}

    def replace(match: re.Match) -> str:
        data = _smaller_png_cached(base64.b64decode(re.sub(r"\s", "", match.group(3))), cache_dir)
        ext = "jpg" if match.group(2).lower() == "jpeg" else match.group(2).lower()
        name = f"{prefix}{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        files[name] = data
        return f"{match.group(1)}{name}{match.group(4)}"

    def lazy(match: re.Match) -> str:
        data = files.get(match.group(2))
        if data is None:
            return match.group(0)
        size = _png_size(data)
        dims = f'width="{size[0]}" height="{size[1]}" ' if size else ""
        return f'<img loading="lazy" decoding="async" {dims}{match.group(1)}>'

    html = _DATA_IMAGE.sub(replace, html)
    return _EXTRACTED_IMG.sub(lazy, html), files
