"""Retros, their listings and the experiments page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...model import Document
from .. import loop
from .. import split as split_mod
from ..escape import is_dated
from .common import Nav, Page, _dicts, _strs, listing_pages

if TYPE_CHECKING:
    from .site import Site

STATUSES = ("open", "overdue", "done", "dropped")
def retro_path(rid: Any) -> str | None:
    return f"retros/{rid}.md" if is_dated(rid) else None


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
    yield from experiments_pages(site, sources)


EXPERIMENTS = "experiments.md"


def experiments_pages(site: Site, sources: list[str]) -> Iterator[Page]:
    """The experiments tracker, its sections split into parts of at most ROWS_PER_PAGE rows
    (split.py). Part 1 has the cycle-closed summary, built from every retro (its sources), and
    the sections that are empty; a later part's sources are the retros of its rows."""
    rows = site.experiments()
    counts = {s: sum(1 for e in rows if e["status"] == s) for s in STATUSES}
    tracker = loop.experiments_context(site, rows)
    done = {outcome: [e for e in tracker["done"] if e.get("outcome") == outcome]
            for outcome in (*loop.OUTCOMES, None)}
    sections: list[tuple[str, list[dict[str, Any]]]] = [
        ("unreviewed", tracker["unreviewed"]), ("overdue", tracker["overdue"]),
        ("open", tracker["open"]),
        *((f"done:{outcome or ''}", group) for outcome, group in done.items()),
        ("dropped", tracker["dropped"])]
    # The pager names a part's first and last section by their headings.
    labels = {"unreviewed": "Not reviewed", "overdue": "Overdue", "open": "Open",
              "dropped": "Dropped", **{f"done:{o or ''}": "Done, " + (
                  loop.OUTCOME_LABEL[o] if o else "no outcome recorded yet") for o in done}}
    keys = {label: key for key, label in labels.items()}
    parts = split_mod.split(EXPERIMENTS, [(labels[key], [(e, e["source"]) for e in group])
                                          for key, group in sections])
    for part in parts:
        shown = {keys[label]: group for label, group in part.groups}
        if part.number == 1:
            shown.update({key: [] for key, group in sections if not group and key in
                          ("unreviewed", "overdue", "open", "dropped")})
        folds = []
        for outcome, group in done.items():
            if f"done:{outcome or ''}" in shown:
                label = loop.OUTCOME_LABEL[outcome] if outcome else "no outcome recorded yet"
                folds.append(loop.folded_table(part.path, f"Done, {label} ({len(group)})",
                                               shown[f"done:{outcome or ''}"]))
        if folds or (part.number == 1 and not tracker["done"]):
            shown["done"] = []
        named = "Experiments" if len(parts) == 1 else \
            f"Experiments ({part.number} of {len(parts)})"
        yield Page(part.path, "experiments.md.j2", named,
                   sources if part.number == 1 else list(dict.fromkeys(part.sources)), {
            "counts": counts, "as_of": site.as_of.isoformat(), **tracker, "folds": folds,
            "shown": shown, "first_part": part.number == 1,
            "pager": split_mod.pager(parts, part)}, search=False)


OUT_OF_NAV = ("/retros/",)
NAV = (Nav("Retros", "By date", "retros.md"), Nav("Retros", "By team", "retros-by-team.md"),
       Nav("Retros", "Experiments", "experiments.md"))
build = retros
