"""Measure flaims on a generated organisation and print the table the README shows.

    python benchmarks/run.py --size 10000

One run generates a repository (benchmarks/generate.py, fixed seed), commits it to git in a
temporary folder, and times every command on that same repository, each in its own process:

- the floor: reading every file and parsing it with libyaml (CSafeLoader), in one process;
- `flaims lint` cold (empty cache), `--no-cache`, warm (nothing changed), after one changed file
  (the whole repository, and the pre-commit hook's `flaims lint FILE`), and `--changed-since HEAD~1`;
- check-jsonschema validating the failure reports against flaims' own failure schema, with its C
  parser (`ruamel.yaml.clib`, its best configuration) and without it (as pip installs it by
  default), and yamllint on the same files;
- `flaims overflow` and `flaims health`;
- page generation, `mkdocs build` of the generated folder, and the whole `flaims build`;
- `flaims lint` on a repository of about ten files (what pre-commit runs on every commit).

Wall time and peak memory (maximum resident set size, from wait4) are the process's own.
A command this flaims does not have yet gives an "n/a" row instead of stopping the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (a sibling script, not a package)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Mark", "GIT_AUTHOR_EMAIL": "bench@acme.example",
    "GIT_COMMITTER_NAME": "Bench Mark", "GIT_COMMITTER_EMAIL": "bench@acme.example",
    "GIT_AUTHOR_DATE": "2026-09-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-09-01T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}

FLOOR = """
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
n = 0
for folder in ("ladders", "failures", "retros", "curriculum", "people", "plans"):
    for path in sorted((root / folder).rglob("*.y*ml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        n += 1
print(n)
"""

PAGES = """
import sys, time
from pathlib import Path
from flaims_tool.workspace import build_index
from flaims_tool.handbook.build import generate
root, out = Path(sys.argv[1]), Path(sys.argv[2])
index = build_index(root)
start = time.perf_counter()
result = generate(root, index, index.config.date(), out, root / "site")
print(time.perf_counter() - start, result.pages)
"""


@dataclass
class Measure:
    seconds: float | None = None
    peak_mib: float | None = None
    status: int | None = None
    output: str = ""
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.seconds is not None


@dataclass
class Row:
    what: str
    measure: Measure
    versus: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    extra: dict[str, object] = field(default_factory=dict)


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run one command in its own process: wall seconds, peak memory of it and its children."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or clean_env(), stdout=out,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Measure(seconds, peak, proc.returncode, text)


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def tool(name: str) -> list[str] | None:
    """A console script of this Python's environment, else one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    return [found] if found else None


def flaims_cmd() -> list[str]:
    return tool("flaims") or [sys.executable, "-m", "flaims_tool"]


def has_command(name: str) -> bool:
    out = subprocess.run([*flaims_cmd(), "--help"], capture_output=True, text=True, env=clean_env())
    return any(line.split()[:1] == [name] for line in out.stdout.splitlines())


def has_option(command: str, option: str) -> bool:
    out = subprocess.run([*flaims_cmd(), command, "--help"], capture_output=True, text=True,
                         env=clean_env())
    return option in out.stdout


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def unavailable(why: str) -> Measure:
    return Measure(note=f"n/a ({why})")


def make_repo(dest: Path, size: int) -> int:
    n = generate(dest, size)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Synthetic organisation")
    return n


def change_one_file(repo: Path, nth: int = 1) -> str:
    """Edit one failure report (a new lesson; the nth from the end) and commit it: HEAD~1 is
    the base."""
    path = sorted(p for p in (repo / "failures").rglob("*.yaml") if p.name != "tags.yaml")[-nth]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("lessons:\n", "lessons:\n  - A benchmark edited this report.\n", 1),
                    encoding="utf-8")
    git(repo, "commit", "-q", "-am", "One changed failure report")
    return path.relative_to(repo).as_posix()


def failure_files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "failures").rglob("*.yaml")
                  if p.name not in ("tags.yaml",))


def has_clib() -> bool:
    """Whether ruamel.yaml's C parser is installed beside check-jsonschema."""
    cmd = tool("check-jsonschema")
    python = Path(cmd[0]).parent / "python" if cmd else None
    if python is None or not python.exists():
        return False
    return subprocess.run([str(python), "-c", "import _ruamel_yaml"], capture_output=True).returncode == 0


