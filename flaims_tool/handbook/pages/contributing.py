"""How to contribute and the format reference."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import Nav, Page

if TYPE_CHECKING:
    from .site import Site

def contributing(site: Site) -> Iterator[Page]:
    from ..reference import format_reference

    yield Page("contributing.md", "contributing.md.j2", "Contributing", [], {
        "organisation": site.config.organisation,
        "example_tag": next(iter(sorted(site.index.taxonomy.tags)), "timeouts"),
    })
    yield Page("format.md", "format.md.j2", "Format reference", [],
               {"kinds": format_reference()})



OUT_OF_NAV = ()
NAV = (Nav("Contributing", "How to contribute", "contributing.md"),
       Nav("Contributing", "Format reference", "format.md"))
build = contributing
