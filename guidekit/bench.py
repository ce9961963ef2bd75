"""Benchmark: build times, edit-to-reload time, page weights and Lighthouse scores, as JSON.

Run with `python3 scripts/dev.py bench`. Numbers are measurements, not pass/fail tests; the
README records the latest figures and the targets they are compared with.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from guidekit import ROOT, notebooks
from guidekit.serve import GzipHandler

CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
# One representative page per page type; more types join as the guide grows.
PAGE_TYPES = {
    "home": "",
    "learning-path": "learning-path/",
    "chapter": "monitoring/drift/",
    "notebook": "monitoring/drift-detection/",
}
TARGETS = {
    "warm_build_s": 10,
    "notebook_execution_s": 60,  # each notebook, alone, from a cold cache
    "warm_build_notebooks_executed": 0,
    "notebook_page_html_bytes": 150_000,
    "edit_to_reload_s": 2,
    "lighthouse_min": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
}


# The metrics the performance score is made of (ms, except the unitless layout shift).
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def notebook_times(cache: Path) -> dict[str, float]:
    """Cold execution time of each notebook, one at a time."""
    times = {}
    for nb in notebooks.discover():
        start = time.perf_counter()
        notebooks.execute(nb, cache)
        times[nb.slug] = round(time.perf_counter() - start, 1)
    return times


def executed_entries(cache: Path) -> dict[str, float]:
    """Executed notebooks in a build cache, with their modification times."""
    return {str(p): p.stat().st_mtime for p in (cache / "notebooks").rglob("*.ipynb")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_build(site_dir: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--site-dir",
            str(site_dir),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return round(time.perf_counter() - start, 2)


def asset_urls(html: str) -> dict[str, list[str]]:
    css = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    js = re.findall(r'<script[^>]+src="([^"]+)"', html)
    return {"css": css, "js": js}


def weights(site: Path, path: str) -> dict:
    """Raw and gzip bytes of a page's HTML and of the CSS and JS it loads up front."""
    page_file = site / path / "index.html"
    html = page_file.read_bytes()
    report = {"html": {"raw": len(html), "gzip": len(gzip.compress(html, 9))}}
    for kind, urls in asset_urls(html.decode()).items():
        raw = packed = 0
        for url in urls:
            if url.startswith(("http:", "https:")):
                continue
            file = (page_file.parent / url.split("?")[0]).resolve()
            data = file.read_bytes()
            raw, packed = raw + len(data), packed + len(gzip.compress(data, 9))
        report[kind] = {"raw": raw, "gzip": packed, "files": len(urls)}
    return report


def edit_to_reload(env: dict) -> float:
    """Seconds from saving a page to `mkdocs serve` serving the edited page."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**env, "SITE_URL": f"http://127.0.0.1:{port}/"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = ROOT / "docs" / "learning-path.md"
    original = page.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/learning-path/"
    try:
        wait_for(lambda: fetch(url) is not None, timeout=300)
        marker = f"bench-{uuid.uuid4().hex}"
        start = time.perf_counter()
        page.write_text(original + f"\n{marker}\n", encoding="utf-8")
        wait_for(lambda: marker in (fetch(url) or ""), timeout=120)
        return round(time.perf_counter() - start, 2)
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        time.sleep(0.05)


def lighthouse(url: str, out: Path) -> dict:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    chrome = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--form-factor=mobile",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
    )
    result = json.loads(out.read_text())
    scores = {k: round(v["score"] * 100) for k, v in result["categories"].items()}
    failed = sorted(
        a["id"]
        for a in result["audits"].values()
        if a.get("score") is not None
        and a["score"] < 1
        and a.get("scoreDisplayMode") in ("binary", "numeric")
    )
    metrics = {
        key: round(result["audits"][key]["numericValue"], 3)
        for key in METRICS
        if key in result["audits"] and "numericValue" in result["audits"][key]
    }
    return {"scores": scores, "metrics": metrics, "audits_below_full_score": failed}


# Lighthouse scores vary from run to run (its own docs advise the median of several runs).
LIGHTHOUSE_RUNS = 3


def median_lighthouse(url: str, tmp: Path, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """The run with the median performance score, plus every run's performance score."""
    results = [lighthouse(url, tmp / f"lh-{i}.json") for i in range(runs)]
    results.sort(key=lambda r: r["scores"]["performance"])
    median = results[len(results) // 2]
    return {**median, "performance_runs": [r["scores"]["performance"] for r in results]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "bench.json")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    options = parser.parse_args(argv)
    report: dict = {"targets": TARGETS}
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "GUIDE_CACHE_DIR": str(cache),
            "SITE_URL": f"http://127.0.0.1:{port}/",
        }
        site = Path(tmp) / "site"
        report["cold_build_s"] = timed_build(site, env)  # empty caches: everything executes
        before = executed_entries(cache)
        report["warm_build_s"] = timed_build(site, env)  # nothing changed since
        after = executed_entries(cache)
        report["warm_build_notebooks_executed"] = sum(after.get(k) != v for k, v in before.items())
        report["notebook_execution_s"] = notebook_times(Path(tmp) / "timing")
        if not options.skip_serve:
            report["edit_to_reload_s"] = edit_to_reload(env)
        report["pages"] = {kind: weights(site, path) for kind, path in PAGE_TYPES.items()}
        if not options.skip_lighthouse:
            handler = partial(GzipHandler, directory=str(site))
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                report["lighthouse"] = {
                    kind: median_lighthouse(f"http://127.0.0.1:{port}/{path}", Path(tmp))
                    for kind, path in PAGE_TYPES.items()
                }
            finally:
                server.shutdown()
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    print(f"report written to {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
