"""User text as data: escaping for the Markdown + HTML the handbook generator writes.

Every piece of user text reaches a page through `text()`: whitespace and control characters
collapse to single spaces (a newline in a title cannot start a front-matter key or a Markdown
block), every character that is Markdown or HTML syntax anywhere in a line (backslash, `` ` * _ { } [ ]
< > & | " ' ``) becomes a numeric HTML character reference, and so does a block marker at the
start of the text (`!`, `#`, `>`, `-`, `+`, `=`, `:`, `~`, `1.`). Python-Markdown passes character
references through untouched, so no emphasis, link, `{: attr_list }`, `--8<--` snippet, table,
heading, HTML tag or template delimiter (`{{ }}`) survives, and the browser shows the text
exactly as written. Ordinary punctuation (`. , - : ; ? ! ( )`) stays as it is: a reference for
every full stop made MkDocs spend most of its time matching them, three times over.

Trusted Markdown that flaims itself writes (links built from validated ids, SVG charts) is
wrapped in `Raw`; the template environment escapes everything else.
"""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from .. import contract


class Raw(str):
    """Markdown or HTML written by flaims from trusted parts: not escaped again."""

    __slots__ = ()


_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]<>&|\"'"}
# A block construct can only start at the beginning of a line, which user text may be.
_LEADING = re.compile(r"^(?:[!#>+=:~-]|[0-9]+[.)])")
# Control, format, separator and unassigned characters: shown as a space.
_BLANK_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
_NON_ASCII_SPACE = re.compile(r"[^\x21-\x7e]")
SLUG = contract.SLUG
DATED = contract.DATED_ID
_URL_SAFE = "/:?#@!$&+,;=%~-._"


def _blank(ch: str) -> str:
    if ch in "\t\n\r ":
        return " "
    if ch.isascii():
        return " " if not ch.isprintable() else ch
    return " " if unicodedata.category(ch) in _BLANK_CATEGORIES else ch


def plain(value: Any) -> str:
    """The value as one line of text: control and separator characters become single spaces."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    if not s.isascii() or not s.isprintable():
        s = "".join(_blank(ch) for ch in s)
    return " ".join(s.split())


def text(value: Any) -> Raw:
    """User text for one line of Markdown (a heading, a table cell, a list item, an SVG label)."""
    if isinstance(value, Raw):
        return value
    s = plain(value).translate(_ENTITIES)
    lead = _LEADING.match(s)
    if lead:
        mark = lead.group()[-1]
        s = s[: lead.end() - 1] + f"&#{ord(mark)};" + s[lead.end():]
    return Raw(s)


def paragraphs(value: Any) -> Raw:
    """User text that may hold paragraphs (separated by a blank line): each one escaped."""
    if value is None:
        return Raw("")
    s = value if isinstance(value, str) else str(value)
    parts = [text(p) for p in re.split(r"\n[ \t]*\n", s.replace("\r\n", "\n"))]
    return Raw("\n\n".join(p for p in parts if p))


def front_matter_title(value: Any) -> Raw:
    """A page title for front matter. Material writes `page.meta.title` unescaped into
    `<title>`, the header and the navigation of every page, so it is escaped here, and written
    as a JSON string (valid YAML) so no character can end the value or start another key."""
    return Raw(json.dumps(str(text(value)), ensure_ascii=True))


def external_url(value: Any) -> str | None:
    """An http(s) URL fit for an HTML `href`, percent-encoded and `&`-escaped; None for anything else
    (`javascript:`, `data:`, relative paths, URLs with spaces or control characters)."""
    if not isinstance(value, str) or value != value.strip() or not value:
        return None
    if any(not ch.isprintable() or ch.isspace() for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(value, safe=_URL_SAFE).replace("&", "&amp;")


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 80 and bool(SLUG.match(value))


def is_dated(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 91 and bool(DATED.match(value))


def relative(from_page: str, target: str) -> str:
    """The relative link from one generated page to another (both paths in the docs folder)."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    return _relpath(target, posixpath.dirname(from_page) or ".") + anchor


@lru_cache(maxsize=1 << 16)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for two paths under one folder, without its abspath (a getcwd per
    link: 10 s of a 10k-document build, which makes 350,000 links)."""
    to = [p for p in posixpath.normpath(target).split("/") if p != "."]
    here = [p for p in posixpath.normpath(start).split("/") if p != "."]
    if ".." in to[:1] or ".." in here[:1] or target.startswith("/") or start.startswith("/"):
        # outside the folder: never generated, but the answer stays exact
        return posixpath.relpath(target, start)
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def link(label: Any, href: str) -> Raw:
    """A Markdown link with an escaped label; `href` must come from flaims (ids, fixed paths)."""
    return Raw(f"[{text(label)}]({href})")


def external_link(label: Any, url: Any) -> Raw:
    """A link to an external http(s) URL, or the label (and URL) as plain text when unsafe."""
    href = external_url(url)
    if href is None:
        shown = text(label) if label == url else Raw(f"{text(label)} ({text(url)})")
        return Raw(shown)
    return Raw(f'<a href="{href}" rel="noopener">{text(label)}</a>')
