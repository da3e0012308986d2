"""`flaims curriculum`: is each module working? The demo by an independent count, the formats.md
example by hand-made histories, and the command's formats and exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from .conftest import PROJECT, Run, git
from .test_overflow import add_failure, add_module

D = dt.date.fromisoformat


def curriculum_json(flaims: Run, repo: Path, *args: str) -> dict[str, Any]:
    result = flaims("curriculum", "--format", "json", *args, repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# The demo, counted independently -------------------------------------------------------------
# Reads the demo's YAML with PyYAML and applies formats.md's v1.1 definitions step by step;
# shares no code with flaims_tool.

def _load(pattern: str) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text()) for p in sorted(PROJECT.glob(pattern))]


def independent_count(as_of: dt.date, window: int, threshold: int) -> list[dict[str, Any]]:
    taxonomy = yaml.safe_load((PROJECT / "failures" / "tags.yaml").read_text())["tags"]
    parent = {t["id"]: t.get("parent") for t in taxonomy}
    alias = {a: t["id"] for t in taxonomy for a in t.get("aliases", [])}
    status = {p["id"]: p["status"] for p in _load("people/*.yaml")}
    public = [p for p in _load("plans/*.yaml") if p.get("visibility") == "public"]
    failures = _load("failures/*/*.yaml")

    def family(name: str) -> set[str]:  # the tag and its ancestors
        tag: str | None = alias.get(name, name)
        out = set()
        while tag is not None:
            out.add(tag)
            tag = parent[tag]
        return out

    first_of_window = as_of - dt.timedelta(days=window - 1)
    modules = []
    for m in sorted(_load("curriculum/*.yaml"), key=lambda m: m["id"]):
        created = D(str(m["created"]))
        if created > as_of:
            continue
        tags = {alias.get(t, t) for t in m["tags"]}
        dates = [D(str(f["date"])) for f in failures
                 if any(family(t) & tags for t in f["tags"])]
        before = len([d for d in dates if created - dt.timedelta(days=window) <= d < created])
        since = len([d for d in dates if created < d <= as_of])
        days = (as_of - created).days
        rate = round(since * window / days, 1) if days else 0
        recent = len([d for d in dates if first_of_window <= d <= as_of and d > created])
        if days < 30:
            verdict = "too-early"
        elif recent >= threshold or rate >= before > 0:
            verdict = "not-working"
        elif rate < before:
            verdict = "working"
        else:
            verdict = "no-baseline"
        comps = set(m.get("competencies", []))
        learners = sorted(p["person"] for p in public
                          if any(r["competency"] in comps
                                 for r in p.get("growth", []) + p.get("practice", [])))
        modules.append({
            "id": m["id"], "created": created.isoformat(), "owners": m["owners"],
            "owners_active": any(status.get(o) == "active" for o in m["owners"]),
            "tags": m["tags"], "before": before, "since": since, "days_since": days,
            "rate_since": rate, "recent": recent, "verdict": verdict, "learners": learners})
    return modules


def test_demo_matches_an_independent_count(flaims: Run, demo_repo: Path) -> None:
    data = curriculum_json(flaims, demo_repo)
    assert (data["as_of"], data["window_days"], data["threshold"]) == ("2026-09-30", 90, 3)
    assert data["modules"] == independent_count(D("2026-09-30"), 90, 3)
    # And at other dates and settings, where modules drop out or change verdict.
    for as_of, window, threshold in (("2025-12-31", 90, 3), ("2026-03-31", 60, 2),
                                     ("2026-07-31", 120, 4)):
        data = curriculum_json(flaims, demo_repo, "--as-of", as_of, "--window", str(window),
                               "--threshold", str(threshold))
        assert data["modules"] == independent_count(D(as_of), window, threshold), as_of


# Facts from docs/demo-facts.md, "Is the curriculum working?".
DEMO_VERDICTS = {
    "capacity-planning-for-peaks": ("working", 3, 4, 485, 0.7, 1),
    "environment-parity": ("working", 3, 2, 506, 0.4, 1),
    "idempotent-money-movement": ("working", 3, 0, 422, 0.0, 0),
    "incident-command": ("working", 1, 0, 222, 0.0, 0),
    "reviewing-for-risk": ("no-baseline", 0, 0, 86, 0.0, 0),
    "safe-schema-migrations": ("not-working", 3, 4, 331, 1.1, 3),
    "vendor-failure-modes": ("too-early", 3, 1, 23, 3.9, 1),
}


def test_demo_has_every_verdict(flaims: Run, demo_repo: Path) -> None:
    modules = {m["id"]: m for m in curriculum_json(flaims, demo_repo)["modules"]}
    assert {k: (m["verdict"], m["before"], m["since"], m["days_since"], m["rate_since"],
                m["recent"]) for k, m in modules.items()} == DEMO_VERDICTS
    assert [k for k, m in modules.items() if not m["owners_active"]] == ["safe-schema-migrations"]
    assert modules["safe-schema-migrations"]["learners"] == ["chloe-martin", "priya-natarajan"]
    # Private plans never make a learner: only the four public plans' people appear.
    everyone = {p for m in modules.values() for p in m["learners"]}
    assert everyone <= {"amara-okafor", "chloe-martin", "kwame-asante", "priya-natarajan"}


def test_demo_check_fails_on_the_module_that_is_not_working(flaims: Run,
                                                            demo_repo: Path) -> None:
    result = flaims("curriculum", "--check", repo=demo_repo)
    assert result.exit_code == 1
    assert result.stderr == ("curriculum check failed: 1 module needs attention: "
                             "safe-schema-migrations (not working).\n")
    lines = result.stdout.splitlines()
    assert lines[0] == ("Curriculum as of 2026-09-30: reports per 90 days before and since "
                        "each module was written (threshold 3)")
    row = next(ln for ln in lines if ln.startswith("safe-schema-migrations "))
    assert row.split()[:8] == ["safe-schema-migrations", "not-working", "2025-11-03", "3", "4",
                               "1.1", "3", "tomas-lindqvist"]
    assert "(left)" in row
    assert "! safe-schema-migrations has no active owner (its owners left)" in result.stdout
    markdown = flaims("curriculum", "--format", "markdown", repo=demo_repo).stdout
    assert ("| `safe-schema-migrations` | ⚠️ **not working** | 2025-11-03 | 3 | 4 | 1.1 | 3 | "
            "`tomas-lindqvist` (**owner has left**) |") in markdown
    assert "| `vendor-failure-modes` | ⏳ too early | 2026-09-07 |" in markdown
    # People's status has no date: read at an earlier date, the owner has still left.
    early = flaims("curriculum", "--check", "--as-of", "2025-12-31", repo=demo_repo)
    assert (early.exit_code, early.stderr) == (1, "curriculum check failed: 1 module needs "
                                               "attention: safe-schema-migrations (no active "
                                               "owner).\n")


# Hand-made histories on the formats.md example ----------------------------------------------
# The example: capacity-planning (created 2026-02-01, tags capacity and timeouts), one report
# 2026-03-10 tagged timeouts and capacity, as of 2026-03-31, window 90, threshold 3.

def test_example_module_has_no_baseline_then_is_working(flaims: Run, example_repo: Path) -> None:
    (module,) = curriculum_json(flaims, example_repo)["modules"]
    assert module == {
        "id": "capacity-planning", "created": "2026-02-01", "owners": ["carol-diaz"],
        "owners_active": True, "tags": ["capacity", "timeouts"], "before": 0, "since": 1,
        "days_since": 58, "rate_since": 1.6, "recent": 1, "verdict": "no-baseline",
        "learners": []}
    for day in ("2025-11-10", "2025-12-10", "2026-01-10"):  # three before, none on the day
        add_failure(example_repo, day, "slow", ["timeouts"])
    add_failure(example_repo, "2025-11-03", "ninety-days-before", ["timeouts"])
    add_failure(example_repo, "2026-02-01", "on-the-day", ["timeouts"])  # neither side
    (module,) = curriculum_json(flaims, example_repo)["modules"]
    assert (module["before"], module["since"], module["verdict"]) == (4, 1, "working")
    # 2025-11-03 is created − 90 days: the first day of `before` (both ends of the rule).
    (module,) = curriculum_json(flaims, example_repo, "--window", "89")["modules"]
    assert module["before"] == 3


def test_recent_reports_make_a_module_not_working(flaims: Run, example_repo: Path) -> None:
    for day in ("2026-02-10", "2026-03-01"):
        add_failure(example_repo, day, "slow", ["timeouts"])
    (module,) = curriculum_json(flaims, example_repo)["modules"]
    assert (module["recent"], module["verdict"]) == (3, "not-working")
    assert flaims("curriculum", "--check", repo=example_repo).exit_code == 1
    (module,) = curriculum_json(flaims, example_repo, "--threshold", "4")["modules"]
    # 3 since in 58 days is 4.7 per 90 days against a `before` of 0: no baseline to judge.
    assert (module["rate_since"], module["verdict"]) == (4.7, "no-baseline")


def test_too_early_and_modules_after_the_as_of_date(flaims: Run, example_repo: Path) -> None:
    add_module(example_repo, "fresh", ["alerting"], "2026-03-02")  # 29 days before as-of
    add_module(example_repo, "future", ["alerting"], "2026-04-01")
    add_module(example_repo, "month-old", ["alerting"], "2026-03-01")  # exactly 30 days
    modules = {m["id"]: m for m in curriculum_json(flaims, example_repo)["modules"]}
    assert list(modules) == ["capacity-planning", "fresh", "month-old"]  # sorted, no future
    assert (modules["fresh"]["days_since"], modules["fresh"]["verdict"]) == (29, "too-early")
    assert (modules["month-old"]["days_since"], modules["month-old"]["verdict"]) == \
        (30, "no-baseline")
    on_the_day = curriculum_json(flaims, example_repo, "--as-of", "2026-04-01")["modules"]
    assert [(m["id"], m["days_since"], m["rate_since"]) for m in on_the_day][-2:] == [
        ("future", 0, 0.0), ("month-old", 31, 0.0)]


def test_created_falls_back_to_the_first_commit(flaims: Run, git_repo: Path) -> None:
    add_module(git_repo, "alert-tuning", ["alerting"], None)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "Module", env={
        "GIT_AUTHOR_DATE": "2026-01-15T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-01-15T09:00:00+00:00"})
    modules = {m["id"]: m for m in curriculum_json(flaims, git_repo)["modules"]}
    assert (modules["alert-tuning"]["created"], modules["alert-tuning"]["days_since"]) == \
        ("2026-01-15", 75)
    # Outside git there is no first commit: a module without `created` cannot be judged.
    (git_repo / ".git").rename(git_repo / "not-git")
    assert [m["id"] for m in curriculum_json(flaims, git_repo)["modules"]] == \
        ["capacity-planning"]
    # ... and the text and Markdown say so, instead of leaving it out in silence.
    for fmt in ("text", "markdown"):
        out = flaims("curriculum", "--format", fmt, repo=git_repo).output
        assert "alert-tuning is not judged: it has no `created` and no commit yet; add " \
               "`created: YYYY-MM-DD` or commit it." in " ".join(out.split()), out


def test_learners_come_from_public_plans_and_owners_that_left(flaims: Run,
                                                              example_repo: Path) -> None:
    module = example_repo / "curriculum" / "capacity-planning.yaml"
    assert "competencies: [engineering/operations]" in module.read_text()
    plan = example_repo / "plans" / "alice-ng.yaml"
    assert "visibility: private" in plan.read_text()  # alice's plan grows operations
    assert curriculum_json(flaims, example_repo)["modules"][0]["learners"] == []
    plan.write_text(plan.read_text().replace("visibility: private", "visibility: public"))
    assert curriculum_json(flaims, example_repo)["modules"][0]["learners"] == ["alice-ng"]
    person = example_repo / "people" / "carol-diaz.yaml"
    person.write_text(person.read_text().replace("status: active", "status: alumni"))
    (module_json,) = curriculum_json(flaims, example_repo)["modules"]
    assert module_json["owners_active"] is False
    result = flaims("curriculum", "--check", repo=example_repo)
    assert (result.exit_code, result.stderr) == (
        1, "curriculum check failed: 1 module needs attention: capacity-planning "
        "(no active owner).\n")


def test_help_and_bad_options(flaims: Run, example_repo: Path) -> None:
    result = flaims("curriculum", "--help")
    assert result.exit_code == 0
    assert "flaims curriculum --check" in result.output
    assert flaims("curriculum", "--format", "yaml", repo=example_repo).exit_code == 2
    assert flaims("curriculum", "--window", "0", repo=example_repo).exit_code == 2
