"""Reference rules: every person, tag, competency, level and document a file names exists."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, did_you_mean
from ..model import Document, references
from . import ERROR, WARNING, Context, Example, items, rule

F = "failures/2026/2026-03-10-payment-timeouts.yaml"
R = "retros/2026/2026-03-14-payments-march.yaml"
PLAN = "plans/alice-ng.yaml"


def _unknown(ctx: Context, kind: str, code: str, noun: str) -> Iterator[Diagnostic]:
    known = ctx.index.of(kind)

    def check(doc: Document) -> Iterator[Diagnostic]:
        for target, path, ref in references(doc):
            if target == kind and ref not in known:
                yield ctx.at(doc, path, code, f"unknown {noun} '{ref}'{did_you_mean(ref, known)}")

    yield from ctx.each(code, ctx.index.documents, check, lambda: ctx.ids(kind))


def ladders(ctx: Context) -> bytes | None:
    """What a rule reads of the ladders: which ids name them, and their content (the `depends`
    of a rule that checks a plan or a person against its ladder)."""
    ladders = ctx.index.of("ladder")
    contents = ctx.contents(ladders[key] for key in sorted(ladders))
    return None if contents is None else ctx.ids("ladder") + contents


@rule("unknown-person", ERROR, "Every person named (authors, owners, participants, plans) has a "
      "file in people/.", Example("curriculum/capacity-planning.yaml", "owners: [carol-diaz]",
                                  "owners: [carol-diazz]", 3, 10))
def unknown_person(ctx: Context) -> Iterator[Diagnostic]:
    """People are referenced by id so that names can change and alumni stay traceable; an id
    without a person file is a typo or a missing file."""
    yield from _unknown(ctx, "person", "unknown-person", "person")


@rule("unknown-retro", ERROR, "Retros named by `retro`, `previous` or `retro:` evidence exist.",
      Example(F, "retro: 2026-03-14-payments-march", "retro: 2026-03-15-payments-march", 23, 8))
def unknown_retro(ctx: Context) -> Iterator[Diagnostic]:
    """A link to a retro that does not exist breaks the chain from experience to learning."""
    yield from _unknown(ctx, "retro", "unknown-retro", "retro")


@rule("unknown-failure", ERROR, "Failures named by a retro's `failures`, a report's "
      "`recurrence_of` or `failure:` evidence exist.",
      Example(R, "failures: [2026-03-10-payment-timeouts]",
              "failures: [2026-03-10-payment-timeout]", 18, 12))
def unknown_failure(ctx: Context) -> Iterator[Diagnostic]:
    """A retro that discussed a failure should link to the report, and the link must resolve."""
    yield from _unknown(ctx, "failure", "unknown-failure", "failure report")


@rule("unknown-curriculum", ERROR, "Modules named by `curriculum:` evidence exist.",
      Example(PLAN, "      - https://git.acme.example/payments/pull/812",
              "      - curriculum:capacity-plan", 19, 9))
def unknown_curriculum(ctx: Context) -> Iterator[Diagnostic]:
    """Evidence must point at something a reviewer can open."""
    yield from _unknown(ctx, "curriculum", "unknown-curriculum", "curriculum module")


@rule("unknown-ladder", ERROR, "A plan's or person's `ladder` exists.",
      Example(PLAN, "ladder: engineering", "ladder: enginering", 11, 9))
def unknown_ladder(ctx: Context) -> Iterator[Diagnostic]:
    """A plan grows along a ladder, and a person's recognised level is on one; without it,
    levels and competencies mean nothing."""
    yield from _unknown(ctx, "ladder", "unknown-ladder", "ladder")


@rule("unknown-competency", ERROR, "Every `<ladder>/<competency>` names a competency of that "
      "ladder.", Example(F, "competencies: [engineering/operations]",
                         "competencies: [engineering/operation]", 17, 16))
def unknown_competency(ctx: Context) -> Iterator[Diagnostic]:
    """Competencies tie failures, retros and curriculum to the ladder; a broken link hides what
    people need to learn."""
    known = ctx.index.of("ladder")

    def check(doc: Document) -> Iterator[Diagnostic]:
        for target, path, ref in references(doc):
            if target != "competency":
                continue
            ladder_id, _, comp = ref.partition("/")
            ladder = known.get(ladder_id)
            if ladder is None:
                yield ctx.at(doc, path, "unknown-competency",
                             f"unknown ladder '{ladder_id}' in '{ref}'{did_you_mean(ladder_id, known)}")
                continue
            comps = [c.get("id") for c in items(ladder.data.get("competencies")) if isinstance(c, dict)]
            if comp not in comps:
                names = [str(c) for c in comps]
                yield ctx.at(doc, path, "unknown-competency",
                             f"ladder '{ladder_id}' has no competency '{comp}'{did_you_mean(comp, names)}")

    yield from ctx.each("unknown-competency", ctx.index.documents, check, lambda: ladders(ctx))


def level_ids(ladder: Document | None) -> list[str]:
    if ladder is None:
        return []
    return [str(lv.get("id")) for lv in items(ladder.data.get("levels")) if isinstance(lv, dict)]


@rule("unknown-level", ERROR, "Levels named by plans, people and ladder thresholds are levels "
      "of the ladder.", Example(PLAN, "    target: e3", "    target: e4", 15, 13))
def unknown_level(ctx: Context) -> Iterator[Diagnostic]:
    """Levels are the ladder's shared language; a level that is not on the ladder cannot be
    reached or assessed."""

    def in_plan(plan: Document) -> Iterator[Diagnostic]:
        ladder = ctx.index.get("ladder", plan.data["ladder"])
        if ladder is None:
            return
        levels = level_ids(ladder)
        for i, row in enumerate(plan.data["growth"]):
            for field in ("current", "target"):
                if row[field] not in levels:
                    yield ctx.at(plan, ("growth", i, field), "unknown-level",
                                 f"ladder '{ladder.id}' has no level '{row[field]}'"
                                 f"{did_you_mean(row[field], levels)}",
                                 hint=f"levels: {', '.join(levels)}")

    def in_person(person: Document) -> Iterator[Diagnostic]:
        ladder = ctx.index.get("ladder", person.data.get("ladder", ""))
        level = person.data.get("level")
        levels = level_ids(ladder)
        if ladder is not None and level is not None and level not in levels:
            yield ctx.at(person, ("level",), "unknown-level",
                         f"ladder '{ladder.id}' has no level '{level}'{did_you_mean(level, levels)}",
                         hint=f"levels: {', '.join(levels)}")

    def in_ladder(ladder: Document) -> Iterator[Diagnostic]:
        levels = level_ids(ladder)
        for i, comp in enumerate(ladder.data["competencies"]):
            for level in comp["thresholds"]:
                if level not in levels:
                    yield ctx.at(ladder, ("competencies", i, "thresholds", level), "unknown-level",
                                 f"threshold for unknown level '{level}'{did_you_mean(level, levels)}",
                                 key=True, hint=f"levels: {', '.join(levels)}")

    def read() -> bytes | None:
        return ladders(ctx)

    yield from ctx.each("unknown-level", ctx.index.valid("plan", needs=("ladder", "growth")),
                        in_plan, read)
    yield from ctx.each("unknown-level", ctx.index.valid("person"), in_person, read)
    yield from ctx.each("unknown-level", ctx.index.valid("ladder", needs=("levels", "competencies")),
                        in_ladder, read)


@rule("unknown-tag", ERROR, "Every failure tag (in reports, retros, modules and tag parents) is in "
      "failures/tags.yaml.", Example(F, "tags: [timeouts, capacity]", "tags: [timout, capacity]", 14, 8),
      "references")
def unknown_tag(ctx: Context) -> Iterator[Diagnostic]:
    """Failure Overflow counts tags; a misspelt tag splits a recurring pattern into pieces too
    small to notice."""
    taxonomy = ctx.index.taxonomy

    def check(doc: Document) -> Iterator[Diagnostic]:
        for target, path, ref in references(doc):
            if target == "tag" and taxonomy.canonical(ref) is None:
                yield ctx.at(doc, path, "unknown-tag",
                             f"unknown tag '{ref}'{did_you_mean(ref, [*taxonomy.tags, *taxonomy.aliases])}",
                             hint="add it to failures/tags.yaml if it is a new pattern")

    yield from ctx.each("unknown-tag", ctx.index.documents, check, ctx.contents([taxonomy.document]))


@rule("tag-alias", WARNING, "Tags are written by id, not by alias.",
      Example(F, "tags: [timeouts, capacity]", "tags: [timeouts, config-mismatch]", 14, 18))
def tag_alias(ctx: Context) -> Iterator[Diagnostic]:
    """An alias is accepted and counted as its tag, but the canonical id keeps searches and
    reviews consistent."""
    taxonomy = ctx.index.taxonomy

    def check(doc: Document) -> Iterator[Diagnostic]:
        for target, path, ref in references(doc):
            if target == "tag" and ref not in taxonomy.tags and ref in taxonomy.aliases:
                yield ctx.at(doc, path, "tag-alias",
                             f"'{ref}' is an alias of '{taxonomy.aliases[ref]}'; write the id",
                             hint=f"replace it with {taxonomy.aliases[ref]}")

    yield from ctx.each("tag-alias", ctx.index.documents, check, ctx.contents([taxonomy.document]))
