"""`flaims lint --format sarif`: SARIF 2.1.0 that validates against the standard's schema.

The schema in tests/fixtures/sarif-schema-2.1.0.json is the OASIS file itself: SARIF 2.1.0 Errata
01, OASIS Standard (`$id` https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/
sarif-schema-2.1.0.json), as the OASIS SARIF TC publishes it in its repository
(oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json). It is JSON Schema Draft 4.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from flaims_tool.diagnostics import Diagnostic, Summary
from flaims_tool.rules import all_rules
from flaims_tool.sarif import log

from .conftest import HERE, Run

SCHEMA = json.loads((HERE / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
VALIDATOR = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)
FAILURE = "failures/2026/2026-03-10-payment-timeouts.yaml"


def sarif_of(flaims: Run, repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = flaims("lint", "--format", "sarif", *args, repo=repo)
    return result.exit_code, json.loads(result.output)


def schema_errors(data: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATOR.iter_errors(data)]


def break_example(repo: Path) -> None:
    """An error (an unknown tag) and a warning (an overdue action)."""
    path = repo / FAILURE
    text = path.read_text("utf-8")
    for old, new in [("tags: [timeouts, capacity]", "tags: [timout, capacity]"),
                     ("    due: 2026-04-01", "    due: 2026-03-20")]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, "utf-8")


def test_the_vendored_schema_is_the_oasis_standard() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert SCHEMA["id"] == ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                            "sarif-schema-2.1.0.json")
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def test_the_vendored_schema_rejects_what_it_should() -> None:
    # Guards the test itself: a schema that accepted anything would make every check below pass.
    assert schema_errors({"version": "2.1.0", "runs": []}) == []
    assert schema_errors({"version": "2.0.0", "runs": []})
    bad_level = log([Diagnostic(FAILURE, 1, 1, "unknown-tag", "m")], Summary(1, 1, 0))
    bad_level["runs"][0]["results"][0]["level"] = "fatal"
    assert schema_errors(bad_level)
    bad_region = log([Diagnostic(FAILURE, 1, 1, "unknown-tag", "m")], Summary(1, 1, 0))
    bad_region["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"] = 0
    assert schema_errors(bad_region)


def test_results_point_at_the_lines_with_levels(flaims: Run, example_repo: Path) -> None:
    break_example(example_repo)
    code, data = sarif_of(flaims, example_repo)
    assert code == 1
    assert schema_errors(data) == []
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    found = []
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        (loc,) = r["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        found.append((r["ruleId"], r["level"], phys["artifactLocation"]["uri"],
                      phys["region"]["startLine"], phys["region"]["startColumn"]))
    assert found == [
        ("unknown-tag", "error", FAILURE, 14, 8),
        ("overdue", "warning", FAILURE, 21, 10),
    ]
    messages = [r["message"]["text"] for r in run["results"]]
    assert messages[0].startswith("unknown tag 'timout'; did you mean 'timeouts'?")
    assert run["properties"] == {"files": 12, "errors": 1, "warnings": 1}


def test_paths_given_limit_the_results(flaims: Run, example_repo: Path) -> None:
    break_example(example_repo)
    code, data = sarif_of(flaims, example_repo, str(example_repo / "ladders"))
    assert code == 0
    assert data["runs"][0]["results"] == []
    assert schema_errors(data) == []


def test_every_rule_is_described_with_its_help(flaims: Run, example_repo: Path) -> None:
    code, data = sarif_of(flaims, example_repo)
    assert code == 0
    assert schema_errors(data) == []
    driver = data["runs"][0]["tool"]["driver"]
    assert driver["name"] == "flaims"
    by_id = {r["id"]: r for r in driver["rules"]}
    known = all_rules()
    assert list(by_id) == [r.code for r in known]
    for rule in known:
        d = by_id[rule.code]
        assert d["shortDescription"]["text"] == rule.summary
        assert d["fullDescription"]["text"] == rule.why
        assert d["help"]["text"].startswith(rule.why)
        assert f"flaims rules {rule.code}" in d["help"]["text"]
        assert d["defaultConfiguration"]["level"] == rule.severity


def test_demo_organisation_is_valid_sarif(flaims: Run, demo_repo: Path) -> None:
    code, data = sarif_of(flaims, demo_repo)
    assert code in (0, 1)
    assert schema_errors(data) == []


@pytest.mark.parametrize(("path", "uri"), [
    ("failures/2026/x.yaml", "failures/2026/x.yaml"),
    ("failures/q1 2026/x.yaml", "failures/q1%202026/x.yaml"),
    ("failures/100%/x.yaml", "failures/100%25/x.yaml"),
])
def test_uris_are_relative_references(path: str, uri: str) -> None:
    data = log([Diagnostic(path, 3, 2, "made-up-code", "m", "warning", "a hint")],
               Summary(1, 0, 1))
    assert schema_errors(data) == []
    (result,) = data["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    assert result["message"]["text"] == "m (hint: a hint)"
    # A code the registry lacks still gets a descriptor, so ruleIndex always resolves.
    assert data["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "made-up-code"


def fingerprints(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["ruleId"], r["partialFingerprints"]["flaimsFinding/v1"])
            for r in data["runs"][0]["results"]]


def test_every_result_has_a_fingerprint_that_survives_unrelated_edits(
        flaims: Run, example_repo: Path) -> None:
    break_example(example_repo)
    _, before = sarif_of(flaims, example_repo)
    assert len(fingerprints(before)) == 2
    assert len(set(fingerprints(before))) == 2
    # Lines added above both problems move them; the alerts must stay the same alerts.
    path = example_repo / FAILURE
    path.write_text("# A comment added later.\n\n" + path.read_text("utf-8").replace(
        "summary: Card payments timed out for 40 minutes.",
        "summary: >-\n  Card payments timed out\n  for 40 minutes."), "utf-8")
    _, after = sarif_of(flaims, example_repo)
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in after["runs"][0]["results"]]
    assert lines == [18, 25]
    assert fingerprints(after) == fingerprints(before)
    assert schema_errors(after) == []


def test_equal_problems_in_one_file_get_distinct_fingerprints() -> None:
    same = [Diagnostic(FAILURE, n, 3, "placeholder", "placeholder still to be filled in")
            for n in (4, 9)]
    data = log(same, Summary(1, 2, 0))
    (a, b) = (fp for _, fp in fingerprints(data))
    assert a != b and a.split(":")[0] == b.split(":")[0]


@pytest.mark.parametrize("broken", ["organisation: [Acme\n", "organisaton: Acme\n", None])
def test_a_run_that_cannot_start_is_still_a_valid_log(broken: str | None, flaims: Run,
                                                      example_repo: Path) -> None:
    config = example_repo / "flaims.yaml"
    if broken is None:
        config.unlink()
    else:
        config.write_text(broken, "utf-8")
    result = flaims("lint", "--format", "sarif", repo=example_repo)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert schema_errors(data) == []
    (run,) = data["runs"]
    assert run["results"] == []
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "flaims.yaml" in note["message"]["text"]
    if broken is not None:
        assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "flaims.yaml"
    assert "flaims: " in result.stderr  # and the one line for people, on stderr


def test_a_clean_run_says_it_ran(flaims: Run, example_repo: Path) -> None:
    _, data = sarif_of(flaims, example_repo)
    assert data["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_paths_are_from_the_top_of_the_git_repository(flaims: Run, tmp_path: Path) -> None:
    """Knowledge in a sub-folder of a larger repository (the action's `working-directory`):
    GitHub places annotations and alerts by paths from the repository's top."""
    import shutil

    from .conftest import FORMATS_EXAMPLE, git

    top = tmp_path / "monorepo"
    shutil.copytree(FORMATS_EXAMPLE, top / "docs" / "knowledge")
    git(top, "init", "-q", "-b", "main")
    knowledge = top / "docs" / "knowledge"
    break_example(knowledge)
    _, data = sarif_of(flaims, knowledge)
    assert schema_errors(data) == []
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in data["runs"][0]["results"]]
    assert uris == [f"docs/knowledge/{FAILURE}"] * 2
    github = flaims("lint", "--format", "github", repo=knowledge).output.splitlines()
    assert github[0].startswith(f"::error file=docs/knowledge/{FAILURE},line=14,col=8,")
    assert github[1].startswith(f"::warning file=docs/knowledge/{FAILURE},line=21,col=10,")
    # For people and tools the paths stay relative to the knowledge repository (formats.md).
    as_json = json.loads(flaims("lint", "--format", "json", repo=knowledge).output)
    assert {d["path"] for d in as_json["diagnostics"]} == {FAILURE}


def test_a_run_that_cannot_start_is_one_annotation_in_github_format(
        flaims: Run, example_repo: Path) -> None:
    (example_repo / "flaims.yaml").write_text("organisation: [Acme\n", "utf-8")
    result = flaims("lint", "--format", "github", repo=example_repo)
    assert result.exit_code == 2
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=flaims.yaml,line=2,col=1,title=flaims::flaims.yaml:2:1: ")
