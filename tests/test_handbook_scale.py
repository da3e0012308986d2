"""The handbook scales linearly: the navigation holds sections and index pages only, so a
report's page does not grow with the number of reports (with every report in the navigation,
each page carries the whole list and the site grows with the square of the reports)."""

from __future__ import annotations

import datetime as dt
import math
import shutil
import time
from pathlib import Path

import pytest

from flaims_tool.handbook.split import ROWS_PER_PAGE

from .conftest import FORMATS_EXAMPLE, Run

TAGS = ["config-drift", "timeouts", "alerting", "capacity", "configuration"]
TEAMS = ["payments", "platform", "mobile", "data"]
SEVERITIES = ["low", "medium", "high", "critical"]


def organisation(root: Path, reports: int) -> Path:
    """The formats.md example plus `reports` generated failure reports (lint-clean)."""
    shutil.copytree(FORMATS_EXAMPLE, root)
    start = dt.date(2023, 1, 1)
    for n in range(reports):
        day = start + dt.timedelta(days=n * 1000 // reports)
        rid = f"{day.isoformat()}-generated-report-{n}"
        folder = root / "failures" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{rid}.yaml").write_text(
            f"id: {rid}\n"
            f"title: Generated report number {n} about a queue that stalled\n"
            f"date: {day.isoformat()}\n"
            f"severity: {SEVERITIES[n % 4]}\n"
            f"team: {TEAMS[n % 4]}\n"
            "authors: [alice-ng]\n"
            "summary: >-\n"
            "  A background queue stopped draining for a while and nobody noticed until the\n"
            "  morning, when the support team saw the complaints piling up.\n"
            "contributing_factors:\n"
            "  - The queue had no age alert.\n"
            f"tags: [{TAGS[n % len(TAGS)]}]\n"
            "lessons:\n"
            "  - Alert on the age of the oldest message, not on errors.\n", "utf-8")
    return root


def measure(flaims: Run, root: Path) -> dict[str, float]:
    began = time.monotonic()
    result = flaims("build", repo=root)
    seconds = time.monotonic() - began
    assert result.exit_code == 0, result.output
    site = root / "site"
    pages = list(site.rglob("*.html"))
    reports = list((site / "failures").glob("*.html"))
    content = sum(p.stat().st_size for p in site.rglob("*")
                  if p.is_file() and "assets" not in p.relative_to(site).parts)
    parts = [p for p in pages if "-page-" in p.name]  # the later parts of split pages (split.py)
    return {"pages": len(pages), "parts": len(parts), "seconds": seconds,
            "report_page": sum(p.stat().st_size for p in reports) / len(reports),
            "per_page": content / len(pages)}


@pytest.mark.slow
def test_page_size_does_not_grow_with_the_number_of_reports(flaims: Run, tmp_path: Path) -> None:
    small = measure(flaims, organisation(tmp_path / "small", 200))
    large = measure(flaims, organisation(tmp_path / "large", 1000))
    print(f"\n200 reports: {small}\n1000 reports: {large}")
    # 800 report pages, and more parts of the split pages (split.py): of the three failure
    # listings at least, and of the tag, module and competency pages whose reports pass
    # ROWS_PER_PAGE.
    extra_parts = 3 * (math.ceil(1000 / ROWS_PER_PAGE) - math.ceil(200 / ROWS_PER_PAGE))
    assert large["pages"] - small["pages"] == 800 + large["parts"] - small["parts"]
    assert large["parts"] - small["parts"] >= extra_parts
    # A report's own page: the same size, whatever the number of reports.
    assert large["report_page"] / small["report_page"] < 1.05
    # The whole site (pages, search index, sitemap) per page: linear, not quadratic.
    assert large["per_page"] / small["per_page"] < 1.2
