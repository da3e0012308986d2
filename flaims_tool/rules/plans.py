"""Plan rules: growth rows point upward, claims cite evidence, practice stays on the ladder."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..involvement import roles
from ..model import Document
from . import ERROR, WARNING, Context, Example, rule
from .references import ladders, level_ids

PLAN = "plans/alice-ng.yaml"


@rule("target-not-above-current", ERROR, "A growth row's `target` is above its `current` level.",
      Example(PLAN, "    target: e3", "    target: e2", 15, 13), "plans")
def target_not_above_current(ctx: Context) -> Iterator[Diagnostic]:
    """Creative tension is the gap between where you are and where you want to be; a target at or
    below the current level holds no tension."""

    def check(plan: Document) -> Iterator[Diagnostic]:
        levels = level_ids(ctx.index.get("ladder", plan.data["ladder"]))
        for i, row in enumerate(plan.data["growth"]):
            if row["current"] in levels and row["target"] in levels and \
                    levels.index(row["target"]) <= levels.index(row["current"]):
                yield ctx.at(plan, ("growth", i, "target"), "target-not-above-current",
                             f"target {row['target']} is not above current {row['current']}",
                             hint=f"the ladder's levels, lowest first: {', '.join(levels)}")

    yield from ctx.each("target-not-above-current",
                        ctx.index.valid("plan", needs=("ladder", "growth")), check,
                        lambda: ladders(ctx))


@rule("evidence-missing", ERROR, "A `current` level above the ladder's first cites evidence.",
      Example(PLAN, "    evidence:\n      - retro:2026-03-14-payments-march\n"
              "      - failure:2026-03-10-payment-timeouts\n"
              "      - https://git.acme.example/payments/pull/812\n", "", 14, 14), "plans")
def evidence_missing(ctx: Context) -> Iterator[Diagnostic]:
    """Competence stops being a self-reported feeling when a claim points at the retros, failures
    and work that show it."""

    def check(plan: Document) -> Iterator[Diagnostic]:
        levels = level_ids(ctx.index.get("ladder", plan.data["ladder"]))
        for i, row in enumerate(plan.data["growth"]):
            if levels and row["current"] in levels[1:] and not row.get("evidence"):
                yield ctx.at(plan, ("growth", i, "current"), "evidence-missing",
                             f"current level {row['current']} needs at least one evidence item",
                             hint="cite retro:<id>, failure:<id>, curriculum:<id> or a URL")

    yield from ctx.each("evidence-missing", ctx.index.valid("plan", needs=("ladder", "growth")),
                        check, lambda: ladders(ctx))


@rule("competency-outside-ladder", ERROR, "Growth rows and practice entries name competencies "
      "of the plan's own ladder.",
      Example("plans/alice-ng.yaml", "  - date: 2026-03-03\n    competency: engineering/operations",
              "  - date: 2026-03-03\n    competency: management/coaching", 22, 17), "plans")
def competency_outside_ladder(ctx: Context) -> Iterator[Diagnostic]:
    """A plan follows one ladder; practice logged against another cannot count toward it."""

    def check(plan: Document) -> Iterator[Diagnostic]:
        ladder = plan.data["ladder"]
        if ctx.index.get("ladder", ladder) is None:
            return  # unknown-ladder says it
        for section in ("growth", "practice"):
            for i, row in enumerate(plan.data.get(section) or []):
                if row["competency"].partition("/")[0] != ladder:
                    yield ctx.at(plan, (section, i, "competency"), "competency-outside-ladder",
                                 f"'{row['competency']}' is not on this plan's ladder '{ladder}'")

    yield from ctx.each("competency-outside-ladder",
                        ctx.index.valid("plan", needs=("ladder", "growth", "practice")), check,
                        lambda: ctx.ids("ladder"))


@rule("self-confirmed", ERROR, "A growth row's `confirmed_by` is someone other than the plan's "
      "own person.",
      Example(PLAN, "    target: e3", "    target: e3\n    confirmed_by: alice-ng", 16, 19),
      "plans")
def self_confirmed(ctx: Context) -> Iterator[Diagnostic]:
    """A confirmation says that someone else has seen the level in real work; confirming
    yourself is the self-reported feeling the field exists to replace. Leave it out, and the
    row reads as self-assessed."""

    def check(plan: Document) -> Iterator[Diagnostic]:
        for i, row in enumerate(plan.data["growth"]):
            if row.get("confirmed_by") == plan.data["person"]:
                yield ctx.at(plan, ("growth", i, "confirmed_by"), "self-confirmed",
                             f"'{row['confirmed_by']}' confirms their own level {row['current']}",
                             hint="name a peer who has seen this level in your work, or leave "
                             "confirmed_by out (the row is then self-assessed)")

    yield from ctx.each("self-confirmed", ctx.index.valid("plan"), check)


_DID = {
    "retro": "neither facilitated, took part in, nor owned an experiment of",
    "failure": "neither wrote nor owned an action of",
}


@rule("evidence-not-involved", WARNING, "A `retro:` or `failure:` evidence item names a document "
      "the plan's person took part in.",
      Example("failures/2026/2026-03-10-payment-timeouts.yaml", "authors: [alice-ng]",
              "authors: [bob-li]", 18, 9, where=PLAN),
      "plans")
def evidence_not_involved(ctx: Context) -> Iterator[Diagnostic]:
    """Evidence is what the person did, not what they read: a retro they facilitated, took part
    in or owned an experiment of; a failure report they wrote or owned an action of. Citing
    someone else's work shows that it exists, not that the person can do it."""

    def check(plan: Document) -> Iterator[Diagnostic]:
        person = plan.data["person"]
        for i, row in enumerate(plan.data["growth"]):
            for j, item in enumerate(row.get("evidence") or []):
                prefix, _, ref = item.partition(":")
                if prefix in _DID and roles(ctx.index, person, item) == []:
                    yield ctx.at(plan, ("growth", i, "evidence", j), "evidence-not-involved",
                                 f"{person} {_DID[prefix]} {prefix} '{ref}'",
                                 hint="cite what you did (a retro you were in, a report you "
                                 "wrote, an action you owned); if you were there, the "
                                 f"{prefix} should list you")

    def cites(plan: Document) -> list[tuple[str, str]]:
        return [(prefix, ref) for row in plan.data["growth"] for item in row.get("evidence") or []
                for prefix, _, ref in [item.partition(":")] if prefix in _DID]

    yield from ctx.each("evidence-not-involved", ctx.index.valid("plan"), check, cites=cites)
