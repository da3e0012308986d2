"""A catalogue of what a repository holds: per kind, each document's id and key facts."""

from __future__ import annotations

import json
from typing import Any

from .kinds import BY_NAME, DOCUMENT_KINDS
from .model import Document
from .output import Formats
from .privacy import is_public
from .workspace import Index

# What `flaims list` lists: every knowledge kind, by its plural.
LISTED = tuple(k.plural for k in DOCUMENT_KINDS)


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
        facts["visibility"] = "public" if is_public(doc) else "private"
        if not is_public(doc):
            return facts
    facts["title"] = doc.title
    facts.update({k: d[k] for k in BY_NAME[doc.kind].listed if k in d})
    if doc.kind == "ladder":
        facts["levels"] = [lv.get("id") for lv in d.get("levels") or [] if isinstance(lv, dict)]
        facts["competencies"] = [c.get("id") for c in d.get("competencies") or [] if isinstance(c, dict)]
    if doc.kind == "retro":
        facts["experiments"] = len(d.get("experiments") or [])
    return facts


def catalog(index: Index) -> dict[str, Any]:
    """Every document by kind (tags from the taxonomy), sorted by id; valid documents only."""
    out: dict[str, list[dict[str, Any]]] = {plural: [] for plural in LISTED}
    for doc in sorted(index.documents, key=lambda x: (x.kind, x.id or "")):
        if doc.valid and doc.kind != "tags":
            out[BY_NAME[doc.kind].plural].append(_facts(doc))
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


def as_json(data: dict[str, Any], kind: str | None) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_text(data: dict[str, Any], kind: str | None) -> str:
    """The counts per kind, or one line per document of `kind` in aligned columns."""
    if not kind:
        return f"{data['organisation']}: " + ", ".join(counted(n, k) for k, n in data["counts"].items())
    rows = [[str(row["id"]), *(str(row.get(k) or "") for k in ("date", "severity", "team", "status",
                                                                 "visibility")), row.get("title", "")]
            for row in data["documents"][kind]]
    used = [i for i in range(len(rows[0])) if any(r[i] for r in rows)] if rows else []
    widths = {i: max(len(r[i]) for r in rows) for i in used}
    return "\n".join("  ".join(r[i].ljust(widths[i]) for i in used).rstrip() for r in rows)


FORMATS = Formats(text=(as_text, "for people"), json=(as_json, "for tools"))
