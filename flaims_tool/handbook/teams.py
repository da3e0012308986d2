"""The handbook's team pages and people directory: who is where, what each team and person
keeps, and what people who left took with them.

A person's emails are never read here: only id, name, team, ladder, level and status. A plan is
linked only when it is public (the `Site` has already dropped private ones).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import team as team_mod
from . import split as split_mod
from .escape import Raw, is_slug
from .pages import people as people_mod
from .pages.common import Nav, Page, _dicts, _strs
from .pages.curriculum import module_path
from .pages.ladders import ladder_path
from .pages.people import DIRECTORY, directory_order, plan_path

if TYPE_CHECKING:
    from .pages.site import Site

TEAMS = "teams.md"
OUT_OF_NAV = ("/teams/",)
NAV = (Nav("Teams", "All teams", TEAMS), Nav("Teams", "People directory", DIRECTORY))


def team_path(tid: Any) -> str | None:
    return f"teams/{tid}.md" if is_slug(tid) else None


def _person(site: Site, pid: Any) -> dict[str, Any]:
    """A person as {name, target}: their entry in the directory."""
    name = site.index.person_name(pid) if isinstance(pid, str) else ""
    return {"name": name, "target": site.person_targets.get(pid) if pid in _ids(site) else None}


def _ids(site: Site) -> set[str]:
    return {str(p.id) for p in site.people}


def _kept(site: Site, kind: str, did: str) -> dict[str, Any]:
    make = ladder_path if kind == "ladder" else module_path
    doc = site.index.get(kind, did)
    return {"name": doc.title if doc else did, "target": make(did) if doc else None}


def build(site: Site) -> Iterator[Page]:
    report = team_mod.assess(site.index, site.as_of)
    teams = [t for t in report.teams if team_path(t.team)]
    yield from (team_page(site, t, report) for t in teams)
    # Knowledge files only, not people/ (as for every page): a commit that adds a person with a
    # private plan must not surface as this page's "last changed by".
    sources = [p for p in site.public_sources() if not p.startswith("plans/")]
    yield Page(TEAMS, "teams.md.j2", "Teams", sources, {
        "registry": site.index.config.teams is not None,
        "teams": [{"team": {"name": t.title, "target": team_path(t.team)},
                   # Level ids, not titles: the index stays one line per team.
                   "people": len(t.people), "levels": " · ".join(
                       " ".join(f"{lv}×{n}" for lv, n in counts.items())
                       for counts in t.levels.values()) or "—",
                   "single": [_kept(site, p.kind, p.id) for p in t.single_points],
                   "open": t.open_items, "overdue": t.overdue_items} for t in teams],
    })
    yield from directory(site, report, sources)


def _levels(site: Site, levels: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    out = []
    for lid, counts in levels.items():
        ladder = site.index.get("ladder", lid)
        out.append({"ladder": {"name": ladder.title if ladder else lid,
                               "target": ladder_path(lid) if ladder else None},
                    "counts": ", ".join(f"{site.level_title(lid, lv)} × {n}"
                                        for lv, n in counts.items())})
    return out


def team_page(site: Site, t: team_mod.Team, report: team_mod.TeamReport) -> Page:
    failures = [d for d in site.sorted_failures() if d.data.get("team") == t.team]
    retros = [d for d in site.sorted_retros() if d.data.get("team") == t.team]
    experiments = [e for e in site.experiments() if e["team"] == t.team]
    experiments.sort(key=lambda e: ({"overdue": 0, "open": 1}.get(e["status"], 2), str(e["due"])))
    overflowing = [p for p in site.report.overflowing if t.team in p.teams]
    people = []
    for pid in t.people:
        doc = site.index.get("person", pid)
        held = team_mod.recognised_level(site.index, doc) if doc else None
        people.append({"person": _person(site, pid),
                       "level": site.level_title(*held) if held else "—"})
    kept = [d for d in team_mod.kept_documents(site.index)
            if set(team_mod.owners(d)) & set(t.people)]
    sources = sorted(d.path for d in failures + retros + kept)
    return Page(str(team_path(t.team)), "team.md.j2", t.title, sources, {
        "t": t, "description": site.index.config.team_descriptions.get(t.team, ""),
        "people": people, "levels": _levels(site, t.levels),
        "single": [{"doc": _kept(site, p.kind, p.id), "kind": p.kind,
                    "only": _person(site, p.only)} for p in t.single_points],
        "failures": [site.failure_row(d) for d in failures],
        "retros": [site.retro_row(d) for d in retros],
        "experiments": experiments,
        "overflowing": [{"tag": site.tag(p.tag), "count": p.count, "covered": p.covered}
                        for p in overflowing],
    })


def directory(site: Site, report: team_mod.TeamReport, sources: list[str]) -> Iterator[Page]:
    """The people directory, in parts of DIRECTORY_ROWS people (split.py); a part's sources are
    the files its entries list (the reports, retros and documents they keep)."""
    status = {str(p.id): p.data.get("status") for p in site.people}
    single = {(p.kind, p.id) for t in report.teams for p in t.single_points}
    keeps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shown: dict[str, list[str]] = defaultdict(list)  # person id -> the files their entry lists
    for doc in team_mod.kept_documents(site.index):
        for owner in dict.fromkeys(team_mod.owners(doc)):
            item = _kept(site, doc.kind, str(doc.id))
            if (doc.kind, str(doc.id)) in single and status.get(owner) == "active":
                item["name"] = f"{item['name']} (only keeper)"
            keeps[owner].append(item)
            shown[owner].append(doc.path)
    wrote: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in site.sorted_failures():
        for pid in dict.fromkeys(_strs(d.data.get("authors"))):
            wrote[pid].append(site.failure(d.id))
            shown[pid].append(d.path)
    took_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in site.sorted_retros():
        names = [d.data.get("facilitator"), *_strs(d.data.get("participants")),
                 *(e.get("owner") for e in _dicts(d.data.get("experiments")))]
        for pid in dict.fromkeys(n for n in names if isinstance(n, str)):
            took_part[pid].append(site.retro(d.id))
            shown[pid].append(d.path)
    left = _left_without_keeper(site)
    rows: list[dict[str, Any]] = []
    for doc in directory_order(site):
        pid = str(doc.id)
        tid = doc.data.get("team")
        held = team_mod.recognised_level(site.index, doc)
        rows.append({
            # The id is a slug (Site keeps only those): safe as an HTML id.
            "id": pid, "anchor": Raw(f'<a id="{pid}"></a>'),
            "heading": site.index.person_name(pid)
            + (" (has left)" if doc.data.get("status") == "alumni" else ""),
            "alumni": doc.data.get("status") == "alumni",
            "team": {"name": team_mod.team_title(site.index, tid),
                     "target": team_path(tid) if tid in report_teams(report) else None}
            if isinstance(tid, str) else None,
            "level": site.level_title(*held) if held else None,
            "ladder": _kept(site, "ladder", held[0]) if held else None,
            "keeps": keeps.get(pid, []), "wrote": wrote.get(pid, []),
            "retros": took_part.get(pid, []), "left": left.get(pid, []),
            "plan": plan_path(pid) if pid in site.public_plan_ids else None,
        })
    active = sum(1 for r in rows if not r["alumni"])
    parts = split_mod.split(DIRECTORY, [("", [(r, str(r["id"])) for r in rows])],
                           people_mod.DIRECTORY_ROWS)
    for part in parts:
        listed = [path for pid in part.sources for path in shown.get(pid, [])]
        yield Page(part.path, "directory.md.j2", "People directory" if len(parts) == 1 else
                   f"People directory ({part.number} of {len(parts)})",
                   # One part: what it has always been built from (every knowledge file).
                   sources if len(parts) == 1 else sorted(set(listed)), {
            "people": [r for _, group in part.groups for r in group], "active": active,
            "alumni": len(rows) - active, "pager": split_mod.pager(parts, part),
            "first_part": part.number == 1})


def report_teams(report: team_mod.TeamReport) -> set[str]:
    return {t.team for t in report.teams if team_path(t.team)}


def _left_without_keeper(site: Site) -> dict[str, list[dict[str, Any]]]:
    """Alumni id -> the documents nobody active keeps or wrote, from the health report."""
    from .pages.health import report_of
    from .pages.site import source_link

    allowed = set(site.public_sources())
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    health = report_of(site)
    for o in health.alumni_owned:
        for pid in o.owners:
            if o.path in allowed and (pid, o.path) not in seen:
                seen.add((pid, o.path))
                found[pid].append({**source_link(site, o.path), "why": "kept only by people who left"})
    for a in health.alumni_authored:
        for author in a.authors:
            who = author.get("person")
            if who and a.path in allowed and (who, a.path) not in seen:
                seen.add((who, a.path))
                found[who].append({**source_link(site, a.path),
                                   "why": "written only by people who left"})
    return found
