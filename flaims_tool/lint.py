"""`lint`: load the whole repository, run every rule, keep what the caller asked about."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import kinds, rules, yamlio
from .diagnostics import ERROR, Diagnostic, Summary
from .model import Document
from .workspace import FOLDERS, Config, Index, Job, build_index, check, classify, find_jobs, load_config

if TYPE_CHECKING:
    from .cache import Prefetch, Snapshot


@dataclass
class LintResult:
    index: Index
    diagnostics: list[Diagnostic]
    as_of: dt.date

    @property
    def summary(self) -> Summary:
        # flaims.yaml is read too, and counts as a file checked.
        return Summary.of(self.index.files + 1, self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        return any(strict or d.severity == ERROR for d in self.diagnostics)


def lint(root: Path, as_of: dt.date | None = None, only: Iterable[str] | None = None,
         index: Index | None = None, memo: rules.Memo | None = None) -> LintResult:
    """Lint a repository. `only`: repository-relative files or folders to report on (the whole
    repository is still loaded, since references cross files). `memo`: see rules.Context."""
    index = index or build_index(root)
    date = index.config.date(as_of)
    wanted = _wanted(only)
    found = rules.run(index, date, wanted, memo)
    return LintResult(index, found if wanted is None else [d for d in found if wanted(d.path)], date)


def lint_cached(root: Path, as_of: dt.date | None = None, only: Iterable[str] | None = None,
                use_cache: bool = True) -> LintResult:
    """`lint`, answered from .flaims/cache when nothing it depends on changed since the last run
    (then `result.index` holds the counts but no documents). Private plans' problems are kept
    only in their redacted form, as lint shows them."""
    if not use_cache:
        config = load_config(root)
        date = config.date(as_of)
        jobs, problems = find_jobs(root)
        return lint(root, date, only, _context_index(root, config, jobs, problems, None,
                                                     _needed(jobs, _wanted(only)), use_cache=False))
    from .cache import CACHE_MIN_FILES, KeptConfig, LintResults, Prefetch, RuleResults, Stats, Store, snapshot

    kept = KeptConfig(root)
    config = kept.config
    date = config.date(as_of)
    wanted = _wanted(only)

    # The plans (never cached whole) start parsing on the other core first thing, while this
    # one finds and reads the rest. Listing plans/ twice costs 0.007 s at 10k; starting after
    # the whole walk made lint wait 0.15 s for them.
    plans, _ = find_jobs(root, [Prefetch.KIND])
    with Prefetch([plans[i] for i in _needed(plans, wanted)]) as early:
        jobs, problems = find_jobs(root)
        needed = _needed(jobs, wanted)
        large = len(jobs) >= CACHE_MIN_FILES
        # A whole lint keeps the per-document results of the rules; `lint FILE` runs them on
        # its few files only, and has no use for the others.
        memo = RuleResults(root) if large and wanted is None else None
        if memo is not None and not Store(root).present():
            # Cold: nothing loaded is kept, so no kept result can hold either. The files are
            # read, hashed and parsed in one pass on both cores (cache.load_documents), and
            # the result's key comes from the digests of what was parsed.
            index = _context_index(root, config, jobs, problems, None, needed, early=early)
            results = LintResults(root, date.isoformat(), jobs,
                                  [(None, d.digest) for d in index.documents], only, kept.digest)
        else:
            snap = snapshot(jobs, Stats(root) if large else None)
            results = LintResults(root, date.isoformat(), jobs, snap, only, kept.digest)
            hit = results.read()
            if hit is not None:
                if large:
                    kept.save()
                files, found = hit
                return LintResult(Index(root=root, config=config, files=files), found, date)
            index = _context_index(root, config, jobs, problems, snap, needed, early=early)
    result = lint(root, date, only, index, memo)
    if memo is not None:
        memo.save()
    # A private plan's diagnostics are already redacted (privacy.redact names the field and
    # the rule, never a value), so the result keeps exactly what lint prints, and a private
    # plan with a warning no longer makes every later run a cold one.
    results.write(result.index.files, result.diagnostics)
    if large:  # where the other caches are kept
        kept.save()
    return result


def _needed(jobs: list[Job], wanted: Callable[[str], bool] | None) -> list[int]:
    """Which jobs the rules need for the files asked about: every one, except those of a kind
    that is no other kind's context (kinds.Kind.context) when no file of it is asked about."""
    skipped: set[str] = set()
    if wanted is not None:
        asked = {kind for kind, rel, _path in jobs if wanted(rel)}
        skipped = {k.name for k in kinds.DOCUMENT_KINDS if not k.context and k.name not in asked}
    return [i for i, (kind, _rel, _path) in enumerate(jobs) if kind not in skipped]


