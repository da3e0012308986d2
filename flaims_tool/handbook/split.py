"""Listing pages that scale: a listing of any length is split into parts of at most
`ROWS_PER_PAGE` rows, so no generated page grows with the repository (Zensical's search refuses
a page of more than 16,384 tokens; a row of a listing is about 20-30 of them).

A part keeps its group headings (a year, a team), and a group that does not fit continues on
the next part under the same heading. Part 1 keeps the listing's own path (`failures.md`);
the others are `failures-page-2.md`, ... and link to each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

ROWS_PER_PAGE = 200  # about 6,000 search tokens at most: well under 16,384
NOT_IN_NAV = "/*-page-*.md"  # the later parts are reached from part 1, not from the navigation


@dataclass
class Part:
    path: str
    number: int
    groups: list[tuple[str, list[Any]]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    rows: int = 0


def part_path(path: str, number: int) -> str:
    return path if number == 1 else f"{path[:-3]}-page-{number}.md"


def split(path: str, groups: Sequence[tuple[str, Sequence[tuple[Any, str]]]],
          rows_per_page: int = ROWS_PER_PAGE) -> list[Part]:
    """`groups`: (heading, [(row, source path), ...]) in order. Always at least one part."""
    parts = [Part(path, 1)]
    for heading, rows in groups:
        for row, source in rows:
            part = parts[-1]
            if part.rows == rows_per_page:
                part = Part(part_path(path, len(parts) + 1), len(parts) + 1)
                parts.append(part)
            if not part.groups or part.groups[-1][0] != heading:
                part.groups.append((heading, []))
            part.groups[-1][1].append(row)
            part.sources.append(source)
            part.rows += 1
    return parts


def pager(parts: Sequence[Part], current: Part) -> dict[str, Any]:
    """For `_pager.md.j2`: every part as {number, target, first, last, current}."""
    return {"count": len(parts), "number": current.number,
            "parts": [{"number": p.number, "target": p.path, "current": p is current,
                       "first": p.groups[0][0] if p.groups else "",
                       "last": p.groups[-1][0] if p.groups else ""} for p in parts]}
