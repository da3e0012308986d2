"""The `flaims` command: Click only here; every command module is imported when it is used."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .. import __version__

# name -> "module:function", imported only when that command runs (keeps `flaims lint` fast).
COMMANDS = {
    "lint": "flaims_tool.cli.lint_cmd:lint",
    "rules": "flaims_tool.cli.lint_cmd:rules",
    "list": "flaims_tool.cli.list_cmd:list_documents",
}
# Added by other command modules as they exist; listed here so `flaims --help` shows them all.
OPTIONAL_COMMANDS = {
    "overflow": "flaims_tool.cli.overflow_cmd:overflow",
    "curriculum": "flaims_tool.cli.curriculum_cmd:curriculum",
    "health": "flaims_tool.cli.git_cmd:health",
    "new": "flaims_tool.cli.git_cmd:new",
    "init": "flaims_tool.cli.git_cmd:init",
    "build": "flaims_tool.cli.handbook_cmd:build",
    "serve": "flaims_tool.cli.handbook_cmd:serve",
    "schema": "flaims_tool.cli.schema_cmd:schema",
}


def _available() -> dict[str, str]:
    found = dict(COMMANDS)
    for name, target in OPTIONAL_COMMANDS.items():
        module = target.split(":")[0]
        if importlib.util.find_spec(module) is not None:
            found[name] = target
    return found


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # `flaims list | head`: the reader has gone; stop quietly like other Unix tools.
            sys.stderr.close()
            raise SystemExit(0) from None
        except Exception as e:
            # A bug in flaims must still end with one clear line, not a traceback in a CI log.
            if os.environ.get("FLAIMS_DEBUG"):
                raise
            raise ConfigProblem(
                f"internal error ({type(e).__name__}: {str(e)[:200]}); rerun with FLAIMS_DEBUG=1 "
                "for details, and please report it"
            ) from e

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_available())

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from ..diagnostics import did_you_mean

            raise click.UsageError(f"no command '{name}'{did_you_mean(name, _available())}", ctx)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _available().get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


class ConfigProblem(click.ClickException):
    """The repository or its flaims.yaml cannot be used: exit 2, one line."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"flaims: {self.format_message()}", err=True)


@dataclass
class Settings:
    repo: Path | None


def as_of_option(f: Any) -> Any:
    return click.option(
        "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
        help="Read the repository as of this date (YYYY-MM-DD) instead of flaims.yaml's "
        "`as_of` or today.",
    )(f)


def as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def repo_root(ctx: click.Context) -> Path:
    """The repository root from --repo or the current directory (searching upward)."""
    from ..workspace import ConfigError, find_root

    settings: Settings = ctx.find_object(Settings) or Settings(None)
    start = settings.repo or Path.cwd()
    if settings.repo is not None and not settings.repo.is_dir():
        raise ConfigProblem(f"{settings.repo}: no such directory")
    try:
        return find_root(start)
    except ConfigError as e:
        raise ConfigProblem(str(e)) from e


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--repo", type=click.Path(path_type=Path, file_okay=False), metavar="PATH",
              help="The knowledge repository (default: the one containing the current directory).")
@click.version_option(__version__, prog_name="flaims")
@click.pass_context
def main(ctx: click.Context, repo: Path | None) -> None:
    """flaims: make learning structural, as code.

    Lints the ladders, retros, failure reports, curriculum, people and personal development
    plans of a knowledge repository, finds failure patterns that keep recurring (Failure
    Overflow), and builds the handbook.

    \b
    Exit status: 0 clean, 1 problems found, 2 usage or configuration error.
    """
    ctx.obj = Settings(repo)
