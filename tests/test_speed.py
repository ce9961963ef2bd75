"""Page speed: nothing in <head> blocks the first paint, pages are minified, serve stays quick."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from types import SimpleNamespace

from guidekit import speed

HEAD_SCRIPT = re.compile(r"<script\b([^>]*)\bsrc=", re.I)


def test_no_page_has_a_blocking_script_in_head(built_site):
    for page in built_site.rglob("*.html"):
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        for attrs in HEAD_SCRIPT.findall(head):
            assert re.search(r"\b(defer|async)\b", attrs), f"{page}: blocking <script> in <head>"


def test_click_to_zoom_is_still_initialised_after_the_deferred_library(built_site):
    html = (built_site / "learning-path" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script defer src="[^"]*glightbox\.min\.js"></script>', html)
    init = re.search(r'<script id="init-glightbox">(.*?)</script>', html, re.S).group(1)
    assert init.startswith('document.addEventListener("DOMContentLoaded"') and "GLightbox(" in init


def test_built_pages_are_minified(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "\n\n" not in html.split("<body", 1)[1].split("<pre", 1)[0]


def test_defer_lightbox_leaves_pages_without_it_alone():
    page = "<head><script src='x.js'></script></head>"
    assert speed.defer_lightbox(page) == page


def fake_config():
    plugins = {
        "minify": SimpleNamespace(config={"minify_html": True}),
        "git-revision-date-localized": SimpleNamespace(config={"enabled": True}),
    }
    return SimpleNamespace(plugins=plugins)


def test_serve_skips_minification_and_git_dates_but_build_keeps_them():
    built, served = fake_config(), fake_config()
    speed.configure_for_serve(built, serving=False)
    speed.configure_for_serve(served, serving=True)
    assert built.plugins["minify"].config["minify_html"] is True
    assert built.plugins["git-revision-date-localized"].config["enabled"] is True
    assert served.plugins["minify"].config["minify_html"] is False
    assert served.plugins["git-revision-date-localized"].config["enabled"] is False


def _indexed(cache_dir, content: str) -> list[dict]:
    from material.plugins.search.plugin import SearchIndex

    plugin = SimpleNamespace(search_index=SearchIndex())
    speed.memoize_search_entries(plugin, cache_dir)
    page = SimpleNamespace(
        url="chapter/", title="Chapter", content=content, toc=[], meta={"tags": ["Mid"]}
    )
    plugin.search_index.add_entry_from_context(page)
    return plugin.search_index.entries


def test_cached_search_entries_equal_fresh_ones_and_follow_content_changes(tmp_path):
    html = '<h2 id="a">Alpha</h2><p>First section.</p><h2 id="b">Beta</h2><p>Second.</p>'
    fresh = _indexed(tmp_path, html)
    assert [e["location"] for e in fresh][-2:] == ["chapter/#a", "chapter/#b"]
    assert len(list(tmp_path.iterdir())) == 1
    assert _indexed(tmp_path, html) == fresh  # served from the cache file
    changed = _indexed(tmp_path, html.replace("Second.", "Second, edited."))
    assert "Second, edited." in changed[-1]["text"] and len(list(tmp_path.iterdir())) == 2


def test_cached_minified_pages_equal_fresh_ones(tmp_path):
    from mkdocs_minify_plugin.plugin import MinifyPlugin

    plugin = MinifyPlugin()
    plugin.load_config({"minify_html": True, "htmlmin_opts": {"remove_comments": True}})
    page = "<html>\n  <body>\n    <!-- note -->\n    <p>Hello,   world</p>\n  </body>\n</html>"
    fresh = plugin._minify_html_page(page)
    speed.memoize_minified_html(plugin, tmp_path)
    assert plugin._minify_html_page(page) == fresh and "note" not in fresh
    assert plugin._minify_html_page(page) == fresh  # now from the cache file
    assert len(list(tmp_path.iterdir())) == 1
    other = plugin._minify_html_page(page.replace("Hello", "Goodbye"))
    assert "Goodbye" in other and len(list(tmp_path.iterdir())) == 2


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _render(project: Path, cache_dir: Path) -> tuple[object, list[str]]:
    """Render a.md of a small project the way MkDocs does, through the cache; return the
    page and what the render (and the anchor check after it) logged."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    target = Page(None, files.get_file_from_path("b.md"), config)  # the anchors a.md links to
    target.read_source(config)
    target.render(config, files)
    page = Page(None, files.get_file_from_path("a.md"), config)
    page.read_source(config)
    speed.memoize_page_render(page, speed.render_context_key(config, files), cache_dir)
    log = _Log()
    logging.getLogger("mkdocs").addHandler(log)
    try:
        page.render(config, files)
        page.validate_anchor_links(files=files, log_level=logging.WARNING)
    finally:
        logging.getLogger("mkdocs").removeHandler(log)
    return page, log.lines


def _project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [toc]\n"
        "validation: {links: {not_found: warn, anchors: warn}}\n"
    )
    (tmp_path / "docs" / "a.md").write_text(
        "# Title A\n\n## Part one\n\n"
        "See [b](b.md#there), [gone](gone.md) and [miss](b.md#nowhere).\n\n### Detail\n\nText.\n"
    )
    (tmp_path / "docs" / "b.md").write_text("# B\n\n## There\n")
    return tmp_path


