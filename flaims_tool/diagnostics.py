"""The one problem type: every check in flaims reports a `Diagnostic`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

# Messages quote user values only up to this length: a CI log must never carry a private
# plan's text, and a long value adds nothing to "what is wrong here".
_QUOTE_LIMIT = 40


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a place in a file: `path:line:column`, counted from 1."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = ERROR
    hint: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }
        if self.hint:
            d["hint"] = self.hint
        return d

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"


def quote(value: object) -> str:
    """A short, safe rendering of a user value for a message."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", " ").replace("\r", " ")
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1] + "…"
    return f"'{text}'"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` for a close match, else an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {quote(matches[0])}?" if matches else ""


@dataclass
class Summary:
    files: int
    errors: int
    warnings: int

    @classmethod
    def of(cls, files: int, diagnostics: Iterable[Diagnostic]) -> Summary:
        diags = list(diagnostics)
        errors = sum(1 for d in diags if d.severity == ERROR)
        return cls(files=files, errors=errors, warnings=len(diags) - errors)
