"""Page-speed fixes for every built page: what a reader needs later must not block first paint."""

import hashlib
import json
import re
from pathlib import Path

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
