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
    # False for a listing of documents that have pages of their own (failures by date, the
    # experiments tracker): search then finds the report itself, not "Failures by date (7 of
    # 40)" as well, and the engine does not index the same text twice.
    search: bool = True



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
                  context: dict[str, Any], *, own: list[str] | None = None,
                  related: list[str] | None = None,
                  rows_per_page: int | None = None) -> Iterator[Page]:
    """A listing split into parts of at most `rows_per_page` rows (split.py).

    Each part's sources are the files of the rows it shows; with `own` (a tag's or a module's
    page, whose source is its own file), every part's sources are `own` and the files of its
    rows are related files, with `related` (files only part 1 shows) on part 1. The context
    says `first_part` so a template shows its summary and charts on part 1 only."""
    parts = split_mod.split(path, groups, rows_per_page)
    for part in parts:
        counts = {key: sum(len(rows) for k, rows in groups if k == key) for key, _ in part.groups}
        named = title if len(parts) == 1 else f"{title} ({part.number} of {len(parts)})"
        rows_files = list(dict.fromkeys(part.sources))
        page_context = {**context, "groups": part.groups, "group_counts": counts,
                        "pager": split_mod.pager(parts, part), "first_part": part.number == 1}
        if own is None:
            yield Page(part.path, template, named, rows_files, page_context, search=False)
        else:
            extra = list(related or []) if part.number == 1 else []
            # Parts after the first list only reports that have pages of their own.
            yield Page(part.path, template, named, list(own), page_context,
                       related=list(dict.fromkeys(rows_files + extra)), search=part.number == 1)


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



TEAMS_SHOWN = 8  # a pattern's teams named in a table row; the number of the others after them


def pattern_row(site: Any, p: Any) -> dict[str, Any]:
    teams = list(p.teams)
    if len(teams) > TEAMS_SHOWN + 1:  # the teams grow with the organisation: bounded here
        teams = [*teams[:TEAMS_SHOWN], f"{len(teams) - TEAMS_SHOWN} more"]
    return {"tag": site.tag(p.tag), "count": p.count, "teams": teams,
            "covered": p.covered, "recurring": p.recurring_despite_curriculum,
            "modules": [site.module(m) for m in p.curriculum],
            "reports": [site.failure(r) for r in p.reports]}

