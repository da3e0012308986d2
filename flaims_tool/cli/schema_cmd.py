"""`flaims schema`: the bundled JSON Schemas, for editors and other tools."""

from __future__ import annotations

from pathlib import Path

import click

from . import ConfigProblem


@click.command()
@click.argument("kind", required=False)
@click.option("--export", "export_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Write every schema to DIR as <kind>.schema.json (DIR is created if missing).")
def schema(kind: str | None, export_dir: Path | None) -> None:
    """Print or export the JSON Schemas (Draft 2020-12) of the knowledge files.

    Editors using the YAML language server (VS Code's YAML extension and others) complete and
    check fields as people type when a file starts with a line such as
    `# yaml-language-server: $schema=../schemas/failure.schema.json`.

    Without arguments, lists the kinds; with KIND, prints that schema. An existing file that
    differs is never overwritten: export to an empty folder, or remove the old schemas first.

    \b
    Examples:
      flaims schema
      flaims schema failure
      flaims schema --export schemas
    """
    from ..diagnostics import did_you_mean
    from ..schemas import KINDS, schema_text

    if kind is not None and export_dir is not None:
        raise click.UsageError("give a KIND to print, or --export DIR, not both")
    if kind is not None:
        if kind not in KINDS:
            raise click.UsageError(
                f"no schema for '{kind}'{did_you_mean(kind, KINDS)} (kinds: {', '.join(KINDS)})")
        click.echo(schema_text(kind), nl=False)
        return
    if export_dir is None:
        from ..schemas import schema as load

        width = max(len(k) for k in KINDS)
        for k in KINDS:
            name = f"{k}.schema.json"
            click.echo(f"{k:<{width}}  {name:<{width + 12}}  {load(k).get('title', '')}")
        return
    _export(export_dir, {f"{k}.schema.json": schema_text(k) for k in KINDS})


def _export(folder: Path, files: dict[str, str]) -> None:
    if folder.exists() and not folder.is_dir():
        raise ConfigProblem(f"{folder}: exists and is not a folder")
    # Check every file first, so a refusal leaves nothing half-written.
    conflicts = []
    for name, text in files.items():
        target = folder / name
        if target.is_symlink() or (target.exists() and
                                   target.read_bytes() != text.encode("utf-8")):
            conflicts.append(name)
    if conflicts:
        one = len(conflicts) == 1
        raise ConfigProblem(
            f"{folder}: {', '.join(conflicts)} already exist{'s' if one else ''} with other "
            f"content; flaims does not overwrite {'it' if one else 'them'} (remove "
            f"{'it' if one else 'them'} to export anew)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for name, text in files.items():
            target = folder / name
            if not target.exists():
                target.write_text(text, encoding="utf-8", newline="\n")
                written += 1
    except OSError as e:
        raise ConfigProblem(f"{folder}: cannot write the schemas: {e.strerror}") from e
    same = len(files) - written
    note = f" ({same} already up to date)" if same else ""
    click.echo(f"wrote {written} schema{'s' if written != 1 else ''} to {folder}{note}")
