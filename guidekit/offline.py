"""Build the downloadable offline copy: the whole site as a zip that works from the file system.

Material's offline plugin (enabled by OFFLINE=true) switches to file-style URLs and inlines the
search index; our hook swaps its CDN polyfill for a local copy.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from guidekit import ROOT

ZIP_NAME = "ml-system-design-guide-offline"


def build_offline(site_dir: Path) -> None:
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / ZIP_NAME
        build_offline(site)
        options.out.mkdir(parents=True, exist_ok=True)
        archive = shutil.make_archive(str(options.out / ZIP_NAME), "zip", tmp, ZIP_NAME)
    print(f"offline copy: {archive} (unzip it and open {ZIP_NAME}/index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
