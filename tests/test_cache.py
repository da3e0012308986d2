"""The cache in .flaims/cache: same answers warm as cold, and never trusted when it should not be."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from flaims_tool import cache, parallel, schemas
from flaims_tool.privacy import is_public
from flaims_tool.workspace import classify, discover

from .conftest import Run, git, lint_json

FAILURE = "failures/2026/2026-03-10-payment-timeouts.yaml"


def results(repo: Path) -> list[Path]:
    """The kept lint results, one file each."""
    return sorted((repo / cache.CACHE_DIR).glob(cache.RESULT_PREFIX + "*.marshal"))


def result(repo: Path) -> Path:
    """The one lint result kept."""
    found = results(repo)
    assert len(found) == 1, found
    return found[0]
PRIVATE = 1  # the example's one private plan is parsed every time: it is never cached


@pytest.fixture(autouse=True)
def cache_small_repositories(monkeypatch: pytest.MonkeyPatch) -> None:
    # The example repository is far below the size where flaims starts caching.
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 0)


def load(repo: Path, use_cache: bool = True) -> tuple[list[Any], dict[str, int]]:
    stats: dict[str, int] = {}
    jobs = [(kind, rel, path) for rel, path in discover(repo)
            for kind in [classify(rel)[0]] if kind]
    return list(cache.load_documents(repo, jobs, use_cache, stats)), stats


lint = lint_json


def view(docs: list[Any]) -> list[Any]:
    """What loading gave for each document, to compare two ways of loading."""
    return [(d.path, d.kind, d.valid, d.data, d.loaded.positions, d.loaded.key_positions,
             d.loaded.texts, problems) for d, problems in docs]


@pytest.fixture
def broken_repo(example_repo: Path) -> Path:
    """The example with problems of every layer: YAML, schema (with a swapped scalar), rules."""
    (example_repo / "people" / "dana-ruiz.yaml").write_text("id: dana-ruiz\nname: Dana: Ruiz\n")
    path = example_repo / FAILURE
    text = path.read_text().replace("severity: high", "severity: hihg").replace(
        "authors: [alice-ng]", "authors: [alice-ngg]").replace("team: payments", "team: 1.10")
    path.write_text(text)
    return example_repo


def test_warm_gives_the_same_diagnostics_as_cold(flaims: Run, broken_repo: Path) -> None:
    cold = lint(flaims, broken_repo)
    assert (broken_repo / cache.CACHE_DIR / cache.CACHE_FILE).is_file()
    warm = lint(flaims, broken_repo)
    fresh = lint(flaims, broken_repo, "--no-cache")
    assert warm == cold == fresh
    assert {d["code"] for d in cold["diagnostics"]} >= {"yaml-syntax", "bad-value", "unknown-person"}
    _, stats = load(broken_repo)
    assert stats["parsed"] == PRIVATE and stats["cached"] > 5


def test_changing_a_file_reparses_only_that_file(flaims: Run, example_repo: Path) -> None:
    assert lint(flaims, example_repo)["diagnostics"] == []
    path = example_repo / FAILURE
    path.write_text(path.read_text().replace("severity: high", "severity: hihg"))
    _, stats = load(example_repo)
    assert stats["parsed"] == 1 + PRIVATE
    after = lint(flaims, example_repo)
    assert [(d["path"], d["line"], d["code"]) for d in after["diagnostics"]] == \
        [(FAILURE, 4, "bad-value")]
    path.write_text(path.read_text().replace("severity: hihg", "severity: high"))
    assert lint(flaims, example_repo)["diagnostics"] == []


def test_a_new_and_a_deleted_file(flaims: Run, example_repo: Path) -> None:
    lint(flaims, example_repo)
    (example_repo / "people" / "dana-ruiz.yaml").write_text("id: dana-ruiz\nname: Dana Ruiz\n"
                                                           "status: active\n")
    (example_repo / "people" / "carol-diaz.yaml").unlink()
    _, stats = load(example_repo)
    assert stats["parsed"] == 1 + PRIVATE
    codes = {d["code"] for d in lint(flaims, example_repo)["diagnostics"]}
    assert "unknown-person" in codes  # carol-diaz is still referenced, from the cache's neighbours


def _cache_file(repo: Path) -> Path:
    return repo / cache.CACHE_DIR / cache.CACHE_FILE


@pytest.mark.parametrize("content", [
    b"", b"garbage", b"flaims-cache\n", b"\x00" * 100,
    "truncated", "entries-not-a-dict", "entries-damaged",
])
def test_a_corrupt_cache_is_ignored(flaims: Run, broken_repo: Path, content: Any) -> None:
    cold = lint(flaims, broken_repo)
    path = _cache_file(broken_repo)
    good = path.read_bytes()
    prefix = b"flaims-cache\n" + cache.fingerprint()
    if content == "truncated":
        content = good[: len(good) // 2]
    elif content == "entries-not-a-dict":
        content = prefix + b"\x00\x01"  # marshal of nothing sensible
    elif content == "entries-damaged":
        import marshal

        content = prefix + marshal.dumps({FAILURE: (b"x", 1), "people/bob-li.yaml": 7, 3: None})
    path.write_bytes(content)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert lint(flaims, broken_repo) == cold


def test_a_planted_cache_is_not_trusted(flaims: Run, broken_repo: Path) -> None:
    """A cache that says a broken file is fine, committed to the repository (so checked out with
    ordinary permissions), is ignored."""
    cold = lint(flaims, broken_repo)
    path = _cache_file(broken_repo)
    import marshal

    prefix = b"flaims-cache\n" + cache.fingerprint()
    raw = path.read_bytes()
    mac, payload = raw[len(prefix):len(prefix) + 32], raw[len(prefix) + 32:]
    entries = marshal.loads(payload)
    digest, kind, (data, blob, diags, _problems, _valid, top) = entries[FAILURE]
    entries[FAILURE] = (digest, kind, (data, blob, diags, [], True, top))
    # Without the key kept outside the repository a forger can only reuse an old signature.
    for forged in (prefix + marshal.dumps(entries), prefix + mac + marshal.dumps(entries)):
        for mode in (0o644, 0o600):  # as git checks it out; as if the user wrote it
            path.write_bytes(forged)
            os.chmod(path, mode)
            for kept in results(broken_repo):
                kept.unlink()
            assert lint(flaims, broken_repo) == cold


def test_no_cache_writes_nothing(flaims: Run, example_repo: Path) -> None:
    lint(flaims, example_repo, "--no-cache")
    assert not (example_repo / ".flaims").exists()


def test_a_small_repository_gets_no_cache(flaims: Run, example_repo: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 200)
    lint(flaims, example_repo)
    assert not (example_repo / ".flaims").exists()


def test_the_cache_is_private_and_git_ignored(flaims: Run, git_repo: Path) -> None:
    lint(flaims, git_repo)
    assert stat.S_IMODE(_cache_file(git_repo).stat().st_mode) == 0o600
    assert git(git_repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_a_users_own_flaims_gitignore_is_left_alone(flaims: Run, example_repo: Path) -> None:
    (example_repo / ".flaims").mkdir()
    (example_repo / ".flaims" / ".gitignore").write_text("mine\n")
    lint(flaims, example_repo)
    assert (example_repo / ".flaims" / ".gitignore").read_text() == "mine\n"
    assert _cache_file(example_repo).is_file()


def test_a_linked_cache_folder_is_not_followed(flaims: Run, example_repo: Path,
                                               tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example_repo / ".flaims").symlink_to(elsewhere)
    assert lint(flaims, example_repo)["diagnostics"] == []
    assert list(elsewhere.iterdir()) == []


def test_a_read_only_repository_lints_without_a_cache(flaims: Run, example_repo: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    os.chmod(example_repo, 0o555)
    try:
        assert lint(flaims, example_repo)["diagnostics"] == []
    finally:
        os.chmod(example_repo, 0o755)


def test_another_flaims_version_invalidates(example_repo: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    load(example_repo)
    assert load(example_repo)[1]["parsed"] == PRIVATE
    monkeypatch.setattr(cache, "__version__", "99.0")
    cache.fingerprint.cache_clear()
    try:
        assert load(example_repo)[1]["cached"] == 0
    finally:
        monkeypatch.undo()
        cache.fingerprint.cache_clear()
    # the new version's cache replaced the old one; back on this version, everything is parsed
    assert load(example_repo)[1]["cached"] == 0


def test_a_schema_change_invalidates(example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load(example_repo)
    assert load(example_repo)[1]["parsed"] == PRIVATE
    original = schemas.schema_text

    def edited(kind: str) -> str:
        text = original(kind)
        return text.replace('"minItems": 1', '"minItems": 2') if kind == "failure" else text

    monkeypatch.setattr(schemas, "schema_text", edited)
    cache.fingerprint.cache_clear()
    try:
        assert load(example_repo)[1]["cached"] == 0
    finally:
        monkeypatch.undo()
        cache.fingerprint.cache_clear()


def test_a_source_change_invalidates(example_repo: Path, tmp_path: Path) -> None:
    # An editable install: code changes, the version does not.
    before = cache.fingerprint()
    source = Path(cache.__file__)
    st = source.stat()
    try:
        os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        cache.fingerprint.cache_clear()
        assert cache.fingerprint() != before
    finally:
        os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))
        cache.fingerprint.cache_clear()
    assert cache.fingerprint() == before


def test_parallel_parsing_gives_the_same_documents(broken_repo: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (broken_repo / "people" / "link.yaml").symlink_to(broken_repo / "people" / "bob-li.yaml")
    (broken_repo / "people" / "big.yaml").write_bytes(b"x: " + b"y" * (1024 * 1024))
    serial, _ = load(broken_repo, use_cache=False)
    monkeypatch.setattr(cache, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(cache, "_CHUNK", 2)
    if parallel.workers() < 2:
        monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked, _ = load(broken_repo, use_cache=False)

    assert view(forked) == view(serial)
    assert {p.code for _, problems in serial for p in problems} >= {"symlink", "file-too-large",
                                                                    "yaml-syntax", "bad-value"}


def test_a_cold_load_reads_hashes_and_parses_in_the_workers(broken_repo: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With no documents cache, the workers read, hash and parse each file in one go: the same
    documents as one process, digests of the bytes parsed, and every file's stat and entry kept,
    so that the next load reads nothing it need not and parses nothing."""
    (broken_repo / "people" / "link.yaml").symlink_to(broken_repo / "people" / "bob-li.yaml")
    serial, _ = load(broken_repo, use_cache=False)
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 0)
    monkeypatch.setattr(cache, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(cache, "_CHUNK", 2)
    if parallel.workers() < 2:
        monkeypatch.setattr(parallel, "workers", lambda: 2)
    old = time.time() - 10  # older than the racy window, so each stat is trusted next time
    for path in broken_repo.rglob("*.yaml"):
        if not path.is_symlink():
            os.utime(path, (old, old))
    assert not cache.Store(broken_repo).present()
    cold, counts = load(broken_repo)
    assert counts["cached"] == 0

    assert view(cold) == view(serial)
    for doc, _ in cold:
        path = broken_repo / doc.path
        if path.is_symlink():
            assert doc.digest is None
        else:
            assert doc.digest == cache._digest(path.read_bytes()), doc.path
    private = [d.path for d, _ in cold if d.kind == "plan" and not is_public(d)]
    assert private
    warm, counts = load(broken_repo)
    assert view(warm) == view(serial)
    assert counts["parsed"] == len(private) + 1  # never cached: private plans, and the link
    assert set(cache.Stats(broken_repo).known) == {  # plans are never recorded
        d.path for d, _ in cold if d.digest is not None and d.kind != "plan"}


def test_private_plans_are_never_cached(flaims: Run, example_repo: Path) -> None:
    plan = example_repo / "plans" / "alice-ng.yaml"
    plan.write_text(plan.read_text().replace("vision: Lead", "vision: xq7canary Lead"))
    lint(flaims, example_repo)
    assert b"xq7canary" not in _cache_file(example_repo).read_bytes()
    assert load(example_repo)[1]["parsed"] == PRIVATE
    plan.write_text(plan.read_text().replace("visibility: private", "visibility: public"))
    lint(flaims, example_repo)
    assert b"xq7canary" in _cache_file(example_repo).read_bytes()
    assert load(example_repo)[1]["parsed"] == 0


def test_a_warm_run_does_not_rewrite_the_cache(flaims: Run, example_repo: Path) -> None:
    lint(flaims, example_repo)  # the private plan is parsed every time, and that is no change
    path = _cache_file(example_repo)
    os.utime(path, ns=(0, 0))
    lint(flaims, example_repo)
    assert path.stat().st_mtime_ns == 0


# The whole-result cache: a lint with nothing changed answers without loading anything.


def test_an_unchanged_repository_is_answered_from_the_result_cache(flaims: Run, broken_repo: Path) -> None:
    cold = lint(flaims, broken_repo)
    stamp = result(broken_repo).stat().st_mtime_ns
    warm = lint(flaims, broken_repo)
    assert warm == cold
    assert result(broken_repo).stat().st_mtime_ns == stamp  # read, not rewritten
    only = flaims("lint", "--format", "json", str(broken_repo / "people"), repo=broken_repo)
    assert {d["path"] for d in json.loads(only.output)["diagnostics"]} == {"people/dana-ruiz.yaml"}


def test_any_change_or_another_date_misses_the_result_cache(flaims: Run, broken_repo: Path) -> None:
    lint(flaims, broken_repo)
    (broken_repo / "people" / "dana-ruiz.yaml").write_text("id: dana-ruiz\nname: Dana Ruiz\nstatus: active\n")
    fixed = lint(flaims, broken_repo)
    assert "people/dana-ruiz.yaml" not in {d["path"] for d in fixed["diagnostics"]}
    overdue_later = lint(flaims, broken_repo, "--as-of", "2026-12-31")
    assert "overdue" in {d["code"] for d in overdue_later["diagnostics"]}
    assert "overdue" not in {d["code"] for d in fixed["diagnostics"]}
    (broken_repo / "flaims.yaml").write_text((broken_repo / "flaims.yaml").read_text().replace(
        "as_of: 2026-03-31", "as_of: 2026-12-31"))
    assert "overdue" in {d["code"] for d in lint(flaims, broken_repo)["diagnostics"]}


def test_a_private_plans_problems_are_kept_only_as_lint_shows_them(flaims: Run,
                                                                    example_repo: Path) -> None:
    """Redacted (the field and the rule, never a value), so keeping the result leaks nothing,
    and the next run is answered from it instead of being cold because of one private plan."""
    plan = example_repo / "plans" / "alice-ng.yaml"
    plan.write_text(plan.read_text().replace("target: e3", "target: e9canary")
                    + "vision_extra: canary-of-alice\n")
    report = lint(flaims, example_repo)
    assert sorted(d["code"] for d in report["diagnostics"]) == ["unknown-field", "unknown-level"]
    assert "canary" not in json.dumps(report)
    kept = result(example_repo).read_bytes()
    assert b"canary" not in kept and b"alice-ng" in kept
    assert lint(flaims, example_repo) == report
    assert result(example_repo).read_bytes() == kept  # answered from it, not rewritten


def test_a_command_that_loads_part_of_the_repository_keeps_the_rest_cached(
        flaims: Run, broken_repo: Path) -> None:
    lint(flaims, broken_repo)
    store = cache.Store(broken_repo)
    store.read()
    before = set(store.entries)
    assert flaims("overflow", "--format", "json", repo=broken_repo).exit_code == 0
    store = cache.Store(broken_repo)
    store.read()
    assert set(store.entries) == before
    assert any(rel.startswith("people/") for rel in before)


def _age(repo: Path, seconds: int = 3600) -> None:
    """Every knowledge file as if written an hour ago: older than the racy window, so its stat
    is recorded and trusted the next time."""
    past = (os.stat(repo).st_mtime_ns or 1) - seconds * 1_000_000_000
    for path in repo.rglob("*.yaml"):
        if ".flaims" not in path.parts:
            os.utime(path, ns=(past, past))


def test_a_file_whose_stat_is_unchanged_is_not_read_again(
        flaims: Run, broken_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(broken_repo)
    cold = lint(flaims, broken_repo)
    reads: list[str] = []
    real = cache._read_regular
    monkeypatch.setattr(cache, "_read_regular", lambda p: reads.append(Path(p).name) or real(p))
    assert lint(flaims, broken_repo) == cold
    # flaims.yaml is read for the result's key, the private plan because plans are never
    # recorded (not even a digest of one); no other file.
    assert sorted(reads) == ["alice-ng.yaml", "flaims.yaml"]
    stats = (broken_repo / cache.CACHE_DIR / cache.STAT_FILE).read_bytes()
    assert b"plans/" not in stats and b"people/dana-ruiz.yaml" in stats


def test_a_change_that_keeps_size_and_mtime_is_still_seen(flaims: Run, broken_repo: Path) -> None:
    """The stat holds the ctime too: putting the old mtime back does not hide an edit."""
    _age(broken_repo)
    lint(flaims, broken_repo)
    person_rel = "people/dana-ruiz.yaml"
    person = broken_repo / person_rel
    before = person.stat()
    person.write_text(person.read_text().replace("Dana: Ruiz", "Dana; Ruiz"))  # same size
    os.utime(person, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert person.stat().st_size == before.st_size
    assert person.stat().st_mtime_ns == before.st_mtime_ns
    codes = {d["code"] for d in lint(flaims, broken_repo)["diagnostics"] if d["path"] == person_rel}
    assert "yaml-syntax" not in codes and codes == {
        d["code"] for d in lint(flaims, broken_repo, "--no-cache")["diagnostics"] if d["path"] == person_rel}


def test_a_file_changed_just_before_a_run_is_read_again(flaims: Run, broken_repo: Path) -> None:
    """Within the racy window its stat is not recorded: a second edit in the same timestamp
    tick of a coarse file system could keep every field of it."""
    lint(flaims, broken_repo)  # the fixture has just written this file
    stats = cache.Stats(broken_repo)
    assert "people/dana-ruiz.yaml" not in stats.known
    assert "people/bob-li.yaml" in stats.known  # copied with its old mtime


def test_lint_of_some_files_reports_what_the_whole_run_reports_there(
        flaims: Run, broken_repo: Path) -> None:
    """The hook's form (`flaims lint FILE...`) skips the text rules' walk of other files: it
    must still report exactly what a whole run reports in the files it names, cold and warm."""
    report = broken_repo / FAILURE
    report.write_text(report.read_text().replace(
        "  - Connection pool sized for last year's traffic.",
        "  - Human error left the pool sized for last year's traffic.\n  - TODO say more"))
    whole = lint(flaims, broken_repo, "--no-cache")["diagnostics"]
    assert {"blame-language", "placeholder"} <= {d["code"] for d in whole if d["path"] == FAILURE}
    for asked in ([FAILURE], ["people"], [FAILURE, "people/dana-ruiz.yaml"], ["retros", "plans"]):
        expected = [d for d in whole if any(d["path"] == a or d["path"].startswith(a + "/")
                                            for a in asked)]
        for _ in ("cold", "warm"):
            got = lint(flaims, broken_repo, *[str(broken_repo / a) for a in asked])["diagnostics"]
            assert got == expected, asked
    assert lint(flaims, broken_repo)["diagnostics"] == whole  # the parts' results did not replace it


def test_the_last_few_results_are_kept_each_in_its_own_file(flaims: Run, broken_repo: Path) -> None:
    """A run reads only its own result; the oldest beyond LintResults.KEPT are removed."""
    whole = lint(flaims, broken_repo)
    dates = ["2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"]
    for i, date in enumerate(dates):
        lint(flaims, broken_repo, "--as-of", date)
        assert len(results(broken_repo)) == min(i + 2, cache.LintResults.KEPT)
    lint(flaims, broken_repo, "--as-of", dates[-1])
    assert len(results(broken_repo)) == cache.LintResults.KEPT
    assert lint(flaims, broken_repo) == whole


def test_a_few_changed_files_are_written_apart_from_the_rest(
        flaims: Run, broken_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The main file is not rewritten for one changed file; a deleted file rewrites it."""
    monkeypatch.setattr(cache, "DELTA_SHARE", 1.0)  # the example is small: 5% of it is no file
    cold = lint(flaims, broken_repo)
    main, delta = _cache_file(broken_repo), broken_repo / cache.CACHE_DIR / cache.DELTA_FILE
    os.utime(main, ns=(0, 0))
    path = broken_repo / FAILURE
    path.write_text(path.read_text() + "# edited\n")
    assert lint(flaims, broken_repo) == cold == lint(flaims, broken_repo, "--no-cache")
    assert main.stat().st_mtime_ns == 0 and delta.is_file()
    assert load(broken_repo)[1]["parsed"] == PRIVATE
    (broken_repo / "people" / "dana-ruiz.yaml").unlink()
    assert lint(flaims, broken_repo) == lint(flaims, broken_repo, "--no-cache")
    assert main.stat().st_mtime_ns != 0 and not delta.exists()


def test_flaims_yaml_is_kept_while_its_bytes_are_the_same(flaims: Run, broken_repo: Path) -> None:
    """cache.KeptConfig: a lint answered from the caches reads flaims.yaml's data from
    .flaims/cache, so this process imports neither PyYAML nor a schema validator (with no
    private plan to parse); an edit is
    read again (its new warning shows), an error in it is never kept (it is said every time),
    and the file put back reads as before."""
    import subprocess
    import sys

    (broken_repo / "plans" / "alice-ng.yaml").unlink()  # a private plan is parsed every time
    before = lint(flaims, broken_repo)  # cold: kept from this first run on
    script = ("import sys; from pathlib import Path; from flaims_tool import cache\n"
              "cache.CACHE_MIN_FILES = 0\n"
              "from flaims_tool.lint import lint_cached\n"
              "found = lint_cached(Path(sys.argv[1])).diagnostics\n"
              "print(len(found), sorted(m for m in ('yaml', 'jsonschema_rs', 'jsonschema')"
              " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script, str(broken_repo)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.split(maxsplit=1) == [str(len(before["diagnostics"])), "[]\n"]
    config = broken_repo / "flaims.yaml"
    text = config.read_text()
    config.write_text(text.replace("organisation: Acme", "organisation: 1.10"))
    warned = lint(flaims, broken_repo)
    assert [d["code"] for d in warned["diagnostics"] if d["path"] == "flaims.yaml"] == ["unquoted-text"]
    config.write_text(text.replace("threshold: 3", "threshold: three"))
    for _ in range(2):
        failed = flaims("lint", repo=broken_repo)
        assert failed.exit_code == 2 and "threshold" in failed.output, failed.output
    config.write_text(text)
    assert lint(flaims, broken_repo) == before
