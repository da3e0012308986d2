"""The generated pages' Markdown tables, written as the HTML tables they render to.

Templates write tables in Markdown, which keeps them readable. At 10,000 documents those tables
were 20% of MkDocs' build time: Python-Markdown runs every inline pattern over every cell. A raw
HTML block is passed through whole, so the page writer turns each table into one.

This is exact because of what a generated table can hold: user text reaches a cell through
`escape.text`, which writes every `|`, `[`, `]`, `*`, `_`, `<`, `&` and backslash as a character
reference, so the only Markdown left in a cell is flaims' own `[label](href)` links; the rest
(badges, dates, external links) is already HTML. A table whose rows do not all have the header's
number of cells (or that has no rows) is left as Markdown, for Python-Markdown to read as it always has.

Links in raw HTML are not rewritten or checked by the engine, so `page.md` becomes `page.html`
here (the handbook's URLs are never directory URLs), and every page linked to is returned, for
the page writer to check that it exists.
"""

from __future__ import annotations

import posixpath
import re

_DELIMITER = re.compile(r"^\|(?: *:?-+:? *\|)+ *$")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^()\s]+)\)")
_DATE = '<span class="flaims-date">'
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_ALIGN = {"left": ' style="text-align: left"', "right": ' style="text-align: right"',
          "center": ' style="text-align: center"', None: ""}


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def _alignment(spec: str) -> str | None:
    spec = spec.strip()
    if spec.startswith(":") and spec.endswith(":"):
        return "center"
    if spec.endswith(":"):
        return "right"
    if spec.startswith(":"):
        return "left"
    return None


def html_href(href: str) -> str:
    """A generated page's Markdown link target as the built site names it."""
    path, sep, anchor = href.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + sep + anchor


class Converter:
    """Turns the tables of one page after another; `linked` collects (page, href) pairs."""

    def __init__(self) -> None:
        self.linked: list[tuple[str, str]] = []
        self._page = ""

    def _inline(self, cell: str) -> str:
        def anchor(m: re.Match[str]) -> str:
            self.linked.append((self._page, m.group(2)))
            return f'<a href="{html_href(m.group(2))}">{m.group(1)}</a>'

        return _LINK.sub(anchor, cell)

    def _td(self, cell: str, align: str) -> str:
        # A cell that is only a date carries its class itself: a span less per row, and tags
        # are what the engine's HTML parsers spend their time on.
        if cell.startswith(_DATE) and cell.endswith("</span>") and "<" not in cell[len(_DATE):-7]:
            return f'<td class="flaims-date"{align}>{cell[len(_DATE):-7]}</td>'
        return f"<td{align}>{self._inline(cell)}</td>"

    def _table(self, header: str, delimiter: str, rows: list[str]) -> str | None:
        heads = _cells(header)
        aligns = [_ALIGN[_alignment(s)] for s in _cells(delimiter)]
        body = [_cells(r) for r in rows]
        if not body or len(aligns) != len(heads) or any(len(r) != len(heads) for r in body):
            return None  # Python-Markdown's own reading (it pads, cuts, adds an empty row)
        out = ["<table>", "<thead>", "<tr>" + "".join(
            f"<th{a}>{self._inline(h)}</th>" for h, a in zip(heads, aligns, strict=True)) + "</tr>",
            "</thead>", "<tbody>"]
        out += ["<tr>" + "".join(self._td(c, a) for c, a in zip(r, aligns, strict=True)) + "</tr>"
                for r in body]
        out += ["</tbody>", "</table>"]
        return "\n".join(out)

    def missing(self, pages: set[str]) -> list[str]:
        """Each link to a page that is not among `pages` (docs-relative paths), as a warning."""
        found = []
        for page, href in self.linked:
            path = href.partition("#")[0]
            if not path.endswith(".md") or ":" in path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if target not in pages:
                found.append(f"Doc file '{page}' contains a link '{href}', but the target "
                             f"'{target}' is not found among documentation files.")
        return found

    def convert(self, page: str, markdown: str) -> str:
        """The page's Markdown with each top-level table (outside code fences) as HTML."""
        self._page = page
        lines = markdown.split("\n")
        out: list[str] = []
        fence: str | None = None
        i = 0
        while i < len(lines):
            line = lines[i]
            opened = _FENCE.match(line)
            if fence is not None:
                if line.startswith(fence):
                    fence = None
            elif opened:
                fence = opened.group(1)
            elif line.startswith("|") and i + 1 < len(lines) and _DELIMITER.match(lines[i + 1]) \
                    and (i == 0 or not lines[i - 1].strip()):
                end = i + 2
                while end < len(lines) and lines[end].startswith("|"):
                    end += 1
                # A table is a block of its own: a line right after it would join it.
                ends = end == len(lines) or not lines[end].strip()
                html = self._table(line, lines[i + 1], lines[i + 2:end]) if ends else None
                if html is not None:
                    out.append(html)
                    i = end
                    continue
            out.append(line)
            i += 1
        return "\n".join(out)
