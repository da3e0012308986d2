"""The handbook's escaping and charts, unit by unit: user text is data."""

from __future__ import annotations

import html
import json
import posixpath
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool.handbook import charts
from flaims_tool.handbook.escape import (
    Raw,
    external_link,
    external_url,
    front_matter_title,
    paragraphs,
    plain,
    relative,
    text,
)
from flaims_tool.handbook.render import environment

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "{: onclick=\"alert(1)\" }",
    '--8<-- "/etc/passwd"',
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "*emphasis* __strong__ `code` # heading | pipe | \\ backslash",
    "&lt;already escaped&gt; &amp; &#60;",
    "line one\ntitle: injected\n---",
    "tab\there and\u2028separator\u0000nul",
    "!!! danger \"Admonition\"",
    "1. ordered",
    "- item",
    "=== setext",
    ": definition",
    "~~~ fence",
    "+ plus",
    "> quote",
    "[TOC] [^1]",
]


class Text(HTMLParser):
    """Text and elements of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> Text:
    parser = Text()
    parser.feed(fragment)
    parser.close()
    return parser


def to_html(source: str) -> str:
    # The Markdown extensions the handbook enables, plus the dangerous ones it does not.
    return markdown.markdown(source, extensions=[
        "toc", "tables", "admonition", "def_list", "footnotes", "fenced_code", "attr_list",
        "md_in_html", "pymdownx.snippets"])


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_as_the_literal_text_through_markdown(value: str) -> None:
    rendered = to_html(f"# {text(value)}\n\n| a | b |\n|---|---|\n| {text(value)} | x |\n\n"
                       f"- {text(value)}\n")
    parsed = parse(rendered)
    assert [t for t, _ in parsed.tags] == ["h1", "table", "thead", "tr", "th", "th", "tbody",
                                           "tr", "td", "td", "ul", "li"]
    assert all(attrs == [] or attrs == [("id", attrs[0][1])] for _, attrs in parsed.tags)
    shown = [t for t in "".join(parsed.text).split("\n") if t.strip()]
    assert shown[0] == plain(value)
    assert shown.count(plain(value)) == 3


def test_text_collapses_lines_and_controls_and_keeps_letters() -> None:
    assert plain("a\nb\r\n\tc\u2028d\u0000e  f") == "a b c d e f"
    assert text("Café déjà vu 42") == "Café déjà vu 42"
    assert text("a-b, c. d: e") == "a-b, c. d: e"  # ordinary punctuation stays
    assert text("a*b") == "a&#42;b"
    assert text("- b") == "&#45; b" and text("2026. b") == "2026&#46; b"
    assert text(None) == ""
    assert isinstance(text("x"), Raw)
    assert text(Raw("<b>trusted</b>")) == "<b>trusted</b>"


def test_paragraphs_keep_blank_line_breaks_only() -> None:
    assert paragraphs("one\ntwo\n\nthree") == "one two\n\nthree"


def test_front_matter_title_is_one_json_string_of_escaped_text() -> None:
    value = front_matter_title('a "quoted"\ntitle: x <b>')
    assert "\n" not in value
    decoded = json.loads(value)
    assert html.unescape(decoded) == 'a "quoted" title: x <b>'
    assert "<" not in decoded and '"' not in decoded


@pytest.mark.parametrize("url, expected", [
    ("https://wiki.acme.example/load-testing?a=1&b=2",
     "https://wiki.acme.example/load-testing?a=1&amp;b=2"),
    ("http://x.example/a(b)\"c", "http://x.example/a%28b%29%22c"),
    ("javascript:alert(1)", None),
    ("JAVASCRIPT:alert(1)", None),
    (" https://x.example/", None),
    ("https://x.example/a b", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("/relative/path", None),
    ("https:///nohost", None),
    (42, None),
])
def test_external_url_allows_only_http(url: object, expected: str | None) -> None:
    assert external_url(url) == expected


def test_external_link_of_an_unsafe_url_is_plain_text() -> None:
    parsed = parse(to_html(f"- {external_link('click', 'javascript:alert(1)')}"))
    assert [t for t, _ in parsed.tags] == ["ul", "li"]
    assert "".join(parsed.text).strip() == "click (javascript:alert(1))"
    safe = parse(to_html(f"- {external_link('<guide>', 'https://x.example/')}"))
    assert ("a", [("href", "https://x.example/"), ("rel", "noopener")]) in safe.tags
    assert "<guide>" in "".join(safe.text)


def test_relative_links_between_generated_pages() -> None:
    assert relative("failures/2026-01-01-x.md", "tags/timeouts.md") == "../tags/timeouts.md"
    assert relative("index.md", "overflow.md") == "overflow.md"
    assert relative("ladders/eng/testing.md", "ladders/eng.md#x") == "../eng.md#x"


def test_templates_escape_every_expression_unless_raw() -> None:
    env = environment()
    source = env.from_string("{{ value }}|{{ raw }}|{{ value ~ '!' }}")  # our template, not user's
    out = source.render(value="{{ 7*7 }}<b>", raw=Raw("<i>ok</i>"))
    assert out == f"{text('{{ 7*7 }}<b>')}|<i>ok</i>|{text('{{ 7*7 }}<b>!')}"


def test_monthly_chart_has_title_axis_labels_and_escaped_text() -> None:
    chart = charts.monthly_bars("c1", "Reports <tagged> x", [("2026-01", 2), ("2026-02", 0),
                                                            ("2026-03", 5)],
                                y_label="Reports", caption="Per month")
    parsed = parse(chart)
    tags = [t for t, _ in parsed.tags]
    assert tags[:3] == ["figure", "svg", "title"]
    assert tags.count("rect") == 3
    assert "script" not in tags
    words = "".join(parsed.text)
    for expected in ("Reports <tagged> x", "Month", "Reports", "Jan 2026", "Mar 2026: 5",
                     "Per month"):
        assert expected in words
    assert "\n\n" not in chart  # one raw HTML block for Markdown


def test_tension_chart_draws_current_and_target_per_row() -> None:
    chart = charts.tension("t1", "Tension", ["Apprentice", "Practitioner", "Senior"],
                           [charts.Gap("Testing <x>", 0, 2), charts.Gap("Design", 1, 2)],
                           x_label="Levels")
    parsed = parse(chart)
    circles = [dict(a).get("class") for t, a in parsed.tags if t == "circle"]
    assert circles == ["flaims-target", "flaims-current"] * 2
    words = "".join(parsed.text)
    assert "Testing <x>" in words and "Levels" in words and "Senior" in words


@pytest.mark.parametrize("top, ticks", [(0, [0, 1]), (3, [0, 1, 2, 3]), (6, [0, 2, 4, 6]),
                                        (23, [0, 5, 10, 15, 20, 25]),
                                        (355, [0, 100, 200, 300, 400])])
def test_chart_ticks_are_round(top: int, ticks: list[int]) -> None:
    assert charts._ticks(top) == ticks


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "failures", "x.md", "..", ".", ""]), max_size=5),
       st.lists(st.sampled_from(["a", "b", "failures", "..", "."]), max_size=4))
def test_relative_links_are_what_posixpath_relpath_gives(target: list[str], start: list[str]) -> None:
    """escape._relpath avoids relpath's getcwd per link (10 s of a 10k build): same answers."""
    from flaims_tool.handbook.escape import _relpath

    to, here = "/".join(target) or ".", "/".join(start) or "."
    assert _relpath(to, here) == posixpath.relpath(to, here)
