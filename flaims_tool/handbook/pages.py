"""What the handbook shows: one `Page` (path, template, title, sources, context) per page,
gathered from the loaded index, Failure Overflow, git history and knowledge health.

Privacy lives here: a private plan is never read past its `visibility`, so it can reach no page,
no chart, no count and no "last changed" line. Page paths are built only from ids that match
the slug patterns, under fixed folders, so no user text ever names a file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import contract, privacy
from .. import overflow as overflow_mod
from ..model import Document
from ..workspace import Index
from . import charts, loop
from . import split as split_mod
from .escape import Raw, external_link, is_dated, is_slug

SEVERITIES = tuple(reversed(contract.SEVERITIES))  # the most severe first
STATUSES = ("open", "overdue", "done", "dropped")
RECENT = 5
TREND_MONTHS = 24  # the shared time axis of the tag pages' charts


@dataclass
class Page:
    path: str  # in the generated docs folder, with /
    template: str
    title: str  # user text allowed: escaped on output
    sources: list[str] = field(default_factory=list)  # repository paths the page is built from
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ()  # Material's front-matter `hide`: "toc", "navigation"
    # Files whose content the page also lists (a competency's failure reports): a change to them
    # regenerates the page, but they are not its source, so its "last changed" line is not theirs.
    related: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """When a page's sources last changed, and who changed them (a person's name, never an
    email address)."""

    date: dt.date
    who: str
    path: str


class Changes:
    """Last change per repository file, from `history.read_history` (absent outside git)."""

    def __init__(self, index: Index, history: Any | None) -> None:
        self.index = index
        self.history = history
        self.available = bool(history is not None and getattr(history, "available", False))
        self.note: str = str(getattr(history, "note", "") or "") if history is not None else ""
        self.shallow = bool(getattr(history, "shallow", False))

    def last(self, paths: Iterable[str]) -> Change | None:
        if not self.available:
            return None
        files = getattr(self.history, "files", {}) or {}
        best: tuple[dt.datetime, str, Any] | None = None
        for path in paths:
            fh = files.get(path)
            when = getattr(fh, "last", None)
            if fh is None or not isinstance(when, dt.datetime):
                continue
            if best is None or when > best[0]:
                best = (when, path, fh)
        if best is None:
            return None
        when, path, fh = best
        return Change(when.date(), self.who(getattr(fh, "last_author", None)), path)

    def who(self, author: Any) -> str:
        person = getattr(author, "person", None)
        if isinstance(person, str) and person:
            return self.index.person_name(person)
        name = getattr(author, "name", None)
        # An unmapped author's git name is shown, unless it looks like an address.
        if isinstance(name, str) and name.strip() and "@" not in name:
            return name
        return "someone not listed in people/"

    def first(self, path: str) -> dt.date | None:
        if not self.available:
            return None
        fh = (getattr(self.history, "files", {}) or {}).get(path)
        when = getattr(fh, "first", None)
        return when.date() if isinstance(when, dt.datetime) else None


# Page paths, from validated ids only ---------------------------------------------------------


def failure_path(fid: Any) -> str | None:
    return f"failures/{fid}.md" if is_dated(fid) else None


def retro_path(rid: Any) -> str | None:
    return f"retros/{rid}.md" if is_dated(rid) else None


def tag_path(tag: Any) -> str | None:
    return f"tags/{tag}.md" if is_slug(tag) else None


def module_path(mid: Any) -> str | None:
    return f"curriculum/{mid}.md" if is_slug(mid) else None


def ladder_path(lid: Any) -> str | None:
    return f"ladders/{lid}.md" if is_slug(lid) else None


def competency_path(lid: Any, cid: Any) -> str | None:
    return f"ladders/{lid}/{cid}.md" if is_slug(lid) and is_slug(cid) else None


def plan_path(pid: Any) -> str | None:
    return f"plans/{pid}.md" if is_slug(pid) else None


DIRECTORY = "directory.md"  # the people directory: one entry per person, anchored by id


def person_path(pid: Any) -> str | None:
    """A person's entry in the people directory (which links their plan when it is public)."""
    return f"{DIRECTORY}#{pid}" if is_slug(pid) else None


def _date(value: Any) -> dt.date | None:
    return overflow_mod.parse_date(value)


