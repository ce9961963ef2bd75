"""Shared fixtures: build the site once per session, serve it on 127.0.0.1, drive Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from guidekit import ROOT

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mkdocs_build(config_dir: Path, site_dir: Path, env: dict[str, str] | None = None):
    """Run a strict build of the project in config_dir; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=config_dir,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """The whole site, built once with --strict for the served origin (instant nav needs it)."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site, {"SITE_URL": f"http://127.0.0.1:{site_port}/"})
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site, site_port) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()
    server.server_close()


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium not found: install it with 'sudo apt-get install -y chromium' "
            "(python3 scripts/dev.py test does this for you).",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Traffic:
    """Everything a page asked for and complained about, for assertions."""

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def foreign(self) -> list[str]:
        return [
            u
            for u in self.requests
            if not u.startswith(self.origin) and not u.startswith(("data:", "blob:"))
        ]


@pytest.fixture
def page(browser, site_url):
    """A fresh browser context; requests to any other host are recorded and blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic = Traffic(origin=site_url.rstrip("/"))

    def route(route):
        url = route.request.url
        traffic.requests.append(url)
        if url.startswith(traffic.origin) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
    tab.on("pageerror", lambda e: traffic.page_errors.append(str(e)))
    tab.traffic = traffic
    yield tab
    context.close()
