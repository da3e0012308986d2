"""The tag tree and one page per tag."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ... import overflow as overflow_mod
from .. import charts, loop
from ..escape import is_slug
from .common import Nav, Page, _strs, listing_pages, pattern_row

if TYPE_CHECKING:
    from .site import Site

TREND_MONTHS = 24  # the shared time axis of the tag pages' charts

def tag_path(tag: Any) -> str | None:
    return f"tags/{tag}.md" if is_slug(tag) else None


def tags(site: Site) -> Iterator[Page]:
    taxonomy = site.index.taxonomy
    tags_file = taxonomy.document.path if taxonomy.document else None
    children: dict[str | None, list[str]] = defaultdict(list)
    for tag_id in taxonomy.tags:
        if is_slug(tag_id):
            children[taxonomy.parent(tag_id)].append(tag_id)

    def row(tag_id: str, depth: int) -> dict[str, Any]:
        return {"tag": site.tag(tag_id), "depth": depth, "count": len(site.by_tag.get(tag_id, [])),
                "overflowing": tag_id in site.overflowing,
                "covered": bool(overflow_mod.covering_modules(site.index, tag_id))}

    tree: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int, seen: set[str]) -> None:
        for tag_id in sorted(children.get(parent, [])):
            if tag_id in seen:
                continue
            tree.append(row(tag_id, depth))
            walk(tag_id, depth + 1, seen | {tag_id})

    walk(None, 0, set())
    yield Page("tags.md", "tags.md.j2", "Failure tags", [tags_file] if tags_file else [],
               {"tree": tree})
    # Every tag's chart has the same axes (the last TREND_MONTHS months, one value scale), so
    # two tags' pages can be compared at a glance.
    axis = charts.months_ending(site.as_of, TREND_MONTHS)
    trends = {tag_id: dict(overflow_mod.trend(site.index, tag_id, until=site.as_of))
              for tag_id in taxonomy.tags if is_slug(tag_id)}
    y_max = max((n for counts in trends.values() for m, n in counts.items() if m >= axis[0]),
                default=0)
    for tag_id in sorted(trends):
        entry = taxonomy.tags[tag_id]
        report_ids = site.by_tag.get(tag_id, [])
        docs = [d for d in (site.index.get("failure", r) for r in reversed(report_ids)) if d]
        rows = [site.failure_row(d) for d in docs]
        counts = trends[tag_id]
        chart = charts.monthly_bars(
            f"trend-{tag_id}", f"Failure reports tagged {taxonomy.title(tag_id)}, per month",
            [(m, counts.get(m, 0)) for m in axis], y_label="Reports", y_max=y_max,
            caption=f"Reports per calendar month over the last {TREND_MONTHS} months, on the "
            "same axes as every tag's page, including reports tagged with a more specific tag "
            "below this one; a dashed line marks the month a covering module was introduced.",
            marks=loop.module_marks(site, overflow_mod.covering_modules(site.index, tag_id)),
            ) if counts else None
        # The reports in parts of ROWS_PER_PAGE (split.py); the summary and chart on part 1.
        yield from listing_pages(
            str(tag_path(tag_id)), "tag.md.j2", taxonomy.title(tag_id),
            [("", [(row, d.path) for row, d in zip(rows, docs, strict=True)])],
            own=[tags_file] if tags_file else [], context={
            "id": tag_id, "description": entry.get("description", ""),
            "parent": site.tag(taxonomy.parent(tag_id)) if taxonomy.parent(tag_id) else None,
            "children": [site.tag(c) for c in sorted(children.get(tag_id, []))],
            "aliases": _strs(entry.get("aliases")),
            "competencies": site.competencies(entry.get("competencies")),
            "reports": len(rows), "chart": chart,
            "modules": [site.module(m) for m in overflow_mod.covering_modules(site.index, tag_id)],
            "pattern": pattern_row(site, site.overflowing[tag_id])
            if tag_id in site.overflowing else None,
        })


OUT_OF_NAV = ("/tags/",)
NAV = (Nav("Failures", "By tag", "tags.md"),)
build = tags
