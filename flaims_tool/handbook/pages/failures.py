"""Failure reports and their listings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ... import overflow as overflow_mod
from ...model import Document
from .. import loop
from ..escape import is_dated
from .common import Nav, Page, _dicts, listing_pages

if TYPE_CHECKING:
    from .site import Site

from ... import contract

SEVERITIES = tuple(reversed(contract.SEVERITIES))  # the most severe first
def failure_path(fid: Any) -> str | None:
    return f"failures/{fid}.md" if is_dated(fid) else None


def failures(site: Site) -> Iterator[Page]:
    ordered = site.sorted_failures()
    Rows = dict[str, list[tuple[dict[str, Any], str]]]
    by_year: Rows = defaultdict(list)
    by_severity: Rows = {s: [] for s in SEVERITIES}
    by_team: Rows = defaultdict(list)
    for doc in ordered:
        row = (site.failure_row(doc), doc.path)
        by_year[str(doc.data.get("date", ""))[:4]].append(row)
        by_severity.setdefault(str(row[0]["severity"]), []).append(row)
        by_team[str(row[0]["team"])].append(row)
        yield failure_page(site, doc)
    listings = [("failures.md", "Failures by date", "date", list(by_year.items())),
                ("failures-by-severity.md", "Failures by severity", "severity",
                 [(s, rows) for s, rows in by_severity.items() if rows]),
                ("failures-by-team.md", "Failures by team", "team", sorted(by_team.items()))]
    for path, title, by, groups in listings:
        yield from listing_pages(path, "failures.md.j2", title, groups,
                                 {"total": len(ordered), "by": by})


def failure_page(site: Site, doc: Document) -> Page:
    data = doc.data
    tags_rolled = site.failure_tags.get(str(doc.id), frozenset())
    modules = sorted({m for t in tags_rolled for m in overflow_mod.covering_modules(site.index, t)}
                     ) if tags_rolled else []
    actions = [{"what": a.get("what", ""), "owner": site.person(a.get("owner")),
                "due": a.get("due", ""), "status": site.status(a), "outcome": a.get("outcome"),
                "outcome_label": loop.OUTCOME_LABEL.get(str(a.get("outcome")), ""),
                "learned": a.get("learned", "")}
               for a in _dicts(data.get("actions"))]
    discussed = [site.retro_row(r) for r in site.discussed.get(str(doc.id), [])]
    return Page(str(failure_path(doc.id)), "failure.md.j2", doc.title, [doc.path], {
        "f": data, "authors": site.people_list(data.get("authors")),
        "tags": site.tags(data.get("tags")),
        "competencies": site.competencies(data.get("competencies")),
        "timeline": _dicts(data.get("timeline")), "actions": actions,
        "retro": site.retro(data.get("retro")) if data.get("retro") else None,
        "discussed": discussed,
        "modules": [site.module(m) for m in modules],
        "overflowing": [site.tag(t) for t in sorted(tags_rolled) if t in site.overflowing],
        **loop.failure_links(site, doc),
    })



OUT_OF_NAV = ("/failures/",)
NAV = (Nav("Failures", "By date", "failures.md"),
       Nav("Failures", "By severity", "failures-by-severity.md"),
       Nav("Failures", "By team", "failures-by-team.md"))
build = failures
