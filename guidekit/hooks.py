"""MkDocs hooks: thin adapters from MkDocs events to guidekit functions (no logic here)."""

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from guidekit import pages, taxonomy, vendor


@event_priority(-100)  # after Material's offline plugin has added its polyfill
def on_config(config):
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = vendor.local_polyfills(polyfills)
    return config


def on_files(files, config):
    try:
        vendored = vendor.vendored_files()
    except vendor.MissingVendorFile as error:
        raise PluginError(str(error)) from error
    for dest, src in vendored.items():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".md"):
        problems = pages.front_matter_problems(page.file.src_uri, page.meta, taxonomy.default())
        if problems:
            raise PluginError("\n".join(problems))
    return markdown
