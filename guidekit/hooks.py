"""MkDocs hooks: thin adapters from MkDocs events to guidekit functions (no logic here)."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from guidekit import (
    CACHE,
    case_studies,
    diagrams,
    mock,
    notebooks,
    pages,
    practice,
    prune_unused,
    questions,
    speed,
    taxonomy,
    vendor,
)
from guidekit.notebook_pages import NotebookPages

NOTEBOOK_PAGES = NotebookPages()
QUESTION_BANK = questions.Bank()
MOCK_DATA: dict = {}
CASE_STUDIES = case_studies.Build()


COMMAND = {"name": "build"}
RENDER_KEY = {"key": ""}  # what every page's rendering shares, hashed once per build
DIAGRAM_SIZES: dict[str, tuple[int, int]] = {}  # diagram name -> width, height in CSS px


def on_startup(command, dirty):
    COMMAND["name"] = command


@event_priority(-100)  # after Material's offline plugin has added its polyfill
def on_config(config):
    speed.configure_for_serve(config, serving=COMMAND["name"] == "serve")
    search = config.plugins.get("material/search") or config.plugins.get("search")
    speed.memoize_search_entries(search, CACHE / "search-entries")
    speed.memoize_minified_html(config.plugins.get("minify"), CACHE / "minified-html")
    speed.memoize_page_events(
        config.plugins, "glightbox", ("page_content", "post_page"), CACHE / "glightbox"
    )
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = vendor.local_polyfills(polyfills)
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its HTML cache lives with ours (GUIDE_CACHE_DIR moves both)
        jupyter.config["cache_dir"] = str(CACHE / "mkdocs-jupyter")
    return config


@event_priority(50)  # before mkdocs-jupyter turns .ipynb files into pages
def on_files(files, config):
    try:
        vendored = vendor.vendored_files()
        rendered = diagrams.site_files(f.src_uri for f in files)
        files = NOTEBOOK_PAGES.add_files(files, config)
        # The bank may link to the practice pages it generates, so they count as pages.
        QUESTION_BANK.refresh([*(f.src_uri for f in files), practice.BANK_PAGE])
        CASE_STUDIES.refresh((f.src_uri for f in files), NOTEBOOK_PAGES.by_uri.values())
        MOCK_DATA.clear()
        MOCK_DATA.update(mock.load())
        generated = practice.site_files(QUESTION_BANK.questions, MOCK_DATA, config.site_url or "")
    except (
        vendor.MissingVendorFile,
        diagrams.DiagramError,
        notebooks.NotebookError,
        questions.QuestionBankError,
        mock.MockDataError,
    ) as error:
        raise PluginError(str(error)) from error
    DIAGRAM_SIZES.clear()
    DIAGRAM_SIZES.update(
        {Path(dest).stem: diagrams.svg_size(src) for dest, src in rendered.items()}
    )
    for dest, src in {**vendored, **rendered}.items():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    for dest, content in generated.items():
        files.append(File.generated(config, dest, content=content))
    return files


def on_nav(nav, config, files):
    RENDER_KEY["key"] = speed.render_context_key(config, files)


def on_env(env, config, files):
    speed.cache_compiled_templates(env, CACHE / "templates")


def on_page_markdown(markdown, page, config, files):
    # Runs after MkDocs has read the page's front matter into page.meta.
    if page.file.src_uri.endswith(".md"):
        problems = pages.front_matter_problems(page.file.src_uri, page.meta, taxonomy.default())
        if problems:
            raise PluginError("\n".join(problems))
        speed.memoize_page_render(page, RENDER_KEY["key"], CACHE / "page-render")
    try:
        NOTEBOOK_PAGES.prepare_page(page, config)
        questions_here = QUESTION_BANK.pages.get(page.file.src_uri, [])
        markdown = CASE_STUDIES.page_markdown(markdown, page, questions_here)
        return mock.fill_page(QUESTION_BANK.fill(markdown, page.file.src_uri), MOCK_DATA)
    except (
        notebooks.NotebookError,
        questions.QuestionBankError,
        case_studies.CaseStudyError,
    ) as error:
        raise PluginError(str(error)) from error


def on_page_content(html, page, config, files):
    html = speed.label_permalinks(diagrams.size_images(html, DIAGRAM_SIZES))
    return NOTEBOOK_PAGES.add_launch_bar(html, page, config)


def on_post_page(output, page, config):
    output = speed.preset_palette_state(output, config.theme["palette"])
    return NOTEBOOK_PAGES.lighten(speed.defer_lightbox(output), page, config)


def on_post_build(config):
    NOTEBOOK_PAGES.write_stylesheet(config)
    prune_unused(CACHE)
