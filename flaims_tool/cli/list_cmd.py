"""`flaims list`: what the repository holds."""

from __future__ import annotations

import click

from ..catalog import FORMATS
from ..kinds import DOCUMENT_KINDS
from . import emit, format_option, repo_root


@click.command("list")
@click.argument("kind", required=False, type=click.Choice([k.plural for k in DOCUMENT_KINDS]))
@format_option(FORMATS)
@click.pass_context
def list_documents(ctx: click.Context, kind: str | None, fmt: str) -> None:
    """List the documents of the repository, or of one KIND, with their key facts.

    Only documents that pass their schema are listed (`flaims lint` reports the others);
    private plans are listed by owner only.

    \b
    Examples:
      flaims list
      flaims list failures
      flaims list people --format json
    """
    from ..catalog import catalog
    from ..workspace import build_index

    data = catalog(build_index(repo_root(ctx)))
    if kind:
        data = {"organisation": data["organisation"], "counts": {kind: data["counts"][kind]},
                "documents": {kind: data["documents"][kind]}}
    emit(FORMATS[fmt](data, kind))
