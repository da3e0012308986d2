"""Ladders and their competencies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...model import Document
from ..escape import is_slug
from .common import Nav, Page, _dicts, _strs, listing_pages

if TYPE_CHECKING:
    from .site import Site

def ladder_path(lid: Any) -> str | None:
    return f"ladders/{lid}.md" if is_slug(lid) else None


def competency_path(lid: Any, cid: Any) -> str | None:
    return f"ladders/{lid}/{cid}.md" if is_slug(lid) and is_slug(cid) else None



def ladders(site: Site) -> Iterator[Page]:
    rows = []
    for lad in site.ladders:
        lid = str(lad.id)
        levels = site.levels[lid]
        comps = _dicts(lad.data.get("competencies"))
        rows.append({"title": lad.title, "target": ladder_path(lid),
                     "summary": lad.data.get("summary", ""), "levels": len(levels),
                     "competencies": len(comps)})
        matrix = []
        for comp in comps:
            cid = comp.get("id")
            thresholds = comp.get("thresholds") if isinstance(comp.get("thresholds"), dict) else {}
            cells = []
            for lv in levels:
                th = thresholds.get(lv.get("id")) if isinstance(thresholds, dict) else None
                name = th.get("name", "") if isinstance(th, dict) else ""
                anchor = f"#level-{lv.get('id')}" if is_slug(lv.get("id")) else ""
                target = competency_path(lid, cid)
                cells.append({"name": name, "target": target + anchor if target else None})
            matrix.append({"title": comp.get("title", cid), "target": competency_path(lid, cid),
                           "summary": comp.get("summary", ""), "cells": cells})
            yield from competency_pages(site, lad, comp)
        yield Page(str(ladder_path(lid)), "ladder.md.j2", lad.title, [lad.path], {
            "ladder": lad.data, "levels": levels, "matrix": matrix,
            "owners": site.people_list(lad.data.get("owners")),
        }, hide=("toc",))
    yield Page("ladders.md", "ladders.md.j2", "Ladders", [d.path for d in site.ladders],
               {"ladders": rows})


def competency_pages(site: Site, lad: Document, comp: dict[str, Any]) -> Iterator[Page]:
    """A competency's page; the failures that touch it in parts of ROWS_PER_PAGE (split.py)."""
    lid, cid = str(lad.id), comp.get("id")
    ref = f"{lid}/{cid}"
    thresholds = comp.get("thresholds") if isinstance(comp.get("thresholds"), dict) else {}
    levels = []
    for lv in site.levels[lid]:
        th = thresholds.get(lv.get("id")) if isinstance(thresholds, dict) else None
        th = th if isinstance(th, dict) else {}
        levels.append({"id": lv.get("id"), "anchor": f"level-{lv.get('id')}",
                       "title": lv.get("title", ""), "summary": lv.get("summary", ""),
                       "name": th.get("name", ""), "signals": _strs(th.get("signals"))})
    from ..growth import learners

    toward = learners(site, ref)  # public plans only: site.plans holds no private one
    for lv in levels:
        lv["learners"] = toward.get(str(lv["id"]), [])
    modules = [site.module(m.id) for m in site.modules if ref in _strs(m.data.get("competencies"))]
    tag_ids = {t for t, entry in site.index.taxonomy.tags.items()
               if ref in _strs(entry.get("competencies"))}
    touching = []
    for f in site.sorted_failures():
        direct = ref in _strs(f.data.get("competencies"))
        via = sorted(tag_ids & set(_strs(f.data.get("tags"))))
        if direct or via:
            touching.append((site.failure_row(f), f.path))
    # The public plans listing who works toward a threshold are related, like the failures: the
    # page is the ladder's, and its last change is the ladder's.
    related = [p.path for p in site.plans if any(
        r.get("competency") == ref for r in _dicts(p.data.get("growth")))]
    yield from listing_pages(
        str(competency_path(lid, cid)), "competency.md.j2",
        f"{comp.get('title', cid)} ({lad.title})", [("", touching)] if touching else [],
        own=[lad.path], related=related, context={
            "ladder": {"title": lad.title, "target": ladder_path(lid)},
            "competency": comp, "levels": levels, "modules": modules,
            "failures": len(touching),
        })




FOLDER = "ladders"
OUT_OF_NAV = ("/ladders/*/",)  # competency pages are reached from their ladder


def nav(site: Site) -> list[Nav]:
    from ..escape import text

    return [Nav("Ladders", "All ladders", "ladders.md"),
            *(Nav("Ladders", str(text(d.title)), str(ladder_path(d.id))) for d in site.ladders)]


build = ladders
