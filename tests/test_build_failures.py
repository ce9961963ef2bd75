"""Bad input fails the strict build, and the message names the file at fault.

Each test copies the project's site sources into a temporary directory, breaks one thing, and
builds. The copy shares the real node_modules and the guidekit package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidekit import CACHE, ROOT
from tests.conftest import mkdocs_build

# Everything mkdocs.yml names (watch folders included), or the build stops at the config.
# requirements.txt is part of the notebooks' cache key: without it every copy re-executes them.
COPIED = (
    "mkdocs.yml",
    "requirements.txt",
    "docs",
    "overrides",
    "guidekit",
    "diagrams",
    "data",
    "notebooks",
)
LINKED = ("node_modules",)


def copy_project(target: Path, *extra: str) -> Path:
    """The site sources (and any `extra` top-level paths) copied into target."""
    for name in (*COPIED, *extra):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    for name in LINKED:
        (target / name).symlink_to(ROOT / name)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def build_output(project: Path) -> str:
    # The copy is not a git checkout: page dates fall back to the build date. Its guidekit
    # would cache under the copy; sharing the real cache keeps notebooks from re-executing.
    result = mkdocs_build(project, project / "site", {"GUIDE_CACHE_DIR": str(CACHE)})
    assert result.returncode != 0, "the build passed but should have failed"
    return result.stdout + result.stderr


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_unbroken_copy_builds(project):
    result = mkdocs_build(project, project / "site", {"GUIDE_CACHE_DIR": str(CACHE)})
    assert result.returncode == 0, result.stderr


def test_broken_link_names_the_page_and_target(project):
    append(project / "docs" / "learning-path.md", "\nSee [the missing page](no-such-page.md).\n")
    output = build_output(project)
    assert "learning-path.md" in output and "no-such-page.md" in output


def test_broken_anchor_names_the_page_and_anchor(project):
    append(project / "docs" / "learning-path.md", "\nSee [nowhere](#no-such-heading).\n")
    output = build_output(project)
    assert "learning-path.md" in output and "no-such-heading" in output


def test_page_missing_from_nav_is_named(project):
    (project / "docs" / "orphan.md").write_text(
        "---\ndescription: A page that nobody added to the navigation of this site.\n---\n"
        "# Orphan\n",
        encoding="utf-8",
    )
    output = build_output(project)
    assert "orphan.md" in output


def test_nav_entry_without_file_is_named(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "  - Ghost: ghost.md\n", encoding="utf-8"
    )
    output = build_output(project)
    assert "ghost.md" in output


def test_page_without_description_is_named(project):
    page = project / "docs" / "learning-path.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("description:")),
        encoding="utf-8",
    )
    output = build_output(project)
    assert "learning-path.md: front matter has no 'description'" in output


def test_unknown_tag_is_named(project):
    page = project / "docs" / "learning-path.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("---\n", "---\ntags: [Astrology]\n", 1),
        encoding="utf-8",
    )
    output = build_output(project)
    assert "learning-path.md: unknown tag(s) 'Astrology'" in output


def test_notebook_missing_from_nav_is_named(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = '      - "Notebook: drift detection": monitoring/drift-detection.ipynb\n'
    assert entry in text
    config.write_text(text.replace(entry, ""), encoding="utf-8")
    output = build_output(project)
    assert "monitoring/drift-detection.ipynb" in output
