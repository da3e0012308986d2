"""Loading the knowledge files fast: a content-keyed cache, and parallel parsing of the rest.

The cache keeps, for each file, what loading it produced: its data, the positions of its nodes,
its load and schema diagnostics and whether it is valid. An entry is used only when the file's
bytes hash to the same digest, and the whole cache only when it was written by this very flaims
(version, source files) with these very schemas; anything else is a miss, never an error.

It lives in `.flaims/cache/documents.marshal` inside the repository; `.flaims/.gitignore` keeps it
out of git. It is written with `marshal` of plain data (never pickle: nothing in it can run), is
readable by its owner only, and signed with a secret key kept outside the repository
(`$XDG_CACHE_HOME/flaims/cache-key`, else `~/.cache/flaims/cache-key`): a cache file this user's
flaims did not write is never believed, whatever its owner and mode (a planted result once made
lint say "no problems" about 100,000 broken files). Without a key there is no cache.

Each file's lstat is kept with its digest (`stats.marshal`), so that a file whose stat has not
changed is not read again on the next run.

Files that miss are parsed in worker processes when there are enough of them to pay for the
workers (measured: about 500 files on two cores; see benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, kinds, parallel, schemas, yamlio
from .diagnostics import Diagnostic
from .heap import no_gc
from .model import INDEX_FIELDS, Document
from .privacy import is_public, is_public_data
from .workspace import CONFIG_FILE, Job, check, config_of, load_config, read_config

CACHE_DIR = ".flaims/cache"
CACHE_FILE = "documents.marshal"
_FORMAT = 3
# Below this many files to parse, starting worker processes costs more than it saves (cold
# lint on two cores: 300 documents 0.095 s either way, 1,000 documents 0.325 s -> 0.255 s).
PARALLEL_MIN_FILES = 500
# Below this many files, parsing takes a few milliseconds and a cache is not worth a folder.
CACHE_MIN_FILES = 200
_CHUNK = 250

# An entry, what loading one file produced: (data, position blob, load diagnostics, schema
# diagnostics, valid, top). `data` is the marshalled data (None: the file did not load; the
# data itself where it was just parsed in this process); `top`, the id and model.INDEX_FIELDS.
Entry = tuple[Any, bytes, list[Any], list[Any], bool, dict[str, Any]]


class CachedLoaded(yamlio.Loaded):
    """A Loaded whose data and positions are decoded on first use: most documents are only
    context, read for their id (`lint FILE` reads a few documents' data of 10,000), and most
    never need positions (only where a diagnostic points)."""

    def __init__(self, path: str, data: Any, blob: bytes, diagnostics: list[Diagnostic],
                 top: dict[str, Any]):
        self.path = path
        self._data = data
        self._top = top
        self.diagnostics = diagnostics
        self._blob = blob
        self.modeline = None
        self._maps = None

    @property
    def data(self) -> dict[str, Any] | None:
        if isinstance(self._data, bytes):
            self._data = marshal.loads(self._data)
        return self._data

    @data.setter
    def data(self, value: dict[str, Any] | None) -> None:
        self._data = value

    @property
    def has_data(self) -> bool:
        return self._data is not None

    def top(self, name: str) -> Any:
        return self._top[name] if name in self._top else super().top(name)

    def _index(self) -> tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]]:
        if self._maps is None:
            self.marks = yamlio.Marks(*marshal.loads(self._blob))
        return super()._index()


@cache
def fingerprint() -> bytes:
    """What the cached results depend on besides the file itself: flaims' version, its source
    files (an editable install changes code without changing the version) and the schemas."""
    h = hashlib.blake2b(f"{_FORMAT}:{__version__}:{sys.version_info[:2]}".encode(), digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns};".encode())
    for kind in schemas.KINDS:
        h.update(schemas.schema_text(kind).encode())
    return h.digest()


def _prefix() -> bytes:
    return b"flaims-cache\n" + fingerprint()


_KEY_FILE = "cache-key"
_MAC_BYTES = 32


def _key_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base and os.path.isabs(base) else Path.home() / ".cache") / "flaims"


@cache
def secret() -> bytes | None:
    """This user's key for signing caches, made on first use; None when it cannot be kept."""
    folder = _key_folder()
    path = folder / _KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                         0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(_MAC_BYTES))
        except FileExistsError:
            pass
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            key = fh.read(_MAC_BYTES + 1)
    except OSError:
        return None
    if os.name == "posix" and (st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077):
        return None  # a key others can read or write signs nothing
    return key if len(key) == _MAC_BYTES else None


