"""Blame language: finds the words that put a person where a system or a decision belongs.

Measured on tests/fixtures/blame-corpus.yaml (labelled postmortem sentences); the rule's
documentation states the figures and tests/test_blame_corpus.py keeps them true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Quoted text (log lines, a phrase under discussion), file names, paths, identifiers and dated
# or long slugs are not the writer's own words about people: blanked out before matching.
_NOT_PROSE = re.compile(
    r"\"[^\"\n]*\"|`[^`\n]*`|(?<![\w])'[^'\n]*'(?![\w])"
    r"|\S*[/\\_]\S*|\b[\w-]+\.(?:ya?ml|json|md|txt|log|py|go|js|ts|sh|conf|cfg|toml|sql)\b"
    r"|\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b"
)

# Words that blame whoever the subject is.
_PHRASES = (
    r"(?:human|operator|user|pilot) error|careless(?:ly|ness)?|reckless(?:ly|ness)?"
    r"|negligen(?:t|ce|tly)|incompeten(?:t|ce)|sloppy|sloppily|lazy|lazily|stupid"
    r"|should have (?:known|noticed|checked|caught|seen|tested|realised|realized|asked)"
    r"|shouldn't have|should not have|dropped the ball|screwed up|messed up"
    r"|didn't bother|did not bother|forgot to|neglected to|failed to notice"
    r"|(?:his|her|their|\w+'s) (?:fault|mistake)|(?:the )?fault of (?!the (?:system|process|design))"
    r"|at fault|(?:is|was|were|are) to blame"
)
# A failure verb after a person: a name, a pronoun or a role.
_FAILURE_VERB = (
    r"(?:broke|forgot|missed|ignored|deleted|dropped|neglected|overlooked|botched|caused"
    r"|misconfigured|pushed a broken|failed to)\b"
)
_ROLE = (
    r"(?:the |an? )(?:new hire|intern|contractor|operator|developer|engineer|admin|administrator"
    r"|dba|sre|release (?:manager|engineer)|team lead|deployer|on-call(?: engineer)?"
    r"|engineer on call)"
)
_BLAMES = re.compile(
    rf"\b(?:{_PHRASES})\b"
    rf"|\b(?:{_ROLE}|he|she|someone|somebody) {_FAILURE_VERB}"
)
# "We blame Sara", "blamed the intern"; not "we blame the process" nor "git blame".
_BLAME_SOMEONE = re.compile(
    r"\b(?i:blamed?|blames|blaming) (?:(?i:him|her|them)\b|(?i:the|a|an) (?!(?i:process|system|design|tooling"
    r"|tools|pipeline|configuration|config|code)\b)\w+|[A-Z][a-z]+)"
)
# A capitalised first word before a failure verb is a person's name, unless it is one of these.
_NOT_A_NAME = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "Our", "Their", "We", "They",
    "You", "Nothing", "Nobody", "No", "None", "One", "Each", "Every", "Some", "All", "Most", "Many",
    "Both", "Either", "Neither", "Traffic", "Alerts", "Monitoring",
})
_NAME_FIRST = re.compile(rf"(?:^|[.;!?]\s+)([A-Z][a-z]+) {_FAILURE_VERB}")
_NAME_VERB = re.compile(rf"[A-Z][a-z]+ {_FAILURE_VERB}")  # what _NAME_FIRST needs, anywhere
# Negation just before a phrase: "this was not human error", "no one is to blame".
_NEGATED = re.compile(r"(?:\bnot|\bnever|\bno|\bno one|\bnobody|n't|\brather than|\binstead of)\s+"
                      r"(?:\w+\s+){0,2}$")
_NO_ONE = re.compile(r"(?:no one|nobody|no single person)\s*(?:'s|is|was)?\s*$", re.IGNORECASE)
# Every phrase holds one of these: a cheap test before the expressions run.
KEYS = ("error", "careless", "reckless", "negligen", "incompeten", "slopp", "lazy", "lazily", "stupid",
        "should", "dropped", "screwed", "messed", "bother", "forgot", "neglect", "fail", "fault",
        "mistake", "blame", "broke", "missed", "ignored", "deleted", "overlooked", "botched",
        "caused", "misconfigured", "pushed")
# The same test as one expression: C speed, where a loop over KEYS per sentence cost more at
# 10k documents than the phrases themselves.
_ANY_KEY = re.compile("|".join(KEYS))


def may_blame(lowered: str) -> bool:
    """Whether lower-cased text holds any word a blaming phrase needs (a cheap first test)."""
    return _ANY_KEY.search(lowered) is not None


def worth_reading(text: str, names: Iterable[str] = ()) -> bool:
    """False when `text` surely holds no blame: a necessary condition, cheaper than `find`.
    Blanking what is not prose only removes matches, so text with no match as it stands has
    none at all (the name-first pattern is tested without its sentence start, which blanking
    can bring next to a name)."""
    lowered = text.lower()
    if not may_blame(lowered):
        return False
    named_in = _named(tuple(names)) if names else None
    return bool(_BLAMES.search(lowered) or _BLAME_SOMEONE.search(text) or _NAME_VERB.search(text)
                or (named_in is not None and named_in.search(text)))


def find(text: str, names: Iterable[str] = ()) -> str | None:
    """The first blaming phrase in `text`, or None. `names`: people's names (from people/), whose
    every mention before a failure verb counts, wherever it stands in the sentence."""
    return _find_in_prose(text, names) if worth_reading(text, names) else None


def _find_in_prose(text: str, names: Iterable[str]) -> str | None:
    named_in = _named(tuple(names)) if names else None
    prose = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    lower = prose.lower()
    for m in (*_BLAMES.finditer(lower), *_BLAME_SOMEONE.finditer(prose)):
        before = lower[: m.start()]
        if _NEGATED.search(before) or _NO_ONE.search(before):
            continue
        return text[m.start():m.end()].strip().lower()
    for m in _NAME_FIRST.finditer(prose):
        if m.group(1) not in _NOT_A_NAME:
            return text[m.start(1):m.end()].strip()
    named = named_in.search(prose) if named_in is not None else None
    return text[named[0]:named[1]] if named else None


_AFTER_NAME = re.compile(rf" {_FAILURE_VERB}")  # where a name before a failure verb would end


class _Names:
    """Finds a person's name before a failure verb, as `\\b(?:name|...) verb` would (leftmost
    match, the longest name at that place), without that expression: an alternation of hundreds
    of names costs re a try of every name at every position (1.2 s of lint at 10k documents).
    Here each failure verb is found once and only the names of the lengths present are looked up
    just before it."""

    def __init__(self, names: tuple[str, ...]):
        self.names = frozenset(names)
        self.lengths = sorted({len(n) for n in self.names}, reverse=True)

    def search(self, text: str) -> tuple[int, int] | None:
        """(start, end) of the leftmost match, or None."""
        best: tuple[int, int] | None = None
        for m in _AFTER_NAME.finditer(text):
            at = m.start()
            for length in self.lengths:  # longest first: at one start, re takes the longest
                start = at - length
                if start < 0 or (best is not None and start > best[0]):
                    continue
                if text[start:at] in self.names and _boundary(text, start):
                    if best is None or start <= best[0]:  # same start, later verb: longer name
                        best = (start, m.end())
                    break
        return best


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what re's \w is for text


def _boundary(text: str, at: int) -> bool:
    """re's `\\b` at `at`."""
    before = at > 0 and _word(text[at - 1])
    after = at < len(text) and _word(text[at])
    return before != after


@lru_cache(maxsize=8)
def _named(names: tuple[str, ...]) -> _Names:
    """Compiled once per set of names (a pattern per name and sentence recompiled hundreds of
    times a report at 10k)."""
    return _Names(names)
