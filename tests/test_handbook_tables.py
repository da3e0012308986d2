"""The generated tables written as HTML (handbook/tables.py) show what Python-Markdown would have
made of the Markdown, cell for cell and link for link; the listing pages stay out of search."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool.handbook.escape import link, text
from flaims_tool.handbook.tables import Converter, html_href

EXTENSIONS = ["toc", "tables", "admonition", "def_list", "footnotes", "fenced_code"]


class _Cells(HTMLParser):
    """Each table's rows as (tag, text, hrefs, style) per cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, str, tuple[str, ...], str]]]] = []
        self._cell: list[str] | None = None
        self._hrefs: list[str] = []
        self._tag = self._style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._hrefs, self._tag = [], [], tag
            self._style = (dict(attrs).get("style") or "").rstrip(";").replace(" ", "")
        elif tag == "a" and self._cell is not None:
            self._hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((self._tag, "".join(self._cell).strip(),
                                        tuple(self._hrefs), self._style))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str, rewrite: bool = False) -> list[list[list[tuple[str, str, tuple[str, ...], str]]]]:
    parser = _Cells()
    parser.feed(html)
    if rewrite:  # what MkDocs does to a Markdown link: page.md -> page.html
        return [[[(t, s, tuple(html_href(h) for h in hrefs), style) for t, s, hrefs, style in row]
                 for row in table] for table in parser.tables]
    return parser.tables


_user_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_cell = st.one_of(
    _user_text.map(lambda s: str(text(s))),
    st.tuples(_user_text, st.from_regex(r"(\.\./)?[a-z][a-z0-9-]{0,12}\.md(#[a-z][a-z0-9-]{0,8})?",
                                        fullmatch=True))
    .map(lambda p: str(link(p[0], p[1]))),
    st.just('<span class="flaims-badge flaims-done">done</span>'),
    _user_text.map(lambda s: f'<span class="flaims-date">{text(s)}</span>'),
    st.just("—"))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(["---", "--:", ":--", ":-:"]), min_size=n, max_size=n),
    st.lists(_cell, min_size=n, max_size=n),
    st.lists(st.lists(_cell, min_size=n, max_size=n), min_size=1, max_size=4))))
def test_a_table_as_html_reads_as_its_markdown(parts: tuple[list[str], list[str], list[list[str]]]) -> None:
    aligns, head, rows = parts
    source = "# Page\n\n" + "\n".join(
        ["| " + " | ".join(head) + " |", "|" + "|".join(aligns) + "|"]
        + ["| " + " | ".join(r) + " |" for r in rows]) + "\n\nAfter the table.\n"
    converted = Converter().convert("failures/x.md", source)
    assert "<table>" in converted and "| " not in converted
    as_markdown = _tables(markdown.markdown(source, extensions=EXTENSIONS), rewrite=True)
    as_html = _tables(markdown.markdown(converted, extensions=EXTENSIONS))
    assert as_html == as_markdown


def test_what_is_not_a_generated_table_is_left_as_it_is() -> None:
    ragged = "| a | b |\n|---|---|\n| 1 |\n"
    empty = "| a | b |\n|---|---|\n"
    fenced = "```yaml\n| a | b |\n|---|---|\n```\n"
    glued = "A paragraph\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    joined = "| a | b |\n|---|---|\n| 1 | 2 |\ntext that would join the table\n"
    for source in (ragged, empty, fenced, glued, joined):
        assert Converter().convert("p.md", source) == source


def test_table_links_are_checked_against_the_generated_pages() -> None:
    tables = Converter()
    tables.convert("failures/a.md", "| Report |\n|---|\n| [B](b.md#x) |\n| [T](../tags/t.md) |\n"
                   "| [Out](https://example.org/page.md) |\n")
    assert tables.missing({"failures/a.md", "failures/b.md", "tags/t.md"}) == []
    (warning,) = tables.missing({"failures/a.md", "tags/t.md"})
    assert "'failures/a.md'" in warning and "'failures/b.md' is not found" in warning


def test_listing_pages_stay_out_of_search_and_the_reports_are_in_it(built_demo: Path) -> None:
    index = json.loads((built_demo / "site/search/search_index.json").read_text("utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    listings = ("failures.html", "failures-by-severity.html", "failures-by-team.html",
                "retros.html", "retros-by-team.html", "experiments.html")
    assert not pages & set(listings)
    assert (built_demo / "site/failures.html").exists()
    failures = sorted(p.stem for p in (built_demo / "failures").rglob("*-*.yaml"))
    assert {f"failures/{f}.html" for f in failures} <= pages
    assert {"index.html", "overflow.html", "directory.html", "tags.html"} <= pages
