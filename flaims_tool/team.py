"""Teams: who is in each, on which recognised levels, what only one of them keeps, and what
would lose its keeper if someone left (`flaims team`, `--without`, the handbook's team pages).

Pure functions over the index. A keeper is an active owner of a ladder or curriculum module
(formats.md); a single point is living knowledge with exactly one active keeper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import did_you_mean
from .errors import FlaimsError
from .model import Document
from .output import Formats, md_text, to_json
from .workspace import Index

KEPT_KINDS = ("curriculum", "ladder")  # sorted: single points sort by kind, then id
TEAM_KINDS = ("person", "failure", "retro")


class TeamError(FlaimsError):
    """An unknown team or person was asked for (exit 2)."""


@dataclass(frozen=True)
class SinglePoint:
    kind: str
    id: str
    title: str
    path: str
    only: str | None  # the one active keeper; None when nobody active would keep it


@dataclass(frozen=True)
class Item:
    """An open action (failure report) or experiment (retro)."""

    source: str  # "failure:<id>" or "retro:<id>"
    what: str
    owner: str
    due: str
    overdue: bool


@dataclass
class Team:
    team: str
    title: str
    people: list[str]
    levels: dict[str, dict[str, int]]
    single_points: list[SinglePoint]
    items: list[Item]

    @property
    def open_items(self) -> int:
        return len(self.items)

    @property
    def overdue_items(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    def to_dict(self) -> dict[str, Any]:
        return {"team": self.team, "people": list(self.people),
                "levels": {lad: dict(lv) for lad, lv in self.levels.items()},
                "single_points": [{"kind": s.kind, "id": s.id, "only": s.only}
                                  for s in self.single_points],
                "open_items": self.open_items, "overdue_items": self.overdue_items}


@dataclass
class TeamReport:
    as_of: dt.date
    without: str | None
    teams: list[Team]
    names: dict[str, str] = field(default_factory=dict)  # person id -> name, for text
    person_levels: dict[str, str] = field(default_factory=dict)  # person id -> recognised level
    # With --without: what the person alone kept, and what only one person would keep then.
    lost: list[SinglePoint] = field(default_factory=list)
    narrowed: list[SinglePoint] = field(default_factory=list)
    # Kept by nobody active already (every owner has left): no team's single point, but the
    # first thing to hand over.
    unkept: list[SinglePoint] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "without": self.without,
                "teams": [t.to_dict() for t in self.teams]}


# Facts read from the index -------------------------------------------------------------------


def people(index: Index) -> dict[str, Document]:
    """Valid people by id (the first file, where an id is used twice)."""
    found: dict[str, Document] = {}
    for doc in index.valid("person"):
        found.setdefault(str(doc.id), doc)
    return found


def team_ids(index: Index) -> list[str]:
    """The registry's teams, else every team a person, report or retro names; sorted."""
    if index.config.teams is not None:
        return sorted(index.config.teams)
    named = {d.data.get("team") for kind in TEAM_KINDS for d in index.valid(kind)}
    return sorted(t for t in named if isinstance(t, str))


def team_title(index: Index, team: str) -> str:
    return (index.config.teams or {}).get(team, team)


def level_ids(ladder: Document | None) -> list[str]:
    levels = ladder.data.get("levels") if ladder is not None and ladder.valid else None
    return [str(lv["id"]) for lv in levels or [] if isinstance(lv, dict) and "id" in lv]


def recognised_level(index: Index, person: Document) -> tuple[str, str] | None:
    """(ladder, level) when the person's `level` is a level of their `ladder`."""
    ladder_id, level = person.data.get("ladder"), person.data.get("level")
    if not isinstance(ladder_id, str) or not isinstance(level, str):
        return None
    return (ladder_id, level) if level in level_ids(index.get("ladder", ladder_id)) else None


def kept_documents(index: Index) -> Iterator[Document]:
    """Valid ladders and modules, one per id, by kind then id."""
    for kind in KEPT_KINDS:
        seen: dict[str, Document] = {}
        for doc in index.valid(kind):
            seen.setdefault(str(doc.id), doc)
        yield from (seen[i] for i in sorted(seen))


