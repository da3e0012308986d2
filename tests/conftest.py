"""Shared fixtures: knowledge repositories in tmp_path, real git, the real CLI."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from flaims_tool.cli import main

HERE = Path(__file__).parent
FORMATS_EXAMPLE = HERE / "fixtures" / "formats-example"
PROJECT = HERE.parent

# A fixed identity and clock, so git history in tests is the same on every machine.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Alice Ng",
    "GIT_AUTHOR_EMAIL": "alice@acme.example",
    "GIT_COMMITTER_NAME": "Alice Ng",
    "GIT_COMMITTER_EMAIL": "alice@acme.example",
    "GIT_AUTHOR_DATE": "2026-03-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-03-01T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in `repo` with the fixed test identity (plus `env` overrides)."""
    full = {**os.environ, **GIT_ENV, **(env or {})}
    out = subprocess.run(["git", *args], cwd=repo, env=full, check=True, capture_output=True,
                         text=True)
    return out.stdout


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """A copy of the formats.md example repository (not a git repository)."""
    dest = tmp_path / "repo"
    shutil.copytree(FORMATS_EXAMPLE, dest)
    return dest


@pytest.fixture
def git_repo(example_repo: Path) -> Path:
    """The formats.md example as a git repository with one commit."""
    git(example_repo, "init", "-q", "-b", "main")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "Knowledge as in formats.md")
    return example_repo


def copy_demo(dest: Path) -> Path:
    """The project's demo organisation copied into `dest`, a fresh git repository, committed."""
    dest.mkdir()
    for name in ("flaims.yaml", "ladders", "failures", "retros", "curriculum", "people", "plans"):
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Demo organisation")
    return dest


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """The project's demo organisation copied into a fresh git repository."""
    return copy_demo(tmp_path / "demo")


Run = Callable[..., Result]


@pytest.fixture
def flaims() -> Run:
    """Run the real `flaims` CLI in-process: flaims("lint", "--format", "json", repo=path)."""

    def run(*args: str, repo: Path | None = None, input: str | None = None) -> Result:
        argv = (["--repo", str(repo)] if repo else []) + list(args)
        return CliRunner().invoke(main, argv, input=input, catch_exceptions=False)

    return run


def lint_json(flaims: Run, repo: Path, *args: str) -> dict[str, Any]:
    result = flaims("lint", "--format", "json", *args, repo=repo)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.fixture
def chdir(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    old = Path.cwd()
    yield lambda p: os.chdir(p)
    os.chdir(old)


# The demo's failure report that a person listed in people/ edits in `built_demo`.
BUILT_DEMO_EDITED = "failures/2026/2026-03-10-debug-logging-flag-cost.yaml"


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation in a git repository, built once with `flaims build` (site/).

    A second commit, by Amara Okafor (her email is in people/amara-okafor.yaml), edits one
    failure report, so its page says who changed it."""
    dest = copy_demo(tmp_path_factory.mktemp("built") / "demo")
    edited = dest / BUILT_DEMO_EDITED
    edited.write_text(edited.read_text("utf-8") + "# Reviewed at the May retro.\n", "utf-8")
    amara = {"GIT_AUTHOR_NAME": "amara", "GIT_AUTHOR_EMAIL": "Amara.Okafor@velotill.example",
             "GIT_AUTHOR_DATE": "2026-05-04T09:30:00+00:00"}
    git(dest, "commit", "-q", "-am", "Review note", env=amara)
    result = CliRunner().invoke(main, ["--repo", str(dest), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return dest


# Tools from outside Python ------------------------------------------------------------------
# A test that needs a tool pip does not install calls need_tool(). On a developer's machine it
# skips, and the run's last lines say what was skipped and the command that enables it; in CI
# (CI=true) it fails instead, so nothing is skipped there by accident.

_MISSING = "is missing; enable with: "
NPM_CI = "npm ci --no-audit --no-fund"  # the node test tools of package-lock.json


def materials_notice() -> bool:
    """Whether the installed Material for MkDocs prints its end-of-life notice (older releases,
    which the lowest-versions run installs, have none). Read, not imported: importing
    material.templates sets NO_MKDOCS_2_WARNING in this process, which every later build
    inherits, and the notice would never show."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None
    return "end of life" in (Path(spec.origin).parent / "templates/__init__.py").read_text("utf-8")


def need_tool(found: bool, tool: str, enable: str) -> None:
    """Skip (fail in CI) unless `found`; `tool` names what is missing, `enable` installs it."""
    if found:
        return
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{tool} is missing (required in CI; {enable})")
    pytest.skip(f"{tool} {_MISSING}{enable}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any) -> Iterator[None]:
    """Close the run with what was skipped for a missing tool, and how to run it too.

    A wrapper that goes first finishes last: these lines come after pytest's own short summary,
    just before the final count."""
    yield
    _say_what_was_skipped(terminalreporter)


def _say_what_was_skipped(terminalreporter: Any) -> None:
    missing: dict[tuple[str, str], int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        if _MISSING in reason:
            tool, enable = (part.strip() for part in reason.split(_MISSING, 1))
            missing[(tool, enable)] = missing.get((tool, enable), 0) + 1
    if not missing:
        return
    write = terminalreporter.write_line
    write("")
    for (tool, enable), count in sorted(missing.items()):
        write(f"skipped {count} test{'s' if count != 1 else ''}: {tool} is missing; enable with: {enable}")
    commands = list(dict.fromkeys(enable for _, enable in sorted(missing)))
    if len(commands) > 1:
        write(f"to run them all: {' && '.join(commands)}")
