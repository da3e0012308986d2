"""The format reference: every field of every document kind, from the bundled schemas' own
`description`s (so the handbook and the schemas cannot disagree)."""

from __future__ import annotations

from typing import Any

from .. import kinds, schemas
from .escape import Raw, text

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
        return merged
    return node


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        inner = items.get("type", "value") if isinstance(items, dict) else "value"
        return f"list of {'mappings' if inner == 'object' else inner}"
    if kind == "object":
        return "mapping"
    if node.get("format") == "date" or str(node.get("pattern", "")).endswith("{2}$"):
        return "date"
    return str(kind or "value")


def fields(schema: dict[str, Any], node: dict[str, Any], prefix: str = ""
           ) -> list[dict[str, Any]]:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    rows: list[dict[str, Any]] = []
    for name, sub in (node.get("properties") or {}).items():
        sub = _resolve(schema, sub)
        path = f"{prefix}{name}"
        rows.append({"field": path, "required": name in required, "type": _type(sub),
                     "description": described(sub.get("description", ""))})
        if sub.get("type") == "object":
            rows += fields(schema, sub, path + ".")
        items = sub.get("items")
        if sub.get("type") == "array" and isinstance(items, dict):
            items = _resolve(schema, items)
            if items.get("type") == "object":
                rows += fields(schema, items, path + "[].")
    return rows


def format_reference() -> list[dict[str, Any]]:
    out = []
    for kind, where in KINDS:
        schema = schemas.schema(kind)
        out.append({"kind": kind, "where": where, "title": schema.get("title", kind),
                    "description": described(schema.get("description", "")),
                    "fields": fields(schema, schema)})
    return out
