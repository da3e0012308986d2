"""README's test command ends by saying what it skipped for a missing tool, and how to enable it;
in CI (CI=true) a missing tool fails the test instead of skipping it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import PROJECT

NEEDS = '''
from tests.conftest import need_tool

def test_drives_the_frobnicator():
    need_tool(False, "the frobnicator", "sudo apt-get install frobnicator")

def test_frobnicates_twice():
    need_tool(False, "the frobnicator", "sudo apt-get install frobnicator")

def test_reads_the_widget():
    need_tool(False, "Widget (node_modules/.bin/widget)", "npm ci")

def test_has_what_it_needs():
    need_tool(True, "the frobnicator", "sudo apt-get install frobnicator")
'''


def _pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_needs.py").write_text(NEEDS, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    # The project's own conftest, as README's command loads it, on a suite of four tests.
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider", "-ra",
         "--rootdir", str(tmp_path), str(tmp_path / "test_needs.py")],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_the_last_lines_say_what_was_skipped_and_how_to_enable_it(tmp_path: Path) -> None:
    out = _pytest(tmp_path, None)
    assert out.returncode == 0, out.stdout + out.stderr
    last = out.stdout.rstrip("\n").splitlines()[-5:]
    assert last[:4] == [
        "",
        "skipped 1 test: Widget (node_modules/.bin/widget) is missing; enable with: npm ci",
        "skipped 2 tests: the frobnicator is missing; enable with: sudo apt-get install frobnicator",
        "to run them all: npm ci && sudo apt-get install frobnicator",
    ], out.stdout
    assert last[4].startswith("=") and "1 passed, 3 skipped" in last[4], out.stdout


def test_in_ci_a_missing_tool_fails_instead(tmp_path: Path) -> None:
    out = _pytest(tmp_path, "true")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "3 failed, 1 passed" in out.stdout, out.stdout
    assert "skipped" not in out.stdout
    assert "the frobnicator is missing (required in CI; sudo apt-get install frobnicator)" in out.stdout


def test_nothing_to_say_when_nothing_was_skipped(tmp_path: Path) -> None:
    (tmp_path / "test_needs.py").write_text("def test_fine():\n    pass\n", "utf-8")
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider",
                          "--rootdir", str(tmp_path), str(tmp_path / "test_needs.py")],
                         cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0 and "enable with" not in out.stdout, out.stdout
