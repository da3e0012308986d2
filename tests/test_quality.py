"""The code stays ruff- and mypy-clean: checked on every test run, like any other test."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import PROJECT


@pytest.mark.parametrize("tool", [["ruff", "check", "flaims_tool", "tests", "benchmarks"],
                                  ["mypy"]])
def test_static_checks_pass(tool: list[str]) -> None:
    # From the interpreter's own environment, wherever it is: a virtual environment need not
    # be on PATH (nor be called .venv) for its ruff and mypy to run.
    if importlib.util.find_spec(tool[0]) is None:
        pytest.fail(f"{tool[0]} is not installed for {sys.executable}: pip install -e '.[test]'")
    out = subprocess.run([sys.executable, "-m", *tool], cwd=PROJECT, capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_wheel_ships_every_data_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Schemas, templates and assets are read with importlib.resources: a file missing from the
    wheel works here in the source tree and fails for everyone who installs flaims."""
    import zipfile

    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                          "-w", str(tmp_path), str(PROJECT)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    (wheel,) = tmp_path.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package = PROJECT / "flaims_tool"
    wanted = {p.relative_to(PROJECT).as_posix() for p in package.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert wanted - shipped == set()
