"""Completeness over the registries: every kind is whole, every format is offered, every
diagnostic code flaims can emit is a documented rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flaims_tool import kinds, scaffold, schemas
from flaims_tool.catalog import LISTED
from flaims_tool.handbook import reference
from flaims_tool.rules import all_rules
from flaims_tool.workspace import FOLDERS

from .conftest import PROJECT, Run

PACKAGE = PROJECT / "flaims_tool"


@pytest.mark.parametrize("kind", kinds.KINDS, ids=[k.name for k in kinds.KINDS])
def test_every_kind_is_complete(kind: kinds.Kind) -> None:
    # Its schema ships in the package and is copied for editors.
    bundled = PACKAGE / "schemas" / f"{kind.name}.schema.json"
    assert bundled.is_file()
    assert (PROJECT / "schemas" / bundled.name).read_bytes() == bundled.read_bytes()
    assert kind.name in schemas.KINDS
    # Its files are found: a folder that is scanned, or fixed file names.
    assert (kind.folder is not None) != bool(kind.files), kind.name
    if kind.folder:
        assert FOLDERS[kind.folder] is kind
    # It is in the format reference, and listed unless it is the configuration.
    assert kind.name in {name for name, _ in reference.KINDS}
    if kind is not kinds.CONFIG:
        assert kind.plural in LISTED
    # `flaims new` has a template for it exactly when it declares what `new` asks.
    if kind.new is not None:
        assert kind.name in scaffold.KINDS
        assert set(kind.new) <= set(scaffold.NewValues.__dataclass_fields__)
    else:
        assert kind.name not in scaffold.KINDS
    # Its references name things that exist.
    targets = {k.name for k in kinds.KINDS} | {"tag", "competency", "evidence", "team"}
    assert {target for _, target in kind.references} <= targets


def test_new_renders_every_kind_it_offers(flaims: Run, example_repo: Path) -> None:
    """Each kind `flaims new` offers gets a file that lints (its placeholders aside)."""
    options = {"failure": ["--title", "Queue stalled", "--severity", "low", "--team", "payments",
                           "--person", "alice-ng", "--tag", "capacity"],
               "retro": ["--title", "April", "--team", "payments", "--person", "alice-ng"],
               "plan": ["--person", "bob-li", "--ladder", "engineering"],
               "ladder": ["--title", "Design", "--person", "alice-ng"],
               "curriculum": ["--title", "Queues", "--person", "alice-ng", "--tag", "capacity"],
               "person": ["--title", "Dana Kim"]}
    assert set(options) == set(scaffold.KINDS)
    for kind in scaffold.KINDS:
        result = flaims("new", kind, *options[kind], repo=example_repo)
        assert result.exit_code == 0, (kind, result.output)


def _emitted_codes() -> dict[str, str]:
    """Every diagnostic code written as a literal in flaims' source: the code argument of
    `Diagnostic(...)` and `ctx.at(...)`, and literals passed as the `code` parameter of any
    function that takes one. code -> where it is written."""
    trees = {p: ast.parse(p.read_text("utf-8")) for p in PACKAGE.rglob("*.py")}
    code_param: dict[str, int] = {"Diagnostic": 3, "at": 2}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                if "code" in names and node.name not in code_param:
                    code_param[node.name] = names.index("code") - (1 if names[0] == "self" else 0)
    found: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                node.func.id if isinstance(node.func, ast.Name) else None
            values = [k.value for k in node.keywords if k.arg == "code"]
            if name in code_param and len(node.args) > code_param[name]:
                values.append(node.args[code_param[name]])
            for v in values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    found.setdefault(v.value, f"{path.relative_to(PROJECT)}:{node.lineno}")
    return found


def test_every_emitted_code_is_a_registered_rule() -> None:
    emitted = _emitted_codes()
    registered = {r.code for r in all_rules()}
    assert len(emitted) > 30  # the scan sees the loader's, the schemas' and the rules' codes
    unregistered = {code: where for code, where in emitted.items() if code not in registered}
    assert not unregistered, f"codes emitted but not in the rule registry: {unregistered}"


def test_every_format_option_comes_from_its_registry(flaims: Run) -> None:
    from flaims_tool.catalog import FORMATS as LIST_FORMATS
    from flaims_tool.curriculum import FORMATS as CURRICULUM_FORMATS
    from flaims_tool.health import FORMATS as HEALTH_FORMATS
    from flaims_tool.overflow import FORMATS as OVERFLOW_FORMATS
    from flaims_tool.plan import FORMATS as PLAN_FORMATS
    from flaims_tool.reporters import REPORTERS
    from flaims_tool.team import FORMATS as TEAM_FORMATS

    for command, formats in (("lint", REPORTERS), ("overflow", OVERFLOW_FORMATS),
                             ("health", HEALTH_FORMATS), ("list", LIST_FORMATS),
                             ("plan", PLAN_FORMATS), ("team", TEAM_FORMATS),
                             ("curriculum", CURRICULUM_FORMATS)):
        shown = flaims(command, "--help").output
        assert f"[{'|'.join(formats)}]" in shown.replace("\n", "").replace(" ", ""), command


def test_a_user_error_is_one_line_with_exit_2(flaims: Run, tmp_path: Path) -> None:
    result = flaims("list", repo=tmp_path)
    assert result.exit_code == 2
    assert result.output.startswith("flaims: ") and result.output.count("\n") == 1
    assert "not a flaims repository" in result.output


def test_a_bug_exits_3_and_keeps_the_traceback_for_a_report(
        flaims: Run, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception flaims did not mean to raise: the boundary says so in one line, names the
    log, and exits with the documented status for a bug (not 2, a user's configuration error)."""
    import flaims_tool.catalog

    def broken(index: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(flaims_tool.catalog, "catalog", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FLAIMS_DEBUG", raising=False)
    result = flaims("list", repo=example_repo)
    log = tmp_path / "cache" / "flaims" / "flaims-crash.log"
    assert result.exit_code == 3
    assert result.output == (f"flaims: internal error (KeyError: 'a bug'); the details are in "
                             f"{log}; please report it\n")
    text = log.read_text("utf-8")
    assert "Traceback" in text and "KeyError: 'a bug'" in text and "in broken" in text
    assert not (example_repo / ".flaims").exists() or not any(
        p.name.endswith(".log") for p in (example_repo / ".flaims").rglob("*"))


def test_every_generated_page_is_in_the_navigation_or_declared_out_of_it(demo_repo: Path) -> None:
    import fnmatch

    from flaims_tool.handbook import pages
    from flaims_tool.handbook.build import NOT_IN_NAV, load_history
    from flaims_tool.lint import lint

    result = lint(demo_repo)
    index = result.index
    site = pages.Site(index, result.as_of, pages.Changes(index, load_history(demo_repo, index)))
    in_nav = {e.path for e in pages.nav_entries(site)}
    generated = [p.path for p in pages.build_pages(site)]
    assert in_nav <= set(generated)
    missing = [p for p in generated if p not in in_nav and not any(
        fnmatch.fnmatch("/" + p, pat + "*" if pat.endswith("/") else pat) for pat in NOT_IN_NAV)]
    assert not missing
