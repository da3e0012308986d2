"""Issue 12: flaims attacked as a hostile pull request, a careless user and a failing machine would.

Each test builds the hostile repository in tmp_path and runs the real CLI (or the real function
the CLI calls) on it; each failed before its fix.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flaims_tool import cache
from flaims_tool.handbook.build import SITE_MARKER
from flaims_tool.handbook.serve import regenerate

from .conftest import PROJECT, Run, git
from .test_handbook import page

PYTHON = sys.executable


def flaims_process(*args: str, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", "flaims_tool", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=PROJECT, check=False, **kw)  # type: ignore[call-overload]


def files_of(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


# 1 and 13: mkdocs.yml values are what they may be, or refused at their place ------------------

HOSTILE = '"><script>alert(1)</script>'
THEMES = {
    "primary": ("theme:\n  palette:\n    primary: '{}'\n", 3, 14),
    "accent": ("theme:\n  palette:\n    - accent: '{}'\n", 3, 15),
    "scheme": ("theme:\n  palette:\n    - scheme: '{}'\n", 3, 15),
    "media": ("theme:\n  palette:\n    - media: '{}'\n", 3, 14),
    "toggle name": ("theme:\n  palette:\n    - toggle:\n        icon: material/weather-night\n"
                    "        name: '{}'\n", 5, 15),
    "toggle icon": ("theme:\n  palette:\n    - toggle:\n        icon: '{}'\n"
                    "        name: Dark\n", 4, 15),
    "direction": ("theme:\n  direction: '{}'\n", 2, 14),
    "language": ("theme:\n  language: '{}'\n", 2, 13),
    "features": ("theme:\n  features: ['{}']\n", 2, 14),
    "icon": ("theme:\n  icon:\n    logo: '{}'\n", 3, 11),
}


@pytest.mark.parametrize("key", sorted(THEMES))
def test_theme_values_outside_their_allow_list_are_refused_at_their_place(
        flaims: Run, git_repo: Path, key: str) -> None:
    template, line, col = THEMES[key]
    (git_repo / "mkdocs.yml").write_text(template.format(HOSTILE.replace("'", "''")), "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"flaims: mkdocs.yml:{line}:{col}: "), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not (git_repo / "site").exists()


@pytest.mark.parametrize(("setting", "where"), [
    ("theme:\n  language: english\n", "2:13"),
    ("theme:\n  icon:\n    logo: material/no-such-icon-here\n", "3:11"),
    ("extra:\n  social:\n    - icon: fontawesome/brands/nope-nope\n"
     "      link: https://example.org/\n", "3:13"),
])
def test_unknown_language_or_icon_is_one_line_not_mkdocs_traceback(
        flaims: Run, git_repo: Path, setting: str, where: str) -> None:
    (git_repo / "mkdocs.yml").write_text(setting, "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"flaims: mkdocs.yml:{where}: "), result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


def test_allowed_theme_values_still_build(flaims: Run, git_repo: Path) -> None:
    (git_repo / "mkdocs.yml").write_text(
        "theme:\n  name: material\n  direction: rtl\n  language: fr\n"
        "  icon:\n    logo: material/library\n    admonition:\n      note: octicons/tag-16\n"
        "  palette:\n    - media: '(prefers-color-scheme: dark)'\n      scheme: slate\n"
        "      primary: blue grey\n      accent: deep orange\n"
        "      toggle: {icon: material/weather-sunny, name: Switch to light mode}\n"
        "extra:\n  social:\n    - icon: fontawesome/brands/github\n"
        "      link: 'https://example.org/a\"b'\n      name: Our <code>\n", "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 0, result.output
    html = (git_repo / "site/index.html").read_text("utf-8")
    assert '<body dir="rtl" data-md-color-scheme="slate" data-md-color-primary="blue-grey"' in html
    assert 'href="https://example.org/a%22b"' in html  # the link is escaped, not raw
    assert 'title="Our &lt;code&gt;"' in html


# 4, 13: mkdocs.yml goes through flaims' own bounded loader -------------------------------------


def test_aliased_nav_is_refused_fast_instead_of_taking_gigabytes(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    lines = ["site_name: x", "nav:", "  - &a0 {t: [page.md, page.md]}"]
    lines += [f"  - &a{i} {{t: [*a{i - 1}, *a{i - 1}]}}" for i in range(1, 40)]
    (repo / "mkdocs.yml").write_text("\n".join(lines) + "\n", "utf-8")
    assert len((repo / "mkdocs.yml").read_bytes()) < 1400
    code = ("import sys, time; from pathlib import Path\n"
            "from flaims_tool.handbook.mkdocs_config import read_repo_site, handwritten_nav\n"
            "from flaims_tool.workspace import ConfigError\nt = time.monotonic()\n"
            "try:\n    handwritten_nav(read_repo_site(Path(sys.argv[1])))\n"
            "except ConfigError as e:\n    print(e)\nprint(time.monotonic() - t)\n")
    # Before: 2.4 GB and no end; a 60 s timeout and a 1 GB address space limit stand in for it.
    proc = subprocess.run([PYTHON, "-c", f"import resource; resource.setrlimit("
                           f"resource.RLIMIT_AS, (2**30, 2**30))\n{code}", str(repo)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr[-500:]
    message, seconds = proc.stdout.splitlines()
    assert message.startswith("mkdocs.yml:") and "100,000 nodes" in message
    assert float(seconds) < 5


def test_deep_nav_is_a_diagnostic_not_a_recursion_error(flaims: Run, git_repo: Path) -> None:
    depth = 5000
    nav = "nav:\n  - " + "[" * depth + "page.md" + "]" * depth + "\n"
    (git_repo / "mkdocs.yml").write_text(nav, "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("flaims: mkdocs.yml:2:") and "nesting" in result.stderr
    assert result.stderr.count("\n") == 1


def test_mkdocs_own_tags_still_read(flaims: Run, git_repo: Path) -> None:
    (git_repo / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME, 'Ours']\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "theme:\n  name: material\n  palette:\n    primary: teal\n", "utf-8")
    assert flaims("build", repo=git_repo).exit_code == 0


# 2: nothing flaims writes or deletes follows a link ---------------------------------------------


def test_serve_never_writes_or_deletes_through_planted_links(git_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("mine", "utf-8")
    (outside / "index.md").write_text("my own index", "utf-8")
    docs = git_repo / ".flaims/handbook/docs"
    docs.mkdir(parents=True)
    (docs / "index.md").symlink_to(outside / "index.md")
    (docs / "failures").symlink_to(outside, target_is_directory=True)
    before = files_of(outside)
    assert regenerate(git_repo, None, lambda m: None)
    assert files_of(outside) == before
    assert not (docs / "index.md").is_symlink() and (docs / "index.md").is_file()
    assert not (docs / "failures").is_symlink() and (docs / "failures").is_dir()
    # A link at the generated folder itself is replaced too.
    gen = git_repo / ".flaims/handbook"
    os.rename(gen, tmp_path / "old-gen")
    gen.symlink_to(outside, target_is_directory=True)
    assert regenerate(git_repo, None, lambda m: None)
    assert files_of(outside) == before and not gen.is_symlink()


def test_init_and_new_never_create_files_in_linked_folders(flaims: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "ladders").symlink_to(outside, target_is_directory=True)
    result = flaims("init", str(repo), "--organisation", "Acme")
    assert result.exit_code == 2
    assert "ladders/ is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []
    (repo / "ladders").unlink()
    assert flaims("init", str(repo), "--organisation", "Acme").exit_code == 0
    shutil.rmtree(repo / "people")
    (repo / "people").symlink_to(outside, target_is_directory=True)
    result = flaims("new", "person", "--title", "Dana Ruiz", "--email", "dana@acme.example",
                    repo=repo)
    assert result.exit_code == 2, result.output
    assert "people/ is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []


# 3: --site-dir replaces only a site flaims built -------------------------------------------------


def test_site_dir_with_an_index_html_is_not_taken_for_a_site(flaims: Run, git_repo: Path,
                                                              tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "index.html").write_text("<p>my page</p>", "utf-8")
    (public / "notes.txt").write_text("my notes", "utf-8")
    result = flaims("build", "--site-dir", str(public), repo=git_repo)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and SITE_MARKER in result.stderr
    assert files_of(public).keys() == {"index.html", "notes.txt"}
    empty = tmp_path / "empty"
    assert flaims("build", "--site-dir", str(empty), repo=git_repo).exit_code == 0
    assert (empty / SITE_MARKER).is_file()
    assert flaims("build", "--site-dir", str(empty), repo=git_repo).exit_code == 0


# 5: the taxonomy check is linear -----------------------------------------------------------------


def test_a_7000_tag_parent_chain_lints_in_seconds(example_repo: Path) -> None:
    tags = example_repo / "failures/tags.yaml"
    chain = "".join(f"  - id: chain-{i}\n    title: Chain {i}\n    description: Link {i}.\n"
                    + (f"    parent: chain-{i - 1}\n" if i else "") for i in range(7000))
    tags.write_text(tags.read_text("utf-8") + chain, "utf-8")
    start = time.monotonic()
    proc = flaims_process("--repo", str(example_repo), "lint", timeout=60)  # before: > 150 s
    assert proc.returncode == 0, proc.stdout
    assert time.monotonic() - start < 30
    # A cycle at the end of the chain is still found, once, at its first tag in the file.
    tags.write_text(tags.read_text("utf-8").replace(
        "  - id: chain-0\n    title: Chain 0\n    description: Link 0.\n",
        "  - id: chain-0\n    title: Chain 0\n    description: Link 0.\n    parent: chain-6999\n"),
        "utf-8")
    proc = flaims_process("--repo", str(example_repo), "lint", "--format", "json", timeout=60)
    found = [d for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "tag-cycle"]
    assert len(found) == 1 and found[0]["message"].startswith("tag 'chain-0' is its own ancestor")


# 6, 13: control characters in printed paths; non-UTF-8 names --------------------------------------


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_a_file_name_cannot_start_a_workflow_command(example_repo: Path, fmt: str) -> None:
    folder = example_repo / "failures/2026"
    (folder / "x\n::error file=a.yaml::pwned\r\n::warning::y.yaml").write_text("id: [\n", "utf-8")
    proc = flaims_process("--repo", str(example_repo), "lint", "--format", fmt)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = (proc.stdout + proc.stderr).splitlines()
    assert not any(line.startswith(("::error file=a", "::warning::y")) for line in lines)
    if fmt in ("json", "sarif"):
        data = json.loads(proc.stdout)
        if fmt == "json":
            assert data["diagnostics"][0]["path"] == (
                "failures/2026/x\\x0a::error file=a.yaml::pwned\\x0d\\x0a::warning::y.yaml")
        else:
            location = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"].startswith("failures/2026/x%0A%3A%3Aerror")
    else:
        assert "failures/2026/x\\x0a" in proc.stdout and "pwned\\x0d\\x0a" in proc.stdout


def test_build_prints_escaped_paths_too(example_repo: Path) -> None:
    (example_repo / "failures/2026/w\n::error::x.yaml").write_text("id: [\n", "utf-8")
    proc = flaims_process("--repo", str(example_repo), "build")
    assert proc.returncode == 1
    assert not any(line.startswith("::error::x") for line in proc.stdout.splitlines())


@pytest.mark.parametrize("fmt", ["sarif", "json", "text", "github"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(example_repo: Path,
                                                                   fmt: str) -> None:
    folder = os.fsencode(example_repo / "failures/2026")
    with open(folder + b"/caf\xe9.yaml", "wb") as fh:
        fh.write(b"id: [\n")
    proc = flaims_process("--repo", str(example_repo), "lint", "--format", fmt)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    shown = {"sarif": "caf%E9.yaml", "json": "caf\\\\xe9.yaml"}.get(fmt, "caf\\xe9.yaml")
    assert shown in proc.stdout
    if fmt in ("sarif", "json"):
        json.loads(proc.stdout)


# 7: docs_dir never publishes the repository or a knowledge folder ------------------------------


@pytest.mark.parametrize("docs_dir", [".", "./", "plans", "plans/notes", "/", "..", "handbook/../plans"])
def test_docs_dir_cannot_publish_private_plans_neighbours(flaims: Run, git_repo: Path,
                                                          docs_dir: str) -> None:
    (git_repo / "plans/notes").mkdir(parents=True)
    (git_repo / "plans/salary.md").write_text("# Salary\n\nxq7secret\n", "utf-8")
    (git_repo / "plans/notes/review.pdf").write_bytes(b"%PDF-1.4 xq7secret")
    (git_repo / "mkdocs.yml").write_text(f"docs_dir: '{docs_dir}'\n", "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("flaims: mkdocs.yml:1:11: docs_dir"), result.stderr
    assert not (git_repo / "site").exists()


# 8: publishing keeps the old site until the new one is complete ---------------------------------


def _mount_tmpfs(where: Path, size: int) -> bool:
    where.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return proc.returncode == 0


def _allocated(folder: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*")) + 4096 * 8


def test_a_full_disk_keeps_the_old_site(flaims: Run, git_repo: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    assert flaims("build", "--site-dir", str(probe), repo=git_repo).exit_code == 0
    size = _allocated(probe)
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(disk, size * 3 // 2):
        pytest.skip("mounting a small tmpfs needs root and CAP_SYS_ADMIN")
    try:
        site = disk / "site"
        assert flaims("build", "--site-dir", str(site), repo=git_repo).exit_code == 0
        before = files_of(site)
        assert len(before) > 50
        failure = git_repo / "failures/2026/2026-03-10-payment-timeouts.yaml"
        failure.write_text(failure.read_text("utf-8") + "# edited\n", "utf-8")
        result = flaims("build", "--site-dir", str(site), repo=git_repo)
        assert result.exit_code == 1, result.output
        assert "the old site is unchanged" in result.stderr
        assert files_of(site) == before
        assert sorted(p.name for p in disk.iterdir()) == ["site"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# 9: a private plan's messages quote no values ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["github", "text", "json", "sarif"])
def test_private_plan_messages_name_fields_never_values(example_repo: Path, fmt: str) -> None:
    plan = example_repo / "plans/alice-ng.yaml"
    text = plan.read_text("utf-8")
    assert "visibility: public" not in text
    plan.write_text(text.replace("updated: 2026-03-01", "updated: '2026-09-14 my salary is 91000'")
                    .replace("target: e3", "target: e1")
                    .replace("  - competency: engineering/operations\n    current",
                             "  - competency: engineering/salary91000\n    current", 1), "utf-8")
    assert "salary is 91000" in plan.read_text("utf-8")
    proc = flaims_process("--repo", str(example_repo), "lint", "--format", fmt)
    assert proc.returncode == 1
    assert "91000" not in proc.stdout and "salary" not in proc.stdout
    assert "updated" in proc.stdout and "not shown" in proc.stdout
    # A public plan is public: its messages say what they always said.
    plan.write_text(plan.read_text("utf-8").replace("visibility: private", "visibility: public"),
                    "utf-8")
    proc = flaims_process("--repo", str(example_repo), "lint", "--format", fmt)
    assert "2026-09-14 my salary" in proc.stdout


# 10: hand-written pages: trusted like code, but no javascript: links ------------------------------


@pytest.mark.parametrize("link", ["[click](javascript:alert(1))", "[c]( JavaScript:alert(1) )",
                                  '<a href="javascript:alert(1)">c</a>', "[c]: javascript:alert(1)",
                                  "[c](java&#115;cript:alert(1))"])
def test_javascript_links_in_hand_written_pages_are_refused(flaims: Run, git_repo: Path,
                                                           link: str) -> None:
    (git_repo / "handbook").mkdir()
    (git_repo / "handbook/about.md").write_text(f"# About\n\n{link} here.\n", "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("flaims: handbook/about.md:3:"), result.stderr
    assert not (git_repo / "site").exists()


def test_ordinary_hand_written_links_build(flaims: Run, git_repo: Path) -> None:
    (git_repo / "handbook").mkdir()
    (git_repo / "handbook/about.md").write_text(
        "# About\n\nJavaScript: not here. [Home](../index.md), <https://example.org/>.\n", "utf-8")
    assert flaims("build", repo=git_repo).exit_code == 0


# 11: Ctrl-C during a parallel cold lint --------------------------------------------------------


def test_ctrl_c_stops_a_parallel_lint_at_once_and_quietly(example_repo: Path) -> None:
    folder = example_repo / "failures/2026"
    body = (folder / "2026-03-10-payment-timeouts.yaml").read_text("utf-8")
    for i in range(6000):
        (folder / f"2026-03-10-copy-{i}.yaml").write_text(body, "utf-8")
    proc = subprocess.Popen([PYTHON, "-m", "flaims_tool", "--repo", str(example_repo), "lint"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(2.5)
    assert proc.poll() is None, "lint finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole group
    start = time.monotonic()
    _out, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 5
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-2000:]
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True,
                              check=False)
    assert leftover.stdout.strip() == ""


# 12: concurrent builds ------------------------------------------------------------------------------


def test_concurrent_builds_wait_for_each_other(git_repo: Path) -> None:
    procs = [subprocess.Popen([PYTHON, "-m", "flaims_tool", "--repo", str(git_repo), "build"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "internal error" not in err
    assert (git_repo / "site/index.html").is_file()


# 13: a read-only repository ---------------------------------------------------------------------


def test_a_read_only_repository_is_one_line(flaims: Run, git_repo: Path, tmp_path: Path) -> None:
    disk = tmp_path / "ro"
    if os.geteuid() != 0 or not _mount_tmpfs(disk, 64 * 1024 * 1024):
        pytest.skip("a read-only mount needs root and CAP_SYS_ADMIN (root ignores chmod)")
    try:
        subprocess.run(["cp", "-a", f"{git_repo}/.", str(disk)], check=True)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = flaims("build", repo=disk)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and "Read-only file system" in result.stderr
        assert "internal error" not in result.stderr
        assert flaims("lint", repo=disk).exit_code == 0
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# 14: a shallow clone does not name the last committer on every page -------------------------------


def test_shallow_clone_says_last_change_is_unknown(flaims: Run, git_repo: Path,
                                                   tmp_path: Path) -> None:
    plan = git_repo / "plans/alice-ng.yaml"
    plan.write_text(plan.read_text("utf-8") + "# private note\n", "utf-8")
    git(git_repo, "commit", "-q", "-am", "private", env={
        "GIT_AUTHOR_NAME": "Zed Private", "GIT_AUTHOR_EMAIL": "zed@private.example",
        "GIT_AUTHOR_DATE": "2026-03-20T10:00:00+00:00"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    result = flaims("build", repo=clone)
    assert result.exit_code == 0, result.output
    report = page(clone / "site", "failures/2026-03-10-payment-timeouts.html")
    assert report.history.startswith("Last changed: unknown (shallow clone"), report.history
    everything = "\n".join(p.read_text("utf-8") for p in (clone / "site").rglob("*.html"))
    assert "Zed Private" not in everything and "2026-03-20" not in everything


# 15: a planted lint-result cache is never believed ----------------------------------------------


def test_a_planted_result_cache_with_the_right_owner_and_mode_is_not_believed(
        example_repo: Path, tmp_path: Path) -> None:
    folder = example_repo / "failures/2026"
    for i in range(250):
        (folder / f"2026-03-10-broken-{i}.yaml").write_text("id: [\n", "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    first = flaims_process("--repo", str(example_repo), "lint", env=env)
    assert first.returncode == 1 and "250 errors" in first.stdout
    # What an attacker can compute without the key: flaims' own prefix and result key.
    from flaims_tool.cache import RESULT_PREFIX, LintResults, snapshot
    from flaims_tool.workspace import find_jobs

    jobs, _ = find_jobs(example_repo)
    key = LintResults(example_repo, "2026-03-31", jobs, snapshot(jobs)).key
    assert key is not None
    result_file = example_repo / f".flaims/cache/{RESULT_PREFIX}{key.hex()}.marshal"
    assert result_file.is_file()
    forged = (key, len(jobs), [])  # what a result file holds
    for layout in (cache._prefix() + marshal.dumps(forged),
                   cache._prefix() + b"\0" * 32 + marshal.dumps(forged)):
        result_file.write_bytes(layout)
        os.chmod(result_file, 0o600)
        again = flaims_process("--repo", str(example_repo), "lint", env=env)
        assert again.returncode == 1 and "250 errors" in again.stdout, again.stdout[-300:]
    key_file = tmp_path / "xdg/flaims/cache-key"
    assert key_file.is_file() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert not str(key_file).startswith(str(example_repo))


# 16: the site name is escaped once in the logo's tooltip ----------------------------------------


def test_site_name_tooltip_is_escaped_once(flaims: Run, git_repo: Path) -> None:
    config = git_repo / "flaims.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "title: Acme Learning Handbook", "title: \"R&D's <b>Handbook</b>\""), "utf-8")
    assert flaims("build", repo=git_repo).exit_code == 0
    html = (git_repo / "site/index.html").read_text("utf-8")
    assert 'title="R&#38;D&#39;s &#60;b&#62;Handbook&#60;/b&#62;" class="md-header__button md-logo"' in html
    assert page(git_repo / "site", "index.html").title == "Home - R&D's <b>Handbook</b>"
