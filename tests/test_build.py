"""The strict build: every nav page is published with the metadata readers and search use."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config

from guidekit import ROOT
from guidekit.pages import page_url


def nav_pages(nav) -> list[str]:
    """Source paths of every page in the nav, however deeply nested."""
    found = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += nav_pages(value)
        elif isinstance(value, str) and not re.match(r"^[a-z]+://", value):
            found.append(value)
    return found


def output_path(site: Path, src: str) -> Path:
    """Where MkDocs (with directory URLs) writes the page built from docs/<src>."""
    return site / page_url(src) / "index.html"


class HeadMeta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.classes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name"):
            self.meta[attrs["name"]] = attrs.get("content") or ""
        self.classes.update((attrs.get("class") or "").split())


def parse(path: Path) -> HeadMeta:
    parser = HeadMeta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


CONFIG = load_config(str(ROOT / "mkdocs.yml"))
PAGES = nav_pages(CONFIG["nav"])


def test_nav_is_not_empty():
    assert "index.md" in PAGES and len(PAGES) >= 2


@pytest.mark.parametrize("src", PAGES)
def test_every_nav_page_is_published(built_site, src):
    assert output_path(built_site, src).is_file(), f"{src} is in the nav but was not built"


@pytest.mark.parametrize("src", PAGES)
def test_every_page_has_its_own_meta_description(built_site, src):
    meta = parse(output_path(built_site, src)).meta
    description = meta.get("description", "").strip()
    assert description, f"{src}: no <meta name=description>"
    if src != "index.md":
        assert description != CONFIG["site_description"].strip(), (
            f"{src}: shows the site-wide description; give the page its own 'description'"
        )


@pytest.mark.parametrize("src", [p for p in PAGES if p != "index.md"])
def test_pages_show_last_updated_date(built_site, src):
    html = output_path(built_site, src).read_text(encoding="utf-8")
    assert "git-revision-date-localized-plugin" in html, f"{src}: no last-updated date"


def test_search_index_and_sitemap_are_built(built_site):
    assert (built_site / "search" / "search_index.json").is_file()
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "learning-path/" in sitemap


def test_no_page_links_to_a_cdn_or_font_service(built_site):
    """Third-party hosts in src/href attributes would make readers' browsers call out."""
    pattern = re.compile(r"""(?:src|href)=["'](https?://[^"']+)""")
    allowed = ("https://github.com/", CONFIG["site_url"])
    for html in built_site.rglob("*.html"):
        for url in pattern.findall(html.read_text(encoding="utf-8")):
            if url.startswith(allowed):
                continue
            # Ordinary outbound links (references) are fine; loaded resources are not.
            assert not re.search(r"fonts\.googleapis|fonts\.gstatic|unpkg|jsdelivr|cdnjs", url), (
                f"{html.relative_to(built_site)} loads {url}"
            )
