"""The `# yaml-language-server: $schema=…` line editors read: found in a file's text, and
checked against the repository's schema for the file's kind.

A line copied into a deeper folder (`../../schemas/…` in `failures/2026/q1/`) no longer
resolves; the editor says "Unable to load schema" and checks nothing, so lint says so too.
"""

from __future__ import annotations

import posixpath
import re

from .diagnostics import WARNING, Diagnostic, quote

# As yaml-language-server reads it: a comment line naming the server, then `$schema=<ref>`.
_LINE = re.compile(r"^[ \t]*#[ \t]*yaml-language-server[ \t]*:.*?\$schema=(\S*)", re.MULTILINE)
SCHEMA_ID = "https://flaims.dev/schemas/v1/{kind}.schema.json"

Modeline = tuple[str, int, int]  # the reference, and the line and column where it starts


def find(text: str) -> Modeline | None:
    if "$schema=" not in text:  # C-speed test: most files have no such line
        return None
    m = _LINE.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start(1)) + 1
    return m.group(1), line, m.start(1) - (text.rfind("\n", 0, m.start(1)) + 1) + 1


def expected(rel: str, kind: str) -> str:
    """The reference that resolves from `rel` to the repository's schema for `kind`."""
    return posixpath.relpath(f"schemas/{kind}.schema.json", posixpath.dirname(rel) or ".")


def check(rel: str, kind: str, modeline: Modeline | None) -> Diagnostic | None:
    if modeline is None:
        return None
    ref, line, col = modeline
    if ref == SCHEMA_ID.format(kind=kind):
        return None
    if "://" not in ref:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), ref))
        if target == f"schemas/{kind}.schema.json":
            return None
    right = expected(rel, kind)
    return Diagnostic(
        rel, line, col, "schema-line",
        f"$schema={quote(ref)[1:-1]} is not this repository's {kind} schema; editors cannot check "
        "the file with it",
        severity=WARNING,
        hint=f"write $schema={right}, or remove the line (.vscode/settings.json gives every file "
             "its schema)")
