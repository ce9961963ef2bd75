"""Page-speed fixes for every built page: what a reader needs later must not block first paint."""

import re

# The glightbox plugin puts its 56 KB script in <head> as a blocking script, and initialises
# it from an inline script at the end of <body>. Deferring the library and running the
# initialisation on DOMContentLoaded (which fires after deferred scripts) keeps click-to-zoom
# working while the page paints without waiting for it.
_LIGHTBOX_SCRIPT = re.compile(r'<script src="([^"]*glightbox\.min\.js)"></script>')
_LIGHTBOX_INIT = re.compile(r'<script id="init-glightbox">(.*?)</script>', re.S)


def defer_lightbox(output: str) -> str:
    output, deferred = _LIGHTBOX_SCRIPT.subn(r'<script defer src="\1"></script>', output, count=1)
    if not deferred:
        return output
    return _LIGHTBOX_INIT.sub(
        lambda m: (
            '<script id="init-glightbox">document.addEventListener("DOMContentLoaded", '
            f"function () {{\n{m.group(1).strip()}\n}});</script>"
        ),
        output,
        count=1,
    )


def configure_for_serve(config, *, serving: bool) -> None:
    """Under `mkdocs serve` skip work a live preview does not need, so a reload stays quick:
    HTML minification, and one `git log` per page for the last-updated dates."""
    if not serving:
        return
    minify = config.plugins.get("minify")
    if minify is not None:
        minify.config["minify_html"] = False
    dates = config.plugins.get("git-revision-date-localized")
    if dates is not None:
        dates.config["enabled"] = False
