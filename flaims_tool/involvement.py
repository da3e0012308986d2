"""What a person did in a retro, a failure report or a curriculum module cited as evidence.

Evidence is what the person did, not what they read: the rule `evidence-not-involved`, the
`flaims plan` summary and the plan page all ask this one question here. Only schema-valid documents are
read: for the others flaims cannot tell.
"""

from __future__ import annotations

from typing import Any

from .workspace import Index

# The roles, in the words the plan page and `flaims plan` show.
FACILITATED = "facilitated"
TOOK_PART = "took part"
OWNED_EXPERIMENT = "owned an experiment"
WROTE_REPORT = "wrote the report"
OWNED_ACTION = "owned an action"
KEEPS_MODULE = "keeps the module"


def _strs(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _owns(items: Any, person: str) -> bool:
    return any(isinstance(i, dict) and i.get("owner") == person
               for i in (items if isinstance(items, list) else []))


def roles(index: Index, person: str, item: str) -> list[str] | None:
    """What `person` did in the document an evidence item names, in order; an empty list when
    they did nothing in it; None when flaims cannot tell (a URL, a document that does not
    exist or fails its schema: `unknown-retro`, the schema rules and their kin say so)."""
    prefix, _, ref = item.partition(":")
    kind = {"retro": "retro", "failure": "failure", "curriculum": "curriculum"}.get(prefix)
    doc = index.get(kind, ref) if kind and ref else None
    if doc is None or not doc.valid:
        return None
    data = doc.data
    found: list[str] = []
    if kind == "retro":
        if data.get("facilitator") == person:
            found.append(FACILITATED)
        if person in _strs(data.get("participants")) and data.get("facilitator") != person:
            found.append(TOOK_PART)
        if _owns(data.get("experiments"), person):
            found.append(OWNED_EXPERIMENT)
    elif kind == "failure":
        if person in _strs(data.get("authors")):
            found.append(WROTE_REPORT)
        if _owns(data.get("actions"), person):
            found.append(OWNED_ACTION)
    elif person in _strs(data.get("owners")):
        found.append(KEEPS_MODULE)
    return found


def involved(index: Index, person: str, item: str) -> bool | None:
    """Whether the person did something in the evidence's document (None: cannot tell)."""
    found = roles(index, person, item)
    return None if found is None else bool(found)
