"""Failure Overflow: failure patterns that keep recurring, found over the loaded index.

The rule (formats.md): a report counts toward its tags and every ancestor of them (aliases count
as their canonical tag), once per tag however many of its tags roll up into it. A tag overflows
on the as-of date when at least `threshold` distinct reports carrying it are dated within the
`window_days` days ending on that date, both ends included. It is covered when a curriculum
module lists it or an ancestor, and recurring despite curriculum when at least `threshold` of
its window's reports are dated after its earliest covering module was created.

Pure functions: no Click, no git. The first-commit dates of modules without `created` come in
through `detect(created=...)` from whoever can read history.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .contract import MONTHS
from .model import Document
from .output import Formats, to_json
from .rules import walk_strings
from .rules.text import PLACEHOLDER
from .workspace import Index


@dataclass(frozen=True)
class Report:
    """What overflow needs of one schema-valid failure report."""

    id: str
    date: dt.date
    team: str
    tags: frozenset[str]  # canonical tags and all their ancestors


@dataclass
class Pattern:
    """One overflowing tag on the as-of date."""

    tag: str
    count: int
    reports: list[str]
    teams: list[str]
    curriculum: list[str]
    covered: bool
    recurring_despite_curriculum: bool
    trend: list[tuple[str, int]]  # ("2026-03", 2), oldest first
    since: dt.date | None = None  # creation of the earliest covering module, when known
    after: int = 0  # reports in the window dated after `since`

    def to_dict(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "count": self.count,
            "reports": list(self.reports),
            "teams": list(self.teams),
            "curriculum": list(self.curriculum),
            "covered": self.covered,
            "recurring_despite_curriculum": self.recurring_despite_curriculum,
            "trend": [{"month": month, "count": count} for month, count in self.trend],
        }


@dataclass
class OverflowReport:
    as_of: dt.date
    window_days: int
    threshold: int
    overflowing: list[Pattern]

    @property
    def window_start(self) -> dt.date:
        return window_start(self.as_of, self.window_days)

    @property
    def uncovered(self) -> list[Pattern]:
        return [p for p in self.overflowing if not p.covered]

    @property
    def recurring(self) -> list[Pattern]:
        return [p for p in self.overflowing if p.recurring_despite_curriculum]

    def to_dict(self) -> dict[str, Any]:
        """Exactly the JSON shape of formats.md."""
        return {
            "as_of": self.as_of.isoformat(),
            "window_days": self.window_days,
            "threshold": self.threshold,
            "overflowing": [p.to_dict() for p in self.overflowing],
        }


def window_start(as_of: dt.date, window_days: int) -> dt.date:
    """The first day of the `window_days` days ending on `as_of` (both ends included)."""
    return as_of - dt.timedelta(days=window_days - 1)


def parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def rolled_up(index: Index, names: Any) -> frozenset[str]:
    """Canonical tags for the names a document lists, with every ancestor; unknown names
    are left out (lint reports them)."""
    found: set[str] = set()
    for name in names if isinstance(names, list) else []:
        canonical = index.taxonomy.canonical(name) if isinstance(name, str) else None
        if canonical is not None:
            found.update(index.taxonomy.lineage(canonical))
    return frozenset(found)


def failure_reports(index: Index) -> list[Report]:
    """Every schema-valid failure with a real date, once per id, sorted by date then id."""
    known: list[Report] | None = index.derived.get("failure_reports")
    if known is None:
        known = index.derived["failure_reports"] = _failure_reports(index)
    return known


def _failure_reports(index: Index) -> list[Report]:
    seen: set[str] = set()
    reports: list[Report] = []
    for doc in index.valid("failure"):
        date = doc.date
        if doc.id is None or doc.id in seen or date is None:
            continue
        seen.add(doc.id)
        team = doc.data.get("team")
        reports.append(Report(doc.id, date, team if isinstance(team, str) else "",
                              rolled_up(index, doc.data.get("tags"))))
    return sorted(reports, key=lambda r: (r.date, r.id))


def reports_by_tag(index: Index) -> dict[str, list[str]]:
    """Tag id -> ids of the failures counting toward it (after roll-up), sorted by date."""
    found: dict[str, list[str]] = defaultdict(list)
    for report in failure_reports(index):
        for tag in sorted(report.tags):
            found[tag].append(report.id)
    return dict(sorted(found.items()))


def _months(dates: list[dt.date]) -> list[tuple[str, int]]:
    """Counts per calendar month from the first date's month to the last's, gaps as 0."""
    if not dates:
        return []
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for d in dates:
        counts[(d.year, d.month)] += 1
    year, month = min(counts)
    last = max(counts)
    out: list[tuple[str, int]] = []
    while (year, month) <= last:
        out.append((f"{year:04d}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def trend(index: Index, tag: str, until: dt.date | None = None) -> list[tuple[str, int]]:
    """The tag's reports (with roll-up) per calendar month over the whole history (or up to
    `until`), oldest first, months without reports as 0 between the first and the last."""
    return _months([r.date for r in failure_reports(index)
                    if tag in r.tags and (until is None or r.date <= until)])


def holds_placeholders(doc: Document) -> bool:
    """Whether a document still holds a `TODO` placeholder (what `flaims new` and
    `overflow --scaffold` write): a stub is not yet knowledge."""
    if "TODO" not in repr(doc.data):  # C-speed test before walking every string
        return False
    return any(PLACEHOLDER.match(text) for _, text in walk_strings(doc.data))


def covering_modules(index: Index, tag: str) -> list[str]:
    """Ids of the schema-valid curriculum modules listing the tag or one of its ancestors.
    A stub whose `TODO`s are not filled in covers nothing: writing it must not turn
    `overflow --check` green."""
    lineage = set(index.taxonomy.lineage(tag)) if tag in index.taxonomy.tags else {tag}
    return sorted({module_id for module_id, listed in _module_tags(index) if listed & lineage})


def _module_tags(index: Index) -> list[tuple[str, set[str]]]:
    """Each filled-in, schema-valid module's canonical tags; once per index (every failure and
    tag page asks: at 10k documents, reading the modules each time was 54 s of a build)."""
    found = index.derived.get("module_tags")
    if found is None:
        found = [(doc.id, {index.taxonomy.canonical(t) for t in doc.data.get("tags", [])
                           if isinstance(t, str)})
                 for doc in index.valid("curriculum")
                 if doc.id is not None and not holds_placeholders(doc)]
        index.derived["module_tags"] = found
    return found


def module_created(index: Index, module_id: str,
                   created: dict[str, dt.date] | None = None) -> dt.date | None:
    """A module's `created` field, else the date given for it (its first commit), else None."""
    doc = index.get("curriculum", module_id)
    own = parse_date(doc.data.get("created")) if doc is not None else None
    return own or (created or {}).get(module_id)