def owners(doc: Document) -> list[str]:
    return [o for o in doc.data.get("owners") or [] if isinstance(o, str)]


def open_items(index: Index, as_of: dt.date) -> Iterator[Item]:
    day = as_of.isoformat()
    for kind, list_name in (("failure", "actions"), ("retro", "experiments")):
        for doc in index.valid(kind):
            for entry in doc.data.get(list_name) or []:
                if entry.get("status") == "open":
                    due = str(entry.get("due", ""))
                    yield Item(f"{kind}:{doc.id}", str(entry.get("what", "")),
                               str(entry.get("owner", "")), due, due < day)


# The report ----------------------------------------------------------------------------------


def assess(index: Index, as_of: dt.date, team: str | None = None, without: str | None = None,
           ) -> TeamReport:
    """Every team (or one), as of a date; `without`: as if that person had left."""
    everyone = people(index)
    teams = team_ids(index)
    if team is not None and team not in teams:
        raise TeamError(f"unknown team '{team}'{did_you_mean(team, teams)} "
                        f"(teams: {', '.join(teams) or 'none'})")
    if without is not None and without not in everyone:
        raise TeamError(f"unknown person '{without}'{did_you_mean(without, everyone)} "
                        "(people are the file names in people/)")
    active = {pid for pid, d in everyone.items() if d.data.get("status") == "active"}
    staying = active - {without}
    team_of = {pid: d.data.get("team") for pid, d in everyone.items()}

    points: dict[str, list[SinglePoint]] = {}
    lost: list[SinglePoint] = []
    narrowed: list[SinglePoint] = []
    unkept: list[SinglePoint] = []
    for doc in kept_documents(index):
        keepers = [o for o in dict.fromkeys(owners(doc)) if o in active]
        after = [o for o in keepers if o in staying]
        if len(after) == 1:
            point = SinglePoint(doc.kind, str(doc.id), doc.title, doc.path, after[0])
            points.setdefault(str(team_of.get(after[0])), []).append(point)
            if len(keepers) > 1:
                narrowed.append(point)
        elif not after and without is not None and keepers == [without]:
            point = SinglePoint(doc.kind, str(doc.id), doc.title, doc.path, None)
            points.setdefault(str(team_of.get(without)), []).append(point)
            lost.append(point)
        elif not keepers:
            unkept.append(SinglePoint(doc.kind, str(doc.id), doc.title, doc.path, None))

    items = list(open_items(index, as_of))
    report = TeamReport(as_of, without, [],
                        names={pid: index.person_name(pid) for pid in everyone},
                        lost=lost, narrowed=narrowed, unkept=unkept)
    for tid in teams if team is None else [team]:
        members = sorted(pid for pid in staying if team_of.get(pid) == tid)
        levels: dict[str, dict[str, int]] = {}
        for pid in members:
            held = recognised_level(index, everyone[pid])
            if held is not None:
                report.person_levels[pid] = held[1]
                counts = levels.setdefault(held[0], {})
                counts[held[1]] = counts.get(held[1], 0) + 1
        ordered = {lad: {lv: levels[lad][lv] for lv in level_ids(index.get("ladder", lad))
                         if lv in levels[lad]} for lad in sorted(levels)}
        member_set = set(members)
        report.teams.append(Team(
            tid, team_title(index, tid), members, ordered,
            sorted(points.get(tid, []), key=lambda p: (p.kind, p.id)),
            sorted((i for i in items if i.owner in member_set),
                   key=lambda i: (not i.overdue, i.due, i.source)),
        ))
    return report


# Output --------------------------------------------------------------------------------------


def _levels_text(levels: dict[str, dict[str, int]]) -> str:
    return "; ".join(f"{lad} " + ", ".join(f"{lv} {n}" for lv, n in counts.items())
                     for lad, counts in levels.items()) or "none recognised"


def _who(report: TeamReport, pid: str | None) -> str:
    return f"{report.names.get(pid, pid)} ({pid})" if pid else "nobody"


