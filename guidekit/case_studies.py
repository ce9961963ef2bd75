"""Case studies (docs/architectures/<slug>.md): one template, checked by the build and tests.

A case study's front matter is validated against data/schemas/case-study.schema.json (with
the taxonomy's levels and topics), and its body must have the template's sections in order,
real prose in each, a generated diagram, a trade-off table, a rubric subsection and follow-up
questions for every level it claims, and no "FILL IN" left from the scaffold. The build also
renders each page's references from its front matter and the filterable index page.

    python -m guidekit.case_studies                 # check every case study
    python -m guidekit.case_studies new "Title" [--notebook]   # scaffold a new one
"""

from __future__ import annotations

import argparse
import datetime
import html
import posixpath
import re
import string
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from mkdocs.utils.meta import get_data

from guidekit import ROOT, display_path, taxonomy
from guidekit.pages import page_url
from guidekit.questions import MARKER as QUESTIONS_MARKER
from guidekit.questions import Question, relative_link

PART = "architectures"
DOCS_DIR = ROOT / "docs"
CASE_DIR = DOCS_DIR / PART
SCHEMA_FILE = ROOT / "data" / "schemas" / "case-study.schema.json"
TEMPLATES = ROOT / "templates"
INDEX_PAGE = f"{PART}/index.md"
INDEX_MARKER = "<!-- case-studies -->"
REFERENCES_MARKER = "<!-- references -->"
PLACEHOLDER = "FILL IN"
MIN_WORDS = 80  # a section shorter than this is an outline, not an answer

# The template's sections: (anchor, title in the template). Titles may be reworded; anchors,
# presence and order are fixed so readers and interviewers find the same thing in each page.
SECTIONS = (
    ("prompt", "The prompt and clarifying questions"),
    ("requirements", "Requirements"),
    ("estimates", "Back-of-the-envelope estimates"),
    ("ml-framing", "ML framing"),
    ("data-and-features", "Data and features"),
    ("models", "Models"),
    ("serving", "Serving architecture"),
    ("pipelines", "Training and data pipelines"),
    ("evaluation", "Evaluation and experimentation"),
    ("monitoring", "Monitoring, failure modes and fallbacks"),
    ("trade-offs", "Scaling, cost and trade-offs"),
    ("follow-ups", "Follow-up questions by level"),
    ("rubric", "What answers look like by level"),
    ("real-world", "How real companies built it"),
    ("references", "References"),
)
# Sections the build fills from data: they need no prose of their own.
GENERATED = {"follow-ups": QUESTIONS_MARKER, "references": REFERENCES_MARKER}

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{2,3})\s+(.*?)\s*(?:\{([^}]*)\})?\s*$")
_ANCHOR = re.compile(r"#([A-Za-z0-9_-]+)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


class CaseStudyError(Exception):
    """A case study breaks the template; the message names each file, problem and fix."""


@dataclass(frozen=True)
class Section:
    anchor: str | None
    title: str
    body: str
    level: int  # 2 for ##, 3 for ###


def is_case_study(src_uri: str) -> bool:
    return src_uri.startswith(f"{PART}/") and src_uri.endswith(".md") and src_uri != INDEX_PAGE


def sections(markdown: str) -> list[Section]:
    """The page's ## and ### headings with the text under each, skipping fenced code."""
    found: list[Section] = []
    current: dict | None = None
    lines: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            if current is not None:
                found.append(Section(body="\n".join(lines), **current))
            anchor = _ANCHOR.search(match.group(3) or "")
            current = {
                "anchor": anchor.group(1) if anchor else None,
                "title": match.group(2),
                "level": len(match.group(1)),
            }
            lines = []
        elif current is not None:
            lines.append(line)
    if current is not None:
        found.append(Section(body="\n".join(lines), **current))
    return found


def words(text: str) -> int:
    return len(_IMAGE.sub(" ", _COMMENT.sub(" ", text)).split())


def schema(tax: taxonomy.Taxonomy) -> dict:
    result = taxonomy.schema_with_taxonomy(SCHEMA_FILE, tax)
    domains = tax.topics_by_part[PART]
    result["$defs"]["domain"]["enum"] = list(domains)
    result["$defs"]["skill"]["enum"] = [t for t in tax.topics if t not in domains]
    return result


def _plain(meta: Mapping) -> dict:
    """Front matter as JSON would hold it: YAML reads an unquoted date as a date object."""
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in dict(meta).items()}


