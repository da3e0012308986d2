"""Text rules: blameless wording, and no placeholders left to fill in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from . import ERROR, WARNING, Context, Example, rule, walk_strings

# Phrases that put a person where a system or a decision belongs.
_BLAME = re.compile(
    r"\b(human error|operator error|user error|careless(ness)?|negligen(t|ce)|incompeten(t|ce)"
    r"|should have known|should have noticed|should have checked|shouldn't have|should not have"
    r"|(his|her|their|[A-Z][a-z]+'s) fault|fault of|to blame|blamed?|sloppy|lazy|stupid"
    r"|dropped the ball|screwed up|messed up|didn't bother|did not bother)\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"^TODO\b")


@rule("blame-language", WARNING, "Failure reports describe systems and decisions, not culprits.",
      Example("failures/2026/2026-03-10-payment-timeouts.yaml",
              "  - Connection pool sized for last year's traffic.",
              "  - Human error left the pool sized for last year's traffic.", 13, 5), "text")
def blame_language(ctx: Context) -> Iterator[Diagnostic]:
    """People report failures honestly only when reports do not punish. "Human error" ends an
    inquiry where it should begin: ask what made the action reasonable at the time, and which
    system let it cause harm."""
    for doc in ctx.index.valid("failure"):
        for path, text in walk_strings(doc.data):
            m = _BLAME.search(text)
            if m:
                yield ctx.at(doc, path, "blame-language",
                             f"'{m.group(0)}' is blame language; describe the system and the "
                             "decisions, not a culprit",
                             hint="ask what made the action reasonable at the time")


@rule("placeholder", ERROR, "No `TODO` placeholder left from `flaims new` or `--scaffold`.",
      Example("people/bob-li.yaml", "name: Bob Li", "name: TODO the person's full name", 2, 7),
      "text")
def placeholder(ctx: Context) -> Iterator[Diagnostic]:
    """Stubs written by flaims mark what a person must still fill in; they must not be published
    as if they were knowledge."""
    for doc in ctx.index.documents:
        for path, text in walk_strings(doc.data):
            if PLACEHOLDER.match(text):
                yield ctx.at(doc, path, "placeholder", "placeholder still to be filled in",
                             hint="replace the TODO text")
