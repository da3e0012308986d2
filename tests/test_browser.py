"""The built handbook in a real browser: Debian's Chromium, headless, driven by Playwright.

Every page of the demo loads without console errors and without a single request that leaves
127.0.0.1; the search finds a failure report by a word of its summary; the ladder matrix shows
every threshold; a tag page shows its chart; hostile titles run no script. Screenshots of the
main pages are left under the session's tmp folder (the path is printed) to look at.

Without /usr/bin/chromium the tests skip on a developer's machine, and fail in CI.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BUILT_DEMO_EDITED, Run, need_tool
from .test_handbook_security import TITLE, plant_hostile_text

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Path:
    need_tool(CHROMIUM.exists(), f"headless Chromium ({CHROMIUM})", "sudo apt-get install chromium")
    return CHROMIUM


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def demo_site(built_demo: Path) -> Iterator[str]:
    server, base = serve(built_demo / "site")
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield instance
        instance.close()


class Watched:
    """A page that records console errors, page errors, dialogs and non-local requests."""

    def __init__(self, browser: Any, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self._request(r.url, base))
        self.page.on("dialog", self._dialog)

    def _request(self, url: str, base: str) -> None:
        if not url.startswith((base, "data:", "blob:")):
            self.external.append(url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str, settle: bool = True) -> Any:
        self.page.goto(url, wait_until="networkidle" if settle else "load")
        return self.page

    def search(self, words: str) -> None:
        """Type into Material's search box, key by key (as a person does)."""
        self.page.locator("label.md-search__icon, .md-search__input").first.click()
        self.page.locator("input.md-search__input").press_sequentially(words, delay=40)


def test_every_page_loads_offline_without_errors(browser: Any, demo_site: str,
                                                 built_demo: Path) -> None:
    site = built_demo / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 100
    watched = Watched(browser, demo_site)
    for rel in pages:
        watched.open(demo_site + rel, settle=False)
        assert watched.errors == [], rel
    watched.page.wait_for_load_state("networkidle")
    assert watched.errors == []
    assert watched.external == []
    watched.page.close()


def test_search_finds_a_failure_report_by_a_word_of_its_summary(
        browser: Any, demo_site: str, built_demo: Path) -> None:
    report = yaml.safe_load((built_demo / BUILT_DEMO_EDITED).read_text("utf-8"))
    index = json.loads((built_demo / "site/search/search_index.json").read_text("utf-8"))
    texts = [d["text"].lower() for d in index["docs"]]
    # The summary's rarest word, so the report is among the first results.
    words = {w for w in re.findall(r"[a-z]{6,}", report["summary"].lower())}
    word = min(sorted(words), key=lambda w: sum(w in t for t in texts))
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "index.html")
    watched.search(word)
    link = page.locator(f".md-search-result__item a[href*='failures/{report['id']}.html']")
    link.first.wait_for(state="visible", timeout=15000)
    assert watched.errors == [] and watched.external == []
    watched.page.close()


def test_ladder_matrix_shows_every_threshold_name(browser: Any, demo_site: str,
                                                  built_demo: Path) -> None:
    watched = Watched(browser, demo_site)
    for path in sorted((built_demo / "ladders").glob("*.yaml")):
        ladder = yaml.safe_load(path.read_text("utf-8"))
        page = watched.open(demo_site + f"ladders/{ladder['id']}.html")
        matrix = page.locator("article table").first
        assert matrix.is_visible()
        shown = matrix.inner_text()
        for comp in ladder["competencies"]:
            for level in ladder["levels"]:
                assert comp["thresholds"][level["id"]]["name"] in shown
    watched.page.close()


def test_tag_page_shows_its_chart(browser: Any, demo_site: str) -> None:
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "tags/deployment.html")
    chart = page.locator("svg.flaims-svg")
    assert chart.count() == 1
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150
    assert chart.locator("title").first.text_content() == (
        "Failure reports tagged Deployment, per month")
    assert chart.locator("rect.flaims-bar").count() > 5
    watched.page.close()


