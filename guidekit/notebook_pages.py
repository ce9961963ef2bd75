"""Notebook pages in the site: executed notebooks as pages, launch links, light HTML.

The MkDocs hooks call one :class:`NotebookPages` per build:

- :meth:`add_files` executes (or takes from the cache) every notebook in ``notebooks/`` and adds
  the executed ``.ipynb`` at its site path, where mkdocs-jupyter renders it;
- :meth:`prepare_page` gives the page its description and tags (from the notebook header's
  ``guide:`` key, checked like a Markdown page's front matter) and its edit link (the ``.py``);
- :meth:`add_launch_bar` puts "Run it yourself" links under the title;
- :meth:`lighten` moves mkdocs-jupyter's inlined CSS to one shared stylesheet and base64 plots
  to image files; :meth:`write_stylesheet` writes that stylesheet, pruned to the rules used.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import posixpath
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from guidekit import (
    CACHE,
    cached_bytes,
    display_path,
    nbstyle,
    notebooks,
    pages,
    source_digest,
    taxonomy,
)

STYLESHEET = "assets/stylesheets/notebook.css"


def github_repo(repo_url: str) -> str:
    """'owner/name' from a GitHub repository URL."""
    parts = urlsplit(repo_url)
    if parts.netloc != "github.com":
        raise ValueError(f"repo_url must be a github.com repository, got {repo_url!r}")
    return parts.path.strip("/").removesuffix(".git")


def launch_links(notebook: notebooks.Notebook, repo: str) -> dict[str, str]:
    """The "Run it yourself" links of a notebook page, by label (download is page-relative)."""
    branch = notebooks.LAUNCH_BRANCH
    return {
        "Download the notebook": notebook.download_name,
        "Open in Colab": notebooks.colab_url(repo, branch, notebook.src_uri),
        "Launch Binder": notebooks.binder_url(repo, branch, notebook.src_uri),
        "Source on GitHub": f"https://github.com/{repo}/blob/main/notebooks/{notebook.source.name}",
    }


def launch_bar(notebook: notebooks.Notebook, repo: str) -> str:
    links = " · ".join(
        f'<a href="{html.escape(url)}"{" download" if index == 0 else ""}>{label}</a>'
        for index, (label, url) in enumerate(launch_links(notebook, repo).items())
    )
    return f'<p class="nb-launch"><strong>Run it yourself:</strong> {links}</p>'


class NotebookPages:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the last build (mkdocs serve rebuilds with the same hooks module)."""
        self.by_uri: dict[str, notebooks.Notebook] = {}
        self.css_texts: list[str] = []
        self.html_pages: list[str] = []

    def add_files(self, files, config):
        self.reset()
        found = notebooks.discover()
        # Each notebook runs in its own kernel process: run them side by side.
        with ThreadPoolExecutor(max_workers=max(1, min(len(found), os.cpu_count() or 1))) as pool:
            executed_paths = list(pool.map(notebooks.execute, found))
        for notebook, executed in zip(found, executed_paths, strict=True):
            src_dir = notebooks.site_src_dir(notebook, executed)
            # A plain File: mkdocs-jupyter loses the source path of File.generated files.
            files.append(
                File(notebook.src_uri, src_dir, config.site_dir, config.use_directory_urls)
            )
            self.by_uri[notebook.src_uri] = notebook
        return files

    def prepare_page(self, page, config) -> None:
        notebook = self.by_uri.get(page.file.src_uri)
        if notebook is None:
            return
        problems = pages.front_matter_problems(
            display_path(notebook.source), notebook.meta, taxonomy.default()
        )
        if problems:
            raise notebooks.NotebookError(
                "\n".join(p.replace("front matter", "header's 'guide:' key") for p in problems)
            )
        page.meta.update(notebook.meta)
        if config.repo_url and config.edit_uri:
            # edit_uri points into docs/; notebook sources sit beside it, in notebooks/.
            page.edit_url = urljoin(
                config.repo_url.rstrip("/") + "/",
                f"{config.edit_uri}../notebooks/{notebook.source.name}",
            )

    def add_launch_bar(self, content: str, page, config) -> str:
        notebook = self.by_uri.get(page.file.src_uri)
        if notebook is None:
            return content
        bar = launch_bar(notebook, github_repo(config.repo_url))
        end = content.find("</h1>")
        if end < 0:
            return bar + content
        end += len("</h1>")
        return content[:end] + bar + content[end:]

    def lighten(self, output: str, page, config) -> str:
        if page.file.src_uri not in self.by_uri:
            return output
        href = get_relative_url(STYLESHEET, page.file.url or "index.html")
        link = f'<link rel="stylesheet" href="{html.escape(href)}">'

        def lightened() -> bytes:
            page_html, texts = nbstyle.split_styles(output, replacement=link)
            page_html = nbstyle.drop_dead_scripts(page_html)
            page_html, images = nbstyle.extract_images(
                nbstyle.slim_code(page_html), cache_dir=CACHE / "notebook-images"
            )
            encoded = {name: base64.b64encode(data).decode() for name, data in images.items()}
            return json.dumps({"html": page_html, "texts": texts, "images": encoded}).encode()

        # A page's result depends only on its HTML and the stylesheet link, and the regex work
        # on a notebook page's few hundred KB was a fifth of a live reload: cache it.
        code = source_digest(nbstyle.__file__)
        key = hashlib.sha256(f"{code}\n{link}\n{output}".encode()).hexdigest()
        light = json.loads(cached_bytes(CACHE / "notebook-pages" / f"{key}.json", lightened))
        output, texts = light["html"], light["texts"]
        images = {name: base64.b64decode(data) for name, data in light["images"].items()}
        folder = Path(page.file.abs_dest_path).parent
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in images.items():
            (folder / name).write_bytes(data)
        self.css_texts += [t for t in texts if t not in self.css_texts]
        self.html_pages.append(output)
        return output

    def write_stylesheet(self, config) -> None:
        if not self.html_pages:
            return
        target = Path(config.site_dir, *posixpath.split(STYLESHEET))
        target.parent.mkdir(parents=True, exist_ok=True)
        sheet = nbstyle.notebook_stylesheet(
            self.css_texts, self.html_pages, cache_dir=CACHE / "notebook-css"
        )
        target.write_text(sheet, encoding="utf-8")
