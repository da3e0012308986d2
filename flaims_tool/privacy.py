"""What is private, decided in one place.

A plan is public only when it says `visibility: public`: every reader that could carry a
document's content further (the cache, the lint-result cache, `flaims list`, the handbook) asks
here, so the rule cannot drift between them. And what a private plan's diagnostics may say:
field names and positions, never a value. A CI log is public to everyone who can read the
repository's checks; a quoted value of a private plan (`updated: '2026-09-14 my salary is …' is
not a date`) would publish it there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from . import kinds
from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .model import Document
    from .yamlio import PathKey


class _Doc(Protocol):
    kind: str

    @property
    def data(self) -> dict[str, Any]: ...

    def field(self, name: str) -> Any: ...


def is_public_data(kind: str, data: Any) -> bool:
    """Whether a document of `kind` with this loaded data may be seen by others. Only plans are
    private, and a plan is private unless it explicitly says `visibility: public`."""
    return kind != "plan" or (isinstance(data, dict) and data.get("visibility") == "public")


def is_public(doc: _Doc) -> bool:
    # What is_public_data says of the document's data, read as a top-level field: `visibility`
    # is one of model.INDEX_FIELDS, which a cached document answers without decoding its data.
    return doc.kind != "plan" or doc.field("visibility") == "public"


PLANS = f"{kinds.PLAN.folder}/"
NOTE = "(this plan is private: its values are not shown)"


def is_private_plan(path: str, documents: dict[str, Document]) -> bool:
    """A plan that is not visibly public: private by default, and when it cannot be read."""
    if not path.startswith(PLANS):
        return False
    doc = documents.get(path)
    return doc is None or not is_public(doc)


def field_name(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fields(doc: Document | None) -> dict[tuple[int, int], PathKey]:
    """Position -> the path of the first field there (named only where a diagnostic is)."""
    if doc is None:
        return {}
    found: dict[tuple[int, int], PathKey] = {}
    for positions in (doc.loaded.positions, doc.loaded.key_positions):
        for path, pos in positions.items():
            if path:
                found.setdefault(pos, path)
    return found


def redact(diagnostics: Iterable[Diagnostic], documents: Iterable[Document],
           summaries: dict[str, str]) -> list[Diagnostic]:
    """Each private plan's diagnostic said with its rule's summary and the field it is at."""
    by_path = {d.path: d for d in documents}
    fields: dict[str, dict[tuple[int, int], PathKey]] = {}
    out = []
    for d in diagnostics:
        if not is_private_plan(d.path, by_path):
            out.append(d)
            continue
        if d.path not in fields:
            fields[d.path] = _fields(by_path.get(d.path))
        at = fields[d.path].get((d.line, d.column))
        where = field_name(at) if at is not None else None
        rule = summaries.get(d.code, "").rstrip(".")
        what = f"fails {d.code}" + (f" ({rule})" if rule else "")
        message = f"{where}: {what} {NOTE}" if where else f"{what} {NOTE}"
        out.append(Diagnostic(d.path, d.line, d.column, d.code, message, d.severity, d.hint))
    return out