def text(report: TeamReport) -> str:
    """For a terminal: with --without, what would lose its keeper comes first."""
    out: list[str] = []
    if report.without:
        who = _who(report, report.without)
        out.append(f"If {who} left (as of {report.as_of.isoformat()}):")
        if report.lost:
            out.append("  no active keeper would be left for:")
            out += [f"    {p.kind:<10}  {p.id}  ({p.path})" for p in report.lost]
        else:
            out.append("  nothing they keep would be left without an active keeper")
        if report.narrowed:
            out.append("  only one keeper would be left for:")
            out += [f"    {p.kind:<10}  {p.id}  kept by {_who(report, p.only)}"
                    for p in report.narrowed]
        if report.lost or report.narrowed:
            out.append("  -> name a second owner (owners:) before they go")
        out.append("")
    else:
        out += [f"Teams as of {report.as_of.isoformat()}", ""]
    for t in report.teams:
        title = f" ({t.title})" if t.title != t.team else ""
        count = f"{len(t.people)} {'person' if len(t.people) == 1 else 'people'}"
        out.append(f"{t.team}{title}: {count}")
        names = [f"{report.names.get(p, p)} ({p}"
                 + (f", {report.person_levels[p]})" if p in report.person_levels else ")")
                 for p in t.people]
        out.append(f"  people:   {', '.join(names) or 'nobody active'}")
        out.append(f"  levels:   {_levels_text(t.levels)}")
        if t.single_points:
            out.append("  kept by one person only:")
            out += [f"    {p.kind:<10}  {p.id}  "
                    + (f"only {_who(report, p.only)}" if p.only else "no active keeper")
                    for p in t.single_points]
        else:
            out.append("  kept by one person only: nothing")
        out.append(f"  open items: {t.open_items} ({t.overdue_items} overdue)")
        out += [f"    overdue since {i.due}  {i.owner}: {_short(i.what)}  [{i.source}]"
                for i in t.items if i.overdue]
        out.append("")
    if not report.teams:
        out.append("No teams: list them in flaims.yaml (teams:) or give people a team.")
    if report.unkept:
        out.append("Kept by nobody active already (every owner has left; see flaims health):")
        out += [f"  {p.kind:<10}  {p.id}  ({p.path})" for p in report.unkept]
    return "\n".join(out).rstrip("\n")


def _short(what: str, limit: int = 70) -> str:
    what = " ".join(what.split())
    return what if len(what) <= limit else what[: limit - 1] + "…"


def markdown(report: TeamReport) -> str:
    """For a pull request or a job summary."""
    out: list[str] = []
    if report.without:
        out += [f"# If {md_text(_who(report, report.without))} left", ""]
        if report.lost:
            out += ["No active keeper would be left for:", ""]
            out += [f"- {p.kind} `{p.id}` ({md_text(p.title)})" for p in report.lost]
        else:
            out.append("Nothing they keep would be left without an active keeper.")
        if report.narrowed:
            out += ["", "Only one keeper would be left for:", ""]
            out += [f"- {p.kind} `{p.id}`: {md_text(_who(report, p.only))}" for p in report.narrowed]
        out.append("")
    out += [f"# Teams as of {report.as_of.isoformat()}", "",
            "| team | people | levels | kept by one person | open | overdue |",
            "|---|---|---|---|--:|--:|"]
    for t in report.teams:
        points = ", ".join(f"`{p.id}` ({md_text(report.names.get(p.only, p.only)) if p.only else 'nobody'})"
                           for p in t.single_points) or "—"
        out.append(f"| {md_text(t.title)} | {len(t.people)} | {md_text(_levels_text(t.levels))} | "
                   f"{points} | {t.open_items} | {t.overdue_items} |")
    if report.unkept:
        out += ["", "Kept by nobody active already (every owner has left):", ""]
        out += [f"- {p.kind} `{p.id}` ({md_text(p.title)})" for p in report.unkept]
    return "\n".join(out) + "\n"



FORMATS = Formats(text=(text, "for people"), json=(to_json, "for tools"),
                  markdown=(markdown, "for pages and pull requests"))
