"""What is private, decided in one place: a plan is public only when it says `visibility: public`.

Every reader that could carry a document's content further (the cache, the lint-result cache,
`flaims list`, the handbook) asks here, so the rule cannot drift between them."""

from __future__ import annotations

from typing import Any, Protocol


class _Doc(Protocol):
    kind: str

    @property
    def data(self) -> dict[str, Any]: ...


def is_public_data(kind: str, data: Any) -> bool:
    """Whether a document of `kind` with this loaded data may be seen by others. Only plans are
    private, and a plan is private unless it explicitly says `visibility: public`."""
    return kind != "plan" or (isinstance(data, dict) and data.get("visibility") == "public")


def is_public(doc: _Doc) -> bool:
    return is_public_data(doc.kind, doc.data)
