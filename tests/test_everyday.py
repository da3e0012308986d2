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


def test_text_that_yaml_read_as_a_field_says_so(flaims: Run, example_repo: Path) -> None:
    _edit(example_repo, F, ("  - Connection pool sized for last year's traffic.",
                            "  - Human error: the engineer was careless."))
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        f"{F}:13:5: error wrong-type contributing_factors[0]: this line contains ': ', so YAML read it "
        "as a field; put the text in quotes",
        '    hint: quote the whole text, e.g. - "Human error: a story, not a cause."',
    ]


def test_a_real_mapping_where_text_belongs_is_still_a_mapping(flaims: Run, example_repo: Path) -> None:
    _edit(example_repo, F, ("  - Connection pool sized for last year's traffic.",
                            "  - cause: pool\n    size: 10"))
    (d,) = lint_json(flaims, example_repo)["diagnostics"]
    assert (d["line"], d["code"], d["message"]) == (
        13, "wrong-type", "contributing_factors[0] should be text, not a mapping of fields")


def test_a_comment_that_cut_the_text_short(flaims: Run, example_repo: Path) -> None:
    _edit(example_repo, F, ("  - Pool sizes need a load test before each peak.",
                            "  - Pool sizes need a load test before peak #2 of the year.  # checked"),
          ("summary: Card payments timed out for 40 minutes.",
           "summary: Card payments timed out for 40 minutes.  # as measured by the gateway"))
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{F}:16:45: warning text-cut-by-comment ' #' starts a comment in YAML, so the text stops before it",
        "    hint: put the whole text in quotes to keep what follows the '#'",
        "",
        "12 files checked: 0 errors, 1 warning",
    ]


def test_a_list_item_folded_into_the_line_above(flaims: Run, example_repo: Path) -> None:
    _edit(example_repo, F, ("  - Connection pool sized for last year's traffic.",
                            "  - Connection pool sized for last year's traffic.\n   - Nobody noticed the alert."))
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{F}:14:4: warning folded-list-item this '- ' line is indented under the text above, so YAML "
        "folded it into that text instead of making it a list item",
        "    hint: indent it exactly like the item above to make it an item of its own",
        "",
        "12 files checked: 0 errors, 1 warning",
    ]
    # written as meant, it is two items and no warning
    _edit(example_repo, F, ("\n   - Nobody noticed", "\n  - Nobody noticed"))
    assert lint_json(flaims, example_repo)["diagnostics"] == []


# Messages a newcomer meets ----------------------------------------------------------------------

def test_an_as_of_date_that_is_not_on_the_calendar(flaims: Run, example_repo: Path) -> None:
    for given, why in [("2026-13-01", "is not a real date: there is no month 13"),
                       ("2026-02-30", "is not a real date: February 2026 has no day 30"),
                       ("2026-3-1", "is not a date in the form YYYY-MM-DD (e.g. 2026-03-31)")]:
        result = flaims("lint", "--as-of", given, repo=example_repo)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--as-of': '{given}' {why}"


def test_a_mistyped_rule_gets_did_you_mean(flaims: Run) -> None:
    result = flaims("rules", "overdu")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: no rule 'overdu'; did you mean 'overdue'?"


def test_counts_agree_in_number(flaims: Run, example_repo: Path) -> None:
    result = flaims("list", repo=example_repo)
    assert result.output == ("Acme: 2 ladders, 5 tags, 1 failure, 2 retros, 1 curriculum module, "
                             "3 people, 1 plan\n")


def test_placeholder_names_its_field_once(flaims: Run, example_repo: Path) -> None:
    _edit(example_repo, F, ("  - Pool sizes need a load test before each peak.", "  - TODO what we learned"))
    result = flaims("lint", repo=example_repo)
    assert result.output.splitlines()[:2] == [
        f"{F}:16:5: error placeholder lessons[0] still holds a TODO placeholder",
        "    hint: write what belongs in lessons[0]",
    ]


def test_a_config_with_several_problems_lists_them_all(flaims: Run, example_repo: Path) -> None:
    (example_repo / "flaims.yaml").write_text(
        "organisation: Acme\noverflow:\n  threshold: three\n  window_dayz: 90\nas_of: 2026-3-31\n", "utf-8")
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 2
    assert result.stderr == (
        "flaims: flaims.yaml has 3 problems:\n"
        "  flaims.yaml:3:14: error wrong-type overflow.threshold should be a whole number, not text\n"
        "  flaims.yaml:4:3: error unknown-field unknown field 'window_dayz' in overflow; did you mean 'window_days'?\n"
        "  flaims.yaml:5:8: error bad-value as_of: '2026-3-31' is not a date (YYYY-MM-DD)\n"
    )
