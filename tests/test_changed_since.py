"""Pull-request mode: `flaims lint --changed-since REF` on real git branches."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run, git, lint_json

F = "failures/2026/2026-03-10-payment-timeouts.yaml"
R = "retros/2026/2026-03-14-payments-march.yaml"
BOB = "people/bob-li.yaml"


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def found(flaims: Run, repo: Path, *args: str) -> list[tuple[str, int, str]]:
    data = lint_json(flaims, repo, *args)
    return [(d["path"], d["line"], d["code"]) for d in data["diagnostics"]]


@pytest.fixture
def branch(git_repo: Path) -> Path:
    """main carries an old error in the failure report; the pull request branches off after."""
    edit(git_repo, F, "severity: high", "severity: hgh")
    commit(git_repo, "an old mistake")
    git(git_repo, "checkout", "-q", "-b", "pr")
    return git_repo


def test_reports_changed_files_not_old_errors_elsewhere(branch: Path, flaims: Run) -> None:
    edit(branch, R, "team: payments", "team: Payments")
    commit(branch, "pr: retro")
    assert found(flaims, branch) == [(F, 4, "bad-value"), (R, 4, "bad-value")]
    assert found(flaims, branch, "--changed-since", "main") == [(R, 4, "bad-value")]


def test_uncommitted_and_untracked_files_count(branch: Path, flaims: Run) -> None:
    edit(branch, R, "team: payments", "team: Payments")  # not committed
    (branch / "people/dana-ruiz.yaml").write_text("id: dana-ruiz\nname: Dana\nstatus: gone\n")
    assert found(flaims, branch, "--changed-since", "main") == [
        ("people/dana-ruiz.yaml", 3, "bad-value"), (R, 4, "bad-value")]


def test_reports_the_dangling_references_a_deletion_caused(branch: Path, flaims: Run) -> None:
    git(branch, "rm", "-q", BOB)
    commit(branch, "pr: Bob's file removed")
    result = flaims("lint", "--changed-since", "main", repo=branch)
    assert result.exit_code == 1
    assert result.output == f"""\
{F}:20:12: error unknown-person unknown person 'bob-li'
retros/2026/2026-02-14-payments-february.yaml:6:26: error unknown-person unknown person 'bob-li'
retros/2026/2026-02-14-payments-february.yaml:14:12: error unknown-person unknown person 'bob-li'
{R}:5:14: error unknown-person unknown person 'bob-li'
{R}:6:26: error unknown-person unknown person 'bob-li'

11 files checked: 5 errors, 0 warnings
"""  # and not the old bad-value in {F}, which was there before


def test_follows_renames(branch: Path, flaims: Run) -> None:
    """A renamed file is the changed file under its new name; the references to its old id in
    unchanged files are what the rename broke."""
    new = "retros/2026/2026-03-14-payments-march-retro.yaml"
    git(branch, "mv", R, new)
    edit(branch, new, "id: 2026-03-14-payments-march", "id: 2026-03-14-payments-march-retro")
    commit(branch, "pr: rename")
    assert found(flaims, branch, "--changed-since", "main") == [
        (F, 23, "unknown-retro"), ("plans/alice-ng.yaml", 17, "unknown-retro")]


def test_a_clean_change_is_clean(branch: Path, flaims: Run) -> None:
    edit(branch, R, "team: payments", "team: payments  # still")
    commit(branch, "pr: comment")
    result = flaims("lint", "--changed-since", "main", repo=branch)
    assert (result.exit_code, result.output) == (0, "12 files checked: no problems\n")


def test_a_bad_ref_is_exit_2_with_one_line(branch: Path, flaims: Run) -> None:
    result = flaims("lint", "--changed-since", "origin/main", repo=branch)
    assert result.exit_code == 2
    assert result.output == (
        "flaims: --changed-since: unknown revision 'origin/main' (is the branch fetched? in CI, "
        "fetch with enough depth to reach it)\n")


def test_outside_git_is_exit_2(example_repo: Path, flaims: Run) -> None:
    result = flaims("lint", "--changed-since", "main", repo=example_repo)
    assert result.exit_code == 2
    assert result.output.startswith("flaims: --changed-since: ")
    assert "not a git repository" in result.output
