"""The handbook at the sizes people read it: 1440 and 1920 px wide screens and a 390 px phone.

Every table of the main pages fits its column (its scroll width is not larger than its box);
the ladder matrix shows all five levels at 1440 px, and a phone gets one competency at a time
with its levels stacked. Screenshots are left under the session's tmp folder (path printed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import Run
from .test_browser import Watched, browser, chromium, serve  # noqa: F401 (fixtures used below)
from .test_handbook_security import Elements

WIDTHS = (1440, 1920, 390)
# The width of every table and of the box Material wraps it in (which scrolls when it must).
_TABLES = """() => Array.from(document.querySelectorAll('article table')).map(t => {
  const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
  return {table: [t.scrollWidth, t.clientWidth], box: [box.scrollWidth, box.clientWidth],
          text: t.innerText.slice(0, 40)};
})"""


@pytest.fixture(scope="module")
def site(built_demo: Path) -> Iterator[str]:
    server, base = serve(built_demo / "site")
    yield base
    server.shutdown()
    server.server_close()


def main_pages(built_demo: Path) -> dict[str, str]:
    public = sorted(p.stem for p in (built_demo / "plans").glob("*.yaml")
                    if yaml.safe_load(p.read_text("utf-8")).get("visibility") == "public")
    pages = {f"ladder-{p.stem}": f"ladders/{p.stem}.html"
             for p in sorted((built_demo / "ladders").glob("*.yaml"))}
    pages.update({"overflow": "overflow.html", "tag": "tags/deployment.html",
                  "plan": f"plans/{public[0]}.html", "format": "format.html",
                  "failures": "failures.html", "retros": "retros.html",
                  "experiments": "experiments.html", "home": "index.html"})
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_table_of_the_main_pages_fits_without_scrolling(
        browser: Any, site: str, built_demo: Path, width: int,  # noqa: F811
        tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp(f"layout-{width}")
    watched = Watched(browser, site)
    watched.page.set_viewport_size({"width": width, "height": 1000})
    checked = 0
    for name, rel in main_pages(built_demo).items():
        page = watched.open(site + rel)
        for table in page.evaluate(_TABLES):
            checked += 1
            assert table["table"][0] <= table["table"][1] + 1, (width, rel, table)
            assert table["box"][0] <= table["box"][1] + 1, (width, rel, table)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    assert checked >= 10
    assert watched.errors == [] and watched.external == []
    watched.page.close()
    print(f"\nscreenshots at {width} px: {folder}")


@pytest.mark.browser
@pytest.mark.parametrize("width", (1440, 1920))
def test_the_ladder_matrix_shows_all_five_levels(browser: Any, site: str,  # noqa: F811
                                                 built_demo: Path, width: int) -> None:
    ladder = yaml.safe_load((built_demo / "ladders/engineering.yaml").read_text("utf-8"))
    assert len(ladder["levels"]) == 5
    watched = Watched(browser, site)
    watched.page.set_viewport_size({"width": width, "height": 1000})
    page = watched.open(site + "ladders/engineering.html")
    matrix = page.locator("table.flaims-matrix")
    content = page.locator("article").bounding_box()
    assert content is not None
    headings = matrix.locator("thead th")
    assert headings.count() == 6
    for i, level in enumerate(ladder["levels"], 1):
        box = headings.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= content["x"] + content["width"] + 1
        assert headings.nth(i).inner_text().split("\n")[0].startswith(level["title"])
    watched.page.close()


@pytest.mark.browser
def test_a_phone_gets_one_competency_at_a_time(browser: Any, site: str,  # noqa: F811
                                               built_demo: Path) -> None:
    ladder = yaml.safe_load((built_demo / "ladders/engineering.yaml").read_text("utf-8"))
    watched = Watched(browser, site)
    watched.page.set_viewport_size({"width": 390, "height": 844})
    page = watched.open(site + "ladders/engineering.html")
    matrix = page.locator("table.flaims-matrix")
    assert not matrix.locator("thead").is_visible()
    first = matrix.locator("tbody tr").first
    cells = first.locator("td")
    assert cells.count() == len(ladder["levels"])
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    # Stacked: each level below the one before, each as wide as the card.
    assert all(b is not None for b in boxes)
    ys = [b["y"] for b in boxes if b]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    comp = ladder["competencies"][0]
    for i, level in enumerate(ladder["levels"]):
        shown = cells.nth(i).evaluate("c => getComputedStyle(c, '::before').content")
        assert shown == f'"{level["title"]} ({level["id"]})"'
        assert cells.nth(i).inner_text().strip() == comp["thresholds"][level["id"]]["name"]
    watched.page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_overflow_status_has_a_heading_and_whole_badges(browser: Any, site: str,  # noqa: F811
                                                        width: int) -> None:
    watched = Watched(browser, site)
    watched.page.set_viewport_size({"width": width, "height": 1000})
    page = watched.open(site + "overflow.html")
    table = page.locator("article table").first
    headings = [h.strip().rstrip("⇅ ").strip() for h in table.locator("thead th").all_inner_texts()]
    assert headings[-1] == "Status"
    badges = table.locator(".flaims-badge")
    assert badges.count() >= 1
    texts = set()
    for i in range(badges.count()):
        badge = badges.nth(i)
        fits = badge.evaluate("b => b.scrollWidth <= b.clientWidth + 1 && "
                              "b.getBoundingClientRect().right <= "
                              "b.closest('td').getBoundingClientRect().right + 1")
        assert fits, (width, badge.inner_text())
        texts.add(badge.inner_text())
    assert "recurring despite curriculum" in texts
    watched.page.close()


def test_the_matrix_html_keeps_level_and_threshold_text_as_data(flaims: Run,
                                                               demo_repo: Path) -> None:
    """The matrix is raw HTML: user text in it (and in its attributes) stays text."""
    path = demo_repo / "ladders/engineering.yaml"
    ladder = yaml.safe_load(path.read_text("utf-8"))
    hostile = 'Lead" onmouseover="alert(1)" x="<script>alert(2)</script>'
    ladder["levels"][0]["title"] = hostile
    ladder["competencies"][0]["thresholds"]["e1"]["name"] = "<img src=x onerror=alert(3)>"
    path.write_text(yaml.safe_dump(ladder, sort_keys=False, allow_unicode=True), "utf-8")
    assert flaims("build", repo=demo_repo).exit_code == 0
    elements = Elements()
    elements.feed((demo_repo / "site/ladders/engineering.html").read_text("utf-8"))
    cells = [attrs for tag, attrs in elements.elements if tag == "td" and "data-level" in attrs]
    assert cells[0]["data-level"] == f"{hostile} (e1)"
    assert not any(name.startswith("on") for _, attrs in elements.elements for name in attrs)
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in elements.elements)
    assert all("alert" not in s for s in elements.scripts)
