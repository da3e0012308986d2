"""Every check flaims makes, in one registry.

A rule has a stable code, a severity, a one-line summary, a `why` (its docstring), and a failing
example: a change to the formats.md example repository (`tests/fixtures/formats-example`) and
the line and column the diagnostic must point at. The original text is the passing example. The
rule documentation (`flaims rules`) and the per-rule tests are both made from these.
Rules that the loader or the schemas enforce have no `check`; the others yield diagnostics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..diagnostics import ERROR, WARNING, Diagnostic
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


@dataclass
class Context:
    index: Index
    as_of: dt.date
    # The files the caller reports on (`flaims lint FILE`, as the pre-commit hook runs it), or
    # None for all. Rules that read every string of every document skip the others; the rest
    # run whole, and lint keeps only the diagnostics in these files.
    wanted: Callable[[str], bool] | None = None

    def reported(self, docs: Iterable[Document]) -> Iterator[Document]:
        """The documents whose diagnostics the caller will see."""
        return iter(docs) if self.wanted is None else (d for d in docs if self.wanted(d.path))

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


def run(index: Index, as_of: dt.date, wanted: Callable[[str], bool] | None = None,
        ) -> list[Diagnostic]:
    """Every diagnostic for the repository: loading, schemas, then the cross-document rules.
    `wanted`: see Context (the result then holds at least every diagnostic in those files)."""
    _load_all()
    ctx = Context(index, as_of, wanted)
    found: list[Diagnostic] = list(index.diagnostics)
    for r in RULES.values():
        if r.check is not None:
            found.extend(r.check(ctx))
    from ..privacy import redact

    return sorted(set(redact(found, index.documents, {c: r.summary for c, r in RULES.items()})))


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


__all__ = ["ERROR", "RULES", "WARNING", "Context", "Example", "Rule", "all_rules", "register",
           "rule", "run"]
