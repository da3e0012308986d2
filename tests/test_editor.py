"""The editor agrees with lint: yaml-language-server (VS Code's YAML extension) driven over LSP.

The server is the npm package in package.json (`npm ci`); it gets the `yaml.*` settings of the
repository's `.vscode/settings.json`, as VS Code would send them, and no schema store (no
network). Without node or the package the tests skip, except in CI where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flaims_tool.scaffold import editor_files

from .conftest import PROJECT, Run
from .lsp import LanguageServer

SERVER = PROJECT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
DEMO_FAILURE = "failures/2026/2026-01-27-database-failover-38-minutes.yaml"


def _need_server() -> None:
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not SERVER.exists():
        missing = "node_modules/yaml-language-server is missing: run `npm ci` in the project folder"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (required in CI)")
        pytest.skip(missing)


def yaml_settings(root: Path) -> dict[str, Any]:
    """The `yaml` section VS Code sends from the repository's .vscode/settings.json."""
    flat = json.loads((root / ".vscode" / "settings.json").read_text("utf-8"))
    section = {key.removeprefix("yaml."): value for key, value in flat.items()
               if key.startswith("yaml.")}
    return {"validate": True, "completion": True, "hover": True,
            "schemaStore": {"enable": False}, **section}


def server(root: Path) -> Iterator[LanguageServer]:
    _need_server()
    ls = LanguageServer(["node", str(SERVER), "--stdio"], root, yaml_settings(root))
    try:
        yield ls
    finally:
        ls.close()


@pytest.fixture(scope="module")
def project_server() -> Iterator[LanguageServer]:
    """The server on this repository, whose demo organisation carries the settings init writes."""
    yield from server(PROJECT)


@pytest.fixture(scope="module")
def init_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from flaims_tool.cli import main

    repo = tmp_path_factory.mktemp("init") / "knowledge"
    result = CliRunner().invoke(main, ["init", str(repo), "--organisation", "Acme"])
    assert result.exit_code == 0, result.output
    return repo


@pytest.fixture(scope="module")
def init_server(init_repo: Path) -> Iterator[LanguageServer]:
    yield from server(init_repo)


def errors(found: list[dict[str, Any]]) -> list[str]:
    return [d["message"] for d in found if d.get("severity", 1) == 1]


def test_this_repository_carries_the_settings_init_writes() -> None:
    for rel, data in editor_files():
        assert (PROJECT / rel).read_bytes() == data, rel


def test_every_knowledge_file_of_the_demo_has_exactly_one_schema(flaims: Run) -> None:
    # The globs of .vscode/settings.json, matched the way the server matches them (picomatch's
    # `**` and `!`): each demo file gets the schema of its kind and no other.
    import fnmatch

    globs = json.loads((PROJECT / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    files = [p.relative_to(PROJECT).as_posix() for folder in
             ("ladders", "failures", "retros", "curriculum", "people", "plans")
             for p in (PROJECT / folder).rglob("*.yaml")] + ["flaims.yaml"]
    assert len(files) == 105
    for rel in files:
        matched = [schema for schema, patterns in globs.items()
                   if any(fnmatch.fnmatch(rel, g.replace("**/", "*")) for g in patterns
                          if not g.startswith("!"))
                   and not any(fnmatch.fnmatch(rel, g[1:]) for g in patterns if g.startswith("!"))]
        assert len(matched) == 1, (rel, matched)


def test_a_demo_file_is_clean_and_a_wrong_field_is_reported(
        project_server: LanguageServer) -> None:
    # The broken text first: once it is reported, the schema is known to be applied.
    text = (PROJECT / DEMO_FAILURE).read_text("utf-8").replace("impact:", "impcat:", 1)
    uri = project_server.open(DEMO_FAILURE, text)
    found = project_server.diagnostics_of(uri)
    assert any("impcat" in m for m in errors(found)), found
    wrong = next(d for d in found if "impcat" in d["message"])
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("impcat:")))
    assert wrong["range"]["start"]["line"] == line
    uri = project_server.open(DEMO_FAILURE, (PROJECT / DEMO_FAILURE).read_text("utf-8"))
    assert errors(project_server.diagnostics_of(uri)) == []


def test_a_demo_file_completes_field_names_and_enum_values(project_server: LanguageServer) -> None:
    text = (PROJECT / DEMO_FAILURE).read_text("utf-8")
    lines = text.splitlines()
    # A new top-level key at the end of the file: the fields not yet used are offered.
    # The file's last field is left out, so it is one of those offered.
    last = max(i for i, t in enumerate(lines) if t[:1].isalpha())
    used = {t.split(":")[0] for t in lines[:last] if t[:1].isalpha()}
    fields = set(json.loads((PROJECT / "schemas" / "failure.schema.json").read_text())["properties"])
    uri = project_server.open(DEMO_FAILURE, "\n".join(lines[:last]) + "\n\n")
    labels = set(project_server.complete(uri, last, 0))
    assert lines[last].split(":")[0] in labels
    assert labels >= fields - used, labels
    assert not labels & used
    # The value of `severity`: the enumeration.
    sev = next(i for i, t in enumerate(lines) if t.startswith("severity:"))
    lines[sev] = "severity: "
    uri = project_server.open(DEMO_FAILURE, "\n".join(lines) + "\n")
    assert {"low", "medium", "high", "critical"} <= set(project_server.complete(uri, sev, 10))


