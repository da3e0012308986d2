"""Curriculum modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import loop
from ..escape import external_link, is_slug
from .common import Nav, Page, _dicts, _strs

if TYPE_CHECKING:
    from .site import Site

def module_path(mid: Any) -> str | None:
    return f"curriculum/{mid}.md" if is_slug(mid) else None


def curriculum(site: Site) -> Iterator[Page]:
    rows = []
    for mod in sorted(site.modules, key=lambda m: m.title.lower()):
        data = mod.data
        listed = {site.index.taxonomy.canonical(t) for t in _strs(data.get("tags"))} - {None}
        cases = [site.failure_row(f) for f in site.sorted_failures()
                 if listed & site.failure_tags.get(str(f.id), frozenset())]
        verdict = loop.verdict_of(site, mod.id)
        rows.append({"title": mod.title, "target": module_path(mod.id),
                     "tags": site.tags(data.get("tags")), "cases": len(cases),
                     "owners": site.people_list(data.get("owners")), "verdict": verdict})
        before, after = loop.case_split(site, mod.id, cases)
        resources = [external_link(r.get("title", r.get("url", "")), r.get("url"))
                     for r in _dicts(data.get("resources"))]
        related = [d.path for d in site.failures
                   if listed & site.failure_tags.get(str(d.id), frozenset())]
        yield Page(str(module_path(mod.id)), "module.md.j2", mod.title, [mod.path],
                   related=related, context={
                       "m": data, "owners": site.people_list(data.get("owners")),
                       "tags": site.tags(data.get("tags")),
                       "competencies": site.competencies(data.get("competencies")),
                       "objectives": _strs(data.get("objectives")),
                       "exercises": _dicts(data.get("exercises")),
                       "resources": resources, "cases": cases,
                       "verdict": verdict, "before": before, "after": after,
                       "window_days": site.loop.report.window_days,
                   })
    yield Page("curriculum.md", "curriculum.md.j2", "Curriculum",
               [m.path for m in site.modules] + [d.path for d in site.failures],
               {"modules": rows, "window_days": site.loop.report.window_days})



OUT_OF_NAV = ("/curriculum/",)
NAV = (Nav("Curriculum", None, "curriculum.md"),)
build = curriculum
