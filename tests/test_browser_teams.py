"""A team page and the people directory of the built demo, in headless Chromium: a person's
link on a team page lands on their entry in the directory; alumni are marked; screenshots are
left under the session's tmp folder (the path is printed) to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import PROJECT
from .test_browser import Watched, browser, chromium, demo_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_team_page_links_its_only_keeper_to_the_directory(
        browser: Any, demo_site: str, tmp_path_factory: pytest.TempPathFactory) -> None:  # noqa: F811
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "teams/mobile.html")
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == "Mobile"
    people = page.locator("article table").first.inner_text()
    assert "Lucas Moreau" in people and "Senior Engineer (e3)" in people
    assert "Nadia Haddad" not in people  # she has left: not in the team any more
    single = page.locator("article table").nth(1).inner_text()
    assert "Keeping environments honest" in single and "Lucas Moreau" in single
    shots = tmp_path_factory.mktemp("team-screenshots")
    page.screenshot(path=str(shots / "team-mobile.png"), full_page=True)
    page.locator("article table").nth(1).get_by_role("link", name="Lucas Moreau").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("directory.html#lucas-moreau")
    entry = page.locator("a#lucas-moreau")
    assert entry.count() == 1
    heading = page.locator("h2", has_text="Lucas Moreau")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled to the person's entry
    assert watched.errors == [] and watched.external == []
    watched.page.close()
    print(f"\nscreenshots: {shots}")


def test_people_directory_marks_alumni_and_links_public_plans_only(
        browser: Any, demo_site: str, tmp_path_factory: pytest.TempPathFactory) -> None:  # noqa: F811
    people = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((PROJECT / "people").glob("*.yaml"))]
    plans = {p.stem: yaml.safe_load(p.read_text("utf-8"))["visibility"]
             for p in (PROJECT / "plans").glob("*.yaml")}
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "directory.html")
    headings = [h.strip().rstrip("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert sorted(headings) == sorted(
        p["name"] + (" (has left)" if p["status"] == "alumni" else "") for p in people)
    assert page.locator("article .flaims-badge", has_text="Alumni").count() == 3
    plan_links = page.locator("article a[href*='plans/']")
    linked = sorted({Path(h).stem for h in
                     (plan_links.nth(i).get_attribute("href") for i in range(plan_links.count()))
                     if h})
    assert linked == sorted(pid for pid, v in plans.items() if v == "public")
    tomas = page.locator("article").inner_text().split("Tomas Lindqvist (has left)")[1]
    assert "Left without a keeper:" in tomas and "Safe schema migrations" in tomas
    assert "@" not in page.locator("body").inner_text()
    shots = tmp_path_factory.mktemp("directory-screenshots")
    page.screenshot(path=str(shots / "directory.png"), full_page=False)
    page.goto(demo_site + "directory.html#tomas-lindqvist", wait_until="networkidle")
    page.screenshot(path=str(shots / "directory-tomas.png"))
    page.goto(demo_site + "teams.html", wait_until="networkidle")
    page.screenshot(path=str(shots / "teams.png"), full_page=True)
    assert watched.errors == [] and watched.external == []
    watched.page.close()
    print(f"\nscreenshots: {shots}")
