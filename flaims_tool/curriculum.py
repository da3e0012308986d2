"""Is each curriculum module working? Reports of its patterns before and since it was written.

The definitions are formats.md's (v1.1, `flaims curriculum`): a report counts for a module when
it carries one of the module's tags, a descendant or an alias of one (the Failure Overflow
roll-up). `before` counts the `window_days` days before the module was created, `since` the
days after it up to the as-of date, scaled to a rate per window so the two compare; `recent`
is the current overflow window's reports after creation. The first verdict that applies wins:
too-early, not-working, working, no-baseline.

Pure functions: no Click, no git. First-commit dates of modules without `created` come in
through `assess(created=...)` from whoever can read history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .output import Formats, to_json
from .overflow import failure_reports, parse_date, window_start
from .workspace import Index

TOO_EARLY_DAYS = 30
VERDICTS = ("working", "not-working", "too-early", "no-baseline")
# What each verdict means, in one line for people (text, markdown and the handbook).
MEANING = {
    "working": "fewer reports per window since it was written than before",
    "not-working": "its patterns recur as often as before, or overflow again",
    "too-early": "written less than 30 days ago; too early to tell",
    "no-baseline": "no reports before it and too few since to tell",
}


@dataclass
class Module:
    """One module's verdict on the as-of date, with the counts it rests on."""

    id: str
    title: str
    created: dt.date
    owners: list[str]
    owners_active: bool
    tags: list[str]  # as the module lists them
    before: int
    since: int
    days_since: int
    rate_since: float
    recent: int
    verdict: str
    learners: list[str]
    # Report ids behind the counts (oldest first), for the handbook's case studies.
    before_reports: list[str] = field(default_factory=list)
    since_reports: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created.isoformat(),
            "owners": list(self.owners),
            "owners_active": self.owners_active,
            "tags": list(self.tags),
            "before": self.before,
            "since": self.since,
            "days_since": self.days_since,
            "rate_since": self.rate_since,
            "recent": self.recent,
            "verdict": self.verdict,
            "learners": list(self.learners),
        }


@dataclass
class CurriculumReport:
    as_of: dt.date
    window_days: int
    threshold: int
    modules: list[Module]
    # Modules with neither `created` nor a commit yet (a new file): they cannot be judged. Not
    # in the JSON (formats.md fixes its shape); the text and Markdown say so.
    undated: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Module]:
        """Modules `--check` fails on: not working, or nobody still here keeps them."""
        return [m for m in self.modules if m.verdict == "not-working" or not m.owners_active]

    def to_dict(self) -> dict[str, Any]:
        """Exactly the JSON shape of formats.md."""
        return {
            "as_of": self.as_of.isoformat(),
            "window_days": self.window_days,
            "threshold": self.threshold,
            "modules": [m.to_dict() for m in self.modules],
        }


def verdict(before: int, rate_since: float, recent: int, days_since: int, threshold: int) -> str:
    """The first that applies, in formats.md's order."""
    if days_since < TOO_EARLY_DAYS:
        return "too-early"
    if recent >= threshold or rate_since >= before > 0:
        return "not-working"
    if rate_since < before:
        return "working"
    return "no-baseline"


def rate(since: int, window_days: int, days_since: int) -> float:
    """Reports since creation per `window_days`, rounded to one decimal (0 on the first day)."""
    return round(since * window_days / days_since, 1) if days_since > 0 else 0.0


def module_tags(index: Index, names: Any) -> list[str]:
    """The module's tags as canonical ids (aliases resolved), in its own order, unknown left out."""
    found: list[str] = []
    for name in names if isinstance(names, list) else []:
        canonical = index.taxonomy.canonical(name) if isinstance(name, str) else None
        if canonical is not None and canonical not in found:
            found.append(canonical)
    return found


def learners(index: Index, competencies: Any) -> list[str]:
    """People whose public plan has a practice entry or growth row for one of the
    competencies. Private plans are never read here: this list is published."""
    wanted = {c for c in competencies if isinstance(c, str)} if isinstance(competencies, list) \
        else set()
    found: set[str] = set()
    for plan in index.valid("plan"):
        if plan.data.get("visibility") != "public" or plan.id is None:
            continue
        rows = [*(plan.data.get("growth") or []), *(plan.data.get("practice") or [])]
        if any(isinstance(r, dict) and r.get("competency") in wanted for r in rows):
            found.add(plan.id)
    return sorted(found)


def active_people(index: Index) -> set[str]:
    return {str(p.id) for p in index.valid("person") if p.data.get("status") == "active"}


def modules_without_created(index: Index) -> list[str]:
    """Modules whose verdict needs their first commit's date (no usable `created`)."""
    return sorted(str(d.id) for d in index.valid("curriculum")
                  if d.id is not None and parse_date(d.data.get("created")) is None)