def check_jsonschema(repo: Path, work: Path, clib: bool) -> Measure:
    cmd = tool("check-jsonschema")
    if cmd is None:
        return unavailable("check-jsonschema is not installed: pip install check-jsonschema")
    env = clean_env()
    if clib and not has_clib():
        return unavailable("ruamel.yaml.clib is not installed: pip install ruamel.yaml.clib")
    if not clib:
        # As pip installs check-jsonschema by default: ruamel.yaml without its C parser.
        # ruamel.yaml falls back to pure Python when `_ruamel_yaml` cannot be imported.
        block = work / "no-clib"
        block.mkdir(exist_ok=True)
        (block / "_ruamel_yaml.py").write_text(
            'raise ModuleNotFoundError("benchmark: as without ruamel.yaml.clib")\n', encoding="utf-8")
        env["PYTHONPATH"] = str(block)
    schema = PROJECT / "flaims_tool" / "schemas" / "failure.schema.json"
    return batched([*cmd, "--schemafile", str(schema)], failure_files(repo), repo, env,
                   "failure reports")


def yamllint(repo: Path) -> Measure:
    cmd = tool("yamllint")
    if cmd is None:
        return unavailable("yamllint is not installed: pip install yamllint")
    return batched([*cmd, "-f", "parsable"], failure_files(repo), repo, clean_env(),
                   "failure reports")


def batched(cmd: list[str], files: list[str], repo: Path, env: dict[str, str], what: str) -> Measure:
    """One command over many files: batches keep the command line under the operating
    system's limit at 50k documents; times add up, peak memory is the largest."""
    total = Measure(0.0, 0.0, 0)
    for i in range(0, len(files), 5000):
        m = run([*cmd, *files[i:i + 5000]], repo, env)
        assert m.seconds is not None and m.peak_mib is not None and total.seconds is not None
        total.seconds += m.seconds
        total.peak_mib = max(total.peak_mib or 0.0, m.peak_mib)
        total.status = max(total.status or 0, m.status or 0)
        total.output += m.output[-2000:]
    total.note = f"{len(files)} {what}; exit {total.status}"
    return total


def page_generation(repo: Path, work: Path) -> tuple[Measure, Path | None]:
    out = work / "pages"
    m = run([sys.executable, "-c", PAGES, str(repo), str(out)], repo)
    if m.status != 0:
        return unavailable("page generation failed: " + m.output.strip().splitlines()[-1][:80]
                           if m.output.strip() else "page generation failed"), None
    seconds, pages = m.output.split()[-2:]
    m.note = f"{pages} pages; whole process {m.seconds:.2f} s"
    m.seconds = float(seconds)
    return m, out


def mkdocs_build(generated: Path, work: Path) -> Measure:
    cmd = tool("mkdocs")
    if cmd is None:
        return unavailable("mkdocs is not installed")
    m = run([*cmd, "build", "-q", "-f", str(generated / "mkdocs.yml"), "-d", str(work / "mk-site")],
            generated)
    if m.status != 0:
        m.note = f"exit {m.status}"
    return m


def ratio(a: Measure, b: Measure) -> float | None:
    if a.seconds is None or b.seconds is None or b.seconds == 0:
        return None
    return a.seconds / b.seconds


