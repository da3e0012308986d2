"""`flaims lint` and `flaims rules`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import FlaimsError
from ..reporters import REPORTERS
from . import ConfigProblem, as_date, as_of_option, format_option, repo_root

if TYPE_CHECKING:
    from ..lint import LintResult


# Formats read by GitHub, which places them by paths from the top of the git repository.
_FROM_GIT_TOP = ("github", "sarif")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(REPORTERS)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--changed-since", metavar="REF",
              help="Pull-request mode: report only problems in files changed since the merge "
              "base with REF (uncommitted files too), and problems the change caused elsewhere.")
@click.option("--no-cache", is_flag=True,
              help="Read every file afresh; neither read nor write the cache in .flaims/cache.")
@as_of_option
@click.pass_context
def lint(ctx: click.Context, paths: tuple[Path, ...], fmt: str, strict: bool,
         changed_since: str | None, no_cache: bool, as_of: dt.datetime | None) -> None:
    """Check the knowledge files: YAML, schemas and every cross-document rule.

    The whole repository is always loaded, since references cross files; with PATHS, only
    problems in those files or folders are reported.

    \b
    Examples:
      flaims lint
      flaims lint --strict --format github
      flaims lint failures/2026/2026-03-10-payment-timeouts.yaml
      flaims lint --changed-since origin/main

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or configuration error.
    """
    try:
        result, root = _run(ctx, paths, changed_since, no_cache, as_of)
    except (ConfigProblem, FlaimsError) as e:
        # A run that cannot start still leaves a machine-readable answer: a SARIF upload or an
        # annotation step then shows the reason instead of failing on an empty file.
        message = e.format_message() if isinstance(e, ConfigProblem) else str(e)
        if fmt == "sarif":
            from ..sarif import failed_log

            click.echo(json.dumps(failed_log(message), indent=2, ensure_ascii=False))
        elif fmt == "github":
            from ..reporters import _escape
            from ..sarif import PLACE

            m = PLACE.search(message)
            where = f"file={_escape(m['path'], True)},line={m['line']},col={m['column']}," if m else ""
            click.echo(f"::error {where}title=flaims::{_escape(message)}")
        raise
    diagnostics = result.diagnostics
    if fmt in _FROM_GIT_TOP:
        from ..history import prefix_in_repository

        prefix = prefix_in_repository(root)
        if prefix:
            diagnostics = [replace(d, path=prefix + d.path) for d in diagnostics]
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(REPORTERS[fmt](diagnostics, result.summary, color))
    ctx.exit(1 if result.failed(strict) else 0)


def _run(ctx: click.Context, paths: tuple[Path, ...], changed_since: str | None, no_cache: bool,
         as_of: dt.datetime | None) -> tuple[LintResult, Path]:
    from ..lint import lint as run_lint
    from ..lint import lint_cached
    from ..workspace import build_index

    root = _root(ctx, paths)
    only = [_relative(root, p) for p in paths] if paths else None
    if changed_since is None:
        result = lint_cached(root, as_date(as_of), only, use_cache=not no_cache)
    else:  # pull-request mode compares documents: it needs them all loaded
        result = run_lint(root, as_date(as_of), only, index=build_index(root, use_cache=not no_cache))
    if changed_since is not None:
        from ..history import GitError
        from ..lint import changed_since as only_changes

        try:
            result = only_changes(result, changed_since)
        except GitError as e:
            raise ConfigProblem(f"--changed-since: {e}") from e
    return result, root


def _root(ctx: click.Context, paths: tuple[Path, ...]) -> Path:
    """The repository: --repo, else the one around the current folder, else (pre-commit at the
    top of a larger repository, the knowledge in a sub-folder) the one around the files given."""
    from . import Settings

    settings = ctx.find_object(Settings)
    try:
        return repo_root(ctx)
    except (ConfigProblem, FlaimsError):
        if not paths or (settings is not None and settings.repo is not None):
            raise
        from ..workspace import ConfigError, find_root

        try:
            return find_root((Path.cwd() / paths[0]).parent)
        except ConfigError:
            raise ConfigProblem(f"{paths[0]}: not in a flaims repository (no flaims.yaml in its "
                                "folder or above); pass --repo PATH") from None


def _relative(root: Path, path: Path) -> str:
    full = (Path.cwd() / path).resolve() if not path.is_absolute() else path.resolve()
    try:
        rel = full.relative_to(root)
    except ValueError:
        raise ConfigProblem(f"{path}: outside the repository {root}") from None
    if not full.exists() and not full.is_symlink():
        raise ConfigProblem(f"{path}: no such file or folder")
    return rel.as_posix() if str(rel) != "." else ""


@click.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List every rule `flaims lint` applies, or explain one.

    \b
    Examples:
      flaims rules
      flaims rules unknown-tag
    """
    from ..rules import all_rules
    from ..rules.docs import explain, markdown, table

    known = all_rules()
    if code:
        match = [r for r in known if r.code == code]
        if not match:
            from ..diagnostics import did_you_mean

            guess = did_you_mean(code, [r.code for r in known])
            hint = guess or "; 'flaims rules' lists them"
            raise click.UsageError(f"no rule '{code}'{hint}")
        click.echo(explain(match[0]))
    elif fmt == "markdown":
        click.echo(markdown(known))
    else:
        click.echo(table(known))