def assess(index: Index, as_of: dt.date | None = None, window_days: int | None = None,
           threshold: int | None = None, created: dict[str, dt.date] | None = None,
           ) -> CurriculumReport:
    """Every schema-valid module's verdict on `as_of` (defaults from flaims.yaml), by id.

    A module with neither `created` nor a first commit in `created` cannot be judged and is
    left out, like a module created after the as-of date."""
    as_of = index.config.date(as_of)
    window_days = index.config.window_days if window_days is None else window_days
    threshold = index.config.threshold if threshold is None else threshold
    if window_days < 1 or threshold < 1:
        raise ValueError("window_days and threshold must be at least 1")
    start = window_start(as_of, window_days)
    reports = failure_reports(index)
    active = active_people(index)
    modules: dict[str, Module] = {}
    undated: list[str] = []
    for doc in index.valid("curriculum"):
        module_id = doc.id
        if module_id is None or module_id in modules:
            continue
        made = parse_date(doc.data.get("created")) or (created or {}).get(module_id)
        if made is None:
            undated.append(module_id)
            continue
        if made > as_of:
            continue
        listed = [str(x) for x in doc.data.get("tags") or []]
        tags = set(module_tags(index, listed))  # canonical: aliases count as their tag
        mine = [r for r in reports if r.tags & tags]
        before = [r.id for r in mine
                  if made - dt.timedelta(days=window_days) <= r.date < made]
        since = [r.id for r in mine if made < r.date <= as_of]
        recent = sum(1 for r in mine if start <= r.date <= as_of and r.date > made)
        days_since = (as_of - made).days
        rate_since = rate(len(since), window_days, days_since)
        owners = [o for o in doc.data.get("owners") or [] if isinstance(o, str)]
        modules[module_id] = Module(
            id=module_id, title=doc.title, created=made, owners=owners,
            owners_active=any(o in active for o in owners), tags=listed,
            before=len(before), since=len(since), days_since=days_since, rate_since=rate_since,
            recent=recent,
            verdict=verdict(len(before), rate_since, recent, days_since, threshold),
            learners=learners(index, doc.data.get("competencies")),
            before_reports=before, since_reports=since)
    return CurriculumReport(as_of, window_days, threshold,
                            [modules[k] for k in sorted(modules)], sorted(set(undated)))


# Output formats, chosen by name ----------------------------------------------------------------
# Everything they print is a slug, a date or a number (schema-checked), never free user text.

def header(report: CurriculumReport) -> str:
    return (f"Curriculum as of {report.as_of}: reports per {report.window_days} days before "
            f"and since each module was written (threshold {report.threshold})")


def _owners(m: Module) -> str:
    if not m.owners:
        return "none"
    return ", ".join(m.owners) + ("" if m.owners_active else " (left)")


def _notes(report: CurriculumReport) -> list[str]:
    notes = []
    for m in report.modules:
        if m.verdict == "not-working":
            notes.append(f"{m.id} is not working: {m.since} reports in {m.days_since} days since "
                         f"{m.created} ({m.rate_since} per {report.window_days} days) against "
                         f"{m.before} in the {report.window_days} days before, {m.recent} in "
                         "the current window. Revisit it with the teams that had them.")
        if not m.owners_active:
            who = "has no owner" if not m.owners else "has no active owner (its owners left)"
            notes.append(f"{m.id} {who}: find someone who keeps it current.")
    for module_id in report.undated:
        notes.append(f"{module_id} is not judged: it has no `created` and no commit yet; add "
                     "`created: YYYY-MM-DD` or commit it.")
    return notes


def as_text(report: CurriculumReport) -> str:
    lines = [header(report)]
    if not report.modules:
        lines.append("no curriculum module created on or before the as-of date")
        lines.extend(f"! {n}" for n in _notes(report))
        return "\n".join(lines)
    rows = [("module", "verdict", "created", "before", "since", f"per {report.window_days}d",
             "recent", "owners", "learners")]
    for m in report.modules:
        rows.append((m.id, m.verdict, m.created.isoformat(), str(m.before), str(m.since),
                     f"{m.rate_since:g}", str(m.recent), _owners(m), str(len(m.learners))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = {3, 4, 5, 6, 8}
    lines.append("")
    for row in rows:
        cells = [c.rjust(w) if i in numeric else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    notes = _notes(report)
    if notes:
        from .overflow import _wrap

        lines.append("")
        lines.extend(_wrap(f"! {n}") for n in notes)
    return "\n".join(lines)


BADGE = {"working": "✅ working", "not-working": "⚠️ **not working**", "too-early": "⏳ too early",
         "no-baseline": "➖ no baseline"}


def as_markdown(report: CurriculumReport) -> str:
    lines = [f"### Curriculum as of {report.as_of}", "",
             f"Reports per {report.window_days} days before and since each module was written; "
             f"threshold {report.threshold}.", ""]
    if not report.modules:
        lines.append("No curriculum module created on or before the as-of date.")
        lines += [f"- {n}" for n in _notes(report)]
        return "\n".join(lines)
    lines += ["| module | verdict | created | before | since | rate since | recent | owners |",
              "|---|---|---|---:|---:|---:|---:|---|"]
    for m in report.modules:
        owners = ", ".join(f"`{o}`" for o in m.owners) or "**none**"
        if m.owners and not m.owners_active:
            owners += " (**owner has left**)"
        lines.append(f"| `{m.id}` | {BADGE[m.verdict]} | {m.created} | {m.before} | {m.since} | "
                     f"{m.rate_since:g} | {m.recent} | {owners} |")
    notes = _notes(report)
    if notes:
        lines += ["", *(f"- ⚠️ {n}" for n in notes)]
    return "\n".join(lines)



FORMATS = Formats(text=(as_text, "for people"), json=(to_json, "for tools"),
                  markdown=(as_markdown, "for pull requests and job summaries"))
