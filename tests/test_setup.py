"""The set-up command: what it does when system packages are missing."""

from __future__ import annotations

import os
import subprocess
import sys

from guidekit import ROOT, dev


def fake_which(present: set[str]):
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_missing_packages_are_found_by_their_command():
    missing = dev.missing_packages(dev.NEEDS["test"], fake_which({"node", "npm", "git"}))
    assert [p.apt_name for p in missing] == ["graphviz", "chromium"]


def test_missing_shared_library_is_named_with_its_package():
    missing = dev.missing_packages([dev.LIBGOMP], fake_which(set()), find_library=lambda n: None)
    assert missing == [dev.LIBGOMP]
    assert "libgomp1 (provides libgomp" in dev.describe(missing)
    found = dev.missing_packages([dev.LIBGOMP], find_library=lambda n: f"lib{n}.so.1")
    assert found == []


def test_chromium_can_be_supplied_through_an_environment_variable(monkeypatch):
    monkeypatch.setenv("CHROMIUM", "google-chrome")
    missing = dev.missing_packages([dev.CHROMIUM], fake_which({"google-chrome"}))
    assert missing == []


def test_install_commands_use_sudo_unless_root():
    as_user = dev.install_command([dev.GRAPHVIZ], as_root=False)
    assert as_user[-1][:3] == ["sudo", "apt-get", "install"] and as_user[-1][-1] == "graphviz"
    assert dev.install_command([dev.GRAPHVIZ], as_root=True)[-1][0] == "apt-get"


def test_requirement_includes_are_followed():
    files = {p.name for p in dev.requirement_files("requirements-dev.txt")}
    assert files == {"requirements-dev.txt", "requirements.txt"}


def test_setup_names_missing_packages_and_the_command_to_install_them(tmp_path):
    """With no system tools on PATH and auto-install off, set-up stops with instructions."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "dev.py"), "build"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(empty_bin), "GUIDE_NO_AUTO_INSTALL": "1"},
    )
    assert result.returncode == 2
    message = result.stderr
    assert "graphviz (provides 'dot'" in message
    assert "sudo apt-get install -y --no-install-recommends graphviz nodejs npm git" in message
    assert "Traceback" not in message
