"""Practice artefacts generated from the question bank: the browsable bank page, the
flashcards' data and the Anki deck. One source (data/questions/), three outputs.
"""

from __future__ import annotations

import hashlib
import html
import json
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import genanki

from guidekit import CACHE, cached_bytes, source_digest, taxonomy
from guidekit.pages import page_url
from guidekit.questions import Question, relative_link

BANK_PAGE = "practice/questions.md"
# Flashcards' and mock interview's data: a script, not JSON, so it also loads from file://
# in the offline copy, where fetch() is not allowed.
CARDS_SCRIPT = "practice/practice-data.js"
ANKI_FILE = "practice/ai-ml-system-design.apkg"

# Anki identifies note types and decks by these numbers: never change them, or re-imports
# create a second deck instead of updating the first.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
ANKI_DECK_NAME = "AI-ML System Design Guide"

_CARD_CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left;
  color: #1f2933; background: #fff; max-width: 42em; margin: 0 auto; line-height: 1.45; }
.meta { color: #52606d; font-size: 14px; }
.nightMode .card, .card.nightMode { color: #e4e7eb; background: #1f2933; }
.nightMode .meta { color: #9aa5b1; }"""


def part_of(q: Question, tax: taxonomy.Taxonomy) -> str:
    """The part a question belongs to: the part of its first topic."""
    for part, topics in tax.topics_by_part.items():
        if q.topics[0] in topics:
            return part
    raise ValueError(f"{q.id}: topic {q.topics[0]!r} is in no part")


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def bank_markdown(questions: list[Question], tax: taxonomy.Taxonomy) -> str:
    """The question bank page: grouped by part and topic, filterable by level and topic."""
    counts = {(part_of(q, tax), q.level): 0 for q in questions}
    for q in questions:
        counts[(part_of(q, tax), q.level)] += 1
    parts = [p for p in tax.topics_by_part if any(k[0] == p for k in counts)]
    lines = [
        "---",
        "description: Every check-yourself question of the guide with an answer outline, "
        "by part and topic, filterable by level and topic.",
        "# Every question already appears in its chapter's search entry: indexing them twice",
        "# would only enlarge the search index that every page downloads.",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Question bank { #question-bank }",
        "",
        f"{len(questions)} interview questions from the chapters of the guide, each with the "
        "points a strong answer covers. Answer aloud first, then open the outline. The same "
        "questions drive the [flashcards](flashcards.md) and the downloadable Anki deck.",
        "",
        "| Part | " + " | ".join(tax.levels) + " | All |",
        "|---|" + "---:|" * (len(tax.levels) + 1),
    ]
    for part in parts:
        row = [counts.get((part, level), 0) for level in tax.levels]
        title = tax.titles.get(part, part)
        lines.append(f"| [{title}](#{part}) | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    levels = html.escape("|".join(tax.levels))  # the filter lists levels in this order
    filters = f'<div class="qb-filters" data-qb-filters data-levels="{levels}" hidden></div>'
    lines += ["", filters, ""]
    for part in parts:
        lines += [f"## {tax.titles.get(part, part)} {{ #{part} }}", ""]
        for topic in tax.topics_by_part[part]:
            listed = [q for q in questions if q.topics[0] == topic]
            if not listed:
                continue
            lines += [f"### {topic} {{ #{_slug(topic)} }}", ""]
            for q in listed:
                lines += _bank_item(q)
    return "\n".join(lines) + "\n"


def _bank_item(q: Question) -> list[str]:
    topics = "|".join(q.topics)
    body = [f"*{q.level}* · {', '.join(q.topics)}", ""]
    body += [f"- {point}" for point in q.answer]
    sources = [q.page, *q.links]
    body += [
        "",
        "Taught in: "
        + ", ".join(
            f"[{relative_link(s, BANK_PAGE)}]({relative_link(s, BANK_PAGE)})" for s in sources
        ),
    ]
    indented = "\n".join(f"    {line}" if line else "" for line in body)
    return [
        f'<div class="qb-item" data-level="{q.level}" data-topics="{html.escape(topics)}" '
        f'id="{q.id}" markdown>',
        "",
        f'??? question "{q.question}"',
        "",
        indented,
        "",
        "</div>",
        "",
    ]


def cards_script(questions: list[Question], tax: taxonomy.Taxonomy) -> str:
    """The flashcards' data as a script that sets window.GUIDE_CARDS."""
    cards = [
        {
            "id": q.id,
            "question": q.question,
            "answer": list(q.answer),
            "level": q.level,
            "topics": list(q.topics),
            "part": part_of(q, tax),
            "page": page_url(q.page),
        }
        for q in questions
    ]
    meta = {"levels": list(tax.levels), "parts": tax.titles, "topics": tax.topics_by_part}
    data = json.dumps({"cards": cards, "taxonomy": meta}, ensure_ascii=False, separators=(",", ":"))
    header = "// Generated from data/questions/ by guidekit.practice: do not edit."
    return f"{header}\nwindow.GUIDE_CARDS = {data};\n"


def anki_model() -> genanki.Model:
    return genanki.Model(
        ANKI_MODEL_ID,
        "AI-ML System Design Guide question",
        fields=[{"name": n} for n in ("Id", "Question", "Answer", "Level", "Topics", "Link")],
        templates=[
            {
                "name": "Question to answer outline",
                "qfmt": '<div class="meta">{{Level}} · {{Topics}}</div><p>{{Question}}</p>',
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'
                '<p class="meta"><a href="{{Link}}">Read the chapter</a></p>',
            }
        ],
        css=_CARD_CSS,
        sort_field_index=1,
    )


class _Note(genanki.Note):
    @property
    def guid(self):  # stable per question id: a re-import updates the card, never duplicates it
        return genanki.guid_for(self.fields[0])


def write_anki_deck(questions: Iterable[Question], out: Path, site_url: str) -> int:
    """Write the deck to `out`; return the number of notes."""
    model, deck = anki_model(), genanki.Deck(ANKI_DECK_ID, ANKI_DECK_NAME)
    count = 0
    for q in questions:
        answer = "<ul>" + "".join(f"<li>{html.escape(a)}</li>" for a in q.answer) + "</ul>"
        fields = [
            q.id,
            html.escape(q.question),
            answer,
            q.level,
            html.escape(", ".join(q.topics)),
            html.escape(site_url.rstrip("/") + "/" + page_url(q.page)),
        ]
        tags = [q.level, *(t.replace(" ", "_") for t in q.topics)]
        deck.add_note(_Note(model=model, fields=fields, tags=tags))
        count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(deck).write_to_file(str(out))
    return count


def site_files(questions: list[Question], mock_data: dict, site_url: str) -> dict[str, str | bytes]:
    """Every practice artefact, by site path: the bank page, the data script, the deck."""
    tax = taxonomy.default()
    mock_script = json.dumps(mock_data, ensure_ascii=False, separators=(",", ":"))

    def deck() -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "deck.apkg"
            write_anki_deck(questions, out, site_url)
            return out.read_bytes()

    # Writing the deck (SQLite, then zip) was a tenth of a live reload. It depends only on the
    # questions, the address and this module (the card model), so it is cached by those.
    code = source_digest(__file__)
    inputs = json.dumps([genanki.__version__, code, site_url, [asdict(q) for q in questions]])
    key = hashlib.sha256(inputs.encode()).hexdigest()
    deck_bytes = cached_bytes(CACHE / "anki" / f"{key}.apkg", deck)
    return {
        BANK_PAGE: bank_markdown(questions, tax),
        CARDS_SCRIPT: cards_script(questions, tax) + f"window.GUIDE_MOCK = {mock_script};\n",
        ANKI_FILE: deck_bytes,
    }
