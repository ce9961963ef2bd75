"""The question bank: one YAML file per chapter in data/questions/, validated and rendered.

Each file holds the check-yourself questions of one chapter. The build validates every file
(schema, taxonomy, unique ids, links to existing pages) and writes a chapter's questions
where its Markdown has the `<!-- questions -->` marker. Run `python -m guidekit.questions`
to validate the bank without building the site.
"""

import hashlib
import json
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from guidekit import CACHE, ROOT, display_path, load_yaml, mark_used, taxonomy, write_atomic

QUESTIONS_DIR = ROOT / "data" / "questions"
SCHEMA_FILE = ROOT / "data" / "schemas" / "questions.schema.json"
DOCS_DIR = ROOT / "docs"
MARKER = "<!-- questions -->"
_MARKER_LINE = re.compile(rf"^[ \t]*{re.escape(MARKER)}[ \t]*$", re.MULTILINE)


class QuestionBankError(Exception):
    """The bank is invalid; the message names each file and entry and how to fix it."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    level: str
    topics: tuple[str, ...]
    answer: tuple[str, ...]
    page: str  # the chapter that lists it under Check yourself (path under docs/)
    links: tuple[str, ...] = ()
    source: str = ""  # the data file, for messages


def _where(data: object, path: Iterable) -> str:
    """Name the entry an error is in: its id when it has one, else its position."""
    path = list(path)
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        entry = data["questions"][path[1]]
        name = entry.get("id") if isinstance(entry, dict) else None
        rest = "/".join(map(str, path[2:]))
        label = f"question {name!r}" if name else f"question #{path[1] + 1}"
        return f"{label}{' field ' + repr(rest) if rest else ''}"
    return f"field {'/'.join(map(str, path))!r}" if path else "top level"


def load_file(path: Path, tax: taxonomy.Taxonomy) -> tuple[list[Question], list[str]]:
    """Parse and schema-check one file; return its questions and the problems found."""
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    schema = taxonomy.schema_with_taxonomy(SCHEMA_FILE, tax)
    # Parsing and schema checks were a third of every live reload: a text that passed is
    # stored parsed, as JSON, under a hash of the text and the schema.
    key = hashlib.sha256(json.dumps([schema, text], sort_keys=True).encode()).hexdigest()
    passed = CACHE / "questions" / f"{key}.json"
    if passed.is_file():
        mark_used(passed)
        data = json.loads(passed.read_bytes())
    else:
        try:
            data = load_yaml(text)
        except yaml.YAMLError as error:
            return [], [f"{shown}: not valid YAML: {error}"]
        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
        if errors:
            return [], [f"{shown}: {_where(data, e.path)}: {e.message}" for e in errors]
        write_atomic(passed, json.dumps(data, default=str).encode())
    questions = [
        Question(
            id=q["id"],
            question=" ".join(q["question"].split()),
            level=q["level"],
            topics=tuple(q["topics"]),
            answer=tuple(" ".join(a.split()) for a in q["answer"]),
            page=data["page"],
            links=tuple(q.get("links", ())),
            source=shown,
        )
        for q in data["questions"]
    ]
    stem = path.stem
    problems = [
        f"{shown}: question {q.id!r}: the id must start with the file name, '{stem}-'"
        for q in questions
        if not q.id.startswith(stem + "-")
    ]
    return questions, problems


def load(
    pages: Iterable[str] | None = None,
    directory: Path = QUESTIONS_DIR,
    tax: taxonomy.Taxonomy | None = None,
) -> list[Question]:
    """Every question in the bank. `pages` are the site's page paths (src_uri) links may use;
    by default the Markdown files under docs/ and the notebooks' page paths."""
    tax = tax or taxonomy.default()
    known = set(pages) if pages is not None else _known_pages()
    questions, problems = [], []
    for path in sorted(directory.glob("*.yml")):
        found, file_problems = load_file(path, tax)
        questions += found
        problems += file_problems
    seen: dict[str, str] = {}
    for q in questions:
        if q.id in seen:
            problems.append(
                f"{q.source}: question {q.id!r}: duplicate id, also in {seen[q.id]}. "
                "Give it a new number; never reuse an id."
            )
        seen.setdefault(q.id, q.source)
        for target in (q.page, *q.links):
            if target.split("#", 1)[0] not in known:
                problems.append(
                    f"{q.source}: question {q.id!r}: links to {target!r}, which is not a page "
                    "of the site. Use a path under docs/ (e.g. lifecycle/data.md) or a "
                    "notebook's page path."
                )
    if problems:
        raise QuestionBankError("\n".join(dict.fromkeys(problems)))
    return questions


