"""Retro rules: the Kolb cycle is complete, and `previous` chains run back in time per team."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Document
from . import ERROR, WARNING, Context, Example, rule

R = "retros/2026/2026-03-14-payments-march.yaml"


@rule("retro-no-insight", WARNING, "A retro records at least one insight.",
      Example(R, "insights:\n  - Our alerts watch averages; customers feel the tail.\n",
              "insights: []\n", 10, 11), "retros")
def retro_no_insight(ctx: Context) -> Iterator[Diagnostic]:
    """Without the reflection step, experience does not become competence (Kolb): observations
    need to be made sense of."""
    def check(retro: Document) -> Iterator[Diagnostic]:
        if not retro.data["insights"]:
            yield ctx.at(retro, ("insights",), "retro-no-insight",
                         "no insights: what do the observations mean?",
                         hint="add what the team makes of what it noticed")

    yield from ctx.each("retro-no-insight", ctx.index.valid("retro", needs=("insights",)), check)


@rule("retro-no-experiment", WARNING, "A retro decides at least one experiment.",
      Example(R, "experiments:\n  - what: Alert on p99 latency.\n    owner: alice-ng\n"
              "    due: 2026-04-11\n    status: open\n    competency: engineering/operations\n",
              "experiments: []\n", 12, 14), "retros")
def retro_no_experiment(ctx: Context) -> Iterator[Diagnostic]:
    """Reflection without an experiment changes nothing: Kolb's cycle closes when the team tries
    something new and the next retro reviews it."""
    def check(retro: Document) -> Iterator[Diagnostic]:
        if not retro.data["experiments"]:
            yield ctx.at(retro, ("experiments",), "retro-no-experiment",
                         "no experiments: reflection without an experiment changes nothing",
                         hint="add one thing the team will try, with an owner and a due date")

    yield from ctx.each("retro-no-experiment", ctx.index.valid("retro", needs=("experiments",)),
                        check)


@rule("bad-previous", ERROR, "`previous` names an earlier retro of the same team.",
      Example("retros/2026/2026-02-14-payments-february.yaml", "team: payments", "team: platform",
              19, 11, where=R),
      "retros")
def bad_previous(ctx: Context) -> Iterator[Diagnostic]:
    """`previous` links a retro to the one whose experiments it reviews; it must run back in time
    within one team, or the chain of learning is tangled."""
    def check(retro: Document) -> Iterator[Diagnostic]:
        prev_id = retro.data.get("previous")
        prev = ctx.index.get("retro", prev_id) if prev_id else None
        if prev is None or not prev.sound("team", "date"):
            return
        if prev.data["team"] != retro.data["team"]:
            yield ctx.at(retro, ("previous",), "bad-previous",
                         f"previous retro '{prev_id}' is of team '{prev.data['team']}', "
                         f"not '{retro.data['team']}'")
        elif prev.data["date"] >= retro.data["date"]:
            yield ctx.at(retro, ("previous",), "bad-previous",
                         f"previous retro '{prev_id}' is not earlier than this one")

    def named() -> bytes:  # what a retro reads of the one it names: its team and date, if sound
        return ctx.digest(sorted((key, repr(d.field("team")), repr(d.field("date")),
                                  d.sound("team", "date")) for key, d in ctx.index.of("retro").items()))

    yield from ctx.each("bad-previous", ctx.index.valid("retro", needs=("previous", "team", "date")),
                        check, named)
