"""A second, independent JSON Schema implementation agrees with flaims.

Ajv (through ajv-cli, with ajv-formats, Draft 2020-12, strict mode) compiles every schema in
`schemas/` and validates the same documents flaims does: every file of the demo organisation, and
a set of broken variants of the formats.md example. Ajv reads JSON, so each YAML file is loaded
with flaims' own loader and written out as JSON. The node tools come from `package.json`
(`npm ci`); without them the tests skip, except in CI where they fail.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from flaims_tool import schemas, yamlio
from flaims_tool.workspace import Config, build_index

from .conftest import FORMATS_EXAMPLE, NPM_CI, PROJECT, Run, need_tool

AJV = PROJECT / "node_modules" / ".bin" / "ajv"
AJV_OPTIONS = ["--spec=draft2020", "--strict=true", "-c", "ajv-formats"]
SCHEMAS = sorted((PROJECT / "schemas").glob("*.schema.json"))
_VERDICT = re.compile(r"^(?P<file>\S+) (?P<verdict>valid|invalid)$", re.MULTILINE)


def _need_ajv() -> None:
    need_tool(shutil.which("node") is not None, "Node.js (node)", "sudo apt-get install nodejs npm")
    need_tool(AJV.exists(), "Ajv (node_modules/.bin/ajv)", NPM_CI)


def ajv(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    _need_ajv()
    return subprocess.run([str(AJV), *args], cwd=cwd or PROJECT, capture_output=True, text=True,
                          timeout=120, check=False)


def ajv_verdicts(kind: str, files: list[Path]) -> dict[str, bool]:
    """Ajv's verdict on each JSON file (by name) against the kind's schema in `schemas/`."""
    data_args = [a for f in files for a in ("-d", f.name)]
    out = ajv("validate", *AJV_OPTIONS, "-s", str(PROJECT / "schemas" / f"{kind}.schema.json"),
              *data_args, "--errors=json", cwd=files[0].parent)
    verdicts = {m["file"]: m["verdict"] == "valid"
                for m in _VERDICT.finditer(out.stdout + "\n" + out.stderr)}
    assert set(verdicts) == {f.name for f in files}, out.stdout + out.stderr
    return verdicts


_NOT_FINITE = "\x00not-finite\x00"


def _finite(data: Any) -> Any:
    """JSON has no infinity or NaN: they become a placeholder written as `1e999` below, which
    JavaScript reads as a number (Infinity), as an editor reads `.inf` or `.nan`."""
    if isinstance(data, float) and not math.isfinite(data):
        return _NOT_FINITE
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_finite(v) for v in data]
    return data


def as_json(yaml_file: Path, rel: str, dest: Path) -> Path:
    loaded = yamlio.read(yaml_file, rel)
    assert loaded.data is not None, loaded.diagnostics
    text = json.dumps(_finite(loaded.data), ensure_ascii=False)
    dest.write_text(text.replace(json.dumps(_NOT_FINITE), "1e999"), "utf-8")
    return dest


def flaims_verdicts(root: Path) -> dict[str, tuple[str, bool]]:
    """flaims' verdict on every knowledge file under `root`: path -> (kind, schema-valid)."""
    # A broken flaims.yaml stops a real run (exit 2); here it is judged like any other file.
    index = build_index(root, Config(organisation="Test", handbook_title="Test"))
    found = {d.path: (d.kind, d.valid) for d in index.documents if d.loaded.data is not None}
    config = yamlio.read(root / "flaims.yaml", "flaims.yaml")
    found["flaims.yaml"] = ("config", not schemas.validate("config", config))
    return found


def compare(root: Path, tmp: Path) -> tuple[dict[str, bool], dict[str, bool]]:
    """(flaims, Ajv) verdicts for every knowledge file under `root`, by path."""
    ours = flaims_verdicts(root)
    by_kind: dict[str, list[tuple[str, Path]]] = {}
    for n, (rel, (kind, _)) in enumerate(sorted(ours.items())):
        dest = as_json(root / rel, rel, tmp / f"{n:04d}.json")
        by_kind.setdefault(kind, []).append((rel, dest))
    theirs: dict[str, bool] = {}
    for kind, pairs in by_kind.items():
        verdicts = ajv_verdicts(kind, [dest for _, dest in pairs])
        theirs.update({rel: verdicts[dest.name] for rel, dest in pairs})
    return {rel: valid for rel, (_, valid) in ours.items()}, theirs


@pytest.mark.parametrize("schema", SCHEMAS, ids=[s.name for s in SCHEMAS])
def test_ajv_compiles_the_schema_in_strict_mode(schema: Path) -> None:
    out = ajv("compile", *AJV_OPTIONS, "-s", str(schema))
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"schema {schema} is valid" in out.stdout + out.stderr


