"""Finds a repository's knowledge files and loads them into one index by kind and id."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kinds, modeline, schemas, yamlio
from .diagnostics import ERROR, WARNING, Diagnostic
from .errors import ConfigError
from .heap import no_gc
from .model import Document, Taxonomy

CONFIG_FILE = kinds.CONFIG.files[0]
YAML_SUFFIXES = (".yaml", ".yml")
FOLDERS = kinds.FOLDERS  # folder -> the kind its files are
TAGS_FILES = kinds.TAGS.files


@dataclass(frozen=True)
class Config:
    organisation: str
    handbook_title: str
    handbook_url: str | None = None
    threshold: int = 3
    window_days: int = 90
    as_of: dt.date | None = None
    # flaims.yaml's own warnings (`unquoted-text`): lint reports them with the documents'.
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)
    # The team registry (`teams`), id -> title, in the file's order; None when absent, which
    # is not the same as an empty registry.
    teams: dict[str, str] | None = None
    team_descriptions: dict[str, str] = field(default_factory=dict)
    # Severity -> days within which a failure report's actions are due (v1.1, optional).
    action_due_days: dict[str, int] = field(default_factory=dict)
    handbook_engine: str | None = None  # `handbook.engine`: what builds the site

    def date(self, override: dt.date | None = None) -> dt.date:
        """The as-of date: `--as-of`, else the config's `as_of`, else today."""
        return override or self.as_of or dt.date.today()


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding flaims.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(
        f"{start}: not a flaims repository (no {CONFIG_FILE} here or above); "
        "run 'flaims init' to create one, or pass --repo PATH"
    )


def load_config(root: Path) -> Config:
    return config_of(*read_config(root))


def read_config(root: Path, raw: bytes | None = None) -> tuple[dict[str, Any], list[Diagnostic]]:
    """flaims.yaml's data and warnings (from `raw`, its bytes, when given); a ConfigError for
    every error in it."""
    path = root / CONFIG_FILE
    if raw is None and not path.exists():
        raise ConfigError(f"{path}: no {CONFIG_FILE}; run 'flaims init' to create one")
    loaded = yamlio.read(path, CONFIG_FILE) if raw is None else yamlio.load(raw, CONFIG_FILE)
    found = [d for d in loaded.diagnostics if d.severity == ERROR] if loaded.data is None \
        else schemas.validate("config", loaded)
    problems = [d for d in found if d.severity == ERROR]
    if len(problems) == 1:
        raise ConfigError(str(problems[0]))
    if problems:  # every one of them: fixing one at a time and rerunning wastes a newcomer's time
        raise ConfigError(f"{CONFIG_FILE} has {len(problems)} problems:\n"
                          + "\n".join(f"  {d}" for d in problems))
    data: dict[str, Any] = loaded.data or {}
    seen: set[str] = set()
    for i, team in enumerate(data.get("teams") or []):
        if team["id"] in seen:
            line, col = loaded.position(("teams", i, "id"))
            raise ConfigError(f"{CONFIG_FILE}:{line}:{col}: error duplicate-id team id "
                              f"'{team['id']}' is listed twice in teams")
        seen.add(team["id"])
    return data, found


def config_of(data: dict[str, Any], warnings: list[Diagnostic]) -> Config:
    """The Config of flaims.yaml's data, as read_config gave it (schema-valid)."""
    handbook = data.get("handbook") or {}
    overflow = data.get("overflow") or {}
    as_of = data.get("as_of")
    return Config(
        organisation=data["organisation"],
        handbook_title=handbook.get("title") or f"{data['organisation']} Learning Handbook",
        handbook_url=handbook.get("url"),
        threshold=overflow.get("threshold", 3),
        window_days=overflow.get("window_days", 90),
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        warnings=tuple(warnings),
        teams=({str(t["id"]): str(t["title"]) for t in data["teams"]}
               if isinstance(data.get("teams"), list) else None),
        team_descriptions={str(t["id"]): str(t["description"]) for t in data.get("teams") or []
                           if t.get("description")},
        action_due_days=dict(data.get("action_due_days") or {}),
        handbook_engine=handbook.get("engine"),
    )


