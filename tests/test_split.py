"""Pages that scale: every listing (failures and retros by date, severity and team, a tag's
reports, a module's case studies, a competency's failures, the experiments tracker, the plans
and the people directory) is split into parts of at most `ROWS_PER_PAGE` rows, so no generated
page grows with the repository (the bound documented in split.py: about 6,000 search tokens,
well under the 16,384 Zensical's search accepts). Checked over every page at 10,000 generated
documents."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flaims_tool.handbook import pages as pages_mod
from flaims_tool.handbook import split as split_mod
from flaims_tool.handbook.build import load_history
from flaims_tool.handbook.pages import people as people_mod
from flaims_tool.handbook.render import render
from flaims_tool.handbook.split import ROWS_PER_PAGE, pager, part_path, split
from flaims_tool.lint import lint

from .conftest import PROJECT, Run, git
from .test_handbook_scale import organisation

LISTINGS = ("failures.md", "failures-by-severity.md", "failures-by-team.md", "retros.md",
            "retros-by-team.md")
TOKEN_BOUND = 8_192  # what a test allows a part; ROWS_PER_PAGE keeps it near 6,000


def test_split_keeps_headings_and_continues_a_group_on_the_next_part() -> None:
    groups = [("2026", [(f"r{i}", f"f/{i}") for i in range(3)]), ("2025", [("r3", "f/3")])]
    parts = split("failures.md", groups, rows_per_page=2)
    assert [p.path for p in parts] == ["failures.md", "failures-page-2.md"]
    assert parts[0].groups == [("2026", ["r0", "r1"])]
    assert parts[1].groups == [("2026", ["r2"]), ("2025", ["r3"])]
    assert parts[1].sources == ["f/2", "f/3"]
    assert pager(parts, parts[1])["parts"][0] == {
        "number": 1, "target": "failures.md", "current": False, "first": "2026", "last": "2026"}
    assert [p.path for p in split("retros.md", [])] == ["retros.md"]  # empty: one part
    assert part_path("failures-by-team.md", 3) == "failures-by-team-page-3.md"


def test_a_long_listing_builds_as_linked_parts(flaims: Run, tmp_path: Path) -> None:
    root = organisation(tmp_path / "org", 2 * ROWS_PER_PAGE + 50)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "reports")
    result = flaims("build", "--strict", repo=root)  # a broken pager link fails --strict
    assert result.exit_code == 0, result.output
    docs = root / ".flaims/handbook/docs"
    parts = sorted(docs.glob("failures*.md"))
    by_date = [docs / "failures.md", docs / "failures-page-2.md", docs / "failures-page-3.md"]
    assert all(p in parts for p in by_date) and not (docs / "failures-page-4.md").exists()
    seen: list[str] = []
    for part in by_date:
        text = part.read_text("utf-8")
        rows = re.findall(r"<a href=\"failures/([0-9a-z-]+)\.html\">", text)
        assert len(rows) <= ROWS_PER_PAGE
        seen += rows
        assert "Part " in text and " of 3:" in text
    reports = sorted(p.stem for p in (root / "failures").rglob("*-*.yaml"))
    assert sorted(seen) == reports  # every report once, none twice
    html = (root / "site/failures-page-2.html").read_text("utf-8")
    assert 'href="failures.html"' in html and 'href="failures-page-3.html"' in html
    # Only part 1 is in the navigation.
    assert "failures-page-2.html" not in (root / "site/failures-by-team.html").read_text("utf-8")


def words(markdown: str) -> int:
    """Search tokens of a page, roughly: the words of its text, without link targets or markup."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"<[^>]+>", " ", text)
    return len(re.findall(r"\w+", text))


def test_split_tag_module_and_experiments_pages_build_as_linked_parts(
        flaims: Run, demo_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo with parts of 3 rows: a tag's reports, a module's case studies, a competency's
    failures, the experiments tracker and the people directory split, and --strict (which fails
    on a broken link) builds them."""
    monkeypatch.setattr(split_mod, "ROWS_PER_PAGE", 3)
    monkeypatch.setattr(people_mod, "DIRECTORY_ROWS", 3)
    result = flaims("build", "--strict", repo=demo_repo)
    assert result.exit_code == 0, result.output
    docs = demo_repo / ".flaims/handbook/docs"
    for first in ("experiments.md", "directory.md", "people.md"):
        assert (docs / part_path(first, 2)).exists(), first
    for folder in ("tags", "curriculum", "ladders/engineering"):
        split_pages = sorted((docs / folder).glob("*-page-2.md"))
        assert split_pages, folder
        later = split_pages[0].read_text("utf-8")
        first_part = (docs / folder / split_pages[0].name.replace("-page-2", "")).read_text("utf-8")
        assert "Part 2 of " in later and "part 1" in later
        # The summary (a tag's chart, a module's objectives, a competency's levels): part 1 only.
        summary = {"tags": "## Trend", "curriculum": "## Objectives",
                   "ladders/engineering": "## Apprentice"}[folder]
        assert summary in first_part and summary not in later
    # Every experiment once over the tracker's parts, and a person's link goes to their part.
    site = demo_repo / "site"
    assert 'href="experiments.html"' in (site / "experiments-page-2.html").read_text("utf-8")
    directory = (docs / "directory-page-2.md").read_text("utf-8")
    pid = re.search(r'<a id="([a-z0-9-]+)"></a>', directory)
    assert pid
    linked = [p.read_text("utf-8") for p in docs.rglob("*.md")]
    # in Markdown links and in the tables' HTML ones (tables.py)
    assert any(re.search(rf"directory-page-2\.(md|html)#{pid[1]}[)\"]", t) for t in linked)
    assert not any(re.search(rf"directory\.(md|html)#{pid[1]}[)\"]", t) for t in linked)


def render_page(page: pages_mod.Page) -> str:
    return render(page.template, {**page.context, "page": page.path, "title": page.title,
                                  "as_of": "", "organisation": "", "site_title": "",
                                  "history": False, "history_note": ""})


@pytest.mark.slow
def test_no_page_exceeds_the_bound_at_10k_documents(tmp_path: Path) -> None:
    began = time.monotonic()
    org = tmp_path / "org"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks/generate.py"), "--size", "10000",
                    str(org)], capture_output=True, text=True, check=True)
    result = lint(org)
    assert not result.failed()
    index = result.index
    site = pages_mod.Site(index, result.as_of, pages_mod.Changes(index, load_history(org, index)))
    every = list(pages_mod.build_pages(site))
    paths = {p.path for p in every}
    assert paths >= set(LISTINGS)
    listing = [p for p in every
               if re.fullmatch(r"(failures|retros)(-by-[a-z]+)?(-page-\d+)?\.md", p.path)]
    assert len(listing) > 20  # 10k documents do not fit five pages
    # The pages that were one page each before they were split.
    for first in ("experiments.md", "directory.md", "tags/capacity.md"):
        assert part_path(first, 2) in paths, first
    largest = (0, "")
    for page in every:
        size = words(render_page(page))
        largest = max(largest, (size, page.path))
        assert size <= TOKEN_BOUND, page.path
        if "groups" in page.context:
            assert sum(len(rows) for _, rows in page.context["groups"]) <= ROWS_PER_PAGE
    print(f"\n{len(every)} pages at 10k documents in {time.monotonic() - began:.0f} s; the "
          f"largest, {largest[1]}, has {largest[0]} words")
