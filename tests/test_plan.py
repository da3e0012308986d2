"""`flaims plan`: one person's path, on the demo organisation, in the contract's json and in a
text a person reads; the default person from git; `--file` for a plan kept outside the
repository, which leaves no trace in it; `flaims new plan --outside`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from flaims_tool import cache

from .conftest import PROJECT, Run, git
from .test_handbook_security import CANARY, readable

OUTSIDE_PLAN = PROJECT / "tests/fixtures/mei-zhao-own-repo/growth-plan.yaml"


def plan_json(flaims: Run, repo: Path, *args: str) -> dict[str, Any]:
    result = flaims("plan", *args, "--format", "json", repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def threshold(repo: Path, competency: str, level: str) -> dict[str, Any]:
    """The ladder's own words for a threshold, read straight from its YAML."""
    lid, cid = competency.split("/")
    ladder = yaml.safe_load((repo / f"ladders/{lid}.yaml").read_text("utf-8"))
    comp = next(c for c in ladder["competencies"] if c["id"] == cid)
    entry: dict[str, Any] = comp["thresholds"][level]
    return entry


def test_json_is_the_contract_shape_on_the_demo(flaims: Run, demo_repo: Path) -> None:
    data = plan_json(flaims, demo_repo, "priya-natarajan")
    assert list(data) == ["person", "ladder", "visibility", "updated", "as_of", "growth",
                          "open_items"]
    assert (data["person"], data["ladder"], data["visibility"], data["updated"],
            data["as_of"]) == ("priya-natarajan", "engineering", "public", "2026-09-20",
                               "2026-09-30")
    rows = {r["competency"]: r for r in data["growth"]}
    assert list(rows) == ["engineering/operations", "engineering/delivery",
                          "engineering/mentoring"]
    for ref, row in rows.items():
        assert list(row) == ["competency", "current", "target", "confirmed_by", "evidence",
                             "curriculum", "practice_minutes_90d"]
        cur, tgt = row["current"], row["target"]
        assert cur == {"level": cur["level"],
                       "threshold": threshold(demo_repo, ref, cur["level"])["name"]}
        want = threshold(demo_repo, ref, tgt["level"])
        assert tgt == {"level": tgt["level"], "threshold": want["name"],
                       "signals": want["signals"]}
    ops = rows["engineering/operations"]
    assert (ops["current"]["level"], ops["target"]["level"]) == ("e2", "e3")
    assert ops["target"]["threshold"] == "Operates for the tail"
    assert ops["confirmed_by"] is None
    assert rows["engineering/delivery"]["confirmed_by"] == "jonas-weber"
    assert ops["evidence"] == [
        {"ref": "failure:2026-08-11-webhook-queue-backlog", "involved": True},
        {"ref": "failure:2026-06-09-autoscaler-instance-quota", "involved": True},
        {"ref": "retro:2026-09-04-platform-summer", "involved": True},
    ]
    assert rows["engineering/mentoring"]["evidence"] == []
    assert ops["curriculum"] == ["capacity-planning-for-peaks", "environment-parity",
                                 "incident-command"]
    assert rows["engineering/delivery"]["curriculum"] == ["environment-parity",
                                                          "safe-schema-migrations"]
    assert rows["engineering/mentoring"]["curriculum"] == []
    assert [r["practice_minutes_90d"] for r in rows.values()] == [570, 60, 50]
    assert data["open_items"] == [
        {"source": "retro:2026-09-04-platform-summer",
         "what": "Alert on the age of the oldest message for every queue, not only the "
                 "webhook queue.", "due": "2026-09-25", "overdue": True},
        {"source": "failure:2026-07-29-sms-provider-outage",
         "what": "Fall back to email and push for repair-ready messages when delivery "
                 "receipts lag by more than 15 minutes.", "due": "2026-10-30",
         "overdue": False},
    ]


