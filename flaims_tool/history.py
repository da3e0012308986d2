"""The git history of a knowledge repository: the only module that talks to git.

Everything comes from a few `git` subprocesses, never one call per file: asking GitPython for
each file's log took 44 ms a file (over 7 minutes for 10,000 documents), while one
`git log --name-status` pass over the whole history answers for every file at once.

Dates are *author* dates (`%aI`): they survive rebases and cherry-picks, so they say when the
words were written. Names and emails go through `.mailmap` (`%aN`, `%aE`). Emails are kept only
to map authors to people; nothing here publishes them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GitError

# Record and field separators for the log format: they cannot occur in names, emails or dates.
_RS, _FS = "\x1e", "\x1f"
_LOG_FORMAT = f"{_RS}%H{_FS}%aN{_FS}%aE{_FS}%aI"
_TIMEOUT = 300


@dataclass(frozen=True)
class Author:
    name: str
    email: str
    person: str | None  # the person id whose people/*.yaml lists this email

    def to_dict(self) -> dict[str, object]:
        # Emails are never published: only the name and the person id leave this module.
        return {"name": self.name, "person": self.person}


@dataclass
class FileHistory:
    first: dt.datetime
    last: dt.datetime
    authors: list[Author]  # distinct, in order of first contribution
    last_author: Author
    commits: int


@dataclass
class History:
    available: bool  # False outside a git repository: history unknown, not an error
    shallow: bool  # a shallow clone: first dates and authors may be incomplete
    note: str | None  # what could not be known, in a sentence
    files: dict[str, FileHistory] = field(default_factory=dict)

    def of(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def first_dates(self, paths: dict[str, str]) -> dict[str, dt.date]:
        """key -> the date of the first commit of its path, for those git knows (e.g. when a
        curriculum module was introduced, for modules without a `created` field)."""
        found: dict[str, dt.date] = {}
        for key, path in paths.items():
            entry = self.files.get(path) if self.available else None
            if entry is not None:
                found[key] = entry.first.date()
        return found


@dataclass
class ChangedFiles:
    """Files changed between the merge base with a ref and the working tree (repository-relative
    posix paths): `changed` holds current paths (added, modified, renamed-to, untracked)."""

    base: str
    changed: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # old path -> new path


def _env() -> dict[str, str]:
    # Never wait for credentials or a pager, and keep messages in English for our own parsing.
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}


def _run(root: Path, args: Sequence[str], *, input: bytes | None = None,
         check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=root, env=_env(), input=input,
            capture_output=True, timeout=_TIMEOUT, check=False,
        )
    except FileNotFoundError as e:
        raise GitError("git is not installed (or not on PATH)") from e
    except subprocess.TimeoutExpired as e:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT} s") from e
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc


def _text(out: bytes) -> str:
    return out.decode("utf-8", "replace")


def prefix_in_repository(root: Path) -> str:
    """Where `root` sits in its git work tree, as a path prefix (`knowledge/`, or "" at the top
    or outside git): GitHub places annotations and code-scanning alerts by paths from the top."""
    try:
        proc = _run(root, ["rev-parse", "--show-prefix"], check=False)
    except GitError:
        return ""
    return _text(proc.stdout).strip() if proc.returncode == 0 else ""


def head_commit(folder: Path) -> str | None:
    """The commit checked out in `folder`'s git work tree (None outside git or without git)."""
    try:
        proc = _run(folder, ["rev-parse", "--verify", "--quiet", "HEAD"], check=False)
    except GitError:
        return None
    commit = _text(proc.stdout).strip()
    return commit if proc.returncode == 0 and len(commit) == 40 else None


def _probe(root: Path) -> tuple[bool, bool, bool]:
    """(inside a work tree, shallow, has commits), in two cheap calls."""
    try:
        proc = _run(root, ["rev-parse", "--is-inside-work-tree", "--is-shallow-repository"],
                    check=False)
    except GitError:
        return False, False, False
    lines = _text(proc.stdout).split()
    if proc.returncode != 0 or not lines or lines[0] != "true":
        return False, False, False
    shallow = len(lines) > 1 and lines[1] == "true"
    head = _run(root, ["rev-parse", "--verify", "--quiet", "HEAD"], check=False)
    return True, shallow, head.returncode == 0


