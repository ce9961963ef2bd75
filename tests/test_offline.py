"""The downloadable offline copy works from the file system, with search, and calls no host."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from guidekit import offline

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert offline.main(["--out", str(out)]) == 0
    archive = out / f"{offline.ZIP_NAME}.zip"
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target / offline.ZIP_NAME


def test_offline_copy_opens_searches_and_navigates_from_disk(browser, offline_copy):
    context = browser.new_context()
    foreign = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "blob:"))
            else (foreign.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((offline_copy / "index.html").as_uri())
    expect(page.locator("article h1").first).to_be_visible()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("study time", delay=30)
    result = page.locator(".md-search-result__item a").first
    expect(result).to_be_visible(timeout=10_000)
    page.keyboard.press("Escape")  # close search; its overlay covers the tabs
    page.locator(".md-tabs__link", has_text="Learning path").click()
    expect(page).to_have_url(re.compile(r"learning-path\.html$"))
    assert not foreign, f"the offline copy requested {foreign}"
    assert not errors, errors
    context.close()
