"""The document kinds, each declared once: where its files live, how it is named, what it refers
to, what `flaims new` asks for it and how `flaims list` shows it. Everything else derives from
these declarations (tests/test_registries.py checks each kind is complete).

To add a kind: declare it here, add `schemas/<name>.schema.json` (and its copy in the top-level
`schemas/`), and, if `flaims new` creates it, a template in `scaffold.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

# A reference site: (path pattern in the document, what it names). `*` is every list item;
# the target is a kind, "tag", "competency", "team", or "evidence" (`retro:<id>`, `failure:<id>`,
# `curriculum:<id>` items; URLs are not references).
Site = tuple[tuple[str, ...], str]


@dataclass(frozen=True)
class Kind:
    name: str                     # "failure": schemas/failure.schema.json, Document.kind
    plural: str                   # "failures": `flaims list failures`, the catalogue's keys
    where: str                    # where its files live, in the words of the format reference
    folder: str | None = None     # the folder scanned for it (None: a fixed file, `files`)
    nested: bool = False          # whether that folder takes sub-folders (by year)
    files: tuple[str, ...] = ()   # fixed file names (the taxonomy, flaims.yaml)
    id_field: str | None = "id"   # the field that names a document (= its file name)
    dated: bool = False           # ids are `YYYY-MM-DD-<slug>` with the prefix equal to `date`
    references: tuple[Site, ...] = ()
    new: tuple[str, ...] | None = None  # what `flaims new` asks, in order; None: not created by new
    people_role: str | None = None      # what `--person` means for `new`, in the format's words
    listed: tuple[str, ...] = ()  # fields `flaims list` shows besides id, path and title
    owned: bool = False           # has `owners` who keep it current (health, team what-if)
    authored: bool = False        # written by people whose leaving puts it at risk (health)
    written_by: tuple[str, ...] = ()  # the fields naming who wrote or keeps it (health, teams)
    # Whether a rule checking a document of another kind reads documents of this one. False
    # only where nothing refers to the kind (tests/test_registries.py checks that): `lint FILE`
    # of another kind then leaves its files unloaded, which for plans means not parsing the
    # private ones, never cached, on every pre-commit run.
    context: bool = True

    def relative_path(self, doc_id: str, year: int) -> str:
        """Where `flaims new` writes a document of this kind."""
        if self.folder is None:
            raise ValueError(f"{self.name} documents are the fixed files {', '.join(self.files)}")
        return f"{self.folder}{f'/{year}' if self.dated else ''}/{doc_id}.yaml"


CONFIG = Kind("config", "config", "flaims.yaml", files=("flaims.yaml",), id_field=None)
LADDER = Kind(
    "ladder", "ladders", "ladders/<ladder>.yaml", folder="ladders",
    references=((("owners", "*"), "person"),),
    new=("title", "people"), people_role="owners", listed=("owners",), owned=True, authored=True,
    written_by=("owners",),
)
TAGS = Kind(
    "tags", "tags", "failures/tags.yaml", files=("failures/tags.yaml", "failures/tags.yml"),
    id_field=None,
    references=((("tags", "*", "parent"), "tag"), (("tags", "*", "competencies", "*"), "competency")),
    authored=True,
)
FAILURE = Kind(
    "failure", "failures", "failures/<year>/<id>.yaml", folder="failures", nested=True, dated=True,
    references=(
        (("authors", "*"), "person"),
        (("tags", "*"), "tag"),
        (("competencies", "*"), "competency"),
        (("actions", "*", "owner"), "person"),
        (("retro",), "retro"),
        (("recurrence_of", "*"), "failure"),
    ),
    new=("title", "severity", "team", "people", "tags"), people_role="authors",
    listed=("date", "severity", "team", "tags"), authored=True, written_by=("authors",),
)
RETRO = Kind(
    "retro", "retros", "retros/<year>/<id>.yaml", folder="retros", nested=True, dated=True,
    references=(
        (("facilitator",), "person"),
        (("participants", "*"), "person"),
        (("experiments", "*", "owner"), "person"),
        (("experiments", "*", "competency"), "competency"),
        (("failures", "*"), "failure"),
        (("previous",), "retro"),
        (("tags", "*"), "tag"),
    ),
    new=("title", "team", "people"), people_role="facilitator",
    listed=("date", "team", "facilitator"), authored=True, written_by=("facilitator",),
)
CURRICULUM = Kind(
    "curriculum", "curriculum", "curriculum/<id>.yaml", folder="curriculum",
    references=(
        (("owners", "*"), "person"),
        (("tags", "*"), "tag"),
        (("competencies", "*"), "competency"),
    ),
    new=("title", "people", "tags"), people_role="owners",
    listed=("created", "owners", "tags"), owned=True, authored=True, written_by=("owners",),
)
PERSON = Kind(
    "person", "people", "people/<id>.yaml", folder="people",
    references=((("ladder",), "ladder"),),
    new=("title",), listed=("team", "status"),
)
PLAN = Kind(
    "plan", "plans", "plans/<person>.yaml", folder="plans", id_field="person",
    references=(
        (("person",), "person"),
        (("ladder",), "ladder"),
        (("growth", "*", "competency"), "competency"),
        (("growth", "*", "confirmed_by"), "person"),
        (("growth", "*", "evidence", "*"), "evidence"),
        (("practice", "*", "competency"), "competency"),
    ),
    new=("people", "ladder"), people_role="person", listed=("ladder", "updated"), context=False,
)

# Declaration order is the order of `flaims schema`, the catalogue and the format reference.
KINDS: tuple[Kind, ...] = (CONFIG, LADDER, TAGS, FAILURE, RETRO, CURRICULUM, PERSON, PLAN)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
# Knowledge documents (everything but the configuration), in the order people meet them.
DOCUMENT_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS if k is not CONFIG)
# `flaims new` offers these, the most frequent first.
NEW_KINDS: tuple[Kind, ...] = (FAILURE, RETRO, PLAN, LADDER, CURRICULUM, PERSON)
FOLDERS: dict[str, Kind] = {k.folder: k for k in KINDS if k.folder}
DATED: tuple[str, ...] = tuple(k.name for k in KINDS if k.dated)
EVIDENCE_KINDS = ("retro", "failure", "curriculum")  # the prefixes of plan evidence items


def kind(name: str) -> Kind:
    return BY_NAME[name]
