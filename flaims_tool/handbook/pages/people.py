"""People and growth: the public plans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..escape import is_slug
from .common import Nav, Page, _dicts
from .ladders import ladder_path

if TYPE_CHECKING:
    from .site import Site


def plan_path(pid: Any) -> str | None:
    return f"plans/{pid}.md" if is_slug(pid) else None


DIRECTORY = "directory.md"  # the people directory (handbook/teams.py): one entry per person


def person_path(pid: Any) -> str | None:
    """A person's entry in the people directory (which links their plan when it is public)."""
    return f"{DIRECTORY}#{pid}" if is_slug(pid) else None


def people(site: Site) -> Iterator[Page]:
    from ..growth import plan_page

    rows = []
    for plan in sorted(site.plans, key=lambda p: site.index.person_name(str(p.id)).lower()):
        pid = str(plan.id)
        data = plan.data
        person = site.index.get("person", pid)
        team = person.data.get("team", "") if person is not None and person.valid else ""
        ladder = site.index.get("ladder", data.get("ladder", ""))
        lid = str(data.get("ladder"))
        rows.append({"person": site.person(pid), "team": team, "vision": data.get("vision", ""),
                     "updated": data.get("updated", ""),
                     "ladder": {"name": ladder.title if ladder else lid,
                                "target": ladder_path(lid) if ladder else None},
                     "gaps": len(_dicts(data.get("growth")))})
        yield plan_page(site, plan, team)
    yield Page("people.md", "people.md.j2", "People and growth", [p.path for p in site.plans],
               {"plans": rows})



OUT_OF_NAV = ("/plans/",)
NAV = (Nav("People and growth", None, "people.md"),)
build = people
