"""`flaims health` and `health.assess()`: knowledge at risk, from the files and the git history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flaims_tool import health
from flaims_tool.history import read_history
from flaims_tool.workspace import build_index

from .conftest import Run, git

BOB = {"GIT_AUTHOR_NAME": "Bob Li", "GIT_AUTHOR_EMAIL": "bob@acme.example",
       "GIT_AUTHOR_DATE": "2026-03-05T09:00:00+00:00",
       "GIT_COMMITTER_DATE": "2026-03-05T09:00:00+00:00"}
MODULE = """\
id: load-testing
title: Load testing
owners: [bob-li]
tags: [capacity]
objectives:
  - Run a load test.
exercises:
  - title: First load test
    practice: Load-test staging at 2x traffic.
    feedback: The load-test report.
"""


@pytest.fixture
def at_risk(git_repo: Path) -> Path:
    """The formats.md example (committed by Alice on 2026-03-01), then Bob, who has since left,
    writes a module he alone owns."""
    person = git_repo / "people/bob-li.yaml"
    person.write_text(person.read_text().replace("status: active", "status: alumni"))
    (git_repo / "curriculum/load-testing.yaml").write_text(MODULE)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "Bob's module; Bob leaves", env=BOB)
    return git_repo


# Alice committed everything, but the documents' own fields name another keeper of two of them
# (capacity-planning and management: owner carol-diaz), so she is the only active author of five.
ALICE_DOCS = [
    "failures/2026/2026-03-10-payment-timeouts.yaml",
    "failures/tags.yaml",
    "ladders/engineering.yaml",
    "retros/2026/2026-02-14-payments-february.yaml",
    "retros/2026/2026-03-14-payments-march.yaml",
]


def test_health_json_names_what_an_alumnus_alone_wrote(at_risk: Path, flaims: Run) -> None:
    result = flaims("health", "--format", "json", "--as-of", "2026-03-31", repo=at_risk)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "as_of": "2026-03-31",
        "max_age_days": 365,
        "history": True,
        "notes": [],
        "alumni_owned": [{"path": "curriculum/load-testing.yaml", "kind": "curriculum",
                          "id": "load-testing", "title": "Load testing", "owners": ["bob-li"]}],
        "alumni_authored": [{"path": "curriculum/load-testing.yaml", "kind": "curriculum",
                             "id": "load-testing", "title": "Load testing",
                             "authors": [{"name": "Bob Li", "person": "bob-li",
                                          "status": "alumni"}]}],
        "stale": [],
        "bus_factor": [{"person": "alice-ng", "name": "Alice Ng", "count": 5,
                        "documents": ALICE_DOCS}],
    }
    assert "@" not in result.output  # emails are never published


def test_health_text_for_a_terminal(at_risk: Path, flaims: Run) -> None:
    result = flaims("health", "--as-of", "2027-06-01", "--max-age", "455", repo=at_risk)
    assert result.exit_code == 0
    assert result.output == """\
Knowledge health as of 2027-06-01

Owned only by alumni (1):
  curriculum/load-testing.yaml  owners: bob-li
  -> hand each to an active person (owners:)

Written only by alumni or unknown authors (1):
  curriculum/load-testing.yaml  authors: bob-li (alumni)
  -> ask an active person to review it, or map authors' emails in people/

Not changed for more than 455 days (3):
  curriculum/capacity-planning.yaml  last changed 2026-03-01 (457 days)
  ladders/engineering.yaml  last changed 2026-03-01 (457 days)
  ladders/management.yaml  last changed 2026-03-01 (457 days)
  -> review them: do they still describe how people work?

Only active author (bus factor):
  alice-ng     5 documents
