"""Every check flaims makes, in one registry.

A rule has a stable code, a severity, a one-line summary, a `why` (its docstring), and a failing
example: a change to the formats.md example repository (`tests/fixtures/formats-example`) and
the line and column the diagnostic must point at. The original text is the passing example. The
rule documentation (`flaims rules`) and the per-rule tests are both made from these.
Rules that the loader or the schemas enforce have no `check`; the others yield diagnostics.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import parallel
from ..diagnostics import ERROR, WARNING, Diagnostic
from ..heap import no_gc
from ..model import Document
from ..workspace import Index
from ..yamlio import PathKey


@dataclass(frozen=True)
class Example:
    """`new` replaces `old` in `path` of the example repository (or is the whole file when
    `old` is None); the rule's diagnostic is then expected at `line`:`column` of `where`
    (by default `path` itself)."""

    path: str
    old: str | None
    new: str
    line: int
    column: int
    where: str | None = None

    @property
    def expected_path(self) -> str:
        return self.where or self.path


# What a document named when a rule's result for it was kept, as (kind, id), and a digest of
# those documents then (Context.each's `cites`).
Cited = tuple[list[tuple[str, str]], bytes]


class Memo(Protocol):
    """Diagnostics rules found in each document on an earlier run, reusable where the document
    and what else the rule read (`depends`) are unchanged; see cache.RuleResults."""

    # The documents whose content is what it was (their results may be reusable).
    unchanged: frozenset[str]

    def begin(self, documents: Iterable[Document]) -> None: ...

    def shared(self) -> Any: ...

    def merge(self, shared: Any) -> None: ...

    def reusable(self, rule: str, depends: bytes) -> tuple[frozenset[str], dict[str, list[Any]]]: ...

    def keep(self, rule: str, path: str, rows: list[Any]) -> None: ...

    def cited(self, rule: str, path: str) -> Cited | None: ...

    def cite(self, rule: str, path: str, named: list[tuple[str, str]], digest: bytes) -> None: ...


@dataclass
class Context:
    index: Index
    as_of: dt.date
    # The files the caller reports on (`flaims lint FILE`, as the pre-commit hook runs it), or
    # None for all. Every rule reports only in the document it inspects, so each inspects only
    # these (still reading the others as context: duplicate-id knows every id); lint keeps
    # only the diagnostics in these files.
    wanted: Callable[[str], bool] | None = None
    # Per-document results kept from an earlier run (cache.RuleResults), or None.
    memo: Memo | None = None
    _shown: frozenset[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # `wanted` once per file: rules ask about the same documents many times over.
        if self.wanted is not None:
            self._shown = frozenset(d.path for d in self.index.documents if self.wanted(d.path))

    def reports(self, doc: Document) -> bool:
        """Whether the caller will see this document's diagnostics."""
        return self._shown is None or doc.path in self._shown

    def reported(self, docs: Iterable[Document]) -> Iterator[Document]:
        """The documents whose diagnostics the caller will see."""
        shown = self._shown
        return iter(docs) if shown is None else (d for d in docs if d.path in shown)

    def each(self, code: str, docs: Iterable[Document], check: Callable[[Document], Iterable[Diagnostic]],
             depends: bytes | Callable[[], bytes | None] | None = b"",
             cites: Callable[[Document], list[tuple[str, str]]] | None = None) -> Iterator[Diagnostic]:
        """`check` of each reported document, for a rule whose diagnostics in a document depend
        only on that document's content and on `depends` (None: on something not digested, so
        nothing is reused; a function: computed only when there is a memo to ask): taken from
        the memo where it has them (blame-language walked every string of 10,000 documents on
        every run; the reference rules, every reference). `cites`: for a rule that also reads
        the documents each one names (a plan's evidence), those names as (kind, id); a kept
        result is reused only where they are the same documents with the same content."""
        memo = self.memo
        if memo is not None and callable(depends):
            depends = depends()
        if memo is None or not isinstance(depends, bytes):
            for doc in self.reported(docs):
                yield from check(doc)
            return
        unchanged, kept = memo.reusable(code, depends)
        for doc in self.reported(docs):
            if doc.path in unchanged:
                # An unchanged document names what it named then: only those are looked up,
                # and the document itself is not decoded.
                was = None if cites is None else memo.cited(code, doc.path)
                if cites is None or (was is not None and self._named(was[0]) == was[1]):
                    if was is not None:
                        memo.cite(code, doc.path, *was)
                    rows = kept.get(doc.path)
                    if rows:
                        memo.keep(code, doc.path, rows)
                        yield from (Diagnostic.from_row(row) for row in rows)
                    continue
            found = list(check(doc))
            if cites is not None:
                named = cites(doc)
                digest = self._named(named)
                if digest is not None:
                    memo.cite(code, doc.path, named, digest)
            if found:
                memo.keep(code, doc.path, [d.row() for d in found])
            yield from found

    def _named(self, named: list[tuple[str, str]]) -> bytes | None:
        """A digest of the documents these (kind, id) name now: which file, and its content."""
        return self.contents(self.index.get(kind, ref) for kind, ref in named)

    def ids(self, *kinds: str) -> bytes:
        """A digest of the ids the index knows for these kinds: the `depends` of a rule that
        asks only whether an id exists (and which known one is nearest)."""
        h = hashlib.blake2b(digest_size=16)
        for kind in kinds:  # surrogateescape: a file name need not be UTF-8 (its stem is an id)
            known = "\0".join(sorted(self.index.of(kind)))
            h.update(f"{kind}\1{known}\1".encode("utf-8", "surrogateescape"))
        return h.digest()

    @staticmethod
    def digest(value: Any) -> bytes:
        """A digest of plain data (its repr: lists and tuples, never a set, whose order differs
        by run): the `depends` of a rule that reads a few fields of many documents."""
        return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()

    def contents(self, docs: Iterable[Document | None]) -> bytes | None:
        """A digest of these documents' content (None for a missing one), or None when one of
        them has no digest (it was not loaded through the cache): the `depends` of a rule that
        reads their data."""
        h = hashlib.blake2b(digest_size=16)
        for doc in docs:
            if doc is None:
                h.update(b"\0")
                continue
            if doc.digest is None:
                return None
            h.update(doc.path.encode("utf-8", "surrogateescape") + b"\1" + doc.digest)
        return h.digest()

    def at(self, doc: Document, path: PathKey, code: str, message: str, *, key: bool = False,
           hint: str | None = None) -> Diagnostic:
        line, col = doc.pos(path, key=key)
        return Diagnostic(doc.path, line, col, code, message, RULES[code].severity, hint)


