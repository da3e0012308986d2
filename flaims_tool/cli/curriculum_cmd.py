"""`flaims curriculum`: is each curriculum module working?"""

from __future__ import annotations

import datetime as dt

import click

from ..curriculum import FORMATS
from . import as_date, as_of_option, format_option, overflow_rule_options, repo_root


@click.command()
@as_of_option
@overflow_rule_options(window="Compare reports per this many days",
                       threshold="A module is not working when this many reports came in the "
                       "current window since it was written")
@format_option(FORMATS)
@click.option("--check", is_flag=True,
              help="Exit 1 while a module is not working or has no active owner.")
@click.pass_context
def curriculum(ctx: click.Context, as_of: dt.datetime | None, window: int | None,
               threshold: int | None, fmt: str, check: bool) -> None:
    """Say whether each curriculum module is working.

    For each module: the failure reports of its patterns (its tags, their sub-tags and
    aliases) in the WINDOW days before it was written and since, as a rate per WINDOW days.
    The verdict is too-early (written under 30 days ago), not-working (THRESHOLD reports in
    the current window since it was written, or no fewer per window than before), working
    (fewer than before) or no-baseline. Learners come from public plans only.

    \b
    Examples:
      flaims curriculum
      flaims curriculum --format json
      flaims curriculum --format markdown >> "$GITHUB_STEP_SUMMARY"
      flaims curriculum --check

    Exit status: 0 ok, 1 a module is not working or has no active owner (with --check),
    2 usage or configuration error.
    """
    from ..curriculum import assess, modules_without_created
    from ..workspace import build_index
    from .overflow_cmd import first_commits

    index = build_index(repo_root(ctx), kinds=("failure", "tags", "curriculum", "person", "plan"))
    missing = modules_without_created(index)
    created = first_commits(index, missing) if missing else None
    report = assess(index, as_date(as_of), window, threshold, created=created)
    click.echo(FORMATS[fmt](report))
    if check and report.failing:
        names = ", ".join(f"{m.id} ({'not working' if m.verdict == 'not-working' else 'no active owner'})"
                          for m in report.failing)
        n = len(report.failing)
        click.echo(f"curriculum check failed: {n} module{'s need' if n != 1 else ' needs'} "
                   f"attention: {names}.", err=True)
        ctx.exit(1)
