"""Curriculum modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import loop
from ..escape import external_link, is_slug
from .common import Nav, Page, _dicts, _strs, listing_pages

if TYPE_CHECKING:
    from .site import Site

def module_path(mid: Any) -> str | None:
    return f"curriculum/{mid}.md" if is_slug(mid) else None


def curriculum(site: Site) -> Iterator[Page]:
    rows = []
    for mod in sorted(site.modules, key=lambda m: m.title.lower()):
        data = mod.data
        listed = {site.index.taxonomy.canonical(t) for t in _strs(data.get("tags"))} - {None}
        case_docs = site.failures_tagged({t for t in listed if t is not None})
        cases = [site.failure_row(f) for f in case_docs]
        paths = {id(row): f.path for row, f in zip(cases, case_docs, strict=True)}
        verdict = loop.verdict_of(site, mod.id)
        rows.append({"title": mod.title, "target": module_path(mod.id),
                     "tags": site.tags(data.get("tags")), "cases": len(cases),
                     "owners": site.people_list(data.get("owners")), "verdict": verdict})
        before, after = loop.case_split(site, mod.id, cases)
        resources = [external_link(r.get("title", r.get("url", "")), r.get("url"))
                     for r in _dicts(data.get("resources"))]
        # The case studies in parts of ROWS_PER_PAGE (split.py); the module itself on part 1.
        groups = ([("After the module was written", after),
                   ("Before the module was written", before)] if verdict else
                  [("All reports", cases)])
        yield from listing_pages(
            str(module_path(mod.id)), "module.md.j2", mod.title,
            [(heading, [(row, paths[id(row)]) for row in rows]) for heading, rows in groups],
            own=[mod.path], context={
                "m": data, "owners": site.people_list(data.get("owners")),
                "tags": site.tags(data.get("tags")),
                "competencies": site.competencies(data.get("competencies")),
                "objectives": _strs(data.get("objectives")),
                "exercises": _dicts(data.get("exercises")),
                "resources": resources, "cases": len(cases), "title_base": mod.title,
                "verdict": verdict, "before": len(before), "after": len(after),
                "window_days": site.loop.report.window_days,
            })
    yield Page("curriculum.md", "curriculum.md.j2", "Curriculum",
               [m.path for m in site.modules] + [d.path for d in site.failures],
               {"modules": rows, "window_days": site.loop.report.window_days})



OUT_OF_NAV = ("/curriculum/",)
NAV = (Nav("Curriculum", None, "curriculum.md"),)
build = curriculum