Check = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str
    why: str
    example: Example
    check: Check | None = None
    group: str = "references"


RULES: dict[str, Rule] = {}


def register(code: str, severity: str, summary: str, why: str, example: Example,
             group: str) -> None:
    """A rule enforced elsewhere (loader, schema): documented and tested like the others."""
    RULES[code] = Rule(code, severity, summary, " ".join(why.split()), example, None, group)


def rule(code: str, severity: str, summary: str, example: Example, group: str = "references",
         ) -> Callable[[Check], Check]:
    """Decorator: the function's docstring says why the rule exists."""

    def wrap(check: Check) -> Check:
        why = " ".join((check.__doc__ or "").split())
        RULES[code] = Rule(code, severity, summary, why, example, check, group)
        return check

    return wrap


# Below this many documents to check (not answered by the memo), the second process's start
# and its own setup of each rule's context cost about the half of the checking it takes
# (measured on two cores: no gain at 500 documents; at 1,000 part of cold lint's 0.325 s ->
# 0.255 s, with the parsing on both cores from 500 files).
PARALLEL_MIN_DOCUMENTS = 800


def run(index: Index, as_of: dt.date, wanted: Callable[[str], bool] | None = None,
        memo: Memo | None = None) -> list[Diagnostic]:
    """Every diagnostic for the repository: loading, schemas, then the cross-document rules.
    `wanted`: see Context (the result then holds at least every diagnostic in those files).
    A whole run with PARALLEL_MIN_DOCUMENTS or more to check runs the rules on both cores: a forked
    process inspects every other document, as if `flaims lint` had been asked about those
    files, and this one the rest (every rule reports only in the document it inspects, which
    the differential tests check: `lint FILE` equals the whole lint filtered to FILE)."""
    _load_all()
    if memo is not None:
        memo.begin(index.documents)
    found: list[Diagnostic] = list(index.diagnostics)
    half = _other_half(index, wanted, memo)
    with no_gc():
        if half is None:
            found.extend(_check(Context(index, as_of, wanted, memo)))
        else:
            with parallel.Forked(_check_half, index, as_of, half, memo) as other:
                found.extend(_check(Context(index, as_of, lambda path: path not in half, memo)))
                theirs = _merge(other.result(), memo)
            found.extend(theirs if theirs is not None
                         else _check(Context(index, as_of, half.__contains__, memo)))
    from ..privacy import redact

    return sorted(set(redact(found, index.documents, {c: r.summary for c, r in RULES.items()})),
                  key=Diagnostic.order)


def _check(ctx: Context) -> list[Diagnostic]:
    return [d for r in RULES.values() if r.check is not None for d in r.check(ctx)]


def _other_half(index: Index, wanted: Callable[[str], bool] | None,
                memo: Memo | None) -> frozenset[str] | None:
    """Every other document still to check, for the second process; None when one is enough."""
    if wanted is not None:
        return None
    unchanged = memo.unchanged if memo is not None else frozenset()
    todo = [d.path for d in index.documents if d.path not in unchanged]
    if len(todo) < PARALLEL_MIN_DOCUMENTS or not parallel.can_fork():
        return None
    return frozenset(todo[1::2])  # alternate: each half gets its share of every kind


def _check_half(index: Index, as_of: dt.date, half: frozenset[str], memo: Memo | None,
                ) -> tuple[list[Any], Any]:
    """In the forked process: the rules on `half`, as diagnostic rows, and what the memo kept."""
    found = _check(Context(index, as_of, half.__contains__, memo))
    return [d.row() for d in found], memo.shared() if memo is not None else None


def _merge(blob: bytes | None, memo: Memo | None) -> list[Diagnostic] | None:
    """The forked process's diagnostics, its memo's results merged into this one's; None when
    it gave none (it died, or failed: then this process checks that half itself)."""
    if blob is None:
        return None
    try:
        rows, shared = marshal.loads(blob)
        found = [Diagnostic.from_row(row) for row in rows]
    except (ValueError, TypeError, EOFError):
        return None
    if memo is not None and shared is not None:
        memo.merge(shared)
    return found


def _load_all() -> None:
    from . import (  # noqa: F401  (importing registers the rules)
        actions,
        files,
        identity,
        ladders,
        outcomes,
        people,
        plans,
        references,
        retros,
        taxonomy,
        teams,
        text,
    )


def all_rules() -> list[Rule]:
    _load_all()
    return sorted(RULES.values(), key=lambda r: r.code)


# Helpers shared by rule modules ---------------------------------------------------------------

def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def walk_strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every string value in a document with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from walk_strings(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk_strings(v, (*path, i))


__all__ = ["ERROR", "RULES", "WARNING", "Context", "Example", "Memo", "Rule", "all_rules", "register",
           "rule", "run"]