def measure_all(size: int, work: Path, skip: set[str]) -> tuple[list[Row], dict[str, object]]:
    repo = work / "org"
    docs = make_repo(repo, size)
    info: dict[str, object] = {"documents": docs, "load_before": os.getloadavg()[0]}
    lint = [*flaims_cmd(), "lint"]
    rows: list[Row] = []
    run([*flaims_cmd(), "--version"], repo)  # compiles flaims' byte code once, as an install does

    floor = run([sys.executable, "-c", FLOOR, str(repo)], repo)
    rows.append(Row("parse floor: read + libyaml CSafeLoader, one process", floor))
    no_cache = run([*lint, "--no-cache"], repo)
    cold = run(lint, repo)
    info["lint_exit"] = cold.status
    info["lint_summary"] = cold.output.strip().splitlines()[-1] if cold.output.strip() else ""
    rows.append(Row("flaims lint, cold (empty cache)", cold, "floor", ratio(cold, floor),
                    "<= 0.35x"))
    rows.append(Row("flaims lint --no-cache", no_cache, "floor", ratio(no_cache, floor)))
    warm = run(lint, repo)
    rows.append(Row("flaims lint, warm (nothing changed)", warm, "floor", ratio(warm, floor),
                    "< 0.15x"))
    if "peer" not in skip:
        for clib, target in ((True, ">= 10x"), (False, "")):
            peer = check_jsonschema(repo, work, clib)
            label = "with ruamel.yaml.clib" if clib else "without ruamel.yaml.clib (pip's default)"
            rows.append(Row(f"check-jsonschema {label}, failure reports only", peer, "cold",
                            ratio(peer, cold), target))
        peer = yamllint(repo)
        rows.append(Row("yamllint, failure reports only", peer, "cold", ratio(peer, cold)))
    # The first lint after an edit, as the pre-commit hook runs it (the changed file named) and
    # as a whole; each after its own edit, so neither is answered by the other's result.
    changed = change_one_file(repo, 2)
    hook = run([*lint, changed], repo)
    rows.append(Row("flaims lint FILE (pre-commit hook), one file changed", hook, "floor",
                    ratio(hook, floor), "< 0.5 s"))
    changed = change_one_file(repo, 1)
    info["changed_file"] = changed
    one = run(lint, repo)
    rows.append(Row("flaims lint, one file changed since the last run", one, "floor",
                    ratio(one, floor), "< 0.2x"))
    if has_option("lint", "--changed-since"):
        since = run([*lint, "--changed-since", "HEAD~1"], repo)
    else:
        since = unavailable("flaims lint has no --changed-since yet")
    rows.append(Row("flaims lint --changed-since HEAD~1, one file changed", since, "cold",
                    ratio(since, cold)))
    for name, target in (("overflow", "< 0.10x"), ("health", "")):
        m = run([*flaims_cmd(), name], repo) if has_command(name) else \
            unavailable(f"flaims has no {name} command yet")
        rows.append(Row(f"flaims {name}", m, "cold", ratio(m, cold), target))
    if "handbook" not in skip:
        if has_command("build"):
            pages, generated = page_generation(repo, work)
            mk = mkdocs_build(generated, work) if generated else unavailable("no pages generated")
            whole = run([*flaims_cmd(), "build"], repo)
            if whole.status != 0:
                whole.note = f"exit {whole.status}: " + " ".join(whole.output.split())[-120:]
        else:
            pages = mk = whole = unavailable("flaims has no build command yet")
        rows.append(Row("page generation (flaims' part of the build)", pages, "mkdocs build",
                        ratio(pages, mk), "<= 0.15x"))
        rows.append(Row("mkdocs build of the generated folder", mk))
        rows.append(Row("flaims build (lint, pages, MkDocs: the whole handbook)", whole))
    small = work / "small"
    files = make_repo(small, 10)
    runs = [run(lint, small) for _ in range(5)]
    best = min(runs, key=lambda m: m.seconds or 0.0)
    median = Measure(statistics.median(m.seconds or 0.0 for m in runs), best.peak_mib, best.status)
    rows.append(Row(f"flaims lint, {files + 1}-file repository (median of 5)", median, "", None,
                    "< 0.3 s"))
    info["load_after"] = os.getloadavg()[0]
    judge(rows)
    return rows, info


def judge(rows: list[Row]) -> None:
    for row in rows:
        t = row.target
        if not t or not row.measure.ok:
            continue
        if t.endswith(" s"):
            assert row.measure.seconds is not None
            row.met = row.measure.seconds < float(t.split()[1])
        elif row.ratio is not None:
            bound = float(t.split()[1].rstrip("x"))
            row.met = {"<=": row.ratio <= bound, "<": row.ratio < bound,
                       ">=": row.ratio >= bound}[t.split()[0]]


def table(rows: list[Row]) -> str:
    lines = ["| measurement | seconds | peak MiB | ratio | target | |",
             "|---|---:|---:|---:|---|---|"]
    for r in rows:
        m = r.measure
        if not m.ok:
            lines.append(f"| {r.what} | {m.note} | | | {r.target} | |")
            continue
        ratio_text = f"{r.ratio:.2f}x {r.versus}" if r.ratio is not None else ""
        if r.versus == "cold" and r.what.startswith(("check-jsonschema", "yamllint")) and r.ratio:
            ratio_text = f"lint is {r.ratio:.1f}x faster"
        verdict = {True: "met", False: "missed", None: ""}[r.met]
        note = f" ({m.note})" if m.note else ""
        lines.append(f"| {r.what}{note} | {m.seconds:.2f} | {m.peak_mib:.0f} | {ratio_text} | "
                     f"{r.target} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    parser.add_argument("--skip", default="", help="comma-separated: peer, handbook")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    if args.size < 20:
        parser.error("--size must be at least 20")
    work = Path(tempfile.mkdtemp(prefix="flaims-bench-", dir=args.workdir))
    try:
        rows, info = measure_all(args.size, work, {s for s in args.skip.split(",") if s})
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    cpus = os.cpu_count()
    print(f"flaims benchmark: {info['documents']} documents (--size {args.size}), "
          f"{dt.date.today().isoformat()}, Python {platform.python_version()}, {cpus} CPUs, "
          f"load average {info['load_before']:.1f} before / {info['load_after']:.1f} after\n")
    print(table(rows))
    print(f"\nflaims lint on the generated repository: exit {info['lint_exit']}, "
          f"'{info['lint_summary']}'")
    if args.keep:
        print(f"repositories kept in {work}")
    if args.json:
        args.json.write_text(json.dumps({
            "info": info,
            "rows": [{"what": r.what, "seconds": r.measure.seconds, "peak_mib": r.measure.peak_mib,
                      "status": r.measure.status, "note": r.measure.note, "versus": r.versus,
                      "ratio": r.ratio, "target": r.target, "met": r.met} for r in rows],
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
