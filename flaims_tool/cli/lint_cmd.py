"""`flaims lint` and `flaims rules`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import ConfigProblem, as_date, as_of_option, repo_root


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]),
              default="text", show_default=True,
              help="text for people, json for tools, github for annotations, sarif for code "
              "scanning.")
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
    from ..lint import lint as run_lint
    from ..lint import lint_cached
    from ..reporters import REPORTERS
    from ..workspace import ConfigError, build_index

    root = repo_root(ctx)
    only = [_relative(root, p) for p in paths] if paths else None
    try:
        if changed_since is None:
            result = lint_cached(root, as_date(as_of), only, use_cache=not no_cache)
        else:  # pull-request mode compares documents: it needs them all loaded
            result = run_lint(root, as_date(as_of), only, index=build_index(root, use_cache=not no_cache))
    except ConfigError as e:
        raise ConfigProblem(str(e)) from e
    if changed_since is not None:
        from ..history import GitError
        from ..lint import changed_since as only_changes

        try:
            result = only_changes(result, changed_since)
        except GitError as e:
            raise ConfigProblem(f"--changed-since: {e}") from e
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(REPORTERS[fmt](result.diagnostics, result.summary, color))
    ctx.exit(1 if result.failed(strict) else 0)


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
