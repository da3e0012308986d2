"""`flaims build`: lint, generate the Markdown pages and mkdocs.yml, run MkDocs, publish `site/`.

The order protects what is already there: pages are generated into a fresh temporary folder
that replaces the generated folder whole (no stale page survives, a plan made private after
the last build included), MkDocs builds into a temporary folder, and `site/` is replaced only
after both succeeded. flaims writes only under `.flaims/` and into the site folder, and refuses
a site folder that could hold anything else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import BuildError, ConfigError
from ..lint import LintResult, lint
from ..workspace import FOLDERS, Index
from . import engines
from . import pages as pages_mod
from .escape import front_matter_title
from .mkdocs_config import (
    HANDWRITTEN,
    copy_handwritten,
    handwritten_nav,
    read_repo_site,
    write_config,
)
from .render import render
from .sources import describe
from .split import NOT_IN_NAV as split_not_in_nav
from .tables import Converter

WORK_DIR = ".flaims"
GENERATED = "handbook"  # .flaims/handbook: mkdocs.yml and docs/
SITE_DIR = "site"
# Written into every site flaims builds: a folder is replaced only when it holds this file.
SITE_MARKER = ".flaims-site"
LOCK_FILE = "build.lock"
LOCK_WAIT_SECONDS = 600
_PAGE_PATH = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\.md$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOT_IN_NAV = [*pages_mod.out_of_nav(), split_not_in_nav]  # declared by each page module

Progress = Callable[[str], None]


@dataclass
class Generated:
    pages: int
    documents: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildResult:
    lint: LintResult
    built: bool = False
    pages: int = 0
    seconds: float = 0.0
    site_dir: Path | None = None
    warnings: list[str] = field(default_factory=list)
    engine: str = engines.ENGINES[engines.DEFAULT_ENGINE].title
    engine_seconds: float = 0.0  # the engine's part of `seconds`
    notices: list[str] = field(default_factory=list)  # the engine's own announcements
    # Of the pages, how many this build wrote and how many held the same bytes already.
    regenerated: int = 0
    unchanged: int = 0


def _quiet(message: str) -> None:
    pass


def generated_folder(root: Path) -> Path:
    return root / WORK_DIR / GENERATED


def check_site_dir(root: Path, site_dir: Path) -> Path:
    """The site folder, resolved, or ConfigError when emptying it could lose anyone's files."""
    root = root.resolve()
    if site_dir.is_symlink():
        raise ConfigError(f"{site_dir}: a symbolic link; choose a real folder for the site")
    site = site_dir.resolve()
    if site == root or root.is_relative_to(site):
        raise ConfigError(f"{site_dir}: the repository itself or a folder above it; the site "
                          "folder is emptied on every build")
    if site.is_relative_to(root):
        first = site.relative_to(root).parts[0]
        if first in (*FOLDERS, ".git", WORK_DIR, "schemas", HANDWRITTEN) or first.startswith("."):
            raise ConfigError(f"{site_dir}: inside the repository's {first}/; choose another "
                              "site folder")
    if site.exists() and not site.is_dir():
        raise ConfigError(f"{site_dir}: not a folder")
    marker = site / SITE_MARKER
    if site.is_dir() and any(site.iterdir()) and not (
            marker.is_file() and not marker.is_symlink()):
        raise ConfigError(f"{site_dir}: not empty, and not a site flaims built (no "
                          f"{SITE_MARKER} file in it); empty it or choose another --site-dir")
    return site


def _work_dir(root: Path) -> Path:
    work = root / WORK_DIR
    if work.is_symlink() or (work.exists() and not work.is_dir()):
        raise ConfigError(f"{work}: must be a folder flaims owns (it is a link or a file)")
    work.mkdir(exist_ok=True)
    return work


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


@dataclass
class Synced:
    written: list[str] = field(default_factory=list)  # paths relative to the folder
    removed: int = 0
    kept: int = 0  # already held these bytes: not touched


