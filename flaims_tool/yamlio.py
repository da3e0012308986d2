"""Safe YAML loading that keeps positions and refuses what is unsafe.

The document is built straight from libyaml's *events*, never composed by PyYAML, because:
- PyYAML's composer recurses, so deep nesting exhausts the stack; the event stream does not, so
  depth, node count and alias expansion are bounded here before anything is built. Newer libyaml
  (bundled with PyYAML 6.0.2 and later) also refuses nesting past 1,000 levels in its own scanner,
  which reads ahead of the events: whichever refuses first, the diagnostic is `nesting-too-deep`
  (see `_PARSER_LIMITS`);
- PyYAML silently keeps the last of two duplicate keys;
- YAML 1.1 turns `no`, `2026-03-10`, `01234` and `1.10` into bool, date, octal and float. Here
  only YAML 1.2 core forms resolve, dates stay text, and the text of every plain scalar that did
  resolve is kept, so a string field gets exactly what the writer typed (see `as_text`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from types import ModuleType
from typing import Any

from . import modeline
from .diagnostics import WARNING, Diagnostic

# The parser's loader class; None: libyaml's, or the pure-Python one where PyYAML was built
# without it (tests set either).
_Loader: type | None = None


def _yaml() -> ModuleType:
    """PyYAML, imported on the first parse: a lint answered from the caches parses nothing, and
    importing it cost 0.014 s of such a run."""
    import yaml

    return yaml

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 100_000  # nodes after alias expansion: "billion laughs" stops here

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# YAML 1.2's core schema, as editors and other YAML tools read it (`010` is 10, `0x1F` is 31);
# a text field still gets what was typed (schemas.py), with an `unquoted-text` warning.
_INT = re.compile(r"[-+]?[0-9]{1,4000}\Z")  # longer digit strings exceed Python's int() limit
_INT_BASE = re.compile(r"0o[0-7]{1,1000}\Z|0x[0-9a-fA-F]{1,1000}\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_SPECIAL_FLOATS = {f"{sign}.{word}": float(f"{sign}inf")
                   for sign in ("", "+", "-") for word in ("inf", "Inf", "INF")}
_SPECIAL_FLOATS.update({f".{word}": float("nan") for word in ("nan", "NaN", "NAN")})
# YAML's printable set, less tab: C0 controls, DEL, C1 controls (but NEL) and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


class LoadError(Exception):
    """Raised inside the builder; becomes one diagnostic for the file."""

    def __init__(self, code: str, message: str, pos: Position, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


class Marks:
    """Where each node of a document sits, as the builder met them: (line, column) in document
    order (a mapping's key before its value), which of them are aliases (whose content is where
    its anchor stands), and what was typed for each plain scalar that resolved to a non-string,
    by node number. Read into maps keyed by path only when a position is asked for: building a
    path for every node cost a fifth of loading, and most documents never have a diagnostic."""

    __slots__ = ("aliases", "at", "typed")

    def __init__(self, at: list[Position] | None = None, aliases: list[int] | None = None,
                 typed: dict[int, str] | None = None):
        self.at: list[Position] = at if at is not None else []
        self.aliases: list[int] = aliases if aliases is not None else []
        self.typed: dict[int, str] = typed if typed is not None else {}

    def plain(self) -> tuple[list[Position], list[int], dict[int, str]]:
        """As plain data, for the cache."""
        return self.at, self.aliases, self.typed

    def maps(self, data: Any) -> tuple[dict[PathKey, Position], dict[PathKey, Position],
                                       dict[PathKey, str]]:
        """(positions of nodes, positions of keys, typed texts), each by path: the document's
        data walked in the order its nodes were met."""
        at, typed, aliases = self.at, self.typed, frozenset(self.aliases)
        positions: dict[PathKey, Position] = {}
        keys: dict[PathKey, Position] = {}
        texts: dict[PathKey, str] = {}
        count = 0

        def visit(value: Any, path: PathKey) -> None:
            nonlocal count
            n = count
            count += 1
            positions[path] = at[n]
            if n in typed:
                texts[path] = typed[n]
            if n in aliases:
                return
            if value.__class__ is dict:
                for k, v in value.items():
                    where: PathKey = (*path, k)
                    keys[where] = at[count]
                    count += 1
                    visit(v, where)
            elif value.__class__ is list:
                for i, v in enumerate(value):
                    visit(v, (*path, i))

        with contextlib.suppress(IndexError):  # data changed shape after loading: fewer positions
            visit(data, ())
        return positions, keys, texts


class Loaded:
    """A loaded file: its data (None when it could not be loaded) and where each node sits."""

    def __init__(self, path: str, data: dict[str, Any] | None = None):
        self.path = path
        self.data = data
        self.diagnostics: list[Diagnostic] = []
        # The file's `# yaml-language-server: $schema=` line, if any (modeline.py checks it).
        self.modeline: tuple[str, int, int] | None = None
        self.marks = Marks()
        self._maps: tuple[dict[PathKey, Position], dict[PathKey, Position],
                          dict[PathKey, str]] | None = None

    def _index(self) -> tuple[dict[PathKey, Position], dict[PathKey, Position], dict[PathKey, str]]:
        if self._maps is None:
            self._maps = self.marks.maps(self.data) if self.data is not None else ({}, {}, {})
        return self._maps

    @property
    def positions(self) -> dict[PathKey, Position]:
        return self._index()[0]

    @property
    def key_positions(self) -> dict[PathKey, Position]:
        return self._index()[1]

    @property
    def texts(self) -> dict[PathKey, str]:
        return self._index()[2]

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """The position of a node (or of its key), else of its closest located ancestor."""
        p = tuple(path)
        while True:
            if key and p in self.key_positions:
                return self.key_positions[p]
            if p in self.positions:
                return self.positions[p]
            if not p:
                return (1, 1)
            p = p[:-1]

    @property
    def has_data(self) -> bool:
        """Whether the file loaded (asked without decoding a cached document's data)."""
        return self.data is not None

    def top(self, name: str) -> Any:
        """A top-level field's value, None when absent (a cached document answers its id
        without decoding its data)."""
        return self.data.get(name) if self.data is not None else None

    def as_text(self, path: PathKey) -> str | None:
        """What the writer typed for a plain scalar that resolved to a non-string."""
        return self.texts.get(tuple(path))


def _problem(loaded: Loaded, code: str, message: str, pos: Position, hint: str | None) -> Loaded:
    loaded.diagnostics.append(Diagnostic(loaded.path, pos[0], pos[1], code, message, hint=hint))
    loaded.data = None
    return loaded


def read(file: str | Path, rel: str, *, foreign_tags: bool = False) -> Loaded:
    """Read and load one file; every failure is a diagnostic, never an exception.
    `foreign_tags`: see `load`."""
    loaded = Loaded(rel)
    try:
        st = os.lstat(file)
    except OSError as e:
        return _problem(loaded, "unreadable", f"cannot read file: {e.strerror}", (1, 1), None)
    if stat.S_ISLNK(st.st_mode):
        return _problem(
            loaded, "symlink", "is a symbolic link; flaims does not follow links", (1, 1),
            "replace the link with the file itself",
        )
    if not stat.S_ISREG(st.st_mode):
        return _problem(loaded, "special-file", "is not a regular file", (1, 1), None)
    if st.st_size > MAX_BYTES:
        return _too_large(loaded, st.st_size)
    try:
        raw = read_bytes(file)
    except OSError as e:
        return _problem(loaded, "unreadable", f"cannot read file: {e.strerror}", (1, 1), None)
    return load(raw, rel, loaded, foreign_tags=foreign_tags)


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, up to one more than MAX_BYTES (so a file that grew past it is seen),
    never through a link (O_NOFOLLOW) and never waiting on a pipe (O_NONBLOCK): the one read
    of a knowledge file, for the loader and the cache alike. Raises OSError."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def _too_large(loaded: Loaded, size: int) -> Loaded:
    return _problem(
        loaded, "file-too-large",
        f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", (1, 1),
        "split it into several documents",
    )


def _line_col(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def load(raw: bytes, rel: str, loaded: Loaded | None = None, *,
         foreign_tags: bool = False) -> Loaded:
    """Load YAML bytes into plain data with positions, or diagnostics saying why not.
    `foreign_tags`: another tool's file (mkdocs.yml, with `!ENV` and `!!python/name:`): a
    tagged scalar reads as null and a tagged list or mapping as untagged, instead of refusing."""
    loaded = loaded or Loaded(rel)
    if len(raw) > MAX_BYTES:
        return _too_large(loaded, len(raw))
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw:
        return _problem(
            loaded, "encoding", "file is not UTF-8 (it looks like UTF-16 or binary)", (1, 1),
            "save the file as UTF-8",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return _problem(
            loaded, "encoding", f"byte 0x{raw[e.start]:02x} is not valid UTF-8", (line, col),
            "save the file as UTF-8",
        )
    m = _CONTROL.search(text)
    if m:
        return _problem(
            loaded, "control-character",
            f"control character U+{ord(m.group()):04X} is not allowed",
            _line_col(text, m.start()), "remove it; invisible characters often come from copy and paste",
        )
    tab = text.find("\t")
    if tab >= 0:
        return _problem(
            loaded, "tab-character", "tab character; YAML files here are indented with spaces",
            _line_col(text, tab), "replace tabs with spaces",
        )
    loaded.modeline = modeline.find(text)
    yaml = _yaml()
    try:
        _Builder(loaded, foreign_tags).run(text)
    except LoadError as e:
        return _problem(loaded, e.code, e.message, e.pos, e.hint)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        limit = _parser_limit(str(e.problem or ""))
        if limit:
            code, message, hint = limit
            return _problem(loaded, code, message, pos, hint)
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        return _problem(loaded, "yaml-syntax", f"YAML syntax error: {what}", pos, _syntax_hint(text, pos))
    except RecursionError:  # the pure-Python parser, where libyaml is missing, recurses on nesting
        return _problem(loaded, _DEEP[0], _DEEP[1], (1, 1), _DEEP[2])
    except MemoryError:
        return _too_large(loaded, len(raw))
    except (yaml.YAMLError, ValueError) as e:
        return _problem(loaded, "yaml-syntax", f"YAML could not be read: {type(e).__name__}", (1, 1), None)
    return loaded


_DEEP = ("nesting-too-deep", f"nesting is deeper than {MAX_DEPTH} levels",
         "flatten the structure: flaims' formats need a few levels, never hundreds")

# Limits a parser version enforces on its own, recognised by the words of its message, so a
# newer libyaml refusing first gives the same diagnostic as flaims' own bound would.
_PARSER_LIMITS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (re.compile(r"nesting depth|nesting level|too deep", re.IGNORECASE), _DEEP),
)


def _parser_limit(problem: str) -> tuple[str, str, str] | None:
    for words, diagnostic in _PARSER_LIMITS:
        if words.search(problem):
            return diagnostic
    return None


# A value that opens with a quote and goes on after the closing one: `- "Instant" is a promise`.
_QUOTED_START = re.compile(r"""^\s*(?:-\s+|[^\s:#][^:#]*:\s+)(["'])[^"']*\1\s*[^\s#,\]}]""")


def _syntax_hint(text: str, pos: Position) -> str:
    lines = text.splitlines()
    for n in (pos[0] - 1, pos[0] - 2):
        if 0 <= n < len(lines) and _QUOTED_START.match(lines[n]):
            return (f"line {n + 1}: a value that starts with a quote must end with it; "
                    "quote the whole value, e.g. '\"Instant\" is a promise'")
    return "check the indentation, and quote values that contain ': ' or start with a special character"


class _Frame:
    __slots__ = ("anchor", "container", "firsts", "key", "size")

    def __init__(self, container: Any, anchor: str | None):
        self.container = container
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.size = 1
        self.firsts: dict[str, Position] = {}  # a mapping's keys: where each was first given


_NO_KEY = object()


# Every number form starts with one of these; other text resolves only to a null or a bool.
_NUMBER_START = frozenset("-+.0123456789")


def _resolve(value: str) -> Any:
    if value in _NULLS:
        return None
    b = _BOOLS.get(value)
    if b is not None:
        return b
    if value[0] not in _NUMBER_START:  # most scalars are words: no pattern to try
        return value
    if _INT.match(value):
        return int(value)
    if _INT_BASE.match(value):
        return int(value[2:], 8 if value[1] == "o" else 16)
    if _FLOAT.match(value):
        return float(value)
    special = _SPECIAL_FLOATS.get(value)
    return special if special is not None else value


# After a plain value, " #" followed straight by a word is most likely text that YAML read as a
# comment ("before peak #2"); a comment the writer meant usually has a space: "# reviewed".
_CUT_BY_COMMENT = re.compile(r"[ ]+#[^\s#]")
# A line folded into the plain text above it that was meant as a list item of its own.
_FOLDED_ITEM = re.compile(r"\n([ ]*)- ")


class _Builder:
    def __init__(self, loaded: Loaded, foreign_tags: bool = False):
        self.loaded = loaded
        self.foreign_tags = foreign_tags
        self.text = ""
        self.has_comments = False
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0
        self.duplicates: list[LoadError] = []

    def run(self, text: str) -> None:
        self.text = text
        self.has_comments = " #" in text
        # The loader's events pulled one by one, their kinds told apart by identity, scalars
        # (most events) first: yaml.parse's generator and an isinstance chain per event cost
        # a fifth of loading (tests/test_loader_differential.py holds the reading fixed).
        yaml = _yaml()
        loader = (_Loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader))(text)
        scalar, alias, document_start = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
        mapping_start, mapping_end = yaml.MappingStartEvent, yaml.MappingEndEvent
        sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
        try:
            get = loader.get_event
            while (event := get()) is not None:
                kind = type(event)
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                if kind is scalar:
                    self._scalar(event, pos)
                elif kind is mapping_start or kind is sequence_start:
                    self._check_tag(event, pos)
                    if len(self.stack) >= MAX_DEPTH:
                        raise LoadError(*_DEEP[:2], pos, _DEEP[2])
                    container: Any = {} if kind is mapping_start else []
                    self._attach(container, pos, None)
                    self.stack.append(_Frame(container, event.anchor))
                elif kind is mapping_end or kind is sequence_end:
                    frame = self.stack.pop()
                    if frame.anchor:
                        self.anchors[frame.anchor] = (frame.container, frame.size)
                    if self.stack:
                        self.stack[-1].size += frame.size
                elif kind is alias:
                    self._alias(event, pos)
                elif kind is document_start:
                    self.documents += 1
                    if self.documents > 1:
                        raise LoadError(
                            "multiple-documents", "file holds more than one YAML document", pos,
                            "keep one document per file; remove the '---' separator",
                        )
        finally:
            loader.dispose()
        if self.documents == 0:
            raise LoadError("empty-file", "file is empty", (1, 1), "add the document's fields, or delete the file")
        if self.duplicates:
            first = self.duplicates[0]
            for extra in self.duplicates[1:]:
                self.loaded.diagnostics.append(
                    Diagnostic(self.loaded.path, extra.pos[0], extra.pos[1], extra.code, extra.message, hint=extra.hint)
                )
            raise first

    def _scalar(self, event: Any, pos: Position) -> None:
        if event.tag is not None:
            self._check_tag(event, pos)
        text = event.value
        plain = event.implicit[0] and event.style in (None, "")
        if plain:
            # Only text that spans lines can hold a folded item, and only a file with " #" a cut.
            if self.has_comments or event.end_mark.line > event.start_mark.line:
                self._check_plain_text(event)
            value = _resolve(text)
        else:
            value = text
        if self.foreign_tags and event.tag not in (None, "!"):
            value, plain = None, False
        self._attach(value, pos, text if plain and value.__class__ is not str else None)
        if self.stack:
            self.stack[-1].size += 1
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)

    def _alias(self, event: Any, pos: Position) -> None:
        target = self.anchors.get(event.anchor or "")
        if target is None:  # pragma: no cover - libyaml rejects undefined aliases itself
            raise LoadError("yaml-syntax", "alias to an undefined anchor", pos)
        value, size = target
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise LoadError(
                "alias-expansion",
                f"anchors and aliases expand to more than {MAX_NODES:,} nodes", pos,
                "write the content out instead of repeating it with aliases",
            )
        self._attach(value, pos, None)
        self.loaded.marks.aliases.append(len(self.loaded.marks.at) - 1)
        if self.stack:
            self.stack[-1].size += size

    def _check_plain_text(self, event: Any) -> None:
        """Warn where YAML's reading of plain text is probably not what the writer meant."""
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:  # pragma: no cover - libyaml always marks events
            return
        if end.line > start.line:
            for m in _FOLDED_ITEM.finditer(self.text, start.index, end.index):
                line, col = _line_col(self.text, m.start(1) + len(m.group(1)))
                self.loaded.diagnostics.append(Diagnostic(
                    self.loaded.path, line, col, "folded-list-item",
                    "this '- ' line is indented under the text above, so YAML folded it into that "
                    "text instead of making it a list item", WARNING,
                    "indent it exactly like the item above to make it an item of its own",
                ))
        if self.has_comments and not (self.stack and isinstance(self.stack[-1].container, dict)
                                      and self.stack[-1].key is _NO_KEY):
            cut = _CUT_BY_COMMENT.match(self.text, end.index)
            if cut:
                line, col = _line_col(self.text, cut.end() - 2)
                self.loaded.diagnostics.append(Diagnostic(
                    self.loaded.path, line, col, "text-cut-by-comment",
                    "' #' starts a comment in YAML, so the text stops before it", WARNING,
                    "put the whole text in quotes to keep what follows the '#'",
                ))

    def _check_tag(self, event: Any, pos: Position) -> None:
        if self.foreign_tags:
            return
        if event.tag is not None and not (isinstance(event, _yaml().ScalarEvent) and event.tag == "!"):
            raise LoadError(
                "explicit-tag", f"explicit YAML tag {event.tag!r} is not allowed", pos,
                "remove the tag; flaims reads plain strings, numbers, lists and mappings",
            )

    def _attach(self, value: Any, pos: Position, text: str | None) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise LoadError("alias-expansion", f"document has more than {MAX_NODES:,} nodes", pos)
        marks = self.loaded.marks
        if not self.stack:
            if value is None:
                raise LoadError("empty-file", "file has no content", pos,
                                "add the document's fields, or delete the file")
            if not isinstance(value, dict):
                raise LoadError(
                    "not-a-mapping", "the top level must be a mapping of field names to values", pos,
                    "start the file with 'id: ...' and the other fields",
                )
            self.loaded.data = value
            marks.at.append(pos)
            return
        frame = self.stack[-1]
        container = frame.container
        if container.__class__ is list:
            container.append(value)
        elif frame.key is _NO_KEY:
            if not isinstance(value, str):
                raise LoadError(
                    "non-string-key", f"key {text if text is not None else type(value).__name__} is not a string",
                    pos, "field names are text; quote the key",
                )
            if value in container:
                first = frame.firsts.get(value, (0, 0))
                self.duplicates.append(
                    LoadError(
                        "duplicate-key", f"duplicate key {value!r} (first at line {first[0]})", pos,
                        "YAML keeps only one of them: merge the two entries",
                    )
                )
                frame.key = (value, True)
            else:
                frame.key = (value, False)
                frame.firsts[value] = pos
            marks.at.append(pos)
            return
        else:
            key, duplicate = frame.key
            frame.key = _NO_KEY
            if not duplicate:
                container[key] = value
        if text is not None:
            marks.typed[len(marks.at)] = text
        marks.at.append(pos)
