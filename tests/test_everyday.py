"""What people really type: lint says what happened and how to fix it (issue 11, part 2)."""

from __future__ import annotations

from pathlib import Path

from .conftest import Run, lint_json

F = "failures/2026/2026-03-10-payment-timeouts.yaml"


def _edit(repo: Path, rel: str, *changes: tuple[str, str]) -> None:
    path = repo / rel
    text = path.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")


def _found(flaims: Run, repo: Path) -> list[tuple[str, int, int, str, str]]:
    return [(d["path"], d["line"], d["column"], d["code"], d["message"])
            for d in lint_json(flaims, repo)["diagnostics"]]


def test_one_schema_error_no_longer_hides_the_other_rules(flaims: Run, example_repo: Path) -> None:
    _edit(example_repo, F, ("date: 2026-03-10", "date: 2026-03-11"), ("severity: high", "severity: hgih"),
          ("summary: Card payments timed out for 40 minutes.",
           "summary: An operator error timed out card payments for 40 minutes."),
          ("  - Connection pool sized for last year's traffic.",
           "  - Human error left the pool sized for last year's traffic."),
          ("  - Pool sizes need a load test before each peak.",
           "  - The on-call engineer should have known the pool was small."))
    blame = "is blame language; describe the system and the decisions, not a culprit"
    assert _found(flaims, example_repo) == [
        (F, 3, 7, "date-mismatch", "date 2026-03-11 differs from the id's prefix 2026-03-10"),
        (F, 4, 11, "bad-value", "severity: 'hgih' is not one of low, medium, high, critical; did you mean 'high'?"),
        (F, 7, 10, "blame-language", f"'operator error' {blame}"),
        (F, 13, 5, "blame-language", f"'human error' {blame}"),
        (F, 16, 5, "blame-language", f"'should have known' {blame}"),
    ]


def test_what_depends_on_the_broken_field_waits(flaims: Run, example_repo: Path) -> None:
    # `date` itself is broken: date-mismatch waits for it; blame language in sound fields does not.
    _edit(example_repo, F, ("date: 2026-03-10", "date: March 10th"),
          ("  - Connection pool sized for last year's traffic.",
           "  - Human error left the pool sized for last year's traffic."))
    assert [(d[1], d[3]) for d in _found(flaims, example_repo)] == [(3, "bad-value"), (13, "blame-language")]
    # a broken list is left alone as a whole: blame in it waits until it is a list of text
    _edit(example_repo, F, ("date: March 10th", "date: 2026-03-10"),
          ("  - Human error left the pool sized for last year's traffic.",
           "  - Human error left the pool sized for last year's traffic.\n  - [nested]"))
    assert [(d[1], d[3]) for d in _found(flaims, example_repo)] == [(14, "wrong-type")]
