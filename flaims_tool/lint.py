"""`lint`: load the whole repository, run every rule, keep what the caller asked about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import rules
from .diagnostics import ERROR, Diagnostic, Summary
from .workspace import Index, build_index


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
