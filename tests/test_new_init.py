"""`flaims new` and `flaims init` on real git repositories, through the real CLI."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from flaims_tool import scaffold

from .conftest import Run, git, lint_json

DAY = "2026-03-14"
TODO = re.compile(r"TODO[^\n]*")


def fill(path: Path) -> None:
    """Write what a person would: every placeholder becomes distinct text."""
    count = iter(range(1, 1000))
    path.write_text(TODO.sub(lambda m: f"Written by a person, part {next(count)}.",
                             path.read_text()))


def problems(flaims: Run, repo: Path, rel: str) -> list[tuple[str, str]]:
    data = lint_json(flaims, repo, "--as-of", DAY, str(repo / rel))
    return [(d["code"], d["severity"]) for d in data["diagnostics"]]


@pytest.fixture
def knowledge(tmp_path: Path, flaims: Run) -> Path:
    """`flaims init` in a fresh git repository, whose git user is Ada, with Ada's person file."""
    repo = tmp_path / "knowledge"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Ada L")
    git(repo, "config", "user.email", "ada@acme.example")
    assert flaims("init", str(repo), "--organisation", "Acme", "--team", "core",
                  "--team", "payments").exit_code == 0
    result = flaims("new", "person", "--title", "Ada Lovelace", "--email", "Ada@acme.example",
                    "--team", "core", repo=repo)
    assert result.exit_code == 0, result.output
    ladder = flaims("new", "ladder", "--title", "Engineering", repo=repo)
    assert ladder.exit_code == 0, ladder.output
    fill(repo / "ladders/engineering.yaml")
    return repo


NEW = {
    "failure": (["--title", "Payment API timeouts (March)", "--severity", "high", "--team",
                 "payments", "--tag", "timeouts", "--tag", "config-mismatch", "--date", DAY],
                f"failures/2026/{DAY}-payment-api-timeouts-march.yaml", "../../schemas"),
    "retro": (["--title", "Payments, March", "--team", "payments", "--date", DAY],
              f"retros/2026/{DAY}-payments-march.yaml", "../../schemas"),
    "plan": ([], "plans/ada-lovelace.yaml", "../schemas"),
    "ladder": (["--title", "Engineering Management"], "ladders/engineering-management.yaml",
               "../schemas"),
    "curriculum": (["--title", "Capacity planning for peaks", "--tag", "capacity", "--date", DAY],
                   "curriculum/capacity-planning-for-peaks.yaml", "../schemas"),
    "person": (["--title", "Chloé Martin", "--email", "chloe@acme.example"],
               "people/chloe-martin.yaml", "../schemas"),
}


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_new_writes_a_document_that_lints_once_filled_in(kind: str, knowledge: Path,
                                                         flaims: Run) -> None:
    args, rel, schemas = NEW[kind]
    result = flaims("new", kind, *args, "--no-interactive", repo=knowledge)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{knowledge / rel}\n"
    path = knowledge / rel
    # a person's file has nothing only a person can write: no TODO to ask for
    assert result.stderr == ("" if kind == "person" else "Fill in every TODO, then run 'flaims lint'.\n")
    assert ("TODO" in path.read_text()) == (kind != "person")
    text = path.read_text()
    assert text.splitlines()[0] == \
        f"# yaml-language-server: $schema={schemas}/{kind}.schema.json"
    assert (path.parent / schemas / f"{kind}.schema.json").is_file()
    found = problems(flaims, knowledge, rel)
    if kind == "person":
        assert found == []  # nothing only a person can write
    else:
        assert found and set(found) == {("placeholder", "error")}
    fill(path)
    assert problems(flaims, knowledge, rel) == []
    assert lint_json(flaims, knowledge, "--as-of", DAY)["diagnostics"] == []

    written = path.read_bytes()
    again = flaims("new", kind, *args, "--no-interactive", repo=knowledge)
    assert again.exit_code == 2
    assert again.stdout == ""
    assert again.stderr.startswith(f"flaims: new {kind}: {rel} already exists with id ")
    assert path.read_bytes() == written


