"""The learning loop in the handbook: is each module working, were last time's experiments
reviewed, and which failures repeat earlier ones.

Built once per handbook from the index (`Loop`); the page builders in `pages/` ask it.
The verdicts are `curriculum.assess()`'s, the same as `flaims curriculum`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .. import curriculum
from ..model import Document
from ..workspace import Index
from .escape import Raw, relative, text

OUTCOMES = ("worked", "partly", "did-not-work", "not-tried")
OUTCOME_LABEL = {"worked": "worked", "partly": "partly worked", "did-not-work": "did not work",
                 "not-tried": "not tried"}
VERDICT_LABEL = {"working": "working", "not-working": "not working", "too-early": "too early",
                 "no-baseline": "no baseline"}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass
class Rate:
    """Experiments whose review was due, and how many of them were reviewed with an outcome."""

    name: str
    due: int = 0
    closed: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.closed / self.due) if self.due else 0


class Loop:
    def __init__(self, index: Index, as_of: dt.date, retros: list[Document],
                 failures: list[Document], created: dict[str, dt.date] | None = None) -> None:
        self.as_of = as_of
        self.report = curriculum.assess(index, as_of, created=created)
        self.verdicts = {m.id: m for m in self.report.modules}
        # Retro id -> the later retros of the same team that name it as `previous`, by date.
        self.reviews: dict[str, list[Document]] = defaultdict(list)
        by_id = {str(r.id): r for r in retros}
        for later in sorted(retros, key=lambda r: (r.date or dt.date.min, str(r.id))):
            earlier = by_id.get(str(later.data.get("previous")))
            if earlier is not None and earlier.data.get("team") == later.data.get("team") \
                    and earlier.date is not None and later.date is not None \
                    and later.date > earlier.date:
                self.reviews[str(earlier.id)].append(later)
        # Failure id -> the earlier reports it repeats, and the later ones that repeat it.
        known = {str(f.id): f for f in failures}
        self.repeats: dict[str, list[str]] = {}
        self.repeated_by: dict[str, list[str]] = defaultdict(list)
        for f in sorted(failures, key=lambda d: (d.date or dt.date.min, str(d.id))):
            earlier_ids = [e for e in f.data.get("recurrence_of") or []
                           if e in known and (known[e].date or dt.date.max) < (f.date or dt.date.min)]
            self.repeats[str(f.id)] = earlier_ids
            for e in earlier_ids:
                self.repeated_by[e].append(str(f.id))

    # Experiments --------------------------------------------------------------------------

    def review_of(self, retro: Document, experiment: dict[str, Any]) -> Document | None:
        """The first later retro of the team dated on or after the experiment's due date: the
        one that should have said how it went."""
        due = _date(experiment.get("due"))
        if due is None:
            return None
        return next((r for r in self.reviews.get(str(retro.id), [])
                     if r.date is not None and r.date >= due), None)

    def unreviewed(self, retro: Document, experiment: dict[str, Any]) -> bool:
        """As rule `experiment-unreviewed`: no outcome although its review was due."""
        return "outcome" not in experiment and self.review_of(retro, experiment) is not None

    def cycle_rates(self, retros: list[Document]) -> tuple[Rate, list[Rate], list[Rate]]:
        """The closed-cycle rate overall, per team and per quarter (of the due date): of the
        experiments whose review was due, the share reviewed with an outcome."""
        total = Rate("all")
        teams: dict[str, Rate] = {}
        quarters: dict[str, Rate] = {}
        for retro in retros:
            team = str(retro.data.get("team", ""))
            for e in retro.data.get("experiments") or []:
                due = _date(e.get("due"))
                if not isinstance(e, dict) or due is None or self.review_of(retro, e) is None:
                    continue
                closed = "outcome" in e
                for rate in (total, teams.setdefault(team, Rate(team)),
                             quarters.setdefault(quarter(due), Rate(quarter(due)))):
                    rate.due += 1
                    rate.closed += closed
        return total, sorted(teams.values(), key=lambda r: r.name), \
            sorted(quarters.values(), key=lambda r: r.name)

    # Curriculum -----------------------------------------------------------------------------

    def sentence(self, module_id: str, window_days: int) -> str:
        """One line on whether a module is working, for the home page."""
        m = self.verdicts[module_id]
        per = f"per {window_days} days"
        if m.verdict == "too-early":
            return f"is too early to judge: written {m.days_since} days ago."
        if m.verdict == "not-working":
            recent = (f"; {m.recent} reports in the current window came after it"
                      if m.recent >= self.report.threshold else "")
            return (f"is not working: {m.rate_since:g} reports {per} since it was written, against "
                    f"{m.before} in the {window_days} days before{recent}.")
        if m.verdict == "working":
            return (f"is working: {m.rate_since:g} reports {per} since it was written, down from "
                    f"{m.before} in the {window_days} days before.")
        return (f"has no baseline: no report of its patterns in the {window_days} days before it "
                f"was written, {m.since} since.")


def html_link(page: str, label: Any, target: str | None) -> Raw:
    """A link inside a raw HTML block, which MkDocs does not rewrite: to the built `.html`."""
    if not target:
        return text(label)
    href = relative(page, target)
    path, _, anchor = href.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return Raw(f'<a href="{text(path)}{"#" + text(anchor) if anchor else ""}">{text(label)}</a>')


def html_badge(value: str, label: str) -> Raw:
    return Raw(f'<span class="flaims-badge flaims-{text(value)}">{text(label)}</span>')


def folded_table(page: str, summary: str, rows: list[dict[str, Any]], *, open_: bool = False,
                 ) -> Raw:
    """Done experiments of one outcome, folded: a raw HTML block with no blank line inside,
    so Markdown leaves it whole. Every value is escaped text or a link flaims builds."""
    head = ("<tr><th>Experiment</th><th>Learned</th><th>Owner</th><th>Due</th><th>Team</th>"
            "<th>Retro</th></tr>")
    body = "".join(
        f"<tr><td>{text(e['what'])}</td><td>{text(e.get('learned') or '—')}</td>"
        f"<td>{html_link(page, e['owner']['name'], e['owner']['target'])}</td>"
        f'<td><span class="flaims-date">{text(e["due"])}</span></td><td>{text(e["team"])}</td>'
        f"<td>{html_link(page, e['retro']['name'], e['retro']['target'])}</td></tr>"
        for e in rows)
    return Raw(f'<details class="flaims-fold"{" open" if open_ else ""}>'
               f"<summary>{text(summary)}</summary>\n"
               f'<table><thead>{head}</thead><tbody>{body}</tbody></table>\n'
               "</details>")


# Page contexts, asked for by the page builders (`site` is a pages.Site) ------------------

def module_marks(site: Any, module_ids: list[str]) -> list[tuple[str, str]]:
    """(month, label) for the chart of a tag: when each covering module was introduced."""
    found = []
    for mid in module_ids:
        m = site.loop.verdicts.get(mid)
        if m is not None:
            found.append((m.created.isoformat()[:7], mid))
    return sorted(found)


def verdict_of(site: Any, module_id: Any) -> dict[str, Any] | None:
    m = site.loop.verdicts.get(module_id)
    if m is None:
        return None
    return {"verdict": m.verdict, "label": VERDICT_LABEL[m.verdict], "created": m.created,
            "before": m.before, "since": m.since, "rate": f"{m.rate_since:g}",
            "recent": m.recent, "days": m.days_since, "owner_left": not m.owners_active,
            "meaning": curriculum.MEANING[m.verdict],
            "learners": [site.person(p) for p in m.learners]}


def case_split(site: Any, module_id: Any, cases: list[dict[str, Any]]
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The case studies before (on or before the day it was written) and after the module."""
    m = site.loop.verdicts.get(module_id)
    if m is None:
        return cases, []
    created = m.created.isoformat()
    return ([c for c in cases if str(c["date"]) <= created],
            [c for c in cases if str(c["date"]) > created])


