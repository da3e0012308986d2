"""What the handbook shows: one `Page` (path, template, title, sources, context) per page.

Each page module declares its paths, its place in the navigation (`NAV` or `nav(site)`; pages
reached from other pages only are matched by `OUT_OF_NAV`) and its builder `build(site)`.
`MODULES` lists them in navigation order; build.py derives the navigation from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

from .. import teams
from . import contributing, curriculum, failures, health, home, ladders, overflow, people, retros, tags
from .common import Nav, Page, _dicts, _fill_months, _strs, listing_pages, pattern_row
from .curriculum import module_path
from .failures import failure_path
from .ladders import competency_path, ladder_path
from .people import plan_path
from .retros import retro_path
from .site import Change, Changes, Site, is_public, source_link
from .tags import tag_path

MODULES: tuple[ModuleType, ...] = (home, ladders, failures, tags, overflow, curriculum, retros,
                                   teams, people, health, contributing)


def build_pages(site: Site) -> Iterator[Page]:
    for module in MODULES:
        yield from module.build(site)


def nav_entries(site: Site) -> list[Nav]:
    entries: list[Nav] = []
    for module in MODULES:
        entries += module.nav(site) if hasattr(module, "nav") else list(module.NAV)
    return entries


def nav(site: Site) -> list[Any]:
    """The navigation, in MkDocs' shape: sections in the order their first entry appears."""
    sections: dict[str, list[Any]] = {}
    single: dict[str, str] = {}
    for entry in nav_entries(site):
        if entry.title is None:
            single[entry.section] = entry.path
            sections.setdefault(entry.section, [])
        else:
            sections.setdefault(entry.section, []).append({entry.title: entry.path})
    return [{name: single.get(name, items) if name in single else items}
            for name, items in sections.items()]


def out_of_nav() -> list[str]:
    return [pattern for module in MODULES for pattern in module.OUT_OF_NAV]


# The builders by their old names (`pages.failures(site)`): the modules stay reachable in MODULES.
failures = failures.failures  # type: ignore[assignment]
retros = retros.retros  # type: ignore[assignment]

__all__ = ["MODULES", "Change", "Changes", "Nav", "Page", "Site", "_dicts", "_fill_months", "_strs",
           "build_pages", "competency_path", "failure_path", "is_public", "ladder_path",
           "listing_pages", "module_path", "nav", "out_of_nav", "pattern_row", "plan_path",
           "retro_path", "source_link", "tag_path"]
