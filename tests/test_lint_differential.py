"""Differential tests of lint's fast paths: `flaims lint FILE` (the pre-commit hook's form) says
exactly what a whole lint says in FILE, and a lint answered with the caches (documents, rule
results per document, whole results) says exactly what `--no-cache` says, through edits of a
report, of the people registry (blame-language reads the names) and of the as-of date. On the
demo organisation and on a generated one large enough to be cached without help."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool import cache

from .conftest import FORMATS_EXAMPLE, PROJECT, Run, copy_demo, lint_json

FAILURE = "failures/2026/2026-03-10-payment-timeouts.yaml"
TWIN = "failures/2026/2026-03-11-payment-timeouts.yaml"
PERSON = "people/bob-li.yaml"
PLAN = "plans/alice-ng.yaml"
# Blame only once a person of that name exists: a name mid-sentence before a failure verb.
NAMED = "  - In the end Zed Quux deleted the old pool."
KINDS = ("failures/2", "failures/tags.yaml", "retros/", "plans/", "people/", "ladders/",
         "curriculum/")


@pytest.fixture(autouse=True)
def cache_small_repositories(monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo is far below the size where flaims starts caching and parsing in workers (the
    # cold path reads, hashes and parses each file in a worker); the generated one is not.
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 0)
    monkeypatch.setattr(cache, "PARALLEL_MIN_FILES", 1)
    # And the plans, with the files whose stat changed, are parsed in the prefetch process.
    monkeypatch.setattr(cache.Prefetch, "MIN_FILES", 1)


def spoil(repo: Path) -> Path:
    """The formats example's documents added to `repo` with problems for many rules: blame,
    a placeholder, a twin report (id-mismatch, duplicate-id), unknown people, tags, retros and
    competencies, an alumni owner, a private plan's bad level and placeholder."""
    text = (FORMATS_EXAMPLE / FAILURE).read_text()
    (repo / FAILURE).parent.mkdir(parents=True, exist_ok=True)
    (repo / FAILURE).write_text(text.replace(
        "  - Connection pool sized for last year's traffic.",
        "  - Human error left the pool sized for last year's traffic.\n  - TODO say more\n" + NAMED))
    (repo / TWIN).write_text(text)
    for rel in ("retros/2026/2026-02-14-payments-february.yaml",
                "retros/2026/2026-03-14-payments-march.yaml", "curriculum/capacity-planning.yaml"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FORMATS_EXAMPLE / rel, repo / rel)
    (repo / PERSON).write_text((FORMATS_EXAMPLE / PERSON).read_text().replace(
        "status: active", "status: alumni"))
    (repo / PLAN).write_text((FORMATS_EXAMPLE / PLAN).read_text().replace(
        "target: e3", "target: e9").replace("vision: ", "vision: TODO "))
    return repo


def generated(dest: Path) -> Path:
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), "--size", "300",
                    str(dest)], check=True, capture_output=True, text=True)
    return spoil(dest)


