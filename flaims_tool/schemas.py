"""The bundled JSON Schemas: compiled once, and their errors turned into diagnostics people read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import contract, kinds
from .diagnostics import WARNING, Diagnostic, did_you_mean, quote
from .yamlio import Loaded

if TYPE_CHECKING:  # python-jsonschema is imported only when a document fails the fast check
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

KINDS = tuple(k.name for k in kinds.KINDS)  # one schema per kind

_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}
# Patterns of the schemas, said in words.
_PATTERN_WORDS = {
    contract.SLUG_PATTERN: "an id: lowercase letters and digits joined by single hyphens",
    contract.DATED_ID_PATTERN: "a dated id: YYYY-MM-DD-lowercase-words",
    contract.COMPETENCY_PATTERN: "a competency: <ladder>/<competency>",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date: YYYY-MM-DD",
    "^https?://\\S+$": "a full URL starting with http:// or https://, without spaces",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": "an email address like name@example.org",
}


_FOLDER = Path(__file__).parent / "schemas"


def schema_text(kind: str) -> str:
    """A kind's schema as shipped. Read beside this file where it is one (any ordinary install:
    importing importlib.resources, with tempfile, shutil and lzma, cost 0.009 s of every run),
    else through importlib.resources (a zipped package)."""
    name = f"{kind}.schema.json"
    if (_FOLDER / name).is_file():
        return (_FOLDER / name).read_text("utf-8")
    from importlib import resources

    return (resources.files("flaims_tool") / "schemas" / name).read_text("utf-8")


@cache
def schema(kind: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(schema_text(kind))
    return result


@cache
def validator(kind: str) -> Draft202012Validator:
    """One compiled validator per kind and run; format checks on (else `not-a-date` passes)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


# Python's `\s`, spelled out: Rust's also takes U+FEFF and leaves out U+001C..U+001F and U+0085.
_SPACE = ("\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
          "\\x{202f}\\x{205f}\\x{3000}")
# Escapes that mean the same to both engines: punctuation and a few control characters.
_LITERAL_ESCAPES = set(".-/\\^$|?*+()[]{}@:#&~%!,;<>=_'\"") | set("ntr")


@cache
def fast_validator(kind: str) -> Any:
    """A jsonschema-rs validator that only answers "valid?" (~5 µs a document against
    python-jsonschema's ~1 ms), or None when it is not installed or a schema would not mean the same.

    It is trusted only when it says valid: a document it rejects goes to python-jsonschema, which
    decides and words the messages. It may be stricter (it checks `uri` and `email` fully), never
    more lenient; tests/test_fast_validation.py compares the two."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - an optional speed-up
        return None
    try:
        rust_schema = _portable(schema(kind))
        return jsonschema_rs.Draft202012Validator(rust_schema, validate_formats=True)
    except (ValueError, jsonschema_rs.ValidationError):  # pragma: no cover - defensive
        return None


def _portable(node: Any) -> Any:
    """The schema with its regular expressions rewritten to match as Python's `re` does; a
    ValueError for a pattern whose meaning could differ between the two engines."""
    if isinstance(node, list):
        return [_portable(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _portable(v) for k, v in node.items()}
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        out["pattern"] = _portable_pattern(pattern)
    if node.get("format") == "date":  # Rust takes year 0000, Python's datetime.date does not
        out = {"allOf": [out, {"not": {"type": "string", "pattern": "^0000"}}]}
    return out


def _portable_pattern(pattern: str) -> str:
    """`\\s` and `\\S` spelled out as Python's `re` means them; a ValueError for escapes whose
    meaning differs between the engines (`\\d`, `\\w`, `\\b` ...) or that this does not know."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            e = pattern[i + 1]
            if e == "s":
                out.append(_SPACE if in_class else f"[{_SPACE}]")
            elif e == "S" and not in_class:
                out.append(f"[^{_SPACE}]")
            elif e in _LITERAL_ESCAPES:
                out.append(c + e)
            else:
                raise ValueError(f"pattern {pattern!r} is not portable")
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            if pattern.startswith("[^]", i) or pattern.startswith("[]", i):
                raise ValueError(f"pattern {pattern!r} is not portable")
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def validate(kind: str, loaded: Loaded) -> list[Diagnostic]:
    """Schema diagnostics for one loaded document (empty when valid)."""
    data = loaded.data
    fast = fast_validator(kind)
    if fast is not None:
        try:
            if fast.is_valid(data):
                return []
        except Exception:  # a value it cannot take: python-jsonschema decides
            pass
    v = validator(kind)
    if v.is_valid(data):
        return []
    # A plain scalar like `1.10` or `no` resolved to a number or bool where the schema wants
    # text: give the field what the writer typed, then validate again. Editors and other schema
    # tools read the number, so each such field is also a warning (`unquoted-text`).
    seen: dict[tuple[int, int, str], Diagnostic] = {}
    for _ in range(3):
        swapped = False
        for error in _leaves(v.iter_errors(data)):
            if error.validator == "type" and _wants_string(error.validator_value):
                path = tuple(error.absolute_path)
                text = loaded.as_text(path)
                typed = error.instance
                if text is not None and _replace(data, path, text):
                    swapped = True
                    d = _unquoted(loaded, path, text, typed)
                    seen.setdefault((d.line, d.column, d.code), d)
        if not swapped:
            break
    # One diagnostic per place and code: `not-a-date` breaks both pattern and format.
    for error in sorted(v.iter_errors(data), key=lambda e: e.validator != "format"):
        for d in _diagnose(error, loaded):
            seen.setdefault((d.line, d.column, d.code), d)
    # Where the value is wrong anyway (`date: 20260301`), quoting would not fix it: the error says it.
    wrong = {(d.line, d.column) for d in seen.values() if d.code != "unquoted-text"}
    return sorted(d for d in seen.values() if d.code != "unquoted-text" or (d.line, d.column) not in wrong)