def front_matter_problems(meta: Mapping, tax: taxonomy.Taxonomy) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema(tax), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    for error in sorted(validator.iter_errors(_plain(meta)), key=lambda e: list(map(str, e.path))):
        where = "/".join(map(str, error.path))
        field = f"front matter field '{where}'" if where else "front matter"
        problems.append(f"{field}: {error.message}")
    if problems:
        problems.append(
            "see data/schemas/case-study.schema.json for every field, and data/taxonomy.yml for "
            "the allowed levels, domains (Part 5 topics) and skills (topics of Parts 0-4)"
        )
    return problems


def structure_problems(markdown: str, meta: Mapping, questions: list[Question]) -> list[str]:
    """Sections present and in order, with prose, a table, the rubric and follow-ups."""
    problems = []
    found = sections(markdown)
    top = [s for s in found if s.level == 2]
    anchors = [s.anchor for s in top]
    required = [anchor for anchor, _ in SECTIONS]
    for index, (anchor, title) in enumerate(SECTIONS):
        if anchor not in anchors:
            after = f"after the {{ #{required[index - 1]} }} section" if index else "first"
            problems.append(
                f"missing section {{ #{anchor} }}: add '## {title} {{ #{anchor} }}' {after}"
            )
    present = [a for a in anchors if a in required]
    expected = [a for a in required if a in present]
    if present != expected:
        problems.append(
            "the template's sections are out of order: found "
            f"{' → '.join(present)}; order them {' → '.join(expected)}"
        )
    by_anchor = {s.anchor: s for s in top if s.anchor in required}
    subsections: dict[str, list[Section]] = {}
    owner = None
    for s in found:
        if s.level == 2:
            owner = s.anchor
        elif owner:
            subsections.setdefault(owner, []).append(s)
    for anchor, title in SECTIONS:
        section = by_anchor.get(anchor)
        if section is None:
            continue
        text = section.body + "".join(f"\n{s.title}\n{s.body}" for s in subsections.get(anchor, []))
        if anchor in GENERATED:
            if GENERATED[anchor] not in text:
                problems.append(
                    f"section {{ #{anchor} }} must contain the line '{GENERATED[anchor]}'; "
                    "the build renders it from data"
                )
        elif words(text) < MIN_WORDS:
            problems.append(
                f"section {{ #{anchor} }} ({title}) has {words(text)} words; write at least "
                f"{MIN_WORDS} words of real content"
            )
    if "trade-offs" in by_anchor and not _TABLE_RULE.search(by_anchor["trade-offs"].body):
        problems.append(
            "section { #trade-offs } needs a table of the main decisions "
            "(| Decision | Options | Choice and why |)"
        )
    levels = [lv for lv in meta.get("levels", []) if isinstance(lv, str)]
    if "rubric" in by_anchor:
        headings = [s.title for s in subsections.get("rubric", []) if s.level == 3]
        for level in levels:
            if not any(h.startswith(level) for h in headings):
                problems.append(
                    f"section {{ #rubric }} has no '### {level}' subsection, but the front "
                    f"matter lists {level} in 'levels': say what a {level} answer contains"
                )
    asked = {q.level for q in questions}
    for level in levels:
        if level not in asked:
            problems.append(
                f"no {level} follow-up question: add one with 'level: {level}' and an answer "
                "outline to the page's file in data/questions/"
            )
    return problems


def asset_problems(
    markdown: str, meta: Mapping, src_uri: str, pages: set[str], notebook_pages: Mapping[str, str]
) -> list[str]:
    """Diagrams exist and are embedded; related pages and the notebook exist and are linked."""
    problems = []
    for name in meta.get("diagrams", []) or []:
        if not isinstance(name, str):
            continue
        if not (ROOT / "diagrams" / f"{name}.py").is_file():
            problems.append(
                f"diagram {name!r} has no source: create diagrams/{name}.py "
                "(see docs/contributing/diagrams.md) or fix the name in 'diagrams'"
            )
        if f"assets/diagrams/{name}.svg" not in markdown:
            problems.append(
                f"diagram {name!r} is listed but not embedded: add "
                f"'![what it shows](../assets/diagrams/{name}.svg)' to the page"
            )
    for target in meta.get("related", []) or []:
        if isinstance(target, str) and target not in pages:
            problems.append(f"related page {target!r} does not exist: use a path under docs/")
    notebook = meta.get("notebook")
    if isinstance(notebook, str):
        site_path = notebook_pages.get(notebook)
        if site_path is None:
            problems.append(
                f"notebook {notebook!r} does not exist: create it (see "
                "docs/contributing/notebooks.md) or remove the 'notebook' key"
            )
        elif Path(site_path).name not in markdown:
            problems.append(
                f"the page does not link to its notebook: add a link to "
                f"'{relative_link(site_path, src_uri)}'"
            )
    return problems


