"""Checks each Markdown page's front matter: what a page promises readers and search engines."""

from collections.abc import Mapping

from guidekit.taxonomy import Taxonomy

# Search engines show roughly this many characters of a description.
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 200


def front_matter_problems(src_uri: str, meta: Mapping, taxonomy: Taxonomy) -> list[str]:
    """Return one message per problem, each naming the file and saying how to fix it."""
    problems = []
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(
            f"{src_uri}: front matter has no 'description'. Add a one-sentence summary "
            f"({DESCRIPTION_MIN}-{DESCRIPTION_MAX} characters); it becomes the page's meta "
            "description."
        )
    elif not DESCRIPTION_MIN <= len(description.strip()) <= DESCRIPTION_MAX:
        problems.append(
            f"{src_uri}: 'description' is {len(description.strip())} characters; "
            f"keep it between {DESCRIPTION_MIN} and {DESCRIPTION_MAX}."
        )
    tags = meta.get("tags", [])
    if not isinstance(tags, list):
        problems.append(f"{src_uri}: 'tags' must be a list of taxonomy names.")
        tags = []
    unknown = [t for t in tags if t not in taxonomy.tags]
    if unknown:
        problems.append(
            f"{src_uri}: unknown tag(s) {', '.join(map(repr, unknown))}. Use a level "
            f"({', '.join(taxonomy.levels)}) or a topic listed in data/taxonomy.yml."
        )
    return problems


def page_url(src_uri: str) -> str:
    """Site path of a page from its source path, with directory URLs ("" for the home page)."""
    stem = src_uri.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
