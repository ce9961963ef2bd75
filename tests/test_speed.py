"""Page speed: nothing in <head> blocks the first paint, pages are minified, serve stays quick."""

from __future__ import annotations

import re
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
