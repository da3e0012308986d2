"""The format reference: every field of every document kind, from the bundled schemas' own
`description`s (so the handbook and the schemas cannot disagree), and a complete example of
each kind (`examples/<kind>.yaml`, tested to lint clean)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from .. import kinds, schemas
from .escape import Raw, text

# What a shared definition holds, in the users' words: "list of person ids", not "list of value".
_NOUNS: dict[str, tuple[str, str]] = {  # $defs name -> (one, many)
    "person_ref": ("person id", "person ids"),
    "tag_ref": ("tag id", "tag ids"),
    "competency_ref": ("competency (<ladder>/<competency>)", "competencies (<ladder>/<competency>)"),
    "dated_id": ("dated id (YYYY-MM-DD-slug)", "dated ids (YYYY-MM-DD-slug)"),
    "slug": ("id (a slug)", "ids (slugs)"),
    "date": ("date", "dates"),
    "timestamp": ("timestamp", "timestamps"),
    "team": ("team id", "team ids"),
    "status": ("status", "statuses"),
    "action": ("action", "actions (fields below)"),
    "experiment": ("experiment", "experiments (fields below)"),
    "threshold": ("threshold", "thresholds"),
}

# The knowledge kinds in their declared order; flaims.yaml, written once, last.
KINDS = tuple((k.name, k.where) for k in (*kinds.DOCUMENT_KINDS, kinds.CONFIG))


def described(value: Any) -> Raw:
    """A schema description as Markdown: our own text, with `code` spans kept as code."""
    parts = str(value or "").split("`")
    out = []
    for i, part in enumerate(parts):
        out.append(f"<code>{text(part)}</code>" if i % 2 and part else str(text(part)))
    return Raw("".join(out))


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = schema.get("$defs", {}).get(ref.split("/")[-1], {})
        merged = dict(target)
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        merged["$def"] = ref.split("/")[-1]  # which shared definition, for its name
        return merged
    return node


def _type(schema: dict[str, Any], node: dict[str, Any], many: bool = False) -> str:
    """What a field holds, in words; `many` for the items of a list."""
    node = _resolve(schema, node)
    named = _NOUNS.get(str(node.get("$def")))
    if "enum" in node:
        return ("each one of " if many else "one of ") + ", ".join(str(v) for v in node["enum"])
    if named:
        return named[1 if many else 0]
    kind = node.get("type")
    if kind == "array":
        items = node.get("items")
        return "list of " + (_type(schema, items, many=True) if isinstance(items, dict)
                             else "texts")
    if kind == "object":
        return "mappings (fields below)" if many else "mapping"
    if node.get("format") == "date" or str(node.get("pattern", "")).endswith("{2}$"):
        return "dates" if many else "date"
    if node.get("format") == "email":
        return "email addresses" if many else "email address"
    words = {"string": ("text", "texts"), "integer": ("whole number", "whole numbers"),
             "number": ("number", "numbers"), "boolean": ("true or false", "true or false")}
    return words.get(str(kind), ("value", "values"))[1 if many else 0]


def field_name(path: str) -> Raw:
    """A field path that may break only after a `.`, never inside a name."""
    return Raw("<wbr>".join(str(text(part)) + "." for part in path.split("."))[:-1])


def fields(schema: dict[str, Any], node: dict[str, Any], prefix: str = ""
           ) -> list[dict[str, Any]]:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    rows: list[dict[str, Any]] = []
    for name, sub in (node.get("properties") or {}).items():
        sub = _resolve(schema, sub)
        path = f"{prefix}{name}"
        rows.append({"field": path, "name": field_name(path), "required": name in required,
                     "type": _type(schema, sub),
                     "description": described(sub.get("description", ""))})
        if sub.get("type") == "object":
            rows += fields(schema, sub, path + ".")
        items = sub.get("items")
        if sub.get("type") == "array" and isinstance(items, dict):
            items = _resolve(schema, items)
            if items.get("type") == "object":
                rows += fields(schema, items, path + "[].")
    return rows


def example(kind: str) -> str:
    """The complete example of a kind, as shipped in `examples/<kind>.yaml`."""
    return (resources.files("flaims_tool.handbook") / "examples" / f"{kind}.yaml").read_text(
        "utf-8")


def format_reference() -> list[dict[str, Any]]:
    out = []
    for kind, where in KINDS:
        schema = schemas.schema(kind)
        out.append({"kind": kind, "where": where, "title": schema.get("title", kind),
                    "description": described(schema.get("description", "")),
                    "fields": fields(schema, schema), "example": Raw(example(kind).rstrip())})
    return out