def _context_index(root: Path, config: Config, jobs: list[Job], problems: list[Diagnostic],
                   snap: Snapshot | None, needed: list[int], use_cache: bool = True,
                   early: Prefetch | None = None) -> Index:
    """The index of the `needed` jobs; the others still count as files checked, as in the
    result kept for the whole repository."""
    read: set[str] | None = None
    unread = len(jobs) - len(needed)
    if unread:
        read = {jobs[i][0] for i in needed}  # a part: the cache keeps the other kinds' entries
        jobs, snap = [jobs[i] for i in needed], None if snap is None else [snap[i] for i in needed]
    index = build_index(root, config, use_cache=use_cache, kinds=read, found=(jobs, problems, snap),
                        early=early)
    index.files += unread
    return index


def _wanted(only: Iterable[str] | None) -> Callable[[str], bool] | None:
    """Whether a file is one of `only` or inside one of its folders."""
    if only is None:
        return None
    wanted = [p.rstrip("/") for p in only]
    if any(w in ("", ".") for w in wanted):
        return None
    return lambda path: any(path == w or path.startswith(w + "/") for w in wanted)



def changed_since(result: LintResult, ref: str) -> LintResult:
    """Pull-request mode: keep the diagnostics in files changed since the merge base with `ref`
    (uncommitted and untracked files included, renames followed), plus those in unchanged files
    that the change caused: the ones the same rules did not find in the merge base's files (a
    deleted person still referenced, a removed tag still used). Raises history.GitError."""
    from .history import changed_files, read_tree  # git only in pull-request mode

    root = result.index.root
    changes = changed_files(root, ref)
    base_files = read_tree(root, changes.base, FOLDERS)
    base = build_index(root, result.index.config, loader=_load_blobs(base_files, result.index))
    # An unchanged file reads the same as in the base, so a diagnostic at the same place with
    # the same code was there before the change (messages may differ: "did you mean" hints).
    before = {(d.path, d.line, d.column, d.code) for d in rules.run(base, result.as_of)}
    kept = [d for d in result.diagnostics
            if d.path in changes.changed or (d.path, d.line, d.column, d.code) not in before]
    return LintResult(result.index, kept, result.as_of)


def _load_blobs(files: dict[str, bytes], current: Index) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """The base's documents; a file whose blob equals the working copy is the document already
    loaded (most of a pull request's files did not change), so only changed files are parsed."""
    loaded_now = {d.path: d for d in current.documents}
    problems_now: dict[str, list[Diagnostic]] = {}
    for d in current.diagnostics:
        problems_now.setdefault(d.path, []).append(d)
    for rel, raw in sorted(files.items()):
        kind, _ = classify(rel)
        if kind is None:
            continue
        same = loaded_now.get(rel)
        if same is not None and same.kind == kind and _reads(current.root / rel) == raw:
            yield same, problems_now.get(rel, [])
            continue
        loaded = yamlio.load(raw, rel)
        problems, valid = check(kind, loaded)
        yield Document(kind, rel, loaded, valid=valid), problems


def _reads(path: Path) -> bytes | None:
    """A regular file's bytes; never opens a link, a pipe or a device (a pipe would hang)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return path.read_bytes()
    except OSError:
        return None