def placeholder_problems(text: str, meta: Mapping, extra: Mapping[str, str]) -> list[str]:
    """'FILL IN' left from the scaffold, in the page or in the files it names."""
    problems = []
    left = [line.strip() for line in text.splitlines() if PLACEHOLDER in line]
    left += [f"{key}: {value}" for key, value in meta.items() if PLACEHOLDER in repr(value)]
    if left:
        problems.append(
            f"'{PLACEHOLDER}' text from the template is still there ({len(left)} place(s), "
            f"e.g. {left[0][:70]!r}): replace each one with real content"
        )
    for name, content in extra.items():
        if PLACEHOLDER in content:
            problems.append(f"{name} still contains '{PLACEHOLDER}': finish it")
    return problems


def check(
    src_uri: str,
    meta: Mapping,
    markdown: str,
    *,
    questions: list[Question],
    pages: set[str],
    notebook_pages: Mapping[str, str],
    tax: taxonomy.Taxonomy | None = None,
) -> list[str]:
    """Every problem of one case study, each prefixed with its file."""
    tax = tax or taxonomy.default()
    linked_files = {}
    for name in meta.get("diagrams", []) or []:
        if isinstance(name, str) and (ROOT / "diagrams" / f"{name}.py").is_file():
            linked_files[f"diagrams/{name}.py"] = (ROOT / "diagrams" / f"{name}.py").read_text()
    notebook = meta.get("notebook")
    if isinstance(notebook, str) and (ROOT / notebook).is_file():
        linked_files[notebook] = (ROOT / notebook).read_text()
    problems = [
        *front_matter_problems(meta, tax),
        *placeholder_problems(markdown, meta, linked_files),
        *structure_problems(markdown, meta, questions),
        *asset_problems(markdown, meta, src_uri, pages, notebook_pages),
    ]
    return [f"docs/{src_uri}: {p}" for p in problems]


def raise_for(problems: list[str]) -> None:
    if problems:
        raise CaseStudyError("\n".join(problems))


# ---- Rendering -------------------------------------------------------------------------------


def tags(meta: Mapping) -> list[str]:
    """The page's tags, derived from the front matter (one home: levels, domains, skills)."""
    return [*meta.get("levels", []), *meta.get("domains", []), *meta.get("skills", [])]


def references_markdown(meta: Mapping) -> str:
    items = []
    for ref in meta.get("references", []):
        who = f"{ref['authors']}. " if ref.get("authors") else ""
        venue = f"{ref['venue']}, " if ref.get("venue") else ""
        items.append(f"1. {who}[{ref['title']}]({ref['url']}). {venue}{ref['year']}.")
    return "\n".join(items)


def fill_page(markdown: str, meta: Mapping) -> str:
    return markdown.replace(REFERENCES_MARKER, references_markdown(meta), 1)


@dataclass(frozen=True)
class Summary:
    src_uri: str
    title: str
    description: str
    levels: tuple[str, ...]
    domains: tuple[str, ...]
    notebook: str  # its source path, or ""


