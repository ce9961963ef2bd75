"""Page-speed fixes for every built page: what a reader needs later must not block first paint."""

import hashlib
import html
import json
import logging
import re
from importlib import metadata
from pathlib import Path

from mkdocs.structure.toc import get_toc

from guidekit import cached_bytes

# The glightbox plugin puts its 56 KB script in <head> as a blocking script, and initialises
# it from an inline script at the end of <body>. Deferring the library and running the
# initialisation on DOMContentLoaded (which fires after deferred scripts) keeps click-to-zoom
# working while the page paints without waiting for it.
_LIGHTBOX_SCRIPT = re.compile(r'<script src="([^"]*glightbox\.min\.js)"></script>')
_LIGHTBOX_INIT = re.compile(r'<script id="init-glightbox">(.*?)</script>', re.S)


def defer_lightbox(output: str) -> str:
    output, deferred = _LIGHTBOX_SCRIPT.subn(r'<script defer src="\1"></script>', output, count=1)
    if not deferred:
        return output
    return _LIGHTBOX_INIT.sub(
        lambda m: (
            '<script id="init-glightbox">document.addEventListener("DOMContentLoaded", '
            f"function () {{\n{m.group(1).strip()}\n}});</script>"
        ),
        output,
        count=1,
    )


def configure_for_serve(config, *, serving: bool) -> None:
    """Under `mkdocs serve` skip work a live preview does not need, so a reload stays quick:
    HTML minification, and one `git log` per page for the last-updated dates."""
    if not serving:
        return
    minify = config.plugins.get("minify")
    if minify is not None:
        minify.config["minify_html"] = False
    dates = config.plugins.get("git-revision-date-localized")
    if dates is not None:
        dates.config["enabled"] = False


def _toc_key(items) -> list:
    return [[i.id, i.url, i.title, _toc_key(i.children)] for i in items]


def memoize_search_entries(search_plugin, cache_dir: Path) -> None:
    """Material's search plugin re-parses every page's HTML on every build, about a fifth of a
    warm build or a live reload. An entry depends only on the page's HTML, address, table of
    contents, title and tags/boost, so entries are cached on disk under a hash of those."""
    index = getattr(search_plugin, "search_index", None)
    if index is None:
        return
    index_page = index.add_entry_from_context

    def add_entry_from_context(page):
        meta = {k: page.meta.get(k) for k in ("search", "tags", "title")}
        key = hashlib.sha256(
            json.dumps(
                [page.url, page.title, page.content, _toc_key(page.toc), meta],
                sort_keys=True,
                default=str,
            ).encode()
        ).hexdigest()
        before = len(index.entries)

        def compute() -> bytes:  # index the page, then hand its entries over as bytes
            index_page(page)
            new = index.entries[before:]
            del index.entries[before:]
            return json.dumps(new).encode()

        index.entries.extend(json.loads(cached_bytes(cache_dir / f"{key}.json", compute)))

    index.add_entry_from_context = add_entry_from_context


def memoize_minified_html(minify_plugin, cache_dir: Path) -> None:
    """htmlmin is pure Python and minifying every page was the largest part of a warm build.
    Its output depends only on the page and the options, so pages are cached on disk by both."""
    if minify_plugin is None:
        return
    minify_page = minify_plugin._minify_html_page  # the plugin's own per-page entry point

    def minify_html_page(output: str):
        if not minify_plugin.config["minify_html"]:
            return output
        options = json.dumps(dict(minify_plugin.config["htmlmin_opts"] or {}), sort_keys=True)
        key = hashlib.sha256(f"{options}\n{output}".encode()).hexdigest()
        entry = cache_dir / f"{key}.html"
        return cached_bytes(entry, lambda: minify_page(output).encode()).decode()

    minify_plugin._minify_html_page = minify_html_page


# What a Markdown page's HTML depends on besides its own text: these packages' code.
_RENDER_PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")
RENDER_FORMAT = "1"  # bump when memoize_page_render changes what it stores