def sync(new: Path, target: Path) -> Synced:
    """Make `target` hold exactly the files of `new`, touching only what differs (a rebuild
    after one file changed rewrites only the pages that depend on it, and MkDocs' watcher in
    `serve` sees exactly those). Never follows a link: a link planted in the generated
    folder (a branch can commit one with `git add -f`) is removed, never written through."""
    done = Synced()
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    target.mkdir(exist_ok=True)
    wanted: set[Path] = set()
    for dirpath, _dirs, filenames in os.walk(new):
        wanted.update((Path(dirpath) / f).relative_to(new) for f in filenames)
    for rel in sorted(wanted):
        data = (new / rel).read_bytes()
        folder = target
        for part in rel.parts[:-1]:
            folder = folder / part
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                folder.unlink()
            folder.mkdir(exist_ok=True)
        dest = folder / rel.name
        if dest.is_symlink() or (dest.exists() and not dest.is_file()):
            _remove(dest)
        elif dest.is_file() and dest.read_bytes() == data:
            done.kept += 1
            continue
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
                     0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        done.written.append(rel.as_posix())
    # os.walk does not enter linked folders: a link is removed as a link, its target untouched.
    for dirpath, dirnames, filenames in os.walk(target, topdown=False):
        base = Path(dirpath)
        for name in filenames + [d for d in dirnames if (base / d).is_symlink()]:
            path = base / name
            if path.relative_to(target) not in wanted or path.is_symlink():
                path.unlink()
                done.removed += 1
        if base != target and not any(base.iterdir()):
            base.rmdir()
    return done


def load_history(root: Path, index: Index) -> Any | None:
    try:
        from ..history import GitError, read_history
    except ImportError:  # pragma: no cover - history is part of flaims
        return None
    try:
        return read_history(root, index.people_emails())
    except GitError:
        return None


def _health(index: Index, history: Any | None, as_of: dt.date) -> Any | None:
    if history is None:
        return None
    try:
        from ..health import assess
    except ImportError:  # pragma: no cover
        return None
    return assess(index, history, as_of)


def _created(index: Index, history: Any | None) -> dict[str, dt.date]:
    """First-commit dates of curriculum modules (for those without a `created` field)."""
    if history is None:
        return {}
    return history.first_dates(
        index.paths("curriculum", [str(d.id) for d in index.valid("curriculum") if d.id]))


