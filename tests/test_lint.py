"""Lint and spelling over the sources, and the security rules our GitHub workflows must keep."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from guidekit import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def assert_passes(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (
        f"{result.args[0]} found problems:\n{result.stdout}\n{result.stderr}"
    )


def test_ruff_lint():
    assert_passes(run(str(BIN / "ruff"), "check", "."))


def test_ruff_format():
    assert_passes(run(str(BIN / "ruff"), "format", "--check", "."))


def test_spelling_with_typos():
    assert_passes(
        run(
            str(BIN / "typos"),
            "docs",
            "notebooks",
            "diagrams",
            ".github",
            "README.md",
            "guidekit",
            "tests",
        )
    )


def test_spelling_with_codespell():
    assert_passes(
        run(
            str(BIN / "codespell"),
            "--check-hidden",
            "docs",
            "notebooks",
            "diagrams",
            ".github",
            "README.md",
        )
    )


def test_spelling_check_catches_a_misspelling(tmp_path):
    page = tmp_path / "page.md"
    # Assembled at run time so this file itself stays free of the misspellings.
    page.write_text(
        f"The {'mod' + 'le'} was retrained {'becu' + 'ase'} of drift.\n", encoding="utf-8"
    )
    assert run(str(BIN / "typos"), str(page)).returncode != 0


def test_workflows_exist():
    names = {w.name for w in WORKFLOWS}
    assert {"ci.yml", "pages.yml"} <= names, names


def test_actionlint():
    # actionlint must run inside the git checkout.
    assert_passes(run(str(BIN / "actionlint"), *map(str, WORKFLOWS)))


def test_zizmor_finds_nothing():
    # Dependabot's configuration too: zizmor audits its update cooldowns.
    audited = [*WORKFLOWS, ROOT / ".github" / "dependabot.yml"]
    assert_passes(run(str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, audited)))


USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.MULTILINE)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_full_sha_with_version_comment(workflow):
    text = workflow.read_text(encoding="utf-8")
    uses = USES.findall(text)
    assert uses, f"{workflow.name} uses no actions?"
    for ref, rest in uses:
        if ref.startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{ref} is not pinned to a SHA"
        assert re.search(r"#\s*v\d+(\.\d+)*", rest), f"{ref} lacks a '# vX.Y.Z' comment"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    triggers = data.get(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    assert "pull_request_target" not in (triggers or {}), "pull_request_target runs untrusted code"
    assert data.get("permissions") in ({}, "read-all", {"contents": "read"}), (
        f"{workflow.name}: top-level permissions must be empty or read-only"
    )
    # The only write grants: deploying Pages, and pushing the executed notebooks that Colab and
    # Binder open (a job that runs no project code, only git, on main).
    allowed = {("deploy", "pages"), ("deploy", "id-token"), ("launch-branch", "contents")}
    for name, job in data["jobs"].items():
        for scope, level in (job.get("permissions") or {}).items():
            if level == "write":
                assert workflow.name == "pages.yml" and (name, scope) in allowed, (
                    f"{workflow.name}:{name} asks for {scope}: write"
                )
                assert job.get("if") == "github.ref == 'refs/heads/main'", (
                    f"{workflow.name}:{name} writes, so it must run only on main"
                )
                assert not any("run" in step and "python" in step["run"] for step in job["steps"])
