"""`flaims list`: what the repository holds."""

from __future__ import annotations

import json

import click

from . import ConfigProblem, repo_root

KINDS = ["ladders", "tags", "failures", "retros", "curriculum", "people", "plans"]


@click.command("list")
@click.argument("kind", required=False, type=click.Choice(KINDS))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
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
    from ..catalog import catalog, counted
    from ..workspace import ConfigError, build_index

    try:
        data = catalog(build_index(repo_root(ctx)))
    except ConfigError as e:
        raise ConfigProblem(str(e)) from e
    if kind:
        data = {"organisation": data["organisation"], "counts": {kind: data["counts"][kind]},
                "documents": {kind: data["documents"][kind]}}
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not kind:
        click.echo(f"{data['organisation']}: " + ", ".join(counted(n, k) for k, n in data["counts"].items()))
        return
    rows = [[str(row["id"]), *(str(row.get(k) or "") for k in ("date", "severity", "team", "status",
                                                                 "visibility")), row.get("title", "")]
            for row in data["documents"][kind]]
    used = [i for i in range(len(rows[0])) if any(r[i] for r in rows)] if rows else []
    widths = {i: max(len(r[i]) for r in rows) for i in used}
    for r in rows:
        click.echo("  ".join(r[i].ljust(widths[i]) for i in used).rstrip())
