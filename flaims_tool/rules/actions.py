"""Action rules: open actions and experiments are followed up."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Document
from . import WARNING, Context, Example, rule


@rule("overdue", WARNING, "Open actions and experiments are not past their due date (as of "
      "`--as-of`, `as_of` or today).",
      Example("failures/2026/2026-03-10-payment-timeouts.yaml", "    due: 2026-04-01",
              "    due: 2026-03-20", 21, 10), "actions")
def overdue(ctx: Context) -> Iterator[Diagnostic]:
    """An experiment nobody follows up is a lesson the organisation did not learn; mark it done,
    dropped, or give it a new date."""
    as_of = ctx.as_of.isoformat()
    fields = {"failure": "actions", "retro": "experiments"}

    def check(doc: Document) -> Iterator[Diagnostic]:
        field = fields[doc.kind]
        for i, action in enumerate(doc.data.get(field) or []):
            if action["status"] == "open" and action["due"] < as_of:
                yield ctx.at(doc, (field, i, "due"), "overdue",
                             f"open {field[:-1]} was due {action['due']}",
                             hint="mark it done or dropped, or set a new due date")

    docs = (doc for kind, field in fields.items() for doc in ctx.index.valid(kind, needs=(field,)))
    yield from ctx.each("overdue", docs, check, ctx.digest(as_of))
