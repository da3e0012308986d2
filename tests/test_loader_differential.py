"""The loader against PyYAML's own composer, an independent reading of the same libyaml parse.

For every document yamlio loads: the same data (plain scalars resolved by yamlio's YAML 1.2
rules, which tests/test_hostile.py checks on their own), and the positions of every node and
key and the typed text of every plain scalar that resolved, as PyYAML's nodes mark them. For
every document PyYAML cannot compose, yamlio gives an error. On the demo organisation, the
formats example, a generated organisation, the hostile corpus and hypothesis-generated
documents: the corpus any change to the loader's speed must leave reading the same.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool import yamlio

from .conftest import FORMATS_EXAMPLE, PROJECT
from .test_hostile import CORPUS, YAMLISH

Reading = tuple[Any, dict[Any, Any], dict[Any, Any], dict[Any, Any]]


class Refused(Exception):
    """What flaims refuses though YAML allows it."""


def composed(text: str) -> Reading | None:
    """(data, positions, key positions, texts) from PyYAML's node tree; None where an alias
    shares a node (yamlio marks an alias where it stands, the tree only where it was defined)."""
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    if root is None:
        raise yaml.YAMLError("no document")  # yamlio: empty-file
    positions: dict[Any, Any] = {}
    keys: dict[Any, Any] = {}
    texts: dict[Any, Any] = {}
    seen: set[int] = set()

    def at(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def scalar(node: yaml.ScalarNode) -> Any:
        plain = node.style in (None, "")
        return yamlio._resolve(node.value) if plain else node.value

    def build(node: yaml.Node, path: tuple[Any, ...]) -> Any:
        if id(node) in seen:
            raise LookupError("alias")
        seen.add(id(node))
        positions[path] = at(node)
        if isinstance(node, yaml.ScalarNode):
            value = scalar(node)
            if node.style in (None, "") and not isinstance(value, str):
                texts[path] = node.value
            return value
        if isinstance(node, yaml.SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key in out:
                raise Refused("a key that is not text, or a key given twice")
            where = (*path, key)
            keys[where] = at(key_node)
            out[key] = build(value_node, where)
        return out

    try:
        data = build(root, ())
    except LookupError:
        return None
    return data, positions, keys, texts


# Refusals of flaims' own, of documents YAML allows (a key that is not text or is given twice
# is checked in `composed`).
BOUNDS = {"explicit-tag", "not-a-mapping", "nesting-too-deep", "alias-expansion",
          "multiple-documents", "control-character", "tab-character", "encoding", "empty-file",
          "file-too-large"}


def same_reading(raw: bytes) -> bool:
    """Whether yamlio read `raw` as PyYAML composes it (False: both refuse it, or an alias)."""
    loaded = yamlio.load(raw, "doc.yaml")
    if any(d.code == "nesting-too-deep" for d in loaded.diagnostics):
        return False  # PyYAML's composer recurses: the lowest PyYAML crashes on 30,000 levels
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    try:
        reference = composed(text)
    except (yaml.YAMLError, RecursionError, Refused):
        assert loaded.data is None, "yamlio loaded what PyYAML or flaims' rules refuse"
        return False
    if loaded.data is None:
        assert {d.code for d in loaded.diagnostics if d.severity == "error"} <= BOUNDS
        return False
    if reference is None:
        return False
    data, positions, keys, texts = reference
    assert repr(loaded.data) == repr(data)  # repr: 1, 1.0 and True are equal, their reprs not
    assert loaded.positions == positions
    assert loaded.key_positions == keys
    assert loaded.texts == texts
    return True


FOLDERS = ("ladders", "failures", "retros", "curriculum", "people", "plans")


def knowledge_files(root: Path) -> list[Path]:
    return [root / "flaims.yaml", *sorted(p for f in FOLDERS for p in (root / f).rglob("*.y*ml"))]


@pytest.mark.parametrize("where", ["demo", "formats example"])
def test_the_shipped_documents_read_as_pyyaml_composes_them(where: str) -> None:
    files = knowledge_files(PROJECT if where == "demo" else FORMATS_EXAMPLE)
    assert len(files) > 10
    assert all(same_reading(path.read_bytes()) for path in files)


def test_a_generated_organisation_reads_as_pyyaml_composes_it(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), "--size", "400",
                    str(tmp_path)], check=True, capture_output=True)
    files = knowledge_files(tmp_path)
    assert len(files) > 350
    assert all(same_reading(path.read_bytes()) for path in files)


@pytest.mark.parametrize("name", [n for n, (content, _) in CORPUS.items() if isinstance(content, bytes)])
def test_the_hostile_corpus_reads_as_pyyaml_composes_it(name: str) -> None:
    content, _code = CORPUS[name]
    assert isinstance(content, bytes)
    same_reading(content)


SCALARS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.sampled_from(["yes", "no", "~", "null", "true", "0x1F", "0o17", "010", "1e5", ".inf",
                     "2026-03-10", "1.10", "-0", "+12", "a: b", "# not", "- x", "'q'"]),
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
DOCUMENTS = st.dictionaries(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8),
    st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4),
                 max_leaves=12),
    min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.sampled_from([False, True, None]), st.sampled_from([None, None, "'", '"']),
       st.integers(min_value=2, max_value=6))
def test_generated_documents_read_as_pyyaml_composes_them(data: dict[str, Any], flow: bool | None,
                                                           style: str | None, indent: int) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, default_style=style, indent=indent,
                          allow_unicode=True, sort_keys=False)
    raw = text.encode()
    if not same_reading(raw):  # PyYAML (YAML 1.1) tags quoted numbers, and leaves 0E0 plain
        assert {d.code for d in yamlio.load(raw, "doc.yaml").diagnostics} & \
            {"explicit-tag", "control-character", "non-string-key"}, text


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_reads_as_pyyaml_composes_it(text: str) -> None:
    same_reading(text.encode())


def test_an_alias_is_placed_where_it_stands_and_what_follows_keeps_its_place() -> None:
    """PyYAML's tree shares an aliased node, so the comparison above leaves aliases out: an
    alias is at the `*name`, its content only where the anchor stands, and the nodes after it
    keep their own positions (yamlio.Marks walks the data in the order the nodes were met)."""
    loaded = yamlio.load(b"id: x\nbase: &b\n  a: 1\n  b: [2, 3]\ncopy: *b\nafter:\n  c: 4\n"
                         b"list: [*b, 5]\n", "doc.yaml")
    assert loaded.data is not None and loaded.data["copy"] == loaded.data["base"]
    assert loaded.positions[("copy",)] == (5, 7)
    assert ("copy", "a") not in loaded.positions and ("base", "a") in loaded.positions
    assert loaded.positions[("base", "b", 1)] == (4, 10)
    assert loaded.positions[("after", "c")] == (7, 6)
    assert loaded.key_positions[("after", "c")] == (7, 3)
    assert loaded.positions[("list", 0)] == (8, 8) and loaded.positions[("list", 1)] == (8, 12)
    assert loaded.texts == {("base", "a"): "1", ("base", "b", 0): "2", ("base", "b", 1): "3",
                            ("after", "c"): "4", ("list", 1): "5"}