@dataclass
class Index:
    """Every knowledge document of a repository, by kind and id, with load and schema problems."""

    root: Path
    config: Config
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    by_kind: dict[str, dict[str, Document]] = field(default_factory=dict)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    # Results derived from the documents, computed once per index (the index does not change
    # once built): e.g. overflow's rolled-up reports, asked for by every tag page.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> dict[str, Document]:
        """Documents of a kind by id (the first one, where an id is used twice)."""
        return self.by_kind.get(kind, {})

    def valid(self, kind: str, needs: Iterable[str] | None = None) -> Iterator[Document]:
        """Documents of a kind that passed their schema: rules may trust their shape. With
        `needs`, also the invalid ones whose broken fields are none of those (a rule that reads
        only `id` and `date` still runs on a report whose `severity` is misspelt)."""
        if needs is None:
            return (d for d in self.documents if d.kind == kind and d.valid)
        fields = tuple(needs)
        return (d for d in self.documents if d.kind == kind and (d.valid or d.sound(*fields)))

    def get(self, kind: str, doc_id: str) -> Document | None:
        return self.by_kind.get(kind, {}).get(doc_id)

    def paths(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        """id -> repository-relative path, for the ids of `kind` the index holds."""
        found = {i: self.get(kind, i) for i in ids}
        return {i: doc.path for i, doc in found.items() if doc is not None}

    def people_emails(self) -> dict[str, list[str]]:
        """person id -> emails, from the valid people files (to map git authors to people)."""
        return {str(d.id): [e for e in d.data.get("emails") or [] if isinstance(e, str)]
                for d in self.valid("person")}

    def person_name(self, person_id: str) -> str:
        doc = self.get("person", person_id)
        return str(doc.data.get("name", person_id)) if doc and doc.valid else person_id


def classify(rel: str) -> tuple[str | None, Diagnostic | None]:
    """The kind of a repository-relative path, or the problem with where it is."""
    parts = rel.split("/")
    if rel in TAGS_FILES:
        return "tags", None
    kind = FOLDERS[parts[0]]
    if not rel.endswith(YAML_SUFFIXES):
        return None, Diagnostic(
            rel, 1, 1, "stray-file", f"'{parts[-1]}' is not a YAML file; flaims does not read it",
            severity=WARNING, hint=f"move it out of {parts[0]}/, or give it a .yaml extension",
        )
    if len(parts) > 2 and not kind.nested:
        return None, Diagnostic(
            rel, 1, 1, "misplaced-file", f"{parts[0]}/ takes no sub-folders; this file is not read",
            severity=ERROR, hint=f"move it to {parts[0]}/{parts[-1]}",
        )
    return kind.name, None


def discover(root: Path, folders: Iterable[str] = FOLDERS) -> Iterator[tuple[str, str]]:
    """Repository-relative posix paths and full paths of files in the knowledge folders (as
    strings: a Path each cost 0.07 s of every lint at 10,000 files)."""
    for folder in folders:
        top = root / folder
        if not top.is_dir() or top.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            # String joins, not pathlib: this runs once per file of a large repository.
            rel_dir = folder + dirpath[len(str(top)):].replace(os.sep, "/")
            for name in sorted(filenames):
                if not name.startswith("."):
                    yield f"{rel_dir}/{name}", os.path.join(dirpath, name)
            for d in list(dirnames):
                if os.path.islink(os.path.join(dirpath, d)):
                    dirnames.remove(d)
                    yield f"{rel_dir}/{d}", os.path.join(dirpath, d)


Job = tuple[str, str, str]  # kind, repository-relative path, full path


def find_jobs(root: Path, kinds: Iterable[str] | None = None) -> tuple[list[Job], list[Diagnostic]]:
    """The knowledge files to load (of `kinds`, else all), and the problems with files that are
    not loaded (stray, misplaced)."""
    wanted = set(kinds) if kinds is not None else None
    folders = [f for f, kind in FOLDERS.items()
               if wanted is None or kind.name in wanted or (f == "failures" and "tags" in wanted)]
    jobs: list[Job] = []
    problems: list[Diagnostic] = []
    for rel, path in discover(root, folders):
        kind, problem = classify(rel)
        if problem:
            problems.append(problem)
        if kind and (wanted is None or kind in wanted):
            jobs.append((kind, rel, path))
    return jobs, problems


def check(kind: str, loaded: yamlio.Loaded) -> tuple[list[Diagnostic], bool]:
    """A loaded file's problems (loading, then its schema), and whether it passed its schema."""
    if loaded.data is None:
        return list(loaded.diagnostics), False
    schema_problems = schemas.validate(kind, loaded)
    valid = not any(d.severity == ERROR for d in schema_problems)
    line = modeline.check(loaded.path, kind, loaded.modeline)
    return [*loaded.diagnostics, *schema_problems, *([line] if line else [])], valid


def load_document(kind: str, rel: str, path: Path) -> tuple[Document, list[Diagnostic]]:
    """One file read and checked on its own, never through the cache (a plan kept outside the
    repository, `flaims plan --file`)."""
    loaded = yamlio.read(path, rel)
    problems, valid = check(kind, loaded)
    return Document(kind=kind, path=rel, loaded=loaded, valid=valid), problems


def build_index(root: Path, config: Config | None = None,
                loader: Iterable[tuple[Document, list[Diagnostic]]] | None = None,
                use_cache: bool = True, kinds: Iterable[str] | None = None,
                found: tuple[list[Job], list[Diagnostic], Any] | None = None,
                early: Any = None) -> Index:
    """Load every knowledge file under `root` into an Index (unchanged files from the cache in
    .flaims/cache unless `use_cache` is false; see cache.py). `kinds` loads only those kinds,
    for commands that read a part of the repository (overflow needs no retros or plans).
    `found`: the jobs, their problems and a cache snapshot the caller already made (the lint
    result cache reads every file for its key), so no file is read twice; `early`, a
    cache.Prefetch already parsing some of them."""
    config = config or load_config(root)
    index = Index(root=root, config=config)
    index.diagnostics.extend(config.warnings)
    if loader is None:
        jobs, problems, snap = found if found is not None else (*find_jobs(root, kinds), None)
        index.diagnostics.extend(problems)
        from .cache import load_documents

        loader = load_documents(root, jobs, use_cache, partial=kinds is not None, snap=snap,
                                early=early)
    with no_gc():  # thousands of documents, and their diagnostics
        for doc, problems in loader:
            index.files += 1
            index.diagnostics.extend(problems)
            index.documents.append(doc)
    for doc in index.documents:
        # A file that did not load, or whose id differs from its name, is also known by its
        # file name: references to it then resolve, and only the real problem is reported.
        for key in {doc.id, doc.stem if not doc.loaded.has_data or doc.id != doc.stem else None}:
            if key is not None and doc.kind != "tags":
                index.by_kind.setdefault(doc.kind, {}).setdefault(key, doc)
    tags_doc = next((d for d in index.documents if d.kind == "tags" and d.data), None)
    index.taxonomy = Taxonomy.from_document(tags_doc)
    return index