def _strs(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def is_public(plan: Document) -> bool:
    """A plan is published when it is valid and public (privacy.py decides what is public)."""
    return plan.valid and privacy.is_public(plan)


class Site:
    """Everything the page builders share: the index, the as-of date, lookups and links."""

    def __init__(self, index: Index, as_of: dt.date, changes: Changes,
                 health: dict[str, Any] | None = None, created: dict[str, dt.date] | None = None
                 ) -> None:
        self.index = index
        self.as_of = as_of
        self.changes = changes
        self.health = health
        self.config = index.config
        self.failures = self._unique("failure", is_dated)
        self.retros = self._unique("retro", is_dated)
        self.modules = self._unique("curriculum", is_slug)
        self.ladders = self._unique("ladder", is_slug)
        self.people = self._unique("person", is_slug)
        # The one place plans are read: private ones stop here.
        self.plans = [p for p in self._unique("plan", is_slug) if is_public(p)]
        self.public_plan_ids = {p.id for p in self.plans}
        self.report = overflow_mod.detect(index, as_of, created=created)
        self.overflowing = {p.tag: p for p in self.report.overflowing}
        self.by_tag = overflow_mod.reports_by_tag(index)
        self.failure_tags = {f.id: overflow_mod.rolled_up(index, f.data.get("tags"))
                             for f in self.failures}
        # Failure id -> the retros that discussed it, newest first.
        self.discussed: dict[str, list[Document]] = defaultdict(list)
        for retro in self.sorted_retros():
            for fid in _strs(retro.data.get("failures")):
                self.discussed[fid].append(retro)
        self.levels: dict[str, list[dict[str, Any]]] = {
            str(lad.id): _dicts(lad.data.get("levels")) for lad in self.ladders}
        self.loop = loop.Loop(index, as_of, self.retros, self.failures, created)

    def _unique(self, kind: str, check: Any) -> list[Document]:
        seen: set[str] = set()
        found: list[Document] = []
        for doc in self.index.valid(kind):
            if doc.id is not None and doc.id not in seen and check(doc.id):
                seen.add(doc.id)
                found.append(doc)
        return found

    # Lookups that render as {name, target} for the `link` template global.

    def person(self, pid: Any) -> dict[str, Any]:
        name = self.index.person_name(pid) if isinstance(pid, str) else ""
        known = isinstance(pid, str) and self.index.get("person", pid) is not None
        return {"name": name, "target": person_path(pid) if known else None}

    def people_list(self, ids: Any) -> list[dict[str, Any]]:
        return [self.person(p) for p in _strs(ids)]

    def failure(self, fid: Any) -> dict[str, Any]:
        doc = self.index.get("failure", fid) if isinstance(fid, str) else None
        ok = doc is not None and doc.valid
        return {"name": doc.title if ok and doc else fid, "target": failure_path(fid) if ok else None}

    def retro(self, rid: Any) -> dict[str, Any]:
        doc = self.index.get("retro", rid) if isinstance(rid, str) else None
        ok = doc is not None and doc.valid
        return {"name": doc.title if ok and doc else rid, "target": retro_path(rid) if ok else None}

    def module(self, mid: Any) -> dict[str, Any]:
        doc = self.index.get("curriculum", mid) if isinstance(mid, str) else None
        ok = doc is not None and doc.valid
        return {"name": doc.title if ok and doc else mid, "target": module_path(mid) if ok else None}

    def tag(self, name: Any) -> dict[str, Any]:
        canonical = self.index.taxonomy.canonical(name) if isinstance(name, str) else None
        if canonical is None:
            return {"name": name, "target": None}
        return {"name": self.index.taxonomy.title(canonical), "target": tag_path(canonical),
                "id": canonical}

    def tags(self, names: Any) -> list[dict[str, Any]]:
        return [self.tag(t) for t in _strs(names)]

    def competency(self, ref: Any) -> dict[str, Any]:
        if not isinstance(ref, str) or "/" not in ref:
            return {"name": ref, "short": ref, "target": None}
        lid, cid = ref.split("/", 1)
        ladder = self.index.get("ladder", lid)
        if ladder is None or not ladder.valid:
            return {"name": ref, "short": ref, "target": None}
        for comp in _dicts(ladder.data.get("competencies")):
            if comp.get("id") == cid:
                return {"name": f"{ladder.title}: {comp.get('title', cid)}",
                        "short": comp.get("title", cid), "target": competency_path(lid, cid)}
        return {"name": ref, "short": ref, "target": None}

    def competencies(self, refs: Any) -> list[dict[str, Any]]:
        return [self.competency(r) for r in _strs(refs)]

    def level_title(self, ladder: str, level: Any) -> str:
        for lv in self.levels.get(ladder, []):
            if lv.get("id") == level:
                return f"{lv.get('title', level)} ({level})"
        return str(level)

    def evidence(self, item: Any) -> Raw | dict[str, Any]:
        if not isinstance(item, str):
            return {"name": item, "target": None}
        prefix, _, ref = item.partition(":")
        if prefix == "failure":
            return self.failure(ref)
        if prefix == "retro":
            return self.retro(ref)
        if prefix == "curriculum":
            return self.module(ref)
        return external_link(item, item)

    def status(self, item: dict[str, Any]) -> str:
        status = item.get("status")
        due = _date(item.get("due"))
        if status == "open" and due is not None and due < self.as_of:
            return "overdue"
        return str(status)

    def failure_row(self, doc: Document) -> dict[str, Any]:
        return {
            "date": doc.data.get("date"), "title": doc.title, "target": failure_path(doc.id),
            "severity": doc.data.get("severity"), "team": doc.data.get("team", ""),
            "tags": self.tags(doc.data.get("tags")),
        }

    def retro_row(self, doc: Document) -> dict[str, Any]:
        return {
            "date": doc.data.get("date"), "title": doc.title, "target": retro_path(doc.id),
            "team": doc.data.get("team", ""), "experiments": len(_dicts(doc.data.get("experiments"))),
        }

    def sorted_failures(self) -> list[Document]:
        return sorted(self.failures, key=lambda d: (d.data.get("date", ""), d.id), reverse=True)

    def sorted_retros(self) -> list[Document]:
        return sorted(self.retros, key=lambda d: (d.data.get("date", ""), d.id), reverse=True)

    def experiments(self) -> list[dict[str, Any]]:
        rows = []
        for retro in self.sorted_retros():
            for exp in _dicts(retro.data.get("experiments")):
                rows.append({
                    "what": exp.get("what", ""), "owner": self.person(exp.get("owner")),
                    "due": exp.get("due", ""), "status": self.status(exp),
                    "retro": {"name": retro.title, "target": retro_path(retro.id)},
                    "team": retro.data.get("team", ""),
                    "competency": self.competency(exp.get("competency"))
                    if exp.get("competency") else None,
                    "outcome": exp.get("outcome"), "learned": exp.get("learned", ""),
                    "unreviewed": self.loop.unreviewed(retro, exp),
                })
        return rows

    def public_sources(self) -> list[str]:
        """Every repository file a page may be built from: knowledge and public plans. Not
        people/ files (no page is about one) and never a private plan, so a commit to either
        changes no page's "last changed" line."""
        plans = {p.path for p in self.plans}
        return [d.path for d in self.index.documents
                if d.kind not in ("plan", "person") or d.path in plans]


# Page builders ---------------------------------------------------------------------------------


def build_pages(site: Site) -> Iterator[Page]:
    from . import teams

    yield from home(site)
    yield from ladders(site)
    yield from failures(site)
    yield from tags(site)
    yield from overflow_page(site)
    yield from curriculum(site)
    yield from retros(site)
    yield from people(site)
    yield from teams.build(site)
    yield from health_page(site)
    yield from contributing(site)


def home(site: Site) -> Iterator[Page]:
    recent = [site.failure_row(d) for d in site.sorted_failures()
              if (d.date or dt.date.max) <= site.as_of][:RECENT]
    recent_retros = [site.retro_row(d) for d in site.sorted_retros()
                     if (d.date or dt.date.max) <= site.as_of][:RECENT]
    experiments = [e for e in site.experiments() if e["status"] in ("open", "overdue")]
    experiments.sort(key=lambda e: (e["status"] != "overdue", str(e["due"])))
    yield Page("index.md", "home.md.j2", site.config.handbook_title, site.public_sources(), {
        "organisation": site.config.organisation,
        "overflowing": [pattern_row(site, p) for p in site.report.overflowing],
        "recent_failures": recent, "recent_retros": recent_retros,
        "experiments": experiments,
        "overdue": sum(1 for e in experiments if e["status"] == "overdue"),
        "at_risk": at_risk(site)[:RECENT],
        "loop": loop.home_lines(site),
        "counts": {"failures": len(site.failures), "retros": len(site.retros),
                   "modules": len(site.modules), "ladders": len(site.ladders),
                   "plans": len(site.plans)},
    })


def pattern_row(site: Site, p: Any) -> dict[str, Any]:
    return {"tag": site.tag(p.tag), "count": p.count, "teams": list(p.teams),
            "covered": p.covered, "recurring": p.recurring_despite_curriculum,
            "modules": [site.module(m) for m in p.curriculum],
            "reports": [site.failure(r) for r in p.reports]}


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
            yield competency_page(site, lad, comp)
        yield Page(str(ladder_path(lid)), "ladder.md.j2", lad.title, [lad.path], {
            "ladder": lad.data, "levels": levels, "matrix": matrix,
            "owners": site.people_list(lad.data.get("owners")),
        }, hide=("toc",))
    yield Page("ladders.md", "ladders.md.j2", "Ladders", [d.path for d in site.ladders],
               {"ladders": rows})


def competency_page(site: Site, lad: Document, comp: dict[str, Any]) -> Page:
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
    from .growth import learners

    toward = learners(site, ref)  # public plans only: site.plans holds no private one
    for lv in levels:
        lv["learners"] = toward.get(str(lv["id"]), [])
    modules = [site.module(m.id) for m in site.modules if ref in _strs(m.data.get("competencies"))]
    tag_ids = {t for t, entry in site.index.taxonomy.tags.items()
               if ref in _strs(entry.get("competencies"))}
    touching = []
    related = []
    for f in site.sorted_failures():
        direct = ref in _strs(f.data.get("competencies"))
        via = sorted(tag_ids & set(_strs(f.data.get("tags"))))
        if direct or via:
            touching.append(site.failure_row(f))
            related.append(f.path)
    # The public plans listing who works toward a threshold are related, like the failures: the
    # page is the ladder's, and its last change is the ladder's.
    related += [p.path for p in site.plans if any(
        r.get("competency") == ref for r in _dicts(p.data.get("growth")))]
    return Page(str(competency_path(lid, cid)), "competency.md.j2",
                f"{comp.get('title', cid)} ({lad.title})", [lad.path], related=related, context={
                    "ladder": {"title": lad.title, "target": ladder_path(lid)},
                    "competency": comp, "levels": levels, "modules": modules,
                    "failures": touching,
                })


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


def listing_pages(path: str, template: str, title: str,
                  groups: list[tuple[str, list[tuple[dict[str, Any], str]]]],
                  context: dict[str, Any]) -> Iterator[Page]:
    """A listing split into parts of at most `split.ROWS_PER_PAGE` rows (split.py)."""
    parts = split_mod.split(path, groups)
    for part in parts:
        counts = {key: sum(len(rows) for k, rows in groups if k == key) for key, _ in part.groups}
        named = title if len(parts) == 1 else f"{title} ({part.number} of {len(parts)})"
        yield Page(part.path, template, named, part.sources, {
            **context, "groups": part.groups, "group_counts": counts,
            "pager": split_mod.pager(parts, part)})


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
        rows = [site.failure_row(d) for d in (site.index.get("failure", r) for r in
                                              reversed(report_ids)) if d is not None]
        counts = trends[tag_id]
        chart = charts.monthly_bars(
            f"trend-{tag_id}", f"Failure reports tagged {taxonomy.title(tag_id)}, per month",
            [(m, counts.get(m, 0)) for m in axis], y_label="Reports", y_max=y_max,
            caption=f"Reports per calendar month over the last {TREND_MONTHS} months, on the "
            "same axes as every tag's page, including reports tagged with a more specific tag "
            "below this one; a dashed line marks the month a covering module was introduced.",
            marks=loop.module_marks(site, overflow_mod.covering_modules(site.index, tag_id)),
            ) if counts else None
        related = [d.path for d in (site.index.get("failure", r) for r in report_ids) if d]
        yield Page(str(tag_path(tag_id)), "tag.md.j2", taxonomy.title(tag_id),
                   [tags_file] if tags_file else [], related=related, context={
            "id": tag_id, "description": entry.get("description", ""),
            "parent": site.tag(taxonomy.parent(tag_id)) if taxonomy.parent(tag_id) else None,
            "children": [site.tag(c) for c in sorted(children.get(tag_id, []))],
            "aliases": _strs(entry.get("aliases")),
            "competencies": site.competencies(entry.get("competencies")),
            "reports": rows, "chart": chart,
            "modules": [site.module(m) for m in overflow_mod.covering_modules(site.index, tag_id)],
            "pattern": pattern_row(site, site.overflowing[tag_id])
            if tag_id in site.overflowing else None,
        })


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
        row["chart"] = charts.monthly_bars(
            f"overflow-{p.tag}", f"{site.index.taxonomy.title(p.tag)}: reports per month",
            p.trend, y_label="Reports",
            window=(report.window_start.isoformat()[:7], report.as_of.isoformat()[:7]),
            caption=f"Reports per month up to {report.as_of.isoformat()}, including more "
            "specific tags; the shaded months hold the overflow window, and a dashed line marks "
            "the month a covering module was introduced.",
            marks=loop.module_marks(site, p.curriculum))
        patterns.append(row)
        for r in p.reports:
            doc = site.index.get("failure", r)
            if doc:
                sources.add(doc.path)
        for m in p.curriculum:
            doc = site.index.get("curriculum", m)
            if doc:
                sources.add(doc.path)
    yield Page("overflow.md", "overflow.md.j2", "Failure Overflow", sorted(sources), {
        "as_of": report.as_of.isoformat(), "window_days": report.window_days,
        "threshold": report.threshold, "start": report.window_start.isoformat(),
        "patterns": patterns,
        "uncovered": [pattern_row(site, p) for p in report.uncovered],
        "recurring": [pattern_row(site, p) for p in report.recurring],
    })


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


def retros(site: Site) -> Iterator[Page]:
    ordered = site.sorted_retros()
    sources = [r.path for r in ordered]
    followed: dict[str, list[Document]] = defaultdict(list)
    for r in ordered:
        prev = r.data.get("previous")
        if isinstance(prev, str):
            followed[prev].append(r)
    by_year: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    by_team: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for r in ordered:
        row = site.retro_row(r)
        by_year[str(r.data.get("date", ""))[:4]].append((row, r.path))
        by_team[str(row["team"])].append((row, r.path))
        data = r.data
        experiments = [{"what": e.get("what", ""), "owner": site.person(e.get("owner")),
                        "due": e.get("due", ""), "status": site.status(e),
                        "competency": site.competency(e.get("competency"))
                        if e.get("competency") else None}
                       for e in _dicts(data.get("experiments"))]
        prev = data.get("previous")
        yield Page(str(retro_path(r.id)), "retro.md.j2", r.title, [r.path], {
            "r": data, "facilitator": site.person(data.get("facilitator")),
            "participants": site.people_list(data.get("participants")),
            "experience": data.get("experience", ""),
            "observations": _strs(data.get("observations")),
            "insights": _strs(data.get("insights")), "experiments": experiments,
            "failures": [site.failure(f) for f in _strs(data.get("failures"))],
            "previous": site.retro(prev) if isinstance(prev, str) else None,
            "previous_experiments": loop.previous_experiments(site, r),
            "next": [site.retro(n.id) for n in followed.get(str(r.id), [])],
            "tags": site.tags(data.get("tags")),
        })
    yield from listing_pages("retros.md", "retros.md.j2", "Retros by date",
                             list(by_year.items()), {"by": "date", "total": len(ordered)})
    yield from listing_pages("retros-by-team.md", "retros.md.j2", "Retros by team",
                             sorted(by_team.items()), {"by": "team", "total": len(ordered)})
    rows = site.experiments()
    counts = {s: sum(1 for e in rows if e["status"] == s) for s in STATUSES}
    yield Page("experiments.md", "experiments.md.j2", "Experiments", sources, {
        "counts": counts, "as_of": site.as_of.isoformat(),
        **loop.experiments_context(site, rows),
    })


def people(site: Site) -> Iterator[Page]:
    from .growth import plan_page

    rows = []
    for plan in sorted(site.plans, key=lambda p: site.index.person_name(str(p.id)).lower()):
        pid = str(plan.id)
        data = plan.data
        person = site.index.get("person", pid)
        team = person.data.get("team", "") if person is not None and person.valid else ""
        ladder = site.index.get("ladder", data.get("ladder", ""))
        lid = str(data.get("ladder"))
        rows.append({"person": site.person(pid), "team": team, "vision": data.get("vision", ""),
                     "updated": data.get("updated", ""),
                     "ladder": {"name": ladder.title if ladder else lid,
                                "target": ladder_path(lid) if ladder else None},
                     "gaps": len(_dicts(data.get("growth")))})
        yield plan_page(site, plan, team)
    yield Page("people.md", "people.md.j2", "People and growth", [p.path for p in site.plans],
               {"plans": rows})


def _fill_months(values: dict[str, int]) -> list[tuple[str, int]]:
    if not values:
        return []
    first, last = min(values), max(values)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, values.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def at_risk(site: Site) -> list[dict[str, Any]]:
    """Documents whose owners have all left (from the health report; public sources only)."""
    allowed = set(site.public_sources())
    return [source_link(site, o.path) for o in getattr(site.health, "alumni_owned", [])
            if o.path in allowed]


def source_link(site: Site, path: str) -> dict[str, Any]:
    """The generated page for a repository file, as {name, target}."""
    targets = {"failure": failure_path, "retro": retro_path, "curriculum": module_path,
               "ladder": ladder_path}
    for doc in site.index.documents:
        if doc.path != path:
            continue
        if doc.kind == "plan":
            target = plan_path(doc.id) if doc.id in site.public_plan_ids else None
            return {"name": doc.title if target else path, "target": target}
        if doc.kind == "tags":
            return {"name": "Failure tags", "target": "tags.md"}
        make = targets.get(doc.kind)
        if make and doc.valid:
            return {"name": doc.title, "target": make(doc.id)}
        return {"name": path, "target": None}
    return {"name": path, "target": None}


def health_page(site: Site) -> Iterator[Page]:
    allowed = set(site.public_sources())
    report = site.health
    status = {str(d.id): d.data.get("status") for d in site.people}

    def keep(items: Any) -> list[Any]:
        return [i for i in items or [] if getattr(i, "path", None) in allowed]

    owned = [{"doc": source_link(site, o.path), "kind": o.kind, "path": o.path,
              "owners": site.people_list(o.owners)}
             for o in keep(getattr(report, "alumni_owned", None))]
    authored = [{"doc": source_link(site, a.path), "kind": a.kind, "path": a.path,
                 "authors": [site.person(x["person"]) if x.get("person")
                             else {"name": site.changes.who(_Named(x.get("name"))),
                                   "target": None}
                             for x in a.authors]}
                for a in keep(getattr(report, "alumni_authored", None))
                if any(x.get("person") for x in a.authors)]
    # Documents whose git authors are all unknown to people/: usually one unmapped identity
    # (a bot, an import) explains them all, so the page names identities, not every document.
    unmapped = Counter(site.changes.who(_Named(x.get("name")))
                       for a in keep(getattr(report, "alumni_authored", None))
                       if not any(x.get("person") for x in a.authors)
                       for x in a.authors)
    stale = [{"doc": source_link(site, s.path), "kind": s.kind, "path": s.path,
              "last_changed": s.last_changed, "days": s.days}
             for s in keep(getattr(report, "stale", None))]
    bus = [{"person": site.person(b.person), "count": sum(1 for d in b.documents if d in allowed)}
           for b in getattr(report, "bus_factor", None) or []]
    # Owners who have left but are still named on living knowledge.
    alumni_owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in site.ladders + site.modules:
        for owner in _strs(doc.data.get("owners")):
            if status.get(owner) == "alumni":
                alumni_owners[owner].append(source_link(site, doc.path))
    yield Page("health.md", "health.md.j2", "Knowledge health", site.public_sources(), {
        "available": report is not None, "history": site.changes.available,
        "notes": list(getattr(report, "notes", []) or []),
        "max_age_days": getattr(report, "max_age_days", 365),
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


def contributing(site: Site) -> Iterator[Page]:
    from .reference import format_reference

    yield Page("contributing.md", "contributing.md.j2", "Contributing", [], {
        "organisation": site.config.organisation,
        "example_tag": next(iter(sorted(site.index.taxonomy.tags)), "timeouts"),
    })
    yield Page("format.md", "format.md.j2", "Format reference", [],
               {"kinds": format_reference()})


