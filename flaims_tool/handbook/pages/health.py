"""The knowledge health page."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...health import MAX_AGE_DAYS, HealthReport
from .common import Nav, Page, _strs

if TYPE_CHECKING:
    from .site import Site


def at_risk(site: Site) -> list[dict[str, Any]]:
    """Documents whose owners have all left (from the health report; public sources only)."""
    from .site import source_link

    allowed = set(site.public_sources())
    return [source_link(site, o.path) for o in report_of(site).alumni_owned if o.path in allowed]


def report_of(site: Site) -> HealthReport:
    """The site's health report, or an empty one where none could be made."""
    return site.health or HealthReport(site.as_of, MAX_AGE_DAYS, history=False)


def health_page(site: Site) -> Iterator[Page]:
    from .site import source_link

    allowed = set(site.public_sources())
    report = report_of(site)
    status = {str(d.id): d.data.get("status") for d in site.people}

    def keep(items: list[Any]) -> list[Any]:
        return [i for i in items if i.path in allowed]

    owned = [{"doc": source_link(site, o.path), "kind": o.kind, "path": o.path,
              "owners": site.people_list(o.owners)}
             for o in keep(report.alumni_owned)]
    authored = [{"doc": source_link(site, a.path), "kind": a.kind, "path": a.path,
                 "authors": [site.person(x["person"]) if x.get("person")
                             else {"name": site.changes.who(_Named(x.get("name"))),
                                   "target": None}
                             for x in a.authors]}
                for a in keep(report.alumni_authored)
                if any(x.get("person") for x in a.authors)]
    # Documents whose git authors are all unknown to people/: usually one unmapped identity
    # (a bot, an import) explains them all, so the page names identities, not every document.
    unmapped = Counter(site.changes.who(_Named(x.get("name")))
                       for a in keep(report.alumni_authored)
                       if not any(x.get("person") for x in a.authors)
                       for x in a.authors)
    stale = [{"doc": source_link(site, s.path), "kind": s.kind, "path": s.path,
              "last_changed": s.last_changed, "days": s.days}
             for s in keep(report.stale)]
    bus = [{"person": site.person(b.person), "count": sum(1 for d in b.documents if d in allowed)}
           for b in report.bus_factor]
    # Owners who have left but are still named on living knowledge.
    alumni_owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in site.ladders + site.modules:
        for owner in _strs(doc.data.get("owners")):
            if status.get(owner) == "alumni":
                alumni_owners[owner].append(source_link(site, doc.path))
    yield Page("health.md", "health.md.j2", "Knowledge health", site.public_sources(), {
        "available": site.health is not None, "history": site.changes.available,
        "notes": list(report.notes), "max_age_days": report.max_age_days,
        "owned": owned, "authored": authored, "stale": stale,
        "unmapped": [{"name": name, "count": n} for name, n in unmapped.most_common()],
        "bus": [b for b in bus if b["count"]][:10],
        "alumni_owners": [{"person": site.person(p), "docs": docs}
                          for p, docs in sorted(alumni_owners.items())],
    })


@dataclass(frozen=True)
class _Named:
    name: Any
    person: None = None



OUT_OF_NAV = ()
NAV = (Nav("Knowledge health", None, "health.md"),)
build = health_page
