"""Build logic of the study guide. MkDocs hooks (guidekit/hooks.py) stay thin and call into here."""

import contextlib
import functools
import hashlib
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Executed notebooks and rendered diagrams are cached here, keyed by their sources.
# The benchmark points it at an empty folder to measure a cold build.
CACHE = Path(os.environ.get("GUIDE_CACHE_DIR", ROOT / ".cache"))


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def write_atomic(target: Path, data: bytes) -> None:
    """Write then rename, so a concurrent build never reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def cached_bytes(entry: Path, compute) -> bytes:
    """The bytes stored at `entry`, computing and storing them first if they are missing.
    Callers name `entry` after a hash of everything that decides its content."""
    if entry.is_file():
        mark_used(entry)
        return entry.read_bytes()
    data = compute()
    write_atomic(entry, data)
    return data


@functools.cache
def source_digest(path: str) -> str:
    """A hash of a module's source, for cache keys of what that module's code produces. Read
    once per process: a running build uses the code it imported, edits or not."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def mark_used(entry: Path) -> None:
    """Record a cache hit in the entry's modification time, which `prune_unused` reads."""
    # Read-only, or pruned meanwhile by another build: a missed mark only costs a recompute.
    with contextlib.suppress(OSError):
        os.utime(entry)


# Entries keyed by content are never overwritten, so every edit leaves its old ones behind;
# these folders are pruned of entries no build has used for a while.
PRUNED_CACHES = (
    "page-render",
    "search-entries",
    "minified-html",
    "glightbox",
    "notebook-pages",
    "notebook-sources",
    "notebook-images",
    "notebook-css",
    "questions",
    "anki",
)
UNUSED_DAYS = 14


def prune_unused(cache: Path = CACHE, days: float = UNUSED_DAYS) -> int:
    """Delete entries of PRUNED_CACHES no build has written or used for `days`; return how
    many went. Deleting a cache entry is always safe: it is recomputed when needed."""
    cutoff = time.time() - days * 24 * 60 * 60
    removed = 0
    for name in PRUNED_CACHES:
        folder = cache / name
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            with contextlib.suppress(OSError):  # gone already: another build pruned it
                if entry.is_file() and entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
    return removed


def load_yaml(text: str):
    """yaml.safe_load with libyaml's C parser when present: about 15x faster on the question
    bank, which every build and live reload reads."""
    import yaml  # late: keeps `import guidekit` light

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
