"""People rules: knowledge keepers are still here."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Document, references
from . import WARNING, Context, Example, rule

# Owners of living knowledge (ladders, modules) and of open actions; a facilitator or author of
# a past document is history, not a keeper.
_KEEPER_PATHS = {"ladder": "owners", "curriculum": "owners"}


@rule("alumni-owner", WARNING, "Owners of ladders, modules and open actions are active people.",
      Example("people/bob-li.yaml", "status: active", "status: alumni", 20, 12,
              where="failures/2026/2026-03-10-payment-timeouts.yaml"), "people")
def alumni_owner(ctx: Context) -> Iterator[Diagnostic]:
    """Knowledge survives people leaving only if someone who is still here keeps it: an alumni
    owner is knowledge whose keeper left."""
    alumni = {key for key, person in ctx.index.of("person").items()
              if person.field("status") == "alumni"}

    def check(doc: Document) -> Iterator[Diagnostic]:
        if not doc.valid:
            return
        for target, path, ref in references(doc):
            if target != "person" or ref not in alumni:
                continue
            keeper = _KEEPER_PATHS.get(doc.kind) == path[0]
            if not keeper and path[0] in ("actions", "experiments") and path[-1] == "owner":
                keeper = doc.data[str(path[0])][path[1]].get("status") == "open"
            if keeper:
                yield ctx.at(doc, path, "alumni-owner",
                             f"owner '{ref}' is alumni; who keeps this now?",
                             hint="hand it to an active person")

    yield from ctx.each("alumni-owner", ctx.index.documents, check, ctx.digest(sorted(alumni)))
