"""`flaims new` and `flaims init`: the files flaims writes for people to fill in."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..scaffold import KINDS, SEVERITIES
from . import DATE, ConfigProblem, as_date, repo_root

if TYPE_CHECKING:
    from ..scaffold import NewValues


def _shown(root: Path, rel: str) -> str:
    """A written path as the user can open it: relative to the current folder when inside it."""
    full = root / rel
    try:
        return os.path.relpath(full) if full.resolve().is_relative_to(Path.cwd().resolve()) \
            else str(full)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(full)


_ASK = {
    "title": "Title",
    "severity": "Severity",
    "team": "Team (id, e.g. payments)",
    "tags": "Failure tags (ids from failures/tags.yaml, comma-separated)",
    "ladder": "Ladder (id)",
}
_OPTION = {"title": "--title", "severity": "--severity", "team": "--team", "people": "--person",
           "tags": "--tag", "ladder": "--ladder"}


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--title", help="The title (a person's name for `person`); the id's slug is made "
              "from it.")
@click.option("--date", "date", type=DATE, default=None,
              metavar="DATE", help="The document's date, YYYY-MM-DD (default: today).")
@click.option("--team", help="Team id (failure, retro; optional for person); one of flaims.yaml's "
              "`teams` when it lists them.")
@click.option("--severity", type=click.Choice(SEVERITIES), help="A failure's severity.")
@click.option("--person", "people", multiple=True, metavar="ID",
              help="Failure author, retro facilitator (then participants), ladder or module "
              "owner, the plan's person. Repeatable. Default: you, by your git email.")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Failure tag (failure, curriculum). Repeatable.")
@click.option("--ladder", help="A plan's ladder (default: the only ladder, if there is one).")
@click.option("--email", "emails", multiple=True, metavar="EMAIL",
              help="A person's git email (person). Repeatable; never published.")
@click.option("--outside", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="DIR", help="Write a plan into DIR, outside this repository (your own "
              "repository), where only you can read it; check it with 'flaims plan --file'.")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for missing values (default: only when run in a terminal).")
@click.pass_context
def new(ctx: click.Context, kind: str, title: str | None, date: dt.datetime | None,
        team: str | None, severity: str | None, people: tuple[str, ...], tags: tuple[str, ...],
        ladder: str | None, emails: tuple[str, ...], outside: Path | None,
        interactive: bool | None) -> None:
    """Write a new document from a template, and print its path.

    Every required field is there, with a comment saying what belongs in it; what only a person
    can write is a `TODO` placeholder, which `flaims lint` reports until it is filled in. A
    failure or retro id is dated: `YYYY-MM-DD-<slug of the title>`. An existing id is an
    error: flaims never overwrites a file.

    \b
    Examples:
      flaims new failure --title "Payment API timeouts" --severity high --team payments --tag timeouts
      flaims new retro --title "Payments, March" --team payments --date 2026-03-14
      flaims new person --title "Dana Ruiz" --email dana@acme.example --team payments
      flaims new plan
      flaims new plan --outside ~/growth

    Exit status: 0 written, 2 a value missing or wrong, or the document exists.
    """
    from .. import history
    from ..scaffold import (
        NewValues,
        ScaffoldError,
        check,
        missing,
        only_ladder,
        write_new,
        write_outside,
    )
    from ..workspace import build_index

    if outside is not None and kind != "plan":
        raise ConfigProblem(f"new {kind}: --outside is for plans only (the rest of the "
                            "knowledge belongs in the repository)")
    root = repo_root(ctx)
    index = build_index(root)
    values = NewValues(
        title=title, date=as_date(date) or dt.date.today(), team=team, severity=severity,
        people=list(people), tags=list(tags), ladder=ladder, emails=list(emails),
    )
    me_hint = ""
    if kind != "person" and not values.people:
        _, email = history.current_user(root)
        person = history.email_map(index.people_emails()).get(email.lower()) if email else None
        if person:
            values.people = [person]
        else:
            me_hint = (f" (your git email {email} is in no people/*.yaml file)" if email
                       else " (git has no user.email to find you by)")
    if kind == "plan" and not values.ladder:
        values.ladder = only_ladder(index)

    if interactive is None:
        interactive = sys.stdin.isatty()
    lacking = missing(kind, values)
    if lacking and not interactive:
        names = ", ".join(_OPTION[n] + (f" (one of {', '.join(index.config.teams)})"
                                        if n == "team" and index.config.teams else "")
                          for n in lacking)
        raise ConfigProblem(f"new {kind}: missing {names}{me_hint if 'people' in lacking else ''}"
                            "; pass them as options, or run in a terminal to be asked")
    try:
        check(kind, values, index)  # what was given is refused before anything is asked
    except ScaffoldError as e:
        raise ConfigProblem(f"new {kind}: {e}") from e
    for name in lacking:
        while True:  # each answer is checked as it is given, and asked again until it is right
            _ask(kind, name, values, index.config.teams)
            try:
                check(kind, values, index)
                break
            except ScaffoldError as e:
                click.echo(f"  {str(e).removeprefix(_OPTION[name] + ' ')}", err=True)
                _forget(name, values)
    if outside is not None:
        try:
            path = write_outside(outside, values, index)
        except ScaffoldError as e:
            raise ConfigProblem(f"new {kind}: {e}") from e
        click.echo(str(path))
        click.echo(f"Fill in every TODO, then run 'flaims plan --file {path}'.", err=True)
        return
    try:
        rel = write_new(root, kind, values, index)
    except ScaffoldError as e:
        raise ConfigProblem(f"new {kind}: {e}") from e
    click.echo(_shown(root, rel))
    if "TODO" in (root / rel).read_text("utf-8"):
        click.echo("Fill in every TODO, then run 'flaims lint'.", err=True)


def _ask(kind: str, name: str, values: NewValues, teams: dict[str, str] | None) -> None:
    from ..scaffold import PEOPLE_ROLE

    if name == "team" and teams:
        # The registry's teams are the only answers `flaims lint` accepts: offer them (a
        # mistyped one gets "did you mean" from check() and the question again).
        values.team = click.prompt(f"Team (one of {', '.join(teams)})").strip()
    elif name == "severity":
        values.severity = click.prompt(_ASK[name], type=click.Choice(SEVERITIES))
    elif name == "people":
        role = PEOPLE_ROLE[kind]
        answer = click.prompt(f"Person id ({role}; comma-separated)" if role in ("authors", "owners")
                              else f"Person id ({role})")
        values.people = _split(answer)
    elif name == "tags":
        values.tags = _split(click.prompt(_ASK[name]))
    else:
        setattr(values, name, click.prompt(_ASK[name]).strip())


def _forget(name: str, values: NewValues) -> None:
    setattr(values, name, [] if name in ("people", "tags") else None)


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(",") if part.strip()]


@click.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--organisation", metavar="NAME",
              help="The organisation's name for flaims.yaml (default: the folder's name).")
@click.option("--team", "teams", multiple=True, metavar="ID",
              help="A team id for flaims.yaml's `teams` registry (then every `team` must be one "
              "of them). Repeatable. Without it the registry is written commented out.")
def init(directory: Path, organisation: str | None, teams: tuple[str, ...]) -> None:
    """Make DIRECTORY (default: here) a knowledge repository.

    Writes flaims.yaml (with a `teams` registry of each --team), the knowledge folders, a
    starter failure-tag taxonomy, mkdocs.yml, the JSON Schemas (for editors), a .gitignore for
    generated output and a README for contributors. Works in an empty or existing git
    repository, or a plain folder. A file that exists is kept untouched; the result passes
    `flaims lint` as it is.

    \b
    Examples:
      flaims init
      flaims init knowledge --organisation "Acme" --team payments --team platform

    Exit status: 0 done, 2 the folder cannot be used.
    """
    from ..scaffold import ScaffoldError, init_repository

    name = organisation or directory.resolve().name or "Our organisation"
    try:
        result = init_repository(directory, name, teams)
    except ScaffoldError as e:
        raise ConfigProblem(f"init: {e}") from e
    for rel in result.created:
        click.echo(f"created  {rel}")
    for rel in result.kept:
        click.echo(f"kept     {rel} (it exists; not changed)")
    click.echo("\nNext: flaims new person --title \"Your Name\" --email you@example.com, "
               "then flaims lint.")
