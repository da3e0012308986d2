"""Outcome rules: the loop closes. Experiments are reviewed, actions meet the deadline policy,
and a failure's `recurrence_of` points back in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Document
from . import ERROR, WARNING, Context, Example, items, rule

F = "failures/2026/2026-03-10-payment-timeouts.yaml"
FEB = "retros/2026/2026-02-14-payments-february.yaml"


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@rule("experiment-unreviewed", WARNING, "An experiment has an `outcome` once a later retro of "
      "the team, dated on or after its `due`, names its retro as `previous`.",
      Example(FEB, "    outcome: worked\n", "", 13, 5), "retros")
def experiment_unreviewed(ctx: Context) -> Iterator[Diagnostic]:
    """Kolb's cycle closes only when the next retro says how the experiment went: without an
    outcome nobody knows whether the team learned anything, and the experiment is forgotten."""
    reviews: dict[str, list[tuple[dt.date, str]]] = {}
    for later in ctx.index.valid("retro"):
        prev = later.field("previous")  # every retro's: only index fields, nothing decoded
        if isinstance(prev, str) and later.date is not None:
            reviews.setdefault(prev, []).append((later.date, later.field("team")))

    def check(retro: Document) -> Iterator[Diagnostic]:
        if retro.id is None or retro.date is None:
            return
        team = retro.data["team"]
        for i, experiment in enumerate(items(retro.data.get("experiments"))):
            due = _date(experiment.get("due"))
            if "outcome" in experiment or due is None:
                continue
            by = [d for d, t in reviews.get(retro.id, []) if t == team and d > retro.date
                  and d >= due]
            if by:
                yield ctx.at(retro, ("experiments", i), "experiment-unreviewed",
                             f"experiment due {due} has no outcome, though the retro of "
                             f"{min(by)} reviews this one",
                             hint="add `outcome: worked | partly | did-not-work | not-tried` "
                             "and what was `learned`")

    depends = ctx.digest(sorted((prev, sorted(by)) for prev, by in reviews.items()))
    yield from ctx.each("experiment-unreviewed", ctx.index.valid("retro"), check, depends)


@rule("action-due-policy", WARNING, "A failure report's actions are due within "
      "`action_due_days` of its date for its severity.",
      Example("flaims.yaml", "as_of: 2026-03-31", "as_of: 2026-03-31\naction_due_days:\n"
              "  high: 15", 21, 10, where=F), "actions")
def action_due_policy(ctx: Context) -> Iterator[Diagnostic]:
    """A deadline policy by severity (PagerDuty's: 15 days for the most severe, 30 for the
    next) keeps the fixes for the worst failures from drifting behind roadmap work."""
    limits = ctx.index.config.action_due_days
    if not limits:
        return

    def check(doc: Document) -> Iterator[Diagnostic]:
        limit = limits.get(doc.data["severity"])
        if limit is None or doc.date is None:
            return
        latest = doc.date + dt.timedelta(days=limit)
        for i, action in enumerate(items(doc.data.get("actions"))):
            due = _date(action.get("due"))
            if due is not None and due > latest:
                yield ctx.at(doc, ("actions", i, "due"), "action-due-policy",
                             f"a {doc.data['severity']} report's actions are due within {limit} "
                             f"days (by {latest}); this one is due {due}",
                             hint=f"set `due` on or before {latest}, or split the action")

    yield from ctx.each("action-due-policy", ctx.index.valid("failure"), check,
                        ctx.digest(sorted(limits.items())))


@rule("bad-recurrence", ERROR, "`recurrence_of` names failure reports dated before this one.",
      Example(F, "retro: 2026-03-14-payments-march",
              "retro: 2026-03-14-payments-march\nrecurrence_of: [2026-03-10-payment-timeouts]",
              24, 17), "references")
def bad_recurrence(ctx: Context) -> Iterator[Diagnostic]:
    """A recurrence link says "this happened before": it must point back in time, or the chain
    of repeats runs in circles and nobody can tell which failure came first."""
    def check(doc: Document) -> Iterator[Diagnostic]:
        if doc.date is None:
            return
        for i, ref in enumerate(items(doc.data.get("recurrence_of"))):
            earlier = ctx.index.get("failure", ref)
            if earlier is None or earlier.date is None:
                continue  # unknown-failure reports it
            if earlier.date >= doc.date:
                same = "is this report" if ref == doc.id else f"is dated {earlier.date}"
                yield ctx.at(doc, ("recurrence_of", i), "bad-recurrence",
                             f"'{ref}' {same}, not before {doc.date}",
                             hint="list only earlier reports of the same failure")

    def dates() -> bytes:
        return ctx.digest(sorted((key, str(doc.date)) for key, doc in ctx.index.of("failure").items()))

    yield from ctx.each("bad-recurrence", ctx.index.valid("failure"), check, dates)


@rule("no-owner", WARNING, "Ladders and curriculum modules name at least one owner.",
      Example("curriculum/capacity-planning.yaml", "owners: [carol-diaz]", "owners: []", 3, 9),
      "people")
def no_owner(ctx: Context) -> Iterator[Diagnostic]:
    """Knowledge nobody keeps goes stale: a module or ladder without an owner (such as a stub
    from `flaims overflow --scaffold`) has no one to update it or to answer for it."""
    def check(doc: Document) -> Iterator[Diagnostic]:
        if not doc.data["owners"]:
            yield ctx.at(doc, ("owners",), "no-owner", f"this {doc.kind} has no owner",
                         hint="add the people who keep it current (ids from people/)")

    kept = (doc for kind in ("ladder", "curriculum") for doc in ctx.index.valid(kind))
    yield from ctx.each("no-owner", kept, check)
