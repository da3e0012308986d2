"""Acceptance: a private plan contributes nothing to the site, a stale page never survives, and
user text is data on every built page (checked with an HTML parser, not a grep)."""

from __future__ import annotations

import gzip
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, unquote_plus

import yaml

from .conftest import Run, git

CANARY = "xq7canary"


def readable(folder: Path) -> str:
    """Every file under `folder`, decompressed, HTML- and URL-unescaped, lower-case."""
    out = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", "replace")
        for _ in range(3):  # escaped twice is still there
            text = html.unescape(unquote_plus(unquote(text)))
        out.append(path.relative_to(folder).as_posix() + "\n" + text)
    return "\n".join(out).lower()


def write_yaml(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def canary_plan(person: str, visibility: str) -> dict[str, object]:
    """A plan with the canary in every field that can hold it (ids and levels must resolve)."""
    c = CANARY
    return {
        "person": person, "visibility": visibility, "updated": "2026-03-01",
        "vision": f"Vision {c}", "current_reality": f"Reality {c.upper()}",
        "perma_lead": {"passion": [f"passion {c}"], "strengths": [f"strength {c}"],
                       "value": [f"value {c}"], "intersection": f"intersection {c}"},
        "ladder": "engineering",
        # Evidence the person took part in (Alice wrote the report), so that lint, which
        # `flaims build` runs first, has nothing to say about the plan either.
        "growth": [{"competency": "engineering/operations", "current": "e2", "target": "e3",
                    "evidence": (["failure:2026-03-10-payment-timeouts"]
                                 if person == "alice-ng" else [])
                    + [f"https://{c}.example/pull/1?q={c}"]}],
        "practice": [{"date": "2026-03-03", "competency": "engineering/operations",
                      "activity": f"activity {c}", "feedback": f"feedback {c}", "minutes": 47,
                      "reflection": f"reflection {c}"}],
    }


def plant_canary(repo: Path, visibility: str = "private") -> None:
    """Alice's plan, and the plan of a person who appears nowhere else but the people
    directory, both with the canary (the person's email carries it too: never published);
    committed last, by that person under a canary name (so no "last changed by" may name
    them either)."""
    write_yaml(repo / "plans/alice-ng.yaml", canary_plan("alice-ng", visibility))
    write_yaml(repo / "people/zed-quiet.yaml", {
        "id": "zed-quiet", "name": "Zed Quiet", "emails": [f"{CANARY}@acme.example"],
        "team": "quiet", "status": "active"})
    write_yaml(repo / "plans/zed-quiet.yaml", canary_plan("zed-quiet", "private"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plans", env={
        "GIT_AUTHOR_NAME": f"Zed {CANARY}", "GIT_AUTHOR_EMAIL": f"{CANARY}@acme.example",
        "GIT_AUTHOR_DATE": "2026-03-20T10:00:00+00:00"})


def test_private_plans_reach_no_file_of_the_site(flaims: Run, git_repo: Path) -> None:
    plant_canary(git_repo)
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    assert CANARY not in result.output.lower()
    site = readable(git_repo / "site")
    assert "search/search_index.json" in site and "sitemap.xml.gz" in site
    assert CANARY not in site
    # Never even generated: a page left out of the navigation is still built and indexed.
    assert CANARY not in readable(git_repo / ".flaims/handbook")
    assert not (git_repo / "site/plans").exists()
    people = (git_repo / ".flaims/handbook/docs/people.md").read_text("utf-8")
    assert "No one has published a plan yet." in people
    # The competency pages name who works toward each threshold from public plans only.
    operations = (git_repo / ".flaims/handbook/docs/ladders/engineering/operations.md")
    assert "Working toward" not in operations.read_text("utf-8")


def test_a_plan_made_private_leaves_no_stale_page(flaims: Run, git_repo: Path) -> None:
    plant_canary(git_repo, visibility="public")
    assert flaims("build", repo=git_repo).exit_code == 0
    # The canary is found when it is published: the search above can see it.
    assert CANARY in readable(git_repo / "site")
    assert (git_repo / "site/plans/alice-ng.html").is_file()
    assert (git_repo / ".flaims/handbook/docs/plans/alice-ng.md").is_file()
    operations = git_repo / ".flaims/handbook/docs/ladders/engineering/operations.md"
    assert "[Alice Ng](../../plans/alice-ng.md) (now e2)" in operations.read_text("utf-8")
    plan = git_repo / "plans/alice-ng.yaml"
    plan.write_text(plan.read_text("utf-8").replace("visibility: public",
                                                    "visibility: private"), "utf-8")
    assert flaims("build", repo=git_repo).exit_code == 0
    assert CANARY not in readable(git_repo / "site")
    assert CANARY not in readable(git_repo / ".flaims/handbook")
    assert not (git_repo / "site/plans").exists()
    assert not (git_repo / ".flaims/handbook/docs/plans").exists()
    assert "Working toward" not in operations.read_text("utf-8")


# User text is data ------------------------------------------------------------------------------

TITLE = '<script>alert(1)</script> {{ 7*7 }} {: onclick="alert(2)" } *x*'
SUMMARY = ('<img src=x onerror="alert(3)"> [click](javascript:alert(4)) '
           '<a href="javascript:alert(5)">link</a> --8<-- "flaims.yaml"')
NEWLINE_TITLE = "Line one\ntitle: injected\nhide: [navigation, toc]"


def plant_hostile_text(repo: Path) -> None:
    config = yaml.safe_load((repo / "flaims.yaml").read_text("utf-8"))
    config["organisation"] = 'Acme <script>alert("org")</script>'
    config["handbook"]["title"] = 'Acme <script>alert("site")</script> Handbook'
    write_yaml(repo / "flaims.yaml", config)
    path = repo / "failures/2026/2026-03-10-payment-timeouts.yaml"
    report = yaml.safe_load(path.read_text("utf-8"))
    report.update(title=TITLE, summary=SUMMARY,
                  contributing_factors=["{{ 7*7 }} {% if true %}yes{% endif %}"],
                  lessons=["</td></tr></table><script>alert(6)</script>"],
                  timeline=[{"at": "2026-03-10T14:02:00Z", "event": "{: .x onclick=alert(7) }"}])
    write_yaml(path, report)
    second = dict(report, id="2026-03-11-newline", date="2026-03-11", title=NEWLINE_TITLE)
    second.pop("retro", None)
    write_yaml(repo / "failures/2026/2026-03-11-newline.yaml", second)
    tags = yaml.safe_load((repo / "failures/tags.yaml").read_text("utf-8"))
    tags["tags"][0]["title"] = "<script>alert(8)</script>"
    write_yaml(repo / "failures/tags.yaml", tags)
    ladder = yaml.safe_load((repo / "ladders/engineering.yaml").read_text("utf-8"))
    ladder["title"] = "Eng <script>alert(9)</script>"  # in the navigation of every page
    write_yaml(repo / "ladders/engineering.yaml", ladder)
    module = yaml.safe_load((repo / "curriculum/capacity-planning.yaml").read_text("utf-8"))
    module["resources"] = [{"title": "<b onmouseover=alert(10)>guide</b>",
                            "url": 'https://x.example/a"onmouseover="alert(11)'}]
    write_yaml(repo / "curriculum/capacity-planning.yaml", module)


class Elements(HTMLParser):
    """Every element with its attributes, the text of <title> and <h1>, and script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.title = ""
        self.h1 = ""
        self.scripts: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("title", "h1", "script"):
            self.open.append(tag)
            if tag == "script":
                self.scripts.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "title" in self.open and "svg" not in (t for t, _ in self.elements[-3:]):
            self.title += data
        if "h1" in self.open:
            self.h1 += data
        if "script" in self.open:
            self.scripts.append(data)


def parse(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def assert_inert(parsed: Elements, where: str) -> None:
    """No script, handler or javascript: URL that came from user text."""
    assert not [s for s in parsed.scripts if "alert" in s], where
    for tag, attrs in parsed.elements:
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (where, tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (where, tag)
        assert not (tag == "img" and attrs.get("src") == "x"), where


def test_user_text_is_literal_text_on_every_page(flaims: Run, git_repo: Path) -> None:
    plant_hostile_text(git_repo)
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    site = git_repo / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 25
    for path in pages:
        assert_inert(parse(path.read_text("utf-8")), path.name)

    report = parse((site / "failures/2026-03-10-payment-timeouts.html").read_text("utf-8"))
    assert report.h1.replace("¶", "").strip() == TITLE
    assert report.title == f'{TITLE} - Acme <script>alert("site")</script> Handbook'
    shown = " ".join(" ".join(report.text).split())
    assert " ".join(SUMMARY.split()) in shown
    assert "{{ 7*7 }} {% if true %}yes{% endif %}" in shown
    assert "</td></tr></table><script>alert(6)</script>" in shown
    assert "{: .x onclick=alert(7) }" in shown
    assert "organisation:" not in shown  # no snippet of flaims.yaml was included

    newline = parse((site / "failures/2026-03-11-newline.html").read_text("utf-8"))
    assert newline.h1.replace("¶", "").strip() == "Line one title: injected hide: [navigation, toc]"
    sidebars = [a for t, a in newline.elements if a.get("data-md-type") == "navigation"]
    assert sidebars and all("hidden" not in a for a in sidebars)  # no `hide:` was injected

    module = parse((site / "curriculum/capacity-planning.html").read_text("utf-8"))
    assert "<b onmouseover=alert(10)>guide</b>" in module.text
    links = [a for t, a in module.elements if t == "a" and "x.example" in (a.get("href") or "")]
    assert [a["href"] for a in links] == ["https://x.example/a%22onmouseover=%22alert%2811%29"]

    home = parse((site / "index.html").read_text("utf-8"))
    nav = [" ".join(t.split()) for t in home.text]
    assert "Eng <script>alert(9)</script>" in nav  # the ladder's title, in the navigation


def test_search_index_holds_user_text_as_text(flaims: Run, git_repo: Path) -> None:
    plant_hostile_text(git_repo)
    assert flaims("build", repo=git_repo).exit_code == 0
    index = json.loads((git_repo / "site/search/search_index.json").read_text("utf-8"))
    found = False
    for doc in index["docs"]:
        for field in ("title", "text"):
            # Material's search shows these as HTML: they must parse to inert text.
            parsed = parse(doc[field])
            assert_inert(parsed, doc["location"])
            assert not [t for t, _ in parsed.elements if t in ("script", "img", "a")]
            found = found or "<script>alert(1)</script>" in "".join(parsed.text)
    assert found
    sitemap = (git_repo / "site/sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert len(locs) > 25
    # File names come from validated ids only.
    assert [u for u in locs if not re.fullmatch(r"https://handbook\.acme\.example/[a-z0-9/.-]*",
                                                u)] == []
