"""A second, independent JSON Schema implementation agrees with flaims.

Ajv (through ajv-cli, with ajv-formats, Draft 2020-12, strict mode) compiles every schema in
`schemas/` and validates the same documents flaims does: every file of the demo organisation, and
a set of broken variants of the formats.md example. Ajv reads JSON, so each YAML file is loaded
with flaims' own loader and written out as JSON. The node tools come from `package.json`
(`npm ci`); without them the tests skip, except in CI where they fail.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from flaims_tool import schemas, yamlio
from flaims_tool.workspace import Config, build_index

from .conftest import FORMATS_EXAMPLE, NPM_CI, PROJECT, need_tool

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


def as_json(yaml_file: Path, rel: str, dest: Path) -> Path:
    loaded = yamlio.read(yaml_file, rel)
    assert loaded.data is not None, loaded.diagnostics
    dest.write_text(json.dumps(loaded.data, ensure_ascii=False), "utf-8")
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
]
# Variants that stay valid, so agreement is checked in both directions.
VALID: list[Change] = [
    ("quoted-date", FAILURE, "date: 2026-03-10", 'date: "2026-03-10"'),
    ("optional-fields-left-out", FAILURE, "impact: 3% of checkouts failed.\n", ""),
    ("timestamp-with-offset", FAILURE, "at: 2026-03-10T14:02:00Z", "at: 2026-03-10T15:02+01:00"),
]

# Where the two implementations disagree today, each with the reason; flaims accepts, Ajv refuses.
# Kept as tests so that a change on either side is noticed (and this list shrinks).
KNOWN_DIFFERENCES: list[tuple[Change, str]] = [
    (("number-as-team", "people/alice-ng.yaml", "team: payments", "team: 2024"),
     "flaims validates a text field with the text the writer typed (`2024`); the loader's data, "
     "which Ajv gets as JSON, holds the number 2024 (so do YAML editors)"),
    (("version-as-title", "curriculum/capacity-planning.yaml",
      "title: Capacity planning for peaks", "title: 1.10"),
     "as above: `1.10` is the number 1.1 in the data, the text '1.10' for flaims"),
]
DIFFERENT: list[Change] = [change for change, _ in KNOWN_DIFFERENCES]


def _apply(repo: Path, change: Change) -> str:
    _, rel, old, new = change
    path = repo / rel
    text = path.read_text("utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), "utf-8")
    return rel


@pytest.fixture(scope="module")
def variant_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, bool]]:
    """(flaims, Ajv) verdicts on the changed file of every variant, by variant name.

    Each variant is a copy of the example with one change; flaims judges it in its repository,
    and Ajv judges all variants' files of a kind in one run (a node start costs half a second).
    """
    _need_ajv()
    base = tmp_path_factory.mktemp("variants")
    ours: dict[str, bool] = {}
    by_kind: dict[str, list[tuple[str, Path]]] = {}
    for n, change in enumerate(INVALID + VALID + DIFFERENT):
        repo = base / f"repo{n}"
        shutil.copytree(FORMATS_EXAMPLE, repo)
        rel = _apply(repo, change)
        kind, valid = flaims_verdicts(repo)[rel]
        ours[change[0]] = valid
        by_kind.setdefault(kind, []).append((change[0], as_json(repo / rel, rel,
                                                                base / f"{n:04d}.json")))
    theirs: dict[str, bool] = {}
    for kind, pairs in by_kind.items():
        verdicts = ajv_verdicts(kind, [dest for _, dest in pairs])
        theirs.update({name: verdicts[dest.name] for name, dest in pairs})
    return {name: (ours[name], theirs[name]) for name in ours}


@pytest.mark.parametrize("change", INVALID, ids=[c[0] for c in INVALID])
def test_agrees_on_invalid_files(change: Change,
                                 variant_verdicts: dict[str, tuple[bool, bool]]) -> None:
    assert variant_verdicts[change[0]] == (False, False)


@pytest.mark.parametrize("change", VALID, ids=[c[0] for c in VALID])
def test_agrees_on_valid_variants(change: Change,
                                  variant_verdicts: dict[str, tuple[bool, bool]]) -> None:
    assert variant_verdicts[change[0]] == (True, True)


@pytest.mark.parametrize("change", DIFFERENT, ids=[c[0] for c in DIFFERENT])
def test_known_differences_stay_known(change: Change,
                                      variant_verdicts: dict[str, tuple[bool, bool]]) -> None:
    assert variant_verdicts[change[0]] == (True, False)


def test_verdict_parsing_sees_both_outcomes(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    bad = tmp_path / "bad.json"
    person: dict[str, Any] = {"id": "alice-ng", "name": "Alice Ng", "status": "active"}
    good.write_text(json.dumps(person))
    bad.write_text(json.dumps({**person, "status": "retired"}))
    assert ajv_verdicts("person", [good, bad]) == {"good.json": True, "bad.json": False}