@pytest.fixture(params=["demo", "generated"])
def org(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "demo":
        return spoil(copy_demo(tmp_path / "demo"))
    return generated(tmp_path / "generated")


def diagnostics(flaims: Run, repo: Path, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = lint_json(flaims, repo, *args)["diagnostics"]
    return found


def within(found: list[dict[str, Any]], asked: list[str]) -> list[dict[str, Any]]:
    return [d for d in found if any(d["path"] == a or d["path"].startswith(a + "/") for a in asked)]


def files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.y*ml")
                  if ".flaims" not in p.parts and p.name != "flaims.yaml")


def test_lint_of_a_file_reports_what_the_whole_lint_reports_there(flaims: Run, org: Path) -> None:
    whole = diagnostics(flaims, org, "--no-cache")
    codes = {d["code"] for d in whole}
    assert {"blame-language", "placeholder", "id-mismatch", "duplicate-id", "unknown-person",
            "alumni-owner", "unknown-level"} <= codes, codes
    everything = files(org)
    with_problems = sorted({d["path"] for d in whole})
    one_of_each = [next(f for f in everything if f.startswith(k)) for k in KINDS]
    # Every file of the demo; of the generated one, every file with problems and one of each kind.
    asked = everything if len(everything) < 150 else sorted({*with_problems, *one_of_each})
    assert diagnostics(flaims, org) == whole  # fills the caches
    for rel in asked:
        expected = within(whole, [rel])
        assert diagnostics(flaims, org, str(org / rel)) == expected, rel  # the documents cached
        assert diagnostics(flaims, org, str(org / rel)) == expected, rel  # its own result kept
        assert diagnostics(flaims, org, "--no-cache", str(org / rel)) == expected, rel
    for parts in (["people", "plans"], [FAILURE, PERSON, PLAN], ["retros/2026"]):
        assert diagnostics(flaims, org, *[str(org / p) for p in parts]) == within(whole, parts)
    assert diagnostics(flaims, org) == whole  # the parts' results did not replace the whole's


def check_same(flaims: Run, repo: Path, *args: str, asked: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The cached lint (twice: rule results kept, then the whole result) against --no-cache,
    whole and for the files `asked`."""
    fresh = diagnostics(flaims, repo, "--no-cache", *args)
    assert diagnostics(flaims, repo, *args) == fresh
    assert diagnostics(flaims, repo, *args) == fresh
    for rel in asked:
        assert diagnostics(flaims, repo, *args, str(repo / rel)) == within(fresh, [rel]), rel
    return fresh


def blamed(found: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == "blame-language"}


def test_the_per_document_cache_answers_as_no_cache_does(flaims: Run, org: Path) -> None:
    asked = (FAILURE, PERSON, PLAN)
    before = check_same(flaims, org, asked=asked)
    rules_file = org / cache.CACHE_DIR / cache.RULES_FILE
    assert rules_file.is_file()
    kept = rules_file.read_bytes()
    assert FAILURE.encode() in kept and PLAN.encode() not in kept  # a private plan never is
    named_line = (org / FAILURE).read_text().splitlines().index(NAMED) + 1
    assert (FAILURE, named_line) not in blamed(before)

    # An edited report: its own results are found again, the others' are kept.
    report = org / TWIN
    report.write_text(report.read_text().replace(
        "  - Connection pool sized for last year's traffic.",
        "  - Connection pool sized for last year's traffic.\n  - The operator forgot to scale it."
        "\n  - TODO name the owner"))
    edited = check_same(flaims, org, asked=(*asked, TWIN))
    assert {(d["path"], d["code"]) for d in edited} - {(d["path"], d["code"]) for d in before} \
        == {(TWIN, "blame-language"), (TWIN, "placeholder")}

    # A person renamed: blame-language reads the names, so every report is judged again.
    person = org / PERSON
    person.write_text(person.read_text().replace("name: Bob Li", "name: Zed Quux"))
    renamed = check_same(flaims, org, asked=asked)
    assert (FAILURE, named_line) in blamed(renamed)
    person.write_text(person.read_text().replace("name: Zed Quux", "name: Bob Li"))
    assert (FAILURE, named_line) not in blamed(check_same(flaims, org, asked=asked))

    # Another as-of date: the date-dependent rules change, the kept text results still hold.
    later = check_same(flaims, org, "--as-of", "2031-01-01", asked=asked)
    assert {d["code"] for d in later} >= {"overdue"}
    assert len(later) > len(edited)
    check_same(flaims, org, "--as-of", "2020-01-01", asked=asked)

    # A report removed, and a private plan edited (its results are never kept).
    report.unlink()
    plan = org / PLAN
    plan.write_text(plan.read_text().replace("vision: TODO ", "vision: "))
    check_same(flaims, org, asked=asked)
    assert PLAN.encode() not in rules_file.read_bytes()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def test_rules_reading_other_documents_see_them_change(flaims: Run, org: Path) -> None:
    """The rules whose results are kept per document read other documents too (ids, ladders,
    the taxonomy, people's status, retros' teams): an edit there changes what they say about
    files that did not change, cached as without the cache."""
    asked = (FAILURE, TWIN, "retros/2026/2026-03-14-payments-march.yaml")
    before = check_same(flaims, org, asked=asked)
    assert ("alumni-owner", FAILURE) in {(d["code"], d["path"]) for d in before}

    def new_in_unchanged(code: str, change: list[dict[str, Any]]) -> None:
        gained = {(d["code"], d["path"]) for d in change} - {(d["code"], d["path"]) for d in before}
        assert any(c == code for c, _path in gained), (code, gained)

    tags = org / "failures" / "tags.yaml"
    edit(tags, "  - id: timeouts", "  - id: timeouts-renamed")
    new_in_unchanged("unknown-tag", check_same(flaims, org, asked=asked))
    edit(tags, "  - id: timeouts-renamed", "  - id: timeouts")
    ladder = org / "ladders" / "engineering.yaml"
    edit(ladder, "  - id: operations", "  - id: operations-renamed")
    new_in_unchanged("unknown-competency", check_same(flaims, org, asked=asked))
    edit(ladder, "  - id: operations-renamed", "  - id: operations")
    edit(ladder, "  - id: e2\n", "  - id: e2-renamed\n")  # plans and people at e2: unchanged
    renamed = check_same(flaims, org)
    assert any(d["code"] == "unknown-level" and d["path"].startswith(("plans/", "people/"))
               and "'e2'" in d["message"] for d in renamed)
    edit(ladder, "  - id: e2-renamed\n", "  - id: e2\n")
    # The levels in the other order: which is above which, and which is the first, change
    # for every plan on the ladder, none of which changed.
    import yaml

    text = ladder.read_text()
    data = yaml.safe_load(text)
    data["levels"].reverse()
    ladder.write_text(yaml.safe_dump(data, sort_keys=False))
    reversed_ = check_same(flaims, org)
    for code in ("target-not-above-current", "evidence-missing"):
        new_in_unchanged(code, reversed_)
    ladder.write_text(text)
    february = org / "retros" / "2026" / "2026-02-14-payments-february.yaml"
    edit(february, "team: payments", "team: platform")
    new_in_unchanged("bad-previous", check_same(flaims, org, asked=asked))
    edit(february, "team: platform", "team: payments")
    edit(org / PERSON, "status: alumni", "status: active")
    after = check_same(flaims, org, asked=asked)
    assert ("alumni-owner", FAILURE) not in {(d["code"], d["path"]) for d in after}
    edit(org / PERSON, "status: active", "status: alumni")
    assert check_same(flaims, org, asked=asked) == before
    (org / TWIN).unlink()  # an id gone: what referred to it
    asked = (FAILURE, asked[2])
    check_same(flaims, org, asked=asked)
    edit(org / "flaims.yaml", "organisation:", "action_due_days:\n  high: 1\norganisation:")
    check_same(flaims, org, asked=asked)
    check_same(flaims, org, "--as-of", "2031-01-01", asked=asked)


def cited_report(org: Path) -> tuple[Path, Path, str]:
    """A public plan, a failure report its evidence cites (with its authors in flow style),
    and the plan's person."""
    import yaml

    reports = {p.stem: p for p in (org / "failures").rglob("*.yaml") if p.name != "tags.yaml"}
    for plan in sorted((org / "plans").glob("*.yaml")):
        data = yaml.safe_load(plan.read_text())
        if data.get("visibility") != "public":
            continue
        for row in data.get("growth") or []:
            for item in row.get("evidence") or []:
                prefix, _, ref = item.partition(":")
                if prefix == "failure" and ref in reports and \
                        "authors: [" in reports[ref].read_text():
                    return plan, reports[ref], data["person"]
    raise AssertionError("no public plan cites a failure report")


def test_a_plans_kept_evidence_result_follows_the_cited_report(flaims: Run, org: Path) -> None:
    """evidence-not-involved reads the retros and reports a plan cites: its result for an
    unchanged plan is reused only while those are unchanged. The person taken off a report
    they wrote, or made one of its authors (an edit of the report alone), changes what is said
    in the plan, cached as without the cache; the report as it was, and so is the plan."""
    plan, report, person = cited_report(org)
    rel = plan.relative_to(org).as_posix()

    def evidence(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [d for d in found if d["path"] == rel and d["code"] == "evidence-not-involved"]

    before = check_same(flaims, org, asked=(rel,))
    text = report.read_text()
    involved = not any(f"failure '{report.stem}'" in d["message"] for d in evidence(before))
    report.write_text(text.replace(person, "nobody-here") if involved
                      else text.replace("authors: [", f"authors: [{person}, ", 1))
    after = check_same(flaims, org, asked=(rel,))
    assert len(evidence(after)) == len(evidence(before)) + (1 if involved else -1)
    report.write_text(text)
    assert check_same(flaims, org, asked=(rel,)) == before
    assert rel.encode() in (org / cache.CACHE_DIR / cache.RULES_FILE).read_bytes()  # kept


def test_the_kept_results_hold_across_processes(tmp_path: Path) -> None:
    """Each run is a new process with its own string hashing: what keys the kept results must
    not depend on it (the names once came in a set's order, and every run missed)."""
    org = generated(tmp_path / "org")  # cached without help: 300 files

    def lint(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "flaims_tool", "--repo", str(org), "lint"],
                              env=env, capture_output=True)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    first = lint("1")
    depends = cache.RuleResults(org).known_depends
    assert {"blame-language", "unknown-person", "alumni-owner", "bad-previous"} <= depends.keys()
    (org / TWIN).write_text((org / TWIN).read_text() + "# edited\n")
    assert lint("2") == first
    assert cache.RuleResults(org).known_depends == depends


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b.c", ".", "..", "", ".x", "y.", "z.yaml", "v1.2.yaml"]),
                min_size=1, max_size=4).map("/".join))
