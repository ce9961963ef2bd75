"""Practice tools built from the question bank: the bank page, flashcards and the Anki deck."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections import Counter

import genanki
import pytest
import yaml
from playwright.sync_api import expect

from guidekit import ROOT, mock, practice, questions
from guidekit.pages import page_url

BANK = questions.load()


def test_anki_deck_is_a_valid_package_with_one_stable_note_per_question(built_site, tmp_path):
    deck = built_site / practice.ANKI_FILE
    with zipfile.ZipFile(deck) as package:
        assert "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = db.execute("select guid, flds, mid from notes").fetchall()
        decks = json.loads(db.execute("select decks from col").fetchone()[0])
    assert len(notes) == len(BANK)
    # Re-importing a newer deck updates cards only if guid and note type never change.
    assert {guid for guid, _, _ in notes} == {genanki.guid_for(q.id) for q in BANK}
    assert {mid for _, _, mid in notes} == {practice.ANKI_MODEL_ID}
    assert str(practice.ANKI_DECK_ID) in decks
    fields = {flds.split("\x1f")[0]: flds.split("\x1f") for _, flds, _ in notes}
    first = BANK[0]
    assert fields[first.id][3] == first.level and fields[first.id][5].endswith(page_url(first.page))


def test_cards_script_holds_every_question(built_site):
    script = (built_site / practice.CARDS_SCRIPT).read_text(encoding="utf-8")
    line = next(x for x in script.splitlines() if x.startswith("window.GUIDE_CARDS = "))
    data = json.loads(line.removeprefix("window.GUIDE_CARDS = ").rstrip(";"))
    assert [c["id"] for c in data["cards"]] == [q.id for q in BANK]
    assert all((built_site / c["page"] / "index.html").is_file() for c in data["cards"])


def test_bank_page_lists_every_question_once(built_site):
    html = (built_site / "practice" / "questions" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="qb-item"') == len(BANK)
    for q in BANK:
        assert f'id="{q.id}"' in html


def visible_items(page):
    return page.locator(".qb-item:visible")


@pytest.mark.browser
def test_question_bank_filters_by_level_and_topic(page, site_url):
    page.goto(site_url + "practice/questions/", wait_until="networkidle")
    expect(page.locator(".practice-count")).to_have_text(
        f"Showing {len(BANK)} of {len(BANK)} questions"
    )
    levels = Counter(q.level for q in BANK)
    page.select_option(".qb-filters select[name=level]", "Staff")
    expect(visible_items(page)).to_have_count(levels["Staff"])
    assert set(visible_items(page).evaluate_all("els => els.map(e => e.dataset.level)")) == {
        "Staff"
    }
    topic = BANK[0].topics[0]
    page.select_option(".qb-filters select[name=topic]", topic)
    expected = sum(1 for q in BANK if q.level == "Staff" and topic in q.topics)
    expect(visible_items(page)).to_have_count(expected)
    # A part whose questions are all filtered out loses its heading too.
    hidden_parts = {practice.part_of(q, practice.taxonomy.default()) for q in BANK} - {
        practice.part_of(q, practice.taxonomy.default())
        for q in BANK
        if q.level == "Staff" and topic in q.topics
    }
    for part in hidden_parts:
        expect(page.locator(f"h2#{part}")).to_be_hidden()


@pytest.mark.browser
def test_flashcard_session_reveals_grades_and_survives_a_reload(page, site_url):
    page.goto(site_url + "practice/flashcards/", wait_until="networkidle")
    question = page.locator(".flashcard-question")
    expect(question).not_to_be_empty()
    first = question.inner_text()
    expect(page.locator(".flashcard-answer")).to_be_hidden()
    page.keyboard.press("Space")
    expect(page.locator(".flashcard-answer")).to_be_visible()
    expect(page.locator(".flashcard-answer li").first).not_to_be_empty()
    page.keyboard.press("2")
    expect(page.locator("[data-stats]")).to_contain_text("Reviewed: 1")
    assert question.inner_text() != first
    stored = json.loads(page.evaluate("localStorage.getItem('ml-design-guide.flashcards.v1')"))
    (card_id, record) = next(iter(stored.items()))
    assert record["box"] == 2 and card_id in {q.id for q in BANK}
    page.reload(wait_until="networkidle")
    expect(page.locator("[data-stats]")).to_contain_text("Reviewed: 1")
    expect(page.locator("[data-stats]")).to_contain_text(f"Due now: {len(BANK) - 1}")
    assert page.locator(".flashcard-question").inner_text() != first
    assert not page.traffic.foreign and not page.traffic.console_errors


MOCK = mock.load()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["phases"][0]["minutes"].update({45: 7}), "45-minute budgets add up to 50"),
        (lambda d: d["prompts"][0]["levels"].append("Intern"), "'Intern' is not one of"),
        (lambda d: d["prompts"][0]["topics"].append("Astrology"), "'Astrology' is not one of"),
        (lambda d: d["rubric"].pop("Staff"), "no self-check list for level 'Staff'"),
        (lambda d: d["prompts"].append(dict(d["prompts"][0])), "is used twice"),
        (lambda d: d["prompts"][0].update({"hint": "x"}), "'hint' was unexpected"),
    ],
)
def test_bad_mock_interview_data_is_rejected_by_name(tmp_path, change, expected):
    data = yaml.safe_load(mock.MOCK_FILE.read_text(encoding="utf-8"))
    change(data)
    bad = tmp_path / "mock-interview.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(mock.MockDataError) as caught:
        mock.load(bad)
    assert str(bad) in str(caught.value) and expected in str(caught.value)


def test_mock_interview_page_shows_the_time_budgets(built_site):
    html = (built_site / "practice" / "mock-interview" / "index.html").read_text(encoding="utf-8")
    for phase in MOCK["phases"]:
        assert f"<td>{phase['name']}</td>" in html


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


@pytest.mark.browser
def test_mock_interview_runs_the_timer_and_ends_with_the_rubric(page, site_url):
    page.goto(site_url + "practice/mock-interview/", wait_until="networkidle")
    page.select_option("[data-mock-interview] select[name=level]", "Staff")
    page.click("[data-mock-start]")
    prompt_id = page.locator(".mock-prompt").get_attribute("data-prompt-id")
    assert "Staff" in next(p for p in MOCK["prompts"] if p["id"] == prompt_id)["levels"]
    phases = page.locator(".mock-phases li")
    expect(phases).to_have_count(len(MOCK["phases"]))
    expect(phases.nth(0)).to_have_attribute("aria-current", "step")
    first = seconds(page.locator(".mock-timer").inner_text())
    assert first == MOCK["phases"][0]["minutes"]["45"] * 60
    page.wait_for_timeout(1600)
    assert seconds(page.locator(".mock-timer").inner_text()) < first, "the countdown is not running"
    page.get_by_role("button", name="Next phase").click()
    expect(phases.nth(1)).to_have_attribute("aria-current", "step")
    page.get_by_role("button", name="Finish and self-check").click()
    items = page.locator(".mock-rubric li")
    expect(items).to_have_count(len(MOCK["rubric"]["Staff"]))
    items.nth(0).locator("input").check()
    expect(page.locator(".mock-rubric .practice-count")).to_have_text(
        f"1 of {len(MOCK['rubric']['Staff'])} shown"
    )
    assert not page.traffic.foreign and not page.traffic.console_errors


def test_mock_timer_uses_the_playbook_time_budgets():
    """The timer's phases and the playbook's budget tables must not drift apart."""
    text = (ROOT / "docs" / "playbook" / "interview-format.md").read_text(encoding="utf-8")
    for length in ("45", "60"):
        section = text.split(f"{{ #budget-{length} }}", 1)[1].split("\n\n", 2)[1]
        rows = [r.split("|")[1:3] for r in section.splitlines()[2:]]
        table = [(name.strip(), int(minutes)) for name, minutes in rows]
        assert [m for _, m in table] == [p["minutes"][length] for p in MOCK["phases"]], length
        # Names may differ in number ("deep dive" in 45 minutes, "deep dives" in 60).
        for (name, _), phase in zip(table, MOCK["phases"], strict=True):
            assert name.startswith(phase["name"]), (length, name)