def test_a_cached_render_equals_a_fresh_one_and_still_reports_bad_links(tmp_path):
    project, cache = _project(tmp_path / "p"), tmp_path / "cache"
    fresh, fresh_log = _render(project, cache)
    assert len(list(cache.iterdir())) == 1
    cached, cached_log = _render(project, cache)
    assert len(list(cache.iterdir())) == 1  # served from the cache file
    assert cached.content == fresh.content and 'href="../b/#there"' in fresh.content
    assert str(cached.toc) == str(fresh.toc) and [i.id for i in cached.toc] == ["title-a"]
    assert cached.title == fresh.title == "Title A"
    assert cached.present_anchor_ids == fresh.present_anchor_ids >= {"part-one", "detail"}
    # The broken link (render) and the missing anchor (checked after it) are reported both times.
    for lines in (fresh_log, cached_log):
        assert any("gone.md" in line for line in lines), lines
        assert any("nowhere" in line for line in lines), lines
    assert cached_log == fresh_log


def test_a_render_is_redone_when_the_page_or_the_set_of_files_changes(tmp_path):
    project, cache = _project(tmp_path / "p"), tmp_path / "cache"
    _render(project, cache)
    (project / "docs" / "gone.md").write_text("# Back\n")  # the link now resolves
    page, lines = _render(project, cache)
    assert not any("gone.md" in line for line in lines) and 'href="../gone/"' in page.content
    (project / "docs" / "a.md").write_text("# Edited\n")
    page, _ = _render(project, cache)
    assert page.title == "Edited" and len(list(cache.iterdir())) == 3


def test_a_plugins_page_events_are_cached_by_their_input(tmp_path):
    from mkdocs.plugins import BasePlugin, PluginCollection

    calls = []

    class Wrap(BasePlugin):
        def on_page_content(self, html, page, config, files):
            calls.append(html)
            return f"<div>{html}</div>"

    plugins = PluginCollection()
    plugins["wrap"] = Wrap()
    speed.memoize_page_events(plugins, "wrap", ("page_content",), tmp_path)
    page = SimpleNamespace(url="a/", meta={})

    def run(html: str) -> str:
        return plugins.run_event("page_content", html, page=page, config={}, files=[])

    assert run("<p>x</p>") == run("<p>x</p>") == "<div><p>x</p></div>"
    assert calls == ["<p>x</p>"]  # the second came from the cache
    assert run("<p>y</p>") == "<div><p>y</p></div>" and len(calls) == 2


def test_permalinks_are_named_by_aria_label_not_title():
    heading = '<h2 id="x">X<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>'
    labelled = speed.label_permalinks(heading)
    assert labelled == heading.replace('title="', 'aria-label="')
    assert (
        speed.label_permalinks('<a href="#x" title="Keep">k</a>')
        == '<a href="#x" title="Keep">k</a>'
    )


def test_no_built_permalink_carries_a_title_that_material_would_make_a_tooltip(built_site):
    html = (built_site / "monitoring" / "drift" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="headerlink"[^>]*>', html)
    assert len(links) > 5
    assert all('aria-label="Permanent link"' in a and "title=" not in a for a in links)


def test_pages_are_served_with_the_palette_state_the_toggle_sets_first():
    palette = [{"media": "(prefers-color-scheme: light)", "scheme": "default"}, {"media": "x"}]
    page = '<body dir="ltr" data-md-color-scheme="default"><p>x</p></body>'
    preset = speed.preset_palette_state(page, palette)
    body = re.search(r"<body[^>]*>", preset).group(0)
    assert 'data-md-color-switching=""' in body
    assert 'data-md-color-media="(prefers-color-scheme: light)"' in body
    assert speed.preset_palette_state(preset, palette) == preset  # once only
    assert speed.preset_palette_state(page, []) == page  # no toggle configured
    plain = '<body dir="ltr"><p>x</p></body>'  # a theme without palette attributes
    assert speed.preset_palette_state(plain, palette) == plain


def test_benchmark_server_gzips_like_a_host_and_serves_edits(tmp_path):
    import gzip
    import threading
    import urllib.request
    from functools import partial
    from http.server import ThreadingHTTPServer

    from guidekit.serve import GzipHandler

    (tmp_path / "index.html").write_text("<p>first</p>" * 100)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    def get() -> tuple[str, str]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            return response.headers["Content-Encoding"], gzip.decompress(response.read()).decode()

    try:
        assert get() == ("gzip", "<p>first</p>" * 100)
        (tmp_path / "index.html").write_text("<p>second</p>")
        os.utime(tmp_path / "index.html", ns=(1, 2))  # a new version, whatever the clock says
        assert get() == ("gzip", "<p>second</p>")
    finally:
        server.shutdown()


def test_the_render_key_follows_validation_settings_and_debug_logging(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    project = _project(tmp_path)
    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    key = speed.render_context_key(config, files)
    assert speed.render_context_key(config, files) == key
    logger = logging.getLogger("mkdocs.structure.pages")
    level = logger.level
    logger.setLevel(logging.DEBUG)  # --verbose: MkDocs then records no links to anchors
    try:
        assert speed.render_context_key(config, files) != key
    finally:
        logger.setLevel(level)
    config["validation"]["links"]["anchors"] = logging.INFO
    assert speed.render_context_key(config, files) != key


def test_cache_entries_unused_for_two_weeks_are_pruned_and_hits_keep_theirs(tmp_path):
    import time

    from guidekit import cached_bytes, prune_unused

    folder = tmp_path / "page-render"
    fresh = folder / "fresh.json"
    cached_bytes(fresh, lambda: b"new")
    used, unused = folder / "used.json", folder / "unused.json"
    other = tmp_path / "notebooks" / "executed.ipynb"  # has its own pruning: left alone
    month_ago = time.time() - 30 * 24 * 3600
    for path in (used, unused, other):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"old")
        os.utime(path, (month_ago, month_ago))
    assert cached_bytes(used, lambda: b"recomputed") == b"old"  # a hit marks it used
    assert prune_unused(tmp_path) == 1
    assert not unused.exists() and used.exists() and fresh.exists() and other.exists()