def email_map(people: dict[str, list[str]] | None) -> dict[str, str]:
    """Lower-cased email -> person id (the first person listing it wins)."""
    found: dict[str, str] = {}
    for person, emails in (people or {}).items():
        for email in emails:
            found.setdefault(email.strip().lower(), person)
    return found


def read_history(root: Path, people: dict[str, list[str]] | None = None) -> History:
    """Every file's first and last commit, authors and commit count, from one `git log` pass.

    Paths are relative to `root` (which may be a sub-folder of the git repository), under their
    current names: renames are followed back through the history."""
    inside, shallow, has_commits = _probe(root)
    if not inside:
        return History(False, False, "not a git repository: history (dates, authors) is unknown")
    if not has_commits:
        return History(True, shallow, "the git repository has no commits yet")
    # --relative: paths relative to `root`, changes outside it left out; no merges' diffs
    # (their changes show in the commits they merge).
    proc = _run(root, ["log", "--name-status", "-M", "-z", "--relative", f"--format={_LOG_FORMAT}",
                       "HEAD", "--", "."])
    # A shallow clone's oldest commits show every file as added by their author: a commit that
    # touched only a private plan would name its author on every page. Their changes are unknown.
    boundary = _shallow_commits(root) if shallow else set()
    files = _parse_log(_text(proc.stdout), email_map(people), boundary)
    note = None
    if shallow:
        note = ("shallow clone: the history stops at the oldest fetched commit, so what changed "
                "up to it, and who changed it, is unknown; fetch it all with "
                "'git fetch --unshallow'")
    return History(True, shallow, note, files)


class _Acc:
    __slots__ = ("authors", "commits", "first", "last", "last_author")

    def __init__(self, when: dt.datetime, author: Author):
        self.first = self.last = when
        self.last_author = author
        self.authors: dict[tuple[str, str], Author] = {}
        self.commits = 0


def _name_status(text: str) -> Iterator[tuple[str, str, str | None]]:
    """(status letter, path, new path) for each entry of `--name-status -z` output; the new
    path is set for renames and copies (`R`, `C`), which name two paths."""
    tokens = text.split("\0")
    i = 0
    while i < len(tokens):
        status = tokens[i]
        if not status:
            i += 1
        elif status[0] in "RC" and i + 2 < len(tokens):
            yield status[0], tokens[i + 1], tokens[i + 2]
            i += 3
        else:
            if i + 1 < len(tokens) and tokens[i + 1]:
                yield status[0], tokens[i + 1], None
            i += 2


def _shallow_commits(root: Path) -> set[str]:
    """The commits a shallow clone was cut at (their parents were not fetched)."""
    proc = _run(root, ["rev-parse", "--git-path", "shallow"], check=False)
    path = Path(_text(proc.stdout).strip())
    try:
        text = (path if path.is_absolute() else root / path).read_text("ascii", "replace")
    except OSError:
        return set()
    return {line.strip() for line in text.splitlines() if line.strip()}