def _unquoted(loaded: Loaded, path: tuple[str | int, ...], text: str, typed: Any) -> Diagnostic:
    line, col = loaded.position(path)
    shown = quote(text)[1:-1]
    reads_as = {"boolean": "true or false", "null": "empty (null)"}.get(_json_type(typed), "a number")
    return Diagnostic(loaded.path, line, col, "unquoted-text",
                      f"YAML reads {shown} as {reads_as}; quote it so every tool reads it as text",
                      severity=WARNING, hint=f'write "{shown}"')


EVERY_FIELD = "*"  # in broken_fields(): the document as a whole is not a mapping of fields


def broken_fields(kind: str, data: Any) -> frozenset[str]:
    """The top-level fields a schema-invalid document gets wrong: a field whose value breaks the
    schema, a required field that is missing, an unknown field. The rest of the document is
    sound, and rules that read only sound fields still run on it."""
    broken: set[str] = set()
    for error in validator(kind).iter_errors(data):
        path = tuple(error.absolute_path)
        if path:
            broken.add(str(path[0]))
        elif error.validator == "required" and isinstance(error.instance, dict):
            broken.update(str(n) for n in error.validator_value if n not in error.instance)
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            broken.update(str(k) for k in error.instance if k not in known)
        else:
            broken.add(EVERY_FIELD)
    return frozenset(broken)


def _wants_string(expected: Any) -> bool:
    return expected == "string" or (isinstance(expected, list) and "string" in expected)


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    for e in errors:
        yield e
        if e.context:
            yield from _leaves(iter(e.context))


def _replace(data: Any, path: tuple[str | int, ...], value: str) -> bool:
    node = data
    for step in path[:-1]:
        node = node[step]
    if path and not isinstance(node[path[-1]], str):
        node[path[-1]] = value
        return True
    return False


