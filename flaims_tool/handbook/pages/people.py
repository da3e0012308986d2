"""People and growth: the public plans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...model import Document
from ..escape import is_slug
from ..split import part_path
from .common import Nav, Page, _dicts, listing_pages
from .ladders import ladder_path

if TYPE_CHECKING:
    from .site import Site


def plan_path(pid: Any) -> str | None:
    return f"plans/{pid}.md" if is_slug(pid) else None


DIRECTORY = "directory.md"  # the people directory (handbook/teams.py): one entry per person
# People per part of the directory (split.py): an entry is 150-250 search tokens at 10,000
# documents (its reports and retros grow with them), so 30 keep a part near 6,000.
DIRECTORY_ROWS = 30


def person_path(pid: Any, part: str = DIRECTORY) -> str | None:
    """A person's entry in the people directory (which links their plan when it is public)."""
    return f"{part}#{pid}" if is_slug(pid) else None


def directory_order(site: Site) -> list[Document]:
    """The people in the directory's order: active people first, by name."""
    return sorted(site.people, key=lambda p: (p.data.get("status") != "active",
                                              site.index.person_name(str(p.id)).lower()))


def directory_targets(site: Site) -> dict[str, str]:
    """Person id -> their entry, on the part of the directory that holds it."""
    return {str(doc.id): f"{part_path(DIRECTORY, n // DIRECTORY_ROWS + 1)}#{doc.id}"
            for n, doc in enumerate(directory_order(site))}


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
        rows.append(({"person": site.person(pid), "team": team, "vision": data.get("vision", ""),
                     "updated": data.get("updated", ""),
                     "ladder": {"name": ladder.title if ladder else lid,
                                "target": ladder_path(lid) if ladder else None},
                     "gaps": len(_dicts(data.get("growth")))}, plan.path))
        yield plan_page(site, plan, team)
    # One row per public plan, in parts of ROWS_PER_PAGE (split.py).
    yield from listing_pages("people.md", "people.md.j2", "People and growth",
                             [("", rows)] if rows else [], {"plans": len(rows)})



OUT_OF_NAV = ("/plans/",)
NAV = (Nav("People and growth", None, "people.md"),)
build = people
