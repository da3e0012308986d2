"""The handbook's team pages and people directory, on the built demo: what they say, that
private plans stay unlinked, and that no email address appears anywhere in the site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .conftest import PROJECT
from .test_handbook import page


def _people() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((PROJECT / "people").glob("*.yaml"))]


def _docs(built: Path) -> Path:
    return built / ".flaims/handbook/docs"


def test_no_email_address_anywhere_in_the_site(built_demo: Path) -> None:
    emails = {e.lower() for p in _people() for e in p.get("emails", [])}
    assert len(emails) >= 17
    address = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")
    checked = 0
    for folder in (built_demo / "site", _docs(built_demo)):
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".png", ".ico", ".woff", ".woff2", ".gz"):
                continue
            text = path.read_text("utf-8", errors="replace").lower()
            checked += 1
            assert not [e for e in emails if e in text], path
            assert "@velotill.example" not in text, path
            if path.name in ("directory.html", "teams.html") or "/teams/" in path.as_posix():
                assert not address.findall(text), path
    assert checked > 150


def test_a_page_per_team_and_the_directory_in_the_navigation(built_demo: Path) -> None:
    config = yaml.safe_load((PROJECT / "flaims.yaml").read_text("utf-8"))
    site = built_demo / "site"
    for team in config["teams"]:
        assert page(site, f"teams/{team['id']}.html").h1 == team["title"]
    assert page(site, "directory.html").h1 == "People directory"
    assert page(site, "teams.html").h1 == "Teams"
    index = (site / "index.html").read_text("utf-8")
    assert 'href="teams.html"' in index and 'href="directory.html"' in index


def test_directory_shows_alumni_and_links_only_public_plans(built_demo: Path) -> None:
    page = (_docs(built_demo) / "directory.md").read_text("utf-8")
    sections = dict(re.findall(r'<a id="([a-z-]+)"></a>\n\n## ([^\n]+)', page))
    people = {p["id"]: p for p in _people()}
    assert set(sections) == set(people)
    for pid, person in people.items():
        heading = person["name"] + (" (has left)" if person["status"] == "alumni" else "")
        assert sections[pid] == heading
    plans = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in (PROJECT / "plans").glob("*.yaml")}
    for pid, plan in plans.items():
        linked = f'href="plans/{pid}.html"' in page or f"(plans/{pid}.md)" in page
        assert linked == (plan["visibility"] == "public"), pid
    tomas = page.split('<a id="tomas-lindqvist"></a>')[1].split("<a id=")[0]
    assert "**Left without a keeper:**" in tomas
    assert "[Safe schema migrations](curriculum/safe-schema-migrations.md): kept only by people " \
        "who left" in tomas
    oliver = page.split('<a id="oliver-grant"></a>')[1].split("<a id=")[0]
    assert oliver.count(": written only by people who left") == 2
    assert "(failures/2025-04-26-nightly-report-oom.md)" in oliver
    assert "(failures/2025-10-07-forecast-pipeline-column-rename.md)" in oliver
    nadia = page.split('<a id="nadia-haddad"></a>')[1].split("<a id=")[0]  # the alumna's
    assert nadia.count(": written only by people who left") == 1
    assert "(failures/2025-09-03-crash-spike-no-alert.md)" in nadia
    rosa = page.split('<a id="rosa-delgado"></a>')[1].split("<a id=")[0]
    assert ('<a href="curriculum/reviewing-for-risk.html">Reviewing for risk, not for style '
            "(only keeper)</a>") in rosa
    assert ('<tr><td>Level</td><td>Staff Engineer (e4) on <a href="ladders/engineering.html">'
            "Software Engineering</a></td></tr>") in rosa


def test_team_page_lists_its_people_single_points_and_patterns(built_demo: Path) -> None:
    page = (_docs(built_demo) / "teams/platform.md").read_text("utf-8")
    # Tables are written as HTML (tables.py).
    assert ('<tr><td><a href="../directory.html#kwame-asante">Kwame Asante</a></td>'
            "<td>Senior Engineer (e3)</td>") in page
    assert ('<tr><td><a href="../curriculum/incident-command.html">Incident command and runbooks '
            'that work at 3 a.m.</a></td><td>curriculum</td><td><a href="../directory.html#'
            'kwame-asante">Kwame Asante</a></td></tr>') in page
    assert "## Failures (14)" in page and "## Retros (7)" in page
    assert '<a href="../tags/alert-gap.html">Alert gap</a></td><td style="text-align: right">4</td>' \
        in page
    assert "## Experiments (" in page


def test_health_page_shows_what_the_documents_say(built_demo: Path) -> None:
    page = (_docs(built_demo) / "health.md").read_text("utf-8")
    written = page.split("## Written only by people who have left")[1].split("\n## ")[0]
    for doc, kind, pid, name in [
            ("failures/2025-04-26-nightly-report-oom", "failure", "oliver-grant", "Oliver Grant"),
            ("failures/2025-10-07-forecast-pipeline-column-rename", "failure", "oliver-grant",
             "Oliver Grant"),
            ("curriculum/safe-schema-migrations", "curriculum", "tomas-lindqvist", "Tomas Lindqvist"),
            ("failures/2025-09-03-crash-spike-no-alert", "failure", "nadia-haddad", "Nadia Haddad")]:
        assert f'<a href="{doc}.html">' in written
        assert f'</a></td><td>{kind}</td><td><a href="directory.html#{pid}">{name}</a></td>' in written
    bus = page.split("## Only one active author")[1]
    assert "<tr><th>Person</th><th" in bus


def test_peoples_names_link_to_their_directory_entry(built_demo: Path) -> None:
    """Wherever a person's name is a link, it leads to their entry in the people directory
    (or, where the page lists who works toward a threshold, to that public plan); the
    retro, failure and module pages name their people that way."""
    names = {p["name"]: p["id"] for p in _people()}
    docs = _docs(built_demo)
    linked = 0
    for md in docs.rglob("*.md"):
        text = md.read_text("utf-8")
        # Markdown links, and the HTML links of tables (tables.py), as Markdown would name them
        found = re.findall(r"\[([^\]]+)\]\(([^)]+)\)", text) + [
            (label, target.replace(".html", ".md"))
            for target, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', text)]
        for label, target in found:
            if label in names:
                linked += 1
                pid = names[label]
                assert target.endswith((f"directory.md#{pid}", f"plans/{pid}.md")), (md, label, target)
    assert linked > 300
    failure = (docs / "failures/2025-09-03-crash-spike-no-alert.md").read_text("utf-8")
    assert '<tr><td>Written by</td><td><a href="../directory.html#nadia-haddad">Nadia Haddad</a></td></tr>' in failure
    retro = (docs / "retros/2025-09-19-mobile-crash-alerting.md").read_text("utf-8")
    assert '<tr><td>Facilitator</td><td><a href="../directory.html#lucas-moreau">Lucas Moreau</a></td></tr>' in retro
    html = (built_demo / "site/directory.html").read_text("utf-8")
    assert all(f'id="{pid}"' in html for pid in names.values())
