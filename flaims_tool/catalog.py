"""A catalogue of what a repository holds: per kind, each document's id and key facts."""

from __future__ import annotations

from typing import Any

from .model import Document
from .workspace import Index

KIND_ORDER = ("ladder", "tag", "failure", "retro", "curriculum", "person", "plan")
PLURALS = {"ladder": "ladders", "tag": "tags", "failure": "failures", "retro": "retros",
           "curriculum": "curriculum", "person": "people", "plan": "plans"}


# How a count reads: one and several, in the users' words.
_NOUNS = {"ladders": ("ladder", "ladders"), "tags": ("tag", "tags"), "failures": ("failure", "failures"),
          "retros": ("retro", "retros"), "curriculum": ("curriculum module", "curriculum modules"),
          "people": ("person", "people"), "plans": ("plan", "plans")}


def counted(n: int, kind: str) -> str:
    """`1 ladder`, `2 ladders`, `1 person`, `7 curriculum modules` (kind: a `counts` key)."""
    one, many = _NOUNS.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


def _facts(doc: Document) -> dict[str, Any]:
    d = doc.data
    facts: dict[str, Any] = {"id": doc.id, "path": doc.path}
    if doc.kind == "plan":
        # A private plan is listed by owner only: its content is theirs.
        facts["visibility"] = d.get("visibility", "private")
        if facts["visibility"] != "public":
            return facts
    facts["title"] = doc.title
    keys = {
        "failure": ("date", "severity", "team", "tags"),
        "retro": ("date", "team", "facilitator"),
        "curriculum": ("created", "owners", "tags"),
        "person": ("team", "status"),
        "ladder": ("owners",),
        "plan": ("ladder", "updated"),
    }.get(doc.kind, ())
    facts.update({k: d[k] for k in keys if k in d})
    if doc.kind == "ladder":
        facts["levels"] = [lv.get("id") for lv in d.get("levels") or [] if isinstance(lv, dict)]
        facts["competencies"] = [c.get("id") for c in d.get("competencies") or [] if isinstance(c, dict)]
    if doc.kind == "retro":
        facts["experiments"] = len(d.get("experiments") or [])
    return facts


def catalog(index: Index) -> dict[str, Any]:
    """Every document by kind (tags from the taxonomy), sorted by id; valid documents only."""
    out: dict[str, list[dict[str, Any]]] = {PLURALS[k]: [] for k in KIND_ORDER}
    for doc in sorted(index.documents, key=lambda x: (x.kind, x.id or "")):
        if doc.valid and doc.kind != "tags":
            out[PLURALS[doc.kind]].append(_facts(doc))
    taxonomy = index.taxonomy
    out["tags"] = [
        {"id": t, "title": taxonomy.title(t), "parent": taxonomy.parent(t),
         "aliases": sorted(a for a, c in taxonomy.aliases.items() if c == t)}
        for t in sorted(taxonomy.tags)
    ]
    return {
        "organisation": index.config.organisation,
        "counts": {kind: len(rows) for kind, rows in out.items()},
        "documents": out,
    }
