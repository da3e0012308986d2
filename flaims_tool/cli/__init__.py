"""The `flaims` command: Click only here; every command module is imported when it is used."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import INTERNAL_ERROR, USAGE, FlaimsError
from ..output import Formats

# name -> "module:function", imported only when that command runs (keeps `flaims lint` fast).
COMMANDS = {
    "lint": "flaims_tool.cli.lint_cmd:lint",
    "rules": "flaims_tool.cli.lint_cmd:rules",
    "list": "flaims_tool.cli.list_cmd:list_documents",
}
# Added by other command modules as they exist; listed here so `flaims --help` shows them all.
OPTIONAL_COMMANDS = {
    "overflow": "flaims_tool.cli.overflow_cmd:overflow",
    "plan": "flaims_tool.cli.plan_cmd:plan",
    "curriculum": "flaims_tool.cli.curriculum_cmd:curriculum",
    "health": "flaims_tool.cli.health_cmd:health",
    "new": "flaims_tool.cli.scaffold_cmd:new",
    "init": "flaims_tool.cli.scaffold_cmd:init",
    "build": "flaims_tool.cli.handbook_cmd:build",
    "serve": "flaims_tool.cli.handbook_cmd:serve",
    "schema": "flaims_tool.cli.schema_cmd:schema",
    "team": "flaims_tool.cli.team_cmd:team",
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
        except KeyboardInterrupt:
            # Ctrl-C: stop at once and quietly, with the shell's status for an interrupt.
            raise SystemExit(130) from None
        except BrokenPipeError:
            # `flaims list | head`: the reader has gone; stop quietly like other Unix tools.
            sys.stderr.close()
            raise SystemExit(0) from None
        except FlaimsError as e:
            # The one error boundary: every error the core raises on purpose is one line here.
            output = getattr(e, "output", "")
            if output:
                click.echo(output.rstrip(), err=True)
            raise ConfigProblem(str(e), e.exit_code) from e
        except Exception as e:
            # A bug in flaims must still end with one clear line, not a traceback in a CI log;
            # the traceback is kept in a log the user can attach to a report.
            if os.environ.get("FLAIMS_DEBUG"):
                raise
            raise InternalError(e) from e

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
    """The repository or its flaims.yaml cannot be used (exit 2), or another error the user
    can fix, with its own exit status: one line."""

    def __init__(self, message: str, exit_code: int = USAGE) -> None:
        super().__init__(message)
        setattr(self, "exit_code", exit_code)  # noqa: B010 - Click declares it on the class

    def show(self, file: Any = None) -> None:
        click.echo(f"flaims: {self.format_message()}", err=True)


class InternalError(ConfigProblem):
    """A bug in flaims: exit 3, one line, and the traceback in a log file."""

    def __init__(self, error: BaseException) -> None:
        log = crash_log(error)
        where = f"the details are in {log}" if log else "rerun with FLAIMS_DEBUG=1 for the details"
        super().__init__(f"internal error ({type(error).__name__}: {str(error)[:200]}); {where}; "
                         "please report it", INTERNAL_ERROR)


def crash_log(error: BaseException) -> str | None:
    """Write the traceback where a user can attach it to a report (the user's cache folder,
    never the repository); None when that cannot be written."""
    import tempfile
    import traceback

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (os.path.join(base, "flaims"), tempfile.gettempdir()):
        path = os.path.join(folder, "flaims-crash.log")
        try:
            os.makedirs(folder, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(f"flaims {__version__}, Python {sys.version.split()[0]}, "
                         f"{' '.join(sys.argv)}\n\n")
                fh.write("".join(traceback.format_exception(error)))
            return path
        except OSError:
            continue
    return None


@dataclass
class Settings:
    repo: Path | None


class IsoDate(click.ParamType):
    """A YYYY-MM-DD date; one that has the form but is not on the calendar is said to be so."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.datetime):
            return value
        text = str(value)
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            self.fail(f"'{text}' is not a date in the form YYYY-MM-DD (e.g. 2026-03-31)", param, ctx)
        try:
            return dt.datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            year, month, day = (int(p) for p in text.split("-"))
            why = ("there is no year 0" if year < 1 else f"there is no month {month}" if not 1 <= month <= 12
                   else f"{dt.date(year, month, 1):%B %Y} has no day {day}")
            self.fail(f"'{text}' is not a real date: {why}", param, ctx)


DATE = IsoDate()


def as_of_option(f: Any) -> Any:
    return click.option(
        "--as-of", type=DATE, default=None, metavar="DATE",
        help="Read the repository as of this date (YYYY-MM-DD) instead of flaims.yaml's "
        "`as_of` or today.",
    )(f)


def overflow_rule_options(window: str, threshold: str) -> Any:
    """`--window DAYS` and `--threshold N`: the Failure Overflow rule's two numbers, which
    overflow and curriculum both read (defaults from flaims.yaml's `overflow`). Each command
    says in its own words what the numbers do there."""
    def apply(f: Any) -> Any:
        f = click.option("--threshold", type=click.IntRange(min=1), default=None, metavar="N",
                         help=f"{threshold} (default: flaims.yaml's overflow.threshold, "
                         "else 3).")(f)
        return click.option("--window", "window", type=click.IntRange(min=1), default=None,
                            metavar="DAYS", help=f"{window} (default: flaims.yaml's "
                            "overflow.window_days, else 90).")(f)
    return apply


def format_option(formats: Formats, default: str = "text") -> Any:
    """`--format`, its choices and help derived from the command's registry of formats."""
    return click.option("--format", "fmt", type=click.Choice(tuple(formats)), default=default,
                        show_default=True, help=formats.help)


def emit(output: str) -> None:
    """Print a formatter's output, ending with exactly one newline."""
    click.echo(output, nl=not output.endswith("\n"))


def as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def repo_root(ctx: click.Context) -> Path:
    """The repository root from --repo or the current directory (searching upward)."""
    from ..workspace import find_root

    settings: Settings = ctx.find_object(Settings) or Settings(None)
    start = settings.repo or Path.cwd()
    if settings.repo is not None and not settings.repo.is_dir():
        raise ConfigProblem(f"{settings.repo}: no such directory")
    return find_root(start)


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
    Exit status: 0 clean, 1 problems found, 2 usage or configuration error,
    3 an internal error (a bug in flaims; the message names a log to attach to a report).
    """
    ctx.obj = Settings(repo)
