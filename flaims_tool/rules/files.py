"""Rules the loader and the schemas enforce: one file at a time, before any cross-reference."""

from __future__ import annotations

from . import ERROR, WARNING, Example, register

P = "people/bob-li.yaml"
F = "failures/2026/2026-03-10-payment-timeouts.yaml"

register(
    "yaml-syntax", ERROR, "The file is valid YAML.",
    """A file that does not parse cannot be read at all; the parser's own position is given.""",
    Example(P, "name: Bob Li", "name: Bob: Li", 2, 10), "files",
)
register(
    "duplicate-key", ERROR, "A key appears at most once in a mapping.",
    """YAML parsers silently keep the last of two equal keys, so half of what was written would be
    lost without a word. flaims refuses the file instead.""",
    Example(P, "team: payments", "team: payments\nname: Robert Li", 5, 1), "files",
)
register(
    "alias-expansion", ERROR, "Anchors and aliases expand to a bounded number of nodes.",
    """A few lines of nested aliases ("billion laughs") can expand to billions of nodes and take
    down CI; a knowledge file has no need for more than a modest number.""",
    Example(P, "status: active", "status: active\nx: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            "y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "w: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nv: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]", 10, 36),
    "files",
)
register(
    "nesting-too-deep", ERROR, "Nesting stays within a bounded depth.",
    """Deep nesting crashes YAML parsers and validators (PyYAML's composer runs out of stack;
    libyaml since PyYAML 6.0.2 refuses 1,000 levels itself, and that is reported the same way); no
    knowledge document needs more than a few levels.""",
    Example(P, "status: active", "status: active\nx: " + "[" * 45 + "]" * 45, 6, 43), "files",
)
register(
    "encoding", ERROR, "The file is UTF-8 text (a byte-order mark is fine).",
    """Every tool in the chain, from git diffs to the handbook, reads UTF-8; UTF-16 or Latin-1
    files show as garbage or break the build.""",
    Example(P, "Bob Li", "Bob L\udcff", 2, 12), "files",
)
register(
    "control-character", ERROR, "No invisible control characters.",
    """Control characters are invisible in editors and reviews, and YAML forbids most of them;
    they usually arrive by copy and paste.""",
    Example(P, "Bob Li", "Bob\x07 Li", 2, 10), "files",
)
register(
    "tab-character", ERROR, "Indentation and text use spaces, not tabs.",
    """YAML forbids tabs for indentation, and parsers disagree on tabs elsewhere, so the same file
    could mean different things to different tools.""",
    Example(P, "team: payments", "team:\tpayments", 4, 6), "files",
)
register(
    "multiple-documents", ERROR, "One YAML document per file.",
    """The file name is the document's id; a second document after `---` would be invisible.""",
    Example(P, "status: active", "status: active\n---\nid: bob-li-2", 6, 1), "files",
)
register(
    "empty-file", ERROR, "A knowledge file is not empty or only comments.",
    """An empty file is usually an accident of a merge or a half-finished `flaims new`.""",
    Example("people/dana-ruiz.yaml", None, "# to be written\n", 1, 1), "files",
)
register(
    "not-a-mapping", ERROR, "The top level of a file is a mapping of fields.",
    """Every document kind is a set of named fields; a list or a bare value at the top cannot be
    one.""",
    Example("people/dana-ruiz.yaml", None, "- id: dana-ruiz\n- name: Dana Ruiz\n", 1, 1), "files",
)
register(
    "explicit-tag", ERROR, "No explicit YAML tags such as `!!python/object` or `!!binary`.",
    """Tags ask a loader to build arbitrary objects, which is how unsafe loaders run code; knowledge
    files need only text, numbers, lists and mappings.""",
    Example(P, "name: Bob Li", "name: !!binary Qm9i", 2, 7), "files",
)
register(
    "non-string-key", ERROR, "Field names are text.",
    """A key like `2026:` or `yes:` becomes a number or boolean, which no field name is.""",
    Example(P, "status: active", "status: active\n2026: joined", 6, 1), "files",
)
register(
    "file-too-large", ERROR, "A file stays under 1 MiB.",
    """A knowledge document is read by people; a file this large is almost certainly generated or
    pasted by mistake, and would slow every lint.""",
    Example("people/dana-ruiz.yaml", None, "id: dana-ruiz\nname: " + "x" * (1024 * 1024) + "\n", 1, 1),
    "files",
)
register(
    "symlink", ERROR, "Knowledge files are real files, not symbolic links.",
    """A link can point outside the repository or at a device like /dev/zero; flaims never follows
    one.""",
    Example("people/dana-ruiz.yaml", None, "-> bob-li.yaml", 1, 1), "files",
)
register(
    "special-file", ERROR, "Knowledge files are regular files (not pipes or devices).",
    """Reading a pipe or a device can hang forever.""",
    Example("people/dana-ruiz.yaml", None, "fifo", 1, 1), "files",
)
register(
    "unreadable", ERROR, "The file can be read.",
    """A file flaims cannot open (permissions, a broken disk) is reported rather than skipped.""",
    Example("people/dana-ruiz.yaml", None, "unreadable", 1, 1), "files",
)
register(
    "stray-file", WARNING, "The knowledge folders hold only YAML files.",
    """A file that is not YAML is not read; it may be a report saved with the wrong extension.""",
    Example("failures/2026/notes.txt", None, "remember to file this\n", 1, 1), "files",
)
register(
    "misplaced-file", ERROR, "Files sit where their kind belongs (no sub-folders in ladders/, "
    "curriculum/, people/ or plans/).",
    """A document in the wrong place is never read, so its author would believe it published.""",
    Example("people/payments/dana-ruiz.yaml", None, "id: dana-ruiz\n", 1, 1), "files",
)

