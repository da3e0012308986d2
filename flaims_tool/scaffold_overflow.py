"""`flaims overflow --scaffold`: a curriculum module stub for each uncovered overflowing tag.

The stub passes the schema and every lint rule except `placeholder` and `no-owner`: each `TODO`
string is a thing a person must still write, and `flaims lint` fails until they have; until
then the stub covers no tag for Failure Overflow. The recurring reports
are listed as case studies in comments, since the curriculum format has no field for them.
Files are created exclusively: an existing file is never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .contract import COMPETENCY
from .errors import ScaffoldError
from .overflow import OverflowReport, Pattern
from .scaffold import create_file
from .workspace import Index

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_COMMENT_TEXT_LIMIT = 80


@dataclass(frozen=True)
class Written:
    path: str  # repository-relative, with /
    created: bool  # False: a file was already there and was kept


def stub_path(tag: str) -> str:
    """Where the module for a tag goes: the tag id is already a slug, so it is the module id."""
    return f"curriculum/{tag}.yaml"


def competencies(index: Index, tag: str) -> list[str]:
    """The tag's own competencies in the taxonomy, else those of its nearest ancestor."""
    for name in index.taxonomy.lineage(tag):
        found = index.taxonomy.tags.get(name, {}).get("competencies")
        refs = [c for c in found if isinstance(c, str) and COMPETENCY.match(c)] \
            if isinstance(found, list) else []
        if refs:
            return list(dict.fromkeys(refs))
    return []


def _comment_text(value: object) -> str:
    """User text made safe for one comment line: no line breaks or controls, and short."""
    text = " ".join(_UNPRINTABLE.sub(" ", str(value)).split())
    limit = _COMMENT_TEXT_LIMIT
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stubs_needed(index: Index, report: OverflowReport) -> list[tuple[Pattern, list[str]]]:
    """(pattern, tags its stub lists) for the uncovered overflowing tags, one stub per pattern.

    A parent that overflows only through one child (the same reports) is the child's pattern
    seen from higher up: one stub, named for the child, lists both, so the module written from
    it covers both and the same reports are not answered twice."""
    uncovered = report.uncovered
    deepest: dict[str, Pattern] = {}  # a parent tag -> the child pattern that answers it
    for p in uncovered:
        for c in uncovered:
            if c is not p and set(c.reports) == set(p.reports) \
                    and p.tag in index.taxonomy.lineage(c.tag):
                best = deepest.get(p.tag)
                if best is None or len(index.taxonomy.lineage(c.tag)) > \
                        len(index.taxonomy.lineage(best.tag)):
                    deepest[p.tag] = c
    found: list[tuple[Pattern, list[str]]] = []
    for p in uncovered:
        if p.tag in deepest:
            continue
        parents = [t for t in index.taxonomy.lineage(p.tag)[1:] if deepest.get(t) is p]
        found.append((p, [p.tag, *parents]))
    return found


def render(index: Index, report: OverflowReport, pattern: Pattern,
           tags: list[str] | None = None) -> str:
    """The stub's YAML text. Values are slugs, dates and fixed text; user text (report titles)
    appears only inside comments."""
    tag = pattern.tag
    tags = tags or [tag]
    lines = [
        f"# Curriculum module stub written by `flaims overflow --scaffold` on {report.as_of}.",
        f"# Failure Overflow: {pattern.count} reports tagged '{tag}' (with its sub-tags) within "
        f"{report.window_days} days",
        f"# (threshold {report.threshold}), and no module answered them yet. Replace every TODO;",
        "# `flaims lint` reports each one (code `placeholder`) until you have, and until then",
        "# the stub covers nothing: `flaims overflow --check` stays red.",
        "#",
        "# Case studies: the recurring reports this module answers. Read them before writing",
        "# the objectives, and use them in the exercises.",
    ]
    for parent in tags[1:]:
        lines.insert(lines.index("#"), f"# '{parent}' overflows only through '{tag}' (the same "
                     "reports): this one module answers both.")
    for report_id in pattern.reports:
        doc = index.get("failure", report_id)
        title = _comment_text(doc.title) if doc is not None else ""
        where = doc.path if doc is not None else report_id
        lines.append(f"#   - {where}" + (f": {title}" if title else ""))
    refs = competencies(index, tag)
    lines += [
        f"id: {tag}",
        f"title: TODO name the module that answers '{tag}' failures",
        "owners: []  # TODO: the people who keep this module current (ids from people/)",
        f"created: {report.as_of.isoformat()}",
        f"tags: [{', '.join(tags)}]",
    ]
    if refs:
        lines.append(f"competencies: [{', '.join(refs)}]")
    lines += [
        "objectives:",
        "  - TODO what a learner will be able to do afterwards",
        "exercises:",
        "  - title: TODO name the exercise",
        "    practice: TODO what exactly to do; specific, at the edge of current ability",
        "    feedback: TODO where fast, honest feedback comes from (a test, a report, a reviewer)",
        "",
    ]
    return "\n".join(lines)


def scaffold(index: Index, report: OverflowReport) -> Iterator[Written]:
    """Write a stub for every uncovered overflowing tag, one at a time (so what was written
    before a failure can be told); keep any file already there."""
    folder = index.root / "curriculum"
    if report.uncovered and folder.is_symlink():
        # flaims does not read through a symlinked folder, so it does not write through one.
        raise ScaffoldError("curriculum/ is a symbolic link; flaims does not write through it")
    for pattern, tags in stubs_needed(index, report):
        rel = stub_path(pattern.tag)
        path = index.root / rel
        # A module with this id may also be spelled .yml; either way it is the user's file.
        existing = [p for p in (path, path.with_suffix(".yml")) if p.exists() or p.is_symlink()]
        if existing:
            yield Written(existing[0].relative_to(index.root).as_posix(), False)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ScaffoldError(f"curriculum/: cannot make the folder ({e.strerror or e})") from e
        try:
            create_file(index.root, rel, render(index, report, pattern, tags).encode("utf-8"))
        except FileExistsError:  # appeared since the check: still the user's
            yield Written(rel, False)
            continue
        except OSError as e:
            raise ScaffoldError(f"{rel}: cannot write the stub ({e.strerror or e})") from e
        yield Written(rel, True)