def test_practice_window_is_the_90_days_ending_on_the_as_of_date(flaims: Run,
                                                                   demo_repo: Path) -> None:
    # Priya's operations practice: 150 (08-14), 60 (08-21), 120 (08-28), 240 (09-11).
    # On 2026-11-11 the window starts 2026-08-14: all four count; a day later, 08-14 drops.
    def ops(as_of: str) -> int:
        data = plan_json(flaims, demo_repo, "priya-natarajan", "--as-of", as_of)
        return int(data["growth"][0]["practice_minutes_90d"])

    assert ops("2026-11-11") == 570
    assert ops("2026-11-12") == 420
    assert ops("2026-08-13") == 0
    # On the due date itself an item is not yet overdue.
    data = plan_json(flaims, demo_repo, "priya-natarajan", "--as-of", "2026-09-25")
    assert data["open_items"][0]["overdue"] is False


def test_evidence_the_person_had_no_part_in_is_not_involved(flaims: Run,
                                                              demo_repo: Path) -> None:
    data = plan_json(flaims, demo_repo, "chloe-martin")
    design = next(r for r in data["growth"] if r["competency"] == "engineering/design")
    assert design["confirmed_by"] == "bilal-rahman"
    assert design["evidence"][-1] == {
        "ref": "failure:2026-08-19-booking-slots-column-drop", "involved": False}
    # A link is something flaims cannot judge: null, not a guess.
    assert {"ref": "https://git.velotill.example/payments/ledger/pull/1482",
            "involved": None} in design["evidence"]
    text = flaims("plan", "chloe-martin", repo=demo_repo)
    assert text.exit_code == 0
    assert ("failure:2026-08-19-booking-slots-column-drop — you were not involved: it shows "
            "what others did, not what you can do") in " ".join(text.stdout.split())
    assert "evidence-not-involved" in text.stderr  # the plan's own warnings, on stderr


PRIYA_TEXT = """\
Priya Natarajan — Software Engineering ladder, as of 2026-09-30 (public plan)
Heading for: Alerting and guard rails that follow what customers experience, built once on the
  platform so every team benefits.

1. Operations (engineering/operations)
   Now: e2 Practitioner, "Runs what they build". Next: e3 Senior Engineer, "Operates for the
   tail".
   Self-assessed: ask someone who has seen it in your work to confirm it (confirmed_by).
   To reach e3, a peer would see you:
     - Defines SLOs for a service and alerts on error-budget burn rather than averages.
     - Plans capacity for the spring rush from last year's numbers and a load test.
     - Automates away a recurring toil task and measures the time saved.
     - Alerts on what customers feel (queue age, freshness, missing heartbeats), not only on
       errors.
   Evidence:
     - failure:2026-08-11-webhook-queue-backlog — wrote the report, owned an action
     - failure:2026-06-09-autoscaler-instance-quota — wrote the report, owned an action
     - retro:2026-09-04-platform-summer — facilitated, owned an experiment
   Curriculum that builds it:
     - Capacity planning for the spring rush and Black Friday (capacity-planning-for-peaks).
       Exercises: Forecast last spring; Pool-sizing drill; Quota audit.
     - Keeping environments honest (environment-parity). Exercises: Spot the drift; Plan before
       apply; Break staging on purpose.
     - Incident command and runbooks that work at 3 a.m. (incident-command). Exercises: Tabletop
       incident; Cold runbook run; Shadow commander.
   Practice: 570 minutes in the last 90 days.

2. Delivery (engineering/delivery)
   Now: e2 Practitioner, "Delivers features". Next: e3 Senior Engineer, "Owns outcomes".
   Confirmed by Jonas Weber.
   To reach e3, a peer would see you:
     - Owns a project from idea to adoption, including rollout and measuring impact.
     - Cuts scope deliberately to hit a date that matters.
     - Plans staged rollouts and migrations with a tested way back.
   Evidence:
     - failure:2026-03-10-debug-logging-flag-cost — wrote the report, owned an action
     - retro:2026-06-19-platform-quota — took part, owned an experiment
   Curriculum that builds it:
     - Keeping environments honest (environment-parity). Exercises: Spot the drift; Plan before
       apply; Break staging on purpose.
     - Safe schema migrations (safe-schema-migrations). Exercises: Lock prediction; Expand and
       contract a column rename; Backfill in batches.
   Practice: 60 minutes in the last 90 days.

3. Mentoring (engineering/mentoring)
   Now: e1 Apprentice, "Learns out loud". Next: e2 Practitioner, "Helps the next person".
   Self-assessed: ask someone who has seen it in your work to confirm it (confirmed_by).
   To reach e2, a peer would see you:
     - Onboards a new teammate onto a service they know well.
     - Pairs with an apprentice at least weekly.
     - Writes down whatever they have explained twice.
   Evidence: none cited yet.
   Curriculum: no module builds it yet.
   Practice: 50 minutes in the last 90 days.

Open actions and experiments you own: 2, 1 overdue.
  OVERDUE 2026-09-25  Alert on the age of the oldest message for every queue, not only the
                      webhook queue. (retro:2026-09-04-platform-summer)
  due     2026-10-30  Fall back to email and push for repair-ready messages when delivery
                      receipts lag by more than 15 minutes.
                      (failure:2026-07-29-sms-provider-outage)

Plan last updated 2026-09-20, 10 days ago.
"""


