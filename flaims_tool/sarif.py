"""SARIF 2.1.0 output for `flaims lint --format sarif`, so GitHub code scanning (and any other
SARIF viewer) shows the diagnostics next to the lines they are about.

One run, one tool (`flaims`) whose rules are the lint rule registry: `id` is the rule code, the
short description its summary, the help its `why`. Each diagnostic becomes a result with a
physical location relative to the repository root (`uriBaseId` `%SRCROOT%`), so uploads made from
any checkout folder line up with the repository's files, and `partialFingerprints` that do not
depend on line numbers, so code scanning keeps tracking an alert when lines above it move.
A run that cannot start (a broken flaims.yaml) is still a valid log: no results, and the reason
as a tool execution notification.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from . import __version__
from .diagnostics import ERROR, Diagnostic, Summary, shown

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# The partial fingerprint's name: versioned, since a change in how it is made re-opens alerts.
FINGERPRINT = "flaimsFinding/v1"
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


def _fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """A fingerprint per diagnostic from what it says and where (file, rule, message), never the
    line: an edit elsewhere in the file leaves it alone. Equal ones are told apart by their order."""
    seen: dict[str, int] = {}
    out = []
    for d in diagnostics:
        digest = hashlib.sha256(f"{d.path}\0{d.code}\0{d.message}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "flaims", "version": __version__, "semanticVersion": __version__,
            "informationUri": "https://github.com/flaims/flaims", "rules": rules}


def log(diagnostics: list[Diagnostic], summary: Summary) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = _rule_descriptors({d.code for d in diagnostics})
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d, fingerprint in zip(diagnostics, _fingerprints(diagnostics), strict=True):
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
            "partialFingerprints": {FINGERPRINT: fingerprint},
        })
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": _driver(rules)},
            "invocations": [{"executionSuccessful": True}],
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


# `path:line:column: ` at the start of a message (how ConfigError names the place).
# The first "path:line:col: " a message names (a flaims.yaml with several problems lists one a line).
PLACE = re.compile(r"^\s*(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): ", re.M)


def failed_log(message: str, exit_code: int = 2) -> dict[str, Any]:
    """The SARIF log of a run that could not start: no results, the reason as a notification
    (pointing at the file and place when the message names them, as `flaims.yaml:3:5: …`)."""
    notification: dict[str, Any] = {"level": "error", "message": {"text": message},
                                    "descriptor": {"id": "configuration"}}
    m = PLACE.search(message)
    if m:
        notification["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(m["path"]), "uriBaseId": SRCROOT},
            "region": {"startLine": max(int(m["line"]), 1), "startColumn": max(int(m["column"]), 1)},
        }}]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": _driver([])},
            "invocations": [{"executionSuccessful": False, "exitCode": exit_code,
                             "toolExecutionNotifications": [notification]}],
            "results": [],
        }],
    }
