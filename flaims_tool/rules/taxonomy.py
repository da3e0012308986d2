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
    if doc is None or not ctx.reports(doc):
        return
    # Each tag is walked once: a walk stops at a tag an earlier walk settled, so a chain of
    # 7,000 tags is linear (lineage() per tag, each searching a list, took over 120 s).
    first: dict[str, int] = {}
    for i, entry in enumerate(items(doc.data.get("tags"))):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            first.setdefault(entry["id"], i)
    settled: set[str] = set()
    for tag_id in first:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = tag_id
        while current is not None and current not in settled and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = taxonomy.parent(current)
        settled.update(path)
        if current is None or current not in on_path:
            continue
        cycle = path[on_path[current]:]
        # Said once, at the cycle's tag that comes first in the file, going round from it.
        at = min(range(len(cycle)), key=lambda n: first[cycle[n]])
        chain = cycle[at:] + cycle[:at]
        yield ctx.at(doc, ("tags", first[chain[0]], "parent"), "tag-cycle",
                     f"tag '{chain[0]}' is its own ancestor: {' -> '.join([*chain, chain[0]])}",
                     hint="remove one of the parent links")


@rule("alias-conflict", ERROR, "An alias is never also a tag id, nor an alias of two tags.",
      Example(T, "    aliases: [config-mismatch]", "    aliases: [config-mismatch, timeouts]", 9, 32),
      "taxonomy")
def alias_conflict(ctx: Context) -> Iterator[Diagnostic]:
    """A name that means two tags makes counts depend on which one a reader guesses."""
    taxonomy = ctx.index.taxonomy
    doc = taxonomy.document
    if doc is None or not ctx.reports(doc):
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