def test_text_reads_as_a_one_page_summary(flaims: Run, demo_repo: Path) -> None:
    result = flaims("plan", "priya-natarajan", repo=demo_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == PRIYA_TEXT
    assert result.stderr == ""
    assert max(len(line) for line in result.stdout.splitlines()) <= 96


def test_markdown_lists_each_row(flaims: Run, demo_repo: Path) -> None:
    result = flaims("plan", "kwame-asante", "--format", "markdown", repo=demo_repo)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("## Kwame Asante: Software Engineering ladder\n")
    assert "- **Confirmed by** Jonas Weber" in out
    assert "  - `curriculum:incident-command`: keeps the module" in out
    assert "| **overdue** 2026-06-30 |" in out


def test_default_person_is_the_git_user(flaims: Run, demo_repo: Path) -> None:
    git(demo_repo, "config", "user.email", "Priya.Natarajan@velotill.example")
    assert plan_json(flaims, demo_repo)["person"] == "priya-natarajan"
    git(demo_repo, "config", "user.email", "someone@else.example")
    result = flaims("plan", repo=demo_repo)
    assert result.exit_code == 2
    assert "your git email someone@else.example is in no people/*.yaml file" in result.stderr


def test_private_plans_are_shown_to_whoever_runs_it(flaims: Run, demo_repo: Path) -> None:
    data = plan_json(flaims, demo_repo, "hana-sato")
    assert data["visibility"] == "private"


def test_no_plan_or_no_person_is_a_usage_error(flaims: Run, demo_repo: Path) -> None:
    result = flaims("plan", "mei-zhao", repo=demo_repo)
    assert result.exit_code == 2
    assert "mei-zhao has no plan in plans/" in result.stderr and "--file" in result.stderr
    result = flaims("plan", "priya-natarajn", repo=demo_repo)
    assert result.exit_code == 2
    assert "unknown person 'priya-natarajn'; did you mean 'priya-natarajan'?" in result.stderr


# --file: a plan kept in the person's own repository ------------------------------------------


def outside_plan(tmp_path: Path, canary: bool = True) -> Path:
    own = tmp_path / "mei-own-repo"
    own.mkdir()
    path = own / "growth-plan.yaml"
    text = OUTSIDE_PLAN.read_text("utf-8")
    if canary:
        text = text.replace("vision: >-\n", f"vision: >-\n  {CANARY} ")
        text = text.replace("activity: Wrote row-count", f"activity: {CANARY} Wrote row-count")
        text = text.replace("intersection: Shop-facing", f"intersection: {CANARY} Shop-facing")
    path.write_text(text, "utf-8")
    return path


def test_file_reads_a_plan_outside_the_repository(flaims: Run, demo_repo: Path,
                                                  tmp_path: Path) -> None:
    path = outside_plan(tmp_path)
    data = plan_json(flaims, demo_repo, "--file", str(path))
    assert (data["person"], data["visibility"]) == ("mei-zhao", "private")
    testing = data["growth"][0]
    assert testing["confirmed_by"] == "rosa-delgado"
    assert testing["evidence"] == [
        {"ref": "failure:2026-07-17-dbt-staging-vat-table", "involved": True},
        {"ref": "retro:2026-06-12-data-credentials", "involved": True}]
    assert testing["curriculum"] == ["idempotent-money-movement"]
    assert testing["practice_minutes_90d"] == 120
    text = flaims("plan", "--file", str(path), repo=demo_repo)
    assert text.exit_code == 0 and text.stderr == ""  # named growth-plan.yaml: not a problem
    assert text.stdout.startswith("Mei Zhao — Software Engineering ladder")


def test_file_leaves_no_trace_in_the_repository(flaims: Run, demo_repo: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo is below the size where flaims caches: cache it anyway, so the cache is looked in.
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 0)
    path = outside_plan(tmp_path)
    before = git(demo_repo, "status", "--porcelain", "--ignored")
    result = flaims("plan", "--file", str(path), repo=demo_repo)
    assert result.exit_code == 0, result.output
    assert CANARY in result.stdout.lower()  # the canary is visible where it belongs
    # Run every other command that writes: still nothing of the plan anywhere in the repository.
    assert flaims("lint", repo=demo_repo).exit_code == 0
    assert flaims("build", repo=demo_repo).exit_code == 0
    after = git(demo_repo, "status", "--porcelain", "--ignored")
    assert set(after.splitlines()) - set(before.splitlines()) <= {"?? .flaims/", "?? site/",
                                                                  "!! .flaims/", "!! site/"}
    cached = [p for p in (demo_repo / ".flaims/cache").rglob("*") if p.is_file()]
    assert cached and sum(p.stat().st_size for p in cached) > 10_000
    everything = readable(demo_repo)
    assert "search/search_index.json" in everything  # the search saw the built site
    assert CANARY not in everything
    assert not (demo_repo / "site/plans/mei-zhao.html").exists()
    assert "mei-zhao" not in (demo_repo / ".flaims/handbook/docs/people.md").read_text("utf-8")
    assert path.read_text("utf-8").count(CANARY) == 3  # and the file itself is untouched


def test_every_plan_rule_applies_to_a_file(flaims: Run, demo_repo: Path, tmp_path: Path) -> None:
    path = outside_plan(tmp_path, canary=False)
    text = path.read_text("utf-8")
    text = text.replace("confirmed_by: rosa-delgado", "confirmed_by: mei-zhao")
    text = text.replace("retro:2026-06-12-data-credentials", "retro:2026-03-06-payments-winter")
    text = text.replace("competency: engineering/operations\n    current: e1",
                        "competency: engineering/operations\n    current: e3")
    path.write_text(text, "utf-8")
    result = flaims("plan", "--file", str(path), repo=demo_repo)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if not line.startswith(" ")]
    assert lines == [
        f"{path}:33:19: error self-confirmed 'mei-zhao' confirms their own level e2",
        f"{path}:36:9: warning evidence-not-involved mei-zhao neither facilitated, took part "
        "in, nor owned an experiment of retro '2026-03-06-payments-winter'",
        f"{path}:38:14: error evidence-missing current level e3 needs at least one evidence item",
        f"{path}:39:13: error target-not-above-current target e2 is not above current e3",
        "The plan has errors: fix them, and run this again.",
    ]
    # A file that is not a plan at all: its problems, no summary.
    path.write_text("person: mei-zhao\nvisibility: secret\n", "utf-8")
    result = flaims("plan", "--file", str(path), repo=demo_repo)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{path}:2:13: error" in result.stderr
    missing = flaims("plan", "--file", str(tmp_path / "nope.yaml"), repo=demo_repo)
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_file_of_another_person_than_named(flaims: Run, demo_repo: Path, tmp_path: Path) -> None:
    path = outside_plan(tmp_path, canary=False)
    result = flaims("plan", "priya-natarajan", "--file", str(path), repo=demo_repo)
    assert result.exit_code == 2
    assert "is mei-zhao's plan, not priya-natarajan's" in result.stderr