def test_screenshots_of_the_main_pages(browser: Any, demo_site: str, built_demo: Path,
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("screenshots")
    public = sorted(p.stem for p in (built_demo / "plans").glob("*.yaml")
                    if yaml.safe_load(p.read_text("utf-8")).get("visibility") == "public")
    shots = {
        "home": "index.html",
        "ladder": "ladders/engineering.html",
        "failure": f"failures/{Path(BUILT_DEMO_EDITED).stem}.html",
        "overflow": "overflow.html",
        "plan": f"plans/{public[0]}.html",
    }
    watched = Watched(browser, demo_site)
    for name, rel in shots.items():
        watched.open(demo_site + rel).screenshot(path=str(folder / f"{name}.png"),
                                                 full_page=True)
        assert (folder / f"{name}.png").stat().st_size > 20_000, name
    assert watched.errors == [] and watched.external == []
    watched.page.close()
    print(f"\nscreenshots: {folder}")


def test_hostile_titles_run_no_script(browser: Any, flaims: Run, git_repo: Path) -> None:
    plant_hostile_text(git_repo)
    assert flaims("build", repo=git_repo).exit_code == 0
    server, base = serve(git_repo / "site")
    try:
        watched = Watched(browser, base)
        for rel in ("index.html", "failures/2026-03-10-payment-timeouts.html",
                    "failures/2026-03-11-newline.html", "curriculum/capacity-planning.html",
                    "tags.html", "failures.html"):
            watched.open(base + rel)
        page = watched.open(base + "index.html")
        watched.search("onclick")
        first = page.locator(".md-search-result__item h1").first
        first.wait_for(state="visible", timeout=15000)
        # The hostile title is shown in the results, as the text it is.
        assert first.inner_text().strip() == TITLE
        page.wait_for_timeout(500)
        assert watched.dialogs == []
        assert watched.errors == [] and watched.external == []
        watched.page.close()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(git_repo / "site", ignore_errors=True)


def test_failure_index_sorts_by_severity_date_and_team(browser: Any, demo_site: str) -> None:
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "failures.html")
    table = page.locator(".md-typeset table").filter(has=page.locator("th", has_text="Severity")).first
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    column = {name.split(" ")[0]: i for i, name in enumerate(headings)}

    def values(name: str) -> list[str]:
        return [c.strip() for c in table.locator(f"tbody tr td:nth-child({column[name] + 1})").all_inner_texts()]

    dates = values("Date")
    assert dates == sorted(dates, reverse=True)  # as written: newest first, without JavaScript
    severity = table.locator("thead th").nth(column["Severity"])
    severity.click()
    rank = {"low": 1, "medium": 2, "high": 3, "critical": 4}
    ascending = [rank[v] for v in values("Severity")]
    assert ascending == sorted(ascending) and ascending[0] == 1
    severity.click()
    assert values("Severity")[0] == "critical"
    assert severity.get_attribute("aria-sort") == "descending"
    team = table.locator("thead th").nth(column["Team"])
    team.press("Enter")  # by keyboard too
    teams = values("Team")
    assert teams == sorted(teams)
    assert watched.errors == [] and watched.external == []
    watched.page.close()


def test_public_plan_page_shows_the_next_threshold_and_the_way_there(
        browser: Any, demo_site: str, built_demo: Path) -> None:
    plan = yaml.safe_load((built_demo / "plans/priya-natarajan.yaml").read_text("utf-8"))
    ladder = yaml.safe_load((built_demo / "ladders/engineering.yaml").read_text("utf-8"))
    comps = {c["id"]: c for c in ladder["competencies"]}
    modules = [yaml.safe_load(p.read_text("utf-8"))
               for p in sorted((built_demo / "curriculum").glob("*.yaml"))]
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "plans/priya-natarajan.html")
    article = page.locator("article")
    shown = article.inner_text()
    for row in plan["growth"]:
        ref = row["competency"]
        target = comps[ref.split("/")[1]]["thresholds"][row["target"]]
        assert f"Next threshold: {target['name']}." in shown
        for signal in target["signals"]:
            assert article.get_by_text(signal, exact=True).is_visible(), signal
        for module in modules:
            if ref in module.get("competencies", []):
                link = article.locator(f"a[href$='curriculum/{module['id']}.html']").first
                assert link.is_visible() and link.inner_text() == module["title"]
                for exercise in module["exercises"]:
                    assert exercise["title"] in shown
    assert "self-assessed" in shown and "confirmed by Jonas Weber" in shown
    assert "facilitated, owned an experiment" in shown
    assert "570 minutes in the last 90 days" in shown
    # Level names whole, and no two of them overlap on the chart.
    ticks = page.locator("figure#tension-priya-natarajan svg > text.flaims-tick")
    names = [" ".join(t.locator("tspan").all_text_contents()) or t.text_content()
             for t in ticks.all()]
    assert names == [lv["title"] for lv in ladder["levels"]]
    boxes = sorted((b["x"], b["x"] + b["width"]) for b in
                   (t.bounding_box() for t in ticks.all()) if b)
    assert all(left[1] <= right[0] for left, right in itertools.pairwise(boxes)), boxes
    # PERMA-Lead items are list items, one per line, not run together in a table cell.
    perma = page.locator("article h2#perma-lead ~ ul").first.locator("li")
    assert perma.all_inner_texts() == plan["perma_lead"]["passion"]
    assert watched.errors == [] and watched.external == []
    watched.page.close()


