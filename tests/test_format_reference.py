"""The format reference page: a complete, valid example of every kind (each one lints clean in
a repository), field types that say what a list holds, and field names that never break inside
a word (checked in Chromium at 1440 and 390 px)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from flaims_tool import schemas
from flaims_tool.handbook.reference import KINDS, example, fields, format_reference

from .conftest import FORMATS_EXAMPLE, Run, lint_json
from .test_browser import Watched, browser, chromium, serve  # noqa: F401 (fixtures used below)

# Where each kind's example goes in the formats.md example repository (which holds the people,
# ladders and tags the examples refer to).
# The failure example is a repeat of the example repository's report (`recurrence_of`).
PLACE = {"failure": "failures/2026/2026-04-20-payment-timeouts-again.yaml",
         "retro": "retros/2026/2026-03-14-payments-march.yaml", "plan": "plans/alice-ng.yaml",
         "curriculum": "curriculum/capacity-planning.yaml", "ladder": "ladders/engineering.yaml",
         "tags": "failures/tags.yaml", "person": "people/alice-ng.yaml", "config": "flaims.yaml"}


def _present(data: Any, parts: list[str]) -> bool:
    if not parts:
        return True
    first, rest = parts[0], parts[1:]
    if first == "[]":
        return isinstance(data, list) and any(_present(item, rest) for item in data)
    return isinstance(data, dict) and first in data and _present(data[first], rest)


@pytest.mark.parametrize("kind", [k for k, _ in KINDS])
def test_each_kinds_example_is_complete_and_lints_clean(kind: str, flaims: Run,
                                                        tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FORMATS_EXAMPLE, repo)
    (repo / PLACE[kind]).write_text(example(kind), "utf-8")
    report = lint_json(flaims, repo, "--strict")
    assert report["diagnostics"] == [], kind
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0
    data = yaml.safe_load(example(kind))
    schema = schemas.schema(kind)
    missing = [f["field"] for f in fields(schema, schema)
               if not _present(data, f["field"].replace("[]", ".[]").split("."))]
    # The one exception: e-mail addresses are never published, not even an example one.
    assert missing == (["emails"] if kind == "person" else []), f"{kind}: leaves out {missing}"


def test_types_say_what_a_list_holds() -> None:
    types = {(k["kind"], f["field"]): f["type"] for k in format_reference() for f in k["fields"]}
    assert not [key for key, t in types.items() if "value" in t]
    assert types[("failure", "authors")] == "list of person ids"
    assert types[("failure", "tags")] == "list of tag ids"
    assert types[("failure", "contributing_factors")] == "list of texts"
    assert types[("failure", "actions")] == "list of actions (fields below)"
    assert types[("person", "emails")] == "list of email addresses"
    assert types[("retro", "failures")] == "list of dated ids (YYYY-MM-DD-slug)"
    assert types[("config", "handbook.engine")] == "one of mkdocs, zensical, properdocs"


def test_the_page_holds_every_example_and_breaks_field_names_only_between_names(
        built_demo: Path) -> None:
    page = (built_demo / ".flaims/handbook/docs/format.md").read_text("utf-8")
    assert "list of value" not in page
    blocks = re.findall(r"```yaml\n(.*?)\n```", page, re.S)
    assert [yaml.safe_load(b) for b in blocks] == [yaml.safe_load(example(k)) for k, _ in KINDS]
    names = re.findall(r'<code class="flaims-field">(.*?)</code>', page)
    assert len(names) > 100
    for name in names:
        for piece in name.split("<wbr>")[:-1]:
            assert piece.endswith("."), name  # after a "." only


# Fields of formats.md's v1.1 section, which the v1 example repository does not hold.
V11 = {"config": ("teams", "action_due_days"), "person": ("ladder", "level")}
V11_NESTED = ("outcome", "learned", "confirmed_by", "recurrence_of")


def _without_v11(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_v11(v) for v in node]
    if isinstance(node, dict):
        return {k: _without_v11(v) for k, v in node.items() if k not in V11_NESTED}
    return node


def test_an_example_is_the_one_in_the_repository_of_formats_md() -> None:
    """The examples are the contract's: the data of the formats.md example repository, plus the
    fields of its v1.1 section (the failure example is a later repeat of the repository's
    report, so it has the same fields)."""
    for kind, _ in KINDS:
        shipped = _without_v11(yaml.safe_load(example(kind)))
        for name in V11.get(kind, ()):
            shipped.pop(name)
        place = "failures/2026/2026-03-10-payment-timeouts.yaml" if kind == "failure" else PLACE[kind]
        fixture = yaml.safe_load((FORMATS_EXAMPLE / place).read_text("utf-8"))
        if kind == "config":
            shipped["handbook"].pop("engine")
        if kind == "person":
            fixture.pop("emails")
        if kind == "failure":
            assert set(shipped) == set(fixture)
        elif kind == "retro":
            assert shipped["experiments"][0].pop("status") == "done"
            fixture["experiments"][0].pop("status")
            assert shipped == fixture, kind
        else:
            assert shipped == fixture, kind


# Each line break inside a field name falls after a "." (its <wbr>), never mid-name.
_BREAKS = """() => Array.from(document.querySelectorAll('code.flaims-field')).flatMap(code => {
  const chars = [];
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      chars.push([node.data[i], Math.round(rect.top)]);
    }
  }
  const bad = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i][1] > chars[i - 1][1] + 2 && chars[i - 1][0] !== '.') {
      bad.push(code.textContent);
    }
  }
  return bad;
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", (1440, 390))
def test_field_names_never_break_mid_word_in_the_browser(
        browser: Any, built_demo: Path, width: int) -> None:  # noqa: F811
    server, base = serve(built_demo / "site")
    try:
        watched = Watched(browser, base)
        watched.page.set_viewport_size({"width": width, "height": 1000})
        page = watched.open(base + "format.html")
        assert page.locator("code.flaims-field").count() > 100
        assert page.evaluate(_BREAKS) == []
        watched.page.close()
    finally:
        server.shutdown()
        server.server_close()

