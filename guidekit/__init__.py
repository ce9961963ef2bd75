"""Build logic of the study guide. MkDocs hooks (guidekit/hooks.py) stay thin and call into here."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Executed notebooks and rendered diagrams are cached here, keyed by their sources.
# The benchmark points it at an empty folder to measure a cold build.
CACHE = Path(os.environ.get("GUIDE_CACHE_DIR", ROOT / ".cache"))