def test_ajv_strict_mode_rejects_a_sloppy_schema(tmp_path: Path) -> None:
    # Guards the test above: strict mode must refuse what it is meant to refuse.
    sloppy = tmp_path / "sloppy.schema.json"
    sloppy.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                  "type": "object", "properties": {"a": {"tipe": "string"}}}))
    out = ajv("compile", *AJV_OPTIONS, "-s", str(sloppy))
    assert out.returncode != 0
    assert 'unknown keyword: "tipe"' in out.stdout + out.stderr


def test_schemas_folder_is_the_bundled_schemas() -> None:
    bundled = {s.name: s.read_bytes() for s in SCHEMAS}
    assert bundled == {f"{k}.schema.json": schemas.schema_text(k).encode() for k in schemas.KINDS}


def test_agrees_on_every_demo_file(demo_repo: Path, tmp_path: Path) -> None:
    ours, theirs = compare(demo_repo, tmp_path)
    assert len(ours) > 50
    assert {p: v for p, v in theirs.items() if v != ours[p]} == {}


# Broken variants of the formats.md example, each invalid by its schema: (name, file, old, new).
Change = tuple[str, str, str, str]
FAILURE = "failures/2026/2026-03-10-payment-timeouts.yaml"
INVALID: list[Change] = [
    ("missing-field", FAILURE, "summary: Card payments timed out for 40 minutes.\n", ""),
    ("unknown-field", FAILURE, "impact: 3%", "impcat: 3%"),
    ("wrong-type-list", FAILURE, "tags: [timeouts, capacity]", "tags: timeouts"),
    ("bad-enum", FAILURE, "severity: high", "severity: huge"),
    ("bad-id-pattern", FAILURE, "id: 2026-03-10-payment-timeouts", "id: Payment-Timeouts"),
    ("impossible-date", FAILURE, "date: 2026-03-10", "date: 2026-02-30"),
    ("date-not-iso", FAILURE, "date: 2026-03-10", "date: 10/03/2026"),
    ("empty-list", FAILURE, "lessons:\n  - Pool sizes need a load test before each peak.",
     "lessons: []"),
    ("empty-text", FAILURE, "title: Payment API timeouts during the March peak", 'title: ""'),
    ("bad-timestamp", FAILURE, "at: 2026-03-10T14:02:00Z", "at: yesterday afternoon"),
    ("action-status", FAILURE, "status: open", "status: pending"),
    ("competency-ref", FAILURE, "competencies: [engineering/operations]",
     "competencies: [operations]"),
    ("long-slug", "people/alice-ng.yaml", "team: payments", "team: " + "a" * 81),
    ("email-without-at", "people/alice-ng.yaml", "alice@acme.example", "alice.acme.example"),
    ("person-status", "people/alice-ng.yaml", "status: active", "status: retired"),
    ("url-not-http", "curriculum/capacity-planning.yaml",
     "url: https://wiki.acme.example/load-testing", "url: wiki.acme.example/load-testing"),
    ("config-threshold", "flaims.yaml", "threshold: 3", "threshold: 0"),
    ("config-type", "flaims.yaml", "window_days: 90", "window_days: ninety"),
    ("url-with-space", "curriculum/capacity-planning.yaml",
     "url: https://wiki.acme.example/load-testing", "url: https://wiki.acme example/load-testing"),
    ("email-with-space", "people/alice-ng.yaml", "alice@acme.example", '"alice ng@acme.example"'),
    ("email-without-domain-dot", "people/alice-ng.yaml", "alice@acme.example", "alice@acme"),
    ("impossible-timestamp", FAILURE, "at: 2026-03-10T14:02:00Z", "at: 2026-13-45T99:99Z"),
    ("timestamp-february-30", FAILURE, "at: 2026-03-10T14:02:00Z", "at: 2026-02-30T10:00Z"),
    ("blank-title", FAILURE, "title: Payment API timeouts during the March peak", 'title: "   "'),
    ("blank-signal", "ladders/engineering.yaml",
     "  - Adds unit tests for the code they change when reviewers ask.", '  - " "'),
]
# Variants that stay valid, so agreement is checked in both directions.
VALID: list[Change] = [
    ("quoted-date", FAILURE, "date: 2026-03-10", 'date: "2026-03-10"'),
    ("optional-fields-left-out", FAILURE, "impact: 3% of checkouts failed.\n", ""),
    ("timestamp-with-offset", FAILURE, "at: 2026-03-10T14:02:00Z", "at: 2026-03-10T15:02+01:00"),
    ("timestamp-leap-day", FAILURE, "at: 2026-03-10T14:02:00Z", "at: 2024-02-29T23:59:60.5Z"),
    ("quoted-version-title", "curriculum/capacity-planning.yaml",
     "title: Capacity planning for peaks", 'title: "1.10"'),
    ("title-with-inner-spaces", FAILURE, "title: Payment API timeouts during the March peak",
     'title: "  Payment   API  "'),
]