def _mac(key: bytes, payload: bytes | memoryview) -> bytes:
    # HMAC-SHA256: on CPUs with SHA instructions twice as fast as keyed blake2b over the
    # 28 MB documents cache of 10,000 documents (measured: 0.023 s against 0.051 s).
    h = hmac.new(key, digestmod=hashlib.sha256)
    h.update(_prefix())
    h.update(payload)
    return h.digest()


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _read_regular(path: str | Path) -> bytes | None:
    """The bytes of an ordinary file of ordinary size, else None: links, devices, huge files and
    unreadable ones take yamlio.read's own path, which says what is wrong with them."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > yamlio.MAX_BYTES:
            return None
        raw = yamlio.read_bytes(path)
    except OSError:
        return None
    return raw if len(raw) <= yamlio.MAX_BYTES else None


def _entry_of(kind: str, rel: str, path: str | Path, raw: bytes | None, encode: bool = False) -> Entry:
    """Load and validate one file (workspace.check) into plain data; `encode`: its data
    marshalled, as the cache keeps it."""
    loaded = yamlio.read(path, rel) if raw is None else yamlio.load(raw, rel)
    problems, valid = check(kind, loaded)
    blob = marshal.dumps(loaded.marks.plain())
    diagnostics = [d.row() for d in loaded.diagnostics]
    problem_rows = [d.row() for d in problems]
    top = _top(kind, loaded)
    data = marshal.dumps(loaded.data) if encode and loaded.data is not None else loaded.data
    return (data, blob, diagnostics, problem_rows, valid, top)


def _top(kind: str, loaded: yamlio.Loaded) -> dict[str, Any]:
    """The id and the INDEX_FIELDS that are scalars (None when absent), read without decoding."""
    if loaded.data is None:
        return {}
    id_field = kinds.BY_NAME[kind].id_field
    names = (id_field, *INDEX_FIELDS) if id_field else INDEX_FIELDS
    return {n: v for n in names if isinstance(v := loaded.data.get(n), str | int | float | None)}


def _encoded(entry: Entry) -> Entry:
    return entry if not isinstance(entry[0], dict) else (marshal.dumps(entry[0]), *entry[1:])


def _parse_chunk(chunk: list[tuple[str, str, str, bytes | None]]) -> bytes:
    """In a worker process: plain, marshalled results (cheaper to send back than objects); the
    data marshalled once more, as the cache keeps it, so that the parent decodes only the
    documents it reads."""
    return marshal.dumps([_entry_of(kind, rel, path, raw, encode=True)
                          for kind, rel, path, raw in chunk])


def _parse_all(todo: list[tuple[str, str, str, bytes | None]]) -> Iterator[Entry]:
    """Entries for the files to parse, in order; in worker processes when it pays."""
    if len(todo) < PARALLEL_MIN_FILES or not parallel.can_fork():
        for kind, rel, path, raw in todo:
            yield _entry_of(kind, rel, path, raw)
        return
    yield from _in_workers(_parse_chunk, todo)


def _in_workers(work: Any, todo: list[Any]) -> Iterator[Any]:
    """`work` of each chunk of `todo` in a pool of forked workers, its results in order."""
    import multiprocessing

    chunks = [todo[i:i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    # The pool is terminated on the way out; its workers ignore Ctrl-C (parallel.py).
    with multiprocessing.get_context("fork").Pool(parallel.workers(),
                                                  initializer=parallel.ignore_interrupts) as pool:
        for blob in pool.imap(work, chunks):
            with no_gc():
                found = marshal.loads(blob)
            yield from found


def _read_entry(kind: str, rel: str, path: str) -> tuple[tuple[int, ...] | None, bytes | None, Entry]:
    """For a cold run: a file's stat (taken before reading, so that a change while it is read
    shows next time; plans are never recorded), the digest of the bytes read, and their entry."""
    key = _regular_stat(path) if kind != "plan" else None
    raw = _read_regular(path)
    return key, _digest(raw) if raw is not None else None, _entry_of(kind, rel, path, raw, encode=True)


def _read_parse_chunk(chunk: list[Job]) -> bytes:
    """In a worker: `_read_entry` of each file, marshalled."""
    return marshal.dumps([_read_entry(kind, rel, path) for kind, rel, path in chunk])


class Prefetch:
    """The plans, parsed in a forked process while this one reads the cache, and then the few
    other files whose stat changed (`also`). Plans are never cached whole (a private plan never
    is), so a whole lint of 10,000 documents parsed its 384 private plans on every run, after
    everything else (0.3 s of a 1.4 s run with one file changed); and parsing one changed file
    here imported PyYAML and jsonschema-rs (0.025 s). An entry is used only for the bytes it
    was parsed from (the same digest); one that is missing or stale is parsed here as before.
    Use as a context manager: the process is stopped on the way out, also when its work was not
    needed (a kept result answered)."""

    KIND = "plan"
    MIN_FILES = 50  # below this, forking costs about what it saves
    # At most this many files for `also`: more are parsed on every core by the pool instead.
    ALSO_MAX = 500

    def __init__(self, jobs: Iterable[Job] = ()):
        self._entries: dict[str, tuple[bytes, Entry]] | None = None
        self._also: frozenset[str] = frozenset()
        todo = [(kind, rel, path) for kind, rel, path in jobs if kind == self.KIND]
        self._forked = parallel.Forked(_prefetch, todo, start=len(todo) >= self.MIN_FILES,
                                       inbox=True)

    @property
    def started(self) -> bool:
        return self._forked.started

    def also(self, jobs: Iterable[Job]) -> None:
        """Have the process parse these files too, after the plans: only the first call counts
        (more than ALSO_MAX, none), and before any other process is forked (Forked.send)."""
        todo = [job for job in jobs if job[0] != self.KIND]
        if len(todo) > self.ALSO_MAX:
            todo = []
        if self._forked.send(todo):
            self._also = frozenset(rel for _kind, rel, _path in todo)

    def covers(self, kind: str, rel: str) -> bool:
        return self.started and (kind == self.KIND or rel in self._also)

    def entry(self, rel: str, digest: bytes | None) -> Entry | None:
        got = self.parsed(rel)
        return got[1] if got is not None and digest is not None and got[0] == digest else None

    def parsed(self, rel: str) -> tuple[bytes, Entry] | None:
        """The digest of the bytes the process parsed, and their entry."""
        if self._entries is None:
            self._entries = {}
            blob = self._forked.result()  # waits for the process, the first time
            with contextlib.suppress(ValueError, EOFError, TypeError), no_gc():
                found = marshal.loads(blob) if blob is not None else None
                if isinstance(found, dict):
                    self._entries = found
        return self._entries.get(rel)

    def close(self) -> None:
        self._forked.close()

    def __enter__(self) -> Prefetch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# A plan that says it is public is most likely in the cache already: the prefetch leaves it to
# the parent, which parses it only if it is not (a guess that can cost time, never an answer).
_SAYS_PUBLIC = re.compile(rb"^visibility:[ ]*['\"]?public['\"]?[ ]*$", re.MULTILINE)


def _prefetch(todo: list[Job], receive: Callable[[], Any]) -> dict[str, tuple[bytes, Entry]]:
    """In the forked process: each plan's digest and entry, then those of the files the parent
    sends (Prefetch.also)."""
    out: dict[str, tuple[bytes, Entry]] = {}

    def parse(kind: str, rel: str, path: str, plan: bool) -> None:
        raw = _read_regular(path)
        if raw is not None and not (plan and _SAYS_PUBLIC.search(raw)):
            out[rel] = (_digest(raw), _entry_of(kind, rel, path, raw, encode=True))

    for kind, rel, path in todo:
        parse(kind, rel, path, plan=True)
    for kind, rel, path in receive() or []:
        parse(kind, rel, path, plan=False)
    return out


def _document(kind: str, rel: str, entry: Entry, digest: bytes | None,
              ) -> tuple[Document, list[Diagnostic]]:
    data, blob, diagnostics, problems, valid, top = entry
    loaded = CachedLoaded(rel, data, blob, [Diagnostic.from_row(d) for d in diagnostics], top)
    return (Document(kind=kind, path=rel, loaded=loaded, valid=valid, digest=digest),
            [Diagnostic.from_row(d) for d in problems])


def _may_keep(kind: str, data: Any) -> bool:
    # A private plan is never copied anywhere, not even into the cache: a CI job that keeps
    # .flaims/ as an artefact must not carry it off.
    return is_public_data(kind, marshal.loads(data) if isinstance(data, bytes) else data)


class SignedFile:
    """One cache file in .flaims/cache/: marshal of plain data, signed with this user's key,
    owner-only. Every problem with it means "no cache": `load` gives None, `save` does nothing."""

    def __init__(self, root: Path, name: str):
        self.folder = root / CACHE_DIR
        self.file = self.folder / name

    def load(self) -> Any:
        try:
            if not self._safe_folder():
                return None
            fd = os.open(self.file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as fh:
                st = os.fstat(fh.fileno())
                if not self._ours(st):
                    return None
                raw = fh.read()
            prefix, key = _prefix(), secret()
            if key is None or not raw.startswith(prefix):  # another flaims, or no key
                return None
            view = memoryview(raw)
            mac, payload = view[len(prefix):len(prefix) + _MAC_BYTES], view[len(prefix) + _MAC_BYTES:]
            if not hmac.compare_digest(bytes(mac), _mac(key, payload)):  # not written by us
                return None
            with no_gc():
                return marshal.loads(payload)
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def _ours(self, st: os.stat_result) -> bool:
        if os.name != "posix":  # pragma: no cover - permissions mean little there
            return stat.S_ISREG(st.st_mode)
        return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and \
            stat.S_IMODE(st.st_mode) == 0o600

    def _safe_folder(self) -> bool:
        # Never follow a link planted at .flaims or .flaims/cache.
        for folder in (self.folder.parent, self.folder):
            st = os.lstat(folder)
            if not stat.S_ISDIR(st.st_mode):
                return False
        return True

    def save(self, data: Any) -> None:
        """Replace the file atomically; a repository we cannot write to has no cache."""
        try:
            top = self.folder.parent
            if not os.path.lexists(top):
                top.mkdir()
                # keeps the cache out of git without touching the user's own .gitignore
                (top / ".gitignore").write_text("# written by flaims\n*\n", encoding="utf-8")
            if not stat.S_ISDIR(os.lstat(top).st_mode):  # never write through a link
                return
            if not os.path.lexists(self.folder):
                self.folder.mkdir()
            if not self._safe_folder():
                return
            key = secret()
            if key is None:
                return
            import tempfile  # here: with shutil and lzma, 0.004 s of a run that writes nothing

            payload = marshal.dumps(data)
            fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=self.folder)  # mode 0600
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(_prefix() + _mac(key, payload))
                    fh.write(payload)
                os.replace(tmp, self.file)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            return


DELTA_FILE = "documents-delta.marshal"
DELTA_SHARE = 0.05  # of the entries, at most, kept apart before the whole is written again


class Store:
    """The documents cache: path -> (digest, kind, loaded entry). A run that changed a few files
    writes only those into a second, small signed file (rewriting all 10,000 entries cost
    0.1 s); once that holds more than DELTA_SHARE of the entries, or files are gone, the whole
    is written again. Every entry is a function of its file's bytes, checked by digest on use,
    so an entry outlived by a newer one in the other file can only miss, never mislead."""

    def __init__(self, root: Path, name: str = CACHE_FILE, delta: str = DELTA_FILE):
        self.signed = SignedFile(root, name)
        self.changes = SignedFile(root, delta)
        self.entries: dict[str, tuple[bytes, str, tuple[Any, ...]]] = {}
        self.delta: dict[str, tuple[bytes, str, tuple[Any, ...]]] = {}
        self.whole = False  # whether the main file was read

    def read(self) -> None:
        entries = self.signed.load()
        if isinstance(entries, dict):
            self.entries, self.whole = entries, True
            delta = self.changes.load()
            if isinstance(delta, dict):
                self.delta = delta
                self.entries = {**entries, **delta}

    def present(self) -> bool:
        """Whether a documents cache was written here (it may still be another flaims')."""
        return os.path.lexists(self.signed.file)

    def lookup(self, rel: str, digest: bytes, kind: str) -> tuple[Any, ...] | None:
        found = self.entries.get(rel)
        try:
            if found is not None and found[0] == digest and found[1] == kind and len(found[2]) == 6:
                return found[2]
        except TypeError:  # a damaged entry
            pass
        return None

    def write(self, entries: dict[str, tuple[bytes, str, tuple[Any, ...]]],
              changed: Iterable[str] = ()) -> None:
        """Keep `entries`, of which `changed` are new since `read`."""
        delta = {**self.delta, **{rel: entries[rel] for rel in changed if rel in entries}}
        if self.whole and self.entries.keys() <= entries.keys() and \
                len(delta) <= len(entries) * DELTA_SHARE:
            self.changes.save(delta)
            return
        self.signed.save(entries)
        with contextlib.suppress(OSError):
            os.unlink(self.changes.file)


Snapshot = list[tuple[bytes | None, bytes | None]]  # per job: its bytes (None: not read) and digest

STAT_FILE = "stats.marshal"
# A file changed less than this before its digest was taken may change again within the same
# timestamp on a coarse file system: its stat is not trusted the next time (git's "racy" rule).
_RACY_NS = 2_000_000_000


def _regular_stat(path: str | Path) -> tuple[int, ...] | None:
    """An ordinary file's (size, mtime, ctime, inode, device, mode), else None: links, devices,
    huge and vanished files are read (or refused) the ordinary way. ctime too: restoring a
    file's mtime (`touch -d`, os.utime) changes its ctime."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > yamlio.MAX_BYTES:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, st.st_mode)


class Stats:
    """Each file's lstat when its digest was taken, so that a file whose stat has not changed is
    not read again (the warm path read 10,000 files to find that none had changed). Plans are
    never recorded: even a digest of a private plan stays out of the cache."""

    def __init__(self, root: Path):
        self.signed = SignedFile(root, STAT_FILE)
        self.known: dict[str, tuple[tuple[int, ...], bytes]] = {}
        self.seen: dict[str, tuple[tuple[int, ...], bytes]] = {}
        found = self.signed.load()
        if isinstance(found, dict):
            self.known = found

    def digest(self, rel: str, key: tuple[int, ...]) -> bytes | None:
        found = self.known.get(rel)
        try:
            if found is not None and tuple(found[0]) == key and isinstance(found[1], bytes):
                self.seen[rel] = found
                return found[1]
        except (TypeError, IndexError):  # a damaged entry
            pass
        return None

    def record(self, rel: str, key: tuple[int, ...] | None, digest: bytes | None,
               started: int) -> None:
        """Keep a file's stat with its digest, unless its mtime (key[1]) is within the racy
        window before `started`, when the read began."""
        if key is not None and digest is not None and key[1] < started - _RACY_NS:
            self.seen[rel] = (tuple(key), digest)

    def save(self) -> None:
        if self.seen != self.known:
            self.signed.save(self.seen)


def snapshot(jobs: list[Job], stats: Stats | None = None) -> Snapshot:
    """Each job's bytes and digest (None for links, devices, huge or unreadable files), read
    once and shared by the result cache's key and the document cache. With `stats`, a file
    whose lstat is the one recorded with its digest is not read: its bytes are None."""
    started = time.time_ns()
    out: Snapshot = []
    for kind, rel, path in jobs:
        key = _regular_stat(path) if stats is not None and kind != "plan" else None
        known = stats.digest(rel, key) if stats is not None and key is not None else None
        if known is not None:
            out.append((None, known))
            continue
        raw = _read_regular(path)
        digest = _digest(raw) if raw is not None else None
        if stats is not None:
            stats.record(rel, key, digest, started)
        out.append((raw, digest))
    if stats is not None:
        stats.save()
    return out


def load_documents(root: Path, jobs: Iterable[Job], use_cache: bool = True,
                   stats: dict[str, int] | None = None, partial: bool = False,
                   snap: Snapshot | None = None, early: Prefetch | None = None,
                   ) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """Each job's Document and load/schema diagnostics, in job order: from the cache where the
    file is unchanged, else parsed (in parallel when there are many). `stats` gets the counts
    of files `cached` and `parsed`; `snap`, the files as already read; `early`, the files
    being parsed already."""
    early = early or Prefetch()
    jobs = list(jobs)
    use_cache = use_cache and len(jobs) >= CACHE_MIN_FILES
    # A file read for the snapshot had a new stat: most likely it changed, and the process
    # parsing the plans parses it too, while this one reads the cache.
    early.also([job for job, (raw, _digest) in zip(jobs, snap, strict=True) if raw is not None]
               if snap is not None and use_cache else ())
    store = Store(root)
    if use_cache:
        store.read()
    if snap is None and use_cache and not store.entries and len(jobs) >= PARALLEL_MIN_FILES \
            and parallel.can_fork():
        yield from _load_cold(root, jobs, store, early, stats)
        return
    if snap is None:
        snap = snapshot(jobs, Stats(root)) if use_cache else [(None, None)] * len(jobs)
    results: list[Entry | None] = []
    todo: list[tuple[str, str, str, bytes | None]] = []
    for (kind, rel, path), (raw, digest) in zip(jobs, snap, strict=True):
        hit = store.lookup(rel, digest, kind) if digest is not None else None
        results.append(hit)
        if hit is None and not early.covers(kind, rel):
            todo.append((kind, rel, path, raw))
    if stats is not None:
        stats.update(cached=len(jobs) - len(todo), parsed=len(todo))
    parsed = _parse_all(todo)
    kept: dict[str, tuple[bytes, str, Entry]] = {}
    added: list[str] = []
    for (kind, rel, path), hit, (raw, digest) in zip(jobs, results, snap, strict=True):
        if hit is not None:
            entry = hit
        elif early.covers(kind, rel):
            entry = early.entry(rel, digest) or _entry_of(kind, rel, path, raw)
        else:
            entry = next(parsed)
        # An entry from the cache passed _may_keep when it was written, on the same bytes.
        if digest is not None and use_cache and (hit is not None or _may_keep(kind, entry[0])):
            kept[rel] = (digest, kind, entry if hit is not None else _encoded(entry))
            if hit is None:
                added.append(rel)
        yield _document(kind, rel, entry, digest)
    if partial:  # a part of the repository: keep the other files' entries as they are
        if use_cache and added:
            store.write({**store.entries, **kept}, added)
    elif use_cache and (added or kept.keys() != store.entries.keys()):
        store.write(kept, added)


def _load_cold(root: Path, jobs: list[Job], store: Store, early: Prefetch,
               stats: dict[str, int] | None) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """load_documents with no documents cache to answer from: every file is parsed, so the
    workers read, hash and parse each in one go (the digests first, in this process, cost 0.25 s
    of a cold lint at 10,000 documents with the other core idle). What they parsed is what they
    hashed, so an entry is kept only for its own bytes, as on the ordinary path."""
    started = time.time_ns()
    seen = Stats(root)
    todo = [job for job in jobs if not early.covers(job[0], job[1])]
    if stats is not None:
        stats.update(cached=0, parsed=len(todo))
    parsed = _in_workers(_read_parse_chunk, todo)
    kept: dict[str, tuple[bytes, str, Entry]] = {}
    for kind, rel, path in jobs:
        got = early.parsed(rel) if early.covers(kind, rel) else None
        digest: bytes | None
        if got is not None:
            digest, entry = got
        else:  # a plan the prefetch left to the cache (which is empty) is read here
            key, digest, entry = _read_entry(kind, rel, path) if early.covers(kind, rel) \
                else next(parsed)
            seen.record(rel, key, digest, started)
        if digest is not None and _may_keep(kind, entry[0]):
            kept[rel] = (digest, kind, _encoded(entry))
        yield _document(kind, rel, entry, digest)
    seen.save()
    if kept:
        store.write(kept, kept)


CONFIG_CACHE_FILE = "config.marshal"


class KeptConfig:
    """flaims.yaml's Config (`config`), answered from .flaims/cache while its bytes are the ones
    it was last read from: a lint answered from the caches then imports neither PyYAML nor
    jsonschema-rs (0.025 s of a 0.17 s run at 10,000 documents). `digest`: of the bytes read,
    for LintResults' key (None: not read here). A flaims.yaml with errors is never kept (its
    ConfigError is raised every time); `save` keeps it where lint keeps its other caches."""

    def __init__(self, root: Path):
        self.signed = SignedFile(root, CONFIG_CACHE_FILE)
        self._new: tuple[bytes, dict[str, Any], list[Any]] | None = None
        raw = _read_regular(root / CONFIG_FILE)
        self.digest: bytes | None = None
        if raw is None:  # a link, a huge or a missing file: read_config says what is wrong
            self.config = load_config(root)
            return
        self.digest = digest = _digest(raw)
        found = self.signed.load()
        with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):  # damaged
            if isinstance(found, tuple) and len(found) == 3 and found[0] == digest:
                self.config = config_of(found[1], [Diagnostic.from_row(row) for row in found[2]])
                return
        data, warnings = read_config(root, raw)
        self.config = config_of(data, warnings)
        self._new = (digest, data, [d.row() for d in warnings])

    def save(self) -> None:
        if self._new is not None:
            self.signed.save(self._new)
            self._new = None


RESULT_FILE = "lint.marshal"  # where all results were kept in one file: removed when seen
RESULT_PREFIX = "lint-"


class LintResults:
    """The last lint's diagnostics, reused while nothing they depend on has changed: the flaims
    fingerprint, the as-of date, flaims.yaml, the content of every knowledge file and the files
    asked about (`flaims lint FILE` keeps a result of its own). The last few results are kept,
    so that the hook's run and a whole run do not replace each other's: each in a file of its
    own, named by its key, so that a run reads only its own (reading all four cost `lint FILE`
    0.12 s at 10k documents, most of it the whole lint's thousands of diagnostics)."""

    KEPT = 4

    def __init__(self, root: Path, as_of: str, jobs: list[Job], snap: Snapshot,
                 only: Iterable[str] | None = None, config: bytes | None = None):
        """`config`: the digest of flaims.yaml's bytes, when the caller read them already."""
        self.key: bytes | None = None
        self.signed: SignedFile | None = None  # (key, files, diagnostic rows)
        if config is None:
            raw = _read_regular(root / CONFIG_FILE)
            config = _digest(raw) if raw is not None else None
        if len(jobs) < CACHE_MIN_FILES or config is None:
            return
        asked = "\0".join(sorted(only)) if only is not None else "\x01"  # \x01: the whole repository
        h = hashlib.blake2b(_prefix() + as_of.encode() + config + asked.encode() + b"\0",
                            digest_size=16)
        for (kind, rel, _path), (_raw, digest) in zip(jobs, snap, strict=True):
            if digest is None:  # a link or a device: the full path says what is wrong with it
                return
            h.update(f"{kind}\0{rel}\0".encode() + digest)
        self.key = h.digest()
        self.signed = SignedFile(root, f"{RESULT_PREFIX}{self.key.hex()}.marshal")

    def read(self) -> tuple[int, list[Diagnostic]] | None:
        if self.signed is None:
            return None
        found: Any = self.signed.load()
        try:
            key, files, rows = found
            if key == self.key:  # the name says it too, but only the signed content is believed
                return int(files), [Diagnostic.from_row(row) for row in rows]
        except (TypeError, ValueError, KeyError):  # absent or damaged
            pass
        return None

    def write(self, files: int, diagnostics: list[Diagnostic]) -> None:
        if self.signed is None:
            return
        self.signed.save((self.key, files, [d.row() for d in diagnostics]))
        self._prune()

    def _prune(self) -> None:
        """The oldest results beyond KEPT go; never the one just written."""
        assert self.signed is not None
        folder, mine = self.signed.folder, self.signed.file.name
        try:
            if not self.signed._safe_folder():
                return
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / RESULT_FILE)
            others = [(os.lstat(folder / n).st_mtime_ns, n) for n in os.listdir(folder)
                      if n.startswith(RESULT_PREFIX) and n.endswith(".marshal") and n != mine]
            for _mtime, name in sorted(others)[:max(0, len(others) - (self.KEPT - 1))]:
                os.unlink(folder / name)
        except OSError:
            return


