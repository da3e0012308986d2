"""`flaims overflow`: failure patterns that keep recurring, and the curriculum they need."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from ..overflow import FORMATS
from . import as_date, as_of_option, format_option, overflow_rule_options, repo_root

if TYPE_CHECKING:
    from ..overflow import OverflowReport
    from ..workspace import Index


@click.command()
@as_of_option
@overflow_rule_options(window="Count reports within this many days ending on the as-of date",
                       threshold="A tag overflows at this many reports in the window")
@format_option(FORMATS)
@click.option("--check", is_flag=True,
              help="Exit 1 when an overflowing tag is not covered by any curriculum module.")
@click.option("--scaffold", is_flag=True,
              help="Write a curriculum module stub for each uncovered overflowing tag "
              "(never overwrites a file).")
@click.pass_context
def overflow(ctx: click.Context, as_of: dt.datetime | None, window: int | None,
             threshold: int | None, fmt: str, check: bool, scaffold: bool) -> None:
    """Find failure patterns that keep recurring: Failure Overflow.

    A tag overflows when at least THRESHOLD failure reports carrying it (or one of its
    sub-tags, or an alias) are dated within the WINDOW days ending on the as-of date. It is
    covered when a curriculum module lists it or a parent tag, and recurring despite
    curriculum when THRESHOLD of those reports came after that module was created: the
    module is not working.

    \b
    Examples:
      flaims overflow
      flaims overflow --as-of 2026-03-31 --window 60 --threshold 2
      flaims overflow --format markdown >> "$GITHUB_STEP_SUMMARY"
      flaims overflow --check
      flaims overflow --scaffold

    Exit status: 0 ok, 1 an overflowing tag is not covered (with --check), 2 usage or
    configuration error.
    """
    index = build(ctx)
    report = detect(index, as_date(as_of), window, threshold)
    click.echo(FORMATS[fmt](report))
    # Messages about what was done or must be done go to stderr when stdout is json.
    err = fmt == "json"
    if scaffold:
        from ..scaffold_overflow import scaffold as write_stubs

        for w in write_stubs(index, report):
            click.echo(f"wrote {w.path}" if w.created else
                       f"kept {w.path}: it already exists; flaims never overwrites a file",
                       err=err)
    if check and report.uncovered:
        n = len(report.uncovered)
        # One line says what failed and which tags; the table above already said the rest.
        click.echo(f"overflow check failed: {n} overflowing tag{'s are' if n != 1 else ' is'} "
                   "not covered by any curriculum module: "
                   f"{', '.join(p.tag for p in report.uncovered)}.", err=True)
        click.echo("Then fill in the TODOs, run 'flaims lint', and open a pull request."
                   if scaffold else
                   "Run 'flaims overflow --scaffold', fill in the stubs' TODOs, run "
                   "'flaims lint', and open a pull request.", err=True)
        ctx.exit(1)


def build(ctx: click.Context) -> Index:
    from ..workspace import build_index

    # Overflow reads failures, the taxonomy and curriculum: nothing else is loaded.
    return build_index(repo_root(ctx), kinds=("failure", "tags", "curriculum"))


def detect(index: Index, as_of: dt.date | None, window: int | None,
           threshold: int | None) -> OverflowReport:
    """Detect, then again with first-commit dates if a covering module has no `created`."""
    from ..overflow import detect as run_detect
    from ..overflow import modules_needing_dates

    report = run_detect(index, as_of, window, threshold)
    missing = modules_needing_dates(index, report)
    if not missing:
        return report
    created = first_commits(index, missing)
    return run_detect(index, as_of, window, threshold, created=created) if created else report


def first_commits(index: Index, module_ids: list[str]) -> dict[str, dt.date]:
    """Module id -> date of the module file's first commit, from the history module (the only
    one that talks to git). Outside git, or when git cannot answer, there are none."""
    from ..history import GitError, read_history

    try:
        history = read_history(index.root)
    except GitError:
        return {}
    return history.first_dates(index.paths("curriculum", module_ids))
