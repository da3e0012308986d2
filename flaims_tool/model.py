"""The loaded documents, and the failure-tag taxonomy that several parts reason over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .yamlio import Loaded, PathKey, Position

DATED_KINDS = ("failure", "retro")


@dataclass
class Document:
    """One knowledge file: its kind, repository-relative path, data and node positions."""

    kind: str
    path: str
    loaded: Loaded
    valid: bool = False
    # references(), computed once: eight rules and the handbook ask for them.
    _references: list[tuple[str, PathKey, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def data(self) -> dict[str, Any]:
        return self.loaded.data or {}

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem

    @property
    def id(self) -> str | None:
        if self.kind == "tags":
            return "tags"
        value = self.data.get("person" if self.kind == "plan" else "id")
        return value if isinstance(value, str) else None

    @property
    def title(self) -> str:
        for key in ("title", "name", "person"):
            value = self.data.get(key)
            if isinstance(value, str):
                return value
        return self.id or self.stem

    @property
    def date(self) -> dt.date | None:
        """The document's own date (`date`, or `updated` for plans), when it is a valid one."""
        value = self.data.get("date") or self.data.get("updated")
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    def pos(self, path: PathKey = (), *, key: bool = False) -> Position:
        return self.loaded.position(path, key=key)


@dataclass
class Taxonomy:
    """Failure tags by id, their aliases and their parents."""

    tags: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    document: Document | None = None

    @classmethod
    def from_document(cls, doc: Document | None) -> Taxonomy:
        taxonomy = cls(document=doc)
        if doc is None:
            return taxonomy
        entries = doc.data.get("tags")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                taxonomy.tags.setdefault(entry["id"], entry)
        for tag_id, entry in taxonomy.tags.items():
            aliases = entry.get("aliases")
            for alias in aliases if isinstance(aliases, list) else []:
                if isinstance(alias, str) and alias not in taxonomy.tags:
                    taxonomy.aliases.setdefault(alias, tag_id)
        return taxonomy

    def canonical(self, name: str) -> str | None:
        """The tag id a name stands for (itself, or the tag it is an alias of)."""
        if name in self.tags:
            return name
        return self.aliases.get(name)

    def parent(self, tag_id: str) -> str | None:
        parent = self.tags.get(tag_id, {}).get("parent")
        return parent if isinstance(parent, str) and parent in self.tags else None

    def lineage(self, tag_id: str) -> list[str]:
        """The tag and its ancestors, nearest first; stops at a cycle."""
        chain: list[str] = []
        current: str | None = tag_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain

    def title(self, tag_id: str) -> str:
        title = self.tags.get(tag_id, {}).get("title")
        return title if isinstance(title, str) else tag_id


# Where each kind refers to other documents: (path pattern, what it refers to). `*` is every
# list item. Used by the reference rules, by pull-request mode and by the handbook's backlinks.
REFERENCE_SITES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "ladder": ((("owners", "*"), "person"),),
    "tags": ((("tags", "*", "parent"), "tag"), (("tags", "*", "competencies", "*"), "competency")),
    "failure": (
        (("authors", "*"), "person"),
        (("tags", "*"), "tag"),
        (("competencies", "*"), "competency"),
        (("actions", "*", "owner"), "person"),
        (("retro",), "retro"),
        (("recurrence_of", "*"), "failure"),
    ),
    "retro": (
        (("facilitator",), "person"),
        (("participants", "*"), "person"),
        (("experiments", "*", "owner"), "person"),
        (("experiments", "*", "competency"), "competency"),
        (("failures", "*"), "failure"),
        (("previous",), "retro"),
        (("tags", "*"), "tag"),
    ),
    "curriculum": (
        (("owners", "*"), "person"),
        (("tags", "*"), "tag"),
        (("competencies", "*"), "competency"),
    ),
    "plan": (
        (("person",), "person"),
        (("ladder",), "ladder"),
        (("growth", "*", "competency"), "competency"),
        (("growth", "*", "evidence", "*"), "evidence"),
        (("practice", "*", "competency"), "competency"),
    ),
}
EVIDENCE_KINDS = ("retro", "failure", "curriculum")


def references(doc: Document) -> list[tuple[str, PathKey, str]]:
    """(what it refers to, where, the referenced id) for every reference in a document.

    Evidence items `retro:<id>`, `failure:<id>` and `curriculum:<id>` come out as that kind;
    evidence URLs are not references."""
    if doc._references is not None:
        return doc._references
    found: list[tuple[str, PathKey, str]] = []
    for pattern, target in REFERENCE_SITES.get(doc.kind, ()):
        for path, value in _match(doc.data, pattern, ()):
            if not isinstance(value, str):
                continue
            if target == "evidence":
                prefix, _, ref = value.partition(":")
                if prefix in EVIDENCE_KINDS and ref:
                    found.append((prefix, path, ref))
            else:
                found.append((target, path, value))
    doc._references = found
    return found


def _match(node: Any, pattern: tuple[str, ...], path: PathKey) -> list[tuple[PathKey, Any]]:
    if not pattern:
        return [(path, node)]
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        if not isinstance(node, list):
            return []
        return [m for i, item in enumerate(node) for m in _match(item, rest, (*path, i))]
    if isinstance(node, dict) and step in node:
        return _match(node[step], rest, (*path, step))
    return []
