"""history.py on real git repositories: renames, .mailmap, shallow clones, no git at all."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest

from flaims_tool.history import (
    Author,
    ChangedFiles,
    GitError,
    changed_files,
    current_user,
    read_history,
    read_tree,
)

from .conftest import git

UTC = dt.timezone.utc
ALICE = {"GIT_AUTHOR_NAME": "Alice Ng", "GIT_AUTHOR_EMAIL": "alice@acme.example"}
BOB = {"GIT_AUTHOR_NAME": "Bob Li", "GIT_AUTHOR_EMAIL": "bob@acme.example"}
PEOPLE = {"alice-ng": ["alice@acme.example"], "bob-li": ["Bob@Acme.example"]}


def at(day: str) -> dict[str, str]:
    stamp = f"{day}T12:00:00+00:00"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def noon(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")


def commit(repo: Path, message: str, day: str, who: dict[str, str]) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, env={**who, **at(day)})


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three commits: Alice adds two files, Bob renames and edits one, Alice edits the other."""
    r = tmp_path / "r"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    write(r, "ladders/engineering.yaml", "id: engineering\n" + "x: 1\n" * 20)
    write(r, "people/alice-ng.yaml", "id: alice-ng\n")
    commit(r, "start", "2025-01-10", ALICE)
    git(r, "mv", "ladders/engineering.yaml", "ladders/software.yaml")
    write(r, "ladders/software.yaml", "id: software\n" + "x: 1\n" * 20)
    commit(r, "rename", "2025-06-01", BOB)
    write(r, "people/alice-ng.yaml", "id: alice-ng\nname: Alice\n")
    commit(r, "edit", "2026-02-03", ALICE)
    return r


def test_history_follows_renames_and_maps_people(repo: Path) -> None:
    h = read_history(repo, PEOPLE)
    assert (h.available, h.shallow, h.note) == (True, False, None)
    assert sorted(h.files) == ["ladders/software.yaml", "people/alice-ng.yaml"]
    alice = Author("Alice Ng", "alice@acme.example", "alice-ng")
    bob = Author("Bob Li", "bob@acme.example", "bob-li")  # emails match case-insensitively
    ladder = h.files["ladders/software.yaml"]
    assert (ladder.first, ladder.last, ladder.commits) == (noon("2025-01-10"), noon("2025-06-01"), 2)
    assert ladder.authors == [alice, bob]
    assert ladder.last_author == bob
    person = h.files["people/alice-ng.yaml"]
    assert (person.first, person.last, person.commits) == (noon("2025-01-10"), noon("2026-02-03"), 2)
    assert person.authors == [alice]
    assert ladder.first.tzinfo is not None


def test_a_file_deleted_then_readded_starts_again(repo: Path) -> None:
    git(repo, "rm", "-q", "people/alice-ng.yaml")
    commit(repo, "remove", "2026-03-01", BOB)
    write(repo, "people/alice-ng.yaml", "id: alice-ng\n")
    commit(repo, "again", "2026-04-01", BOB)
    person = read_history(repo, PEOPLE).files["people/alice-ng.yaml"]
    assert (person.first, person.commits) == (noon("2026-04-01"), 1)
    assert [a.person for a in person.authors] == ["bob-li"]


def test_deleted_files_are_not_listed(repo: Path) -> None:
    git(repo, "rm", "-q", "people/alice-ng.yaml")
    commit(repo, "remove", "2026-03-01", BOB)
    assert sorted(read_history(repo).files) == ["ladders/software.yaml"]


def test_mailmap_merges_identities(repo: Path) -> None:
    write(repo, "people/bob-li.yaml", "id: bob-li\n")
    commit(repo, "bob from home", "2026-03-01",
           {"GIT_AUTHOR_NAME": "bobby", "GIT_AUTHOR_EMAIL": "bobby@home.example"})
    write(repo, ".mailmap", "Bob Li <bob@acme.example> bobby <bobby@home.example>\n")
    commit(repo, "mailmap", "2026-03-02", ALICE)
    h = read_history(repo, PEOPLE)
    assert h.files["people/bob-li.yaml"].authors == [Author("Bob Li", "bob@acme.example", "bob-li")]
    # Without people, authors are still known by name, just not mapped to anyone.
    assert read_history(repo).files["people/bob-li.yaml"].last_author.person is None


def test_only_paths_under_the_root_relative_to_it(repo: Path) -> None:
    """A knowledge repository in a sub-folder of a bigger git repository."""
    write(repo, "knowledge/people/carol.yaml", "id: carol\n")
    commit(repo, "sub", "2026-03-01", BOB)
    h = read_history(repo / "knowledge", PEOPLE)
    assert list(h.files) == ["people/carol.yaml"]


