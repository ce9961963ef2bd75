"""One entry point for every local chore: set up what is missing, then serve, build, test or bench.

Runs on the system Python before any dependency exists, so it uses the standard library only.
Set-up is idempotent and cheap when nothing changed: installs are skipped when the hash of the
requirement files matches the stamp left by the last install.
"""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class SystemPackage:
    """A Debian/Ubuntu package and the command whose presence shows it is installed."""

    apt_name: str
    command: str
    why: str
    env: str | None = None  # a variable that may point at an alternative executable
    library: str | None = None  # a shared library, found like the dynamic loader finds it

    @property
    def provides(self) -> str:
        return f"lib{self.library}" if self.library else f"'{self.command}'"


GRAPHVIZ = SystemPackage("graphviz", "dot", "renders the architecture diagrams")
NODE = SystemPackage("nodejs", "node", "runs the npm tooling")
NPM = SystemPackage("npm", "npm", "installs Mermaid and the other front-end files the site serves")
GIT = SystemPackage("git", "git", "dates each page by its last commit")
CHROMIUM = SystemPackage("chromium", "chromium", "runs the browser tests", env="CHROMIUM")
# LightGBM's wheels (case-study notebooks) load the system's OpenMP runtime.
LIBGOMP = SystemPackage("libgomp1", "", "lets LightGBM run in the notebooks", library="gomp")

# What each task needs on the system, beyond Python itself.
NEEDS: dict[str, tuple[SystemPackage, ...]] = {
    "serve": (GRAPHVIZ, NODE, NPM, GIT, LIBGOMP),
    "build": (GRAPHVIZ, NODE, NPM, GIT, LIBGOMP),
    "offline": (GRAPHVIZ, NODE, NPM, GIT, LIBGOMP),
    "test": (GRAPHVIZ, NODE, NPM, GIT, CHROMIUM, LIBGOMP),
    "bench": (GRAPHVIZ, NODE, NPM, GIT, CHROMIUM, LIBGOMP),
    "new-case-study": (),
}
# Python requirement file and npm install mode per task.
REQUIREMENTS = {
    "serve": "requirements.txt",
    "build": "requirements.txt",
    "offline": "requirements.txt",
    "new-case-study": "requirements.txt",
}
DEV_REQUIREMENTS = "requirements-dev.txt"


class SetupError(SystemExit):
    """Set-up cannot continue; the message says exactly what to run."""

    def __init__(self, message: str):
        print(f"\nsetup: {message}", file=sys.stderr)
        super().__init__(2)


def say(message: str) -> None:
    print(f"setup: {message}", flush=True)


def missing_packages(
    packages, which=shutil.which, find_library=ctypes.util.find_library
) -> list[SystemPackage]:
    def present(p: SystemPackage) -> bool:
        if p.library:
            return find_library(p.library) is not None
        override = os.environ.get(p.env) if p.env else None
        return which(override or p.command) is not None

    return [p for p in packages if not present(p)]


def install_command(missing: list[SystemPackage], *, as_root: bool) -> list[list[str]]:
    names = [p.apt_name for p in missing]
    prefix = [] if as_root else ["sudo"]
    return [
        [*prefix, "apt-get", "update"],
        [*prefix, "apt-get", "install", "-y", "--no-install-recommends", *names],
    ]


def describe(missing: list[SystemPackage]) -> str:
    return "\n".join(f"  - {p.apt_name} (provides {p.provides}, {p.why})" for p in missing)