# A typed scalar in every kind of text field: flaims keeps the text as typed and warns
# (`unquoted-text`); YAML, and so Ajv and check-jsonschema, read a number, a boolean or null.
C, L, T, R = ("curriculum/capacity-planning.yaml", "ladders/engineering.yaml", "failures/tags.yaml",
              "retros/2026/2026-03-14-payments-march.yaml")
P, A = "plans/alice-ng.yaml", "people/alice-ng.yaml"
TYPED: list[Change] = [
    ("version-as-title", C, "title: Capacity planning for peaks", "title: 1.10"),
    ("number-as-summary", L, "summary: How engineers grow here.", "summary: 42"),
    ("bool-as-level-title", L, "title: Apprentice", "title: true"),
    ("octal-as-threshold-name", L, "name: Tests what is asked", "name: 010"),
    ("hex-as-signal", L, "  - Adds unit tests for the code they change when reviewers ask.", "  - 0x1F"),
    ("inf-as-tag-title", T, "title: Capacity\n", "title: .inf\n"),
    ("null-as-tag-description", T, "description: Alerts that fired late, early, or not at all.",
     "description: ~"),
    ("number-as-failure-title", FAILURE, "title: Payment API timeouts during the March peak",
     "title: 2026"),
    ("bool-as-impact", FAILURE, "impact: 3% of checkouts failed.", "impact: false"),
    ("number-as-event", FAILURE, "event: Latency alert fired.", "event: -7"),
    ("number-as-lesson", FAILURE, "  - Pool sizes need a load test before each peak.", "  - 1e3"),
    ("null-as-action", FAILURE, "what: Load-test pool sizes before each seasonal peak.", "what: null"),
    ("number-as-team", A, "team: payments", "team: 2024"),
    ("bool-as-name", A, "name: Alice Ng", "name: True"),
    ("number-as-experience", R, "experience: We shipped the new checkout and lived through the peak.",
     "experience: 3.14"),
    ("number-as-insight", R, "  - Our alerts watch averages; customers feel the tail.", "  - 0o17"),
    ("number-as-objective", C, "  - Size a connection pool from a load test.", "  - 12"),
    ("bool-as-practice", C, "practice: Size the pool for 3x traffic in the staging load test.",
     "practice: FALSE"),
    ("number-as-vision", P, "vision: Lead the reliability practice for payments.", "vision: 10"),
    ("inf-as-passion", P, "passion: [Making systems calm under load]", "passion: [-.inf]"),
    ("nan-as-reflection", P, "reflection: Next time model reuse before sizing.", "reflection: .nan"),
    ("bool-as-organisation", "flaims.yaml", "organisation: Acme", "organisation: true"),
    ("number-as-handbook-title", "flaims.yaml", "title: Acme Learning Handbook", "title: 2.0"),
]


def _apply(repo: Path, change: Change) -> str:
    _, rel, old, new = change
    path = repo / rel
    text = path.read_text("utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), "utf-8")
    return rel


def clean_by_flaims(repo: Path, rel: str) -> bool:
    """flaims' verdict on one file, counting `unquoted-text` warnings as the other tools do:
    schema-valid and no text left for YAML to read as something else."""
    _, valid = flaims_verdicts(repo)[rel]
    config = Config(organisation="Test", handbook_title="Test")
    unquoted = any(d.path == rel and d.code == "unquoted-text"
                   for d in build_index(repo, config).diagnostics)
    if rel == "flaims.yaml":
        unquoted = any(d.code == "unquoted-text"
                       for d in schemas.validate("config", yamlio.read(repo / rel, rel)))
    return valid and not unquoted


CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(os.sys.executable).parent))


