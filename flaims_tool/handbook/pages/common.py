"""What every page module shares: `Page`, the navigation entry a module declares, small readers
of loaded data and the split listing pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ... import overflow as overflow_mod
from .. import split as split_mod


@dataclass
class Page:
    path: str  # in the generated docs folder, with /
    template: str
    title: str  # user text allowed: escaped on output
    sources: list[str] = field(default_factory=list)  # repository paths the page is built from
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ()  # Material's front-matter `hide`: "toc", "navigation"
    # Files whose content the page also lists (a competency's failure reports): a change to them
    # regenerates the page, but they are not its source, so its "last changed" line is not theirs.
    related: list[str] = field(default_factory=list)



@dataclass(frozen=True)
class Nav:
    """A page's place in the navigation: in `section` (its own entry when `title` is None)."""

    section: str
    title: str | None
    path: str


def _date(value: Any) -> dt.date | None:
    return overflow_mod.parse_date(value)


def _strs(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def listing_pages(path: str, template: str, title: str,
                  groups: list[tuple[str, list[tuple[dict[str, Any], str]]]],
                  context: dict[str, Any]) -> Iterator[Page]:
    """A listing split into parts of at most `split.ROWS_PER_PAGE` rows (split.py)."""
    parts = split_mod.split(path, groups)
    for part in parts:
        counts = {key: sum(len(rows) for k, rows in groups if k == key) for key, _ in part.groups}
        named = title if len(parts) == 1 else f"{title} ({part.number} of {len(parts)})"
        yield Page(part.path, template, named, part.sources, {
            **context, "groups": part.groups, "group_counts": counts,
            "pager": split_mod.pager(parts, part)})


def _fill_months(values: dict[str, int]) -> list[tuple[str, int]]:
    if not values:
        return []
    first, last = min(values), max(values)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, values.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out



def pattern_row(site: Any, p: Any) -> dict[str, Any]:
    return {"tag": site.tag(p.tag), "count": p.count, "teams": list(p.teams),
            "covered": p.covered, "recurring": p.recurring_despite_curriculum,
            "modules": [site.module(m) for m in p.curriculum],
            "reports": [site.failure(r) for r in p.reports]}