def detect(index: Index, as_of: dt.date | None = None, window_days: int | None = None,
           threshold: int | None = None, created: dict[str, dt.date] | None = None,
           ) -> OverflowReport:
    """The tags that overflow on `as_of` (defaults from flaims.yaml), highest count first,
    then by tag id.

    `created` maps module ids to the date of their first commit, used for modules without a
    `created` field; a module with neither never makes a tag recurring despite curriculum."""
    as_of = index.config.date(as_of)
    window_days = index.config.window_days if window_days is None else window_days
    threshold = index.config.threshold if threshold is None else threshold
    if window_days < 1 or threshold < 1:
        raise ValueError("window_days and threshold must be at least 1")
    start = window_start(as_of, window_days)
    history = [r for r in failure_reports(index) if r.date <= as_of]
    in_window: dict[str, list[Report]] = defaultdict(list)
    for report in history:
        if report.date >= start:
            for tag in report.tags:
                in_window[tag].append(report)
    overflowing: list[Pattern] = []
    for tag, reports in in_window.items():
        if len(reports) < threshold:
            continue
        # Read "as of" a date, a module created after it did not exist yet.
        known = {m: module_created(index, m, created) for m in covering_modules(index, tag)}
        modules = [m for m, d in known.items() if d is None or d <= as_of]
        dates = [d for m, d in known.items() if d is not None and m in modules]
        since = min(dates) if dates else None
        after = sum(1 for r in reports if since is not None and r.date > since)
        overflowing.append(Pattern(
            tag=tag,
            count=len(reports),
            reports=sorted(r.id for r in reports),
            teams=sorted({r.team for r in reports if r.team}),
            curriculum=modules,
            covered=bool(modules),
            recurring_despite_curriculum=bool(modules) and after >= threshold,
            trend=_months([r.date for r in history if tag in r.tags]),
            since=since,
            after=after,
        ))
    overflowing.sort(key=lambda p: (-p.count, p.tag))
    return OverflowReport(as_of, window_days, threshold, overflowing)


def modules_needing_dates(index: Index, report: OverflowReport) -> list[str]:
    """Covering modules of overflowing tags that have no usable `created` field: the ones
    whose first-commit date decides whether their tag is recurring despite curriculum."""
    return sorted({m for p in report.overflowing for m in p.curriculum
                   if module_created(index, m) is None})


# Output formats, chosen by name ----------------------------------------------------------------
# Everything they print is a slug, a date or a number (schema-checked), never free user text.

SPARK = "▁▂▃▄▅▆▇█"
SPARK_MONTHS = 6
NOT_CURRICULUM = "none — not yet curriculum"
RECURRING_MARK = "!"
CELL_ITEMS = 4  # teams or modules shown in a table cell; json lists them all


