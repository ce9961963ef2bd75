"""The contribution plumbing on GitHub: issue forms, PR template, owners, Dependabot, pre-commit.

GitHub only reports a broken issue form or Dependabot file after it is pushed, so these tests
check the structure GitHub requires, and that the files point at things that exist.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from guidekit import ROOT, taxonomy

GITHUB = ROOT / ".github"
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
FORMS = [f for f in FORMS if f.name != "config.yml"]
INPUT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_blank_issues_are_disabled():
    assert load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["blank_issues_enabled"] is False


def test_the_two_issue_forms_exist():
    names = {load(f)["name"] for f in FORMS}
    assert names == {"Propose a case study", "Report a content error"}


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(form):
    data = load(form)
    assert data["name"] and data["description"], "a form needs a name and a description"
    ids = []
    for element in data["body"]:
        assert element["type"] in INPUT_TYPES, element
        if element["type"] == "markdown":
            assert element["attributes"]["value"].strip()
            continue
        ids.append(element["id"])
        assert re.fullmatch(r"[a-z0-9_-]+", element["id"]), element["id"]
        assert element["attributes"]["label"].strip()
        if element["type"] in ("dropdown", "checkboxes"):
            options = element["attributes"]["options"]
            assert options and len(options) == len({str(o) for o in options})
    assert len(ids) == len(set(ids)), f"duplicate ids in {form.name}"
    assert any(e.get("validations", {}).get("required") for e in data["body"])


def test_case_study_form_offers_exactly_the_taxonomy_domains():
    form = load(GITHUB / "ISSUE_TEMPLATE" / "propose-case-study.yml")
    domain = next(e for e in form["body"] if e.get("id") == "domain")
    assert domain["attributes"]["options"] == list(
        taxonomy.default().topics_by_part["architectures"]
    )
    levels = next(e for e in form["body"] if e.get("id") == "levels")
    assert [o["label"] for o in levels["attributes"]["options"]] == list(taxonomy.default().levels)


def test_pull_request_template_has_the_case_study_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for needle in (
        "python3 scripts/dev.py test",
        "new-case-study",
        "python -m guidekit.case_studies",
        "data/questions/architectures-",
    ):
        assert needle in text, needle
    assert text.count("- [ ]") >= 8


def test_codeowners_paths_exist():
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners and all(o.startswith("@") for o in owners), line
        if pattern != "*":
            assert list(ROOT.glob(pattern.strip("/").rstrip("*") + "*")), (
                f"{pattern} matches nothing"
            )


def test_dependabot_updates_pip_actions_and_npm():
    data = load(GITHUB / "dependabot.yml")
    assert data["version"] == 2
    ecosystems = {u["package-ecosystem"] for u in data["updates"]}
    assert ecosystems == {"pip", "github-actions", "npm"}


def test_contributing_routes_to_the_site_section():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (ROOT / target).exists(), target
    assert "docs/contributing/case-studies.md" in text


def test_pre_commit_config_is_valid_and_its_tools_exist():
    config = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pre-commit"), "validate-config", str(config)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = [h for repo in load(config)["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} >= {"ruff-check", "typos", "question-bank", "case-studies"}
    for hook in hooks:
        executable = hook["entry"].split()[0]
        assert (ROOT / executable).exists(), f"{hook['id']}: {executable} does not exist"
