"""One person's path, for that person: what `flaims plan` prints.

For each growth row: the threshold they hold and the one they are heading for (with the
signals a peer would have to see), who confirmed it, what they did in each piece of evidence,
the curriculum that builds the competency and the practice of the last 90 days; then the open
actions and experiments they own, oldest due date first. Pure functions over the index; the
result is printed, never written anywhere.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import involvement
from .diagnostics import Diagnostic, did_you_mean
from .errors import FlaimsError
from .model import Document
from .output import Formats, md_text, to_json
from .workspace import Index, load_document

PRACTICE_DAYS = 90
WIDTH = 96


@dataclass(frozen=True)
class Threshold:
    level: str
    name: str | None  # the threshold's name on the ladder (None: the ladder does not say)
    level_title: str | None = None
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    ref: str
    roles: tuple[str, ...] | None  # what the person did in it; None: flaims cannot tell (a URL)
    title: str | None = None

    @property
    def involved(self) -> bool | None:
        return None if self.roles is None else bool(self.roles)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    exercises: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    competency: str
    competency_title: str
    current: Threshold
    target: Threshold
    confirmed_by: str | None
    confirmed_by_name: str | None
    evidence: tuple[Evidence, ...]
    curriculum: tuple[Module, ...]
    practice_minutes_90d: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "current": {"level": self.current.level, "threshold": self.current.name},
            "target": {"level": self.target.level, "threshold": self.target.name,
                       "signals": list(self.target.signals)},
            "confirmed_by": self.confirmed_by,
            "evidence": [{"ref": e.ref, "involved": e.involved} for e in self.evidence],
            "curriculum": [m.id for m in self.curriculum],
            "practice_minutes_90d": self.practice_minutes_90d,
        }


@dataclass(frozen=True)
class OpenItem:
    source: str  # "retro:<id>" or "failure:<id>"
    what: str
    due: str
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "what": self.what, "due": self.due,
                "overdue": self.overdue}


@dataclass
class PlanSummary:
    person: str
    name: str
    ladder: str
    ladder_title: str
    visibility: str
    updated: str
    as_of: dt.date
    intersection: str | None = None
    growth: list[Row] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)

    @property
    def days_since_update(self) -> int | None:
        try:
            return (self.as_of - dt.date.fromisoformat(self.updated)).days
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person, "ladder": self.ladder, "visibility": self.visibility,
            "updated": self.updated, "as_of": self.as_of.isoformat(),
            "growth": [r.to_dict() for r in self.growth],
            "open_items": [i.to_dict() for i in self.open_items],
        }


def _strs(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def competency_entry(index: Index, ref: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(ladder data, competency entry) for `<ladder>/<competency>`, from a valid ladder."""
    lid, _, cid = ref.partition("/")
    ladder = index.get("ladder", lid)
    if ladder is None or not ladder.valid:
        return None
    for comp in _dicts(ladder.data.get("competencies")):
        if comp.get("id") == cid:
            return ladder.data, comp
    return None


def threshold(index: Index, ref: str, level: str, *, signals: bool = False) -> Threshold:
    found = competency_entry(index, ref)
    if found is None:
        return Threshold(level, None)
    ladder, comp = found
    title = next((str(lv.get("title")) for lv in _dicts(ladder.get("levels"))
                  if lv.get("id") == level and isinstance(lv.get("title"), str)), None)
    thresholds = comp.get("thresholds")
    entry = thresholds.get(level) if isinstance(thresholds, dict) else None
    if not isinstance(entry, dict):
        return Threshold(level, None, title)
    name = entry.get("name") if isinstance(entry.get("name"), str) else None
    return Threshold(level, name, title,
                     tuple(_strs(entry.get("signals"))) if signals else ())


def modules_for(index: Index, competency: str) -> list[Module]:
    """Curriculum modules whose `competencies` include the competency, sorted by id."""
    found = []
    for doc in index.valid("curriculum"):
        if competency in _strs(doc.data.get("competencies")) and doc.id:
            exercises = tuple(str(e["title"]) for e in _dicts(doc.data.get("exercises"))
                              if isinstance(e.get("title"), str))
            found.append(Module(doc.id, doc.title, exercises))
    return sorted({m.id: m for m in found}.values(), key=lambda m: m.id)


def practice_minutes(plan: dict[str, Any], competency: str, as_of: dt.date,
                     days: int = PRACTICE_DAYS) -> int:
    """Minutes of practice for the competency dated in the `days` days ending on `as_of`
    (both ends included)."""
    start = as_of - dt.timedelta(days=days - 1)
    total = 0
    for entry in _dicts(plan.get("practice")):
        when = _date(entry.get("date"))
        minutes = entry.get("minutes")
        if entry.get("competency") == competency and when is not None and start <= when <= as_of \
                and isinstance(minutes, int) and not isinstance(minutes, bool):
            total += minutes
    return total


def open_items(index: Index, person: str, as_of: dt.date) -> list[OpenItem]:
    """Open failure actions and retro experiments the person owns, oldest due first."""
    found = [OpenItem(source, what, due, when is not None and when < as_of)
             for source, what, due, when in _open_by_owner(index).get(person, [])]
    return sorted(found, key=lambda i: (i.due, i.source, i.what))


