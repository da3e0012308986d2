"""Team rules: every `team` names a team of the organisation, spelled one way."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..diagnostics import Diagnostic, did_you_mean, quote
from ..model import Document
from . import ERROR, WARNING, Context, Example, rule

# The kinds that carry a `team` (formats.md).
TEAM_KINDS = ("person", "failure", "retro")
# Without a registry, a spelling used once this close to another is probably a typo of it.
MAX_EDITS = 2
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def team_fields(ctx: Context) -> Iterator[tuple[Document, str]]:
    for doc in ctx.index.documents:
        team = doc.field("team") if doc.kind in TEAM_KINDS else None
        # A value that is not an id at all is the schema's to report (bad-value), once.
        if isinstance(team, str) and SLUG.match(team):
            yield doc, team


def edits(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def near_spellings(counts: Counter[str]) -> dict[str, str]:
    """Spelling used once -> the most used other spelling one or two edits away."""
    found: dict[str, str] = {}
    for team, n in counts.items():
        if n != 1:
            continue
        near = [other for other in counts if other != team and edits(team, other) <= MAX_EDITS]
        if near:
            found[team] = max(near, key=lambda o: (counts[o], -edits(team, o), o))
    return found


@rule("unknown-team", ERROR, "Every `team` (people, failure reports, retros) is a team in "
      "flaims.yaml's `teams`, when the registry exists.",
      Example("flaims.yaml", "as_of: 2026-03-31",
              "as_of: 2026-03-31\nteams:\n  - id: payments\n    title: Payments", 4, 7,
              where="people/carol-diaz.yaml"), "references")
def unknown_team(ctx: Context) -> Iterator[Diagnostic]:
    """Reports, retros and people group by team: a misspelt team is a team of one that nobody
    reads, and its failures drop out of the real team's patterns. Without `teams` in
    flaims.yaml nothing is known to be wrong (v1 repositories read as before); `team-spelling`
    then notices the likely typos."""
    registry = ctx.index.config.teams
    if registry is None:
        return
    for doc, team in team_fields(ctx):
        if team not in registry and ctx.reports(doc):
            known = ", ".join(registry) or "none"
            yield ctx.at(doc, ("team",), "unknown-team",
                         f"unknown team {quote(team)}{did_you_mean(team, registry)}",
                         hint=f"teams in flaims.yaml: {known}")


@rule("team-spelling", WARNING, "Without a `teams` registry, a team spelled once that is one "
      "or two edits from another team is probably a typo of it.",
      Example("failures/2026/2026-03-10-payment-timeouts.yaml", "team: payments",
              "team: paymnts", 5, 7), "references")
def team_spelling(ctx: Context) -> Iterator[Diagnostic]:
    """Until the organisation lists its teams, a spelling used once next to a common one is the
    likeliest typo: its reports would form a team of one. A warning, since without a registry
    it may be a real, small team; listing the teams in flaims.yaml settles it."""
    if ctx.index.config.teams is not None:
        return  # unknown-team checks every team against the registry
    fields = list(team_fields(ctx))
    likely = near_spellings(Counter(team for _, team in fields))
    for doc, team in fields:  # counted over every file, reported in the wanted ones
        if team in likely and ctx.reports(doc):
            yield ctx.at(doc, ("team",), "team-spelling",
                         f"team {quote(team)} appears only here; did you mean "
                         f"{quote(likely[team])}?",
                         hint="list the teams in flaims.yaml (teams:) so every spelling is checked")
