"""Closing the loop: experiment outcomes, the action deadline policy and recurrence links, on the
formats.md example through the real CLI."""

from __future__ import annotations

from pathlib import Path

from .conftest import Run, lint_json
from .test_overflow import add_failure

FEB = "retros/2026/2026-02-14-payments-february.yaml"
MARCH = "retros/2026/2026-03-14-payments-march.yaml"
F = "failures/2026/2026-03-10-payment-timeouts.yaml"


def codes(flaims: Run, repo: Path, *args: str) -> list[tuple[str, int, int, str]]:
    return [(d["path"], d["line"], d["column"], d["code"])
            for d in lint_json(flaims, repo, *args)["diagnostics"]]


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def test_an_experiment_is_unreviewed_only_once_its_review_was_due(flaims: Run,
                                                                  example_repo: Path) -> None:
    assert codes(flaims, example_repo) == []
    edit(example_repo, FEB, "    outcome: worked\n", "")
    unreviewed = [(FEB, 13, 5, "experiment-unreviewed")]
    assert codes(flaims, example_repo) == unreviewed
    message = lint_json(flaims, example_repo)["diagnostics"][0]["message"]
    assert message == ("experiment due 2026-03-01 has no outcome, though the retro of "
                       "2026-03-14 reviews this one")
    # Due on the day of the review still counts; due after it, the review was not due yet.
    edit(example_repo, FEB, "due: 2026-03-01", "due: 2026-03-14")
    assert codes(flaims, example_repo) == unreviewed
    edit(example_repo, FEB, "due: 2026-03-14", "due: 2026-03-15")
    assert codes(flaims, example_repo) == []
    # Any outcome closes it, `not-tried` included.
    edit(example_repo, FEB, "due: 2026-03-15", "due: 2026-03-01")
    edit(example_repo, FEB, "    learned:", "    outcome: not-tried\n    learned:")
    assert codes(flaims, example_repo) == []


def test_only_a_later_retro_naming_it_as_previous_reviews(flaims: Run,
                                                         example_repo: Path) -> None:
    edit(example_repo, FEB, "    outcome: worked\n", "")
    edit(example_repo, MARCH, "previous: 2026-02-14-payments-february\n", "")
    assert codes(flaims, example_repo) == []  # nobody reviewed it: nothing was due
    edit(example_repo, MARCH, "tags: [alerting]", "previous: 2026-02-14-payments-february\n"
         "tags: [alerting]")
    edit(example_repo, MARCH, "team: payments", "team: platform")
    # Another team's retro does not review it (and `bad-previous` says so).
    assert [c[3] for c in codes(flaims, example_repo)] == ["bad-previous"]


def test_outcome_is_one_of_four_words(flaims: Run, example_repo: Path) -> None:
    edit(example_repo, FEB, "outcome: worked", "outcome: success")
    (d,) = lint_json(flaims, example_repo)["diagnostics"]
    assert (d["path"], d["line"], d["code"]) == (FEB, 17, "bad-value")
    assert "worked" in d["message"] and "did-not-work" in d["message"]


def test_action_due_policy_by_severity(flaims: Run, example_repo: Path) -> None:
    # The report is `high`, dated 2026-03-10; its action is due 2026-04-01 (22 days later).
    edit(example_repo, "flaims.yaml", "as_of: 2026-03-31",
         "as_of: 2026-03-31\naction_due_days:\n  critical: 15\n  high: 22")
    assert codes(flaims, example_repo) == []  # on the last day allowed
    edit(example_repo, "flaims.yaml", "high: 22", "high: 21")
    (d,) = lint_json(flaims, example_repo)["diagnostics"]
    assert (d["path"], d["line"], d["column"], d["code"], d["severity"]) == (
        F, 21, 10, "action-due-policy", "warning")
    assert d["message"] == ("a high report's actions are due within 21 days (by 2026-03-31); "
                            "this one is due 2026-04-01")
    # Severities not listed have no limit.
    edit(example_repo, F, "severity: high", "severity: medium")
    assert codes(flaims, example_repo) == []
    edit(example_repo, "flaims.yaml", "high: 21", "high: -1")
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 2
    assert "flaims.yaml:11:9" in result.output