RULES_FILE = "rules.marshal"
if TYPE_CHECKING:  # the rules are not imported to load documents (overflow, the handbook)
    from .rules import Cited

    # What a run kept ({rule: depends}, {rule: {path: rows}}, {rule: {path: cites}}), handed
    # from a process that checked part of the documents to the one that merges it.
    Shared = tuple[dict[str, bytes], dict[str, dict[str, list[Any]]], dict[str, dict[str, Cited]]]


class RuleResults:
    """Per-document results of the rules that declare what they read besides the document
    (rules.Context.each), kept for the next whole lint: a rule then checks only the files
    that changed, when what else it read (`depends`: the people's names, the ids of a kind,
    the taxonomy) is what it was, and, for a rule that reads the documents a document names
    (a plan's evidence), those are what they were (`cites`). Kept as ({rule: depends},
    {path: digest}, {rule: {path: rows}}, {rule: {path: cites}}), rows only where a rule found
    something. Only public documents loaded through the cache (those with a digest) are kept:
    a private plan's results, even redacted, never are."""

    def __init__(self, root: Path):
        self.signed = SignedFile(root, RULES_FILE)
        self.known_depends: dict[str, bytes] = {}
        self.known_digests: dict[str, bytes] = {}
        self.known_rows: dict[str, dict[str, list[Any]]] = {}
        self.known_cites: dict[str, dict[str, Cited]] = {}
        found = self.signed.load()
        if isinstance(found, tuple) and len(found) == 4 and all(isinstance(x, dict) for x in found):
            self.known_depends, self.known_digests, self.known_rows, self.known_cites = found
        self.depends: dict[str, bytes] = {}
        self.digests: dict[str, bytes] = {}
        self.rows: dict[str, dict[str, list[Any]]] = {}
        self.cites: dict[str, dict[str, Cited]] = {}
        self.unchanged: frozenset[str] = frozenset()

    def begin(self, documents: Iterable[Document]) -> None:
        """The documents of this run: those whose digest is the one kept are unchanged."""
        self.digests = {d.path: d.digest for d in documents if d.digest is not None and is_public(d)}
        known = self.known_digests
        self.unchanged = frozenset(p for p, digest in self.digests.items() if known.get(p) == digest)

    def shared(self) -> Shared:
        """What this run kept, for a process that checked a part of the documents (rules.run)."""
        return self.depends, self.rows, self.cites

    def merge(self, shared: Shared) -> None:
        depends, rows, cites = shared
        for rule, digest in depends.items():
            self.depends.setdefault(rule, digest)
        for rule, found in rows.items():
            self.rows.setdefault(rule, {}).update(found)
        for rule, digests in cites.items():
            self.cites.setdefault(rule, {}).update(digests)

    def reusable(self, rule: str, depends: bytes) -> tuple[frozenset[str], dict[str, list[Any]]]:
        """The documents whose kept results for `rule` hold, and those results' rows."""
        if self.depends.setdefault(rule, depends) != depends:  # pragma: no cover - a rule's bug
            raise ValueError(f"rule {rule} read two different contexts in one run")
        if self.known_depends.get(rule) != depends:
            return frozenset(), {}
        rows = self.known_rows.get(rule)
        return self.unchanged, rows if isinstance(rows, dict) else {}

    def keep(self, rule: str, path: str, rows: list[Any]) -> None:
        if rows and path in self.digests:
            self.rows.setdefault(rule, {})[path] = rows

    def cited(self, rule: str, path: str) -> Cited | None:
        """What the document named when its result for `rule` was kept, as (kind, id), and a
        digest of those documents then."""
        found = self.known_cites.get(rule)
        was = found.get(path) if isinstance(found, dict) else None
        return was if isinstance(was, tuple) and len(was) == 2 else None

    def cite(self, rule: str, path: str, named: list[tuple[str, str]], digest: bytes) -> None:
        if path in self.digests:
            self.cites.setdefault(rule, {})[path] = (named, digest)

    def save(self) -> None:
        """Keep what this run found (gone files and old names drop out)."""
        kept = (self.depends, self.digests, self.rows, self.cites)
        if kept != (self.known_depends, self.known_digests, self.known_rows, self.known_cites):
            self.signed.save(kept)