def test_new_fills_in_what_it_knows(knowledge: Path, flaims: Run) -> None:
    """Today's date when none is given, the git user as author, aliases as their tag's id."""
    args, rel, _ = NEW["failure"]
    flaims("new", "failure", *args, repo=knowledge)
    text = (knowledge / rel).read_text()
    assert f"\ndate: {DAY}  #" in text
    assert "\nauthors: [ada-lovelace]  #" in text
    assert "\ntags: [timeouts, config-drift]  #" in text
    assert "\nseverity: high  #" in text
    today = dt.date.today().isoformat()
    module = flaims("new", "curriculum", "--title", "Pools", "--tag", "capacity", repo=knowledge)
    assert module.exit_code == 0, module.output
    text = (knowledge / "curriculum/pools.yaml").read_text()
    assert f"\ncreated: {today}  #" in text
    assert "\nowners: [ada-lovelace]  #" in text
    retro = flaims("new", "retro", "--title", "Today's retro", "--team", "payments",
                   "--person", "ada-lovelace", "--person", "chloe-martin", repo=knowledge)
    assert retro.exit_code == 2
    assert "unknown person 'chloe-martin'" in retro.stderr
    assert not (knowledge / f"retros/{today[:4]}/{today}-today-s-retro.yaml").exists()


def test_new_without_a_terminal_names_what_is_missing(knowledge: Path, flaims: Run) -> None:
    result = flaims("new", "failure", "--title", "Timeouts", repo=knowledge)
    assert result.exit_code == 2
    assert result.output == ("flaims: new failure: missing --severity, --team (one of core, "
                             "payments), --tag; pass them as options, or run in a terminal to "
                             "be asked\n")
    assert not (knowledge / "failures" / "2026").exists()


def test_new_says_why_it_cannot_tell_who_you_are(knowledge: Path, flaims: Run) -> None:
    git(knowledge, "config", "user.email", "someone@else.example")
    result = flaims("new", "curriculum", "--title", "Pools", "--tag", "capacity", repo=knowledge)
    assert result.exit_code == 2
    assert result.output == (
        "flaims: new curriculum: missing --person (your git email someone@else.example is in no "
        "people/*.yaml file); pass them as options, or run in a terminal to be asked\n")


def test_new_asks_in_a_terminal(knowledge: Path, flaims: Run) -> None:
    # A mistyped answer is refused as it is given, with the likely one, and asked again.
    result = flaims("new", "failure", "--interactive", "--date", DAY, repo=knowledge,
                    input="Queue backlog\nmedium\nPay Ments\npayments\ncapacity, timeout\ncapacity, timeouts\n")
    assert result.exit_code == 0, result.output
    assert "Severity (low, medium, high, critical): medium" in result.output
    assert result.stderr.splitlines() == [
        "  'Pay Ments' is not an id (lowercase words joined by hyphens, e.g. 'pay-ments')",
        "  unknown tag 'timeout'; did you mean 'timeouts'? (tags are listed in failures/tags.yaml)",
        "Fill in every TODO, then run 'flaims lint'.",
    ]
    tag_question = "Failure tags (ids from failures/tags.yaml, comma-separated): "
    assert result.output.count(tag_question) == 2
    assert result.output.count("Team (one of core, payments): ") == 2
    text = (knowledge / f"failures/2026/{DAY}-queue-backlog.yaml").read_text()
    assert "\ntags: [capacity, timeouts]  #" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--title", "!!!"], "the title has no letters or digits to make an id from"),
    (["--title", "Pools", "--team", "Pay Ments"],
     "--team 'Pay Ments' is not an id (lowercase words joined by hyphens, e.g. 'pay-ments')"),
    (["--title", "a\nb"], "--title must be one line of text"),
])
def test_new_refuses_bad_values(knowledge: Path, flaims: Run, args: list[str],
                                message: str) -> None:
    result = flaims("new", "retro", "--team", "payments", *args, repo=knowledge)
    assert result.exit_code == 2
    assert result.stderr == f"flaims: new retro: {message}\n"


def test_new_quotes_titles_that_yaml_would_misread(knowledge: Path, flaims: Run) -> None:
    title = 'no: "yes" # not a comment'
    result = flaims("new", "ladder", "--title", title, repo=knowledge)
    assert result.exit_code == 0, result.output
    data = lint_json(flaims, knowledge)
    assert not [d for d in data["diagnostics"] if d["code"] != "placeholder"]
    from flaims_tool import yamlio

    loaded = yamlio.read(knowledge / "ladders/no-yes-not-a-comment.yaml", "x")
    assert loaded.data is not None and loaded.data["title"] == title


