"""The view model every page builder shares (`Site`: the index, the as-of date, lookups that
render as links) and the history adapter (`Changes`: when a page's sources last changed).

Privacy lives here: a private plan is never read past its `visibility`, so it can reach no page,
no chart, no count and no "last changed" line. Page paths are built only from ids that match
the slug patterns, under fixed folders (each declared by its page module), so no user text ever
names a file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ... import overflow as overflow_mod
from ... import privacy
from ...model import Document
from ...workspace import Index
from .. import loop
from ..escape import Raw, external_link, is_dated, is_slug
from .common import _date, _dicts, _strs
from .curriculum import module_path
from .failures import failure_path
from .ladders import competency_path, ladder_path
from .people import directory_targets, person_path, plan_path
from .retros import retro_path
from .tags import tag_path

if TYPE_CHECKING:
    from ...health import HealthReport

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



def is_public(plan: Document) -> bool:
    """A plan is published when it is valid and public (privacy.py decides what is public)."""
    return plan.valid and privacy.is_public(plan)


class Site:
    """Everything the page builders share: the index, the as-of date, lookups and links."""

    def __init__(self, index: Index, as_of: dt.date, changes: Changes,
                 health: HealthReport | None = None, created: dict[str, dt.date] | None = None
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
        self._experiments: list[dict[str, Any]] | None = None
        self._sorted_failures: list[Document] | None = None
        self._sorted_retros: list[Document] | None = None
        self._rows: dict[int, dict[str, Any]] = {}
        self._tagged: dict[str, list[int]] | None = None
        self.person_targets = directory_targets(self)  # the directory is split into parts
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
        return {"name": name, "target": self.person_targets.get(pid, person_path(pid)) if known else None}

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
        """A report's row in a listing; made once per report (at 10k a report is listed on
        about 14 pages), a copy each time so no caller changes another's."""
        row = self._rows.get(id(doc))
        if row is None:
            row = self._rows[id(doc)] = {
                "date": doc.data.get("date"), "title": doc.title, "target": failure_path(doc.id),
                "severity": doc.data.get("severity"), "team": doc.data.get("team", ""),
                "tags": self.tags(doc.data.get("tags")),
            }
        return dict(row)

    def failures_tagged(self, tags: set[str]) -> list[Document]:
        """Newest first, the reports whose rolled-up tags include any of `tags`: from one index
        of the sorted reports, not a pass over every report per module."""
        order = self._newest_failures()
        if self._tagged is None:
            self._tagged = defaultdict(list)
            for i, f in enumerate(order):
                for tag in self.failure_tags.get(str(f.id), frozenset()):
                    self._tagged[tag].append(i)
        return [order[i] for i in sorted({i for t in tags for i in self._tagged.get(t, ())})]

    def retro_row(self, doc: Document) -> dict[str, Any]:
        return {
            "date": doc.data.get("date"), "title": doc.title, "target": retro_path(doc.id),
            "team": doc.data.get("team", ""), "experiments": len(_dicts(doc.data.get("experiments"))),
        }

    def sorted_failures(self) -> list[Document]:
        """Newest first; sorted once (a copy each time, so no caller changes the order)."""
        return list(self._newest_failures())

    def _newest_failures(self) -> list[Document]:
        if self._sorted_failures is None:
            self._sorted_failures = sorted(self.failures, key=lambda d: (d.data.get("date", ""), d.id),
                                           reverse=True)
        return self._sorted_failures

    def sorted_retros(self) -> list[Document]:
        if self._sorted_retros is None:
            self._sorted_retros = sorted(self.retros, key=lambda d: (d.data.get("date", ""), d.id),
                                         reverse=True)
        return list(self._sorted_retros)

    def experiments(self) -> list[dict[str, Any]]:
        """Every retro's experiments, newest retro first; built once (each team page asks)."""
        if self._experiments is None:
            self._experiments = self._experiment_rows()
        return self._experiments

    def _experiment_rows(self) -> list[dict[str, Any]]:
        rows = []
        for retro in self.sorted_retros():
            for exp in _dicts(retro.data.get("experiments")):
                rows.append({
                    "what": exp.get("what", ""), "owner": self.person(exp.get("owner")),
                    "due": exp.get("due", ""), "status": self.status(exp),
                    "retro": {"name": retro.title, "target": retro_path(retro.id)},
                    "source": retro.path, "team": retro.data.get("team", ""),
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

