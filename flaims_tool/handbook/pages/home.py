"""The home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import loop
from .common import Nav, Page, pattern_row
from .health import at_risk

if TYPE_CHECKING:
    from .site import Site

RECENT = 5


def home(site: Site) -> Iterator[Page]:
    recent = [site.failure_row(d) for d in site.sorted_failures()
              if (d.date or dt.date.max) <= site.as_of][:RECENT]
    recent_retros = [site.retro_row(d) for d in site.sorted_retros()
                     if (d.date or dt.date.max) <= site.as_of][:RECENT]
    experiments = [e for e in site.experiments() if e["status"] in ("open", "overdue")]
    experiments.sort(key=lambda e: (e["status"] != "overdue", str(e["due"])))
    yield Page("index.md", "home.md.j2", site.config.handbook_title, site.public_sources(), {
        "organisation": site.config.organisation,
        "overflowing": [pattern_row(site, p) for p in site.report.overflowing],
        "recent_failures": recent, "recent_retros": recent_retros,
        "experiments": experiments,
        "overdue": sum(1 for e in experiments if e["status"] == "overdue"),
        "at_risk": at_risk(site)[:RECENT],
        "loop": loop.home_lines(site),
        "counts": {"failures": len(site.failures), "retros": len(site.retros),
                   "modules": len(site.modules), "ladders": len(site.ladders),
                   "plans": len(site.plans)},
    })



OUT_OF_NAV = ()
NAV = (Nav("Home", None, "index.md"),)
build = home