def test_a_documents_stem_is_pathlibs(path: str) -> None:
    """Document.stem takes a string shortcut for ordinary paths: the same answer as pathlib."""
    from pathlib import PurePosixPath

    from flaims_tool.model import Document

    assert Document(kind="failure", path=path, loaded=None).stem == PurePosixPath(path).stem  # type: ignore[arg-type]


def test_lint_of_a_file_leaves_what_is_no_context_unloaded(org: Path) -> None:
    """`lint FILE` of a report reads no plan (plans are no other kind's context, so the private
    ones are not parsed on every pre-commit run), yet counts them as files checked; of a plan,
    it reads them all (duplicate-id compares plans)."""
    from flaims_tool import kinds
    from flaims_tool.lint import lint_cached

    targets = {target for k in kinds.KINDS for _where, target in k.references}
    for kind in kinds.KINDS:
        if not kind.context:  # the declaration holds only for what nothing refers to
            assert kind.name not in targets and kind.name not in kinds.EVIDENCE_KINDS, kind.name
    whole = lint_cached(org, use_cache=False)
    plans = sum(d.kind == "plan" for d in whole.index.documents)
    assert plans > 0
    for use_cache in (False, True, True):
        report = lint_cached(org, only=[FAILURE], use_cache=use_cache)
        if report.index.documents:  # not answered by a kept result
            assert not [d for d in report.index.documents if d.kind == "plan"]
        assert report.index.files == whole.index.files
        plan = lint_cached(org, only=[PLAN], use_cache=use_cache)
        if plan.index.documents:
            assert sum(d.kind == "plan" for d in plan.index.documents) == plans


