"""Ladder rules: every competency has one named threshold per level."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from . import ERROR, WARNING, Context, Example, rule
from .references import level_ids

L = "ladders/engineering.yaml"


@rule("threshold-missing", ERROR, "Every competency has a named threshold for every level.",
      Example(L, "      e3:\n        name: Shapes the test strategy\n        signals:\n"
              "          - Chooses the mix of unit, contract and load tests for a service.\n", "",
              19, 5), "ladders")
def threshold_missing(ctx: Context) -> Iterator[Diagnostic]:
    """Named thresholds are what make a ladder more than vibes: without one, nobody can say what
    that level means for that competency."""
    for ladder in ctx.reported(ctx.index.valid("ladder", needs=("levels", "competencies"))):
        levels = level_ids(ladder)
        for i, comp in enumerate(ladder.data["competencies"]):
            missing = [lv for lv in levels if lv not in comp["thresholds"]]
            if missing:
                yield ctx.at(ladder, ("competencies", i, "thresholds"), "threshold-missing",
                             f"competency '{comp['id']}' has no threshold for "
                             f"{', '.join(missing)}", key=True,
                             hint="add a named threshold with observable signals for each level")


@rule("threshold-name-repeated", WARNING, "Two levels of one competency have different threshold "
      "names.", Example(L, "        name: Tests by default", "        name: Tests what is asked",
                        25, 15), "ladders")
def threshold_name_repeated(ctx: Context) -> Iterator[Diagnostic]:
    """Each threshold's name says what changes at that level; a repeated name says nothing does."""
    for ladder in ctx.reported(ctx.index.valid("ladder", needs=("competencies",))):
        for i, comp in enumerate(ladder.data["competencies"]):
            seen: dict[str, str] = {}
            for level, threshold in comp["thresholds"].items():
                name = threshold["name"].strip().lower()
                if name in seen:
                    yield ctx.at(ladder, ("competencies", i, "thresholds", level, "name"),
                                 "threshold-name-repeated",
                                 f"levels {seen[name]} and {level} of '{comp['id']}' share the "
                                 "threshold name", hint="name what is different at this level")
                else:
                    seen[name] = level
