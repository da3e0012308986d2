"""Hostile and malformed input: each file gets its diagnostic quickly, and nothing else changes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool import schemas, yamlio

from .conftest import Run, lint_json

PERSON = "id: mallory\nname: Mallory\nstatus: active\n"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

# name -> (bytes of people/mallory.yaml, or a special marker; expected code)
CORPUS: dict[str, tuple[bytes | str, str]] = {
    "syntax error": (b"id: mallory\nname: [Mallory\nstatus: active\n", "yaml-syntax"),
    "duplicate key": (b"id: mallory\nname: Mallory\nname: Eve\nstatus: active\n", "duplicate-key"),
    "billion laughs": (LAUGHS.encode(), "alias-expansion"),
    "30,000 levels of flow nesting": (b"id: " + b"[" * 30_000 + b"]" * 30_000 + b"\n", "nesting-too-deep"),
    "deep block nesting": (("id: mallory\n" + "".join("  " * i + f"k{i}:\n" for i in range(60))
                            + "  " * 60 + "v: 1\n").encode(), "nesting-too-deep"),
    "latin-1 bytes": ("id: mallory\nname: Mallory Fran\xe7ois\n".encode("latin-1"), "encoding"),
    "utf-16": (PERSON.encode("utf-16"), "encoding"),
    "utf-16 without bom": (PERSON.encode("utf-16-le"), "encoding"),
    "control character": (b"id: mallory\nname: Mall\x1bory\nstatus: active\n", "control-character"),
    "C1 control character": ("id: mallory\nname: Mall\x85ory\x9b\n".encode(), "control-character"),
    "tab indentation": (b"id: mallory\nname:\n\tfirst: Mallory\n", "tab-character"),
    "tab in a value": (b"id: mallory\nname: Mal\tlory\nstatus: active\n", "tab-character"),
    "several documents": (PERSON.encode() + b"---\n" + PERSON.encode(), "multiple-documents"),
    "empty file": (b"", "empty-file"),
    "comment-only file": (b"# nothing here yet\n# really\n", "empty-file"),
    "only a document marker": (b"---\n", "empty-file"),
    "top-level list": (b"- id: mallory\n", "not-a-mapping"),
    "top-level string": (b"mallory\n", "not-a-mapping"),
    "file over the size bound": (b"id: mallory\nname: " + b"x" * (yamlio.MAX_BYTES + 10) + b"\n", "file-too-large"),
    "python object tag": (b"id: !!python/object/apply:os.system ['echo pwned']\n", "explicit-tag"),
    "python name tag": (b"id: !!python/name:os.system\n", "explicit-tag"),
    "binary tag": (b"id: mallory\nname: !!binary TWFsbG9yeQ==\n", "explicit-tag"),
    "set tag": (b"id: mallory\nname: !!set {a, b}\n", "explicit-tag"),
    "custom local tag": (b"id: mallory\nname: !secret Mallory\n", "explicit-tag"),
    "str tag": (b"id: mallory\nname: !!str Mallory\n", "explicit-tag"),
    "integer key": (b"id: mallory\n2026: joined\n", "non-string-key"),
    "boolean key": (b"id: mallory\ntrue: joined\n", "non-string-key"),
    "null key": (b"id: mallory\n~: joined\n", "non-string-key"),
    "complex key": (b"id: mallory\n? [a, b]\n: joined\n", "non-string-key"),
    "symlink to /dev/zero": ("symlink:/dev/zero", "symlink"),
    "symlink outside the repository": ("symlink:/etc/passwd", "symlink"),
    "named pipe": ("fifo", "special-file"),
}


def _plant(repo: Path, content: bytes | str) -> Path:
    target = repo / "people" / "mallory.yaml"
    if isinstance(content, bytes):
        target.write_bytes(content)
    elif content.startswith("symlink:"):
        target.symlink_to(content.split(":", 1)[1])
    elif content == "fifo":
        os.mkfifo(target)
    return target


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_file_gets_its_diagnostic_and_changes_nothing_else(
    name: str, flaims: Run, example_repo: Path
) -> None:
    baseline = lint_json(flaims, example_repo)["diagnostics"]
    content, code = CORPUS[name]
    _plant(example_repo, content)
    started = time.perf_counter()
    report = lint_json(flaims, example_repo)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{name}: {elapsed:.2f}s"
    mine = [d for d in report["diagnostics"] if d["path"] == "people/mallory.yaml"]
    others = [d for d in report["diagnostics"] if d["path"] != "people/mallory.yaml"]
    assert [d["code"] for d in mine] == [code], mine
    assert others == baseline
    assert mine[0]["line"] >= 1 and mine[0]["column"] >= 1
    assert report["summary"]["errors"] == 1


def test_positions_point_at_the_problem() -> None:
    cases = {
        b"id: mallory\nname: Mallory\nname: Eve\n": (3, 1),
        b"id: mallory\nname: Mall\x1bory\n": (2, 11),
        "id: x\nname: Fran\xe7ois\n".encode("latin-1"): (2, 11),
        b"a: 1\nb:\n\tc: 2\n": (3, 1),
        b"a: 1\n---\nb: 2\n": (2, 1),
        b"a: 1\nb: !!binary AAAA\n": (2, 4),
        b"a: 1\nb: [1, 2\nc: 3\n": (3, 2),
    }
    for raw, pos in cases.items():
        (problem,) = yamlio.load(raw, "x.yaml").diagnostics
        assert (problem.line, problem.column) == pos, (raw, problem)


def test_utf8_bom_is_fine(flaims: Run, example_repo: Path) -> None:
    _plant(example_repo, b"\xef\xbb\xbf" + PERSON.encode())
    assert lint_json(flaims, example_repo)["diagnostics"] == []


def test_values_keep_what_the_writer_typed() -> None:
    raw = b"id: mallory\nname: no\nteam: '01234'\nstatus: active\nemails: [m@acme.example]\n"
    loaded = yamlio.load(raw, "people/mallory.yaml")
    assert schemas.validate("person", loaded) == []
    assert loaded.data == {"id": "mallory", "name": "no", "team": "01234", "status": "active",
                           "emails": ["m@acme.example"]}
    # Text that YAML 1.2 reads as a number, boolean or null is kept as typed, with a warning
    # (editors and other schema tools read the number); `on` is text in YAML 1.2.
    for typed in ("1.10", "01234", "on", "2026", "true", "3.0e5", "0x1F", "0o17", ".inf", "~"):
        loaded = yamlio.load(f"id: mallory\nname: {typed}\nstatus: active\n".encode(), "p.yaml")
        found = [(d.code, d.severity, d.line, d.column) for d in schemas.validate("person", loaded)]
        assert found == ([] if typed == "on" else [("unquoted-text", "warning", 2, 7)]), typed
        assert loaded.data is not None and loaded.data["name"] == typed


@pytest.mark.parametrize("date", ["2026-03-10", "'2026-03-10'", '"2026-03-10"'])
def test_dates_validate_whether_quoted_or_not(date: str) -> None:
    raw = f"id: 2026-03-10-x\ndate: {date}\n".encode()
    loaded = yamlio.load(raw, "f.yaml")
    assert loaded.data is not None and loaded.data["date"] == "2026-03-10"


@pytest.mark.parametrize("date", ["not-a-date", "2026-02-30", "2026-3-1", "20260301"])
def test_bad_dates_are_caught(date: str, flaims: Run, example_repo: Path) -> None:
    plan = example_repo / "plans" / "alice-ng.yaml"
    plan.write_text(plan.read_text().replace("updated: 2026-03-01", f"updated: {date}"))
    (problem,) = lint_json(flaims, example_repo)["diagnostics"]
    assert (problem["code"], problem["line"], problem["column"]) == ("bad-value", 3, 10)


def test_messages_never_echo_long_values(flaims: Run, example_repo: Path) -> None:
    secret = "my-private-vision-" + "z" * 200
    plan = example_repo / "plans" / "alice-ng.yaml"
    plan.write_text(plan.read_text().replace("visibility: private", f"visibility: {secret}"))
    result = flaims("lint", "--format", "json", repo=example_repo)
    assert "z" * 50 not in result.output
    assert json.loads(result.output)["diagnostics"][0]["code"] == "bad-value"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_loader_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    loaded = yamlio.load(raw, "fuzz.yaml")
    # an error means no data; warnings (text-cut-by-comment, folded-list-item) come with data
    assert (loaded.data is None) == any(d.severity == "error" for d in loaded.diagnostics)
    if loaded.data is not None:
        assert isinstance(loaded.data, dict)
        json.dumps(loaded.data)  # plain data only


YAMLISH = st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n,?~01.")), max_size=120)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_loader_never_raises_on_yaml_like_text(text: str) -> None:
    loaded = yamlio.load(text.encode(), "fuzz.yaml")
    # an error means no data; warnings (text-cut-by-comment, folded-list-item) come with data
    assert (loaded.data is None) == any(d.severity == "error" for d in loaded.diagnostics)
    for d in loaded.diagnostics:
        assert d.line >= 1 and d.column >= 1


def test_a_value_lost_to_a_comment_is_told() -> None:
    # `priority: #1` is an empty value and a comment to YAML; found by the fuzz test above (as
    # `00: #0`, whose key YAML 1.2 now reads as a number)
    (d,) = yamlio.load(b"priority: #1\n", "x.yaml").diagnostics
    assert (d.line, d.column, d.code, d.severity) == (1, 11, "text-cut-by-comment", "warning")


def test_a_value_opening_with_a_quote_gets_a_hint() -> None:
    raw = b'lessons:\n  - "Instant" is a promise we make.\n  - Another lesson.\n'
    (problem,) = yamlio.load(raw, "f.yaml").diagnostics
    assert problem.code == "yaml-syntax"
    assert problem.hint is not None and problem.hint.startswith("line 2: a value that starts with a quote")


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("levels", [41, 1_001, 30_000])
def test_deep_nesting_is_nesting_too_deep_whichever_parser_refuses(
    loader: str, levels: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libyaml in PyYAML >= 6.0.2 refuses 1,000 levels itself, ahead of flaims' bound of 40;
    # the pure-Python parser never does. Either way people read the same diagnostic.
    if not hasattr(yaml, loader):  # pragma: no cover - PyYAML built without libyaml
        pytest.skip(f"PyYAML has no {loader}")
    monkeypatch.setattr(yamlio, "_Loader", getattr(yaml, loader))
    for raw in (b"id: " + b"[" * levels + b"]" * levels + b"\n",
                b"id: x\nk:\n" + b"- " * levels + b"v\n"):  # compact block nesting: one line
        (problem,) = yamlio.load(raw, "x.yaml").diagnostics
        assert (problem.code, problem.message, problem.hint) == (
            "nesting-too-deep", "nesting is deeper than 40 levels",
            "flatten the structure: flaims' formats need a few levels, never hundreds",
        )
