"""`flaims build` and `flaims serve`: the handbook."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from ..handbook.engines import DEFAULT_ENGINE, ENGINES, notice_line
from ..handbook.render import counted
from . import ConfigProblem, as_date, as_of_option, repo_root


def _interactive() -> bool:
    """Progress only for a person at a terminal: quiet in CI and in pipes."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _site_dir(root: Path, site_dir: Path | None) -> Path:
    if site_dir is None:
        return root / "site"
    return site_dir if site_dir.is_absolute() else Path.cwd() / site_dir


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


def _cannot_write(e: OSError) -> str:
    from ..diagnostics import shown

    where = shown(str(e.filename)) if e.filename else "the repository"
    return f"{where}: cannot write ({e.strerror or e}); the handbook was not built"


def run_build(ctx: click.Context, strict: bool, as_of: dt.datetime | None,
              site_dir: Path | None, *, quiet: bool = False, site_url: str | None = None,
              engine: str | None = None) -> Path:
    from ..handbook.build import build
    from ..reporters import REPORTERS

    root = repo_root(ctx)
    chatty = _interactive() and not quiet

    def progress(message: str) -> None:
        if chatty:
            click.echo(f"  {message}", err=True)

    try:
        result = build(root, as_date(as_of), _site_dir(root, site_dir), strict, progress, site_url,
                       notice=lambda m: click.echo(m, err=True), engine=engine)
    except OSError as e:  # a read-only repository, a full disk
        raise ConfigProblem(_cannot_write(e)) from e
    if not result.built:
        lint = result.lint
        click.echo(REPORTERS["text"](lint.diagnostics, lint.summary, sys.stdout.isatty()))
        click.echo("flaims: the handbook was not built: fix the problems above first", err=True)
        ctx.exit(1)
    if result.lint.diagnostics:
        # Warnings do not stop the build, but nobody should miss them.
        lint = result.lint
        click.echo(REPORTERS["text"](lint.diagnostics, lint.summary, False), err=True)
    for warning in result.warnings:
        click.echo(warning, err=True)
    for notice in result.notices:
        # The engine's own announcement (Material's end of life), in one line.
        click.echo(notice_line(result.engine, notice), err=True)
    assert result.site_dir is not None
    if not quiet:  # the closing line on a terminal and in CI logs alike; progress only on a terminal
        # After an earlier build, how many of flaims' pages this one had to rewrite.
        changed = counted(result.regenerated, "page") if result.regenerated else "no page"
        kept = f"; {changed} changed since the last build" if result.unchanged else ""
        click.echo(f"{result.pages} pages written in {result.seconds:.1f} s "
                   f"({result.engine} {result.engine_seconds:.1f} s{kept}) to "
                   f"{_shown(root, result.site_dir)}", err=True)
    return result.site_dir


@click.command()
@click.option("--strict", is_flag=True,
              help="Fail on warnings of the handbook itself (MkDocs: a broken link, a missing "
              "page). Lint warnings are shown but do not fail; use 'flaims lint --strict' for them.")
@as_of_option
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="PATH", help="Where to write the site (default: site/ in the repository).")
@click.option("--site-url", envvar="FLAIMS_SITE_URL", default=None, metavar="URL",
              callback=lambda ctx, param, value: _check_url(value),
              help="The address the site is published at, e.g. https://org.github.io/repo/ "
              "(default: handbook.url in flaims.yaml; also read from FLAIMS_SITE_URL). The 404 "
              "page's links and the sitemap are made from it.")
@click.option("--engine", type=click.Choice(tuple(ENGINES)), default=None,
              help=f"What builds the site (default: handbook.engine in flaims.yaml, else "
              f"{DEFAULT_ENGINE}).")
@click.pass_context
def build(ctx: click.Context, strict: bool, as_of: dt.datetime | None,
          site_dir: Path | None, site_url: str | None, engine: str | None) -> None:
    """Build the handbook: a static MkDocs Material site in site/.

    Lints first (errors stop the build), generates Markdown pages into .flaims/handbook/,
    then runs MkDocs (or the engine chosen). site/ is replaced only after a successful build.
    On a terminal it shows progress; in CI only warnings, errors and the engine's notices.

    \b
    Examples:
      flaims build
      flaims build --strict --as-of 2026-03-31 --site-dir public
      flaims build --site-url https://org.github.io/handbook/
      flaims build --engine zensical

    Exit status: 0 built, 1 problems (lint errors, MkDocs failure), 2 usage or configuration.
    """
    run_build(ctx, strict, as_of, site_dir, site_url=site_url, engine=engine)


def _check_url(value: str | None) -> str | None:
    from ..handbook.escape import external_url

    if not value:  # an empty FLAIMS_SITE_URL means "not set"
        return None
    if external_url(value) != value:
        raise click.BadParameter(f"{value[:80]!r} is not an http:// or https:// address",
                                 param_hint="'--site-url'")
    return value


@click.command()
@as_of_option
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1 to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to listen on (localhost by default).")
@click.pass_context
def serve(ctx: click.Context, as_of: dt.datetime | None, port: int, host: str) -> None:
    """Build the handbook and serve it with live reload.

    Editing a YAML file, flaims.yaml, mkdocs.yml or a hand-written page regenerates the pages;
    the browser reloads by itself. Stop with Ctrl+C.

    \b
    Examples:
      flaims serve
      flaims serve --port 8001
    """
    from ..handbook.serve import serve as run_serve

    root = repo_root(ctx)
    try:
        code = run_serve(root, as_date(as_of), host, port,
                         echo=lambda m: click.echo(m, err=True))
    except OSError as e:
        raise ConfigProblem(_cannot_write(e)) from e
    ctx.exit(code)
