"""Failure Overflow: the rule of formats.md on hand-made repositories, and `flaims overflow`.

The formats.md example (as of 2026-03-31, window 90 days, threshold 3) has one failure,
2026-03-10-payment-timeouts, tagged [timeouts, capacity]; timeouts' parent is capacity, and the
module capacity-planning (created 2026-02-01) lists [capacity, timeouts]. Tests add failures.
The 90-day window ending 2026-03-31 starts on 2026-01-01.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from flaims_tool import overflow
from flaims_tool.workspace import Index, build_index

from .conftest import Run, git, lint_json

D = dt.date.fromisoformat
EXISTING = "2026-03-10-payment-timeouts"


def add_failure(repo: Path, date: str, slug: str, tags: list[str], team: str = "payments",
                title: str | None = None) -> str:
    """Write a schema-valid failure report; returns its id."""
    doc_id = f"{date}-{slug}"
    path = repo / "failures" / date[:4] / f"{doc_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"id: {doc_id}\n"
        f"title: {json.dumps(title or 'Failure ' + slug)}\n"
        f"date: {date}\n"
        "severity: medium\n"
        f"team: {team}\n"
        "authors: [alice-ng]\n"
        "summary: Something stopped working.\n"
        "contributing_factors:\n"
        "  - The system allowed it.\n"
        f"tags: [{', '.join(tags)}]\n"
        "lessons:\n"
        "  - We know more now.\n"
    )
    return doc_id


def add_module(repo: Path, module_id: str, tags: list[str], created: str | None) -> None:
    (repo / "curriculum" / f"{module_id}.yaml").write_text(
        f"id: {module_id}\n"
        f"title: Module {module_id}\n"
        "owners: [carol-diaz]\n"
        + (f"created: {created}\n" if created else "")
        + f"tags: [{', '.join(tags)}]\n"
        "objectives:\n"
        "  - Do the thing well.\n"
        "exercises:\n"
        "  - title: Drill\n"
        "    practice: Practise the thing.\n"
        "    feedback: A reviewer.\n"
    )


def add_tag(repo: Path, tag: str, parent: str | None = None, aliases: str = "") -> None:
    with (repo / "failures" / "tags.yaml").open("a") as f:
        f.write(f"  - id: {tag}\n    title: {tag.title()}\n    description: Failures of {tag}.\n")
        if parent:
            f.write(f"    parent: {parent}\n")
        if aliases:
            f.write(f"    aliases: [{aliases}]\n")


def index_of(repo: Path) -> Index:
    return build_index(repo)


def found(repo: Path, **kwargs: object) -> dict[str, int]:
    """tag -> count of the overflowing tags, in report order."""
    report = overflow.detect(index_of(repo), **kwargs)  # type: ignore[arg-type]
    return {p.tag: p.count for p in report.overflowing}


def pattern(repo: Path, tag: str, **kwargs: object) -> overflow.Pattern:
    report = overflow.detect(index_of(repo), **kwargs)  # type: ignore[arg-type]
    (match,) = [p for p in report.overflowing if p.tag == tag]
    return match


# The rule -------------------------------------------------------------------------------------

def test_the_example_alone_does_not_overflow(example_repo: Path) -> None:
    report = overflow.detect(index_of(example_repo))
    assert (report.as_of, report.window_days, report.threshold) == (D("2026-03-31"), 90, 3)
    assert report.overflowing == []
    assert overflow.detect(index_of(example_repo), threshold=1).overflowing[0].tag == "capacity"


def test_window_includes_its_first_and_last_day_and_nothing_outside(example_repo: Path) -> None:
    first = add_failure(example_repo, "2026-01-01", "first-day", ["alerting"])
    add_failure(example_repo, "2026-02-01", "middle", ["alerting"])
    last = add_failure(example_repo, "2026-03-31", "last-day", ["alerting"])
    add_failure(example_repo, "2025-12-31", "day-before", ["alerting"])
    add_failure(example_repo, "2026-04-01", "day-after", ["alerting"])
    p = pattern(example_repo, "alerting")
    assert p.reports == [first, "2026-02-01-middle", last]
    assert p.count == 3
    # One day later the first-day report has left the window and the next day's has come in.
    moved = pattern(example_repo, "alerting", as_of=D("2026-04-01"))
    assert moved.reports == ["2026-02-01-middle", last, "2026-04-01-day-after"]
    # A window one day shorter loses the first day: two reports, below the threshold.
    assert "alerting" not in found(example_repo, window_days=89)
    assert overflow.window_start(D("2026-03-31"), 90) == D("2026-01-01")


def test_roll_up_through_two_levels(example_repo: Path) -> None:
    add_tag(example_repo, "pool-exhaustion", parent="timeouts")
    for day in ("01-05", "02-05"):
        add_failure(example_repo, f"2026-{day}", "pool", ["pool-exhaustion"])
    # pool-exhaustion (2) -> timeouts (2 + the example's report) -> capacity (the same 3)
    assert found(example_repo) == {"capacity": 3, "timeouts": 3}
    assert found(example_repo, threshold=2) == {"capacity": 3, "timeouts": 3,
                                                "pool-exhaustion": 2}
    index = index_of(example_repo)
    assert overflow.reports_by_tag(index) == {
        "capacity": ["2026-01-05-pool", "2026-02-05-pool", EXISTING],
        "pool-exhaustion": ["2026-01-05-pool", "2026-02-05-pool"],
        "timeouts": ["2026-01-05-pool", "2026-02-05-pool", EXISTING],
    }


def test_aliases_count_as_their_canonical_tag(example_repo: Path) -> None:
    add_failure(example_repo, "2026-01-10", "a", ["config-mismatch"])
    add_failure(example_repo, "2026-02-10", "b", ["config-drift"])
    add_failure(example_repo, "2026-03-10", "c", ["config-mismatch", "config-drift"])
    assert found(example_repo) == {"config-drift": 3, "configuration": 3}
    assert "config-mismatch" not in overflow.reports_by_tag(index_of(example_repo))


def test_a_report_with_a_child_and_its_parent_counts_once_for_the_parent(
        example_repo: Path) -> None:
    # The example's report carries [timeouts, capacity]; two more carry both as well.
    add_failure(example_repo, "2026-01-20", "both", ["capacity", "timeouts"])
    add_failure(example_repo, "2026-02-20", "both-again", ["timeouts", "capacity"])
    assert found(example_repo) == {"capacity": 3, "timeouts": 3}


def test_unknown_tags_and_invalid_reports_are_ignored(example_repo: Path) -> None:
    for day in ("01-10", "01-11", "01-12"):
        add_failure(example_repo, f"2026-{day}", "unknown", ["no-such-tag"])
    broken = add_failure(example_repo, "2026-01-13", "broken", ["alerting"])
    path = example_repo / "failures" / "2026" / f"{broken}.yaml"
    path.write_text(path.read_text().replace("severity: medium", "severity: dreadful"))
    add_failure(example_repo, "2026-01-14", "ok", ["alerting"])
    add_failure(example_repo, "2026-01-15", "ok", ["alerting"])
    assert found(example_repo) == {}
    assert found(example_repo, threshold=2) == {"alerting": 2}


def test_sorted_by_count_then_tag_id(example_repo: Path) -> None:
    for i in range(3):
        add_failure(example_repo, f"2026-02-0{i + 1}", "alert", ["alerting"])
        add_failure(example_repo, f"2026-02-1{i + 1}", "drift", ["config-drift"])
    add_failure(example_repo, "2026-03-01", "conf", ["configuration"])
    # configuration 4; alerting, config-drift 3 each, in tag order
    assert list(found(example_repo)) == ["configuration", "alerting", "config-drift"]
    assert list(found(example_repo, threshold=1)) == [
        "configuration", "alerting", "config-drift", "capacity", "timeouts"]


def test_covered_through_an_ancestor_but_not_through_a_child(example_repo: Path) -> None:
    add_module(example_repo, "drift-drills", ["config-drift"], "2026-01-01")
    (example_repo / "curriculum" / "capacity-planning.yaml").write_text(
        (example_repo / "curriculum" / "capacity-planning.yaml").read_text()
        .replace("tags: [capacity, timeouts]", "tags: [capacity]"))
    for day in ("01-10", "02-10"):
        add_failure(example_repo, f"2026-{day}", "slow", ["timeouts"])
        add_failure(example_repo, f"2026-{day}", "drift", ["config-mismatch"])
    add_failure(example_repo, "2026-03-01", "conf", ["configuration"])
    index = index_of(example_repo)
    report = {p.tag: p for p in overflow.detect(index, threshold=2).overflowing}
    assert report["timeouts"].curriculum == ["capacity-planning"]  # via its parent, capacity
    assert report["timeouts"].covered
    assert report["config-drift"].curriculum == ["drift-drills"]
    # A module on a child does not cover the parent.
    assert (report["configuration"].covered, report["configuration"].curriculum) == (False, [])
    assert overflow.covering_modules(index, "timeouts") == ["capacity-planning"]
    assert overflow.covering_modules(index, "configuration") == []


def test_recurring_despite_curriculum_with_created(example_repo: Path) -> None:
    # capacity-planning was created 2026-02-01; a report on that very day came before it.
    add_failure(example_repo, "2026-01-15", "before", ["timeouts"])
    add_failure(example_repo, "2026-02-01", "same-day", ["timeouts"])
    add_failure(example_repo, "2026-02-20", "after", ["timeouts"])
    p = pattern(example_repo, "timeouts")
    assert (p.count, p.covered, p.after) == (4, True, 2)  # 2026-02-20 and the example's 03-10
    assert not p.recurring_despite_curriculum
    add_failure(example_repo, "2026-03-20", "after-again", ["capacity"])
    assert pattern(example_repo, "timeouts").recurring_despite_curriculum is False  # 2 after
    assert pattern(example_repo, "capacity").recurring_despite_curriculum is True  # 3 after
    assert pattern(example_repo, "capacity").since == D("2026-02-01")


def test_the_earliest_covering_module_decides(example_repo: Path) -> None:
    add_module(example_repo, "capacity-basics", ["capacity"], "2025-06-01")
    for day in ("01-10", "01-20"):
        add_failure(example_repo, f"2026-{day}", "slow", ["timeouts"])
    p = pattern(example_repo, "timeouts")
    assert p.curriculum == ["capacity-basics", "capacity-planning"]
    assert (p.since, p.after, p.recurring_despite_curriculum) == (D("2025-06-01"), 3, True)


def test_recurring_despite_curriculum_with_a_given_first_commit_date(example_repo: Path) -> None:
    add_module(example_repo, "alert-tuning", ["alerting"], created=None)
    for day in ("01-10", "02-10", "03-10"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"])
    index = index_of(example_repo)
    plain = overflow.detect(index)
    assert overflow.modules_needing_dates(index, plain) == ["alert-tuning"]
    assert plain.overflowing[0].recurring_despite_curriculum is False  # no date, no verdict
    early = overflow.detect(index, created={"alert-tuning": D("2026-01-01")})
    late = overflow.detect(index, created={"alert-tuning": D("2026-01-10")})
    assert early.overflowing[0].recurring_despite_curriculum is True
    assert late.overflowing[0].recurring_despite_curriculum is False
    # A `created` field wins over the first commit.
    add_module(example_repo, "alert-tuning", ["alerting"], created="2026-02-01")
    dated = overflow.detect(index_of(example_repo), created={"alert-tuning": D("2026-01-01")})
    assert dated.overflowing[0].recurring_despite_curriculum is False


def test_recurring_despite_curriculum_from_the_first_commit(flaims: Run, git_repo: Path) -> None:
    pytest.importorskip("flaims_tool.history")
    # The module, without `created`, is first committed on 2026-01-05, then renamed: the
    # first commit of its earliest name counts.
    add_module(git_repo, "alerts-101", ["alerting"], created=None)
    git(git_repo, "add", "curriculum/alerts-101.yaml")
    when = {"GIT_AUTHOR_DATE": "2026-01-05T10:00:00+00:00",
            "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+00:00"}
    git(git_repo, "commit", "-q", "-m", "Alerting module", env=when)
    text = (git_repo / "curriculum" / "alerts-101.yaml").read_text()
    (git_repo / "curriculum" / "alerts-101.yaml").unlink()
    add_module(git_repo, "alert-tuning", ["alerting"], created=None)
    assert (git_repo / "curriculum" / "alert-tuning.yaml").read_text() == \
        text.replace("alerts-101", "alert-tuning")
    git(git_repo, "add", "-A", "curriculum")
    later = {"GIT_AUTHOR_DATE": "2026-02-15T10:00:00+00:00",
             "GIT_COMMITTER_DATE": "2026-02-15T10:00:00+00:00"}
    git(git_repo, "commit", "-q", "-m", "Rename the alerting module", env=later)
    for day in ("01-05", "01-10", "02-01", "03-20"):
        add_failure(git_repo, f"2026-{day}", "late-alert", ["alerting"])
    result = flaims("overflow", "--format", "json", repo=git_repo)
    assert result.exit_code == 0, result.output
    (p,) = json.loads(result.stdout)["overflowing"]
    # Three reports after 2026-01-05 (the one on that day came before the module); counting
    # from the rename (2026-02-15) there would be one.
    assert (p["tag"], p["count"], p["curriculum"]) == ("alerting", 4, ["alert-tuning"])
    assert p["recurring_despite_curriculum"] is True
    # With --threshold 4, four reports overflow but only three came after the module.
    result = flaims("overflow", "--format", "json", "--threshold", "4", repo=git_repo)
    (p,) = json.loads(result.stdout)["overflowing"]
    assert p["recurring_despite_curriculum"] is False


def test_no_first_commit_outside_git(flaims: Run, example_repo: Path) -> None:
    add_module(example_repo, "alert-tuning", ["alerting"], created=None)
    for day in ("01-10", "02-10", "03-10"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"])
    result = flaims("overflow", "--format", "json", repo=example_repo)
    (p,) = json.loads(result.stdout)["overflowing"]
    assert (p["covered"], p["recurring_despite_curriculum"]) == (True, False)


def test_trend_counts_months_with_gaps_as_zero(example_repo: Path) -> None:
    add_failure(example_repo, "2025-11-30", "nov", ["timeouts"])
    add_failure(example_repo, "2026-01-01", "jan", ["capacity"])
    add_failure(example_repo, "2026-01-31", "jan-again", ["timeouts"])
    add_failure(example_repo, "2026-05-02", "may", ["timeouts"])
    index = index_of(example_repo)
    assert overflow.trend(index, "capacity") == [
        ("2025-11", 1), ("2025-12", 0), ("2026-01", 2), ("2026-02", 0), ("2026-03", 1),
        ("2026-04", 0), ("2026-05", 1)]
    assert overflow.trend(index, "timeouts") == [
        ("2025-11", 1), ("2025-12", 0), ("2026-01", 1), ("2026-02", 0), ("2026-03", 1),
        ("2026-04", 0), ("2026-05", 1)]
    assert overflow.trend(index, "alerting") == []
    # The report's trend reads the repository as of its date: May 2026 is not yet history.
    assert pattern(example_repo, "capacity").trend == overflow.trend(index, "capacity")[:5]


def test_defaults_come_from_flaims_yaml(example_repo: Path) -> None:
    config = example_repo / "flaims.yaml"
    config.write_text(config.read_text().replace("threshold: 3", "threshold: 1")
                      .replace("window_days: 90", "window_days: 30"))
    report = overflow.detect(index_of(example_repo))
    assert (report.window_days, report.threshold) == (30, 1)
    assert [p.tag for p in report.overflowing] == ["capacity", "timeouts"]
    assert overflow.detect(index_of(example_repo), window_days=10).overflowing == []
    with pytest.raises(ValueError):
        overflow.detect(index_of(example_repo), threshold=0)


# The command ----------------------------------------------------------------------------------

def _three_patterns(repo: Path) -> None:
    """alerting uncovered (3); timeouts and capacity (4) recurring despite capacity-planning,
    created 2026-02-01 (three of their reports came after it)."""
    for day in ("01-05", "02-05", "03-05"):
        add_failure(repo, f"2026-{day}", "late-alert", ["alerting"], team="platform")
    add_failure(repo, "2026-01-20", "slow", ["timeouts"])
    add_failure(repo, "2026-02-10", "slow", ["timeouts"])
    add_failure(repo, "2026-03-20", "slow", ["timeouts"], team="platform")


def test_json_is_exactly_the_formats_shape(flaims: Run, example_repo: Path) -> None:
    _three_patterns(example_repo)
    result = flaims("overflow", "--format", "json", repo=example_repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "as_of": "2026-03-31", "window_days": 90, "threshold": 3,
        "overflowing": [
            {"tag": "capacity", "count": 4,
             "reports": ["2026-01-20-slow", "2026-02-10-slow", EXISTING, "2026-03-20-slow"],
             "teams": ["payments", "platform"], "curriculum": ["capacity-planning"],
             "covered": True, "recurring_despite_curriculum": True,
             "trend": [{"month": "2026-01", "count": 1}, {"month": "2026-02", "count": 1},
                       {"month": "2026-03", "count": 2}]},
            {"tag": "timeouts", "count": 4,
             "reports": ["2026-01-20-slow", "2026-02-10-slow", EXISTING, "2026-03-20-slow"],
             "teams": ["payments", "platform"], "curriculum": ["capacity-planning"],
             "covered": True, "recurring_despite_curriculum": True,
             "trend": [{"month": "2026-01", "count": 1}, {"month": "2026-02", "count": 1},
                       {"month": "2026-03", "count": 2}]},
            {"tag": "alerting", "count": 3,
             "reports": ["2026-01-05-late-alert", "2026-02-05-late-alert",
                         "2026-03-05-late-alert"],
             "teams": ["platform"], "curriculum": [], "covered": False,
             "recurring_despite_curriculum": False,
             "trend": [{"month": "2026-01", "count": 1}, {"month": "2026-02", "count": 1},
                       {"month": "2026-03", "count": 1}]},
        ]}
    assert result.stderr == ""


def test_text_output_is_exact(flaims: Run, example_repo: Path) -> None:
    _three_patterns(example_repo)
    result = flaims("overflow", repo=example_repo)
    assert result.exit_code == 0
    assert result.stdout == (
        "Failure Overflow as of 2026-03-31: window 90 days (2026-01-01 to 2026-03-31), "
        "threshold 3 reports\n"
        "\n"
        "tag       reports  teams               curriculum                 Oct–Mar\n"
        "capacity        4  payments, platform  capacity-planning !        ▁▁▁▅▅█\n"
        "timeouts        4  payments, platform  capacity-planning !        ▁▁▁▅▅█\n"
        "alerting        3  platform            none — not yet curriculum  ▁▁▁███\n"
        "\n"
        "! capacity keeps recurring despite curriculum: 3 of its 4 reports in the window came "
        "after\n"
        "  curriculum covered it (capacity-planning, since 2026-02-01). The module is not "
        "working; revisit it\n"
        "  with the teams that had these failures.\n"
        "! timeouts keeps recurring despite curriculum: 3 of its 4 reports in the window came "
        "after\n"
        "  curriculum covered it (capacity-planning, since 2026-02-01). The module is not "
        "working; revisit it\n"
        "  with the teams that had these failures.\n"
        "- Not yet curriculum: alerting. Write a module that lists it ('flaims overflow "
        "--scaffold' writes a\n"
        "  stub).\n"
    )


def test_markdown_output_is_exact(flaims: Run, example_repo: Path) -> None:
    for day in ("01-05", "02-05", "03-05"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"], team="platform")
    result = flaims("overflow", "--format", "markdown", repo=example_repo)
    assert result.exit_code == 0
    assert result.stdout == (
        "### Failure Overflow as of 2026-03-31\n"
        "\n"
        "Window 90 days (2026-01-01 to 2026-03-31), threshold 3 reports.\n"
        "\n"
        "| tag | reports | teams | curriculum | Oct–Mar |\n"
        "|---|---:|---|---|---|\n"
        "| `alerting` | 3 | platform | **none — not yet curriculum** | ▁▁▁███ |\n"
        "\n"
        "- Not yet curriculum: alerting. Write a module that lists it ('flaims overflow "
        "--scaffold' writes a stub).\n"
    )


def test_options_override_the_config(flaims: Run, example_repo: Path) -> None:
    add_failure(example_repo, "2026-04-20", "slow", ["timeouts"])
    result = flaims("overflow", "--as-of", "2026-04-30", "--window", "60", "--threshold", "2",
                    "--format", "json", repo=example_repo)
    data = json.loads(result.stdout)
    assert (data["as_of"], data["window_days"], data["threshold"]) == ("2026-04-30", 60, 2)
    assert [p["tag"] for p in data["overflowing"]] == ["capacity", "timeouts"]
    quiet = flaims("overflow", "--as-of", "2026-04-30", "--window", "30", repo=example_repo)
    assert quiet.stdout == (
        "Failure Overflow as of 2026-04-30: window 30 days (2026-04-01 to 2026-04-30), "
        "threshold 3 reports\nno tag overflows\n")
    markdown = flaims("overflow", "--format", "markdown", repo=example_repo)
    assert markdown.stdout.endswith("\nNo tag overflows.\n")


@pytest.mark.parametrize("args", [["--threshold", "0"], ["--window", "0"], ["--as-of", "soon"],
                                  ["--format", "yaml"]])
def test_bad_options_exit_2(flaims: Run, example_repo: Path, args: list[str]) -> None:
    result = flaims("overflow", *args, repo=example_repo)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_not_a_repository_exits_2(flaims: Run, tmp_path: Path) -> None:
    result = flaims("overflow", repo=tmp_path)
    assert result.exit_code == 2
    assert "not a flaims repository" in result.stderr


def test_check_exit_codes(flaims: Run, example_repo: Path) -> None:
    assert flaims("overflow", "--check", repo=example_repo).exit_code == 0  # nothing overflows
    for day in ("01-10", "02-10"):
        add_failure(example_repo, f"2026-{day}", "slow", ["timeouts"])
    covered = flaims("overflow", "--check", repo=example_repo)
    assert (covered.exit_code, covered.stderr) == (0, "")  # overflowing, but covered
    for day in ("01-05", "02-05", "03-05"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"])
    result = flaims("overflow", "--check", "--format", "json", repo=example_repo)
    assert result.exit_code == 1
    assert [p["tag"] for p in json.loads(result.stdout)["overflowing"]] == [
        "alerting", "capacity", "timeouts"]
    assert result.stderr == (
        "overflow check failed: 1 overflowing tag is not covered by any curriculum module: "
        "alerting.\n"
        "Run 'flaims overflow --scaffold', fill in the stubs' TODOs, run 'flaims lint', and "
        "open a pull request.\n")
    add_module(example_repo, "alert-tuning", ["alerting"], "2026-03-01")
    assert flaims("overflow", "--check", repo=example_repo).exit_code == 0


def test_scaffold_writes_stubs_that_lint_only_as_placeholders(
        flaims: Run, example_repo: Path) -> None:
    assert lint_json(flaims, example_repo)["diagnostics"] == []
    for day in ("01-05", "02-05", "03-05"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"],
                    title="Late alert: the pager\u2028stayed quiet")
    for day in ("01-10", "02-10", "03-10"):
        add_failure(example_repo, f"2026-{day}", "drift", ["config-drift"])
    result = flaims("overflow", "--scaffold", repo=example_repo)
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "wrote curriculum/alerting.yaml\n"
        "wrote curriculum/config-drift.yaml\n")
    # `configuration` overflows only through `config-drift`: one stub answers both.
    assert not (example_repo / "curriculum" / "configuration.yaml").exists()
    stub = (example_repo / "curriculum" / "config-drift.yaml").read_text()
    assert stub == (
        "# Curriculum module stub written by `flaims overflow --scaffold` on 2026-03-31.\n"
        "# Failure Overflow: 3 reports tagged 'config-drift' (with its sub-tags) within 90 days\n"
        "# (threshold 3), and no module answered them yet. Replace every TODO;\n"
        "# `flaims lint` reports each one (code `placeholder`) until you have, and until then\n"
        "# the stub covers nothing: `flaims overflow --check` stays red.\n"
        "# 'configuration' overflows only through 'config-drift' (the same reports): this one "
        "module answers both.\n"
        "#\n"
        "# Case studies: the recurring reports this module answers. Read them before writing\n"
        "# the objectives, and use them in the exercises.\n"
        "#   - failures/2026/2026-01-10-drift.yaml: Failure drift\n"
        "#   - failures/2026/2026-02-10-drift.yaml: Failure drift\n"
        "#   - failures/2026/2026-03-10-drift.yaml: Failure drift\n"
        "id: config-drift\n"
        "title: TODO name the module that answers 'config-drift' failures\n"
        "owners: []  # TODO: the people who keep this module current (ids from people/)\n"
        "created: 2026-03-31\n"
        "tags: [config-drift, configuration]\n"
        "competencies: [engineering/operations]\n"
        "objectives:\n"
        "  - TODO what a learner will be able to do afterwards\n"
        "exercises:\n"
        "  - title: TODO name the exercise\n"
        "    practice: TODO what exactly to do; specific, at the edge of current ability\n"
        "    feedback: TODO where fast, honest feedback comes from (a test, a report, a "
        "reviewer)\n")
    # A title's line separator never breaks out of its comment line.
    assert "#   - failures/2026/2026-01-05-late-alert.yaml: Late alert: the pager stayed quiet\n" \
        in (example_repo / "curriculum" / "alerting.yaml").read_text()
    index = index_of(example_repo)
    stubs = [index.get("curriculum", t) for t in ("alerting", "config-drift")]
    assert all(doc is not None and doc.valid for doc in stubs)
    diagnostics = lint_json(flaims, example_repo)["diagnostics"]
    assert {(d["path"], d["code"]) for d in diagnostics} == {
        (f"curriculum/{t}.yaml", code) for t in ("alerting", "config-drift")
        for code in ("placeholder", "no-owner")}
    # title, objective, exercise title, practice, feedback; and the empty owners
    assert len(diagnostics) == 2 * (5 + 1)
    # Stubs are not curriculum: while their TODOs stand, the tags stay uncovered.
    still = flaims("overflow", "--check", repo=example_repo)
    assert still.exit_code == 1
    assert "not covered by any curriculum module: alerting, config-drift, configuration." \
        in still.stderr
    # Filled in (here: the TODO words replaced), the two modules cover all three tags.
    for name in ("alerting", "config-drift"):
        stub_file = example_repo / "curriculum" / f"{name}.yaml"
        stub_file.write_text(stub_file.read_text().replace("TODO", "Written").replace(
            "owners: []", "owners: [carol-diaz]"))
    assert lint_json(flaims, example_repo)["diagnostics"] == []
    assert flaims("overflow", "--check", repo=example_repo).exit_code == 0


def test_scaffold_never_overwrites(flaims: Run, example_repo: Path) -> None:
    for day in ("01-05", "02-05", "03-05"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"])
    mine = example_repo / "curriculum" / "alerting.yml"
    mine.write_text("# my draft, not valid yet\n")
    result = flaims("overflow", "--scaffold", "--check", "--format", "json", repo=example_repo)
    assert result.exit_code == 1  # still not covered: the draft does not load as a module
    assert mine.read_text() == "# my draft, not valid yet\n"
    assert not (example_repo / "curriculum" / "alerting.yaml").exists()
    assert result.stderr.startswith(
        "kept curriculum/alerting.yml: it already exists; flaims never overwrites a file\n"
        "overflow check failed: 1 overflowing tag is not covered by any curriculum module: "
        "alerting.\n")
    json.loads(result.stdout)  # the json stays clean on stdout
    # The same for the .yaml spelling, and for a draft that does not load as a module.
    mine.unlink()
    draft = example_repo / "curriculum" / "alerting.yaml"
    draft.write_text("id: alerting\n")
    result = flaims("overflow", "--scaffold", repo=example_repo)
    assert result.stdout.endswith(
        "kept curriculum/alerting.yaml: it already exists; flaims never overwrites a file\n")
    assert draft.read_text() == "id: alerting\n"


def test_scaffold_has_nothing_to_write_when_all_is_covered(flaims: Run,
                                                            example_repo: Path) -> None:
    for day in ("01-10", "02-10"):
        add_failure(example_repo, f"2026-{day}", "slow", ["timeouts"])
    before = sorted(p.name for p in (example_repo / "curriculum").iterdir())
    result = flaims("overflow", "--scaffold", repo=example_repo)
    assert result.exit_code == 0
    assert "wrote" not in result.output and "kept" not in result.output
    assert sorted(p.name for p in (example_repo / "curriculum").iterdir()) == before


# The demo organisation ------------------------------------------------------------------------
# Facts from docs/demo-facts.md, "Failure Overflow on 2026-09-30".

DEMO_OVERFLOWING = [
    ("observability", 5, ["2026-07-22-stale-stock-dashboard", "2026-08-11-webhook-queue-backlog",
                          "2026-08-27-pager-storm-db-failover",
                          "2026-09-02-push-notifications-stopped",
                          "2026-09-21-refund-job-stalled"],
     ["data", "mobile", "payments", "platform"], [], False, False),
    ("alert-gap", 4, ["2026-07-22-stale-stock-dashboard", "2026-08-11-webhook-queue-backlog",
                      "2026-09-02-push-notifications-stopped", "2026-09-21-refund-job-stalled"],
     ["data", "mobile", "payments", "platform"], [], False, False),
    ("dependencies", 4, ["2026-07-03-card-acquirer-outage", "2026-07-29-sms-provider-outage",
                         "2026-08-14-map-provider-outage",
                         "2026-09-15-open-banking-consent-change"],
     ["mobile", "payments", "platform"], ["vendor-failure-modes"], True, False),
    ("deployment", 4, ["2026-07-14-payouts-ledger-lock", "2026-08-03-android-release-crash-loop",
                       "2026-08-19-booking-slots-column-drop",
                       "2026-09-08-stock-backfill-replica-lag"],
     ["data", "mobile", "payments"], [], False, False),
    ("third-party-outage", 3, ["2026-07-03-card-acquirer-outage",
                               "2026-07-29-sms-provider-outage",
                               "2026-08-14-map-provider-outage"],
     ["mobile", "payments", "platform"], ["vendor-failure-modes"], True, False),
    ("unsafe-migration", 3, ["2026-07-14-payouts-ledger-lock",
                             "2026-08-19-booking-slots-column-drop",
                             "2026-09-08-stock-backfill-replica-lag"],
     ["data", "mobile", "payments"], ["safe-schema-migrations"], True, True),
]
# Months with reports, and how many months the trend spans (zeros between included).
DEMO_TRENDS = {
    "observability": ({"2025-09": 1, "2026-07": 1, "2026-08": 2, "2026-09": 2}, 13),
    "alert-gap": ({"2025-09": 1, "2026-07": 1, "2026-08": 1, "2026-09": 2}, 13),
    "dependencies": ({"2025-03": 1, "2025-05": 1, "2025-11": 1, "2026-02": 1, "2026-07": 2,
                      "2026-08": 1, "2026-09": 1}, 19),
    "deployment": ({"2025-08": 1, "2025-09": 1, "2025-10": 1, "2026-02": 1, "2026-04": 1,
                    "2026-07": 1, "2026-08": 2, "2026-09": 1}, 14),
    "third-party-outage": ({"2025-03": 1, "2025-11": 1, "2026-07": 2, "2026-08": 1}, 18),
    "unsafe-migration": ({"2025-08": 1, "2025-09": 1, "2025-10": 1, "2026-04": 1, "2026-07": 1,
                          "2026-08": 1, "2026-09": 1}, 14),
}


def test_demo_reports_the_tags_it_was_written_to_have(flaims: Run, demo_repo: Path) -> None:
    result = flaims("overflow", "--format", "json", repo=demo_repo)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["as_of"], data["window_days"], data["threshold"]) == ("2026-09-30", 90, 3)
    keys = ("tag", "count", "reports", "teams", "curriculum", "covered",
            "recurring_despite_curriculum")
    assert [tuple(p[k] for k in keys) for p in data["overflowing"]] == DEMO_OVERFLOWING
    for p in data["overflowing"]:
        months, span = DEMO_TRENDS[p["tag"]]
        assert len(p["trend"]) == span
        assert {t["month"]: t["count"] for t in p["trend"] if t["count"]} == months
        assert p["trend"][0]["month"] == min(months)


def test_demo_text_names_the_uncovered_and_the_recurring(flaims: Run, demo_repo: Path) -> None:
    result = flaims("overflow", "--check", repo=demo_repo)
    assert result.exit_code == 1
    assert "\nunsafe-migration          3  data, mobile, payments            " \
           "safe-schema-migrations !   " in result.stdout
    assert "\n! unsafe-migration keeps recurring despite curriculum: 3 of its 3 reports" \
        in result.stdout
    assert result.stdout.count("keeps recurring despite curriculum") == 1
    assert result.stderr.startswith(
        "overflow check failed: 3 overflowing tags are not covered by any curriculum module: "
        "observability, alert-gap, deployment.\n")


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-03-31", {"configuration": 4, "config-drift": 3}),
    ("2025-04-30", {"capacity": 3, "config-drift": 3, "configuration": 3}),
    ("2025-07-31", {"data-integrity": 3, "duplicate-processing": 3}),
    ("2025-10-31", {"deployment": 3, "unsafe-migration": 3}),
    ("2026-08-24", {"configuration": 3, "dependencies": 3, "deployment": 3,
                    "third-party-outage": 3}),
])
def test_demo_earlier_overflows(demo_repo: Path, as_of: str, expected: dict[str, int]) -> None:
    assert found(demo_repo, as_of=D(as_of)) == expected


def test_demo_window_boundaries(demo_repo: Path) -> None:
    index = index_of(demo_repo)
    by_tag = {p.tag: p for p in overflow.detect(index, threshold=1).overflowing}
    assert by_tag["configuration"].count == 2  # 2026-07-02 is one day before the window
    assert "2026-07-03-card-acquirer-outage" in by_tag["third-party-outage"].reports
    # A window one day shorter loses the report on its first day.
    shorter = {p.tag: p.count for p in overflow.detect(index, window_days=89).overflowing}
    assert "third-party-outage" not in shorter
    assert shorter["dependencies"] == 3


def test_demo_scaffold_lints_only_as_placeholders(flaims: Run, demo_repo: Path) -> None:
    before = lint_json(flaims, demo_repo)["diagnostics"]
    result = flaims("overflow", "--scaffold", repo=demo_repo)
    assert result.stdout.endswith("wrote curriculum/observability.yaml\n"
                                  "wrote curriculum/alert-gap.yaml\n"
                                  "wrote curriculum/deployment.yaml\n")
    stub = (demo_repo / "curriculum" / "alert-gap.yaml").read_text()
    assert "competencies: [engineering/operations]\n" in stub
    assert "#   - failures/2026/2026-09-21-refund-job-stalled.yaml: " in stub
    after = lint_json(flaims, demo_repo)["diagnostics"]
    new = [d for d in after if d not in before]
    assert {d["code"] for d in new} == {"placeholder", "no-owner"}
    assert [d["path"] for d in new if d["code"] == "no-owner"] == [
        f"curriculum/{t}.yaml" for t in ("alert-gap", "deployment", "observability")]
    assert {d["path"] for d in new} == {f"curriculum/{t}.yaml"
                                        for t in ("observability", "alert-gap", "deployment")}
    assert [d for d in before if d not in after] == []


def test_table_cells_stay_short_at_scale(flaims: Run, example_repo: Path) -> None:
    teams = ["billing", "data", "mobile", "payments", "platform"]
    for i, team in enumerate(teams):
        add_failure(example_repo, f"2026-02-0{i + 1}", "late-alert", ["alerting"], team=team)
    line = "alerting        5  billing, data, mobile, payments +1 more  none — not yet curriculum"
    assert f"\n{line}  ▁▁▁▁█▁\n" in flaims("overflow", repo=example_repo).stdout
    assert "| `alerting` | 5 | billing, data, mobile, payments +1 more | " in flaims(
        "overflow", "--format", "markdown", repo=example_repo).stdout
    data = json.loads(flaims("overflow", "--format", "json", repo=example_repo).stdout)
    assert data["overflowing"][0]["teams"] == teams


def test_scaffold_never_writes_through_a_symlink_or_past_an_error(
        flaims: Run, example_repo: Path, tmp_path: Path) -> None:
    for day in ("01-05", "02-05", "03-05"):
        add_failure(example_repo, f"2026-{day}", "late-alert", ["alerting"])
    elsewhere = tmp_path / "elsewhere"
    (example_repo / "curriculum").rename(elsewhere)
    (example_repo / "curriculum").symlink_to(elsewhere, target_is_directory=True)
    result = flaims("overflow", "--scaffold", repo=example_repo)
    assert result.exit_code == 2
    assert result.stderr == (
        "flaims: curriculum/ is a symbolic link; flaims does not write through it\n")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["capacity-planning.yaml"]
    (example_repo / "curriculum").unlink()
    (example_repo / "curriculum").write_text("not a folder\n")
    result = flaims("overflow", "--scaffold", repo=example_repo)
    assert result.exit_code == 2
    assert result.stderr == "flaims: curriculum/: cannot make the folder (File exists)\n"
    assert (example_repo / "curriculum").read_text() == "not a folder\n"


def test_a_module_created_after_the_as_of_date_does_not_cover_yet(example_repo: Path) -> None:
    # capacity-planning was created 2026-02-01: on 2026-01-31 the tag was not curriculum yet.
    for day in ("01-10", "01-20", "01-31"):
        add_failure(example_repo, f"2026-{day}", "slow", ["timeouts"])
    before = pattern(example_repo, "timeouts", as_of=D("2026-01-31"))
    assert (before.covered, before.curriculum) == (False, [])
    on_the_day = pattern(example_repo, "timeouts", as_of=D("2026-02-01"))
    assert (on_the_day.covered, on_the_day.curriculum) == (True, ["capacity-planning"])
