"""Taxonomy rules: the failure-tag hierarchy is a tree and aliases are unambiguous."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from . import ERROR, Context, Example, items, rule

T = "failures/tags.yaml"


@rule("tag-cycle", ERROR, "Tag parents form a tree: no tag is its own ancestor.",
      Example(T, "    description: Failures rooted in how systems are configured.\n",
              "    description: Failures rooted in how systems are configured.\n"
              "    parent: config-drift\n", 5, 13), "taxonomy")
def tag_cycle(ctx: Context) -> Iterator[Diagnostic]:
    """Reports roll up to every ancestor of their tags; a cycle has no top and would count
    forever."""
    taxonomy = ctx.index.taxonomy
    doc = taxonomy.document
    if doc is None:
        return
    reported: set[str] = set()
    for i, entry in enumerate(items(doc.data.get("tags"))):
        tag_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(tag_id, str) or tag_id in reported:
            continue
        chain = taxonomy.lineage(tag_id)
        last_parent = taxonomy.parent(chain[-1])
        if last_parent is not None and last_parent == tag_id:
            reported.update(chain)
            yield ctx.at(doc, ("tags", i, "parent"), "tag-cycle",
                         f"tag '{tag_id}' is its own ancestor: {' -> '.join([*chain, tag_id])}",
                         hint="remove one of the parent links")


@rule("alias-conflict", ERROR, "An alias is never also a tag id, nor an alias of two tags.",
      Example(T, "    aliases: [config-mismatch]", "    aliases: [config-mismatch, timeouts]", 9, 32),
      "taxonomy")
def alias_conflict(ctx: Context) -> Iterator[Diagnostic]:
    """A name that means two tags makes counts depend on which one a reader guesses."""
    taxonomy = ctx.index.taxonomy
    doc = taxonomy.document
    if doc is None:
        return
    owner: dict[str, str] = {}
    for i, entry in enumerate(items(doc.data.get("tags"))):
        if not isinstance(entry, dict):
            continue
        for j, alias in enumerate(items(entry.get("aliases"))):
            if alias in taxonomy.tags:
                yield ctx.at(doc, ("tags", i, "aliases", j), "alias-conflict",
                             f"alias '{alias}' is also a tag id")
            elif alias in owner and owner[alias] != entry.get("id"):
                yield ctx.at(doc, ("tags", i, "aliases", j), "alias-conflict",
                             f"alias '{alias}' is already an alias of '{owner[alias]}'")
            else:
                owner[alias] = str(entry.get("id"))
