"""The question bank: bad entries are rejected by name, and chapters show their questions."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from guidekit import questions, taxonomy
from tests.test_build import output_path

PAGES = {"lifecycle/data.md", "lifecycle/features.md", "monitoring/drift-detection.ipynb"}

GOOD = {
    "id": "lifecycle-data-01",
    "question": "How would you estimate the cost of labelling a million images?",
    "level": "Senior",
    "topics": ["Data and labelling"],
    "answer": ["Price per label times volume", "Add review passes for quality"],
    "links": ["lifecycle/features.md#leakage"],
}


def write(folder: Path, name: str, entries: list[dict], page: str = "lifecycle/data.md") -> Path:
    path = folder / f"{name}.yml"
    path.write_text(yaml.safe_dump({"page": page, "questions": entries}), encoding="utf-8")
    return path


def problems(folder: Path) -> str:
    with pytest.raises(questions.QuestionBankError) as caught:
        questions.load(PAGES, directory=folder)
    return str(caught.value)


def test_the_bank_is_valid_and_covers_every_written_chapter():
    bank = questions.load()
    assert len(bank) >= 100, "each chapter adds its check-yourself questions"
    tax = taxonomy.default()
    for part in ("lifecycle", "monitoring"):
        levels = {q.level for q in bank if q.page.startswith(part + "/")}
        assert {"Mid", "Senior"} <= levels and levels & {"Staff", "Principal"}, part
        assert {t for q in bank for t in q.topics} >= set(tax.topics_by_part[part]), part


def test_a_good_file_loads(tmp_path):
    write(tmp_path, "lifecycle-data", [GOOD])
    (loaded,) = questions.load(PAGES, directory=tmp_path)
    assert loaded.id == "lifecycle-data-01" and loaded.page == "lifecycle/data.md"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"answer": None}, "'answer' is a required property"),
        ({"level": "Junior"}, "field 'level': 'Junior' is not one of"),
        ({"topics": ["Astrology"]}, "field 'topics/0': 'Astrology' is not one of"),
        ({"links": ["lifecycle/nowhere.md"]}, "links to 'lifecycle/nowhere.md'"),
        ({"difficulty": 3}, "'difficulty' was unexpected"),
        ({"id": "monitoring-drift-01"}, "the id must start with the file name"),
    ],
)
def test_a_bad_entry_is_named_with_its_file_and_id(tmp_path, change, expected):
    entry = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    write(tmp_path, "lifecycle-data", [entry])
    message = problems(tmp_path)
    assert str(tmp_path / "lifecycle-data.yml") in message
    assert f"question {entry['id']!r}" in message
    assert expected in message


def test_duplicate_ids_across_files_are_rejected(tmp_path):
    write(tmp_path, "lifecycle-data", [GOOD])
    write(tmp_path, "lifecycle-data-extra", [{**GOOD, "id": "lifecycle-data-01"}])
    message = problems(tmp_path)
    assert "duplicate id" in message and "lifecycle-data.yml" in message


def test_a_file_for_a_missing_chapter_is_rejected(tmp_path):
    write(tmp_path, "lifecycle-data", [GOOD], page="lifecycle/gone.md")
    assert "links to 'lifecycle/gone.md'" in problems(tmp_path)


def test_marker_and_bank_must_agree():
    (q,) = [questions.Question(**{**GOOD, "topics": ("Data",), "answer": ("a", "b")}, page="x")]
    with pytest.raises(questions.QuestionBankError, match="no '<!-- questions -->' line"):
        questions.fill_page("# Data\n", "lifecycle/data.md", [q])
    with pytest.raises(questions.QuestionBankError, match="has no file with 'page: "):
        questions.fill_page("<!-- questions -->\n", "lifecycle/data.md", [])
    filled = questions.fill_page("## Check\n\n<!-- questions -->\n", "lifecycle/data.md", [q])
    assert '??? question "How would you estimate' in filled
    assert "[features.md#leakage](features.md#leakage)" in filled


def summaries(page_html: str) -> list[str]:
    """Plain text of each collapsed question block's summary."""
    found = re.findall(r'<details class="question">\s*<summary>(.*?)</summary>', page_html, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", s)) for s in found]


def test_every_chapter_shows_its_questions_collapsed(built_site):
    for page, listed in questions.by_page(questions.load()).items():
        text = output_path(built_site, page).read_text(encoding="utf-8")
        # Collapsed: <details> without "open", one per question, in the bank's order.
        shown = summaries(text)
        assert shown == [q.question.replace("`", "") for q in listed], page
        assert '<details class="question" open' not in text
