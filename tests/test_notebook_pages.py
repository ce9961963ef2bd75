"""Notebook pages on the built site: launch links that will resolve, light HTML, shared CSS."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from mkdocs.config import load_config

from guidekit import ROOT, notebooks
from guidekit.notebook_pages import STYLESHEET, github_repo

NOTEBOOKS = notebooks.discover()
MAX_PAGE_BYTES = 150_000  # a notebook page's HTML before compression (issue 3)
REPO = github_repo(load_config(str(ROOT / "mkdocs.yml")).repo_url)


class Links(HTMLParser):
    """Hrefs inside <p class="nb-launch">, by link text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside, self.href, self.links = False, None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and attrs.get("class") == "nb-launch":
            self.inside = True
        elif tag == "a" and self.inside:
            self.href = attrs.get("href")

    def handle_data(self, data):
        if self.href is not None:
            self.links[data.strip()] = self.href
            self.href = None

    def handle_endtag(self, tag):
        if tag == "p":
            self.inside = False


def page_dir(site: Path, nb: notebooks.Notebook) -> Path:
    return site / nb.src_uri.removesuffix(".ipynb")


@pytest.fixture(scope="module")
def launch_branch(tmp_path_factory) -> Path:
    """The tree the deploy workflow pushes to the launch branch."""
    tree = tmp_path_factory.mktemp("launch-branch")
    assert notebooks.main(["publish", str(tree)]) == 0
    return tree


def launch_links(site: Path, nb: notebooks.Notebook) -> dict[str, str]:
    parser = Links()
    parser.feed((page_dir(site, nb) / "index.html").read_text(encoding="utf-8"))
    return parser.links


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.slug for n in NOTEBOOKS])
def test_launch_links_point_at_files_the_deploy_publishes(built_site, launch_branch, nb):
    links = launch_links(built_site, nb)
    assert set(links) >= {"Download the notebook", "Open in Colab", "Launch Binder"}, links

    download = page_dir(built_site, nb) / links["Download the notebook"]
    assert download.is_file(), f"{nb.slug}: download link {links['Download the notebook']}"
    assert json.loads(download.read_text(encoding="utf-8"))["cells"], "not a notebook"

    branch = notebooks.LAUNCH_BRANCH
    colab = re.fullmatch(
        rf"https://colab\.research\.google\.com/github/{REPO}/blob/{branch}/(.+\.ipynb)",
        links["Open in Colab"],
    )
    assert colab, links["Open in Colab"]
    assert (launch_branch / colab.group(1)).is_file(), f"deploy does not publish {colab[1]}"

    binder = f"https://mybinder.org/v2/gh/{REPO}/{branch}?labpath={quote(nb.src_uri, safe='')}"
    assert links["Launch Binder"] == binder
    for environment in ("requirements.txt", "runtime.txt"):
        assert (launch_branch / environment).is_file(), f"Binder needs {environment}"


def test_published_notebooks_carry_outputs(launch_branch):
    for nb in NOTEBOOKS:
        executed = json.loads((launch_branch / nb.src_uri).read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in executed["cells"]), nb.src_uri


def test_deploy_workflow_publishes_the_launch_branch():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "python -m guidekit.notebooks publish" in workflow
    assert f"HEAD:refs/heads/{notebooks.LAUNCH_BRANCH}" in workflow


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.slug for n in NOTEBOOKS])
def test_notebook_page_is_light_and_uses_the_shared_stylesheet(built_site, nb):
    page = page_dir(built_site, nb) / "index.html"
    html = page.read_text(encoding="utf-8")
    assert page.stat().st_size <= MAX_PAGE_BYTES, f"{nb.slug}: {page.stat().st_size} bytes"
    assert "data:image/png;base64" not in html, "plots must be files, not inline base64"
    assert ".jupyter-wrapper{" not in html.replace(" ", ""), "JupyterLab CSS inlined"
    assert 'href="../../assets/stylesheets/notebook.css"' in html
    for src in re.findall(r'<img[^>]+src="(nb-[0-9a-f]+\.png)"', html):
        assert (page.parent / src).is_file(), src


def test_shared_stylesheet_is_pruned_and_themed(built_site):
    sheet = (built_site / STYLESHEET).read_text(encoding="utf-8")
    assert 50_000 > len(sheet.encode()) > 5_000, len(sheet.encode())
    assert "--md-code-fg-color" in sheet  # the Material-aware theme overrides


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.slug for n in NOTEBOOKS])
def test_notebook_headings_reach_toc_and_search(built_site, nb):
    html = (page_dir(built_site, nb) / "index.html").read_text(encoding="utf-8")
    assert '<a href="#references" class="md-nav__link">' in html, "toc lacks the headings"
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    location = nb.src_uri.removesuffix(".ipynb") + "/"
    assert any(d["location"].startswith(location + "#") for d in index["docs"]), location


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.slug for n in NOTEBOOKS])
def test_edit_link_opens_the_jupytext_source(built_site, nb):
    html = (page_dir(built_site, nb) / "index.html").read_text(encoding="utf-8")
    assert f'https://github.com/{REPO}/edit/main/notebooks/{nb.source.name}"' in html
