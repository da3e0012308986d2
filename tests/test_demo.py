"""The demo organisation, copied into a fresh git repository, shows what it was written to show.

Facts come from the CLI's json output, never from reading the YAML (docs/demo-facts.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from .conftest import Run, lint_json

# The warnings the demo holds on purpose: (path, line, column, code).
INTENDED_WARNINGS = [
    ("curriculum/safe-schema-migrations.yaml", 6, 10, "alumni-owner"),
    ("failures/2025/2025-12-09-release-signing-knowledge.yaml", 38, 10, "overdue"),
    ("failures/2026/2026-01-27-database-failover-38-minutes.yaml", 51, 10, "overdue"),
    ("failures/2026/2026-07-22-stale-stock-dashboard.yaml", 34, 10, "overdue"),
    ("plans/chloe-martin.yaml", 50, 9, "evidence-not-involved"),
    ("retros/2026/2026-02-06-platform-failover.yaml", 36, 5, "experiment-unreviewed"),
    ("retros/2026/2026-07-24-payments-july.yaml", 24, 5, "experiment-unreviewed"),
    ("retros/2026/2026-07-24-payments-july.yaml", 26, 10, "overdue"),
    ("retros/2026/2026-09-04-platform-summer.yaml", 26, 10, "overdue"),
]


def catalog(flaims: Run, repo: Path) -> dict[str, Any]:
    result = flaims("list", "--format", "json", repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_demo_lints_clean_but_for_its_intended_warnings(flaims: Run, demo_repo: Path) -> None:
    report = lint_json(flaims, demo_repo, "--strict")
    found = [(d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]
    assert found == INTENDED_WARNINGS
    assert report["summary"] == {"files": 105, "errors": 0, "warnings": 9}
    assert flaims("lint", repo=demo_repo).exit_code == 0
    assert flaims("lint", "--strict", repo=demo_repo).exit_code == 1


def test_demo_has_the_size_and_shape_of_a_real_organisation(flaims: Run, demo_repo: Path) -> None:
    data = catalog(flaims, demo_repo)
    docs = data["documents"]
    assert data["counts"] == {"ladders": 2, "tags": 26, "failures": 46, "retros": 24,
                              "curriculum": 7, "people": 17, "plans": 7}
    ladders = {lad["id"]: lad for lad in docs["ladders"]}
    assert len(ladders["engineering"]["levels"]) >= 5 and len(ladders["engineering"]["competencies"]) >= 7
    other = ladders["engineering-management"]
    assert len(other["levels"]) >= 4 and len(other["competencies"]) >= 5
    tags = docs["tags"]
    assert 20 <= len(tags) <= 30
    assert {t["parent"] for t in tags} - {None} <= {t["id"] for t in tags if t["parent"] is None}
    assert sum(len(t["aliases"]) for t in tags) >= 3
    failures = docs["failures"]
    assert set(Counter(f["severity"] for f in failures)) == {"low", "medium", "high", "critical"}
    assert len({f["team"] for f in failures}) >= 4
    months = sorted({f["date"][:7] for f in failures})
    first, last = months[0], months[-1]
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    assert span >= 18
    assert len({r["team"] for r in docs["retros"]}) >= 4
    people = Counter(p["status"] for p in docs["people"])
    assert people["active"] >= 11 and people["alumni"] >= 3
    visibility = Counter(p["visibility"] for p in docs["plans"])
    assert visibility["public"] >= 3 and visibility["private"] >= 2


def test_private_plans_are_listed_by_owner_only(flaims: Run, demo_repo: Path) -> None:
    plans = catalog(flaims, demo_repo)["documents"]["plans"]
    private = [p for p in plans if p["visibility"] == "private"]
    assert private and all(set(p) == {"id", "path", "visibility"} for p in private)


def test_knowledge_kept_only_by_alumni_is_reported(flaims: Run, demo_repo: Path) -> None:
    result = flaims("health", "--format", "json", repo=demo_repo)
    assert result.exit_code == 0, result.output
    health = json.loads(result.output)
    assert [(d["path"], d["owners"]) for d in health["alumni_owned"]] == [
        ("curriculum/safe-schema-migrations.yaml", ["tomas-lindqvist"])
    ]
    people = {p["id"]: p for p in catalog(flaims, demo_repo)["documents"]["people"]}
    assert people["tomas-lindqvist"]["status"] == "alumni"


def test_history_by_the_people_who_wrote_it(flaims: Run, demo_repo: Path) -> None:
    """Commit each failure report as its first author, on its date: health then knows who wrote
    what, maps authors to people by their emails, and never prints an email."""
    from .conftest import git

    data = catalog(flaims, demo_repo)
    people = {p["id"] for p in data["documents"]["people"]}
    emails = {}
    for pid in people:
        text = (demo_repo / "people" / f"{pid}.yaml").read_text()
        emails[pid] = text.split("emails: [", 1)[1].split("]", 1)[0].split(",")[0].strip()
    for row in data["documents"]["failures"]:
        path = demo_repo / row["path"]
        author = path.read_text().split("authors: [", 1)[1].split("]", 1)[0].split(",")[0].strip()
        path.write_text(path.read_text() + "# reviewed\n")
        when = f"{row['date']}T12:00:00+00:00"
        git(demo_repo, "commit", "-q", "-am", f"Review {row['id']}",
            env={"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": emails[author],
                 "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    result = flaims("health", "--format", "json", repo=demo_repo)
    assert "@" not in result.output
    health = json.loads(result.output)
    assert health["history"] is True
    assert health["bus_factor"], "someone is the only active author of some documents"