def test_a_file_replaces_the_persons_plan_in_the_repository(flaims: Run, demo_repo: Path,
                                                            tmp_path: Path) -> None:
    # Priya moves her plan out: the copy outside is read, not the one still in plans/.
    own = tmp_path / "priya"
    own.mkdir()
    moved = own / "plan.yaml"
    shutil.copy(demo_repo / "plans/priya-natarajan.yaml", moved)
    moved.write_text(moved.read_text("utf-8").replace("updated: 2026-09-20",
                                                      "updated: 2026-09-29"), "utf-8")
    data = plan_json(flaims, demo_repo, "--file", str(moved))
    assert data["updated"] == "2026-09-29"


# flaims new plan --outside -------------------------------------------------------------------


def test_new_plan_outside_writes_the_template_there(flaims: Run, demo_repo: Path,
                                                    tmp_path: Path) -> None:
    own = tmp_path / "mei-own-repo"
    result = flaims("new", "plan", "--person", "mei-zhao", "--ladder", "engineering",
                    "--date", "2026-09-30", "--outside", str(own), repo=demo_repo)
    assert result.exit_code == 0, result.output
    written = own / "mei-zhao.yaml"
    assert result.stdout.strip() == str(written)
    assert not (demo_repo / "plans/mei-zhao.yaml").exists()
    text = written.read_text("utf-8")
    assert "readable by anyone with access" in text
    # The template reads against the repository like any plan: only its TODOs are problems.
    check = flaims("plan", "--file", str(written), repo=demo_repo)
    codes = {line.split()[2] for line in check.stderr.splitlines()
             if ": error " in line or ": warning " in line}
    assert codes == {"placeholder"}, check.stderr
    again = flaims("new", "plan", "--person", "mei-zhao", "--ladder", "engineering",
                   "--outside", str(own), repo=demo_repo)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert written.read_text("utf-8") == text


