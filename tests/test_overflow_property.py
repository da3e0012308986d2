"""`overflow.detect` against a brute-force reading of formats.md's rule, on random repositories.

The brute force shares nothing with the implementation: it walks parents itself, resolves
aliases from its own table, and checks every (tag, report) pair one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool import overflow
from flaims_tool.model import Document
from flaims_tool.workspace import Config, Index, build_index
from flaims_tool.yamlio import Loaded

EPOCH = dt.date(2026, 1, 1)
TEAMS = ["payments", "platform", "mobile"]


@dataclass
class Repo:
    parents: dict[str, str | None]  # tag -> parent
    aliases: dict[str, str]  # alias -> tag
    failures: list[tuple[str, dt.date, str, list[str]]]  # id, date, team, tag names
    modules: list[tuple[str, list[str], dt.date | None]]  # id, tag names, created
    first_commits: dict[str, dt.date]
    as_of: dt.date
    window: int
    threshold: int


@st.composite
def repos(draw: st.DrawFn) -> Repo:
    n = draw(st.integers(1, 6))
    tags = [f"t{i}" for i in range(n)]
    # A parent always comes earlier in the list: a forest, no cycles.
    parents = {t: draw(st.sampled_from([None, *tags[:i]])) for i, t in enumerate(tags)}
    aliases = {f"a{i}": draw(st.sampled_from(tags)) for i in range(draw(st.integers(0, 3)))}
    names = [*tags, *tags, *aliases, "unknown"]
    # Mostly late as-of dates and long windows, so that most examples overflow somewhere.
    as_of = EPOCH + dt.timedelta(days=draw(st.integers(0, 110)))
    window = draw(st.integers(1, 100) | st.integers(60, 100))
    start = as_of - dt.timedelta(days=window - 1)
    day = st.integers(0, 100).map(lambda d: EPOCH + dt.timedelta(days=d))
    # Reports often fall on a boundary of the window, or one day outside it.
    edge = st.sampled_from([start, start - dt.timedelta(days=1), as_of,
                            as_of + dt.timedelta(days=1)])
    failures = []
    for i in range(draw(st.integers(2, 16))):
        date = draw(day | edge)
        failures.append((f"{date}-r{i}", date, draw(st.sampled_from(TEAMS)),
                         draw(st.lists(st.sampled_from(names), min_size=1, max_size=3,
                                       unique=True))))
    # Module dates often fall on a report's date: "after" must be strictly after.
    when = st.sampled_from([f[1] for f in failures]) | day if failures else day
    modules = [(f"m{i}", draw(st.lists(st.sampled_from(names), min_size=1, max_size=2,
                                       unique=True)), draw(st.none() | when))
               for i in range(draw(st.integers(1, 3)))]
    first_commits = {m: draw(when) for m, _, created in modules
                     if created is None and draw(st.booleans())}
    return Repo(parents, aliases, failures, modules, first_commits, as_of, window,
                draw(st.sampled_from([1, 2, 2, 3, 4])))


def build(repo: Repo) -> Index:
    def doc(kind: str, path: str, data: dict[str, Any]) -> tuple[Document, list[Any]]:
        return Document(kind, path, Loaded(path, data), valid=True), []

    entries = []
    for tag, parent in repo.parents.items():
        entry: dict[str, Any] = {"id": tag, "title": tag, "description": tag}
        if parent:
            entry["parent"] = parent
        own = [a for a, t in repo.aliases.items() if t == tag]
        if own:
            entry["aliases"] = own
        entries.append(entry)
    docs = [doc("tags", "failures/tags.yaml", {"tags": entries})]
    docs += [doc("failure", f"failures/{fid}.yaml",
                 {"id": fid, "date": date.isoformat(), "team": team, "tags": tags})
             for fid, date, team, tags in repo.failures]
    docs += [doc("curriculum", f"curriculum/{mid}.yaml",
                 {"id": mid, "tags": tags, **({"created": c.isoformat()} if c else {})})
             for mid, tags, c in repo.modules]
    return build_index(Path("/nonexistent"), Config("Acme", "Acme"), loader=iter(docs))


def brute_force(repo: Repo) -> dict[str, Any]:
    def ancestors(tag: str) -> list[str]:
        out = [tag]
        while repo.parents[out[-1]] is not None:
            out.append(repo.parents[out[-1]])  # type: ignore[arg-type]
        return out

    def canonical(name: str) -> str | None:
        return name if name in repo.parents else repo.aliases.get(name)

    def counts_toward(names: list[str], tag: str) -> bool:
        return any(c is not None and tag in ancestors(c) for c in map(canonical, names))

    first = repo.as_of - dt.timedelta(days=repo.window - 1)
    result: list[dict[str, Any]] = []
    for tag in repo.parents:
        window = [f for f in repo.failures
                  if first <= f[1] <= repo.as_of and counts_toward(f[3], tag)]
        if len(window) < repo.threshold:
            continue
        # A module created after the as-of date did not exist yet on that date.
        covering = sorted(m for m, names, c in repo.modules
                          if any(canonical(n) in ancestors(tag) for n in names)
                          and ((c or repo.first_commits.get(m)) is None
                               or (c or repo.first_commits.get(m)) <= repo.as_of))
        created = [c or repo.first_commits.get(m) for m, _, c in repo.modules if m in covering]
        known = [c for c in created if c is not None]
        after = [f for f in window if known and f[1] > min(known)]
        history = [f[1] for f in repo.failures if f[1] <= repo.as_of and counts_toward(f[3], tag)]
        months: list[dict[str, Any]] = []
        if history:
            y, m = min(history).year, min(history).month
            while (y, m) <= (max(history).year, max(history).month):
                months.append({"month": f"{y:04d}-{m:02d}",
                               "count": sum(1 for d in history if (d.year, d.month) == (y, m))})
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        result.append({
            "tag": tag, "count": len(window), "reports": sorted(f[0] for f in window),
            "teams": sorted({f[2] for f in window}), "curriculum": covering,
            "covered": bool(covering),
            "recurring_despite_curriculum": bool(covering) and len(after) >= repo.threshold,
            "trend": months,
        })
    result.sort(key=lambda p: (-p["count"], p["tag"]))
    return {"as_of": repo.as_of.isoformat(), "window_days": repo.window,
            "threshold": repo.threshold, "overflowing": result}


@settings(max_examples=60, deadline=None)
@given(repos())
def test_detect_matches_a_brute_force_count(repo: Repo) -> None:
    index = build(repo)
    report = overflow.detect(index, repo.as_of, repo.window, repo.threshold,
                             created=repo.first_commits)
    assert report.to_dict() == brute_force(repo)
    # The whole-history helpers agree with the report.
    by_tag = overflow.reports_by_tag(index)
    for p in report.overflowing:
        assert set(p.reports) <= set(by_tag[p.tag])
        assert set(p.curriculum) <= set(overflow.covering_modules(index, p.tag))
        assert p.trend == overflow.trend(index, p.tag, until=repo.as_of)