def test_recurrence_of_points_back_in_time(flaims: Run, example_repo: Path) -> None:
    earlier = add_failure(example_repo, "2026-01-12", "payment-timeouts", ["timeouts"])
    later = add_failure(example_repo, "2026-03-20", "more-timeouts", ["timeouts"])
    edit(example_repo, F, "retro: 2026-03-14-payments-march",
         f"retro: 2026-03-14-payments-march\nrecurrence_of: [{earlier}, {later}, "
         "2026-01-13-payment-timeout]")
    found = lint_json(flaims, example_repo)["diagnostics"]
    assert [(d["line"], d["column"], d["code"], d["message"]) for d in found] == [
        (24, 46, "bad-recurrence",
         "'2026-03-20-more-timeouts' is dated 2026-03-20, not before 2026-03-10"),
        (24, 72, "unknown-failure",
         "unknown failure report '2026-01-13-payment-timeout'; did you mean "
         "'2026-01-12-payment-timeouts'?"),
    ]


def test_new_retro_reviews_the_teams_last_retro(flaims: Run, example_repo: Path) -> None:
    result = flaims("new", "retro", "--title", "Payments, April", "--team", "payments",
                    "--date", "2026-04-14", "--person", "bob-li", "--no-interactive",
                    repo=example_repo)
    assert result.exit_code == 0, result.output
    text = (example_repo / "retros/2026/2026-04-14-payments-april.yaml").read_text()
    assert ("previous: 2026-03-14-payments-march  # the retro whose experiments this one "
            "reviews\n# Experiments from last time: record how each went in "
            f"{MARCH}\n") in text
    assert "#   - Alert on p99 latency. (alice-ng; open, due 2026-04-11)\n" in text
    # The new retro is after the experiment's due date: March's experiment now needs its
    # outcome, and lint says where.
    found = codes(flaims, example_repo, "--as-of", "2026-04-14")
    assert (MARCH, 13, 5, "experiment-unreviewed") in found
    other = flaims("new", "retro", "--title", "Platform, April", "--team", "platform",
                   "--date", "2026-04-14", "--person", "bob-li", "--no-interactive",
                   repo=example_repo)
    assert other.exit_code == 0, other.output
    text = (example_repo / "retros/2026/2026-04-14-platform-april.yaml").read_text()
    assert "\nprevious:" not in text
    assert "# Optional: previous (the retro whose experiments this one reviews).\n" in text


# The demo (docs/demo-facts.md, "Outcomes and recurrence") ------------------------------------

def test_demo_under_a_deadline_policy(flaims: Run, demo_repo: Path) -> None:
    with (demo_repo / "flaims.yaml").open("a") as f:
        f.write("action_due_days:\n  critical: 15\n  high: 30\n")
    found = [d for d in lint_json(flaims, demo_repo)["diagnostics"]
             if d["code"] == "action-due-policy"]
    assert len(found) == 32
    assert {d["path"].split("/")[1] for d in found} == {"2025", "2026"}


def test_demo_recurrence_links_show_both_ways(flaims: Run, built_demo: Path) -> None:
    docs = built_demo / ".flaims" / "handbook" / "docs" / "failures"
    later = (docs / "2026-07-03-card-acquirer-outage.md").read_text()
    assert ('<tr><td>Repeats</td><td><a href="2025-03-19-acquirer-gateway-outage.html">'
            "Card payments failed during the acquirer") in later
    earlier = (docs / "2025-03-19-acquirer-gateway-outage.md").read_text()
    assert '<tr><td>Repeated by</td><td><a href="2026-07-03-card-acquirer-outage.html">Card acquirer outage ' \
        "on a Friday afternoon</a></td></tr>" in earlier
    repeated = sum("<tr><td>Repeated by</td>" in p.read_text() for p in docs.glob("*.md"))
    repeats = sum("<tr><td>Repeats</td>" in p.read_text() for p in docs.glob("*.md"))
    assert (repeats, repeated) == (4, 4)


def test_demo_experiment_outcomes() -> None:
    import yaml

    from .conftest import PROJECT

    outcomes: dict[str, int] = {}
    for path in sorted(PROJECT.glob("retros/*/*.yaml")):
        for e in yaml.safe_load(path.read_text())["experiments"]:
            key = e.get("outcome", "none")
            outcomes[key] = outcomes.get(key, 0) + 1
            if e["status"] == "dropped":
                assert e.get("outcome") == "not-tried", path.name
    assert outcomes == {"worked": 34, "partly": 4, "did-not-work": 2, "not-tried": 5,
                        "none": 10}
