"""Front-end files the site serves itself instead of loading them from a CDN.

They come from npm (package.json pins them) and are copied into the built site, so a page
never requests a third-party host.
"""

from pathlib import Path

from guidekit import ROOT

NODE_MODULES = ROOT / "node_modules"

# Site path -> file inside node_modules.
VENDORED = {
    "assets/vendor/mermaid/mermaid.min.js": "mermaid/dist/mermaid.min.js",
    "assets/vendor/iframe-worker/shim.js": "iframe-worker/shim/index.js",
}

# Material's offline plugin adds this polyfill from a CDN; we serve our copy instead.
CDN_IFRAME_WORKER = "https://unpkg.com/iframe-worker/shim"
LOCAL_IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"


class MissingVendorFile(RuntimeError):
    pass


def vendored_files(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """Map each site path to its source file, or explain how to install what is missing."""
    files = {dest: node_modules / src for dest, src in VENDORED.items()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise MissingVendorFile(
            f"missing front-end file(s): {', '.join(missing)}. Run 'npm ci --omit=dev' in the "
            "repository root (python3 scripts/dev.py serve does it for you)."
        )
    return files


def local_polyfills(polyfills: list[str]) -> list[str]:
    """Swap CDN polyfills that Material injects for the copies we serve."""
    return [LOCAL_IFRAME_WORKER if url == CDN_IFRAME_WORKER else url for url in polyfills]