def _field(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "document"


def _diagnose(error: ValidationError, loaded: Loaded) -> Iterator[Diagnostic]:
    if error.context:  # oneOf / anyOf: the best match, not a wall of alternatives
        from jsonschema.exceptions import best_match

        error = best_match(error.context) or error
    path = tuple(error.absolute_path)
    where = _field(path)
    rel = loaded.path

    def at(code: str, message: str, p: tuple[str | int, ...] = path, key: bool = False,
           hint: str | None = None) -> Diagnostic:
        line, col = loaded.position(p, key=key)
        return Diagnostic(rel, line, col, code, message, hint=hint)

    kind = str(error.validator)  # a keyword name; the stubs of some versions say "or Unset"
    value: Any = error.validator_value
    schema_here = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema_here.get("properties", {}))
        for key in error.instance:
            if key not in known:
                yield at(
                    "unknown-field", f"unknown field {quote(key)} in {where}{did_you_mean(key, known)}",
                    (*path, key), key=True,
                    hint=f"fields allowed here: {', '.join(known)}" if known else None,
                )
    elif kind == "required" and isinstance(error.instance, dict):
        for name in value:
            if name not in error.instance:
                yield at("missing-field", f"missing required field {quote(name)} in {where}")
    elif kind == "type" and _wants_string(value) and _text_read_as_field(error.instance, path, loaded):
        yield at("wrong-type", f"{where}: this line contains ': ', so YAML read it as a field; "
                 "put the text in quotes",
                 hint="quote the whole text, e.g. - \"Human error: a story, not a cause.\"")
    elif kind == "dependentRequired" and isinstance(error.instance, dict):
        for name, needs in value.items():
            for need in needs if name in error.instance else ():
                if need not in error.instance:
                    yield at("missing-field", f"{quote(name)} needs {quote(need)} in {where}",
                             (*path, name), key=True, hint=f"add {need}: or remove {name}:")
    elif kind == "type":
        expected = value if isinstance(value, list) else [value]
        words = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
        yield at("wrong-type", f"{where} should be {words}, not {_TYPE_NAMES.get(_json_type(error.instance), '?')}")
    elif kind == "enum":
        choices = [str(c) for c in value]
        yield at(
            "bad-value",
            f"{where}: {quote(error.instance)} is not one of {', '.join(choices)}"
            f"{did_you_mean(str(error.instance), choices)}",
        )
    elif kind == "pattern" and value == "\\S":
        yield at("bad-value", f"{where} must not be blank")
    elif kind == "pattern":
        pattern_words: str | None = _PATTERN_WORDS.get(value)
        if pattern_words is None and schema_here.get("description"):
            pattern_words = "as described: " + str(schema_here["description"]).rstrip(".")
        yield at("bad-value", f"{where}: {quote(error.instance)} is not {pattern_words or 'in the expected form'}")
    elif kind == "format":
        form = {"date": "a date (YYYY-MM-DD)", "uri": "a full URL"}.get(str(value), str(value))
        yield at("bad-value", f"{where}: {quote(error.instance)} is not {form}")
    elif kind in ("minItems", "maxItems"):
        more = "at least" if kind == "minItems" else "at most"
        yield at("bad-value", f"{where} needs {more} {value} item{'s' if value != 1 else ''}")
    elif kind == "minLength":
        yield at("bad-value", f"{where} must not be empty")
    elif kind == "maxLength":
        yield at("bad-value", f"{where} is longer than {value} characters")
    elif kind == "uniqueItems":
        yield at("bad-value", f"{where} lists the same item twice")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = "at least" if "inimum" in kind else "at most"
        yield at("bad-value", f"{where} should be {bound} {value}")
    elif kind == "propertyNames":
        yield at("bad-value", f"{where}: {quote(error.instance)} is not a valid name here")
    else:
        yield at("bad-value", f"{where}: {_short(error.message)}")


def _text_read_as_field(instance: Any, path: tuple[str | int, ...], loaded: Loaded) -> bool:
    """Whether a mapping where text belongs is one line of text with ': ' in it
    (`- Human error: the engineer was careless.`): one key, and its value on the key's line."""
    if not isinstance(instance, dict) or len(instance) != 1:
        return False
    (key, text), = instance.items()
    if not isinstance(key, str) or not isinstance(text, (str, int, float)) or isinstance(text, bool):
        return False
    key_line = loaded.key_positions.get((*path, key), (0, 0))[0]
    return key_line == loaded.positions.get((*path, key), (-1, 0))[0]


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _short(message: str) -> str:
    # jsonschema's own messages embed the whole value; keep them short for CI logs.
    return message if len(message) <= 80 else message[:79] + "…"