register(
    "unknown-field", ERROR, "Every field is one the format defines.",
    """A mistyped field name would otherwise be ignored silently, and its content lost.""",
    Example(F, "impact: 3%", "impcat: 3%", 8, 1), "schema",
)
register(
    "missing-field", ERROR, "Every required field is present.",
    """The formats fix what each document must say; a report without lessons teaches nothing.""",
    Example(F, "lessons:\n  - Pool sizes need a load test before each peak.\n", "", 1, 1), "schema",
)
register(
    "wrong-type", ERROR, "Each field has the expected type (text, list, mapping, number).",
    """A single value where a list is expected, or a list where text is expected, breaks every
    consumer of the file. The commonest case is text with ': ' in it, such as `- Root cause: the
    pool size`: YAML reads it as a field, and flaims says so and asks for quotes.""",
    Example(F, "  - Connection pool sized for last year's traffic.",
            "  - Root cause: the pool was sized for last year's traffic.", 13, 5), "schema",
)
register(
    "bad-value", ERROR, "Values have the expected form: ids, dates, enumerations, lengths.",
    """Dates must be real dates, ids must be slugs, severities come from a fixed list, so that
    sorting, linking and counting work.""",
    Example(F, "severity: high", "severity: hgh", 4, 11), "schema",
)
register(
    "unquoted-text", WARNING, "Text that YAML would read as a number, true/false or null is quoted.",
    """flaims keeps what was typed (`title: 1.10` stays the text "1.10"), but YAML itself reads
    `1.10` as the number 1.1, `true` as a boolean and `~` as null, and so do editors, Ajv and
    check-jsonschema, which then call the file invalid. Quoted, every tool reads the same text.""",
    Example("curriculum/capacity-planning.yaml", "title: Capacity planning for peaks",
            "title: 1.10", 2, 8), "schema",
)
register(
    "schema-line", WARNING, "A `# yaml-language-server: $schema=` line resolves to the file's schema.",
    """Editors check a file against the schema its `$schema=` line names. Copied into a deeper
    folder, `../schemas/…` no longer resolves: the editor says "Unable to load schema" and checks
    nothing. The line must lead from the file's folder to the repository's schema for its kind.""",
    Example("people/bob-li.yaml", "id: bob-li",
            "# yaml-language-server: $schema=../../schemas/person.schema.json\nid: bob-li", 1, 33),
    "schema",
)
register(
    "folded-list-item", WARNING, "A `- ` line is not folded into the text of the item above.",
    """A list item indented one step too far continues the plain text above it: YAML quietly
    joins `- Nobody noticed the alert.` onto the previous item, and one contributing factor
    disappears into another.""",
    Example(F, "  - Connection pool sized for last year's traffic.",
            "  - Connection pool sized for last year's traffic.\n    - Nobody load-tested it.", 14, 5),
    "files",
)
register(
    "text-cut-by-comment", WARNING, "A `#` inside plain text does not cut the text short.",
    """In YAML, ` #` starts a comment even in the middle of a sentence, so `before peak #2 of the
    year` silently loses everything from the `#`. Flagged when a word follows the `#` directly,
    as it does in text (a comment the writer meant usually starts `# `).""",
    Example(F, "  - Pool sizes need a load test before each peak.",
            "  - Pool sizes need a load test before peak #2 of the year.", 16, 45),
    "files",
)
