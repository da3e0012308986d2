"""The loaded documents, and the failure-tag taxonomy that several parts reason over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .kinds import BY_NAME, DATED, EVIDENCE_KINDS, KINDS, Site
from .yamlio import Loaded, PathKey, Position

DATED_KINDS = DATED
# Top-level fields that rules read from every document, not only from those reported on
# (team spellings, which retro reviews which, people's names, whether a plan is public): the
# cache keeps them, with the id, beside each document's data, so that reading them decodes
# nothing (cache.CachedLoaded).
INDEX_FIELDS = ("team", "date", "updated", "previous", "name", "status", "visibility")


@dataclass
class Document:
    """One knowledge file: its kind, repository-relative path, data and node positions."""

    kind: str
    path: str
    loaded: Loaded
    valid: bool = False
    # references(), computed once: eight rules and the handbook ask for them.
    _references: list[tuple[str, PathKey, str]] | None = field(default=None, repr=False, compare=False)
    _broken: frozenset[str] | None = field(default=None, repr=False, compare=False)
    # The file's content digest when it was loaded through the cache: keys per-document results.
    digest: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def broken(self) -> frozenset[str]:
        """Top-level fields that failed the schema (none when valid); computed when first asked,
        for the few documents that are invalid."""
        if self._broken is None:
            if self.valid:
                self._broken = frozenset()
            elif self.loaded.data is None:
                self._broken = frozenset({"*"})
            else:
                from .schemas import broken_fields

                self._broken = broken_fields(self.kind, self.loaded.data)
        return self._broken

    def sound(self, *fields: str) -> bool:
        """Whether the rules may trust these fields: loaded, and none of them failed the schema
        (each either valid or an absent optional field)."""
        broken = self.broken
        return self.loaded.has_data and "*" not in broken and broken.isdisjoint(fields)

    @property
    def sound_data(self) -> dict[str, Any]:
        """The document without its broken fields."""
        broken = self.broken
        if not broken:
            return self.data
        return {} if "*" in broken else {k: v for k, v in self.data.items() if k not in broken}

    @property
    def data(self) -> dict[str, Any]:
        return self.loaded.data or {}

    @property
    def stem(self) -> str:
        # String operations for the usual "folder/name.yaml": PurePosixPath cost 0.17 s per
        # lint at 10k documents (asked twice per document); anything unusual takes pathlib.
        name = self.path.rpartition("/")[2]
        dot = name.rfind(".")
        if "//" in self.path or "/./" in self.path or self.path.startswith("./") or name in ("", ".", ".."):
            return PurePosixPath(self.path).stem
        return name[:dot] if 0 < dot < len(name) - 1 else name

    def field(self, name: str) -> Any:
        """A top-level field's value, None when absent; cheapest for the INDEX_FIELDS."""
        return self.loaded.top(name)

    @property
    def id(self) -> str | None:
        field_name = BY_NAME[self.kind].id_field
        if field_name is None:
            return self.kind
        value = self.loaded.top(field_name)
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
        value = self.field("date") or self.field("updated")
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
        seen: set[str] = set()  # a set: a list search made a 3,000-tag chain take 38 s
        current: str | None = tag_id
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.parent(current)
        return chain

    def title(self, tag_id: str) -> str:
        title = self.tags.get(tag_id, {}).get("title")
        return title if isinstance(title, str) else tag_id


# Where each kind refers to other documents, from the kinds' declarations. Used by the reference
# rules, by pull-request mode and by the handbook's backlinks.
REFERENCE_SITES: dict[str, tuple[Site, ...]] = {k.name: k.references for k in KINDS if k.references}


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
