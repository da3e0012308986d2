"""`flaims build` and `flaims serve`: the pages, the navigation, history lines, the repository's
own mkdocs.yml, progress output and the safety of the folders it writes."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from flaims_tool.cli import handbook_cmd
from flaims_tool.schemas import schema

from .conftest import BUILT_DEMO_EDITED, PROJECT, Run, git, materials_notice


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.h1 = ""
        self.nav_links: list[str] = []
        self.cells: list[str] = []
        self.history = ""
        self.svgs: list[dict[str, str]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self.stack.append((tag, a))
        if tag == "a" and "md-nav__link" in (a.get("class") or "") and a.get("href"):
            self.nav_links.append(str(a["href"]))
        if tag == "svg" and "flaims-svg" in (a.get("class") or ""):
            self.svgs.append({"title": "", "text": ""})

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def within(self, tag: str, cls: str | None = None) -> bool:
        return any(t == tag and (cls is None or cls in (a.get("class") or ""))
                   for t, a in self.stack)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "title" and not self.within("svg"):
            self.title += data
        if self.within("h1"):
            self.h1 += data
        if self.within("td") and self.within("article"):
            self.cells.append(data.strip())
        if self.within("p", "flaims-history"):
            self.history += data
        if self.within("svg", "flaims-svg"):
            chart_title = self.stack[-1][0] == "title" and self.stack[-2][0] == "svg"
            self.svgs[-1]["title" if chart_title else "text"] += data


def page(site: Path, rel: str) -> Page:
    parser = Page()
    parser.feed((site / rel).read_text("utf-8"))
    parser.close()
    parser.h1 = " ".join(parser.h1.split()).replace("¶", "").strip()
    parser.history = " ".join(parser.history.split())
    return parser


def documents(repo: Path, folder: str) -> list[dict[str, object]]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((repo / folder).rglob("*.yaml"))
            if p.name != "tags.yaml"]


def all_text(folder: Path) -> str:
    """Every file under a folder, gzip decompressed, as one lower-case string."""
    out = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            out.append(data.decode("utf-8", "replace"))
    return "\n".join(out).lower()


def snapshot(repo: Path) -> dict[str, str]:
    """Hash of every file outside .git, .flaims and site."""
    found = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo).as_posix()
        if path.is_file() and rel.split("/")[0] not in (".git", ".flaims", "site"):
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


# The demo, built once ---------------------------------------------------------------------------


def test_demo_has_a_page_for_every_document_and_none_for_private_plans(built_demo: Path) -> None:
    site = built_demo / "site"
    for f in documents(built_demo, "failures"):
        assert page(site, f"failures/{f['id']}.html").h1 == f["title"]
    for r in documents(built_demo, "retros"):
        assert page(site, f"retros/{r['id']}.html").h1 == r["title"]
    for m in documents(built_demo, "curriculum"):
        assert page(site, f"curriculum/{m['id']}.html").h1 == m["title"]
    tags = yaml.safe_load((built_demo / "failures/tags.yaml").read_text("utf-8"))["tags"]
    for t in tags:
        assert page(site, f"tags/{t['id']}.html").h1 == t["title"]
    plans = documents(built_demo, "plans")
    assert {p["visibility"] for p in plans} == {"public", "private"}
    for p in plans:
        exists = (site / f"plans/{p['person']}.html").exists()
        assert exists == (p["visibility"] == "public"), p["person"]
    for name in ("index", "ladders", "failures", "failures-by-severity", "failures-by-team",
                 "tags", "overflow", "curriculum", "retros", "retros-by-team", "experiments",
                 "people", "health", "contributing", "format"):
        assert (site / f"{name}.html").is_file(), name


def test_navigation_holds_sections_and_index_pages_only(built_demo: Path) -> None:
    site = built_demo / "site"
    for rel in ("index.html", "failures/2025-01-16-gift-card-applied-twice.html"):
        links = {re.sub(r"^(\.\./)+", "", h) for h in page(site, rel).nav_links}
        links = {h for h in links if not h.startswith("#")}
        assert links == {
            "index.html", "ladders.html", "ladders/engineering.html",
            "ladders/engineering-management.html", "failures.html",
            "failures-by-severity.html", "failures-by-team.html", "tags.html", "overflow.html",
            "curriculum.html", "retros.html", "retros-by-team.html", "experiments.html",
            "teams.html", "directory.html", "people.html", "health.html", "contributing.html",
            "format.html"}, rel


def test_ladder_matrix_names_every_threshold(built_demo: Path) -> None:
    for ladder in documents(built_demo, "ladders"):
        cells = page(built_demo / "site", f"ladders/{ladder['id']}.html").cells
        for comp in ladder["competencies"]:  # type: ignore[union-attr]
            for level in ladder["levels"]:  # type: ignore[union-attr]
                assert comp["thresholds"][level["id"]]["name"] in cells


def test_every_page_says_when_its_source_changed_and_by_whom(built_demo: Path) -> None:
    site = built_demo / "site"
    edited = Path(BUILT_DEMO_EDITED).stem
    assert page(site, f"failures/{edited}.html").history == (
        f"Last changed on 2026-05-04 by Amara Okafor · source {BUILT_DEMO_EDITED}")
    other = page(site, "failures/2025-01-16-gift-card-applied-twice.html").history
    assert other == ("Last changed on 2026-03-01 by Alice Ng · source "
                     "failures/2025/2025-01-16-gift-card-applied-twice.yaml")
    for html_file in site.rglob("*.html"):
        rel = html_file.relative_to(site).as_posix()
        if rel in ("404.html", "contributing.html", "format.html"):
            continue
        assert page(site, rel).history.startswith("Last changed on 2026-"), rel


def test_no_email_address_is_published(built_demo: Path) -> None:
    text = all_text(built_demo / "site")
    emails = {"alice@acme.example", "amara.okafor@velotill.example"}
    for person in documents(built_demo, "people"):
        emails.update(str(e).lower() for e in person.get("emails") or [])  # type: ignore[union-attr]
    assert len(emails) > 10
    assert [e for e in emails if e in text] == []
    # Nor anything shaped like an address, in any page, the search index or the sitemap.
    pages = "\n".join(p.read_text("utf-8") for p in (built_demo / "site").rglob("*")
                      if p.suffix in (".html", ".json", ".xml"))
    assert re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", pages) == []


def test_search_index_holds_every_failure_report(built_demo: Path) -> None:
    index = json.loads((built_demo / "site/search/search_index.json").read_text("utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for f in documents(built_demo, "failures"):
        assert f"failures/{f['id']}.html" in locations


def test_tag_page_shows_its_trend_chart(built_demo: Path) -> None:
    parsed = page(built_demo / "site", "tags/deployment.html")
    assert len(parsed.svgs) == 1
    chart = parsed.svgs[0]
    assert "Failure reports tagged Deployment, per month" in chart["title"]
    assert "Month" in chart["text"] and "Reports" in chart["text"]


def test_tag_charts_share_one_time_axis_and_scale(built_demo: Path) -> None:
    """Two tags' charts compare at a glance: the same 24 months (ending with the as-of month)
    and the same value ticks on every tag page; each bar's count is the tag's (with roll-up)
    counted independently from the YAML."""
    reports = [yaml.safe_load(p.read_text("utf-8")) for p in (PROJECT / "failures").rglob("*.yaml")
               if p.name != "tags.yaml"]
    taxonomy = yaml.safe_load((PROJECT / "failures/tags.yaml").read_text("utf-8"))["tags"]
    parent = {e["id"]: e.get("parent") for e in taxonomy}
    canonical = {a: e["id"] for e in taxonomy for a in e.get("aliases", [])}

    def rolled(tags: list[str]) -> set[str]:
        out = set()
        for given in tags:
            tag: str | None = canonical.get(given, given)
            while tag:
                out.add(tag)
                tag = parent.get(tag)
        return out

    axes = set()
    for tag in ("deployment", "alert-gap"):
        html = (built_demo / f"site/tags/{tag}.html").read_text("utf-8")
        svg = html.split('<svg class="flaims-svg"', 1)[1].split("</svg>", 1)[0]
        bars = re.findall(r'<rect class="flaims-bar[^"]*"[^>]*><title>([^<]+)</title>', svg)
        ticks = re.findall(r'class="flaims-tick" x="44" y="[\d.]+" text-anchor="end">(\d+)<', svg)
        assert len(bars) == 24, tag
        axes.add((bars[0].split(":")[0], bars[-1].split(":")[0], tuple(ticks)))
        expected = Counter(str(r["date"])[:7] for r in reports if tag in rolled(r.get("tags", [])))
        for bar in bars:
            label, count = bar.rsplit(": ", 1)
            month = dt.datetime.strptime(label, "%b %Y").strftime("%Y-%m")
            assert int(count) == expected.get(month, 0), (tag, bar)
    assert len(axes) == 1, axes  # the same months and the same ticks on both pages
    first, last, ticks = axes.pop()
    assert (first, last) == ("Oct 2024", "Sep 2026") and len(ticks) >= 2


def test_format_reference_is_rendered_from_the_schemas(built_demo: Path) -> None:
    parsed = page(built_demo / "site", "format.html")
    described = schema("plan")["properties"]["vision"]["description"]
    assert described in parsed.cells
    assert "growth[].evidence" in "".join(parsed.cells)  # a <wbr> after the dot


def test_generated_folder_is_plain_markdown_and_mkdocs_yml(built_demo: Path) -> None:
    generated = built_demo / ".flaims/handbook"
    config = yaml.safe_load((generated / "mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False
    assert config["plugins"] == ["search"]
    # One hook, flaims' own (the site name's tooltip); never one from the repository.
    from flaims_tool.handbook import site_hooks
    assert config["hooks"] == [site_hooks.__file__]
    suffixes = {p.suffix for p in (generated / "docs").rglob("*") if p.is_file()}
    assert suffixes == {".md", ".css", ".js"}
    # The one script is flaims' own table sorter, shipped with the site, never fetched.
    assert config["extra_javascript"] == ["assets/flaims/sort.js"]
    assert [p.name for p in (generated / "docs").rglob("*.js")] == ["sort.js"]


# Building a repository --------------------------------------------------------------------------


def test_build_outside_git_says_history_is_unknown(flaims: Run, example_repo: Path) -> None:
    result = flaims("build", repo=example_repo)
    assert result.exit_code == 0, result.output
    # Not a terminal (a CI log): no progress; the engine's own notice in one line, then the
    # closing line.
    # (older Material releases, as the lowest-versions run installs, print no notice)
    assert re.fullmatch(r'(notice from MkDocs: Material for MkDocs reaches end of life on May 5, '
                        r'2027\. \(README: "Engines"\)\n)?'
                        r"33 pages written in \d+\.\d s \(MkDocs \d+\.\d s\) to site/\n",
                        result.output), result.output
    history = page(example_repo / "site", "failures/2026-03-10-payment-timeouts.html").history
    assert history.startswith("Change history unavailable: not a git repository")


def test_progress_on_a_terminal_ends_with_one_summary_line(
        flaims: Run, git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handbook_cmd, "_interactive", lambda: True)
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == ["  reading the knowledge files", "  12 files read",
                         "  33 pages generated; MkDocs is building the site"]
    notice = lines[-2].startswith("notice from MkDocs: Material for MkDocs reaches end of life")
    assert re.fullmatch(r"33 pages written in \d+\.\d s \(MkDocs \d+\.\d s\) to site/",
                        lines[-1]), lines[-1]
    assert len(lines) == (5 if notice else 4)  # older Material releases print no notice


def test_lint_errors_stop_the_build_and_keep_the_last_site(flaims: Run, git_repo: Path) -> None:
    assert flaims("build", repo=git_repo).exit_code == 0
    before = (git_repo / "site/index.html").read_bytes()
    report = git_repo / "failures/2026/2026-03-10-payment-timeouts.yaml"
    report.write_text(report.read_text("utf-8").replace("tags: [timeouts, capacity]",
                                                        "tags: [timout]"), "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 1
    assert "unknown-tag" in result.output
    assert "the handbook was not built" in result.output
    assert (git_repo / "site/index.html").read_bytes() == before


def test_strict_shows_lint_warnings_without_failing_on_them(flaims: Run, git_repo: Path) -> None:
    """Lint warnings are content (an overdue action), not a broken handbook."""
    report = git_repo / "failures/2026/2026-03-10-payment-timeouts.yaml"
    report.write_text(report.read_text("utf-8").replace("tags: [timeouts, capacity]",
                                                        "tags: [timeouts, capacity, "
                                                        "config-mismatch]"), "utf-8")
    result = flaims("build", "--strict", repo=git_repo)
    assert result.exit_code == 0, result.output
    assert "warning tag-alias" in result.output
    assert flaims("lint", "--strict", repo=git_repo).exit_code == 1


def test_strict_fails_on_mkdocs_warnings(flaims: Run, git_repo: Path) -> None:
    (git_repo / "handbook").mkdir()
    (git_repo / "handbook/guide.md").write_text("# Guide\n\n[broken](missing.md)\n", "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    assert "missing.md" in result.output
    result = flaims("build", "--strict", repo=git_repo)
    assert result.exit_code == 1
    assert "MkDocs could not build the site (warnings are errors with --strict)" in result.output


def test_build_writes_only_its_own_folders(flaims: Run, git_repo: Path) -> None:
    before = snapshot(git_repo)
    assert flaims("build", repo=git_repo).exit_code == 0
    assert snapshot(git_repo) == before
    top = {p.name for p in git_repo.iterdir()}
    assert {".flaims", "site"} <= top


@pytest.mark.parametrize("where", [".", "..", "failures", ".git", ".flaims", "ladders/x"])
def test_site_dir_never_empties_knowledge(flaims: Run, git_repo: Path, where: str) -> None:
    before = snapshot(git_repo)
    result = flaims("build", "--site-dir", str(git_repo / where), repo=git_repo)
    assert result.exit_code == 2, result.output
    assert snapshot(git_repo) == before


def test_site_dir_refuses_a_folder_it_did_not_build(flaims: Run, git_repo: Path,
                                                     tmp_path: Path) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me", "utf-8")
    result = flaims("build", "--site-dir", str(mine), repo=git_repo)
    assert result.exit_code == 2
    assert "not a site flaims built" in result.output
    assert (mine / "todo.txt").read_text("utf-8") == "keep me"
    public = tmp_path / "public"
    assert flaims("build", "--site-dir", str(public), repo=git_repo).exit_code == 0
    assert (public / "index.html").is_file()
    assert flaims("build", "--site-dir", str(public), repo=git_repo).exit_code == 0


def test_repository_mkdocs_yml_is_respected_and_kept(flaims: Run, git_repo: Path) -> None:
    own = (
        "site_name: Acme Knowledge & Co\n"
        "repo_url: https://github.com/acme/knowledge\n"
        "theme:\n  name: material\n  palette:\n    primary: teal\n"
        "  features: [navigation.tabs]\n  font:\n    text: Roboto\n"
        "plugins:\n  - social\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  analytics:\n    provider: google\n    property: G-XXXX\n"
        "nav:\n  - About us: about.md\n  - Missing: nowhere.md\n"
    )
    (git_repo / "mkdocs.yml").write_text(own, "utf-8")
    (git_repo / "handbook").mkdir()
    (git_repo / "handbook/about.md").write_text("# About Acme\n\nHand-written.\n", "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    assert "nav entry 'nowhere.md' is not a page in handbook/; left out" in result.output
    assert (git_repo / "mkdocs.yml").read_text("utf-8") == own
    site = git_repo / "site"
    about = page(site, "handbook/about.html")
    assert about.h1 == "About Acme"
    assert about.title == "About us - Acme Knowledge & Co"  # the nav title wins, as in MkDocs
    assert "handbook/about.html" in page(site, "index.html").nav_links
    config = yaml.safe_load((git_repo / ".flaims/handbook/mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["palette"] == {"primary": "teal"}
    assert config["theme"]["features"] == ["navigation.tabs"]
    assert config["theme"]["font"] is False
    assert config["plugins"] == ["search"]
    assert "repo_url" not in config and "analytics" not in config["extra"]
    text = all_text(site)
    assert "github.com/acme" not in text and "g-xxxx" not in text


def test_init_then_build_in_a_fresh_repository(flaims: Run, tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    assert flaims("init", str(repo), "--organisation", "Acme").exit_code == 0
    result = flaims("build", repo=repo)
    assert result.exit_code == 0, result.output
    assert page(repo / "site", "index.html").h1 == "Acme Learning Handbook"


def test_init_keeps_an_existing_mkdocs_yml_and_build_uses_it(flaims: Run, tmp_path: Path) -> None:
    repo = tmp_path / "own"
    repo.mkdir()
    own = "site_name: Our Own Site\ntheme:\n  name: material\n"
    (repo / "mkdocs.yml").write_text(own, "utf-8")
    assert flaims("init", str(repo), "--organisation", "Acme").exit_code == 0
    assert (repo / "mkdocs.yml").read_text("utf-8") == own
    assert flaims("build", repo=repo).exit_code == 0
    assert page(repo / "site", "index.html").title == "Home - Our Own Site"


# Serving ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(predicate: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_regenerates_pages_when_a_yaml_file_changes(git_repo: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/failures/2026-03-10-payment-timeouts.html"
    env = {**os.environ, "CI": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "flaims_tool", "--repo", str(git_repo),
                             "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: "Payment API timeouts" in (_fetch(url) or ""), 60)
        report = git_repo / "failures/2026/2026-03-10-payment-timeouts.yaml"
        report.write_text(report.read_text("utf-8").replace(
            "title: Payment API timeouts", "title: Payment gateway timeouts"), "utf-8")
        assert _wait_for(lambda: "Payment gateway timeouts" in (_fetch(url) or ""), 60)
        assert "livereload" in (_fetch(url) or "")
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out.decode()
    assert b"regenerating the pages" in out
    # MkDocs' notices are not hidden, and each is one line as in `flaims build`.
    if materials_notice():
        assert out.count(b"notice from MkDocs: Material for MkDocs reaches end of life") == 1
    assert "│".encode() not in out and b"NO_MKDOCS_2_WARNING" not in out
    # MkDocs stopped with flaims: nothing answers on the port any more.
    assert _fetch(url) is None


def test_documents_with_only_their_required_fields_build(flaims: Run, git_repo: Path) -> None:
    kinds = {"failures": "failure", "retros": "retro", "curriculum": "curriculum",
             "plans": "plan", "ladders": "ladder", "people": "person"}
    for folder, kind in kinds.items():
        required = set(schema(kind)["required"])
        for path in (git_repo / folder).rglob("*.yaml"):
            data = yaml.safe_load(path.read_text("utf-8"))
            minimal = {k: v for k, v in data.items() if k in required}
            if kind == "plan":
                minimal["visibility"] = "public"  # so its page is built too
            path.write_text(yaml.safe_dump(minimal, sort_keys=False), "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    assert page(git_repo / "site", "plans/alice-ng.html").h1 == "Alice Ng: development plan"


def test_as_of_is_the_date_the_handbook_is_read_at(flaims: Run, example_repo: Path) -> None:
    site = example_repo / "site"
    assert flaims("build", repo=example_repo).exit_code == 0  # flaims.yaml: as_of 2026-03-31
    assert ": 1 open, 0 overdue, 1 done" in (site / "experiments.html").read_text("utf-8")
    assert flaims("build", "--as-of", "2026-04-30", repo=example_repo).exit_code == 0
    assert ": 0 open, 1 overdue, 1 done" in (site / "experiments.html").read_text("utf-8")
    overflow = (site / "overflow.html").read_text("utf-8")
    assert "No tag overflows on 2026-04-30" in overflow


def test_a_planted_link_for_the_work_folder_is_refused(flaims: Run, git_repo: Path,
                                                       tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", "utf-8")
    (git_repo / ".flaims").symlink_to(elsewhere)
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 2
    assert "must be a folder flaims owns" in result.output
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]


def test_health_page_names_unmapped_identities_once(built_demo: Path) -> None:
    """The demo's commits come from an identity not in people/: the documents' own authors
    count instead, so only the taxonomy (which names nobody) is left to that identity, said in
    one line; the reports only alumni wrote are listed."""
    page = (built_demo / ".flaims/handbook/docs/health.md").read_text("utf-8")
    section = page.split("## Written only by people who have left", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^Alice Ng \(1 document\)\.$", section, re.M), section
    assert len(re.findall(r"^<tr><td><a ", section, re.M)) == 4, section
    assert "Android crash rate tripled" in section  # the alumna's report nobody here wrote
    owned = page.split("## Owned only by people who have left", 1)[1].split("\n## ", 1)[0]
    assert "Safe schema migrations" in owned


def test_a_rebuild_rewrites_only_the_pages_that_depend_on_the_change(demo_repo: Path,
                                                                     flaims: Run) -> None:
    """After one failure report's title changed, flaims rewrites the pages that show it (its
    own page, the listings, its tags, retro and team) and leaves every other page untouched,
    bytes and time; the result is the same as a build from nothing."""
    assert flaims("build", repo=demo_repo).exit_code == 0
    docs = demo_repo / ".flaims/handbook/docs"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*.md")}
    time.sleep(0.05)  # a rewritten file gets a later time on any file system
    report = demo_repo / "failures/2025/2025-09-03-crash-spike-no-alert.yaml"
    report.write_text(report.read_text("utf-8").replace(
        "title: Android crash rate tripled for four days without an alert",
        "title: Android crash rate tripled for four days, unalerted"), "utf-8")
    result = flaims("build", repo=demo_repo)
    assert result.exit_code == 0, result.output
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*.md")}
    assert after.keys() == before.keys()
    changed = {p for p in after if after[p][0] != before[p][0]}
    touched = {p for p in after if after[p][1] != before[p][1]}
    assert touched == changed  # nothing rewritten with the same bytes
    mentions = {p for p in after if b"unalerted" in after[p][0]}
    assert changed == mentions  # exactly the pages that show the report's title
    assert docs / "failures/2025-09-03-crash-spike-no-alert.md" in changed
    assert 3 < len(changed) < 20
    assert f"; {len(changed)} pages changed since the last build) to site/" in result.output
    # The same as a clean build of the changed repository.
    incremental = {p.relative_to(docs): after[p][0] for p in after}
    shutil.rmtree(demo_repo / ".flaims")
    assert flaims("build", repo=demo_repo).exit_code == 0
    assert {p.relative_to(docs): p.read_bytes() for p in docs.rglob("*.md")} == incremental