def _parse_log(out: str, emails: dict[str, str],
               unknown: set[str] | frozenset[str] = frozenset()) -> dict[str, FileHistory]:
    """Walk the log newest first, following each current file back through its renames.
    Commits in `unknown` (a shallow clone's cut) are left out: their diff is not a change."""
    # A path as it was at some point in history -> the current path it became (None: the file
    # at that path was later deleted, or is an earlier file that happened to use the same name).
    alias: dict[str, str | None] = {}
    acc: dict[str, _Acc] = {}
    authors: dict[tuple[str, str], Author] = {}
    for record in out.split(_RS)[1:]:
        header, _, body = record.partition("\0")
        parts = header.split(_FS)
        if len(parts) < 4 or parts[0].strip() in unknown:
            continue
        name, email, when_text = parts[1], parts[2], parts[3].strip()
        when = dt.datetime.fromisoformat(when_text)
        key = (name, email.lower())
        author = authors.get(key)
        if author is None:
            author = authors[key] = Author(name, email, emails.get(email.lower()))
        for code, path_then, new in _name_status(body.lstrip("\n")):
            if new is not None:
                current = alias.get(new, new)
                alias[new] = None  # before this commit, `new` was not this file
                if code == "R":
                    alias[path_then] = current  # the file's earlier life, under its old name
                if current is None:
                    continue
                path = current
            else:
                if path_then not in alias:
                    # First sight of this path, newest first: a deletion means no current file.
                    alias[path_then] = None if code == "D" else path_then
                found = alias[path_then]
                if code == "A":
                    alias[path_then] = None  # older commits at this path: a different file
                if found is None or code == "D":
                    continue
                path = found
            entry = acc.get(path)
            if entry is None:
                entry = acc[path] = _Acc(when, author)
            # Newest first, so `last` is fixed by the first commit seen; `first` keeps moving.
            entry.first = min(entry.first, when)
            if when > entry.last:
                entry.last, entry.last_author = when, author
            entry.commits += 1
            entry.authors.setdefault(key, author)
    return {
        path: FileHistory(
            first=a.first, last=a.last, authors=list(reversed(a.authors.values())),
            last_author=a.last_author, commits=a.commits,
        )
        for path, a in acc.items()
    }


def changed_files(root: Path, ref: str) -> ChangedFiles:
    """What changed since the merge base of `ref` and HEAD, including uncommitted and untracked
    files. Raises GitError for a bad ref or outside a repository."""
    inside, _, has_commits = _probe(root)
    if not inside:
        raise GitError(f"{root}: not a git repository, so there is nothing to compare with {ref!r}")
    if not has_commits:
        raise GitError("the git repository has no commits yet")
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a revision")
    verified = _run(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                    check=False)
    if verified.returncode != 0:
        raise GitError(f"unknown revision {ref!r} (is the branch fetched? in CI, fetch with "
                       "enough depth to reach it)")
    merged = _run(root, ["merge-base", _text(verified.stdout).strip(), "HEAD"], check=False)
    if merged.returncode != 0:
        raise GitError(f"{ref!r} and HEAD share no history (no merge base; a shallow clone?)")
    base = _text(merged.stdout).strip()
    result = ChangedFiles(base)
    # The merge base against the working tree: committed, staged and unstaged changes at once.
    diff = _run(root, ["diff", "--name-status", "-M", "-z", "--relative", base, "--", "."])
    for code, path, new in _name_status(_text(diff.stdout)):
        if new is not None:
            result.changed.add(new)
            if code == "R":
                result.renamed[path] = new
        else:
            (result.deleted if code == "D" else result.changed).add(path)
    untracked = _run(root, ["ls-files", "--others", "--exclude-standard", "-z", "--", "."])
    result.changed.update(p for p in _text(untracked.stdout).split("\0") if p)
    return result


def read_tree(root: Path, rev: str, folders: Iterable[str]) -> dict[str, bytes]:
    """The content of every regular file under `folders` (relative to `root`) at a revision, in
    two git calls (`ls-tree`, then one `cat-file --batch` for all blobs)."""
    listing = _run(root, ["ls-tree", "-r", "-z", rev, "--", *folders])
    entries: list[tuple[str, str]] = []
    for line in _text(listing.stdout).split("\0"):
        meta, _, path = line.partition("\t")
        bits = meta.split()
        # Regular files only: links (120000) and submodules are not knowledge files.
        if len(bits) == 3 and bits[1] == "blob" and bits[0] in ("100644", "100755"):
            entries.append((bits[2], path))
    if not entries:
        return {}
    batch = _run(root, ["cat-file", "--batch"],
                 input="".join(f"{sha}\n" for sha, _ in entries).encode())
    out, pos, files = batch.stdout, 0, {}
    for _, path in entries:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        files[path] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return files


def current_user(root: Path) -> tuple[str | None, str | None]:
    """The git user's (name, email) from git config, where set (`.mailmap` is not applied)."""
    found: list[str | None] = []
    for key in ("user.name", "user.email"):
        try:
            proc = _run(root, ["config", "--get", key], check=False)
        except GitError:
            return None, None
        value = _text(proc.stdout).strip()
        found.append(value if proc.returncode == 0 and value else None)
    return found[0], found[1]