def test_plan_never_runs_in_the_workflows_init_writes(flaims: Run, tmp_path: Path) -> None:
    assert flaims("init", str(tmp_path / "k")).exit_code == 0
    written = [p for p in (tmp_path / "k").rglob("*") if p.is_file()]
    ci = [p for p in written if ".github" in p.parts or p.name == ".pre-commit-config.yaml"]
    assert ci
    for path in ci:
        assert "flaims plan" not in path.read_text("utf-8"), path


def test_markdown_keeps_user_text_as_text(flaims: Run, demo_repo: Path) -> None:
    retro = demo_repo / "retros/2026/2026-09-04-platform-summer.yaml"
    old = "Alert on the age of the oldest message for every queue"
    text = retro.read_text("utf-8")
    assert text.count(old) == 1
    retro.write_text(text.replace(old, "<b>Alert</b> | *on* [the](javascript:x) age"), "utf-8")
    out = flaims("plan", "priya-natarajan", "--format", "markdown", repo=demo_repo).stdout
    row = next(line for line in out.splitlines() if "overdue" in line)
    assert row.startswith("| **overdue** 2026-09-25 | \\<b\\>Alert\\</b\\> \\| \\*on\\* "
                          "\\[the\\](javascript:x) age")
    assert row.count(" | ") == 2  # still three cells
