"""Text rules: blameless wording, and no placeholders left to fill in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import blame
from ..diagnostics import Diagnostic, quote
from ..model import Document
from . import ERROR, WARNING, Context, Example, rule, walk_strings

PLACEHOLDER = re.compile(r"^TODO\b")


@rule("blame-language", WARNING, "Failure reports describe systems and decisions, not culprits.",
      Example("failures/2026/2026-03-10-payment-timeouts.yaml",
              "  - Connection pool sized for last year's traffic.",
              "  - Human error left the pool sized for last year's traffic.", 13, 5), "text")
def blame_language(ctx: Context) -> Iterator[Diagnostic]:
    """People report failures honestly only when reports do not punish. "Human error" ends an
    inquiry where it should begin: ask what made the action reasonable at the time, and which
    system let it cause harm. Measured on 98 labelled sentences in the style of public
    postmortems (tests/fixtures/blame-corpus.yaml, 48 blaming, 50 blameless): precision 0.94,
    recall 0.94. Quoted text, file names and ids are never read as blame."""
    names = _names(ctx)

    def check(doc: Document) -> Iterator[Diagnostic]:
        data = doc.sound_data
        # One C-speed look at the whole report first: most reports are blameless.
        if not blame.may_blame(repr(data).lower()):
            return
        for path, text in walk_strings(data):
            phrase = blame.find(text, names)
            if phrase:
                yield ctx.at(doc, path, "blame-language",
                             f"{quote(phrase)} is blame language; describe the system and the "
                             "decisions, not a culprit",
                             hint="ask what made the action reasonable at the time")

    # every sound field, whatever else is broken; a report's result depends on its own text and
    # on the people's names only (sorted: _names comes in a set's order, which differs by run)
    yield from ctx.each("blame-language", ctx.index.valid("failure", needs=()), check,
                        ctx.digest(sorted(names)))


def _field(path: tuple[str | int, ...]) -> str:
    """`contributing_factors[0]`, `growth[1].target`: a field as people name it."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the document"


def _names(ctx: Context) -> list[str]:
    """People's names and first names, as a report would write them."""
    found: set[str] = set()
    for person in ctx.index.valid("person"):
        name = person.field("name")
        if isinstance(name, str) and name.strip():
            found.update({name.strip(), name.split()[0]})
    return sorted(found, key=len, reverse=True)


@rule("placeholder", ERROR, "No `TODO` placeholder left from `flaims new` or `--scaffold`.",
      Example("people/bob-li.yaml", "name: Bob Li", "name: TODO the person's full name", 2, 7),
      "text")
def placeholder(ctx: Context) -> Iterator[Diagnostic]:
    """Stubs written by flaims mark what a person must still fill in; they must not be published
    as if they were knowledge."""
    def check(doc: Document) -> Iterator[Diagnostic]:
        if "TODO" not in repr(doc.data):  # C-speed test before walking every string
            return
        for path, text in walk_strings(doc.data):
            if PLACEHOLDER.match(text):
                name = _field(path)
                yield ctx.at(doc, path, "placeholder", f"{name} still holds a TODO placeholder",
                             hint=f"write what belongs in {name}")

    yield from ctx.each("placeholder", ctx.index.documents, check)
