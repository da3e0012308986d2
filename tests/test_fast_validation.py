"""The fast "valid?" path (jsonschema-rs) never accepts what python-jsonschema rejects.

schemas.validate trusts the Rust validator only when it says "valid"; everything else goes to
python-jsonschema. So the two may disagree in one direction only: Rust stricter is fine (the
document is re-checked), Rust more lenient would lose diagnostics.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flaims_tool import schemas, yamlio
from flaims_tool.workspace import classify, discover

EXAMPLE = Path(__file__).parent / "fixtures" / "formats-example"


def _examples() -> list[tuple[str, dict[str, Any]]]:
    found = [("config", yamlio.read(EXAMPLE / "flaims.yaml", "flaims.yaml").data)]
    for rel, path in discover(EXAMPLE):
        kind, _ = classify(rel)
        if kind:
            found.append((kind, yamlio.read(path, rel).data))
    return [(k, d) for k, d in found if d is not None]


EXAMPLES = _examples()


def test_every_kind_has_a_fast_validator() -> None:
    # A schema change that made a pattern non-portable would silently lose the speed-up.
    assert {k: schemas.fast_validator(k) is not None for k in schemas.KINDS} == \
        dict.fromkeys(schemas.KINDS, True)


@pytest.mark.parametrize(("kind", "data"), EXAMPLES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(EXAMPLES)])
def test_both_accept_the_formats_example(kind: str, data: dict[str, Any]) -> None:
    assert schemas.fast_validator(kind).is_valid(data)
    assert schemas.validator(kind).is_valid(data)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*path, i))
    return found


_DATE_LIKE = st.builds(
    lambda y, m, d, sep: f"{y:04d}{sep}{m:02d}{sep}{d:02d}",
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["-", "/", ""]),
)
_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="abz09-/:@.\\ \n\t\x1c\x1f\x85\u2028\ufeff", max_size=14),
    st.sampled_from(["", "a", "alice-ng", "Alice", "a--b", "-a", "2026-03-10-x", "engineering/testing",
                     "retro:2026-03-14-payments-march", "failure:2026-3-1-x", "curriculum:x",
                     "https://x.example/a b", "https://x.example/\x85", "http://", "mailto:a@b",
                     "a@b", "@", "a@", "open", "done", "high", "private", "e2", "alice-ng\n"]),
    _DATE_LIKE,
    st.builds(lambda d: d.isoformat(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))),
)
_SCALAR = st.one_of(_TEXT, st.integers(-3, 2000), st.floats(allow_nan=False, allow_infinity=False),
                    st.booleans(), st.none())
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)), max_leaves=6)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    kind, original = draw(st.sampled_from(EXAMPLES))
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        last = path[-1]
        if action == "replace":
            parent[last] = draw(_VALUE)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(_TEXT)] = draw(_VALUE)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return kind, data


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_validator_is_never_more_lenient(case: tuple[str, Any]) -> None:
    kind, data = case
    if schemas.fast_validator(kind).is_valid(data):
        assert schemas.validator(kind).is_valid(data), data


TRICKY = ["2026-02-29", "2024-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31",
          "0000-01-01", "2026-1-01", "20260310", "2026-W10-1", "2026-03-10T00:00:00Z",
          "2026-03-10\n", "\uff12026-03-10", "a@b", "ab", "a b@c", "@", "https://x.example/",
          "https://", "ftp://x", "https://a b", "alice-ng\n", "Alice", "a_b", "", " ", "x" * 81,
          "e9", "open\n", 1, 1.0, 1.5, -1, 0, 1441, True, None, [], {}, ["a", "a"], ["a"],
          [1, 1.0], [{"a": 1}, {"a": 1.0}], "a\x85@b.c", "a@b\x1c.c", "a @b.c", "a@b.c",
          "https://a\x85b", "https://a\u2028b", "https://a\x1fb", "https://a\ufeffb",
          ["a@b.c", "a@b.c"]]


def test_no_tricky_value_anywhere_is_accepted_only_by_the_fast_validator() -> None:
    # Every leaf of every example document, replaced in turn by each tricky value.
    checked = 0
    for kind, original in EXAMPLES:
        for path in _paths(original):
            if not path:
                continue
            for value in TRICKY:
                data = copy.deepcopy(original)
                parent = data
                for step in path[:-1]:
                    parent = parent[step]
                parent[path[-1]] = copy.deepcopy(value)
                if schemas.fast_validator(kind).is_valid(data):
                    assert schemas.validator(kind).is_valid(data), (kind, path, value)
                checked += 1
    assert checked > 5000


def test_whitespace_in_evidence_urls_is_judged_alike() -> None:
    # Python's \s matches U+001C..U+001F and U+0085; Rust's does not (hence the rewrite).
    plan = copy.deepcopy(next(d for k, d in EXAMPLES if k == "plan"))
    for ch in ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", " ", "\u2028", "\u3000", "\ufeff", "x"]:
        plan["growth"][0]["evidence"] = [f"https://a{ch}b"]
        fast = schemas.fast_validator("plan").is_valid(plan)
        slow = schemas.validator("plan").is_valid(plan)
        assert not fast or slow, repr(ch)
        assert slow == (ch in ("\ufeff", "x")), repr(ch)


def _space_candidates() -> list[str]:
    import unicodedata

    return [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and (
        chr(c).isspace() or unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp", "Cc", "Cf"))]


@pytest.mark.parametrize("pattern", [r"^a\sb$", r"^a\Sb$", r"^a[^@\s]b$", r"^a[\s@]b$"])
def test_space_escapes_mean_what_python_means(pattern: str) -> None:
    import re

    import jsonschema_rs

    rust = jsonschema_rs.Draft202012Validator({"pattern": schemas._portable_pattern(pattern)})
    python = re.compile(pattern)
    for ch in [*_space_candidates(), "x", "@", "\u00e9"]:
        assert rust.is_valid(f"a{ch}b") == bool(python.search(f"a{ch}b")), (pattern, repr(ch))


@pytest.mark.parametrize("pattern", [r"\d", r"\w+", r"\bx", r"[\S@]", r"\p{L}", r"[^]]"])
def test_escapes_that_differ_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="not portable"):
        schemas._portable_pattern(pattern)
