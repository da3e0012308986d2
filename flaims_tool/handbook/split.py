"""Pages that scale: a listing of any length is split into parts of at most `ROWS_PER_PAGE`
rows, so no generated page grows with the repository (Zensical's search refuses a page of more
than 16,384 tokens; a row of a listing is about 20-30 of them). tests/test_split.py checks
every generated page against 8,192 tokens at 10,000 documents.

Split this way: failures by date, severity and team; retros by date and team (listing_pages);
a tag's reports, a curriculum module's case studies and a competency's failures (their own
summary, chart or levels on part 1 only); People and growth (the public plans); the
experiments tracker (its sections as groups, the cycle-closed summary on part 1); the people
directory (`DIRECTORY_ROWS` people a part, as an entry is larger than a row; a person's link
goes to the part that holds them); Failure Overflow's pattern sections, 10 a part (its table,
one row per overflowing tag, on part 1). Bounded another way: a pattern section links the
newest 20 of its window reports (every one is on its tag's page), a pattern's row names at
most 8 of its teams and counts the others, and a plan's growth row shows 5 suggested modules
with their exercises and counts the others (all on the competency's page). Not split: the
summary tables of tags (tags.md), teams (teams.md) and modules (curriculum.md), one row per
tag, team or module, which grow with the taxonomy and the organisation, not the reports.

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
          rows_per_page: int | None = None) -> list[Part]:
    """`groups`: (heading, [(row, source path), ...]) in order. Always at least one part.
    `rows_per_page`: ROWS_PER_PAGE unless given (read at each call, so a test may lower it)."""
    rows_per_page = rows_per_page or ROWS_PER_PAGE
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
