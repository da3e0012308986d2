"""`lint`: load the whole repository, run every rule, keep what the caller asked about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import rules, schemas, yamlio
from .diagnostics import ERROR, Diagnostic, Summary
from .model import Document
from .workspace import FOLDERS, Index, build_index, classify


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
         index: Index | None = None) -> LintResult:
    """Lint a repository. `only`: repository-relative files or folders to report on (the whole
    repository is still loaded, since references cross files)."""
    index = index or build_index(root)
    date = index.config.date(as_of)
    found = rules.run(index, date)
    if only is not None:
        wanted = [p.rstrip("/") for p in only]
        found = [d for d in found if any(d.path == w or d.path.startswith(w + "/") or w in ("", ".")
                                         for w in wanted)]
    return LintResult(index, found, date)


def changed_since(result: LintResult, ref: str) -> LintResult:
    """Pull-request mode: keep the diagnostics in files changed since the merge base with `ref`
    (uncommitted and untracked files included, renames followed), plus those in unchanged files
    that the change caused: the ones the same rules did not find in the merge base's files (a
    deleted person still referenced, a removed tag still used). Raises history.GitError."""
    from .history import changed_files, read_tree  # git only in pull-request mode

    root = result.index.root
    changes = changed_files(root, ref)
    base_files = read_tree(root, changes.base, FOLDERS)
    base = build_index(root, result.index.config, loader=_load_blobs(base_files))
    # An unchanged file reads the same as in the base, so a diagnostic at the same place with
    # the same code was there before the change (messages may differ: "did you mean" hints).
    before = {(d.path, d.line, d.column, d.code) for d in rules.run(base, result.as_of)}
    kept = [d for d in result.diagnostics
            if d.path in changes.changed or (d.path, d.line, d.column, d.code) not in before]
    return LintResult(result.index, kept, result.as_of)


def _load_blobs(files: dict[str, bytes]) -> Iterator[tuple[Document, list[Diagnostic]]]:
    for rel, raw in sorted(files.items()):
        kind, _ = classify(rel)
        if kind is None:
            continue
        loaded = yamlio.load(raw, rel)
        problems = list(loaded.diagnostics)
        if loaded.data is not None:
            problems.extend(schemas.validate(kind, loaded))
        valid = loaded.data is not None and not problems
        yield Document(kind, rel, loaded, valid=valid), problems
