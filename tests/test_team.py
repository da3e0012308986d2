"""`flaims team` and `--without`, the team registry (`unknown-team`) and recognised levels,
through the real CLI on the demo and on a hand-made repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import PROJECT, Run, lint_json

AS_OF = "2026-09-30"


def team_json(flaims: Run, repo: Path, *args: str) -> dict[str, Any]:
    result = flaims("team", "--format", "json", *args, repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


# A hand-made repository: two teams, a ladder, three modules, open and done items ------------

SMALL = {
    "flaims.yaml": """\
organisation: Tiny
as_of: 2026-05-01
teams:
  - id: shop
    title: Shop
  - id: ops
    title: Operations
    description: Keeps things running.
  - id: empty
    title: Nobody yet
""",
    "ladders/eng.yaml": """\
id: eng
title: Engineering
summary: How we grow.
owners: [ann, ben]
levels:
  - {id: l1, title: One, summary: First.}
  - {id: l2, title: Two, summary: Second.}
  - {id: l3, title: Three, summary: Third.}
competencies:
  - id: ops
    title: Operations
    summary: Running things.
    thresholds:
      l1: {name: Watches, signals: [Reads the dashboards.]}
      l2: {name: Runs, signals: [Runs what they build.]}
      l3: {name: Leads, signals: [Leads incidents.]}
""",
    "failures/tags.yaml": """\
tags:
  - {id: outage, title: Outage, description: Things went down.}
""",
    "people/ann.yaml": "id: ann\nname: Ann\nteam: shop\nladder: eng\nlevel: l2\nstatus: active\n",
    "people/ben.yaml": "id: ben\nname: Ben\nteam: shop\nladder: eng\nlevel: l2\nstatus: active\n",
    "people/cai.yaml": "id: cai\nname: Cai\nteam: ops\nladder: eng\nlevel: l3\nstatus: active\n",
    "people/dee.yaml": "id: dee\nname: Dee\nteam: ops\nstatus: active\n",
    "people/eve.yaml": "id: eve\nname: Eve\nteam: shop\nladder: eng\nlevel: l1\nstatus: alumni\n",
}


def module(mid: str, owners: str) -> str:
    return (f"id: {mid}\ntitle: Module {mid}\nowners: {owners}\ntags: [outage]\n"
            "objectives: [Learn.]\nexercises:\n  - {title: Drill, practice: Do it., "
            "feedback: A review.}\n")


SMALL.update({
    "curriculum/alpha.yaml": module("alpha", "[ann]"),          # only Ann (shop)
    "curriculum/beta.yaml": module("beta", "[cai, ann]"),       # shared by two teams
    "curriculum/gamma.yaml": module("gamma", "[eve, cai]"),     # Eve left: only Cai (ops)
    "curriculum/delta.yaml": module("delta", "[eve]"),          # nobody active keeps it
    "failures/2026-04-01-down.yaml": """\
id: 2026-04-01-down
title: Down
date: 2026-04-01
severity: high
team: shop
authors: [ann]
summary: It went down.
contributing_factors: [A thing.]
tags: [outage]
lessons: [A lesson.]
actions:
  - {what: Fix it., owner: ann, due: 2026-04-20, status: open}
  - {what: Watch it., owner: ben, due: 2026-06-01, status: open}
  - {what: Done one., owner: ann, due: 2026-04-02, status: done}
  - {what: Ops one., owner: cai, due: 2026-04-30, status: open}
""",
    "retros/2026-04-10-shop.yaml": """\
id: 2026-04-10-shop
title: Shop, April
date: 2026-04-10
team: shop
facilitator: ben
participants: [ann, ben]
experience: A hard month.
observations: [It went down.]
insights: [We watch too little.]
experiments:
  - {what: Try alerts., owner: ben, due: 2026-05-01, status: open}
  - {what: Try pairing., owner: eve, due: 2026-04-11, status: open}