def _known_pages() -> set[str]:
    from guidekit import notebooks  # imported late: the CLI check must not need a kernel

    docs = {p.relative_to(DOCS_DIR).as_posix() for p in DOCS_DIR.rglob("*.md")}
    return docs | {nb.src_uri for nb in notebooks.discover()}


def by_page(questions: Iterable[Question]) -> dict[str, list[Question]]:
    result: dict[str, list[Question]] = {}
    for q in questions:
        result.setdefault(q.page, []).append(q)
    return result


def relative_link(target: str, page: str) -> str:
    """A docs path (optionally with #anchor) as a Markdown link target relative to `page`."""
    path, _, anchor = target.partition("#")
    href = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return f"{href}#{anchor}" if anchor else href


def render(questions: list[Question], page: str) -> str:
    """Markdown for a chapter's Check yourself section: one collapsed block per question."""
    blocks = []
    for q in questions:
        # The title is inline Markdown: quotes inside it need no escaping (the pattern is greedy).
        title = q.question
        body = [f"*{q.level}* · {', '.join(q.topics)}", ""]
        body += [f"- {point}" for point in q.answer]
        if q.links:
            see = ", ".join(
                f"[{relative_link(t, page)}]({relative_link(t, page)})" for t in q.links
            )
            body += ["", f"See also: {see}"]
        indented = "\n".join(f"    {line}" if line else "" for line in body)
        blocks.append(f'??? question "{title}"\n\n{indented}\n')
    return "\n".join(blocks)


def fill_page(markdown: str, page: str, questions: list[Question]) -> str:
    """Replace the marker with the page's questions; fail if marker and bank disagree."""
    markers = len(_MARKER_LINE.findall(markdown))
    if markers > 1:
        raise QuestionBankError(f"{page}: '{MARKER}' appears {markers} times; keep one.")
    if markers and not questions:
        raise QuestionBankError(
            f"{page}: has '{MARKER}' but data/questions/ has no file with 'page: {page}'. "
            "Add the chapter's questions there or remove the marker."
        )
    if questions and not markers:
        raise QuestionBankError(
            f"{page}: data/questions/ has {len(questions)} question(s) for this page "
            f"({questions[0].source}), but the page has no '{MARKER}' line. Put it under the "
            "page's 'Check yourself' heading."
        )
    if not markers:
        return markdown
    return _MARKER_LINE.sub(lambda _: render(questions, page), markdown, count=1)


class Bank:
    """The bank as one build sees it: loaded when the build collects its files."""

    def __init__(self) -> None:
        self.questions: list[Question] = []
        self.pages: dict[str, list[Question]] = {}

    def refresh(self, site_pages: Iterable[str]) -> None:
        self.questions = load(p for p in site_pages if p.endswith((".md", ".ipynb")))
        self.pages = by_page(self.questions)

    def fill(self, markdown: str, page: str) -> str:
        return fill_page(markdown, page, self.pages.get(page, []))


def main(argv: list[str] | None = None) -> int:
    del argv
    try:
        questions = load()
    except QuestionBankError as error:
        print(error, file=sys.stderr)
        return 1
    pages = by_page(questions)
    print(f"question bank OK: {len(questions)} questions for {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
