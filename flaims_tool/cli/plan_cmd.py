"""`flaims plan`: one person's path, printed for that person (never written anywhere)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..plan import FORMATS
from . import ConfigProblem, as_date, as_of_option, format_option, repo_root

if TYPE_CHECKING:
    from ..workspace import Index


@click.command()
@click.argument("person", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              metavar="PATH", help="Read a plan kept outside the repository (in your own "
              "repository) and check it against this one's ladders, curriculum, retros and "
              "failures. Nothing is copied into this repository or its cache.")
@format_option(FORMATS)
@as_of_option
@click.pass_context
def plan(ctx: click.Context, person: str | None, file: Path | None, fmt: str,
         as_of: dt.datetime | None) -> None:
    """Show PERSON's development plan as a path: the next threshold, and how to get there.

    For each growth row: the threshold held now and the one aimed at, with the signals a peer
    would have to see; who confirmed it (or that it is self-assessed); what the person did in
    each piece of evidence; the curriculum modules and exercises that build the competency;
    and the practice minutes of the last 90 days. Then the open actions and experiments the
    person owns, oldest due date first, and how long ago the plan was updated.

    PERSON defaults to you: the person whose `emails` in people/ list your `git config
    user.email`. Private plans are shown too: this prints to your terminal only. A plan file in
    the organisation's repository is readable by anyone with access to the repository, whatever
    its `visibility`; keep a private plan in your own repository and pass --file.

    \b
    Examples:
      flaims plan
      flaims plan priya-natarajan --format json
      flaims plan --file ~/growth/plan.yaml

    Exit status: 0 shown, 1 the plan has errors (they are listed on stderr), 2 no such person
    or plan, or a usage or configuration error.
    """
    from ..plan import PlanError, find_plan, outside_plan, plan_problems, summarise
    from ..workspace import build_index

    root = repo_root(ctx)
    index = build_index(root)
    date = index.config.date(as_date(as_of))
    try:
        if file is not None:
            doc = outside_plan(index, file, str(file))
            if person is not None and doc.id is not None and doc.id != person:
                raise PlanError(f"{file} is {doc.id}'s plan, not {person}'s")
        else:
            doc = find_plan(index, person or me(root, index))
    except PlanError as e:
        raise ConfigProblem(f"plan: {e}") from e
    problems = plan_problems(index, doc, date, outside=file is not None)
    if doc.valid:
        click.echo(FORMATS[fmt](summarise(index, doc, date)).rstrip("\n"))
    for d in problems:
        click.echo(str(d), err=True)
        if d.hint:
            click.echo(f"    hint: {d.hint}", err=True)
    if not doc.valid or any(d.severity == "error" for d in problems):
        if doc.valid:
            click.echo("The plan has errors: fix them, and run this again.", err=True)
        ctx.exit(1)


def me(root: Path, index: Index) -> str:
    """The person whose people/ file lists the git user's email (history.py asks git)."""
    from .. import history

    _, email = history.current_user(root)
    person = history.email_map(index.people_emails()).get(email.lower()) if email else None
    if person is None:
        why = (f"your git email {email} is in no people/*.yaml file" if email
               else "git has no user.email to find you by")
        raise ConfigProblem(f"plan: whose plan? {why}; pass PERSON, or add your email to "
                            "your people/ file")
    return person
