"""Output formats for diagnostics, chosen by name: text, json, github, sarif."""

from __future__ import annotations

import json
from collections.abc import Callable

from .diagnostics import ERROR, Diagnostic, Summary, shown
from .output import Formats
from .sarif import sarif


def summary_line(summary: Summary) -> str:
    files = f"{summary.files} file{'s' if summary.files != 1 else ''} checked"
    if not summary.errors and not summary.warnings:
        return f"{files}: no problems"
    parts = [f"{summary.errors} error{'s' if summary.errors != 1 else ''}",
             f"{summary.warnings} warning{'s' if summary.warnings != 1 else ''}"]
    return f"{files}: {', '.join(parts)}"


def text(diagnostics: list[Diagnostic], summary: Summary, color: bool = False) -> str:
    lines = []
    for d in diagnostics:
        line = str(d)
        if color:
            tone = "31" if d.severity == ERROR else "33"
            line = line.replace(f" {d.severity} ", f" \x1b[{tone}m{d.severity}\x1b[0m ", 1)
        lines.append(line)
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    if diagnostics:
        lines.append("")
    lines.append(summary_line(summary))
    return "\n".join(lines)


def as_json(diagnostics: list[Diagnostic], summary: Summary, color: bool = False) -> str:
    return json.dumps(
        {
            "diagnostics": [d.to_dict() for d in diagnostics],
            "summary": {"files": summary.files, "errors": summary.errors,
                        "warnings": summary.warnings},
        },
        indent=2,
        ensure_ascii=False,
    )


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(diagnostics: list[Diagnostic], summary: Summary, color: bool = False) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == ERROR else "warning"
        message = d.message + (f" ({d.hint})" if d.hint else "")
        lines.append(
            f"::{level} file={_escape(shown(d.path), True)},line={d.line},col={d.column},"
            f"title={_escape('flaims ' + d.code, True)}::{_escape(shown(message))}"
        )
    lines.append(summary_line(summary))
    return "\n".join(lines)


Reporter = Callable[[list[Diagnostic], Summary, bool], str]
REPORTERS = Formats(text=(text, "for people"), json=(as_json, "for tools"),
                    github=(github, "for annotations"), sarif=(sarif, "for code scanning (github "
                                                                 "and sarif: paths from the top "
                                                                 "of the git repository, where "
                                                                 "the knowledge is in a "
                                                                 "sub-folder)"))
