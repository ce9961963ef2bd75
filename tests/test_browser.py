"""The site as a reader's browser sees it: Debian Chromium driven by Playwright on 127.0.0.1."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from guidekit.pages import page_url
from tests.test_build import PAGES

pytestmark = pytest.mark.browser

MERMAID = "assets/vendor/mermaid/mermaid.min.js"


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")


def assert_clean(page) -> None:
    traffic = page.traffic
    assert not traffic.foreign, f"requests left the local server: {traffic.foreign}"
    assert not traffic.page_errors, f"uncaught errors: {traffic.page_errors}"
    assert not traffic.console_errors, f"console errors: {traffic.console_errors}"


def test_home_page_loads_without_errors_or_foreign_requests(page, site_url):
    open_page(page, site_url)
    expect(page).to_have_title(re.compile("AI/ML System Design Guide"))
    expect(page.locator("article h1").first).to_be_visible()
    assert_clean(page)


def test_every_part_is_reachable_from_the_tabs(page, site_url):
    open_page(page, site_url)
    tabs = page.locator(".md-tabs__link")
    count = tabs.count()
    assert count >= 2, "expected a navigation tab per part of the path"
    for index in range(count):
        link = tabs.nth(index)
        label = link.inner_text().strip()
        target = urljoin(page.url, link.get_attribute("href"))
        link.click()
        expect(page).to_have_url(target)
        expect(page.locator("article h1").first).to_be_visible()
        expect(page.locator(".md-tabs__item--active .md-tabs__link")).to_have_text(label)
    assert_clean(page)


SEARCH_INDEX = "search/search_index.json"


def test_search_finds_the_learning_path(page, site_url):
    open_page(page, site_url)
    # The index waits for the reader (overrides/main.html): not fetched while the page loads.
    assert not any(SEARCH_INDEX in u for u in page.traffic.requests), "index fetched on load"
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("study time", delay=30)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_visible(timeout=10_000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any("learning-path/" in h for h in hrefs), hrefs
    assert any(SEARCH_INDEX in u for u in page.traffic.requests)
    assert_clean(page)


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_dark_mode_toggle_switches_and_persists(page, site_url):
    open_page(page, site_url)
    assert scheme(page) == "default"
    # Pages are served with the toggle's start-up mark (guidekit.speed.preset_palette_state);
    # the toggle must still clear it, or transitions would stay off.
    expect(page.locator("body")).not_to_have_attribute("data-md-color-switching", "")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.locator(".md-tabs__link").nth(1).click()  # instant navigation to another page
    page.wait_for_load_state("networkidle")
    assert page.url != site_url
    assert scheme(page) == "slate"
    page.reload(wait_until="networkidle")  # a full load reads the stored choice
    assert scheme(page) == "slate"
    expect(page.locator("body")).not_to_have_attribute("data-md-color-switching", "")
    assert_clean(page)


def test_mermaid_is_local_and_loads_only_when_a_diagram_nears_the_viewport(page, site_url):
    open_page(page, site_url)
    assert not any(MERMAID in u for u in page.traffic.requests), "home page loaded Mermaid"
    open_page(page, site_url + "contributing/diagrams/")
    assert page.locator("pre.mermaid").count() >= 1, "the example sequence diagram is gone"
    assert not any(MERMAID in u for u in page.traffic.requests), "loaded before it was needed"
    page.locator("pre.mermaid").first.scroll_into_view_if_needed()
    expect(page.locator("div.mermaid").first).to_be_attached(timeout=15_000)
    assert any(u.startswith(site_url) and MERMAID in u for u in page.traffic.requests)
    assert_clean(page)


def serious_violations(page) -> str:
    # Notebook cells skip rendering off screen (content-visibility: auto), and axe then reads
    # colours from elements that were never laid out. Render everything first: the rule only
    # defers painting, it changes no colour.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    results = Axe().run(page)
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    )


@pytest.mark.parametrize("src", PAGES)
def test_every_page_is_accessible_and_loads_cleanly(page, site_url, src):
    open_page(page, site_url + page_url(src))
    problems = serious_violations(page)
    assert not problems, problems
    assert_clean(page)


def test_notebook_code_copies_with_materials_button(page, site_url):
    # The button is written at build time (nbstyle.slim_code), not mounted by Material.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, site_url + "monitoring/drift-detection/")
    cell = page.locator(".highlight-ipynb pre").nth(1)
    cell.hover()
    cell.locator(".md-code__button").click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied and copied == cell.locator(".nb-code").inner_text().rstrip()
    assert_clean(page)


def test_notebook_page_is_accessible_in_dark_mode(page, site_url):
    open_page(page, site_url + "monitoring/drift-detection/")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_timeout(600)  # Material fades colours (up to 250 ms); measure the end state
    problems = serious_violations(page)
    assert not problems, problems
    assert_clean(page)