class _Records(logging.Handler):
    """Collects what a render logs (link warnings), so that a cached render says it again."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


def render_context_key(config, files) -> str:
    """A hash of what every page's rendering shares: the Markdown configuration, the versions
    of the code that renders, every file's source and address (links resolve against them),
    how links are validated, and whether MkDocs logs at debug level (it then leaves a page's
    links to anchors unrecorded, and they must not be cached that way for normal builds)."""
    return hashlib.sha256(
        json.dumps(
            [
                RENDER_FORMAT,
                [metadata.version(p) for p in _RENDER_PACKAGES],
                config["markdown_extensions"],
                config["mdx_configs"],
                config["use_directory_urls"],
                config["validation"],
                logging.getLogger("mkdocs.structure.pages").getEffectiveLevel(),
                sorted((f.src_uri, f.dest_uri) for f in files),
            ],
            sort_keys=True,
            default=_stable_repr,
        ).encode()
    ).hexdigest()


def _stable_repr(value) -> str:
    """Functions in the Markdown configuration (emoji generators) by name: their default repr
    holds a memory address, which would change the key on every run."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def memoize_page_render(page, context_key: str, cache_dir: Path) -> None:
    """Python-Markdown is most of a warm build and of every live reload, yet a page's HTML
    depends only on its Markdown (after the hooks), its address and the shared context above.
    This caches the results of `page.render` on disk by those, and replays on a hit the
    warnings the render logged, so strict builds still fail on a bad link."""
    render = page.render

    def cached_render(config, files) -> None:
        key = hashlib.sha256(
            f"{context_key}\n{page.file.src_uri}\n{page.markdown}".encode()
        ).hexdigest()
        rendered = []  # stays empty on a cache hit

        def compute() -> bytes:
            rendered.append(True)
            return json.dumps(_render_and_record(page, render, config, files)).encode()

        stored = json.loads(cached_bytes(cache_dir / f"{key}.json", compute))
        if not rendered:  # a fresh render has logged its warnings already
            for name, level, message in stored["log"]:
                logging.getLogger(name).log(level, message)
        page.content = stored["content"]
        page.toc = get_toc(stored["toc"])
        page._title_from_render = stored["title"]
        page.present_anchor_ids = set(stored["anchors"])
        if stored["links_to_anchors"] is not None:
            page.links_to_anchors = {
                files.get_file_from_path(uri): links
                for uri, links in stored["links_to_anchors"].items()
            }

    page.render = cached_render


def _toc_tokens(items) -> list[dict]:
    """A table of contents in the form `get_toc` reads back."""
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)}
        for i in items
    ]


def _render_and_record(page, render, config, files) -> dict:
    """Render for real, capturing what the render logged."""
    records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(records)
    try:
        render(config, files)
    finally:
        logger.removeHandler(records)
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": _toc_tokens(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": None
        if links is None
        else {f.src_uri: dict(anchors) for f, anchors in links.items()},
        "log": records.records,
    }


def cache_compiled_templates(env, cache_dir: Path) -> None:
    """MkDocs makes a fresh Jinja environment for every build, so each live reload compiled
    Material's templates again (about 0.5 s). Jinja's own bytecode cache keeps them on disk."""
    from jinja2 import FileSystemBytecodeCache

    cache_dir.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir))


def memoize_page_events(plugins, name: str, events: tuple[str, ...], cache_dir: Path) -> None:
    """Cache a plugin's per-page text events (`page_content`, `post_page`) on disk by their
    input. For a plugin whose output depends only on that text, the page's address and
    metadata and the plugin's settings (glightbox: parse the page, wrap or link the images),
    this spares the HTML parsing on every warm build and live reload."""
    plugin = plugins.get(name)
    if plugin is None:
        return
    settings = [name, _plugin_version(plugin), dict(plugin.config)]
    for event in events:
        handlers = plugins.events[event]
        for i, handler in enumerate(handlers):
            if getattr(handler, "__self__", None) is plugin:
                handlers[i] = _cached_text_event(handler, [*settings, event], cache_dir)
                plugins._event_origins[handlers[i]] = name  # MkDocs names it in errors
                break


def _plugin_version(plugin) -> str:
    package = type(plugin).__module__.split(".")[0]
    try:
        return metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return package


def _cached_text_event(handler, settings: list, cache_dir: Path):
    def cached(text: str, /, *, page, **kwargs) -> str:
        key = hashlib.sha256(
            json.dumps(
                [settings, page.url, page.meta, text], sort_keys=True, default=_stable_repr
            ).encode()
        ).hexdigest()

        def compute() -> bytes:
            result = handler(text, page=page, **kwargs)
            return (text if result is None else result).encode()

        return cached_bytes(cache_dir / f"{key}.html", compute).decode()

    return cached


# Material turns every title attribute in the content into a tooltip when the page loads, and
# each one measures the page: with a permalink on every heading that was the largest part of
# a chapter's start-up work (Lighthouse total blocking time). The permalink keeps its name for
# assistive technology as an aria-label; the pilcrow itself shows what it is.
_PERMALINK_TITLE = re.compile(r'(<a class="headerlink" href="[^"]*") title="([^"]*)"')


def label_permalinks(html: str) -> str:
    return _PERMALINK_TITLE.sub(r'\1 aria-label="\2"', html)


# When Material's palette toggle starts, it marks <body> with data-md-color-switching (which
# turns off every transition) and data-md-color-media, reads the computed style, and removes
# the mark on the next frame. Each change restyles the whole page, several times during
# start-up. Served with the state the toggle is about to set, its first writes change
# nothing; a reader whose stored or system choice differs gets the toggle's usual work.
_BODY = re.compile(r"<body\b(?![^>]*\bdata-md-color-switching)([^>]*\bdata-md-color-scheme=[^>]*)>")


def preset_palette_state(output: str, palette) -> str:
    entries = palette if isinstance(palette, list) else [palette] if palette else []
    if not entries:
        return output
    media = entries[0].get("media")
    attrs = 'data-md-color-switching=""'
    if media:
        attrs += f' data-md-color-media="{html.escape(media)}"'
    return _BODY.sub(lambda m: f"<body {attrs}{m.group(1)}>", output, count=1)
