"""Every page's "Last changed … source …" line names the file(s) the page is generated from, and
the change it reports is theirs (checked over every page of the demo against git itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flaims_tool.handbook.sources import describe

from .conftest import BUILT_DEMO_EDITED, git
from .test_handbook import page

# Pages about one document, and the file each is generated from.
_OWN = [
    (re.compile(r"^failures/(.+)\.html$"), "failures/{y}/{0}.yaml"),
    (re.compile(r"^retros/(.+)\.html$"), "retros/{y}/{0}.yaml"),
    (re.compile(r"^curriculum/(.+)\.html$"), "curriculum/{0}.yaml"),
    (re.compile(r"^plans/(.+)\.html$"), "plans/{0}.yaml"),
    (re.compile(r"^ladders/([^/]+)/[^/]+\.html$"), "ladders/{0}.yaml"),
    (re.compile(r"^ladders/([^/]+)\.html$"), "ladders/{0}.yaml"),
    (re.compile(r"^tags/[^/]+\.html$"), "failures/tags.yaml"),
]
_LINE = re.compile(r"^Last changed on (\d{4}-\d\d-\d\d) by (.+?)"
                   r"(?: · source (\S+)| \((\S+)\) · sources:? (.+))$")


def own_file(rel: str) -> str | None:
    for pattern, template in _OWN:
        m = pattern.match(rel)
        if m:
            groups = m.groups()
            return template.format(*groups, y=groups[0][:4] if groups else "")
    return None


def last_change(repo: Path, path: str) -> str:
    return git(repo, "log", "-1", "--format=%as", "--", path).strip()


def test_every_page_names_its_own_files_and_their_last_change(built_demo: Path) -> None:
    site = built_demo / "site"
    checked = own = 0
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        if rel in ("404.html", "contributing.html", "format.html"):
            continue
        history = page(site, rel).history
        m = _LINE.match(history)
        assert m, (rel, history)
        date, _, single, changed, many = m.groups()
        changed = single or changed
        assert (built_demo / changed).is_file(), rel
        assert date == last_change(built_demo, changed), rel
        expected = own_file(rel)
        if expected is not None:
            assert single == expected, (rel, history)  # the page's own file, and only it
            own += 1
        elif many:
            named = [n.strip() for n in many.split(",")]
            folders = [re.sub(r"^(\d+ files?|\d+) in ", "", n) for n in named]
            # The file that changed last is one of those named (or in a folder named).
            assert changed in folders or any(changed.startswith(f) for f in folders), rel
            for name in folders:
                assert (built_demo / name).exists(), (rel, name)
                if not name.endswith("/"):  # a named file changed no later than the one shown
                    assert last_change(built_demo, name) <= date, (rel, name)
        checked += 1
    assert own > 100 and checked > own


def test_a_competency_page_is_not_dated_by_a_failure_it_lists(built_demo: Path) -> None:
    """The edited failure report (2026-05-04) is listed on competency pages; their source is
    the ladder (2026-03-01)."""
    site = built_demo / "site"
    edited = Path(BUILT_DEMO_EDITED).stem
    listing = [p for p in (site / "ladders").rglob("*.html")
               if p.parent != site / "ladders" and f"{edited}.html" in p.read_text("utf-8")]
    assert listing
    for html_file in listing:
        history = page(site, html_file.relative_to(site).as_posix()).history
        assert history.startswith("Last changed on 2026-03-01 by Alice Ng · source ladders/")
    assert page(site, "failures.html").history.startswith(
        f"Last changed on 2026-05-04 by Amara Okafor ({BUILT_DEMO_EDITED}) · sources: ")


@pytest.mark.parametrize(("sources", "named"), [
    (["a/x.yaml"], {"files": ["a/x.yaml"], "folders": []}),
    (["b/y.yaml", "a/x.yaml", "a/x.yaml"], {"files": ["a/x.yaml", "b/y.yaml"], "folders": []}),
    (["f/1", "f/2", "f/3", "r/1"], {"files": [], "folders": [("f/", 3), ("r/", 1)]}),
])
def test_sources_are_named_or_counted_by_folder(sources: list[str],
                                                named: dict[str, object]) -> None:
    assert describe(sources) == named


def test_plurals_agree(built_demo: Path) -> None:
    docs = built_demo / ".flaims/handbook/docs"
    text = "\n".join(p.read_text("utf-8") for p in docs.rglob("*.md"))
    assert not re.search(r"(?<![\d.,])1 (retros|reports|failure reports|days|levels|files|"
                         r"experiments are|minutes|ladders|competencies)\b", text)
    home = (docs / "index.md").read_text("utf-8")
    assert re.search(r"\d+ failure reports · \d+ retros · \d+ curriculum modules · 2 ladders",
                     home)