def generate(root: Path, index: Index, as_of: dt.date, out: Path, site_dir: Path,
             progress: Progress = _quiet, site_url: str | None = None) -> Generated:
    """Write the pages and mkdocs.yml into `out` (a new, empty folder). `site_url`: where the
    site is published, when the caller knows better than flaims.yaml (GitHub Pages)."""
    docs = out / "docs"
    docs.mkdir(parents=True)
    history = load_history(root, index)
    changes = pages_mod.Changes(index, history)
    health = _health(index, history, as_of)
    site = pages_mod.Site(index, as_of, changes, health, _created(index, history))
    repo = read_repo_site(root)
    site_name = repo.site_name or index.config.handbook_title
    all_pages = list(pages_mod.build_pages(site))
    common = {"as_of": as_of.isoformat(), "organisation": index.config.organisation,
              "site_title": site_name, "history": changes.available,
              "history_note": changes.note, "history_shallow": changes.shallow}
    written: set[str] = set()
    tables = Converter()
    for n, page in enumerate(all_pages, 1):
        if not _PAGE_PATH.match(page.path) or page.path in written:
            raise ConfigError(f"internal: refusing to write page '{page.path}'")
        written.add(page.path)
        context = {**common, **page.context, "page": page.path, "title": page.title}
        meta_title = page.title
        if page.path == "index.md":
            # Material shows "<page title> - <site name>": the home page is "Home - ...".
            context["title"], meta_title = site_name, "Home"
        body = tables.convert(page.path, render(page.template, context))
        footer = render("_footer.md.j2", {**context, "sources": page.sources,
                                          "named": describe(page.sources),
                                          "change": changes.last(page.sources)})
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        hide = "".join(f"\n  - {h}" for h in page.hide if h in ("toc", "navigation"))
        meta = f"title: {front_matter_title(meta_title)}" + (f"\nhide:{hide}" if hide else "") + \
            ("" if page.search else "\nsearch:\n  exclude: true")
        target.write_text(f"---\n{meta}\n---\n\n{body.rstrip()}\n{footer}", encoding="utf-8")
        if n % 200 == 0:
            progress(f"{n} of {len(all_pages)} pages generated")
    assets = docs / "assets" / "flaims"
    assets.mkdir(parents=True)
    for name in ("flaims.css", "sort.js"):
        (assets / name).write_bytes((resources.files("flaims_tool.handbook") / "assets" / name).read_bytes())
    copy_handwritten(root, repo, docs)
    nav = _nav(site) + handwritten_nav(repo)
    write_config(out / "mkdocs.yml", site_name=site_name,
                 site_url=_site_url(site_url or index.config.handbook_url), description=None, nav=nav,
                 not_in_nav=NOT_IN_NAV, extra_css=["assets/flaims/flaims.css"], repo=repo,
                 site_dir=os.path.relpath(site_dir, out))
    handwritten = sum(1 for p in repo.copied if p.endswith(".md"))
    # The engine checks links in Markdown; the tables' links are HTML, so they are checked here.
    broken = tables.missing(written | set(repo.copied))
    return Generated(len(all_pages) + handwritten, len(index.documents), list(repo.warnings) + broken)


def _site_url(url: str | None) -> str | None:
    from .escape import external_url

    if url and external_url(url) == url:
        # A folder: `https://org.github.io/repo` (as actions/configure-pages gives it) is
        # `…/repo/`, else MkDocs would place the 404 page's links one level too high.
        return url if url.endswith("/") else url + "/"
    return None


def _nav(site: pages_mod.Site) -> list[Any]:
    return pages_mod.nav(site)  # each page module declares its place


def run_mkdocs(config: Path, site_dir: Path, strict: bool,
               engine: engines.Engine | None = None) -> tuple[list[str], str]:
    """The engine's `build` in a subprocess (its logging and plugins stay out of flaims'
    process). Returns its warnings; raises BuildError when it fails."""
    engine = engine or engines.ENGINES[engines.DEFAULT_ENGINE]
    ran = engines.run(engine, config, site_dir, strict)
    warnings = _problems(ran.output)
    if ran.returncode != 0:
        raise BuildError(f"{engine.title} could not build the site" + (
            " (warnings are errors with --strict)" if strict else ""), ran.output)
    return warnings, ran.output


def _problems(output: str) -> list[str]:
    """The engine's warnings and errors, each with its continuation: MkDocs' and ProperDocs'
    `WARNING -  ...` and indented lines, Zensical's `Warning: ...` and the `╭─[ page:line:col ]`
    that follows it."""
    found: list[str] = []
    inside = False
    for line in output.splitlines():
        level = re.match(r"^(WARNING|ERROR|Warning|Error)(\s*-\s*|:\s*)", line)
        where = re.match(r"^\s*╭─\[\s*(\S+)\s*\]", line)
        if level:
            found.append(f"{level.group(1).lower()}: {line[level.end():].strip()}")
            inside = True
        elif inside and where:
            found[-1] += f" ({where.group(1)})"
            inside = False
        elif inside and line.startswith((" ", "\t")) and line.strip():
            found[-1] += "\n  " + line.strip()
        else:
            inside = False
    return found


