"""Knowledge at risk: what the repository would lose, or has stopped keeping, as people leave.

Pure functions over the index and the git history (read by `history.py`); `flaims health` and
the handbook's knowledge-health page both call `assess()`. Emails never appear here: authors are
shown by name and person id only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from .history import Author, History
from .kinds import KINDS
from .model import Document
from .output import Formats, md_text, to_json
from .workspace import Index

# Kinds whose `owners` keep living knowledge current (formats.md). They are also the kinds that
# go stale: a ladder or a module nobody has touched in a year no longer describes how people
# work, while failures and retros are records of their day and do not age that way.
OWNED_KINDS = tuple(k.name for k in KINDS if k.owned)
AGEING_KINDS = OWNED_KINDS
# Shared knowledge whose authorship matters. People files describe one person, and plans are
# private to theirs: neither is knowledge others rely on, and plans must not be listed.
AUTHORED_KINDS = tuple(k.name for k in KINDS if k.authored)


@dataclass
class OwnedDocument:
    path: str
    kind: str
    id: str
    title: str
    owners: list[str]  # person ids; empty when nobody is named


@dataclass
class AuthoredDocument:
    path: str
    kind: str
    id: str
    title: str
    authors: list[dict[str, Any]]  # {"name", "person", "status": "alumni" | "unknown"}


@dataclass
class StaleDocument:
    path: str
    kind: str
    id: str
    title: str
    last_changed: str  # the date of the last commit (author date), YYYY-MM-DD
    days: int


@dataclass
class SoleAuthor:
    person: str
    name: str
    documents: list[str] = field(default_factory=list)  # paths, sorted

    @property
    def count(self) -> int:
        return len(self.documents)


MAX_AGE_DAYS = 365  # a ladder or module unchanged for longer is stale


@dataclass
class HealthReport:
    as_of: dt.date
    max_age_days: int
    history: bool  # whether git history was available at all
    notes: list[str] = field(default_factory=list)
    alumni_owned: list[OwnedDocument] = field(default_factory=list)
    alumni_authored: list[AuthoredDocument] = field(default_factory=list)
    stale: list[StaleDocument] = field(default_factory=list)
    bus_factor: list[SoleAuthor] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return bool(self.alumni_owned or self.alumni_authored or self.stale)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "max_age_days": self.max_age_days,
            "history": self.history,
            "notes": list(self.notes),
            "alumni_owned": [asdict(d) for d in self.alumni_owned],
            "alumni_authored": [asdict(d) for d in self.alumni_authored],
            "stale": [asdict(d) for d in self.stale],
            "bus_factor": [{"person": s.person, "name": s.name, "count": s.count,
                            "documents": s.documents} for s in self.bus_factor],
        }


def _status(index: Index) -> dict[str, str]:
    """person id -> active | alumni, for people whose file is valid."""
    return {str(d.id): str(d.data["status"]) for d in index.valid("person")}


def _ident(doc: Document) -> tuple[str, str]:
    return doc.id or doc.stem, doc.title


def assess(index: Index, history: History, as_of: dt.date, max_age_days: int = MAX_AGE_DAYS,
           ) -> HealthReport:
    """What knowledge is at risk in `index`, as of a date."""
    status = _status(index)
    report = HealthReport(as_of=as_of, max_age_days=max_age_days, history=history.available)
    if history.note:
        report.notes.append(history.note)

    for doc in sorted((d for d in index.documents if d.kind in OWNED_KINDS and d.valid),
                      key=lambda d: d.path):
        owners = [str(o) for o in doc.data.get("owners") or []]
        if all(status.get(o) == "alumni" for o in owners):
            report.alumni_owned.append(OwnedDocument(doc.path, doc.kind, *_ident(doc), owners))

    sole: dict[str, list[str]] = {}
    unseen = 0
    for doc in sorted((d for d in index.documents if d.kind in AUTHORED_KINDS),
                      key=lambda d: d.path):
        record = history.files.get(doc.path)
        if record is None and history.available:
            unseen += 1
        authors = merged_authors(doc, record.authors if record else [])
        if not authors:
            continue  # neither the document nor git says who wrote it
        active = sorted({p for p, _ in authors if p is not None and status.get(p) == "active"})
        if not active:
            report.alumni_authored.append(AuthoredDocument(
                doc.path, doc.kind, *_ident(doc),
                [_author(p, name, status, index) for p, name in authors]))
        elif len(active) == 1:
            sole.setdefault(active[0], []).append(doc.path)
        if record is not None and doc.kind in AGEING_KINDS:
            days = (as_of - record.last.date()).days
            if days > max_age_days:
                report.stale.append(StaleDocument(doc.path, doc.kind, *_ident(doc),
                                                  record.last.date().isoformat(), days))
    if unseen:
        many = unseen != 1
        if getattr(history, "shallow", False):
            why = f"{'have' if many else 'has'} no change after the shallow clone's oldest commit"
        else:
            why = f"{'are' if many else 'is'} not committed yet"
        report.notes.append(f"{unseen} document{'s' if many else ''} {why}, so their authors "
                            "and age are not known")
    report.stale.sort(key=lambda s: (-s.days, s.path))
    report.bus_factor = sorted(
        (SoleAuthor(p, index.person_name(p), docs) for p, docs in sole.items()),
        key=lambda s: (-s.count, s.person),
    )
    return report


# Who a document says wrote or keeps it (formats.md): merged with git's authors per person.
DECLARED = {k.name: k.written_by for k in KINDS if k.written_by}


def declared_authors(doc: Document) -> list[str]:
    """Person ids the document itself names as its authors, facilitator or owners."""
    found: list[str] = []
    for name in DECLARED.get(doc.kind, ()):
        value = doc.data.get(name)
        for person in value if isinstance(value, list) else [value]:
            if isinstance(person, str) and person not in found:
                found.append(person)
    return found


def merged_authors(doc: Document, git_authors: list[Author]) -> list[tuple[str | None, str]]:
    """(person id or None, git name) per author: the document's own authors, then git authors
    mapped to people, each person once. A git identity not in people/ counts only when the
    document names nobody: the document knows better who wrote it than a committer does."""
    found: dict[str, str] = {p: "" for p in declared_authors(doc)}
    unmapped: list[tuple[str | None, str]] = []
    for author in git_authors:
        if author.person is not None:
            found.setdefault(author.person, author.name)
        elif (None, author.name) not in unmapped:
            unmapped.append((None, author.name))
    people: list[tuple[str | None, str]] = [(p, name) for p, name in found.items()]
    return people or unmapped


def _author(person: str | None, name: str, status: dict[str, str], index: Index,
            ) -> dict[str, Any]:
    state = status.get(person) if person else None
    return {"name": index.person_name(person) if person else name, "person": person,
            "status": "alumni" if state == "alumni" else "unknown"}


# Output ---------------------------------------------------------------------------------------

BUS_FACTOR_ROWS = 10
TEXT_ROWS = 20  # a terminal screen; json and markdown list everything


def _who(authors: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['person'] or a['name']} ({a['status']})" for a in authors)


def text(report: HealthReport) -> str:
    """For a terminal: one section per risk, each saying what to do."""
    out = [f"Knowledge health as of {report.as_of.isoformat()}"]
    out += [f"note: {n}" for n in report.notes]

    out += ["", f"Owned only by alumni ({len(report.alumni_owned)}):"]
    for o in report.alumni_owned:
        who = ", ".join(o.owners) if o.owners else "no owner named"
        out.append(f"  {o.path}  owners: {who}")
    if report.alumni_owned:
        out.append("  -> hand each to an active person (owners:)")

    out += ["", f"Written only by alumni or unknown authors ({len(report.alumni_authored)}):"]
    unknown = Counter(a["name"] for doc in report.alumni_authored for a in doc.authors
                      if a["status"] == "unknown")
    if unknown:
        # Usually one unmapped identity explains most rows: say so first.
        names = ", ".join(f"{name} ({n} document{'s' if n != 1 else ''})"
                          for name, n in unknown.most_common(3))
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        out.append(f"  git authors not found in people/: {names}{more}")
        out.append("  -> add their emails to people/<id>.yaml (emails:) so their work is theirs")
    for a in report.alumni_authored[:TEXT_ROWS]:
        out.append(f"  {a.path}  authors: {_who(a.authors)}")
    if len(report.alumni_authored) > TEXT_ROWS:
        out.append(f"  ... and {len(report.alumni_authored) - TEXT_ROWS} more (--format json)")
    if report.alumni_authored:
        out.append("  -> ask an active person to review it, or map authors' emails in people/")

    out += ["", f"Not changed for more than {report.max_age_days} days ({len(report.stale)}):"]
    for s in report.stale:
        out.append(f"  {s.path}  last changed {s.last_changed} ({s.days} days)")
    if report.stale:
        out.append("  -> review them: do they still describe how people work?")

    out += ["", "Only active author (bus factor):"]
    if report.bus_factor:
        rows = report.bus_factor[:BUS_FACTOR_ROWS]
        width = max(len(row.person) for row in rows)
        for row in rows:
            plural = "s" if row.count != 1 else ""
            out.append(f"  {row.person:<{width}}  {row.count:>4} document{plural}")
        if len(report.bus_factor) > BUS_FACTOR_ROWS:
            out.append(f"  ... and {len(report.bus_factor) - BUS_FACTOR_ROWS} more (--format json)")
    else:
        out.append("  (none)")
    return "\n".join(out)


def markdown(report: HealthReport) -> str:
    out = [f"# Knowledge health as of {report.as_of.isoformat()}", ""]
    out += [f"> {n}" for n in report.notes]
    if report.notes:
        out.append("")
    out += ["## Owned only by alumni", ""]
    if report.alumni_owned:
        out += ["| document | kind | owners |", "|---|---|---|"]
        out += [f"| {md_text(o.title)} (`{o.path}`) | {o.kind} | "
                f"{md_text(', '.join(o.owners) or 'none')} |" for o in report.alumni_owned]
    else:
        out.append("None.")
    out += ["", "## Written only by alumni or unknown authors", ""]
    if report.alumni_authored:
        out += ["| document | kind | authors |", "|---|---|---|"]
        out += [f"| {md_text(a.title)} (`{a.path}`) | {a.kind} | {md_text(_who(a.authors))} |"
                for a in report.alumni_authored]
    else:
        out.append("None.")
    out += ["", f"## Not changed for more than {report.max_age_days} days", ""]
    if report.stale:
        out += ["| document | kind | last changed | days |", "|---|---|---|---|"]
        out += [f"| {md_text(s.title)} (`{s.path}`) | {s.kind} | {s.last_changed} | {s.days} |"
                for s in report.stale]
    else:
        out.append("None.")
    out += ["", "## Only active author (bus factor)", ""]
    if report.bus_factor:
        out += ["| person | documents |", "|---|---|"]
        out += [f"| {md_text(s.name)} (`{s.person}`) | {s.count} |" for s in report.bus_factor]
    else:
        out.append("None.")
    return "\n".join(out) + "\n"



FORMATS = Formats(text=(text, "for people"), json=(to_json, "for tools"),
                  markdown=(markdown, "for pages"))
