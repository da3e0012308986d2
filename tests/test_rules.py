"""Every rule is documented, and its failing example reports exactly that code, there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flaims_tool.rules import RULES, Example, all_rules

from .conftest import Run, lint_json

ALL = all_rules()


def apply(repo: Path, ex: Example) -> None:
    target = repo / ex.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if ex.old is None:
        if ex.new.startswith("-> "):
            target.symlink_to(ex.new[3:])
        elif ex.new == "fifo":
            os.mkfifo(target)
        elif ex.new == "unreadable":
            target.write_text("id: x\n")
            target.chmod(0)
        else:
            target.write_bytes(ex.new.encode("utf-8", "surrogateescape"))
        return
    text = target.read_text("utf-8")
    assert text.count(ex.old) == 1, f"example text not found once in {ex.path}: {ex.old!r}"
    target.write_bytes(text.replace(ex.old, ex.new).encode("utf-8", "surrogateescape"))


def test_example_repository_is_clean(flaims: Run, example_repo: Path) -> None:
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 0
    assert result.output == "12 files checked: no problems\n"


@pytest.mark.parametrize("rule", ALL, ids=[r.code for r in ALL])
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.summary.endswith("."), rule.code
    assert len(rule.why) > 40, f"{rule.code}: say why the rule exists"
    assert rule.example.new != rule.example.old


@pytest.mark.parametrize("rule", ALL, ids=[r.code for r in ALL])
def test_failing_example_reports_exactly_its_code(rule, flaims: Run, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    if rule.code == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode; the example needs an ordinary user")
    apply(example_repo, rule.example)
    report = lint_json(flaims, example_repo)
    found = [(d["path"], d["line"], d["column"], d["code"], d["severity"])
             for d in report["diagnostics"]]
    ex = rule.example
    assert found == [(ex.expected_path, ex.line, ex.column, rule.code, rule.severity)], found


def test_rules_command_lists_every_rule(flaims: Run) -> None:
    out = flaims("rules").output
    for code in RULES:
        assert f"\n{code} " in "\n" + out


def test_rules_command_explains_one(flaims: Run) -> None:
    result = flaims("rules", "unknown-tag")
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "unknown-tag (error, references)",
        "",
        "Every failure tag (in reports, retros, modules and tag parents) is in failures/tags.yaml.",
    ]
    assert "    tags: [timout, capacity]" in result.output
    unknown = flaims("rules", "no-such-rule")
    assert unknown.exit_code == 2
    assert "no rule 'no-such-rule'" in unknown.output
