"""`flaims serve`: generate the pages, let `mkdocs serve` show them with live reload, and
regenerate the pages whenever a knowledge file changes.

A plain polling watcher (file sizes and modification times, once a second) is enough for a few
thousand files and works the same on every platform and file system. Regenerated pages are
synced into the generated folder file by file, so MkDocs' own watcher sees exactly what changed
and reloads the browser.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..workspace import CONFIG_FILE, FOLDERS, ConfigError
from .build import (
    SITE_DIR,
    _remove,
    _work_dir,
    build_lock,
    generate,
    generated_folder,
    sync,
)
from .engines import NoticeFilter
from .mkdocs_config import HANDWRITTEN, MKDOCS_FILE, read_repo_site

POLL_SECONDS = 1.0

Echo = Callable[[str], None]


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of every file whose change should regenerate the pages."""
    found: list[tuple[str, int, int]] = []
    tops = [root / f for f in FOLDERS]
    try:
        tops.append(root / read_repo_site(root).pages_dir)
    except ConfigError:  # a broken mkdocs.yml is reported by the rebuild, not here
        tops.append(root / HANDWRITTEN)
    for top in tops:
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                _stat(Path(dirpath) / name, root, found)
    for name in (CONFIG_FILE, MKDOCS_FILE):
        _stat(root / name, root, found)
    return tuple(sorted(found))


def _stat(path: Path, root: Path, found: list[tuple[str, int, int]]) -> None:
    try:
        st = path.stat()
    except OSError:
        return
    found.append((path.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size))


def regenerate(root: Path, as_of: dt.date | None, echo: Echo) -> bool:
    """Lint and regenerate the pages into the generated folder; False (and the problems
    shown) when lint finds errors, leaving the last good pages served."""
    from ..lint import lint
    from ..reporters import REPORTERS

    result = lint(root, as_of)
    if result.failed():
        echo(REPORTERS["text"](result.diagnostics, result.summary, False))
        echo("flaims: pages not regenerated: fix the errors above (the last good pages stay)")
        return False
    work = _work_dir(root)
    fresh = work / "handbook.serve"
    with build_lock(work, echo):
        _remove(fresh)
        try:
            generate(root, result.index, result.as_of, fresh, root / SITE_DIR)
            sync(fresh, generated_folder(root))
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    return True


def _relay(process: subprocess.Popen[str], notices: NoticeFilter) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        shown = notices.feed(line.rstrip("\n"))
        if shown is not None:
            print(shown, file=sys.stderr, flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(root: Path, as_of: dt.date | None, host: str, port: int, echo: Echo) -> int:
    """Serve until interrupted; the exit status."""
    if not regenerate(root, as_of, echo):
        return 1
    config = generated_folder(root) / "mkdocs.yml"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    # MkDocs' own lines pass through; an engine's boxed notice is one line, as in `build`.
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"{host}:{port}",
         "--livereload"], env=env, cwd=config.parent, stderr=subprocess.PIPE, text=True,
        errors="replace")
    threading.Thread(target=_relay, args=(process, NoticeFilter("MkDocs")), daemon=True).start()
    echo(f"flaims: serving the handbook on http://{host}:{port}/ (Ctrl+C to stop)")
    seen = fingerprint(root)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # A plain `kill` stops MkDocs too, not only flaims.
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        while process.poll() is None:
            time.sleep(POLL_SECONDS)
            now = fingerprint(root)
            if now != seen:
                seen = now
                echo("flaims: a knowledge file changed; regenerating the pages")
                regenerate(root, as_of, echo)
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0 if process.returncode in (0, -15, None) else int(process.returncode)