def _open_by_owner(index: Index) -> dict[str, list[tuple[str, str, str, dt.date | None]]]:
    """Every open action and experiment by owner, read once per index (the handbook asks for
    each plan; reading every report per plan was 8 s of a 10k build)."""
    found = index.derived.get("open_by_owner")
    if found is None:
        found = {}
        for kind, key in (("failure", "actions"), ("retro", "experiments")):
            for doc in index.valid(kind):
                for item in _dicts(doc.data.get(key)):
                    owner = item.get("owner")
                    if not isinstance(owner, str) or item.get("status") != "open":
                        continue
                    due = str(item.get("due", ""))
                    found.setdefault(owner, []).append(
                        (f"{kind}:{doc.id}", str(item.get("what", "")), due, _date(due)))
        index.derived["open_by_owner"] = found
    return found


def summarise(index: Index, plan: Document, as_of: dt.date) -> PlanSummary:
    """The summary of a schema-valid plan, read against the repository's ladders, curriculum,
    retros and failures."""
    data = plan.data
    person = str(data["person"])
    lid = str(data["ladder"])
    ladder = index.get("ladder", lid)
    raw_perma = data.get("perma_lead")
    perma: dict[str, Any] = raw_perma if isinstance(raw_perma, dict) else {}
    summary = PlanSummary(
        person=person, name=index.person_name(person), ladder=lid,
        ladder_title=ladder.title if ladder is not None and ladder.valid else lid,
        visibility=str(data.get("visibility", "private")), updated=str(data["updated"]),
        as_of=as_of, intersection=perma.get("intersection"),
    )
    for row in _dicts(data.get("growth")):
        ref = str(row["competency"])
        found = competency_entry(index, ref)
        confirmed = row.get("confirmed_by")
        evidence = []
        for item in _strs(row.get("evidence")):
            roles = involvement.roles(index, person, item)
            prefix, _, doc_id = item.partition(":")
            doc = index.get(prefix, doc_id) if prefix in ("retro", "failure", "curriculum") \
                else None
            evidence.append(Evidence(item, tuple(roles) if roles is not None else None,
                                     doc.title if doc is not None and doc.valid else None))
        summary.growth.append(Row(
            competency=ref,
            competency_title=str(found[1].get("title", ref)) if found else ref,
            current=threshold(index, ref, str(row["current"])),
            target=threshold(index, ref, str(row["target"]), signals=True),
            confirmed_by=confirmed if isinstance(confirmed, str) else None,
            confirmed_by_name=index.person_name(confirmed) if isinstance(confirmed, str) else None,
            evidence=tuple(evidence),
            curriculum=tuple(modules_for(index, ref)),
            practice_minutes_90d=practice_minutes(data, ref, as_of),
        ))
    summary.open_items = open_items(index, person, as_of)
    return summary


class PlanError(FlaimsError):
    """No plan to show (unknown person, no plan, unreadable file): one line for people."""


def outside_plan(index: Index, path: Path, shown: str) -> Document:
    """Read a plan kept outside the repository into `index` in place of any plan of the same
    person, so every plan rule reads it against the repository's ladders, curriculum, retros
    and failures. Nothing is written: the file never passes through the cache."""
    if not path.exists():
        raise PlanError(f"{shown}: no such file")
    doc, problems = load_document("plan", shown, path)
    person = doc.id
    if person is not None:
        index.documents = [d for d in index.documents if not (d.kind == "plan" and d.id == person)]
        index.by_kind.setdefault("plan", {})[person] = doc
    index.documents.append(doc)
    index.diagnostics.extend(problems)
    return doc


def plan_problems(index: Index, doc: Document, as_of: dt.date, *, outside: bool
                  ) -> list[Diagnostic]:
    """Every load, schema and rule problem of one plan. A plan outside the repository need not
    be named after its person: that rule is about the repository's layout."""
    from .rules import run

    return [d for d in run(index, as_of)
            if d.path == doc.path and not (outside and d.code == "id-mismatch")]


def find_plan(index: Index, person: str) -> Document:
    doc = index.get("plan", person)
    if doc is not None:
        return doc
    known = sorted(str(d.id) for d in index.of("plan").values() if d.id)
    if index.get("person", person) is None:
        raise PlanError(f"unknown person '{person}'{did_you_mean(person, index.of('person'))} "
                        "(people are the file names in people/)")
    raise PlanError(f"{person} has no plan in plans/{did_you_mean(person, known)}; write one "
                    "with 'flaims new plan', or keep it in your own repository and pass "
                    "--file PATH")


# Output formats ------------------------------------------------------------------------------

def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=first or indent,
                         subsequent_indent=indent, break_on_hyphens=False) or [first or indent]


def _level(t: Threshold) -> str:
    """`e2 Practitioner, "Runs what they build"` (what the ladder knows of it)."""
    title = f" {t.level_title}" if t.level_title else ""
    name = f', "{t.name}"' if t.name else ""
    return f"{t.level}{title}{name}"


