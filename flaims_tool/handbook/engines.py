"""The static-site engines that can build the generated folder: MkDocs (the default),
ProperDocs (a maintained fork of MkDocs 1.6) and Zensical (Material's successor, which reads
mkdocs.yml). Each gets the same Markdown and the same mkdocs.yml; only the command differs.

Engines print notices of their own (Material's end of life, a fork's announcement). flaims does
not hide them: `notices()` turns each boxed notice into one line the user sees.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Zensical requires site_dir inside the folder of its config: it builds here, then we move it.
_ZENSICAL_SITE = "site.zensical"
_ZENSICAL_CONFIG = "zensical.yml"


@dataclass(frozen=True)
class Engine:
    name: str
    title: str  # as people write it
    module: str  # run as `python -m <module>`
    summary: str

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "MkDocs", "mkdocs", "MkDocs 1.6 with Material for MkDocs (the default)"),
    "zensical": Engine("zensical", "Zensical", "zensical", "Zensical, Material's successor; reads mkdocs.yml"),
    "properdocs": Engine("properdocs", "ProperDocs", "properdocs", "ProperDocs, a maintained fork of MkDocs 1.6"),
}
DEFAULT_ENGINE = "mkdocs"


class EngineMissing(Exception):
    """The chosen engine is not installed (a usage problem: exit 2)."""


@dataclass
class EngineRun:
    returncode: int
    output: str  # stderr then stdout, without colour codes


def choose(cli: str | None, config: str | None) -> Engine:
    """`--engine` wins over flaims.yaml's `handbook.engine`; else the default."""
    name = cli or config or DEFAULT_ENGINE
    engine = ENGINES[name]
    if not engine.installed():
        raise EngineMissing(f"the {name} engine is not installed: pip install {name} "
                            f"(or choose another with --engine {'|'.join(ENGINES)})")
    return engine


def run(engine: Engine, config: Path, site_dir: Path, strict: bool) -> EngineRun:
    """Build the site of `config` (a generated mkdocs.yml) into `site_dir`."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if engine.name == "zensical":
        return _zensical(config, site_dir, strict, env)
    args = [sys.executable, "-m", engine.module, "build", "--clean", "-f", str(config),
            "-d", str(site_dir)]
    if strict:
        args.append("--strict")
    return _run(args, config.parent, env)


def _zensical(config: Path, site_dir: Path, strict: bool, env: dict[str, str]) -> EngineRun:
    # The same settings, with site_dir moved inside the generated folder (Zensical refuses
    # one outside it); the result is moved to where the caller asked.
    text = config.read_text("utf-8")
    text = re.sub(r"(?m)^site_dir: .*$", f"site_dir: {_ZENSICAL_SITE}", text, count=1)
    variant = config.parent / _ZENSICAL_CONFIG
    variant.write_text(text, "utf-8")
    built = config.parent / _ZENSICAL_SITE
    if built.exists():
        shutil.rmtree(built)
    args = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(variant)]
    if strict:
        args.append("--strict")
    result = _run(args, config.parent, env)
    if result.returncode == 0:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(built), str(site_dir))
    return result


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> EngineRun:
    proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    return EngineRun(proc.returncode, _ANSI.sub("", proc.stderr + proc.stdout))


def notices(output: str) -> list[str]:
    """Each boxed notice an engine printed (a run of lines that start with '│'), as its first
    line, e.g. "Material for MkDocs reaches end of life on May 5, 2027." Zensical's
    diagnostics are boxes too, opened by '╭' and closed by '╯': those are not notices."""
    boxes = NoticeFilter("")
    for line in output.splitlines():
        boxes.feed(line)
    return boxes.found


def notice_line(engine: str, notice: str) -> str:
    """How flaims shows an engine's notice: one line, and where to read more."""
    return f"notice from {engine}: {notice} (README: \"Engines\")"


class NoticeFilter:
    """The same one-line summary for output that streams (`flaims serve`): `feed` takes the
    engine's lines one by one and returns what to show — every line as it is, except that a
    boxed notice becomes its first line, once, and the engine's "to disable this warning" hint
    after it is dropped."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.inside = False
        self.diagnostic = False
        self.after = False  # just after a box
        self.found: list[str] = []  # each notice's first line

    def feed(self, line: str) -> str | None:
        plain = _ANSI.sub("", line).strip()
        if plain.startswith("╭"):
            self.diagnostic = True
        elif plain.endswith("╯"):
            self.diagnostic = False
        if plain.startswith("│") and not self.diagnostic:
            body = plain.lstrip("│").strip()
            if not self.inside and re.search(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}", body):
                self.inside = True
                self.found.append(body)
                return notice_line(self.engine, body)
            return None
        after_box = self.inside or self.after
        self.inside = False
        # The blank lines around a box and the engine's "to disable this warning" hint go with it.
        self.after = after_box and (not plain or "disable this warning" in plain)
        return None if self.after else line