def ensure_system_packages(task: str, *, which=shutil.which, run=subprocess.run) -> None:
    """Install missing Debian packages with apt-get when allowed, otherwise say what to run."""
    missing = missing_packages(NEEDS[task], which)
    if not missing:
        return
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    commands = install_command(missing, as_root=as_root)
    manual = " && ".join(" ".join(c) for c in install_command(missing, as_root=False))
    can_sudo = (
        which("sudo") is not None
        and run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    )
    auto = (
        which("apt-get") is not None
        and (as_root or can_sudo)
        and os.environ.get("GUIDE_NO_AUTO_INSTALL") != "1"
    )
    if not auto:
        raise SetupError(
            f"missing system package(s) for '{task}':\n{describe(missing)}\n"
            f"Install them, then run this command again:\n  {manual}"
        )
    say(f"installing system package(s): {', '.join(p.apt_name for p in missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in commands:
        if run(command, env=env).returncode != 0:
            raise SetupError(f"'{' '.join(command)}' failed. Run it yourself:\n  {manual}")
    still = missing_packages(NEEDS[task], which)
    if still:
        raise SetupError(f"still missing after apt-get:\n{describe(still)}")


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def requirement_files(name: str) -> list[Path]:
    """The file and every file it includes with -r, so a change anywhere triggers a reinstall."""
    files, queue = [], [ROOT / name]
    while queue:
        path = queue.pop()
        files.append(path)
        for line in path.read_text().splitlines():
            if line.startswith("-r "):
                queue.append(path.parent / line[3:].strip())
    return files


def run_checked(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        raise SetupError(f"'{' '.join(map(str, command))}' failed (exit {result.returncode}).")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(requirements: str) -> Path:
    if not venv_python().exists():
        say(f"creating the virtual environment in {VENV.name}/")
        result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if result.returncode != 0:
            raise SetupError(
                "could not create a virtual environment. On Debian/Ubuntu install venv support:\n"
                f"  sudo apt-get install -y python3-venv   (or python{sys.version_info.major}."
                f"{sys.version_info.minor}-venv)"
            )
    files = [*requirement_files(requirements), ROOT / "pyproject.toml"]
    stamp = VENV / f".installed-{Path(requirements).stem}"
    wanted = digest(*files)
    if stamp.exists() and stamp.read_text() == wanted:
        return venv_python()
    say(f"installing Python packages from {requirements}")
    python = str(venv_python())
    run_checked([python, "-m", "pip", "install", "--quiet", "-r", requirements])
    run_checked([python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "."])
    stamp.write_text(wanted)
    return venv_python()


def ensure_node_modules(*, with_dev: bool) -> None:
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / (".installed-all" if with_dev else ".installed-runtime")
    wanted = digest(lock)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("installing front-end packages with npm ci")
    command = ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"]
    run_checked(command if with_dev else [*command, "--omit=dev"])
    stamp.write_text(wanted)


def setup(task: str) -> Path:
    if sys.version_info < MIN_PYTHON:
        raise SetupError(
            f"Python {'.'.join(map(str, MIN_PYTHON))}+ is needed; this is {sys.version.split()[0]}."
        )
    ensure_system_packages(task)
    python = ensure_venv(REQUIREMENTS.get(task, DEV_REQUIREMENTS))
    if NPM in NEEDS[task]:  # scaffolding a case study needs no front-end files
        ensure_node_modules(with_dev=task == "bench")
    return python


def execute(command: list[str], env: dict | None = None) -> int:
    """Run the task itself; its exit code becomes ours."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 scripts/dev.py",
        description="Set up everything that is missing, then run a task.",
    )
    parser.add_argument(
        "task",
        choices=sorted(NEEDS),
        help=(
            "serve: live-reloading site on http://127.0.0.1:8000; build: strict build into site/; "
            "test: the whole test suite; bench: build times, page weights and Lighthouse scores; "
            "offline: a zip of the site that works from the file system; "
            'new-case-study "Title" [--notebook]: scaffold a case study from templates/'
        ),
    )
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="passed on to the tool (e.g. pytest -k browser)"
    )
    options = parser.parse_args(argv)
    python = str(setup(options.task))
    mkdocs = [python, "-m", "mkdocs"]
    if options.task == "serve":
        say("serving on http://127.0.0.1:8000 (Ctrl+C stops)")
        return execute(
            [*mkdocs, "serve", "--dev-addr", "127.0.0.1:8000", "--livereload", *options.args],
            {"SITE_URL": "http://127.0.0.1:8000/"},
        )
    if options.task == "build":
        return execute([*mkdocs, "build", "--strict", *options.args])
    if options.task == "test":
        return execute([python, "-m", "pytest", *options.args])
    if options.task == "new-case-study":
        return execute([python, "-m", "guidekit.case_studies", "new", *options.args])
    if options.task == "bench":
        return execute([python, "-m", "guidekit.bench", *options.args])
    return execute([python, "-m", "guidekit.offline", *options.args])


if __name__ == "__main__":
    sys.exit(main())