""",
})


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    for rel, text in SMALL.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_small_repository_is_clean(small: Path, flaims: Run) -> None:
    data = lint_json(flaims, small)
    assert [d for d in data["diagnostics"] if d["severity"] == "error"] == []


def test_team_json_on_a_hand_made_repository(small: Path, flaims: Run) -> None:
    assert team_json(flaims, small) == {
        "as_of": "2026-05-01", "without": None,
        "teams": [
            {"team": "empty", "people": [], "levels": {}, "single_points": [],
             "open_items": 0, "overdue_items": 0},
            {"team": "ops", "people": ["cai", "dee"], "levels": {"eng": {"l3": 1}},
             "single_points": [{"kind": "curriculum", "id": "gamma", "only": "cai"}],
             "open_items": 1, "overdue_items": 1},
            {"team": "shop", "people": ["ann", "ben"], "levels": {"eng": {"l2": 2}},
             "single_points": [{"kind": "curriculum", "id": "alpha", "only": "ann"}],
             # Ann's open action (overdue: due 04-20), Ben's action and experiment (due
             # 05-01 is not before the as-of date); Eve's experiment is hers, and she left.
             "open_items": 3, "overdue_items": 1},
        ]}


def test_team_without_on_a_hand_made_repository(small: Path, flaims: Run) -> None:
    assert team_json(flaims, small, "--without", "ann") == {
        "as_of": "2026-05-01", "without": "ann",
        "teams": [
            {"team": "empty", "people": [], "levels": {}, "single_points": [],
             "open_items": 0, "overdue_items": 0},
            {"team": "ops", "people": ["cai", "dee"], "levels": {"eng": {"l3": 1}},
             "single_points": [{"kind": "curriculum", "id": "beta", "only": "cai"},
                               {"kind": "curriculum", "id": "gamma", "only": "cai"}],
             "open_items": 1, "overdue_items": 1},
            # The ladder had two keepers, Ann and Ben: now only Ben.
            {"team": "shop", "people": ["ben"], "levels": {"eng": {"l2": 1}},
             "single_points": [{"kind": "curriculum", "id": "alpha", "only": None},
                               {"kind": "ladder", "id": "eng", "only": "ben"}],
             "open_items": 2, "overdue_items": 0},
        ]}
    # The ladder had two keepers; without Ben it has one, in his own team.
    one = team_json(flaims, small, "shop", "--without", "ben")
    assert one["teams"] == [
        {"team": "shop", "people": ["ann"], "levels": {"eng": {"l2": 1}},
         "single_points": [{"kind": "curriculum", "id": "alpha", "only": "ann"},
                           {"kind": "ladder", "id": "eng", "only": "ann"}],
         "open_items": 1, "overdue_items": 1}]


def test_team_text_says_what_would_lose_its_keeper_first(small: Path, flaims: Run) -> None:
    result = flaims("team", "--without", "ann", repo=small)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:7] == [
        "If Ann (ann) left (as of 2026-05-01):",
        "  no active keeper would be left for:",
        "    curriculum  alpha  (curriculum/alpha.yaml)",
        "  only one keeper would be left for:",
        "    curriculum  beta  kept by Cai (cai)",
        "    ladder      eng  kept by Ben (ben)",
        "  -> name a second owner (owners:) before they go",
    ]
    assert "shop (Shop): 1 person" in lines
    assert "  people:   Ben (ben, l2)" in lines
    assert lines[-2:] == [
        "Kept by nobody active already (every owner has left; see flaims health):",
        "  curriculum  delta  (curriculum/delta.yaml)"]


def test_team_markdown(small: Path, flaims: Run) -> None:
    result = flaims("team", "--format", "markdown", repo=small)
    assert result.exit_code == 0, result.output
    assert "| Shop | 2 | eng l2 2 | `alpha` (Ann) | 3 | 1 |" in result.output.splitlines()


@pytest.mark.parametrize(("args", "message"), [
    (("shpo",), "unknown team 'shpo'; did you mean 'shop'?"),
    (("--without", "anne"), "unknown person 'anne'; did you mean 'ann'?"),
])
def test_team_unknown_names_are_usage_errors(small: Path, flaims: Run, args: tuple[str, ...],
                                             message: str) -> None:
    result = flaims("team", *args, repo=small)
    assert result.exit_code == 2
    assert message in result.output


def test_without_a_registry_teams_come_from_the_files(small: Path, flaims: Run) -> None:
    config = small / "flaims.yaml"
    config.write_text(config.read_text().split("teams:")[0])
    assert [t["team"] for t in team_json(flaims, small)["teams"]] == ["ops", "shop"]


# The demo, against an independent reading of its YAML ---------------------------------------

def _load(folder: str) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((PROJECT / folder).rglob("*.yaml"))
            if p.name != "tags.yaml"]


def expected_demo(without: str | None) -> dict[str, Any]:
    """formats.md's `flaims team` from the YAML files, written without flaims' code."""
    config = yaml.safe_load((PROJECT / "flaims.yaml").read_text("utf-8"))
    people = {p["id"]: p for p in _load("people")}
    ladders = {lad["id"]: [lv["id"] for lv in lad["levels"]] for lad in _load("ladders")}
    here = {pid for pid, p in people.items() if p["status"] == "active" and pid != without}
    was_here = {pid for pid, p in people.items() if p["status"] == "active"}
    kept = [("ladder", lad) for lad in _load("ladders")] + \
        [("curriculum", m) for m in _load("curriculum")]
    items = [a for f in _load("failures") for a in f.get("actions", [])] + \
        [e for r in _load("retros") for e in r["experiments"]]
    teams = []
    for team in sorted(t["id"] for t in config["teams"]):
        members = sorted(pid for pid in here if people[pid].get("team") == team)
        levels: dict[str, dict[str, int]] = {}
        for pid in members:
            lad, lv = people[pid].get("ladder"), people[pid].get("level")
            if lad in ladders and lv in ladders[lad]:
                levels.setdefault(lad, {}).setdefault(lv, 0)
                levels[lad][lv] += 1
        points = []
        for kind, doc in kept:
            before = [o for o in doc["owners"] if o in was_here]
            after = [o for o in before if o in here]
            if len(after) == 1 and after[0] in members:
                points.append({"kind": kind, "id": doc["id"], "only": after[0]})
            elif before == [without] and people[without]["team"] == team:
                points.append({"kind": kind, "id": doc["id"], "only": None})
        mine = [i for i in items if i["status"] == "open" and i["owner"] in members]
        teams.append({
            "team": team, "people": members, "levels": levels,
            "single_points": sorted(points, key=lambda p: (p["kind"], p["id"])),
            "open_items": len(mine),
            "overdue_items": sum(1 for i in mine if str(i["due"]) < AS_OF),
        })
    return {"as_of": AS_OF, "without": without, "teams": teams}


def test_demo_team_json_matches_the_yaml(demo_repo: Path, flaims: Run) -> None:
    assert team_json(flaims, demo_repo) == expected_demo(None)


def test_demo_has_one_single_point_per_team(demo_repo: Path, flaims: Run) -> None:
    data = team_json(flaims, demo_repo)
    assert {t["team"]: [(p["id"], p["only"]) for p in t["single_points"]]
            for t in data["teams"]} == {
        "data": [("reviewing-for-risk", "rosa-delgado")],
        "leadership": [("engineering-management", "grace-adeyemi")],
        "mobile": [("environment-parity", "lucas-moreau")],
        "payments": [("idempotent-money-movement", "bilal-rahman")],
        "platform": [("incident-command", "kwame-asante")],
    }
    assert sum(t["open_items"] for t in data["teams"]) == 22
    assert sum(t["overdue_items"] for t in data["teams"]) == 5


ACTIVE_DEMO = sorted(p.stem for p in (PROJECT / "people").glob("*.yaml")
                     if "status: active" in p.read_text("utf-8"))


@pytest.mark.parametrize("person", ACTIVE_DEMO)
def test_demo_what_if_each_person_left(person: str, demo_repo: Path, flaims: Run) -> None:
    assert team_json(flaims, demo_repo, "--without", person) == expected_demo(person)


def test_demo_without_kwame_text(demo_repo: Path, flaims: Run) -> None:
    result = flaims("team", "--without", "kwame-asante", repo=demo_repo)
    assert result.output.startswith(
        "If Kwame Asante (kwame-asante) left (as of 2026-09-30):\n"
        "  no active keeper would be left for:\n"
        "    curriculum  incident-command  (curriculum/incident-command.yaml)\n"
        "  only one keeper would be left for:\n"
        "    curriculum  vendor-failure-modes  kept by Amara Okafor (amara-okafor)\n")


# The registry: unknown-team, and `flaims new` -----------------------------------------------

PAYMENTS_REPORT = "failures/2026/2026-09-21-refund-job-stalled.yaml"


def test_demo_new_refuses_a_misspelt_team(demo_repo: Path, flaims: Run) -> None:
    result = flaims("new", "failure", "--title", "Refunds stuck", "--severity", "high",
                    "--team", "paymnts", "--tag", "timeouts", "--person", "amara-okafor",
                    "--no-interactive", repo=demo_repo)
    assert result.exit_code == 2
    assert "unknown team 'paymnts'; did you mean 'payments'?" in result.output
    assert not list(demo_repo.glob("failures/*/*refunds-stuck*"))


def test_demo_lint_catches_a_misspelt_team(demo_repo: Path, flaims: Run) -> None:
    report = demo_repo / PAYMENTS_REPORT
    text = report.read_text("utf-8")
    assert "\nteam: payments\n" in text
    report.write_text(text.replace("\nteam: payments\n", "\nteam: paymnts\n"), "utf-8")
    line = text[: text.index("\nteam: payments\n") + 1].count("\n") + 1
    found = [d for d in lint_json(flaims, demo_repo)["diagnostics"] if d["code"] == "unknown-team"]
    assert found == [{"path": PAYMENTS_REPORT, "line": line, "column": 7, "severity": "error",
                      "code": "unknown-team",
                      "message": "unknown team 'paymnts'; did you mean 'payments'?",
                      "hint": "teams in flaims.yaml: payments, platform, mobile, data, leadership"}]
    # Without the registry, a team spelled once two edits from another is still noticed.
    config = demo_repo / "flaims.yaml"
    config.write_text(config.read_text("utf-8").split("\nteams:")[0] + "\n", "utf-8")
    # unknown-team is the registry's rule (formats.md: v1 repositories read as before);
    # team-spelling, a warning, is the one that speaks without it.
    codes = {d["code"] for d in lint_json(flaims, demo_repo)["diagnostics"]}
    assert "unknown-team" not in codes
    found = [d for d in lint_json(flaims, demo_repo)["diagnostics"] if d["code"] == "team-spelling"]
    assert [(d["path"], d["line"], d["severity"], d["message"]) for d in found] == [
        (PAYMENTS_REPORT, line, "warning",
         "team 'paymnts' appears only here; did you mean 'payments'?")]


def test_teams_spelled_differently_but_far_apart_are_not_typos(small: Path, flaims: Run) -> None:
    config = small / "flaims.yaml"
    config.write_text(config.read_text().split("teams:")[0])
    dee = small / "people/dee.yaml"
    dee.write_text(dee.read_text().replace("team: ops", "team: mobile"))  # once, but not near
    assert [d for d in lint_json(flaims, small)["diagnostics"]
            if d["code"] in ("unknown-team", "team-spelling")] == []
    dee.write_text(dee.read_text().replace("team: mobile", "team: shoop"))
    found = [d for d in lint_json(flaims, small)["diagnostics"]
             if d["code"] in ("unknown-team", "team-spelling")]
    assert [(d["path"], d["severity"]) for d in found] == [("people/dee.yaml", "warning")]


@pytest.mark.parametrize(("person", "code", "line", "message"), [
    ("ladder: eng\nlevel: l9\n", "unknown-level", 5, "ladder 'eng' has no level 'l9'"),
    ("ladder: engg\nlevel: l1\n", "unknown-ladder", 4,
     "unknown ladder 'engg'; did you mean 'eng'?"),
    ("level: l1\n", "missing-field", 4, "'level' needs 'ladder' in document"),
])
def test_recognised_levels_are_checked(small: Path, flaims: Run, person: str, code: str,
                                       line: int, message: str) -> None:
    (small / "people/dee.yaml").write_text(f"id: dee\nname: Dee\nteam: ops\n{person}status: active\n")
    found = [d for d in lint_json(flaims, small)["diagnostics"] if d["path"] == "people/dee.yaml"]
    assert [(d["code"], d["severity"]) for d in found] == [(code, "error")], found
    assert found[0]["message"].startswith(message)
    assert found[0]["line"] == line


def test_init_writes_a_registry_that_new_and_lint_use(tmp_path: Path, flaims: Run) -> None:
    repo = tmp_path / "k"
    assert flaims("init", str(repo), "--team", "payments", "--team", "platform").exit_code == 0
    assert yaml.safe_load((repo / "flaims.yaml").read_text())["teams"] == [
        {"id": "payments", "title": "Payments"}, {"id": "platform", "title": "Platform"}]
    assert flaims("lint", repo=repo).exit_code == 0
    bad = flaims("new", "person", "--title", "Dana Ruiz", "--team", "paymnts", repo=repo)
    assert bad.exit_code == 2 and "did you mean 'payments'?" in bad.output
    asked = flaims("new", "person", "--title", "Dana Ruiz", "--interactive", repo=repo)
    assert asked.exit_code == 0, asked.output  # a person's team is optional: not asked
    default = tmp_path / "d"
    assert flaims("init", str(default)).exit_code == 0
    assert "teams:" in (default / "flaims.yaml").read_text()


def test_new_offers_the_known_teams(tmp_path: Path, flaims: Run) -> None:
    repo = tmp_path / "k"
    assert flaims("init", str(repo), "--team", "payments", "--team", "platform").exit_code == 0
    assert flaims("new", "person", "--title", "Ada", "--team", "payments",
                  repo=repo).exit_code == 0
    result = flaims("new", "retro", "--title", "March", "--person", "ada", "--interactive",
                    repo=repo, input="paymnts\nplatform\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Team (one of payments, platform): ") == 2
    # the misspelt answer was refused with the likely one, then asked again
    assert "unknown team 'paymnts'; did you mean 'payments'?" in result.stderr
    written = next((repo / "retros").rglob("*march.yaml")).read_text()
    assert "\nteam: platform\n" in written


def test_demo_health_reads_the_documents_authors(demo_repo: Path, flaims: Run) -> None:
    """docs/demo-facts.md: the demo's commits are by an identity not in people/, so the
    documents' own authors, facilitators and owners decide."""
    result = flaims("health", "--format", "json", repo=demo_repo)
    assert result.exit_code == 0, result.output
    health = json.loads(result.output)
    assert [(a["path"], [x["person"] for x in a["authors"]]) for a in health["alumni_authored"]] == [
        ("curriculum/safe-schema-migrations.yaml", ["tomas-lindqvist"]),
        ("failures/2025/2025-04-26-nightly-report-oom.yaml", ["oliver-grant"]),
        ("failures/2025/2025-09-03-crash-spike-no-alert.yaml", ["nadia-haddad"]),  # the alumna's
        ("failures/2025/2025-10-07-forecast-pipeline-column-rename.yaml", ["oliver-grant"]),
        ("failures/tags.yaml", [None]),
    ]
    assert [(b["person"], b["count"]) for b in health["bus_factor"]][:4] == [
        ("kwame-asante", 7), ("lucas-moreau", 7), ("bilal-rahman", 6), ("chloe-martin", 5)]
    assert len(health["bus_factor"]) == 14


def test_new_without_a_team_names_the_known_ones(demo_repo: Path, flaims: Run) -> None:
    result = flaims("new", "retro", "--title", "Payments, October", "--person", "amara-okafor",
                    "--no-interactive", repo=demo_repo)
    assert result.exit_code == 2
    assert "missing --team (one of payments, platform, mobile, data, leadership)" in result.output


def test_a_team_listed_twice_is_a_configuration_error(small: Path, flaims: Run) -> None:
    config = small / "flaims.yaml"
    config.write_text(config.read_text() + "  - id: shop\n    title: Shop again\n")
    result = flaims("lint", repo=small)
    assert result.exit_code == 2
    assert "flaims.yaml:11:9: error duplicate-id team id 'shop' is listed twice" in result.output
