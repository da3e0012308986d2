"""Identity rules: ids match file names and dates, and are unique within their kind."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import DATED_KINDS, Document
from . import ERROR, Context, Example, items, rule

F = "failures/2026/2026-03-10-payment-timeouts.yaml"


@rule("id-mismatch", ERROR, "A document's id equals its file name without extension.",
      Example(F, "id: 2026-03-10-payment-timeouts", "id: 2026-03-10-payment-timeout", 1, 5),
      "identity")
def id_mismatch(ctx: Context) -> Iterator[Diagnostic]:
    """Links, pages and references use the id; when the file is named differently, people find
    one and cite the other. (For plans, `person` equals the file name.)"""
    def check(doc: Document) -> Iterator[Diagnostic]:
        if doc.kind == "tags" or doc.id is None or doc.id == doc.stem:
            return
        field = "person" if doc.kind == "plan" else "id"
        yield ctx.at(doc, (field,), "id-mismatch",
                     f"{field} '{doc.id}' differs from the file name '{doc.stem}'",
                     hint=f"rename the file to {doc.id}.yaml, or set {field}: {doc.stem}")

    yield from ctx.each("id-mismatch", ctx.index.documents, check)


@rule("date-mismatch", ERROR, "A dated id starts with the document's `date`.",
      Example(F, "date: 2026-03-10", "date: 2026-03-11", 3, 7), "identity")
def date_mismatch(ctx: Context) -> Iterator[Diagnostic]:
    """Dated ids sort by time and never collide the way sequence numbers do; that only holds when
    the prefix is the real date."""
    def check(doc: Document) -> Iterator[Diagnostic]:
        if doc.data["id"][:10] != doc.data["date"]:
            yield ctx.at(doc, ("date",), "date-mismatch",
                         f"date {doc.data['date']} differs from the id's prefix {doc.data['id'][:10]}",
                         hint="make the id start with the date, or correct the date")

    dated = (doc for kind in DATED_KINDS for doc in ctx.index.valid(kind, needs=("id", "date")))
    yield from ctx.each("date-mismatch", dated, check)


@rule("duplicate-id", ERROR, "Ids are unique within their kind (and levels, competencies, tags "
      "within their file).",
      Example("failures/tags.yaml", "    description: Alerts that fired late, early, or not at all.\n",
              "    description: Alerts that fired late, early, or not at all.\n"
              "  - id: capacity\n    title: Capacity, again\n    description: A second entry.\n", 21, 9),
      "identity")
def duplicate_id(ctx: Context) -> Iterator[Diagnostic]:
    """Two documents or entries with one id make every reference to it ambiguous."""
    firsts: dict[tuple[str, str], Document] = {}
    for doc in ctx.index.documents:
        if doc.id is None or doc.kind == "tags":
            continue
        first = firsts.setdefault((doc.kind, doc.id), doc)  # every id, reported or not
        if first is not doc and ctx.reports(doc):
            field = "person" if doc.kind == "plan" else "id"
            yield ctx.at(doc, (field,), "duplicate-id",
                         f"{doc.kind} id '{doc.id}' is also used by {first.path}")
    for doc in ctx.reported(ctx.index.documents):
        lists = {"ladder": ("levels", "competencies"), "tags": ("tags",)}.get(doc.kind, ())
        for name in lists:
            seen: set[str] = set()
            for i, entry in enumerate(items(doc.data.get(name))):
                entry_id = entry.get("id") if isinstance(entry, dict) else None
                if isinstance(entry_id, str):
                    if entry_id in seen:
                        yield ctx.at(doc, (name, i, "id"), "duplicate-id",
                                     f"{name} id '{entry_id}' appears twice")
                    seen.add(entry_id)