def _did(e: Evidence) -> str:
    if e.roles is None:
        return "a link; flaims cannot see what you did there" if "://" in e.ref else \
            "not found in this repository"
    if not e.roles:
        return "you were not involved: it shows what others did, not what you can do"
    return ", ".join(e.roles)


def _age(s: PlanSummary) -> str:
    days = s.days_since_update
    if days is None:
        return f"Plan last updated {s.updated}."
    if days < 0:
        return f"Plan updated {s.updated}, after the as-of date {s.as_of.isoformat()}."
    ago = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    stale = " Time to revisit it: is the vision still yours, is the reality still true?" \
        if days > PRACTICE_DAYS else ""
    return f"Plan last updated {s.updated}, {ago}.{stale}"


def text(s: PlanSummary) -> str:
    """A coach's one-page summary: where you are, what the next threshold asks, what to do."""
    lines = [f"{s.name} — {s.ladder_title} ladder, as of {s.as_of.isoformat()} "
             f"({s.visibility} plan)"]
    if s.intersection:
        lines += _wrap(s.intersection, "  ", "Heading for: ")
    for n, row in enumerate(s.growth, 1):
        lines.append("")
        lines.append(f"{n}. {row.competency_title} ({row.competency})")
        lines += _wrap(f"Now: {_level(row.current)}. Next: {_level(row.target)}.", "   ")
        lines.append(f"   Confirmed by {row.confirmed_by_name}." if row.confirmed_by else
                     "   Self-assessed: ask someone who has seen it in your work to confirm it "
                     "(confirmed_by).")
        if row.target.signals:
            lines.append(f"   To reach {row.target.level}, a peer would see you:")
            for signal in row.target.signals:
                lines += _wrap(signal, "       ", "     - ")
        if row.evidence:
            lines.append("   Evidence:")
            for e in row.evidence:
                lines += _wrap(f"{e.ref} — {_did(e)}", "       ", "     - ")
        else:
            lines.append("   Evidence: none cited yet.")
        if row.curriculum:
            lines.append("   Curriculum that builds it:")
            for m in row.curriculum:
                drills = f" Exercises: {'; '.join(m.exercises)}." if m.exercises else ""
                lines += _wrap(f"{m.title} ({m.id}).{drills}", "       ", "     - ")
        else:
            lines.append("   Curriculum: no module builds it yet.")
        minutes = row.practice_minutes_90d
        lines.append(f"   Practice: {minutes} minutes in the last {PRACTICE_DAYS} days."
                     if minutes else
                     f"   Practice: none logged in the last {PRACTICE_DAYS} days.")
    lines.append("")
    overdue = sum(1 for i in s.open_items if i.overdue)
    if s.open_items:
        lines.append(f"Open actions and experiments you own: {len(s.open_items)}"
                     + (f", {overdue} overdue" if overdue else "") + ".")
        for item in s.open_items:
            mark = "OVERDUE " if item.overdue else "due     "
            lines += _wrap(f"{item.what} ({item.source})", " " * 22,
                           f"  {mark}{item.due}  ")
    else:
        lines.append("No open actions or experiments in your name.")
    lines.append("")
    lines.append(_age(s))
    return "\n".join(lines) + "\n"


def markdown(s: PlanSummary) -> str:
    lines = [f"## {md_text(s.name)}: {md_text(s.ladder_title)} ladder", "",
             f"As of {s.as_of.isoformat()} · {s.visibility} plan · {md_text(_age(s))}", ""]
    for row in s.growth:
        lines.append(f"### {md_text(row.competency_title)}: {md_text(_level(row.current))} → "
                     f"{md_text(_level(row.target))}")
        lines.append("")
        lines.append(f"- **Confirmed by** {md_text(row.confirmed_by_name or '')}"
                     if row.confirmed_by else "- **Self-assessed**: nobody has confirmed it yet")
        lines.append(f"- **Practice** in the last {PRACTICE_DAYS} days: "
                     f"{row.practice_minutes_90d} minutes")
        if row.target.signals:
            lines.append(f"- **To reach {md_text(row.target.level)}**, a peer would see:")
            lines += [f"  - {md_text(sig)}" for sig in row.target.signals]
        lines.append("- **Evidence**:" if row.evidence else "- **Evidence**: none cited yet")
        lines += [f"  - `{e.ref.replace('`', '')}`: {md_text(_did(e))}" for e in row.evidence]
        if row.curriculum:
            lines.append("- **Curriculum**:")
            lines += [f"  - {md_text(m.title)} (`{m.id}`)"
                      + (f": {md_text('; '.join(m.exercises))}" if m.exercises else "")
                      for m in row.curriculum]
        lines.append("")
    lines.append("### Open actions and experiments")
    lines.append("")
    if s.open_items:
        lines += ["| Due | What | Where |", "|---|---|---|"]
        lines += [f"| {'**overdue** ' if i.overdue else ''}{i.due} | {md_text(i.what)} | "
                  f"`{i.source}` |" for i in s.open_items]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"



FORMATS = Formats(text=(text, "for you"), json=(to_json, "for tools"),
                  markdown=(markdown, "for notes"))
