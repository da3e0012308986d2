"""`.ci/run` runs README's test command exactly, then the lowest-versions check README shows."""

from __future__ import annotations

import re

from .conftest import PROJECT

README = (PROJECT / "README.md").read_text("utf-8")
CI_RUN = (PROJECT / ".ci" / "run").read_text("utf-8")


def _commands(script: str) -> list[str]:
    """The script's commands, with backslash-continued lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", "", script)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, re.DOTALL)


def test_readme_first_block_is_two_commands_and_ci_runs_the_test_one() -> None:
    first = _commands(_bash_blocks()[0])
    assert len(first) == 2
    assert first[1] in _commands(CI_RUN)


def test_ci_runs_the_lowest_versions_check_readme_shows() -> None:
    (lowest,) = [c for block in _bash_blocks() for c in _commands(block) if "lowest-direct" in c]
    assert lowest in _commands(CI_RUN)
    # after README's test command, so the newest versions are tried first
    assert _commands(CI_RUN).index(lowest) > _commands(CI_RUN).index(_commands(_bash_blocks()[0])[1])
    assert '-m "not browser"' in lowest