def read_case_studies(docs_dir: Path = DOCS_DIR) -> dict[str, tuple[str, dict]]:
    """Every case study's body and its file's own front matter, by page path. (MkDocs plugins
    add keys of their own to page.meta, such as git dates, which the schema would reject.)"""
    found = {}
    for path in sorted((docs_dir / PART).glob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if is_case_study(src_uri):
            found[src_uri] = get_data(path.read_text(encoding="utf-8"))
    return found


def summary(src_uri: str, meta: Mapping) -> Summary:
    """A case study's line on the index (invalid front matter is reported by the checks)."""
    return Summary(
        src_uri=src_uri,
        title=str(meta.get("title", src_uri)),
        description=str(meta.get("description", "")),
        levels=tuple(meta.get("levels") or ()),
        domains=tuple(meta.get("domains") or ()),
        notebook=str(meta.get("notebook") or ""),
    )


def load_summaries(docs_dir: Path = DOCS_DIR) -> list[Summary]:
    return [summary(uri, meta) for uri, (_, meta) in read_case_studies(docs_dir).items()]


def notebook_cell(summary: Summary, notebook_pages: Mapping[str, str]) -> str:
    site_path = notebook_pages.get(summary.notebook)
    if not site_path:
        return "None"
    href = posixpath.relpath(page_url(site_path), PART) + "/"
    label = html.escape(f"Notebook of {summary.title}", quote=True)
    return f'<a href="{html.escape(href)}" aria-label="{label}">Notebook</a>'


def index_html(
    summaries: Iterable[Summary], tax: taxonomy.Taxonomy, notebook_pages: Mapping[str, str]
) -> str:
    """The index table: one row per case study, with the data the level/domain filter reads."""
    summaries = list(summaries)
    rows = []
    for s in sorted(summaries, key=lambda s: s.title.lower()):
        href = html.escape(page_url(s.src_uri).removeprefix(f"{PART}/") or "./")
        badges = " ".join(f'<span class="cs-tag">{html.escape(lv)}</span>' for lv in s.levels)
        rows.append(
            f'<tr data-levels="{html.escape("|".join(s.levels))}" '
            f'data-domains="{html.escape("|".join(s.domains))}">'
            f'<td><a href="{href}">{html.escape(s.title)}</a><br>'
            f"<small>{html.escape(s.description)}</small></td>"
            f"<td>{html.escape(', '.join(s.domains))}</td><td>{badges}</td>"
            f"<td>{notebook_cell(s, notebook_pages)}</td></tr>"
        )
    domains = [d for d in tax.topics_by_part[PART] if any(d in s.domains for s in summaries)]
    return (
        f'<div class="cs-filters" data-cs-filters data-levels="{html.escape("|".join(tax.levels))}"'
        f' data-domains="{html.escape("|".join(domains))}" hidden></div>\n'
        '<table class="cs-index"><thead><tr><th scope="col">Case study</th>'
        '<th scope="col">Domain</th><th scope="col">Levels</th><th scope="col">Notebook</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
        '<p class="cs-empty" hidden>No case study matches these filters.</p>'
    )


def fill_index(
    markdown: str,
    summaries: Iterable[Summary],
    tax: taxonomy.Taxonomy,
    notebook_pages: Mapping[str, str],
) -> str:
    if INDEX_MARKER not in markdown:
        raise CaseStudyError(f"docs/{INDEX_PAGE}: the '{INDEX_MARKER}' line is missing")
    return markdown.replace(INDEX_MARKER, index_html(summaries, tax, notebook_pages), 1)


class Build:
    """The case studies as one build sees them: checked page by page, indexed once."""

    def __init__(self) -> None:
        self.pages: set[str] = set()
        self.notebook_pages: dict[str, str] = {}
        self.front_matter: dict[str, dict] = {}

    def refresh(self, site_pages: Iterable[str], notebooks: Iterable, docs_dir: Path = DOCS_DIR):
        self.pages = set(site_pages)
        self.notebook_pages = notebook_sources(notebooks)
        self.front_matter = {uri: meta for uri, (_, meta) in read_case_studies(docs_dir).items()}

    def page_markdown(self, markdown: str, page, questions: list[Question]) -> str:
        """Check a case study (raising CaseStudyError), tag it and render its references;
        render the index table on the index page."""
        src_uri = page.file.src_uri
        if src_uri == INDEX_PAGE:
            summaries = [summary(uri, meta) for uri, meta in self.front_matter.items()]
            return fill_index(markdown, summaries, taxonomy.default(), self.notebook_pages)
        if not is_case_study(src_uri):
            return markdown
        raise_for(
            check(
                src_uri,
                self.front_matter[src_uri],
                markdown,
                questions=questions,
                pages=self.pages,
                notebook_pages=self.notebook_pages,
            )
        )
        page.meta["tags"] = tags(page.meta)
        return fill_page(markdown, page.meta)


# ---- Command line: check all, or scaffold a new one ------------------------------------------


def notebook_sources(found: Iterable) -> dict[str, str]:
    """Notebook source path (as front matter names it) -> the notebook's page path."""
    return {nb.source.relative_to(ROOT).as_posix(): nb.src_uri for nb in found}


def check_all(studies: Mapping[str, tuple[str, dict]], docs_dir: Path = DOCS_DIR) -> list[str]:
    from guidekit import notebooks, questions

    notebook_pages = notebook_sources(notebooks.discover())
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
    pages |= set(notebook_pages.values())
    bank = questions.by_page(questions.load(pages))
    problems = []
    for src_uri, (markdown, meta) in studies.items():
        problems += check(
            src_uri,
            meta,
            markdown,
            questions=bank.get(src_uri, []),
            pages=pages,
            notebook_pages=notebook_pages,
        )
    return problems


def slugify(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def add_to_nav(config_text: str, entries: list[str]) -> str:
    """Append nav lines at the end of the Architectures section of mkdocs.yml."""
    lines = config_text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == "  - Architectures:")
    except StopIteration:
        raise CaseStudyError("mkdocs.yml: no '  - Architectures:' section in nav") from None
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    return "".join(lines[:end] + [f"      - {e}\n" for e in entries] + lines[end:])


def scaffold(
    title: str, *, with_notebook: bool, root: Path = ROOT, today: datetime.date | None = None
) -> list[Path]:
    """Create a case study's files from templates/ and add it to the nav; return what was made."""
    slug = slugify(title)
    if not slug:
        raise CaseStudyError('give the case study a title, e.g. "Delivery ETA prediction"')
    module = slug.replace("-", "_")
    page = root / "docs" / PART / f"{slug}.md"
    diagram = root / "diagrams" / f"{module}_serving.py"
    notebook = root / "notebooks" / f"{module}.py"
    targets = [page, diagram] + ([notebook] if with_notebook else [])
    clashes = [display_path(t) for t in targets if t.exists()]
    if clashes:
        raise CaseStudyError(f"{', '.join(clashes)} already exist(s): choose another title")
    values = {
        "title": title,
        "slug": slug,
        "module": module,
        "today": (today or datetime.date.today()).isoformat(),
        "notebook_line": f"notebook: notebooks/{module}.py" if with_notebook else "",
        "notebook_link": (
            f"Run the design's core yourself in [the notebook]({slug}-notebook.ipynb).\n"
            if with_notebook
            else ""
        ),
    }

    def render(template: str) -> str:
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        return string.Template(text).substitute(values)

    page.write_text(render("case-study.md"))
    diagram.write_text(render("case_study_diagram.py"))
    nav = [f"{title}: {PART}/{slug}.md"]
    if with_notebook:
        notebook.write_text(render("case_study_notebook.py"))
        nav.append(f'"Notebook: {title}": {PART}/{slug}-notebook.ipynb')
    config = root / "mkdocs.yml"
    config.write_text(add_to_nav(config.read_text(encoding="utf-8"), nav))
    return [*targets, config]


NEXT_STEPS = """\
Next:
  1. Replace every 'FILL IN' in the page{and_files}; follow the section guidance.
  2. Add follow-up questions to data/questions/architectures-{slug}.yml (copy the format of
     an existing file there), at least one per level in the page's 'levels'.
  3. Preview: python3 scripts/dev.py serve   then open {url}
  4. Check:   .venv/bin/python -m guidekit.case_studies   (it fails until everything is filled in)
See docs/contributing/case-studies.md for the writing standard."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m guidekit.case_studies",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command")
    new = sub.add_parser("new", help="scaffold a new case study")
    new.add_argument("title", help='e.g. "Delivery ETA prediction"')
    new.add_argument("--notebook", action="store_true", help="also create a notebook stub")
    options = parser.parse_args(argv)
    try:
        if options.command == "new":
            made = scaffold(options.title, with_notebook=options.notebook)
            slug = slugify(options.title)
            print("Created:\n" + "\n".join(f"  {display_path(p)}" for p in made))
            files = ", the diagram" + (" and the notebook" if options.notebook else "")
            print(
                NEXT_STEPS.format(
                    and_files=files, slug=slug, url=f"http://127.0.0.1:8000/{PART}/{slug}/"
                )
            )
            return 0
        from guidekit.questions import QuestionBankError

        studies = read_case_studies()
        try:
            problems = check_all(studies)
        except QuestionBankError as error:
            problems = str(error).splitlines()
    except CaseStudyError as error:
        print(error, file=sys.stderr)
        return 1
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"case studies OK: {len(studies)} checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
