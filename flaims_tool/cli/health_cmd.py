"""`flaims health`: knowledge at risk of being lost as people leave."""

from __future__ import annotations

import datetime as dt

import click

from ..health import FORMATS as HEALTH_FORMATS
from ..health import MAX_AGE_DAYS
from . import ConfigProblem, as_date, as_of_option, emit, format_option, repo_root


@click.command()
@format_option(HEALTH_FORMATS)
@click.option("--max-age", type=click.IntRange(min=1), default=MAX_AGE_DAYS, show_default=True,
              metavar="DAYS", help="Ladders and modules unchanged for longer are stale.")
@as_of_option
@click.pass_context
def health(ctx: click.Context, fmt: str, max_age: int, as_of: dt.datetime | None) -> None:
    """Show knowledge at risk of being lost as people leave.

    Lists ladders and modules whose owners are all alumni; documents whose every git author is
    alumni or unknown (authors are mapped to people by the `emails` in people/, respecting
    .mailmap); ladders and modules unchanged for more than --max-age days (by the date of their
    last commit); and people who are the only active author of documents (the bus factor).
    Outside git, or in a shallow clone, it says what it could not know.

    \b
    Examples:
      flaims health
      flaims health --format json --max-age 180

    Exit status: 0 (the report is information, not a failure), 2 configuration error.
    """
    from .. import health as health_mod
    from ..history import GitError, read_history
    from ..workspace import build_index

    root = repo_root(ctx)
    index = build_index(root)
    try:
        hist = read_history(root, index.people_emails())
    except GitError as e:
        raise ConfigProblem(f"health: git: {e}") from e
    report = health_mod.assess(index, hist, index.config.date(as_date(as_of)), max_age)
    emit(HEALTH_FORMATS[fmt](report))
