"""Case studies: the template's checks reject what breaks it, with a message that says how to fix
it; the scaffold makes a page that fails until filled in; the built pages and index work."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data
from playwright.sync_api import expect

from guidekit import CACHE, ROOT, case_studies
from guidekit.pages import page_url
from guidekit.questions import Question
from tests.conftest import mkdocs_build
from tests.test_build_failures import copy_project

PAGE = "architectures/example.md"
PAGES = {"lifecycle/features.md", "monitoring/drift.md", PAGE}
DIAGRAM = "online_inference"  # an existing diagram source stands in for the example's
PROSE = " ".join(["The design trades latency against freshness here."] * 12)  # 84 words


def valid_meta() -> dict:
    return {
        "title": "Example design",
        "description": "A complete example design that exists only to exercise the checks.",
        "levels": ["Mid", "Senior", "Staff"],
        "domains": ["Recommendations"],
        "skills": ["Features", "Drift detection"],
        "related": ["lifecycle/features.md", "monitoring/drift.md"],
        "diagrams": [DIAGRAM],
        "references": [
            {"title": f"Source {n}", "url": f"https://example.org/{n}", "year": 2020}
            for n in range(3)
        ],
        "last_reviewed": "2026-11-23",
        "authors": ["A. Writer"],
    }


def valid_markdown() -> str:
    parts = ["# Example design", ""]
    for anchor, title in case_studies.SECTIONS:
        parts += [f"## {title} {{ #{anchor} }}", ""]
        if anchor == "follow-ups":
            parts += ["Questions:", "", "<!-- questions -->"]
        elif anchor == "references":
            parts += ["<!-- references -->"]
        elif anchor == "rubric":
            parts += [PROSE] + [f"\n### {lv}\n\n{PROSE}" for lv in ("Mid", "Senior", "Staff")]
        else:
            parts += [PROSE]
        if anchor == "serving":
            parts += ["", f"![the serving path](../assets/diagrams/{DIAGRAM}.svg)"]
        if anchor == "trade-offs":
            parts += ["", "| Decision | Options | Choice |", "|---|---|---|", "| a | b | c |"]
        parts.append("")
    return "\n".join(parts)


def follow_ups(levels=("Mid", "Senior", "Staff")) -> list[Question]:
    return [
        Question(f"architectures-example-0{i}", "Q?", lv, ("Recommendations",), ("a", "b"), PAGE)
        for i, lv in enumerate(levels)
    ]


def problems(meta=None, markdown=None, questions=None) -> list[str]:
    return case_studies.check(
        PAGE,
        valid_meta() if meta is None else meta,
        valid_markdown() if markdown is None else markdown,
        questions=follow_ups() if questions is None else questions,
        pages=PAGES,
        notebook_pages={},
    )


def test_a_complete_case_study_passes():
    assert problems() == []


def only(found: list[str], *needles: str) -> None:
    """Exactly one problem, naming the file and containing every needle."""
    assert len(found) == 1, found
    assert found[0].startswith(f"docs/{PAGE}: "), found[0]
    for needle in needles:
        assert needle in found[0], found[0]


def test_missing_section_says_what_to_add_and_where():
    markdown = valid_markdown().replace("## ML framing { #ml-framing }", "## ML framing")
    only(problems(markdown=markdown), "missing section { #ml-framing }", "after the { #estimates }")


def test_sections_out_of_order_are_named():
    text = valid_markdown()
    models = text.index("## Models")
    serving = text.index("## Serving")
    pipelines = text.index("## Training and data")
    swapped = text[:models] + text[serving:pipelines] + text[models:serving] + text[pipelines:]
    only(problems(markdown=swapped), "out of order", "models → serving")


def test_thin_section_is_rejected_with_its_word_count():
    markdown = valid_markdown().replace(f"{{ #estimates }}\n\n{PROSE}", "{ #estimates }\n\nSoon.")
    only(problems(markdown=markdown), "{ #estimates }", "has 1 words", "at least 80")


def test_scaffold_placeholder_text_is_rejected():
    markdown = valid_markdown().replace(PROSE, f"{PROSE} FILL IN: the numbers.", 1)
    only(problems(markdown=markdown), "'FILL IN'", "replace each one")


def test_placeholder_in_front_matter_is_rejected():
    meta = valid_meta() | {"description": "FILL IN: one sentence that says what is designed here."}
    only(problems(meta=meta), "'FILL IN'", "description")


def test_trade_offs_need_a_table():
    markdown = re.sub(r"\| Decision.*?\| a \| b \| c \|", PROSE, valid_markdown(), flags=re.S)
    only(problems(markdown=markdown), "{ #trade-offs } needs a table")


def test_every_claimed_level_needs_a_rubric_subsection():
    markdown = valid_markdown().replace("### Staff", "### Leadership")
    only(problems(markdown=markdown), "no '### Staff' subsection")


def test_every_claimed_level_needs_a_follow_up_question():
    only(problems(questions=follow_ups(("Mid", "Senior"))), "no Staff follow-up question")


def test_generated_sections_need_their_marker():
    markdown = valid_markdown().replace("<!-- references -->", PROSE)
    only(problems(markdown=markdown), "{ #references } must contain the line '<!-- references -->'")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"tags": ["Mid"]}, "Additional properties are not allowed ('tags' was unexpected)"),
        ({"levels": ["Mid", "Senior", "Junior"]}, "'Junior' is not one of"),
        ({"levels": ["Mid", "Senior"]}, "front matter field 'levels'"),
        ({"domains": ["Features"]}, "front matter field 'domains/0'"),
        ({"skills": ["Fraud", "Features"]}, "front matter field 'skills/0'"),
        ({"last_reviewed": "23/11/2026"}, "is not a 'date'"),
        ({"references": []}, "front matter field 'references'"),
        ({"description": "Too short."}, "front matter field 'description'"),
    ],
)
def test_front_matter_is_validated_against_the_schema_and_taxonomy(change, needle):
    found = problems(meta=valid_meta() | change)
    assert any(needle in p for p in found), found
    assert all(p.startswith(f"docs/{PAGE}: ") for p in found)
    assert any("case-study.schema.json" in p for p in found), "the fix points at the schema"


def test_unknown_related_page_and_missing_diagram_are_named():
    meta = valid_meta() | {"related": ["lifecycle/features.md", "nowhere.md"]}
    only(problems(meta=meta), "related page 'nowhere.md' does not exist")
    meta = valid_meta() | {"diagrams": [DIAGRAM, "no_such_diagram"]}
    found = problems(meta=meta)
    assert any("create diagrams/no_such_diagram.py" in p for p in found), found
    assert any("'no_such_diagram' is listed but not embedded" in p for p in found), found


def test_notebook_must_exist_and_be_linked():
    meta = valid_meta() | {"notebook": "notebooks/no_such.py"}
    only(problems(meta=meta), "notebook 'notebooks/no_such.py' does not exist")
    found = case_studies.check(
        PAGE,
        valid_meta() | {"notebook": "notebooks/leakage.py"},
        valid_markdown(),
        questions=follow_ups(),
        pages=PAGES,
        notebook_pages={"notebooks/leakage.py": "lifecycle/leakage.ipynb"},
    )
    only(found, "does not link to its notebook", "../lifecycle/leakage.ipynb")


def test_references_render_from_front_matter():
    meta = valid_meta()
    meta["references"][0] |= {"authors": "A. Author", "venue": "RecSys"}
    rendered = case_studies.fill_page("## References\n\n<!-- references -->\n", meta)
    assert "1. A. Author. [Source 0](https://example.org/0). RecSys, 2020." in rendered
    assert rendered.count("\n1. ") == 3


def test_every_published_case_study_passes_the_checks():
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.case_studies"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"case studies OK: [2-9]\d* checked", result.stdout)


# ---- The scaffold ------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path, "templates")


def scaffold(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "guidekit.case_studies", *args],
        cwd=project,
        capture_output=True,
        text=True,
    )


def test_scaffold_creates_wired_files_that_fail_until_filled_in(project):
    made = scaffold(project, "new", "Delivery ETA prediction", "--notebook")
    assert made.returncode == 0, made.stderr
    page = project / "docs" / "architectures" / "delivery-eta-prediction.md"
    diagram = project / "diagrams" / "delivery_eta_prediction_serving.py"
    notebook = project / "notebooks" / "delivery_eta_prediction.py"
    assert page.is_file() and diagram.is_file() and notebook.is_file()
    markdown, meta = get_data(page.read_text(encoding="utf-8"))
    assert meta["diagrams"] == ["delivery_eta_prediction_serving"]
    assert meta["notebook"] == "notebooks/delivery_eta_prediction.py"
    assert "assets/diagrams/delivery_eta_prediction_serving.svg" in markdown
    assert "delivery-eta-prediction-notebook.ipynb" in markdown
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Delivery ETA prediction: architectures/delivery-eta-prediction.md" in nav
    assert "Replace every 'FILL IN'" in made.stdout  # it tells the author what to do next

    checked = scaffold(project)
    assert checked.returncode == 1
    for needle in (
        "'FILL IN' text from the template",
        "diagrams/delivery_eta_prediction_serving.py",
        "no Mid follow-up question",
        "front matter field 'references'",
    ):
        assert needle in checked.stderr, checked.stderr

    again = scaffold(project, "new", "Delivery ETA prediction")
    assert again.returncode == 1 and "already exist" in again.stderr


def test_scaffolded_case_study_fails_the_strict_build(project):
    assert scaffold(project, "new", "Delivery ETA prediction").returncode == 0
    result = mkdocs_build(project, project / "site", {"GUIDE_CACHE_DIR": str(CACHE)})
    assert result.returncode != 0, "a freshly scaffolded case study must not build"
    output = result.stdout + result.stderr
    assert "docs/architectures/delivery-eta-prediction.md: " in output
    assert "'FILL IN' text from the template is still there" in output


# ---- The built site ----------------------------------------------------------------------


STUDIES = case_studies.load_summaries()


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.src_uri)
def test_case_study_page_has_tags_references_and_follow_ups(built_site, study):
    html = (built_site / page_url(study.src_uri) / "index.html").read_text(encoding="utf-8")
    _, meta = get_data((ROOT / "docs" / study.src_uri).read_text(encoding="utf-8"))
    for tag in case_studies.tags(meta):
        assert f">{tag}<" in html, f"tag {tag} not rendered"
    for ref in meta["references"]:
        assert f'href="{ref["url"]}"' in html.replace("&amp;", "&")
    assert 'class="admonition question"' in html or 'details class="question"' in html
    assert "<!-- questions -->" not in html and "<!-- references -->" not in html


def test_index_lists_every_case_study(built_site):
    html = (built_site / "architectures" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-levels=", html)
    assert len(rows) == len(STUDIES) >= 2
    for study in STUDIES:
        assert study.title in html
    links = re.findall(r'<a href="([^"]+)" aria-label="Notebook of ', html)
    assert len(links) == sum(bool(s.notebook) for s in STUDIES) and links
    for href in links:
        assert (built_site / "architectures" / href / "index.html").is_file(), href


def test_index_filters_by_level_and_domain(page, site_url):
    page.goto(site_url + "architectures/")
    rows = page.locator(".cs-index tbody tr")
    total = rows.count()
    assert total >= 2
    domain = page.locator(".cs-filters select[name=domain]")
    first_domain = domain.locator("option").nth(1).get_attribute("value")
    domain.select_option(first_domain)
    visible = page.locator(".cs-index tbody tr:not([hidden])")
    expected = sum(first_domain in s.domains for s in STUDIES)
    expect(visible).to_have_count(expected)
    expect(page.locator(".cs-filters output")).to_have_text(
        f"Showing {expected} of {total} case studies"
    )
    domain.select_option("")
    level = page.locator(".cs-filters select[name=level]")
    level.select_option("Principal")
    expect(visible).to_have_count(sum("Principal" in s.levels for s in STUDIES))
    assert not page.traffic.console_errors and not page.traffic.page_errors
