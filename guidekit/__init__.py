"""Build logic of the study guide. MkDocs hooks (guidekit/hooks.py) stay thin and call into here."""

import os
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
        return entry.read_bytes()
    data = compute()
    write_atomic(entry, data)
    return data


def load_yaml(text: str):
    """yaml.safe_load with libyaml's C parser when present: about 15x faster on the question
    bank, which every build and live reload reads."""
    import yaml  # late: keeps `import guidekit` light

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