def test_shallow_clone_says_what_it_cannot_know(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    h = read_history(clone, PEOPLE)
    assert h.available and h.shallow
    assert h.note is not None and "shallow clone" in h.note and "--unshallow" in h.note
    # The one commit there is would make every file look new, by its author (issue 12: that
    # named the author of a private plan's commit on every page): its changes are unknown.
    assert h.files == {}


def test_outside_git_history_is_unknown(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "flaims.yaml").write_text("organisation: Acme\n")
    h = read_history(plain)
    assert (h.available, h.shallow, h.files) == (False, False, {})
    assert h.note == "not a git repository: history (dates, authors) is unknown"
    with pytest.raises(GitError, match="not a git repository"):
        changed_files(plain, "main")


def test_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    h = read_history(tmp_path)
    assert (h.available, h.files, h.note) == (True, {}, "the git repository has no commits yet")


def test_changed_files_since_the_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    git(repo, "mv", "ladders/software.yaml", "ladders/engineering.yaml")
    git(repo, "rm", "-q", "people/alice-ng.yaml")
    commit(repo, "pr work", "2026-03-01", BOB)
    # main moves on after the branch: its changes are not the pull request's.
    git(repo, "checkout", "-q", "main")
    write(repo, "curriculum/x.yaml", "id: x\n")
    commit(repo, "main moves", "2026-03-02", ALICE)
    git(repo, "checkout", "-q", "pr")
    write(repo, "retros/new.yaml", "id: new\n")  # untracked
    write(repo, "people/bob.yaml", "id: bob\n")
    git(repo, "add", "people/bob.yaml")  # staged, not committed
    found = changed_files(repo, "main")
    assert found == ChangedFiles(
        base=git(repo, "rev-parse", "HEAD~1").strip(),
        changed={"ladders/engineering.yaml", "retros/new.yaml", "people/bob.yaml"},
        deleted={"people/alice-ng.yaml"},
        renamed={"ladders/software.yaml": "ladders/engineering.yaml"},
    )


@pytest.mark.parametrize("ref", ["nope", "--output=x", "main..HEAD"])
def test_a_bad_ref_is_one_line(repo: Path, ref: str) -> None:
    with pytest.raises(GitError) as e:
        changed_files(repo, ref)
    assert "\n" not in str(e.value) and repr(ref) in str(e.value)
    assert not (repo / "x").exists()


def test_read_tree_reads_blobs_at_a_revision(repo: Path) -> None:
    files = read_tree(repo, "HEAD~2", ["ladders", "people", "missing"])
    assert files == {"ladders/engineering.yaml": b"id: engineering\n" + b"x: 1\n" * 20,
                     "people/alice-ng.yaml": b"id: alice-ng\n"}


def test_current_user_from_git_config(repo: Path) -> None:
    git(repo, "config", "user.name", "Ada L")
    git(repo, "config", "user.email", "ada@acme.example")
    assert current_user(repo) == ("Ada L", "ada@acme.example")


def test_emails_never_leave_in_dicts() -> None:
    assert Author("Bob Li", "bob@acme.example", "bob-li").to_dict() == {
        "name": "Bob Li", "person": "bob-li"}


def fast_import_repo(path: Path, files: int, commits: int) -> None:
    """A repository of `files` files changed over `commits` commits, written by git fast-import
    in one process (hundreds of `git commit` calls would take longer than what they test)."""
    git(path, "init", "-q", "-b", "main")
    lines: list[str] = []
    per_commit = max(1, files // 10)
    for c in range(commits):
        who = ("Alice Ng", "alice") if c % 2 else ("Bob Li", "bob")
        when = 1_700_000_000 + c * 3600
        lines += ["commit refs/heads/main", f"author {who[0]} <{who[1]}@acme.example> {when} +0000",
                  f"committer {who[0]} <{who[1]}@acme.example> {when} +0000", "data 3", f"c{c:02d}"[:3]]
        start = (c * per_commit) % files
        touched = range(files) if c == 0 else range(start, start + per_commit)
        for f in touched:
            body = f"id: doc-{f % files}\nrev: {c}\n"
            lines += [f"M 100644 inline failures/{f % files // 100}/doc-{f % files}.yaml",
                      f"data {len(body)}", body]
        lines.append("")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input="\n".join(lines) + "\n",
                   text=True, check=True, capture_output=True)
    git(path, "checkout", "-q", "main")


def test_one_pass_over_a_large_history(tmp_path: Path) -> None:
    """1,000 files, 300 commits: one `git log` pass, well under a second here (the issue measured
    44 ms a file, over 40 s, asking for each file's log)."""
    fast_import_repo(tmp_path, files=1000, commits=300)
    start = time.perf_counter()
    h = read_history(tmp_path, PEOPLE)
    took = time.perf_counter() - start
    assert len(h.files) == 1000
    assert sum(f.commits for f in h.files.values()) == 1000 + 299 * 100
    assert {a.person for f in h.files.values() for a in f.authors} == {"alice-ng", "bob-li"}
    assert took < 5, f"read_history took {took:.2f} s"