def test_cached_documents_answer_their_index_fields_as_their_data_does(org: Path) -> None:
    """The id, date and INDEX_FIELDS a cached document answers without decoding its data are
    what the same file gives when parsed, and what its decoded data holds."""
    from flaims_tool.model import INDEX_FIELDS
    from flaims_tool.workspace import build_index

    def answers(doc: Any) -> tuple[Any, ...]:
        return doc.id, doc.date, doc.loaded.has_data, [doc.field(f) for f in INDEX_FIELDS]

    parsed = {d.path: answers(d) for d in build_index(org, use_cache=False).documents}
    build_index(org)  # fills the documents cache
    cached = [d for d in build_index(org).documents if isinstance(d.loaded, cache.CachedLoaded)]
    assert len(cached) > len(parsed) // 2
    for doc in cached:
        assert answers(doc) == parsed[doc.path], doc.path
        data = doc.loaded.data or {}  # decoded now
        assert answers(doc)[3] == [data.get(f) for f in INDEX_FIELDS], doc.path


def test_plans_parsed_ahead_are_the_plans_parsed_here(org: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cache.Prefetch parses the plans in a forked process while lint reads the rest: the same
    documents as parsing them here; a plan changed after the process read it, or a process
    that died, is parsed here instead."""
    from flaims_tool.workspace import build_index, find_jobs

    monkeypatch.setattr(cache.Prefetch, "MIN_FILES", 1)  # the demo has a few plans, not 50

    def view(index: Any) -> list[tuple[Any, ...]]:
        return [(d.path, d.kind, d.valid, d.loaded.data, d.loaded.positions,
                 [x.row() for x in d.loaded.diagnostics]) for d in index.documents]

    parsed = view(build_index(org, use_cache=False))
    build_index(org)  # the public documents cached
    plans, _ = find_jobs(org, ["plan"])
    with cache.Prefetch(plans) as early:
        assert early.started
        assert view(build_index(org, early=early)) == parsed
    with cache.Prefetch(plans) as early:
        assert early.entry(PLAN, None) is None  # waits: the process has read every plan
        edit(org / PLAN, "vision: ", "vision: Changed after the prefetch read it. ")
        plan = build_index(org, early=early).get("plan", Path(PLAN).stem)
        assert plan is not None and plan.data["vision"].startswith("Changed after the prefetch")
    # The files the parent found changed, sent after the plans: the same entries as here.
    report = next(job for job in find_jobs(org)[0] if job[1] == FAILURE)
    with cache.Prefetch(plans) as early:
        early.also([report])
        assert early.covers("failure", FAILURE) and not early.covers("failure", TWIN)
        got = early.parsed(FAILURE)
        raw = (org / FAILURE).read_bytes()
        assert got == (cache._digest(raw), cache._entry_of(*report, raw, encode=True))
    with cache.Prefetch(plans) as early:
        os.kill(early._forked.pid, signal.SIGKILL)
        early.also([report])  # the process is gone: no entry for it, parsed here instead
        assert early.entry(FAILURE, cache._digest(raw)) is None
        assert view(build_index(org, early=early)) == view(build_index(org, use_cache=False))


def test_rules_on_both_cores_find_what_one_process_finds(org: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rules.run hands every other document to a forked process when there are thousands to
    check: the same diagnostics, redacted the same, and the same per-document results kept for
    the next run, as one process; and a second process that dies changes nothing."""

    from flaims_tool import parallel, rules
    from flaims_tool.workspace import build_index

    if not parallel.can_fork():
        pytest.skip("one core, or no fork: rules.run never starts a second process here")
    index = build_index(org)
    date = index.config.date(None)

    def run(minimum: int) -> tuple[list[tuple[Any, ...]], Any]:
        monkeypatch.setattr(rules, "PARALLEL_MIN_DOCUMENTS", minimum)
        memo = cache.RuleResults(org)
        found = [d.row() for d in rules.run(index, date, memo=memo)]
        return found, (memo.depends, memo.rows)

    alone, alone_kept = run(10**9)
    assert any(r[0] == PLAN for r in alone) and any(r[0] == FAILURE for r in alone)
    assert run(1) == (alone, alone_kept)
    halves = rules._other_half(index, None, None)
    assert halves is not None and 0 < len(halves) < len(index.documents)

    def dies(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(rules, "_check_half", dies)
    assert run(1) == (alone, alone_kept)