def check_jsonschema_verdicts(kind: str, files: list[Path]) -> dict[Path, bool]:
    """check-jsonschema's verdict on each YAML file (it parses YAML itself, with ruamel.yaml)."""
    assert CHECK_JSONSCHEMA, "check-jsonschema is installed with flaims[test]"
    out = subprocess.run([CHECK_JSONSCHEMA, "--schemafile", str(PROJECT / "schemas" / f"{kind}.schema.json"),
                          "--output-format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(out.stdout)
    bad = {Path(e["filename"]) for e in report.get("errors", []) + report.get("parse_errors", [])}
    return {f: f not in bad for f in files}


VARIANTS = INVALID + VALID + TYPED


@pytest.fixture(scope="module")
def variant_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, bool, bool]]:
    """(flaims, Ajv, check-jsonschema) verdicts on the changed file of every variant, by name.

    Each variant is a copy of the example with one change; flaims judges it in its repository,
    and Ajv and check-jsonschema judge all variants' files of a kind in one run each (a node
    start costs half a second).
    """
    _need_ajv()
    base = tmp_path_factory.mktemp("variants")
    ours: dict[str, bool] = {}
    by_kind: dict[str, list[tuple[str, Path, Path]]] = {}
    for n, change in enumerate(VARIANTS):
        repo = base / f"repo{n}"
        shutil.copytree(FORMATS_EXAMPLE, repo)
        rel = _apply(repo, change)
        kind, _ = flaims_verdicts(repo)[rel]
        ours[change[0]] = clean_by_flaims(repo, rel)
        by_kind.setdefault(kind, []).append(
            (change[0], repo / rel, as_json(repo / rel, rel, base / f"{n:04d}.json")))
    ajv_says: dict[str, bool] = {}
    cj_says: dict[str, bool] = {}
    for kind, rows in by_kind.items():
        verdicts = ajv_verdicts(kind, [dest for _, _, dest in rows])
        ajv_says.update({name: verdicts[dest.name] for name, _, dest in rows})
        cj = check_jsonschema_verdicts(kind, [yaml_file for _, yaml_file, _ in rows])
        cj_says.update({name: cj[yaml_file] for name, yaml_file, _ in rows})
    return {name: (ours[name], ajv_says[name], cj_says[name]) for name in ours}


@pytest.mark.parametrize("change", INVALID, ids=[c[0] for c in INVALID])
def test_agrees_on_invalid_files(change: Change,
                                 variant_verdicts: dict[str, tuple[bool, bool, bool]]) -> None:
    assert variant_verdicts[change[0]] == (False, False, False)


@pytest.mark.parametrize("change", VALID, ids=[c[0] for c in VALID])
def test_agrees_on_valid_variants(change: Change,
                                  variant_verdicts: dict[str, tuple[bool, bool, bool]]) -> None:
    assert variant_verdicts[change[0]] == (True, True, True)


@pytest.mark.parametrize("change", TYPED, ids=[c[0] for c in TYPED])
def test_agrees_on_typed_scalars_in_text_fields(
        change: Change, variant_verdicts: dict[str, tuple[bool, bool, bool]]) -> None:
    assert variant_verdicts[change[0]] == (False, False, False)


def test_typed_scalars_are_warnings_and_stay_text(flaims: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FORMATS_EXAMPLE, repo)
    _apply(repo, TYPED[0])
    result = flaims("lint", "--format", "json", repo=repo)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["diagnostics"]
    assert found == [{"path": "curriculum/capacity-planning.yaml", "line": 2, "column": 8,
                      "severity": "warning", "code": "unquoted-text",
                      "message": "YAML reads 1.10 as a number; quote it so every tool reads it as text",
                      "hint": 'write "1.10"'}]
    assert flaims("lint", "--strict", repo=repo).exit_code == 1
    index = build_index(repo, Config(organisation="Test", handbook_title="Test"))
    assert index.get("curriculum", "capacity-planning").data["title"] == "1.10"  # type: ignore[union-attr]


def test_check_jsonschema_agrees_on_every_demo_file(demo_repo: Path) -> None:
    ours = flaims_verdicts(demo_repo)
    by_kind: dict[str, list[Path]] = {}
    for rel, (kind, _) in ours.items():
        by_kind.setdefault(kind, []).append(demo_repo / rel)
    theirs: dict[str, bool] = {}
    for kind, files in by_kind.items():
        theirs.update({f.relative_to(demo_repo).as_posix(): v
                       for f, v in check_jsonschema_verdicts(kind, files).items()})
    assert len(theirs) > 50
    assert {p: v for p, v in theirs.items() if v != ours[p][1]} == {}


def test_verdict_parsing_sees_both_outcomes(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    bad = tmp_path / "bad.json"
    person: dict[str, Any] = {"id": "alice-ng", "name": "Alice Ng", "status": "active"}
    good.write_text(json.dumps(person))
    bad.write_text(json.dumps({**person, "status": "retired"}))
    assert ajv_verdicts("person", [good, bad]) == {"good.json": True, "bad.json": False}
