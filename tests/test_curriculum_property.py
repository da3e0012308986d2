"""`curriculum.assess` against a brute-force reading of formats.md's v1.1 definitions, on random
repositories.

The brute force shares nothing with the implementation: it walks parents and aliases from its
own tables, checks every (module, report) pair one by one, and applies the verdicts in the
contract's order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from flaims_tool import curriculum
from flaims_tool.model import Document
from flaims_tool.workspace import Config, Index, build_index
from flaims_tool.yamlio import Loaded

EPOCH = dt.date(2026, 1, 1)
PEOPLE = ["ann", "ben", "cas", "dee"]
COMPETENCIES = ["eng/ops", "eng/testing", "eng/design"]


@dataclass
class Repo:
    parents: dict[str, str | None]
    aliases: dict[str, str]
    failures: list[tuple[str, dt.date, list[str]]]  # id, date, tag names
    modules: list[tuple[str, list[str], dt.date | None, list[str], list[str]]]
    # id, tag names, created, owners, competencies
    first_commits: dict[str, dt.date]
    status: dict[str, str]  # person -> active | alumni
    plans: list[tuple[str, str, list[str], list[str]]]  # person, visibility, growth, practice
    as_of: dt.date
    window: int
    threshold: int


@st.composite
def repos(draw: st.DrawFn) -> Repo:
    n = draw(st.integers(1, 5))
    tags = [f"t{i}" for i in range(n)]
    parents = {t: draw(st.sampled_from([None, *tags[:i]])) for i, t in enumerate(tags)}
    aliases = {f"a{i}": draw(st.sampled_from(tags)) for i in range(draw(st.integers(0, 2)))}
    names = [*tags, *tags, *aliases, "unknown"]
    as_of = EPOCH + dt.timedelta(days=draw(st.integers(0, 200)))
    window = draw(st.integers(1, 120) | st.sampled_from([30, 90]))
    day = st.integers(-150, 220).map(lambda d: EPOCH + dt.timedelta(days=d))
    failures = [(f"r{i}", draw(day), draw(st.lists(st.sampled_from(names), min_size=1,
                                                    max_size=3, unique=True)))
                for i in range(draw(st.integers(0, 25)))]
    # Module dates near the as-of date (too-early, created after it) and on report dates.
    near = st.integers(-40, 3).map(lambda d: as_of + dt.timedelta(days=d))
    when = day | near | (st.sampled_from([f[1] for f in failures]) if failures else day)
    modules = [(f"m{i}", draw(st.lists(st.sampled_from(names), min_size=1, max_size=2,
                                       unique=True)),
                draw(st.none() | when),
                draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)),
                draw(st.lists(st.sampled_from(COMPETENCIES), max_size=2, unique=True)))
               for i in range(draw(st.integers(1, 4)))]
    first_commits = {m[0]: draw(when) for m in modules if m[2] is None and draw(st.booleans())}
    status = {p: draw(st.sampled_from(["active", "alumni"])) for p in PEOPLE[:3]}  # dee: none
    plans = [(p, draw(st.sampled_from(["public", "private", "unset"])),
              draw(st.lists(st.sampled_from(COMPETENCIES), max_size=2, unique=True)),
              draw(st.lists(st.sampled_from(COMPETENCIES), max_size=2)))
             for p in PEOPLE if draw(st.booleans())]
    return Repo(parents, aliases, failures, modules, first_commits, status, plans, as_of,
                window, draw(st.sampled_from([1, 2, 3, 3, 4])))


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
                 {"id": fid, "date": date.isoformat(), "team": "payments", "tags": tags})
             for fid, date, tags in repo.failures]
    docs += [doc("curriculum", f"curriculum/{mid}.yaml",
                 {"id": mid, "title": mid, "tags": tags, "owners": owners,
                  "competencies": comps, **({"created": c.isoformat()} if c else {})})
             for mid, tags, c, owners, comps in repo.modules]
    docs += [doc("person", f"people/{p}.yaml", {"id": p, "name": p, "status": s})
             for p, s in repo.status.items()]
    for person, visibility, growth, practice in repo.plans:
        data: dict[str, Any] = {
            "person": person, "ladder": "eng",
            "growth": [{"competency": c, "current": "e1", "target": "e2"} for c in growth],
            "practice": [{"competency": c, "date": "2026-01-01", "minutes": 5} for c in practice],
        }
        if visibility != "unset":  # private is the default
            data["visibility"] = visibility
        docs.append(doc("plan", f"plans/{person}.yaml", data))
    return build_index(Path("/nonexistent"), Config("Acme", "Acme"), loader=iter(docs))


def brute_force(repo: Repo) -> dict[str, Any]:
    def ancestors(tag: str) -> list[str]:
        out = [tag]
        while repo.parents[out[-1]] is not None:
            out.append(repo.parents[out[-1]])  # type: ignore[arg-type]
        return out

    def canonical(name: str) -> str | None:
        return name if name in repo.parents else repo.aliases.get(name)

    def counts_for(report_names: list[str], module_names: list[str]) -> bool:
        wanted = {canonical(n) for n in module_names} - {None}
        return any(c is not None and set(ancestors(c)) & wanted
                   for c in map(canonical, report_names))

    window_first = repo.as_of - dt.timedelta(days=repo.window - 1)
    out = []
    for mid, names, created, owners, comps in sorted(repo.modules):
        made = created or repo.first_commits.get(mid)
        if made is None or made > repo.as_of:
            continue
        mine = [f for f in repo.failures if counts_for(f[2], names)]
        before = sum(1 for f in mine if made - dt.timedelta(days=repo.window) <= f[1] < made)
        since = sum(1 for f in mine if made < f[1] <= repo.as_of)
        days = (repo.as_of - made).days
        rate = round(since * repo.window / days, 1) if days else 0
        recent = sum(1 for f in mine if window_first <= f[1] <= repo.as_of and f[1] > made)
        if days < 30:
            verdict = "too-early"
        elif recent >= repo.threshold or (before > 0 and rate >= before):
            verdict = "not-working"
        elif rate < before:
            verdict = "working"
        else:
            verdict = "no-baseline"
        learners = sorted(p for p, vis, growth, practice in repo.plans
                          if vis == "public" and set(growth + practice) & set(comps))
        out.append({"id": mid, "created": made.isoformat(), "owners": owners,
                    "owners_active": any(repo.status.get(o) == "active" for o in owners),
                    "tags": names, "before": before, "since": since, "days_since": days,
                    "rate_since": rate, "recent": recent, "verdict": verdict,
                    "learners": learners})
    return {"as_of": repo.as_of.isoformat(), "window_days": repo.window,
            "threshold": repo.threshold, "modules": out}


@settings(max_examples=80, deadline=None)
@given(repos())
def test_assess_matches_a_brute_force_count(repo: Repo) -> None:
    report = curriculum.assess(build(repo), repo.as_of, repo.window, repo.threshold,
                               created=repo.first_commits)
    assert report.to_dict() == brute_force(repo)
    for m in report.modules:
        event(m.verdict)  # `pytest --hypothesis-show-statistics` shows every verdict is reached