"""


def test_unknown_authors_count_as_at_risk_only_where_the_document_names_nobody(
        example_repo: Path) -> None:
    """Everything committed by a git identity that maps to nobody in people/: the documents
    that name their authors, facilitator or owners are theirs; the taxonomy names nobody, so
    nobody here is known to have written it."""
    git(example_repo, "init", "-q", "-b", "main")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "import",
        env={"GIT_AUTHOR_NAME": "Temp Contractor", "GIT_AUTHOR_EMAIL": "temp@agency.example"})
    index = build_index(example_repo)
    report = health.assess(index, read_history(example_repo), index.config.date())
    assert {d.path: d.authors for d in report.alumni_authored} == {
        "failures/tags.yaml": [{"name": "Temp Contractor", "person": None, "status": "unknown"}]}
    assert {s.person: s.documents for s in report.bus_factor} == {
        "alice-ng": ["failures/2026/2026-03-10-payment-timeouts.yaml", "ladders/engineering.yaml",
                     "retros/2026/2026-02-14-payments-february.yaml"],
        "bob-li": ["retros/2026/2026-03-14-payments-march.yaml"],
        "carol-diaz": ["curriculum/capacity-planning.yaml", "ladders/management.yaml"]}


def test_reports_whose_declared_authors_all_left_are_listed(at_risk: Path) -> None:
    """The report says Bob wrote it, and Bob has left. Alice committed it: when git maps her
    commits to her, she is an author too (merged per person); when it cannot, nobody here is."""
    path = "failures/2026/2026-03-10-payment-timeouts.yaml"
    report_file = at_risk / path
    report_file.write_text(report_file.read_text().replace("authors: [alice-ng]",
                                                           "authors: [bob-li]"))
    git(at_risk, "commit", "-qam", "Bob wrote it", env=BOB)
    index = build_index(at_risk)
    unmapped = health.assess(index, read_history(at_risk), index.config.date())
    assert {d.path: d.authors for d in unmapped.alumni_authored}[path] == [
        {"name": "Bob Li", "person": "bob-li", "status": "alumni"}]
    emails = {"alice-ng": ["alice@acme.example"], "bob-li": ["bob@acme.example"]}
    mapped = health.assess(index, read_history(at_risk, emails), index.config.date())
    assert path not in [d.path for d in mapped.alumni_authored]
    assert path in next(s.documents for s in mapped.bus_factor if s.person == "alice-ng")


def test_health_markdown(at_risk: Path, flaims: Run) -> None:
    result = flaims("health", "--format", "markdown", repo=at_risk)
    assert result.exit_code == 0
    assert "| Load testing (`curriculum/load-testing.yaml`) | curriculum | bob-li |\n" in \
        result.output
    assert "| Alice Ng (`alice-ng`) | 5 |\n" in result.output
    assert result.output.startswith("# Knowledge health as of 2026-03-31\n")


def test_health_outside_git_says_history_is_unknown(example_repo: Path, flaims: Run) -> None:
    ladder = example_repo / "ladders/management.yaml"
    ladder.write_text(ladder.read_text().replace("owners: [", "owners: [bob-li, "))
    person = example_repo / "people/bob-li.yaml"
    person.write_text(person.read_text().replace("status: active", "status: alumni"))
    result = flaims("health", "--format", "json", repo=example_repo)
    data = json.loads(result.output)
    assert data["history"] is False
    assert data["notes"] == ["not a git repository: history (dates, authors) is unknown"]
    assert data["stale"] == []
    # Outside git, the documents still say who wrote and keeps them: Bob facilitated March.
    assert [(a["path"], a["authors"]) for a in data["alumni_authored"]] == [
        ("retros/2026/2026-03-14-payments-march.yaml",
         [{"name": "Bob Li", "person": "bob-li", "status": "alumni"}])]
    assert [(b["person"], b["count"]) for b in data["bus_factor"]] == [
        ("alice-ng", 3), ("carol-diaz", 2)]
    assert data["alumni_owned"] == []  # management still has an active owner
    text = flaims("health", repo=example_repo).output
    assert text.startswith("Knowledge health as of 2026-03-31\n"
                           "note: not a git repository: history (dates, authors) is unknown\n")


def test_uncommitted_documents_are_noted(at_risk: Path) -> None:
    (at_risk / "curriculum/new-one.yaml").write_text(MODULE.replace("load-testing", "new-one")
                                                     .replace("[bob-li]", "[alice-ng]"))
    index = build_index(at_risk)
    report = health.assess(index, read_history(at_risk), index.config.date())
    assert report.notes == ["1 document is not committed yet, so their authors and age are not "
                            "known"]
    assert [d.path for d in report.alumni_owned] == ["curriculum/load-testing.yaml"]