def last_months(pattern: Pattern, as_of: dt.date, n: int = SPARK_MONTHS) -> list[int]:
    """Report counts for the `n` calendar months ending with the as-of month."""
    counts = dict(pattern.trend)
    out: list[int] = []
    year, month = as_of.year, as_of.month
    for _ in range(n):
        out.append(counts.get(f"{year:04d}-{month:02d}", 0))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def sparkline(counts: list[int]) -> str:
    """▁ for a month without reports, ▂..█ scaled to the busiest month shown."""
    top = max(counts, default=0)
    if top == 0:
        return SPARK[0] * len(counts)
    return "".join(SPARK[0] if c == 0 else SPARK[1 + round((c / top) * (len(SPARK) - 2))]
                   for c in counts)


def header(report: OverflowReport) -> str:
    days = "day" if report.window_days == 1 else "days"
    return (f"Failure Overflow as of {report.as_of}: window {report.window_days} {days} "
            f"({report.window_start} to {report.as_of}), threshold {report.threshold} reports")


def recurring_sentence(p: Pattern) -> str:
    modules = some(p.curriculum, CELL_ITEMS)
    return (f"{p.tag} keeps recurring despite curriculum: {p.after} of its {p.count} reports "
            f"in the window came after curriculum covered it ({modules}, since {p.since}). The "
            "module is not working; revisit it with the teams that had these failures.")


def uncovered_sentence(patterns: list[Pattern]) -> str:
    tags = ", ".join(p.tag for p in patterns)
    each = "it" if len(patterns) == 1 else "each"
    stubs = "a stub" if len(patterns) == 1 else "stubs"
    return (f"Not yet curriculum: {tags}. Write a module that lists {each} "
            f"('flaims overflow --scaffold' writes {stubs}).")




def trend_heading(as_of: dt.date, n: int = SPARK_MONTHS) -> str:
    """The months the sparkline shows, e.g. `Apr–Sep`."""
    return f"{MONTHS[(as_of.month - n) % 12]}–{MONTHS[as_of.month - 1]}"


def some(items: list[str], limit: int, fmt: str = "{}") -> str:
    """The first `limit` items, and how many more: a table cell stays readable at scale."""
    shown = ", ".join(fmt.format(i) for i in items[:limit])
    return shown + (f" +{len(items) - limit} more" if len(items) > limit else "")


def _curriculum_cell(p: Pattern) -> str:
    if not p.covered:
        return NOT_CURRICULUM
    cell = some(p.curriculum, CELL_ITEMS)
    return f"{cell} {RECURRING_MARK}" if p.recurring_despite_curriculum else cell


def as_text(report: OverflowReport) -> str:
    lines = [header(report)]
    if not report.overflowing:
        lines.append("no tag overflows")
        return "\n".join(lines)
    rows = [("tag", "reports", "teams", "curriculum", trend_heading(report.as_of))]
    for p in report.overflowing:
        rows.append((p.tag, str(p.count), some(p.teams, CELL_ITEMS) or "-", _curriculum_cell(p),
                     sparkline(last_months(p, report.as_of))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines.append("")
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]),
                 *(c.ljust(w) for c, w in zip(row[2:], widths[2:], strict=True))]
        lines.append("  ".join(cells).rstrip())
    notes = [f"{RECURRING_MARK} {recurring_sentence(p)}" for p in report.recurring]
    if report.uncovered:
        notes.append(f"- {uncovered_sentence(report.uncovered)}")
    if notes:
        lines.append("")
        lines.extend(_wrap(n) for n in notes)
    return "\n".join(lines)


def _wrap(note: str, width: int = 100) -> str:
    """Wrap a note for a terminal, never breaking inside a quoted command."""
    keep = re.sub(r"'[^']*'", lambda m: m.group(0).replace(" ", "\0"), note)
    wrapped = textwrap.fill(keep, width, subsequent_indent="  ", break_on_hyphens=False)
    return wrapped.replace("\0", " ")


def as_markdown(report: OverflowReport) -> str:
    lines = [f"### Failure Overflow as of {report.as_of}", "",
             f"Window {report.window_days} days ({report.window_start} to {report.as_of}), "
             f"threshold {report.threshold} reports.", ""]
    if not report.overflowing:
        lines.append("No tag overflows.")
        return "\n".join(lines)
    lines += [f"| tag | reports | teams | curriculum | {trend_heading(report.as_of)} |",
              "|---|---:|---|---|---|"]
    for p in report.overflowing:
        if not p.covered:
            cell = f"**{NOT_CURRICULUM}**"
        else:
            cell = some(p.curriculum, CELL_ITEMS, "`{}`")
            if p.recurring_despite_curriculum:
                cell += " ⚠️ **recurring despite curriculum**"
        lines.append(f"| `{p.tag}` | {p.count} | {some(p.teams, CELL_ITEMS)} | {cell} | "
                     f"{sparkline(last_months(p, report.as_of))} |")
    notes = [f"- ⚠️ {recurring_sentence(p)}" for p in report.recurring]
    if report.uncovered:
        notes.append(f"- {uncovered_sentence(report.uncovered)}")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)



FORMATS = Formats(text=(as_text, "for people"), json=(to_json, "for tools"),
                  markdown=(as_markdown, "for pull requests and job summaries"))