def test_init_then_lint_in_a_fresh_repository(tmp_path: Path, flaims: Run) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q")
    result = flaims("init", str(repo))
    assert result.exit_code == 0, result.output
    created = [line.split()[1] for line in result.stdout.splitlines()
               if line.startswith("created")]
    assert created[:2] == ["flaims.yaml", "mkdocs.yml"]
    assert {".gitignore", "README.md", "failures/tags.yaml"} <= set(created)
    assert {f"schemas/{k}.schema.json" for k in ("config", "failure", "plan")} <= set(created)
    assert {"ladders/.gitkeep", "retros/.gitkeep", "people/.gitkeep"} <= set(created)
    assert "failures/.gitkeep" not in created  # tags.yaml keeps the folder
    assert (repo / "flaims.yaml").read_text().count("organisation: fresh  #") == 1
    lint = flaims("lint", repo=repo)
    assert (lint.exit_code, lint.output) == (0, "2 files checked: no problems\n")
    (repo / "site").mkdir()
    (repo / "site/index.html").write_text("generated")
    (repo / ".flaims").mkdir()
    (repo / ".flaims/cache").write_text("generated")
    status = git(repo, "status", "--porcelain", "--ignored").splitlines()
    assert "!! site/" in status and "!! .flaims/" in status


def test_init_keeps_what_exists(tmp_path: Path, flaims: Run) -> None:
    repo = tmp_path / "existing"
    repo.mkdir()
    git(repo, "init", "-q")
    mine = b"site_name: Our own\ntheme:\n  name: readthedocs\n# mine\n"
    (repo / "mkdocs.yml").write_bytes(mine)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "docs")
    result = flaims("init", str(repo), "--organisation", "Acme Bikes")
    assert result.exit_code == 0
    assert "kept     mkdocs.yml (it exists; not changed)\n" in result.stdout
    assert "created  mkdocs.yml" not in result.stdout
    assert (repo / "mkdocs.yml").read_bytes() == mine
    assert "organisation: Acme Bikes  #" in (repo / "flaims.yaml").read_text()
    # A second run creates nothing and changes nothing.
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git/" not in str(p)}
    again = flaims("init", str(repo))
    assert "created" not in again.stdout
    assert {p: p.read_bytes() for p in before} == before
    assert flaims("lint", repo=repo).exit_code == 0


def test_init_writes_every_template_file(tmp_path: Path, flaims: Run) -> None:
    """Files other parts add to flaims_tool/templates/init/ are written too, at their paths."""
    folder = Path(scaffold.__file__).parent / "templates" / "init"
    templates = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}
    assert {"failures/tags.yaml", ".gitignore", "README.md"} <= templates
    target = tmp_path / "plain" / "new"  # a plain folder that does not exist yet
    assert flaims("init", str(target)).exit_code == 0
    pin = scaffold.action_pin().encode()
    for rel in templates:
        assert (target / rel).read_bytes() == scaffold._pinned((folder / rel).read_bytes(), pin)


def test_init_pins_the_flaims_action_to_the_commit_flaims_runs_from(tmp_path: Path,
                                                                     flaims: Run) -> None:
    import re

    from flaims_tool import __version__
    from flaims_tool.history import head_commit

    assert flaims("init", str(tmp_path / "k")).exit_code == 0
    text = (tmp_path / "k" / ".github" / "workflows" / "flaims.yml").read_text("utf-8")
    assert "FLAIMS_ACTION_PIN" not in text
    uses = re.findall(r"uses: (flaims/flaims@\S+)(.*)", text)
    assert len(uses) == 5
    # This checkout is an editable install: its git HEAD is what the workflow would run.
    commit = head_commit(Path(scaffold.__file__).parent.parent)
    if commit is None:
        pytest.skip("the flaims source is not a git checkout here")
    assert set(uses) == {(f"flaims/flaims@{commit}", f" # v{__version__}")}


def test_init_refuses_a_file(tmp_path: Path, flaims: Run) -> None:
    (tmp_path / "f").write_text("x")
    result = flaims("init", str(tmp_path / "f"))
    assert result.exit_code == 2
    assert (tmp_path / "f").read_text() == "x"


def test_starter_taxonomy_has_two_levels() -> None:
    from flaims_tool import yamlio

    folder = Path(scaffold.__file__).parent / "templates" / "init"
    tags = yamlio.read(folder / "failures/tags.yaml", "failures/tags.yaml").data
    assert tags is not None
    top = [t for t in tags["tags"] if "parent" not in t]
    children = [t for t in tags["tags"] if "parent" in t]
    assert 8 <= len(tags["tags"]) <= 14 and len(top) >= 4
    assert {t["parent"] for t in children} == {t["id"] for t in top}


@pytest.mark.parametrize(("title", "slug"), [
    ("Payment API timeouts (March)", "payment-api-timeouts-march"),
    ("Chloé's café — über", "chloe-s-cafe-uber"),
    ("x" * 90, "x" * 80),
    ("word " * 30, "-".join(["word"] * 16)),
])
def test_slugify(title: str, slug: str) -> None:
    assert scaffold.slugify(title) == slug
