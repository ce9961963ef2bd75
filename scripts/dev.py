#!/usr/bin/env python3
"""Set up and run the guide: `python3 scripts/dev.py serve` or `python3 scripts/dev.py test`.

Runs with the system Python (3.11+); the logic lives in guidekit/dev.py (standard library only).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guidekit.dev import main

if __name__ == "__main__":
    sys.exit(main())