def test_flaims_yaml_gets_completion_and_checks(project_server: LanguageServer) -> None:
    text = (PROJECT / "flaims.yaml").read_text("utf-8")
    uri = project_server.open("flaims.yaml", text + "overflwo: 3\n")
    assert any("overflwo" in m for m in errors(project_server.diagnostics_of(uri)))
    uri = project_server.open("flaims.yaml", text)
    assert errors(project_server.diagnostics_of(uri)) == []
    lines = text.splitlines()
    keys = [i for i, t in enumerate(lines) if t[:1].isalpha()]
    assert len(keys) > 1
    left_out = lines[keys[-1]].split(":")[0]
    uri = project_server.open("flaims.yaml", "\n".join(lines[:keys[-1]]) + "\n\n")
    assert left_out in project_server.complete(uri, keys[-1], 0)


NESTED = "failures/2026/q1/payments/2026-03-10-payment-timeouts.yaml"
REPORT = """\
id: 2026-03-10-payment-timeouts
title: Payment API timeouts
date: 2026-03-10
severity: high
team: payments
authors: [ada]
summary: Card payments timed out.
contributing_factors: [Pool too small.]
tags: [timeouts]
lessons: [Load-test pools.]
actions:
  - what: Load-test pools.
    owner: ada
    due: 2026-04-01
    status: open
"""


def test_a_deeply_nested_file_in_an_init_repository(init_repo: Path,
                                                    init_server: LanguageServer) -> None:
    path = init_repo / NESTED
    path.parent.mkdir(parents=True)
    path.write_text(REPORT, "utf-8")
    uri = init_server.open(NESTED, REPORT.replace("summary:", "sumary:"))
    found = errors(init_server.diagnostics_of(uri))
    assert any("sumary" in m for m in found), found
    assert any("summary" in m for m in found), found  # and the required field it replaced
    uri = init_server.open(NESTED)
    assert errors(init_server.diagnostics_of(uri)) == []
    lines = REPORT.splitlines()
    status = lines.index("    status: open")
    lines[status] = "    status: "
    uri = init_server.open(NESTED, "\n".join(lines) + "\n")
    assert {"open", "done", "dropped"} <= set(init_server.complete(uri, status, 12))
    uri = init_server.open(NESTED, REPORT + "ret")
    assert "retro" in init_server.complete(uri, len(REPORT.splitlines()), 3)


def test_the_taxonomy_gets_the_tags_schema(init_repo: Path, init_server: LanguageServer) -> None:
    text = (init_repo / "failures" / "tags.yaml").read_text("utf-8")
    uri = init_server.open("failures/tags.yaml", text + "tgas: []\n")
    found = errors(init_server.diagnostics_of(uri))
    assert found and all("tgas" in m for m in found), found  # the tags schema, and only it
    uri = init_server.open("failures/tags.yaml", text)
    assert errors(init_server.diagnostics_of(uri)) == []


# Lint reports a `$schema=` line the editor could not load --------------------------------------

def _report_with(line: str) -> str:
    return f"# yaml-language-server: $schema={line}\n" + REPORT


@pytest.mark.parametrize("ref", ["../../../../schemas/failure.schema.json",
                                 "https://flaims.dev/schemas/v1/failure.schema.json"])
def test_a_schema_line_that_resolves_is_fine(ref: str, init_repo: Path, flaims: Run,
                                             tmp_path: Path) -> None:
    repo = tmp_path / "k"
    shutil.copytree(init_repo, repo)
    (repo / "people" / "ada.yaml").write_text("id: ada\nname: Ada\nstatus: active\n")
    (repo / NESTED).parent.mkdir(parents=True, exist_ok=True)
    (repo / NESTED).write_text(_report_with(ref).replace("tags: [timeouts]", "tags: [capacity]"))
    result = flaims("lint", "--format", "json", "--as-of", "2026-03-15", repo=repo)
    assert [d["code"] for d in json.loads(result.output)["diagnostics"]] == [], result.output


@pytest.mark.parametrize("ref", ["../../schemas/failure.schema.json",  # copied from a shallower file
                                 "../../../../schemas/retro.schema.json",  # another kind's schema
                                 "https://example.org/failure.schema.json"])
def test_a_schema_line_that_does_not_resolve_is_reported(ref: str, init_repo: Path, flaims: Run,
                                                         tmp_path: Path) -> None:
    repo = tmp_path / "k"
    shutil.copytree(init_repo, repo)
    (repo / "people" / "ada.yaml").write_text("id: ada\nname: Ada\nstatus: active\n")
    (repo / NESTED).parent.mkdir(parents=True, exist_ok=True)
    (repo / NESTED).write_text(_report_with(ref).replace("tags: [timeouts]", "tags: [capacity]"))
    result = flaims("lint", "--format", "json", "--as-of", "2026-03-15", repo=repo)
    found = json.loads(result.output)["diagnostics"]
    assert [(d["path"], d["line"], d["column"], d["code"], d["severity"]) for d in found] == [
        (NESTED, 1, 33, "schema-line", "warning")]
    assert found[0]["hint"].startswith("write $schema=../../../../schemas/failure.schema.json")
    assert result.exit_code == 0
