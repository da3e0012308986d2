"""The handbook's growth views: a public plan's page that shows the way forward, and, on each
competency page, who is working toward each threshold so that peers can practise together.

Only the public plans the `Site` holds are read here (private plans never reach it). The
summary of each plan comes from `flaims_tool.plan`, the same one `flaims plan` prints.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .. import plan as plan_mod
from ..model import Document
from . import charts
from .pages.common import Page, _dicts, _fill_months, _strs
from .pages.ladders import ladder_path
from .pages.people import plan_path

if TYPE_CHECKING:
    from .pages.site import Site


MODULES_SHOWN = 5  # suggested modules of a growth row shown with their exercises


def plan_page(site: Site, plan: Document, team: Any) -> Page:
    data = plan.data
    pid = str(plan.id)
    name = site.index.person_name(pid)
    lid = str(data.get("ladder", ""))
    ladder = site.index.get("ladder", lid)
    levels = site.levels.get(lid, [])
    level_ids = [str(lv.get("id")) for lv in levels]
    summary = plan_mod.summarise(site.index, plan, site.as_of)
    growth = []
    gaps = []
    for row in summary.growth:
        comp = site.competency(row.competency)
        growth.append({
            "competency": comp,
            "current": site.level_title(lid, row.current.level),
            "current_name": row.current.name,
            "target": site.level_title(lid, row.target.level),
            "target_name": row.target.name, "signals": list(row.target.signals),
            "confirmed_by": site.person(row.confirmed_by) if row.confirmed_by else None,
            "evidence": [{"item": site.evidence(e.ref), "roles": list(e.roles or []),
                          "judged": e.roles is not None} for e in row.evidence],
            # The modules building a competency grow with the curriculum: the first
            # MODULES_SHOWN with their exercises, the others counted (all on its page).
            "modules": [{**site.module(m.id), "exercises": _exercises(site, m.id)}
                        for m in row.curriculum[:MODULES_SHOWN]],
            "more_modules": max(0, len(row.curriculum) - MODULES_SHOWN),
            "minutes": row.practice_minutes_90d,
        })
        if row.current.level in level_ids and row.target.level in level_ids:
            label = str(comp.get("short", comp["name"]))
            gaps.append(charts.Gap(label, level_ids.index(row.current.level),
                                   level_ids.index(row.target.level)))
    tension = charts.tension(
        f"tension-{pid}", f"Creative tension: where {name} is and where they are heading",
        [str(lv.get("title", lv.get("id"))) for lv in levels], gaps,
        x_label=f"Levels of the {ladder.title if ladder else lid} ladder",
        caption="Filled dot: current level. Ring: target level.") if gaps else None
    practice = sorted(_dicts(data.get("practice")), key=lambda p: str(p.get("date", "")))
    minutes: dict[str, int] = {}
    for p in practice:
        month = str(p.get("date", ""))[:7]
        value = p.get("minutes")
        if len(month) == 7:
            minutes[month] = minutes.get(month, 0) + (value if isinstance(value, int) else 0)
    months = _fill_months(minutes)
    practice_chart = charts.monthly_bars(
        f"practice-{pid}", f"Deliberate practice by {name}, minutes per month", months,
        y_label="Minutes", caption="Minutes of deliberate practice logged per month."
    ) if months else None
    raw_perma = data.get("perma_lead")
    perma: dict[str, Any] = raw_perma if isinstance(raw_perma, dict) else {}
    items = [{"what": i.what, "due": i.due, "status": "overdue" if i.overdue else "open",
              "source": site.evidence(i.source)} for i in summary.open_items]
    return Page(str(plan_path(pid)), "plan.md.j2", f"{name}: development plan", [plan.path],
                related=_related(site, plan, ladder, summary), context={
        "name": name, "team": team, "p": data, "perma": perma,
        "passion": _strs(perma.get("passion")), "strengths": _strs(perma.get("strengths")),
        "value": _strs(perma.get("value")),
        "ladder": {"name": ladder.title if ladder else lid,
                   "target": ladder_path(lid) if ladder else None},
        "growth": growth, "tension": tension, "practice_chart": practice_chart,
        "practice_days": plan_mod.PRACTICE_DAYS, "open_items": items,
        "practice": [{**p, "competency_link": site.competency(p.get("competency"))}
                     for p in reversed(practice)],
    })


def _related(site: Site, plan: Document, ladder: Document | None,
             summary: plan_mod.PlanSummary) -> list[str]:
    """The page is the plan's; it also shows the ladder's thresholds, the modules' exercises and
    the retros and reports of evidence and open items, which are related files."""
    refs = [("curriculum", m.id) for r in summary.growth for m in r.curriculum]
    refs += [(e.ref.partition(":")[0], e.ref.partition(":")[2])
             for r in summary.growth for e in r.evidence if "://" not in e.ref]
    refs += [(i.source.partition(":")[0], i.source.partition(":")[2]) for i in summary.open_items]
    paths = {d.path for kind, doc_id in refs if (d := site.index.get(kind, doc_id)) is not None}
    return ([ladder.path] if ladder else []) + sorted(paths - {plan.path})


def _exercises(site: Site, module_id: str) -> list[dict[str, Any]]:
    doc = site.index.get("curriculum", module_id)
    if doc is None or not doc.valid:
        return []
    return [{"title": e.get("title", ""), "practice": e.get("practice", ""),
             "feedback": e.get("feedback", "")} for e in _dicts(doc.data.get("exercises"))]


def learners(site: Site, ref: str) -> dict[str, list[dict[str, Any]]]:
    """Target level id -> the people whose public plan has a growth row toward it on this
    competency (with the level they are at now), by name."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for plan in site.plans:
        for row in _dicts(plan.data.get("growth")):
            if row.get("competency") == ref and isinstance(row.get("target"), str):
                found[row["target"]].append({
                    # (site.plans holds public plans only: the link goes to the plan itself)
                    "person": {"name": site.index.person_name(str(plan.id)),
                               "target": plan_path(plan.id)},
                    "from": str(row.get("current", "")),
                    "confirmed": isinstance(row.get("confirmed_by"), str)})
    for people in found.values():
        people.sort(key=lambda p: str(p["person"]["name"]).lower())
    return dict(found)
