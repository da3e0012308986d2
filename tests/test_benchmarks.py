"""The benchmark scripts work (at a tiny size: benchmarks are not timed tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT, Run

BENCH = PROJECT / "benchmarks"


def generate(dest: Path, size: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH / "generate.py"), "--size", str(size),
                           str(dest), *args], capture_output=True, text=True)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_generated_organisation_lints_without_errors(tmp_path: Path, flaims: Run) -> None:
    out = generate(tmp_path / "org", 120)
    assert (out.returncode, out.stderr) == (0, f"{tmp_path / 'org'}: 119 documents\n")
    result = flaims("lint", "--format", "json", "--no-cache", repo=tmp_path / "org")
    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert report["summary"]["errors"] == 0 and report["summary"]["files"] == 120
    kinds = {rel.split("/")[0] for rel in files(tmp_path / "org")}
    assert kinds == {"flaims.yaml", "ladders", "failures", "retros", "curriculum", "people",
                     "plans"}


def test_the_same_seed_gives_the_same_files_and_another_seed_others(tmp_path: Path) -> None:
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        assert generate(tmp_path / name, 80, "--seed", seed).returncode == 0
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_common_tags_overflow_and_the_long_tail_does_not(tmp_path: Path, flaims: Run) -> None:
    generate(tmp_path / "org", 400)
    result = flaims("overflow", "--format", "json", repo=tmp_path / "org")
    overflowing = {t["tag"] for t in json.loads(result.output)["overflowing"]}
    tags = (tmp_path / "org" / "failures" / "tags.yaml").read_text().count("  - id: ")
    assert 0 < len(overflowing) < tags / 2


def test_generate_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "notes.txt").write_text("mine")
    out = generate(tmp_path / "org", 60)
    assert out.returncode != 0 and "not empty" in out.stderr
    assert (tmp_path / "org" / "notes.txt").read_text() == "mine"


ROWS = [
    "parse floor: read + libyaml CSafeLoader, one process",
    "flaims lint, cold (empty cache)",
    "flaims lint --no-cache",
    "flaims lint, warm (nothing changed)",
    "check-jsonschema with ruamel.yaml.clib, failure reports only",
    "check-jsonschema without ruamel.yaml.clib (pip's default), failure reports only",
    "yamllint, failure reports only",
    "flaims lint FILE (pre-commit hook), one file changed",
    "flaims lint, one file changed since the last run",
    "flaims lint --changed-since HEAD~1, one file changed",
    "flaims overflow",
    "flaims health",
    "page generation (flaims' part of the build)",
    "mkdocs build of the generated folder",
    "flaims build (lint, pages, MkDocs: the whole handbook)",
]


@pytest.mark.slow
def test_run_prints_every_row(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(BENCH / "run.py"), "--size", "60", "--workdir",
                          str(tmp_path), "--json", str(tmp_path / "rows.json")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "rows.json").read_text())
    names = [r["what"] for r in report["rows"]]
    assert names[:-1] == ROWS
    assert names[-1].startswith("flaims lint, ") and names[-1].endswith("-file repository (median of 5)")
    assert report["info"]["lint_exit"] == 0
    table = out.stdout.splitlines()
    assert table[2:4] == ["| measurement | seconds | peak MiB | ratio | target | |",
                          "|---|---:|---:|---:|---|---|"]
    for row in report["rows"]:
        assert any(line.startswith(f"| {row['what']}") for line in table), row["what"]
        # every command exists in this flaims, so every row was measured
        assert row["seconds"] is not None and row["seconds"] > 0, row
        assert row["peak_mib"] > 1, row
    cold = next(r for r in report["rows"] if r["what"] == ROWS[1])
    assert cold["ratio"] is not None and cold["versus"] == "floor"
    assert list(tmp_path.iterdir()) == [tmp_path / "rows.json"]  # the repositories are removed


def test_run_gives_an_na_row_for_a_missing_command(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import run as bench
    finally:
        sys.path.remove(str(BENCH))
    row = bench.Row("flaims nothing", bench.unavailable("flaims has no nothing command yet"))
    assert bench.table([row]).splitlines()[-1] == \
        "| flaims nothing | n/a (flaims has no nothing command yet) | | |  | |"
    assert not bench.has_command("nothing") and bench.has_command("lint")