def _publish(new: Path, site: Path) -> None:
    """Replace the site folder by the freshly built one. The old site stays until the new one
    is complete beside it (on the site's own file system, where renames are atomic): a full
    disk once left 75 empty files and no site."""
    (new / SITE_MARKER).write_text("Built by flaims: this folder is replaced on every build.\n",
                                   encoding="utf-8")
    staged = site.parent / f".{site.name}.flaims-new"
    old = site.parent / f".{site.name}.flaims-old"
    for leftover in (staged, old):
        _remove(leftover)
    try:
        new.rename(staged)
    except OSError:  # another file system: copy it over first
        try:
            shutil.copytree(new, staged, symlinks=True)
        except OSError as e:
            shutil.rmtree(staged, ignore_errors=True)
            raise BuildError(f"the new site could not be written beside {site} ({e.strerror or e}); "
                             "the old site is unchanged") from e
        shutil.rmtree(new, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staged.rename(site)
    _remove(old)


@contextlib.contextmanager
def build_lock(work: Path, notice: Progress = _quiet) -> Iterator[None]:
    """One build (or regeneration) at a time per repository: a second one waits for the first."""
    fd = os.open(work / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notice("flaims: another flaims build is running on this repository; waiting for it")
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ConfigError(f"another flaims build has held {work / LOCK_FILE} "
                                          f"for over {LOCK_WAIT_SECONDS} s; try again when it "
                                          "has finished") from None
        yield
    finally:
        os.close(fd)


def build(root: Path, as_of: dt.date | None = None, site_dir: Path | None = None,
          strict: bool = False, progress: Progress = _quiet,
          site_url: str | None = None, notice: Progress = _quiet, engine: str | None = None,
          ) -> BuildResult:
    """Lint, generate, run MkDocs and publish the site. Lint errors stop the build before
    anything is written: `result.built` is False. `strict` makes warnings of the handbook
    itself (page generation, MkDocs: a broken link, a missing page) fail the build; lint
    warnings are content, not breakage (`flaims lint --strict` is for those). `site_url`
    overrides `handbook.url` (the 404 page's links and the sitemap are made from it)."""
    start = time.monotonic()
    site = check_site_dir(root, site_dir or root / SITE_DIR)
    progress("reading the knowledge files")
    result = BuildResult(lint=lint(root, as_of))
    try:
        chosen = engines.choose(engine, result.lint.index.config.handbook_engine)
    except engines.EngineMissing as e:
        raise ConfigError(str(e)) from e
    result.engine = chosen.title
    progress(f"{result.lint.summary.files} files read")
    if result.lint.failed():
        return result
    work = _work_dir(root)
    with build_lock(work, notice):
        _build(root, result, site, work, strict, progress, site_url, chosen)
    result.seconds = time.monotonic() - start
    return result


def _build(root: Path, result: BuildResult, site: Path, work: Path, strict: bool,
           progress: Progress, site_url: str | None, chosen: engines.Engine) -> None:
    index = result.lint.index
    fresh = work / f"{GENERATED}.new"
    _remove(fresh)
    generated = generate(root, index, result.lint.as_of, fresh, site, progress, site_url)
    # File by file into the last build's folder: unchanged pages keep their bytes and times.
    target = generated_folder(root)
    synced = sync(fresh, target)
    _remove(fresh)
    result.regenerated = sum(1 for p in synced.written if p.endswith(".md"))
    result.unchanged = generated.pages - result.regenerated
    # mkdocs.yml's site_dir was written relative to its final place.
    progress(f"{generated.pages} pages generated; {chosen.title} is building the site")
    result.warnings += generated.warnings
    if strict and generated.warnings:
        raise BuildError("warnings are errors with --strict", "\n".join(generated.warnings))
    building = work / "site.new"
    _remove(building)
    engine_start = time.monotonic()
    try:
        warnings, output = run_mkdocs(target / "mkdocs.yml", building, strict, chosen)
    except BuildError:
        _remove(building)
        raise
    result.engine_seconds = time.monotonic() - engine_start
    result.warnings += warnings
    result.notices = engines.notices(output)
    try:
        _publish(building, site)
    finally:
        _remove(building)
    result.built = True
    result.pages = generated.pages
    result.site_dir = site