def test_competency_page_names_who_works_toward_each_threshold(
        browser: Any, demo_site: str) -> None:
    watched = Watched(browser, demo_site)
    page = watched.open(demo_site + "ladders/engineering/operations.html")
    shown = " ".join(page.locator("article").inner_text().split())
    link = page.locator("article a[href$='plans/priya-natarajan.html']")
    assert link.first.is_visible()
    assert ("Senior Engineer: Operates for the tail" in shown and
            "Working toward this threshold (from public plans): Priya Natarajan (now e2)."
            in shown)
    # Felix and Hana work on operations too, in private plans: not a word of them.
    assert "Felix Brandt" not in shown and "Hana Sato" not in shown
    watched.page.close()
class _ProjectPages(_Quiet):
    """GitHub Pages for a project site: the site lives under /repo/, and a missing page is
    answered with the site's own 404.html (status 404), whatever the path."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "repo" / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_site_served_under_a_sub_path_has_a_styled_404_and_a_full_sitemap(
        browser: Any, flaims: Run, git_repo: Path, tmp_path: Path) -> None:
    """init's defaults (no handbook.url) built as the Pages workflow builds them: with the
    address actions/configure-pages reports (`https://org.github.io/repo`, no slash)."""
    config = git_repo / "flaims.yaml"
    config.write_text("organisation: Acme\nas_of: 2026-03-31\n", "utf-8")
    served = tmp_path / "pages"
    served.mkdir()
    handler = functools.partial(_ProjectPages, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        result = flaims("build", "--site-dir", str(served / "repo"), "--site-url", base + "repo",
                        repo=git_repo)
        assert result.exit_code == 0, result.output
        site = served / "repo"
        watched = Watched(browser, base)
        failed: list[str] = []
        watched.page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
        # A missing page two levels deep: the 404 page must still find its stylesheets.
        missing = base + "repo/failures/2026/no-such-report.html"
        response = watched.page.goto(missing, wait_until="networkidle")
        assert response is not None and response.status == 404
        page = watched.page
        assert page.locator("h1").first.inner_text() == "404 - Not found"
        loaded = page.evaluate("[...document.styleSheets].filter(s => s.href).map(s => s.href)")
        assert any("/repo/assets/stylesheets/main" in href for href in loaded), loaded
        assert any("/repo/assets/flaims/flaims.css" in href for href in loaded), loaded
        # Styled: Material's header is laid out as a bar, not left as unstyled text.
        position = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert position == "sticky"
        # Every script, stylesheet and image the 404 page asks for is there; Chromium's only
        # console error is the page's own 404 status.
        assert failed == [missing]
        assert len(watched.errors) == 1 and "404" in watched.errors[0]
        assert watched.external == []
        page.screenshot(path=str(tmp_path / "404-under-repo.png"), full_page=True)
        print(f"\nscreenshot: {tmp_path / '404-under-repo.png'}")
        # The sitemap lists every page, at its address under /repo/.
        sitemap = page.request.get(base + "repo/sitemap.xml").text()
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                       if p.name != "404.html")
        assert len(pages) > 20
        assert sorted(locs) == sorted(base + "repo/" + rel for rel in pages)
        for loc in locs[:5]:
            assert page.request.get(loc).status == 200
        watched.page.close()
    finally:
        server.shutdown()
        server.server_close()
