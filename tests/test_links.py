"""Every internal link and anchor in the built HTML resolves, notebook pages included.

MkDocs validates Markdown links only; links written in notebooks or raw HTML are invisible to it.
LinkChecker crawls the served site like a reader's browser and checks that every link resolves.
Anchors are checked by parsing each built page once: LinkChecker's anchor plugin re-parses the
target page for every `page#anchor` link, which took over ten minutes once the guide passed 80
pages.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.conftest import free_port

LINKCHECKER_CONFIG = """
[filtering]
checkextern=0
"""


def crawl(start_url: str, tmp_path: Path) -> list[dict]:
    """Crawl from start_url; return LinkChecker's rows for every broken link or anchor."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [
            str(linkchecker),
            "--config",
            str(config),
            "--no-robots",
            "--threads",
            "4",
            "--output",
            "csv",
            "--no-status",
            "--verbose",  # log every URL, not only failures: proves the crawl reached pages
            start_url,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    body = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    problems = [r for r in rows if r.get("valid") == "False" or r.get("warningstring")]
    assert result.returncode in (0, 1), f"linkchecker crashed:\n{result.stderr}"
    assert rows, f"linkchecker checked nothing:\n{result.stdout}\n{result.stderr}"
    return problems


def describe(problems: list[dict]) -> str:
    return "\n".join(
        f"- {p['parentname']} -> {p['urlname']}: {p['result'] or p['warningstring']}"
        for p in problems
    )


class _Page(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def anchor_problems(site_dir: Path) -> list[str]:
    """Every `href` with a #fragment whose target page has no element with that id."""
    pages = {}
    for path in site_dir.rglob("*.html"):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site_dir).as_posix()] = parser
    problems = []
    for name, page in pages.items():
        for href in page.links:
            url = urlsplit(urljoin(f"http://site/{name}", href))
            if url.netloc != "site" or not url.fragment:
                continue
            target = url.path.lstrip("/")
            if target == "" or target.endswith("/"):
                target += "index.html"
            if target in pages and unquote(url.fragment) not in pages[target].ids:
                problems.append(f"- {name} -> {href}: no element with id {url.fragment!r}")
    return problems


def test_every_internal_link_resolves(site_url, tmp_path):
    problems = crawl(site_url, tmp_path)
    assert not problems, "broken links:\n" + describe(problems)


def test_every_anchor_resolves(built_site):
    problems = anchor_problems(built_site)
    assert not problems, "broken anchors:\n" + "\n".join(problems)


def test_the_anchor_check_reports_a_missing_anchor(tmp_path):
    (tmp_path / "index.html").write_text(
        '<h2 id="here">Here</h2><a href="#here">ok</a><a href="other/#nowhere">bad</a>'
        '<a href="other/#there">ok</a><a href="https://example.org/#x">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "index.html").write_text('<h2 id="there">There</h2>', encoding="utf-8")
    assert anchor_problems(tmp_path) == [
        "- index.html -> other/#nowhere: no element with id 'nowhere'"
    ]


def test_the_crawler_reports_broken_links(tmp_path):
    """Guards the guard: a page with a broken link must be reported."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from tests.conftest import QuietHandler

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<html><body><h2 id="here">Here</h2><a href="#here">ok</a>'
        '<a href="other.html#nowhere">bad anchor</a><a href="missing.html">bad link</a>'
        "</body></html>",
        encoding="utf-8",
    )
    (site / "other.html").write_text(
        '<html><body><h2 id="there">There</h2></body></html>', encoding="utf-8"
    )
    port = free_port()
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        problems = crawl(f"http://127.0.0.1:{port}/", tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    reported = describe(problems)
    assert "missing.html" in reported
    assert "other.html" not in reported and "#here" not in reported
