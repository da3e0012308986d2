"""Text rules: blameless wording, and no placeholders left to fill in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from . import ERROR, WARNING, Context, Example, rule, walk_strings

# Phrases that put a person where a system or a decision belongs.
# Matched against lower-cased text (IGNORECASE makes this alternation several times slower).
_BLAME = re.compile(
    r"\b(?:human error|operator error|user error|careless(?:ness)?|negligen(?:t|ce)|incompeten(?:t|ce)"
    r"|should have known|should have noticed|should have checked|shouldn't have|should not have"
    r"|(?:his|her|their|\w+'s) fault|fault of|to blame|blamed?|sloppy|lazy|stupid"
    r"|dropped the ball|screwed up|messed up|didn't bother|did not bother)\b"
)
# Every phrase above contains one of these: a cheap test that skips most reports.
_BLAME_KEYS = ("error", "careless", "negligen", "incompeten", "should", "fault", "blame", "sloppy",
               "lazy", "stupid", "dropped the ball", "screwed", "messed", "bother")
PLACEHOLDER = re.compile(r"^TODO\b")


@rule("blame-language", WARNING, "Failure reports describe systems and decisions, not culprits.",
      Example("failures/2026/2026-03-10-payment-timeouts.yaml",
              "  - Connection pool sized for last year's traffic.",
              "  - Human error left the pool sized for last year's traffic.", 13, 5), "text")
def blame_language(ctx: Context) -> Iterator[Diagnostic]:
    """People report failures honestly only when reports do not punish. "Human error" ends an
    inquiry where it should begin: ask what made the action reasonable at the time, and which
    system let it cause harm."""
    for doc in ctx.index.valid("failure", needs=()):  # every sound field, whatever else is broken
        data = doc.sound_data
        # One C-speed look at the whole report first: most reports are blameless.
        whole = repr(data).lower()
        if not any(k in whole for k in _BLAME_KEYS) or not _BLAME.search(whole):
            continue
        for path, text in walk_strings(data):
            m = _BLAME.search(text.lower())
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
        if "TODO" not in repr(doc.data):  # C-speed test before walking every string
            continue
        for path, text in walk_strings(doc.data):
            if PLACEHOLDER.match(text):
                yield ctx.at(doc, path, "placeholder", "placeholder still to be filled in",
                             hint="replace the TODO text")
