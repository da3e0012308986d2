"""The Failure Overflow page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import charts, loop
from .. import split as split_mod
from .common import Nav, Page, pattern_row

if TYPE_CHECKING:
    from .site import Site

PATTERNS_PER_PAGE = 10  # a section is about 300 search tokens (its chart, its reports)
REPORTS_SHOWN = 20  # of an overflowing pattern's window, linked on the page; all on its tag's page


def overflow_page(site: Site) -> Iterator[Page]:
    report = site.report
    patterns = []
    sources: set[str] = set()
    if site.index.taxonomy.document:
        sources.add(site.index.taxonomy.document.path)
    for p in report.overflowing:
        row = pattern_row(site, p)
        row["since"] = p.since
        row["after"] = p.after
        # The window's reports grow with the repository: the newest REPORTS_SHOWN are linked here,
        # every one on the tag's page (split into parts like every listing).
        row["window_reports"] = len(row["reports"])
        row["reports"] = row["reports"][-REPORTS_SHOWN:]
        shown = set(p.reports[-REPORTS_SHOWN:])
        row["chart"] = charts.monthly_bars(
            f"overflow-{p.tag}", f"{site.index.taxonomy.title(p.tag)}: reports per month",
            p.trend, y_label="Reports",
            window=(report.window_start.isoformat()[:7], report.as_of.isoformat()[:7]),
            caption=f"Reports per month up to {report.as_of.isoformat()}, including more "
            "specific tags; the shaded months hold the overflow window, and a dashed line marks "
            "the month a covering module was introduced.",
            marks=loop.module_marks(site, p.curriculum))
        patterns.append(row)
        for r in shown:
            doc = site.index.get("failure", r)
            if doc:
                sources.add(doc.path)
        for m in p.curriculum:
            doc = site.index.get("curriculum", m)
            if doc:
                sources.add(doc.path)
    # One section per pattern (a chart each), in parts of PATTERNS_PER_PAGE (split.py); the
    # table of every pattern on part 1, one row per tag.
    parts = split_mod.split("overflow.md", [("", [(row, "") for row in patterns])],
                            PATTERNS_PER_PAGE)
    for part in parts:
        yield Page(part.path, "overflow.md.j2", "Failure Overflow" if len(parts) == 1 else
                   f"Failure Overflow ({part.number} of {len(parts)})", sorted(sources), {
            "as_of": report.as_of.isoformat(), "window_days": report.window_days,
            "threshold": report.threshold, "start": report.window_start.isoformat(),
            "patterns": patterns, "sections": [r for _, rows in part.groups for r in rows],
            "uncovered": [pattern_row(site, p) for p in report.uncovered],
            "recurring": [pattern_row(site, p) for p in report.recurring],
            "first_part": part.number == 1, "pager": split_mod.pager(parts, part),
        })


OUT_OF_NAV = ()
NAV = (Nav("Failure Overflow", None, "overflow.md"),)
build = overflow_page
