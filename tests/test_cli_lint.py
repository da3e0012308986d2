"""`flaims lint` as people and CI run it: exact output, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flaims_tool import schemas

from .conftest import PROJECT, Run

F = "failures/2026/2026-03-10-payment-timeouts.yaml"


def _break(repo: Path) -> None:
    path = repo / F
    text = path.read_text()
    text = text.replace("tags: [timeouts, capacity]", "tags: [timout, capacity]")
    text = text.replace("    due: 2026-04-01", "    due: 2026-03-20")
    path.write_text(text)


def test_text_output_is_exact(flaims: Run, example_repo: Path) -> None:
    _break(example_repo)
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 1
    assert result.output == (
        f"{F}:14:8: error unknown-tag unknown tag 'timout'; did you mean 'timeouts'?\n"
        "    hint: add it to failures/tags.yaml if it is a new pattern\n"
        f"{F}:21:10: warning overdue open action was due 2026-03-20\n"
        "    hint: mark it done or dropped, or set a new due date\n"
        "\n"
        "12 files checked: 1 error, 1 warning\n"
    )


def test_json_output_has_the_contract_shape(flaims: Run, example_repo: Path) -> None:
    _break(example_repo)
    result = flaims("lint", "--format", "json", repo=example_repo)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"files": 12, "errors": 1, "warnings": 1}
    assert data["diagnostics"][0] == {
        "path": F, "line": 14, "column": 8, "severity": "error", "code": "unknown-tag",
        "message": "unknown tag 'timout'; did you mean 'timeouts'?",
        "hint": "add it to failures/tags.yaml if it is a new pattern",
    }


def test_github_output_annotates_lines(flaims: Run, example_repo: Path) -> None:
    _break(example_repo)
    lines = flaims("lint", "--format", "github", repo=example_repo).output.splitlines()
    assert lines[0] == (
        f"::error file={F},line=14,col=8,title=flaims unknown-tag::unknown tag 'timout'; did you "
        "mean 'timeouts'? (add it to failures/tags.yaml if it is a new pattern)"
    )
    assert lines[1].startswith(f"::warning file={F},line=21,col=10,title=flaims overdue::")


def test_strict_fails_on_warnings_and_as_of_moves_the_clock(flaims: Run, example_repo: Path) -> None:
    path = example_repo / F
    path.write_text(path.read_text().replace("    due: 2026-04-01", "    due: 2026-03-20"))
    assert flaims("lint", repo=example_repo).exit_code == 0
    assert flaims("lint", "--strict", repo=example_repo).exit_code == 1
    assert flaims("lint", "--strict", "--as-of", "2026-03-15", repo=example_repo).exit_code == 0


def test_paths_limit_the_report_not_the_loading(flaims: Run, example_repo: Path) -> None:
    _break(example_repo)
    (example_repo / "people" / "bob-li.yaml").unlink()  # breaks references everywhere
    only_people = flaims("lint", str(example_repo / "people"), repo=example_repo)
    assert only_people.exit_code == 0
    only_failure = flaims("lint", "--format", "json", str(example_repo / F), repo=example_repo)
    codes = {d["code"] for d in json.loads(only_failure.output)["diagnostics"]}
    assert codes == {"unknown-tag", "unknown-person", "overdue"}


def test_runs_from_a_subfolder(flaims: Run, example_repo: Path, chdir) -> None:  # type: ignore[no-untyped-def]
    chdir(example_repo / "failures" / "2026")
    result = flaims("lint")
    assert (result.exit_code, result.output) == (0, "12 files checked: no problems\n")


def test_not_a_repository_is_exit_2_with_one_line(flaims: Run, tmp_path: Path) -> None:
    result = flaims("lint", repo=tmp_path)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "not a flaims repository" in result.output and "flaims init" in result.output


def test_broken_config_is_exit_2_with_one_line(flaims: Run, example_repo: Path) -> None:
    (example_repo / "flaims.yaml").write_text("organisation: Acme\noverflow:\n  threshold: three\n")
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 2
    assert result.output == (
        "flaims: flaims.yaml:3:14: error wrong-type overflow.threshold should be a whole number, "
        "not text\n"
    )
    (example_repo / "flaims.yaml").write_bytes(b"organisation: [Acme\n")
    result = flaims("lint", repo=example_repo)
    assert result.exit_code == 2 and "yaml-syntax" in result.output


def test_usage_errors_are_exit_2(flaims: Run, example_repo: Path) -> None:
    assert flaims("lint", "--format", "xml", repo=example_repo).exit_code == 2
    assert flaims("lint", "--as-of", "yesterday", repo=example_repo).exit_code == 2
    outside = flaims("lint", "/etc", repo=example_repo)
    assert outside.exit_code == 2 and "outside the repository" in outside.output


def test_installed_command_runs(example_repo: Path) -> None:
    """The console script itself, as CI and pre-commit call it."""
    out = subprocess.run([sys.executable, "-m", "flaims_tool", "--repo", str(example_repo), "lint"],
                         capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (0, "12 files checked: no problems\n", "")


def test_every_command_has_help_and_an_example(flaims: Run) -> None:
    from flaims_tool.cli import _available

    for name in _available():
        result = flaims(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"flaims {name} --help shows no example"


def test_top_level_schemas_equal_the_bundled_ones() -> None:
    for kind in schemas.KINDS:
        assert (PROJECT / "schemas" / f"{kind}.schema.json").read_text("utf-8") == \
            schemas.schema_text(kind), kind
    assert sorted(p.name for p in (PROJECT / "schemas").glob("*.json")) == \
        sorted(f"{k}.schema.json" for k in schemas.KINDS)


def test_schemas_are_valid_draft_2020_12_with_descriptions() -> None:
    from jsonschema import Draft202012Validator

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert "description" in prop, f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for kind in schemas.KINDS:
        s = schemas.schema(kind)
        Draft202012Validator.check_schema(s)
        assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert s["$id"].endswith(f"/{kind}.schema.json")
        walk(s, kind)


def test_a_mistyped_command_gets_a_suggestion(flaims: Run) -> None:
    result = flaims("lnt")
    assert result.exit_code == 2
    assert "no command 'lnt'; did you mean 'lint'?" in result.output
