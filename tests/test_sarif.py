"""`flaims lint --format sarif`: SARIF 2.1.0 that validates against the standard's schema.

The schema in tests/fixtures/sarif-schema-2.1.0.json is the SARIF 2.1.0 JSON Schema as Microsoft's
SARIF SDK ships it (npm package @microsoft/sarif-multitool-linux 5.7.0, file sarif-2.1.0.json,
MIT): the OASIS 2.1.0 schema, written for JSON Schema Draft 2020-12.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from flaims_tool.diagnostics import Diagnostic, Summary
from flaims_tool.rules import all_rules
from flaims_tool.sarif import log

from .conftest import HERE, Run

SCHEMA = json.loads((HERE / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
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
