"""The learning loop in a real browser (headless Chromium): verdict badges on the curriculum
pages, the before/after split of a module's case studies, the closed-cycle rate and the folded
outcomes of the experiments tracker, and a retro's review of last time's experiments.
Screenshots are left under the session's tmp folder (the path is printed) to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_browser import Watched, browser, chromium, demo_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_curriculum_index_shows_every_verdict(browser: Any, demo_site: str) -> None:  # noqa: F811
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "curriculum.html")
    rows = page.locator("article table tbody tr")
    assert rows.count() == 7
    verdicts = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        verdicts[cells.nth(0).inner_text()] = (cells.nth(1).inner_text(), cells.nth(2).inner_text())
    assert verdicts["Safe schema migrations"] == ("not working", "3 → 1.1")
    assert verdicts["Designing for vendors that fail"] == ("too early", "3 → 3.9")
    assert verdicts["Reviewing for risk, not for style"] == ("no baseline", "0 → 0")
    assert verdicts["Keeping environments honest"] == ("working", "3 → 0.4")
    badge = page.locator("article .flaims-not-working")
    assert badge.count() == 1 and badge.is_visible()
    # A red badge, not just a word: the class the stylesheet colours.
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(198, 40, 40)"
    left = page.locator("article .flaims-left")
    assert left.count() == 1 and left.inner_text() == "owner has left"
    assert watched.errors == [] and watched.external == []
    watched.page.close()


def test_module_page_splits_its_case_studies(browser: Any, demo_site: str) -> None:  # noqa: F811
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "curriculum/safe-schema-migrations.html")
    assert page.locator("article .flaims-not-working").first.inner_text() == "not working"
    assert page.locator("article .flaims-left").first.is_visible()
    headings = [h.rstrip("¶") for h in page.locator("article h3").all_inner_texts()]
    assert "After the module was written (4)" in headings
    assert "Before the module was written (3)" in headings
    after = page.locator("h3:has-text('After the module was written') + * table")
    assert after.locator("tbody tr").count() == 4
    assert "2026-09-08" in after.inner_text() and "2025-09-16" not in after.inner_text()
    before = page.locator("h3:has-text('Before the module was written') + * table")
    assert "2025-09-16" in before.inner_text()
    stats = page.locator("article table").first.inner_text()
    assert "4 in 331 days" in stats and "1.1" in stats
    watched.page.close()


def test_experiments_tracker_shows_the_closed_cycle_rate(browser: Any,  # noqa: F811
                                                         demo_site: str) -> None:  # noqa: F811
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "experiments.html")
    intro = page.locator("h2:has-text('Cycle closed') + p").inner_text()
    assert "Of the 44 experiments whose review was due" in intro
    assert "42 were reviewed with an outcome: 95%" in intro
    teams = page.locator("h2:has-text('Cycle closed') ~ div table").first.inner_text()
    assert "payments\t13\t12\t92%" in teams and "data\t10\t10\t100%" in teams
    # Unreviewed come first, right after the rates.
    headings = [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    assert headings[:4] == ["Cycle closed", "Not reviewed (2)", "Overdue (2)", "Open (6)"]
    folds = page.locator("details.flaims-fold")
    assert folds.all_inner_texts()[0].startswith("Done, worked (34)")
    first = folds.first
    assert not first.locator("table").is_visible()  # folded away
    first.locator("summary").click()
    assert first.locator("table").is_visible()
    assert first.locator("tbody tr").count() == 34
    assert first.locator("a[href$='.html']").count() >= 34  # links rewritten for raw HTML
    assert watched.errors == [] and watched.external == []
    watched.page.close()


def test_retro_reviews_last_times_experiments(browser: Any, demo_site: str) -> None:  # noqa: F811
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "retros/2026-09-25-payments-september.html")
    table = page.locator("h2:has-text('Experiments from last time') ~ div table").first
    text = table.inner_text()
    assert "not reviewed" in text and "partly worked" in text and "worked" in text
    assert table.locator(".flaims-unreviewed").count() == 1
    assert "1 of them was due by this retro and has no outcome" in page.locator(
        "h2:has-text('Experiments from last time') + p").inner_text()
    watched.page.close()


def test_charts_mark_when_a_module_came(browser: Any, demo_site: str) -> None:  # noqa: F811
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "tags/unsafe-migration.html")
    mark = page.locator("svg.flaims-svg line.flaims-mark")
    assert mark.count() == 1
    assert mark.locator("title").text_content() == "safe-schema-migrations introduced"
    page = watched.open(demo_site + "overflow.html")
    assert page.locator("#overflow-unsafe-migration line.flaims-mark").count() == 1
    assert page.locator("#overflow-alert-gap line.flaims-mark").count() == 0  # uncovered
    watched.page.close()


def test_screenshots_of_the_loop_pages(browser: Any, demo_site: str,  # noqa: F811
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    folder: Path = tmp_path_factory.mktemp("loop-screenshots")
    shots = {"curriculum": "curriculum.html", "module": "curriculum/safe-schema-migrations.html",
             "experiments": "experiments.html",
             "retro": "retros/2026-09-25-payments-september.html", "home": "index.html"}
    watched = Watched(browser, demo_site)
    for name, rel in shots.items():
        watched.open(demo_site + rel).screenshot(path=str(folder / f"{name}.png"),
                                                 full_page=True)
        assert (folder / f"{name}.png").stat().st_size > 20_000, name
    assert watched.errors == [] and watched.external == []
    watched.page.close()
    print(f"\nscreenshots: {folder}")
