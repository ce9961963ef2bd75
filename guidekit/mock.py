"""Mock-interview data (data/mock-interview.yml): phases and time budgets, prompts, rubric.

Validated against its schema and the taxonomy; the practice page's script receives it as data.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from guidekit import ROOT, display_path, load_yaml, taxonomy

MOCK_FILE = ROOT / "data" / "mock-interview.yml"
SCHEMA_FILE = ROOT / "data" / "schemas" / "mock-interview.schema.json"
LENGTHS = ("45", "60")


class MockDataError(Exception):
    """The mock-interview data is invalid; the message names the file and the entry."""


def _where(path) -> str:
    return "/".join(map(str, path)) or "top level"


def load(path: Path = MOCK_FILE, tax: taxonomy.Taxonomy | None = None) -> dict:
    tax = tax or taxonomy.default()
    shown = display_path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise MockDataError(f"{shown}: not valid YAML: {error}") from error
    # YAML reads the keys 45 and 60 as integers; the schema and the browser want strings.
    for phase in data.get("phases", []) if isinstance(data, dict) else []:
        if isinstance(phase, dict) and isinstance(phase.get("minutes"), dict):
            phase["minutes"] = {str(k): v for k, v in phase["minutes"].items()}
    validator = jsonschema.Draft202012Validator(taxonomy.schema_with_taxonomy(SCHEMA_FILE, tax))
    problems = [f"{shown}: {_where(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    if not problems:
        problems += _consistency_problems(data, shown, tax)
    if problems:
        raise MockDataError("\n".join(problems))
    return data


def _consistency_problems(data: dict, shown: str, tax: taxonomy.Taxonomy) -> list[str]:
    problems = []
    for length in LENGTHS:
        total = sum(p["minutes"][length] for p in data["phases"])
        if total != int(length):
            problems.append(
                f"{shown}: phases: the {length}-minute budgets add up to {total} minutes; "
                f"make them add up to {length}."
            )
    ids = [p["id"] for p in data["prompts"]]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{shown}: prompts: the id {duplicate!r} is used twice.")
    for level in tax.levels:
        if not any(level in p["levels"] for p in data["prompts"]):
            problems.append(f"{shown}: prompts: no prompt for level {level!r}; add one.")
        if level not in data["rubric"]:
            problems.append(f"{shown}: rubric: no self-check list for level {level!r}; add one.")
    return problems


MARKER = "<!-- mock-phases -->"
RUBRIC_MARKER = "<!-- self-check-lists -->"


def phases_table(data: dict) -> str:
    rows = ["| Phase | 45-minute slot | 60-minute slot |", "| --- | ---: | ---: |"]
    rows += [
        f"| {p['name']} | {p['minutes']['45']} min | {p['minutes']['60']} min |"
        for p in data["phases"]
    ]
    return "\n".join(rows)


def rubric_lists(data: dict) -> str:
    """One list per level, under a heading with a stable anchor (#self-check-<level>).

    Plain bullets, not Markdown task lists: those render disabled checkboxes without an
    accessible name (axe: "form elements must have labels"); the mock-interview page has the
    working checkboxes."""
    blocks = []
    for level, items in data["rubric"].items():
        blocks.append(f"### {level} {{ #self-check-{level.lower()} }}\n")
        blocks.append("\n".join(f"- {item}" for item in items) + "\n")
    return "\n".join(blocks)


def fill_page(markdown: str, data: dict) -> str:
    """Replace the markers with the phases' time budgets and the rubric's self-check lists."""
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, phases_table(data))
    if RUBRIC_MARKER in markdown:
        markdown = markdown.replace(RUBRIC_MARKER, rubric_lists(data))
    return markdown
