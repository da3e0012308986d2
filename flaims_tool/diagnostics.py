"""The one problem type: every check in flaims reports a `Diagnostic`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"

# Messages quote user values only up to this length: a CI log must never carry a private
# plan's text, and a long value adds nothing to "what is wrong here".
_QUOTE_LIMIT = 40
# C0 and C1 controls, DEL, line and paragraph separators, and the lone surrogates a file name
# that is not UTF-8 decodes to: never printed as they are (a newline in a file name could start
# a `::error` workflow command at the beginning of a CI log line).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """A path (or other user text) safe to print on one line: controls escaped as `\\xNN`."""
    return _UNPRINTABLE.sub(_escaped, text)


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

    def row(self) -> tuple[str, int, int, str, str, str, str | None]:
        """As plain data for the caches (marshal keeps tuples of strings and numbers)."""
        return (self.path, self.line, self.column, self.code, self.message, self.severity,
                self.hint)

    def order(self) -> tuple[str, int, int, str, str, str]:
        """The sort key the dataclass's own order compares: a tuple per diagnostic rather than
        two per comparison (sorting 3,500 diagnostics cost 0.01 s through `__lt__`)."""
        return self.path, self.line, self.column, self.code, self.message, self.severity

    @classmethod
    def from_row(cls, row: Any) -> Diagnostic:
        """Back from `row()`; a damaged row raises TypeError (the caches then read nothing)."""
        return cls(*row)

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "path": shown(self.path),
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
        return f"{shown(self.path)}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"


def quote(value: object) -> str:
    """A short, safe rendering of a user value for a message."""
    text = value if isinstance(value, str) else repr(value)
    text = shown(text.replace("\n", " ").replace("\r", " "))
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
