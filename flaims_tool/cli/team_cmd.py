"""`flaims team`: who is in each team, what only one of them keeps, and what if someone left."""

from __future__ import annotations

import datetime as dt

import click

from ..team import FORMATS
from . import ConfigProblem, as_date, as_of_option, format_option, repo_root


@click.command()
@click.argument("team_id", metavar="[TEAM]", required=False)
@click.option("--without", "without", metavar="PERSON",
              help="Answer as if this person had left: what would lose its keeper.")
@format_option(FORMATS)
@as_of_option
@click.pass_context
def team(ctx: click.Context, team_id: str | None, without: str | None, fmt: str,
         as_of: dt.datetime | None) -> None:
    """Show each team (or TEAM): its active people, their recognised levels, the ladders and
    modules only one of them keeps, and their open and overdue actions and experiments.

    With --without PERSON, the answer is as if that person had left: they drop out of their
    team, and what they alone kept is listed first, as knowledge with no active keeper.
    Teams are flaims.yaml's `teams`, else every team people and documents name.

    \b
    Examples:
      flaims team
      flaims team payments --format json
      flaims team --without kwame-asante

    Exit status: 0 (the report is information), 2 an unknown team or person, or a
    configuration error.
    """
    from ..team import TeamError, assess
    from ..workspace import build_index

    root = repo_root(ctx)
    index = build_index(root, kinds=("person", "ladder", "curriculum", "failure", "retro"))
    try:
        report = assess(index, index.config.date(as_date(as_of)), team_id, without)
    except TeamError as e:
        raise ConfigProblem(f"team: {e}") from e
    click.echo(FORMATS[fmt](report))