def failure_links(site: Any, doc: Document) -> dict[str, Any]:
    fid = str(doc.id)
    return {"repeats": [site.failure(f) for f in site.loop.repeats.get(fid, [])],
            "repeated_by": [site.failure(f) for f in site.loop.repeated_by.get(fid, [])]}


def previous_experiments(site: Any, retro: Document) -> list[dict[str, Any]]:
    """Last time's experiments as this retro should review them: outcome and what was learned,
    and a flag on each one whose review was due by this retro and says nothing."""
    prev = site.index.get("retro", retro.data.get("previous"))
    if prev is None or not prev.valid or retro.date is None:
        return []
    rows = []
    for e in prev.data.get("experiments") or []:
        due = _date(e.get("due"))
        outcome = e.get("outcome")
        rows.append({"what": e.get("what", ""), "status": site.status(e),
                     "owner": site.person(e.get("owner")),
                     "outcome": outcome, "outcome_label": OUTCOME_LABEL.get(str(outcome), ""),
                     "learned": e.get("learned", ""),
                     "unreviewed": outcome is None and due is not None and retro.date >= due})
    return rows


def experiments_context(site: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The tracker: closed-cycle rates, unreviewed first, then open, then done by outcome
    (folded), then dropped."""
    total, teams, quarters = site.loop.cycle_rates(site.retros)
    done = [e for e in rows if e["status"] == "done"]
    folds = []
    for outcome in (*OUTCOMES, None):
        group = [e for e in done if e.get("outcome") == outcome]
        if group:
            label = OUTCOME_LABEL[outcome] if outcome else "no outcome recorded yet"
            folds.append(folded_table("experiments.md", f"Done, {label} ({len(group)})", group))
    return {
        "rate": total, "teams": teams, "quarters": quarters,
        "unreviewed": [e for e in rows if e["unreviewed"]],
        "overdue": [e for e in rows if e["status"] == "overdue"],
        "open": [e for e in rows if e["status"] == "open"],
        "done": done, "folds": folds,
        "dropped": [e for e in rows if e["status"] == "dropped"],
    }


def home_lines(site: Any) -> list[dict[str, Any]]:
    """One line per module: what is working and what is not, not working first."""
    order = {"not-working": 0, "working": 1, "no-baseline": 2, "too-early": 3}
    found = []
    for m in sorted(site.loop.report.modules, key=lambda m: (order[m.verdict], m.id)):
        found.append({"module": site.module(m.id), "verdict": m.verdict,
                      "label": VERDICT_LABEL[m.verdict],
                      "sentence": site.loop.sentence(m.id, site.loop.report.window_days),
                      "owner_left": not m.owners_active})
    return found
