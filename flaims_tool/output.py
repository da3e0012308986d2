"""Output formats, one shape for every command: a registry of name -> formatter, each with the
few words the `--format` option's help says of it. Commands derive their choices from it
(`cli.format_option`), so a format is added in one place: its formatter and one entry here."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Formatter = Callable[..., str]


class Formats(dict[str, Formatter]):
    """`Formats(text=(as_text, "for people"), json=(as_json, "for tools"))`: a mapping of
    name -> formatter, in the order given, with the option's help."""

    def __init__(self, **formats: tuple[Formatter, str]) -> None:
        super().__init__((name, render) for name, (render, _) in formats.items())
        self.help = ", ".join(f"{name} {words}" for name, (_, words) in formats.items()) + "."


def md_text(value: str) -> str:
    """User text inside a Markdown output (a table cell, a list item): on one line, and every
    character that could start markup escaped, so a title is shown, never interpreted."""
    out = " ".join(value.split())
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def to_json(report: Any) -> str:
    """The json format of every report with a `to_dict()` (its keys are formats.md's)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
