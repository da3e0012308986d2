"""`flaims build --engine mkdocs|zensical|properdocs`: the same generated folder builds with
each installed engine (the test extra installs all three); in Chromium each site's search finds
a failure report and its tables sort. The engines' own notices reach the user in one line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from flaims_tool.cli import main
from flaims_tool.handbook.engines import DEFAULT_ENGINE, ENGINES, NoticeFilter, notices
from flaims_tool.schemas import schema

from .conftest import PROJECT, Run, copy_demo, materials_notice
from .test_browser import Watched, browser, chromium, serve  # noqa: F401 (fixtures used below)

INSTALLED = [name for name, engine in ENGINES.items() if engine.installed()]
REPORT = "2026-03-10-debug-logging-flag-cost"


def _build(repo: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--repo", str(repo), "build", *args], catch_exceptions=False)


@pytest.fixture(scope="module", params=INSTALLED)
def engine_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[tuple[str, Path]]:
    name = request.param
    repo = copy_demo(tmp_path_factory.mktemp(f"engine-{name}") / "demo")
    result = _build(repo, "--engine", name)
    assert result.exit_code == 0, result.output
    yield name, repo


def test_all_three_engines_are_installed_by_the_test_extra() -> None:
    assert INSTALLED == ["mkdocs", "zensical", "properdocs"]


def test_the_config_schema_offers_exactly_the_engines() -> None:
    engine = schema("config")["properties"]["handbook"]["properties"]["engine"]
    assert tuple(engine["enum"]) == tuple(ENGINES)
    assert DEFAULT_ENGINE == "mkdocs"


def test_each_engine_builds_every_generated_page(engine_site: tuple[str, Path]) -> None:
    name, repo = engine_site
    docs = repo / ".flaims/handbook/docs"
    pages = sorted(p.relative_to(docs).with_suffix(".html").as_posix() for p in docs.rglob("*.md"))
    assert len(pages) > 100
    missing = [p for p in pages if not (repo / "site" / p).is_file()]
    assert missing == [], name
    # The ladder page holds every threshold name, whichever engine rendered it.
    ladder = yaml.safe_load((repo / "ladders/engineering.yaml").read_text("utf-8"))
    html = (repo / "site/ladders/engineering.html").read_text("utf-8")
    for comp in ladder["competencies"]:
        for level in ladder["levels"]:
            assert comp["thresholds"][level["id"]]["name"].replace("'", "&#39;") in html.replace(
                "&#x27;", "&#39;")


def test_the_generated_folder_is_the_same_for_every_engine(tmp_path: Path) -> None:
    """Only the engine differs: the Markdown and mkdocs.yml are byte for byte the same."""
    written = {}
    for name in INSTALLED:
        repo = copy_demo(tmp_path / name)
        assert _build(repo, "--engine", name).exit_code == 0
        generated = repo / ".flaims/handbook"
        written[name] = {p.relative_to(generated).as_posix(): p.read_bytes()
                         for p in sorted((generated / "docs").rglob("*")) if p.is_file()}
        written[name]["mkdocs.yml"] = (generated / "mkdocs.yml").read_bytes()
    first = written[INSTALLED[0]]
    for name in INSTALLED[1:]:
        assert written[name].keys() == first.keys(), name
        assert [k for k in first if written[name][k] != first[k]] == [], name


def test_handbook_engine_in_flaims_yaml_chooses_and_the_option_overrides(demo_repo: Path,
                                                                          flaims: Run) -> None:
    config = demo_repo / "flaims.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "  url: https://handbook.velotill.example/\n",
        "  url: https://handbook.velotill.example/\n  engine: properdocs\n"), "utf-8")
    assert flaims("build", repo=demo_repo).exit_code == 0
    assert "ProperDocs" in (demo_repo / "site/index.html").read_text("utf-8")
    assert flaims("build", "--engine", "mkdocs", repo=demo_repo).exit_code == 0
    assert "ProperDocs" not in (demo_repo / "site/index.html").read_text("utf-8")


def test_an_unknown_engine_is_a_usage_error(demo_repo: Path, flaims: Run) -> None:
    result = flaims("build", "--engine", "sphinx", repo=demo_repo)
    assert result.exit_code == 2
    assert "'mkdocs', 'zensical', 'properdocs'" in result.output
    config = demo_repo / "flaims.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "  url: https://handbook.velotill.example/\n",
        "  url: https://handbook.velotill.example/\n  engine: hugo\n"), "utf-8")
    result = flaims("build", repo=demo_repo)
    assert result.exit_code == 2
    assert "flaims.yaml:21:11" in result.output and "Traceback" not in result.output


def test_materials_end_of_life_notice_is_one_line(demo_repo: Path) -> None:
    if not materials_notice():
        pytest.skip("this Material for MkDocs prints no end-of-life notice")
    result = _build(demo_repo)
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("notice from")]
    assert lines == ["notice from MkDocs: Material for MkDocs reaches end of life on May 5, "
                     "2027. (README: \"Engines\")"]
    assert "│" not in result.stderr  # the box itself is not shown


def test_notices_are_not_confused_with_zensicals_boxed_warnings() -> None:
    zensical = ("Warning: page does not exist\n    ╭─[ people.md:23:10 ]\n    │\n"
                " 23 │ [broken](nowhere.md)\n    │          ─────┬────  \n"
                "    │               ╰────── page does not exist\n────╯\n1 issue found\n")
    assert notices(zensical) == []
    assert notices(" │  One notice.\n │  More of it.\n\n │  Another one here.\n") == [
        "One notice.", "Another one here."]


def test_zensical_warnings_name_the_page(demo_repo: Path) -> None:
    if "zensical" not in INSTALLED:
        pytest.skip("zensical is not installed")
    (demo_repo / "handbook").mkdir()
    (demo_repo / "handbook/notes.md").write_text("# Notes\n\n[broken](nowhere.md)\n", "utf-8")
    result = _build(demo_repo, "--engine", "zensical")
    assert result.exit_code == 0
    assert "warning: page does not exist (handbook/notes.md:3:10)" in result.stderr
    strict = _build(demo_repo, "--engine", "zensical", "--strict")
    assert strict.exit_code == 1
    assert "Zensical could not build the site (warnings are errors with --strict)" in strict.stderr


@pytest.mark.browser
def test_search_and_table_sorting_work_with_each_engine(browser: Any,  # noqa: F811
                                                        engine_site: tuple[str, Path]) -> None:
    name, repo = engine_site
    server, base = serve(repo / "site")
    try:
        watched = Watched(browser, base)
        page = watched.open(base + "index.html")
        links = page.locator(f"a[href*='failures/{REPORT}.html']")
        before = sum(1 for link in links.all() if link.is_visible())
        summary = yaml.safe_load((PROJECT / f"failures/2026/{REPORT}.yaml").read_text("utf-8"))
        assert "logging" in summary["summary"]
        # Material and Zensical draw different search boxes: open whichever is there.
        page.locator("label.md-search__icon, .md-search__input, .md-search__button").first.click()
        page.keyboard.type("logging", delay=40)
        page.wait_for_function(
            "([sel, n]) => { const seen = []; const walk = r => { r.querySelectorAll(sel)"
            ".forEach(a => a.checkVisibility() && seen.push(a)); r.querySelectorAll('*')"
            ".forEach(e => e.shadowRoot && walk(e.shadowRoot)); }; walk(document); "
            "return seen.length > n; }", arg=[f"a[href*='failures/{REPORT}.html']", before],
            timeout=15000)
        page = watched.open(base + "failures.html")
        table = page.locator(".md-typeset table").filter(
            has=page.locator("th", has_text="Severity")).first
        headings = [h.strip().split(" ")[0] for h in table.locator("thead th").all_inner_texts()]
        column = headings.index("Severity") + 1
        table.locator("thead th").nth(column - 1).click()
        rank = {"low": 1, "medium": 2, "high": 3, "critical": 4}
        values = [rank[v.strip()] for v in
                  table.locator(f"tbody tr td:nth-child({column})").all_inner_texts()]
        assert values == sorted(values) and values[0] == 1, name
        assert watched.errors == [] and watched.external == [], name
        watched.page.close()
    finally:
        server.shutdown()
        server.server_close()


def test_search_index_of_each_engine_holds_the_report(engine_site: tuple[str, Path]) -> None:
    name, repo = engine_site
    found = [p for p in ("search/search_index.json", "search.json") if (repo / "site" / p).exists()]
    assert found, name
    text = (repo / "site" / found[0]).read_text("utf-8")
    assert re.search(rf"failures/{REPORT}\.html", text), name
    json.loads(text)


def test_a_streamed_notice_is_one_line_and_the_engines_own_lines_pass() -> None:
    """`flaims serve` relays MkDocs' output as it comes: the boxed notice becomes one line,
    the hint to hide it goes, every other line is shown as it is."""
    streamed = ["\x1b[33m │  \x1b[1mMaterial for MkDocs reaches end of life on May 5, 2027.\x1b[0m",
                "\x1b[33m │\x1b[0m  Critical fixes and security updates continue until that date.",
                "", "\x1b[90m  To disable this warning, set NO_MKDOCS_2_WARNING=1.\x1b[0m", "",
                "INFO    -  Building documentation...", "INFO    -  Serving on http://127.0.0.1:8000/"]
    relay = NoticeFilter("MkDocs")
    shown = [line for line in (relay.feed(s) for s in streamed) if line is not None]
    assert shown == ['notice from MkDocs: Material for MkDocs reaches end of life on May 5, 2027. '
                     '(README: "Engines")', "INFO    -  Building documentation...",
                     "INFO    -  Serving on http://127.0.0.1:8000/"]
    assert relay.found == notices("\n".join(streamed))
