"""SARIF 2.1.0 output for `flaims lint --format sarif`, so GitHub code scanning (and any other
SARIF viewer) shows the diagnostics next to the lines they are about.

One run, one tool (`flaims`) whose rules are the lint rule registry: `id` is the rule code, the
short description its summary, the help its `why`. Each diagnostic becomes a result with a
physical location relative to the repository root (`uriBaseId` `%SRCROOT%`), so uploads made from
any checkout folder line up with the repository's files.
"""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .diagnostics import ERROR, Diagnostic, Summary, shown

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
# Where `flaims rules CODE` is documented for people reading the SARIF in a viewer.
_RULE_HELP = "Run `flaims rules {code}` for a passing and a failing example."


def _level(severity: str) -> str:
    return "error" if severity == ERROR else "warning"


def _uri(path: str) -> str:
    """A relative URI reference for a repository path (spaces and `%` escaped, `/` kept)."""
    from urllib.parse import quote

    # A name that is not UTF-8 keeps its bytes as lone surrogates: percent-encode those bytes.
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "replace")
    return quote(raw, safe="/")


def _rule_descriptors(used: set[str]) -> list[dict[str, Any]]:
    """Every registered rule, plus any code a diagnostic carries that the registry lacks."""
    from .rules import all_rules

    descriptors: list[dict[str, Any]] = []
    known: set[str] = set()
    for rule in all_rules():
        known.add(rule.code)
        why = rule.why or rule.summary
        descriptors.append({
            "id": rule.code,
            "name": _camel(rule.code),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": why},
            "help": {
                "text": f"{why}\n\n{_RULE_HELP.format(code=rule.code)}",
                "markdown": f"**{rule.summary}**\n\n{why}\n\n{_RULE_HELP.format(code=rule.code)}",
            },
            "defaultConfiguration": {"level": _level(rule.severity)},
            "properties": {"tags": ["flaims", rule.group]},
        })
    for code in sorted(used - known):
        descriptors.append({"id": code, "shortDescription": {"text": code}})
    return descriptors


def _camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def log(diagnostics: list[Diagnostic], summary: Summary) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = _rule_descriptors({d.code for d in diagnostics})
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d in diagnostics:
        text = shown(d.message + (f" (hint: {d.hint})" if d.hint else ""))
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _level(d.severity),
            "message": {"text": text},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(d.path), "uriBaseId": SRCROOT},
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                },
            }],
        })
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "flaims",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": rules,
                },
            },
            # flaims counts columns in characters, as the YAML loader does.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "files": summary.files, "errors": summary.errors, "warnings": summary.warnings,
            },
        }],
    }


def sarif(diagnostics: list[Diagnostic], summary: Summary, color: bool = False) -> str:
    """Reporter: the SARIF log as indented JSON."""
    return json.dumps(log(diagnostics, summary), indent=2, ensure_ascii=False)
