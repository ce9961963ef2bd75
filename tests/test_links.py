"""Every internal link and anchor in the built HTML resolves, notebook pages included.

MkDocs validates Markdown links only; links written in notebooks or raw HTML are invisible to it.
LinkChecker crawls the served site like a reader's browser and checks anchors too.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from tests.conftest import free_port

LINKCHECKER_CONFIG = """
[filtering]
checkextern=0
[AnchorCheck]
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


def test_every_internal_link_and_anchor_resolves(site_url, tmp_path):
    problems = crawl(site_url, tmp_path)
    assert not problems, "broken links or anchors:\n" + describe(problems)


def test_the_crawler_reports_broken_links_and_anchors(tmp_path):
    """Guards the guard: a page with a broken link and a broken anchor must be reported."""
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
    assert "nowhere" in reported
    assert "#here" not in reported
