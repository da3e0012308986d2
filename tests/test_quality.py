"""The code stays ruff- and mypy-clean: checked on every test run, like any other test."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import PROJECT


@pytest.mark.parametrize("tool", [["ruff", "check", "flaims_tool", "tests", "benchmarks"],
                                  ["mypy"]])
def test_static_checks_pass(tool: list[str]) -> None:
    if shutil.which(tool[0]) is None and not (PROJECT / ".venv" / "bin" / tool[0]).exists():
        pytest.fail(f"{tool[0]} is not installed: pip install -e '.[test]'")
    out = subprocess.run([sys.executable, "-m", *tool], cwd=PROJECT, capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stdout + out.stderr
