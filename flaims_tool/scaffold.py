"""New documents (`flaims new`) and new knowledge repositories (`flaims init`).

Both only ever create files: a path that exists is kept as it is, and files are opened with
exclusive creation, so even a race with another writer cannot overwrite anything.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .contract import SEVERITIES, SLUG
from .diagnostics import did_you_mean
from .errors import ScaffoldError
from .kinds import BY_NAME, NEW_KINDS
from .kinds import KINDS as ALL_KINDS
from .schemas import KINDS as SCHEMA_KINDS
from .schemas import schema_text
from .workspace import CONFIG_FILE, FOLDERS, Index

KINDS = tuple(k.name for k in NEW_KINDS)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
SLUG_MAX = 80
# Days until a retro's first experiment is due: the next retro usually reviews it.
EXPERIMENT_DAYS = 14

# The values each kind needs from the person running `flaims new` (all else is a placeholder),
# and what `people` means for each kind, in the words of the format.
NEEDS: dict[str, tuple[str, ...]] = {k.name: k.new or () for k in NEW_KINDS}
PEOPLE_ROLE = {k.name: k.people_role for k in NEW_KINDS if k.people_role}


@dataclass
class NewValues:
    """What `flaims new` was told (or asked for)."""

    title: str | None = None
    date: dt.date = field(default_factory=dt.date.today)
    team: str | None = None
    severity: str | None = None
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    ladder: str | None = None
    emails: list[str] = field(default_factory=list)


def missing(kind: str, values: NewValues) -> list[str]:
    """The needed values not given yet, in the order they would be asked for."""
    return [name for name in NEEDS[kind] if not getattr(values, name)]


def slugify(text: str) -> str:
    """A slug from a title: `Payment API timeouts (March)` -> `payment-api-timeouts-march`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug.strip("-")


def document_id(kind: str, values: NewValues) -> str:
    if kind == "plan":
        return values.people[0]
    slug = slugify(values.title or "")
    if not slug:
        raise ScaffoldError("the title has no letters or digits to make an id from")
    return f"{values.date.isoformat()}-{slug}" if BY_NAME[kind].dated else slug


def relative_path(kind: str, doc_id: str, date: dt.date) -> str:
    return BY_NAME[kind].relative_path(doc_id, date.year)


def check(kind: str, values: NewValues, index: Index) -> None:
    """Refuse values that would make the new document fail its schema or a reference rule."""
    if values.title is not None and (not values.title.strip() or _unsafe(values.title)):
        raise ScaffoldError("--title must be one line of text")
    if values.team is not None and not SLUG.match(values.team):
        raise ScaffoldError(f"--team {values.team!r} is not an id (lowercase words joined by "
                            f"hyphens, e.g. {slugify(values.team) or 'payments'!r})")
    teams = index.config.teams
    if values.team is not None and teams is not None and values.team not in teams:
        raise ScaffoldError(f"unknown team {values.team!r}{did_you_mean(values.team, teams)} "
                            f"(teams in flaims.yaml: {', '.join(teams) or 'none'})")
    if values.severity is not None and values.severity not in SEVERITIES:
        raise ScaffoldError(f"--severity must be one of {', '.join(SEVERITIES)}")
    if kind != "person":
        known = index.of("person")
        for person in values.people:
            if person not in known:
                raise ScaffoldError(
                    f"unknown person {person!r}{did_you_mean(person, known)} (people are the "
                    "file names in people/; add one with 'flaims new person')")
    taxonomy = index.taxonomy
    for i, tag in enumerate(values.tags):
        canonical = taxonomy.canonical(tag)
        if canonical is None:
            raise ScaffoldError(
                f"unknown tag {tag!r}{did_you_mean(tag, [*taxonomy.tags, *taxonomy.aliases])} "
                "(tags are listed in failures/tags.yaml)")
        values.tags[i] = canonical
    if values.ladder is not None:
        ladder = index.get("ladder", values.ladder)
        if ladder is None or not ladder.valid:
            state = "is not valid (run flaims lint)" if ladder else "does not exist"
            raise ScaffoldError(f"ladder {values.ladder!r} {state}"
                                f"{did_you_mean(values.ladder, index.of('ladder'))}")
    for email in values.emails:
        if not EMAIL.match(email):
            raise ScaffoldError(f"--email {email!r} is not an email address")


def _unsafe(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text)


def only_ladder(index: Index) -> str | None:
    """The repository's ladder when it has exactly one valid ladder (a plan's obvious default)."""
    ladders = [d.id for d in index.valid("ladder") if d.id]
    return ladders[0] if len(ladders) == 1 else None


def existing(root: Path, kind: str, doc_id: str, rel: str, index: Index) -> str | None:
    """The file that already holds this id (under any name the index or the disk knows)."""
    doc = index.get(kind, doc_id)
    if doc is not None:
        return doc.path
    for suffix in (".yaml", ".yml"):
        candidate = rel[: -len(".yaml")] + suffix
        if os.path.lexists(root / candidate):
            return candidate
    return None


def write_new(root: Path, kind: str, values: NewValues, index: Index) -> str:
    """Write a new document from `values`; return its repository-relative path."""
    lacking = missing(kind, values)
    if lacking:
        raise ScaffoldError(f"missing {', '.join(lacking)}")
    check(kind, values, index)
    doc_id = document_id(kind, values)
    rel = relative_path(kind, doc_id, values.date)
    taken = existing(root, kind, doc_id, rel, index)
    if taken:
        raise ScaffoldError(f"{taken} already exists with id {doc_id!r}; flaims never overwrites "
                            "a file (choose another --title or --date, or edit that file)")
    text = render(kind, values, doc_id, rel, index)
    try:
        create_file(root, rel, text.encode("utf-8"))
    except OSError as e:
        raise ScaffoldError(f"{rel}: cannot write ({e.strerror or e})") from e
    return rel


def write_outside(folder: Path, values: NewValues, index: Index) -> Path:
    """Write a new plan into `folder`, outside the repository (the person's own repository),
    checked against this repository's people and ladders; return its path."""
    lacking = missing("plan", values)
    if lacking:
        raise ScaffoldError(f"missing {', '.join(lacking)}")
    check("plan", values, index)
    doc_id = document_id("plan", values)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder}: not a folder")
    path = folder / f"{doc_id}.yaml"
    for suffix in (".yaml", ".yml"):
        if os.path.lexists(folder / f"{doc_id}{suffix}"):
            raise ScaffoldError(f"{folder / (doc_id + suffix)} already exists; flaims never "
                                "overwrites a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        create_file(folder, path.name, _plan(values, doc_id, index).encode("utf-8"))
    except FileExistsError as e:
        raise ScaffoldError(f"{path} already exists; flaims never overwrites a file") from e
    except OSError as e:
        raise ScaffoldError(f"{path}: cannot write ({e.strerror})") from e
    return path


class LinkedPath(OSError):
    """A folder on the way to a new file is a symbolic link: flaims does not write through it."""


def create_file(root: Path, rel: str, data: bytes) -> None:
    """Create `root/rel` and the folders to it, never through a symbolic link (a linked folder
    would put the file outside the repository), never replacing anything (exclusive creation).
    Raises FileExistsError, LinkedPath or another OSError."""
    folder = root
    parts = Path(rel).parts
    for part in parts[:-1]:
        folder = folder / part
        try:
            os.mkdir(folder)
        except FileExistsError:
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise LinkedPath(errno.ELOOP, f"{folder.relative_to(root).as_posix()}/ is a "
                                 "symbolic link (or not a folder); flaims does not write through "
                                 "links", str(folder)) from None
    fd = os.open(folder / parts[-1],
                 os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


# Rendering ------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .,'()/&+-]*$")


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when that reads back as the same text, else quoted."""
    if _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in (
            "true", "false", "null", "yes", "no", "on", "off", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def schema_line(rel: str, kind: str) -> str:
    depth = rel.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


def render(kind: str, values: NewValues, doc_id: str, rel: str, index: Index) -> str:
    body = {
        "failure": _failure, "retro": _retro, "plan": _plan, "ladder": _ladder,
        "curriculum": _curriculum, "person": _person,
    }[kind](values, doc_id, index)
    return schema_line(rel, kind) + body


def _failure(v: NewValues, doc_id: str, index: Index) -> str:
    return f"""\
# A blameless failure report: describe systems and decisions, not culprits.
# Replace every TODO, then run `flaims lint`.

id: {doc_id}  # YYYY-MM-DD-<slug>; equals the file name
title: {scalar(v.title or "")}  # short and neutral
date: {v.date.isoformat()}  # the day it happened (or began)
severity: {v.severity}  # low | medium | high | critical
team: {v.team}  # the team whose system failed
authors: {flow(v.people)}  # who wrote this report, by person id
# What happened, in a sentence or two, in terms of systems and decisions.
summary: TODO what happened
# The conditions in the system that made it possible or worse: mechanisms, not people.
contributing_factors:
  - TODO a contributing factor
tags: {flow(v.tags)}  # the failure patterns, from failures/tags.yaml
# What the organisation learned.
lessons:
  - TODO a lesson
# Optional: impact, timeline, competencies, actions (what, owner, due, status; once reviewed,
# outcome: worked | partly | did-not-work | not-tried, and what was learned), retro, and
# recurrence_of (earlier reports of the same failure).
"""


def _retro(v: NewValues, doc_id: str, index: Index) -> str:
    facilitator = v.people[0]
    due = (v.date + dt.timedelta(days=EXPERIMENT_DAYS)).isoformat()
    return f"""\
# A retrospective, following Kolb's cycle: experience, observations, insights, experiments.
# Replace every TODO, then run `flaims lint`.

id: {doc_id}  # YYYY-MM-DD-<slug>; equals the file name
title: {scalar(v.title or "")}
date: {v.date.isoformat()}  # the day of the retro
team: {v.team}
facilitator: {facilitator}  # who ran it, by person id
participants: {flow(v.people)}  # who took part, by person id
# What happened in the period the retro looks back on.
experience: TODO what the team went through
# What we noticed.
observations:
  - TODO an observation
# What we make of it.
insights:
  - TODO an insight
# What we will try; the next retro reviews it.
experiments:
  - what: TODO one thing the team will try
    owner: {facilitator}  # who sees it through
    due: {due}
    status: open  # open | done | dropped
    # When the next retro reviews it: outcome (worked | partly | did-not-work | not-tried)
    # and learned (what the review found, in a sentence or two).
{_previous(v, index)}# Optional: failures (report ids discussed), tags.
"""


def _previous(v: NewValues, index: Index) -> str:
    """`previous` set to the team's latest earlier retro, with its experiments listed to review
    (Kolb: the loop closes when this retro says how each went). Their text appears only in
    comments, shortened and on one line."""
    earlier = [r for r in index.valid("retro") if r.data["team"] == v.team
               and r.date is not None and r.date < v.date]
    if not earlier:
        return "# Optional: previous (the retro whose experiments this one reviews).\n"
    last = max(earlier, key=lambda r: (r.date or v.date, r.id or ""))
    lines = [f"previous: {last.id}  # the retro whose experiments this one reviews",
             f"# Experiments from last time: record how each went in {last.path}",
             "# (outcome: worked | partly | did-not-work | not-tried, and learned):"]
    for e in last.data["experiments"]:
        state = "reviewed" if "outcome" in e else f"{e['status']}, due {e['due']}"
        lines.append(f"#   - {_comment_text(e['what'])} ({e['owner']}; {state})")
    return "\n".join(lines) + "\n"


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _comment_text(value: object, limit: int = 70) -> str:
    """User text made safe for one comment line: no line breaks or controls, and short."""
    text = " ".join(_UNPRINTABLE.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plan(v: NewValues, doc_id: str, index: Index) -> str:
    ladder = index.get("ladder", v.ladder or "")
    assert ladder is not None and ladder.valid  # check() made sure
    competency = ladder.data["competencies"][0]["id"]
    levels = [level["id"] for level in ladder.data["levels"]]
    return f"""\
# A personal development plan: freely chosen, owned by you, private unless you publish it.
# Private means left out of the handbook, not hidden: a plan file in the organisation's
# repository is readable by anyone with access to that repository, whatever its
# `visibility`. To keep a plan to yourself, keep it in your own repository
# (`flaims new plan --outside DIR`) and read it with `flaims plan --file PATH`.
# Replace every TODO, then run `flaims lint` (or `flaims plan --file PATH` outside).

person: {doc_id}  # whose plan; equals the file name
visibility: private  # private (never published) | public
updated: {v.date.isoformat()}  # when you last revisited it
# What you want to create in your work.
vision: TODO your vision
# Where you are now, seen honestly.
current_reality: TODO where you are now
# Where passion, strength and the value you create meet.
perma_lead:
  passion:
    - TODO what energises you
  strengths:
    - TODO what you do well
  value:
    - TODO what others gain from your work
  intersection: TODO where the three meet
ladder: {ladder.id}  # the competence ladder you grow along
# Each row is a gap between current reality and vision, on the ladder. Change the competency
# and levels to yours: levels are {", ".join(levels)} (lowest first).
growth:
  - competency: {ladder.id}/{competency}
    current: {levels[0]}
    target: {levels[1]}  # above current
    # confirmed_by: a-peer  # someone else who has seen `current` in your real work
    # Above the first level, `evidence` lists retro:<id>, failure:<id>, curriculum:<id> or URLs.
# Optional: practice, a log of deliberate practice (date, competency, activity, feedback, minutes).
"""


def _ladder(v: NewValues, doc_id: str, index: Index) -> str:
    first, second = f"{doc_id[0]}1", f"{doc_id[0]}2"
    return f"""\
# A competence ladder: levels, lowest first, and for each competency one named threshold per
# level with signals others can observe. Replace every TODO, then run `flaims lint`.

id: {doc_id}  # equals the file name
title: {scalar(v.title or "")}
summary: TODO whom the ladder is for and how they grow
owners: {flow(v.people)}  # who keeps it current, by person id
# Ordered, lowest first; at least two. Rename the ids if you like: thresholds use them.
levels:
  - id: {first}
    title: TODO the level's name
    summary: TODO what someone at this level does
  - id: {second}
    title: TODO the level's name
    summary: TODO what someone at this level does
competencies:
  - id: first-competency  # rename: referenced elsewhere as {doc_id}/<id>
    title: TODO the competency's name
    summary: TODO what the competency is about
    # One named threshold for every level, and no others.
    thresholds:
      {first}:
        name: TODO a short name for this threshold at {first}
        signals:
          - TODO behaviour a peer could observe
      {second}:
        name: TODO a short name for this threshold at {second}
        signals:
          - TODO behaviour a peer could observe
"""


def _curriculum(v: NewValues, doc_id: str, index: Index) -> str:
    return f"""\
# A curriculum module: what a recurring failure pattern turns into.
# Replace every TODO, then run `flaims lint`.

id: {doc_id}  # equals the file name
title: {scalar(v.title or "")}
owners: {flow(v.people)}  # who keeps it current, by person id
created: {v.date.isoformat()}  # when it was introduced
tags: {flow(v.tags)}  # the failure patterns it answers, from failures/tags.yaml
# What a learner will be able to do afterwards.
objectives:
  - TODO an objective
# Deliberate practice: specific, at the edge of ability, with fast feedback.
exercises:
  - title: TODO the exercise's name
    practice: TODO what exactly to do
    feedback: TODO where the feedback comes from
# Optional: competencies (<ladder>/<competency>), resources (title, url).
"""


def _person(v: NewValues, doc_id: str, index: Index) -> str:
    lines = [
        "# A person: documents refer to people by this id; alumni stay listed.",
        "",
        f"id: {doc_id}  # equals the file name",
        f"name: {scalar(v.title or '')}  # as they want it shown",
    ]
    if v.emails:
        lines.append(f"emails: {flow(v.emails)}  # maps their git commits to them; never published")
    else:
        lines.append("# emails: [name@example.com]  # maps their git commits to them; never published")
    if v.team:
        lines.append(f"team: {v.team}")
    lines.append("status: active  # active | alumni")
    return "\n".join(lines) + "\n"


# flaims init ----------------------------------------------------------------------------------

@dataclass
class InitResult:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _template_files() -> Iterator[tuple[str, bytes]]:
    """Every file under flaims_tool/templates/init/, with its path relative to that folder."""
    top = resources.files("flaims_tool") / "templates" / "init"

    def walk(node: Any, prefix: str) -> Iterator[tuple[str, bytes]]:  # node: a Traversable
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                yield from walk(child, rel + "/")
            else:
                yield rel, child.read_bytes()

    yield from walk(top, "")


# Editors -------------------------------------------------------------------------------------

# The YAML extension for VS Code (Red Hat's yaml-language-server): completion, hover and checks
# from the schemas in every knowledge file, whoever wrote it and whether or not it carries a
# `# yaml-language-server: $schema=` line.
YAML_EXTENSION = "redhat.vscode-yaml"


def schema_globs() -> dict[str, list[str]]:
    """Each kind's files as editor globs, from the kinds' declared layout."""
    suffixes = ("yaml", "yml")
    globs: dict[str, list[str]] = {}
    for kind in ALL_KINDS:
        if kind.folder:
            pattern = f"{kind.folder}/**/*" if kind.nested else f"{kind.folder}/*"
        else:
            pattern = kind.files[0].rsplit(".", 1)[0]
        globs[kind.name] = [f"{pattern}.{s}" for s in suffixes]
    # failures/ holds the taxonomy too: `!` leaves it to the tags schema.
    globs["failure"] += [f"!{g}" for g in globs["tags"]]
    return {kind: globs[kind] for kind in SCHEMA_KINDS}


def editor_files() -> list[tuple[str, bytes]]:
    """`.vscode/settings.json` (each schema for its folder's files) and `.vscode/extensions.json`."""
    settings = {"yaml.schemas": {f"./schemas/{kind}.schema.json": globs
                                 for kind, globs in schema_globs().items()}}
    extensions = {"recommendations": [YAML_EXTENSION]}
    return [(".vscode/settings.json", (json.dumps(settings, indent=2) + "\n").encode()),
            (".vscode/extensions.json", (json.dumps(extensions, indent=2) + "\n").encode())]


# The workflow template names the flaims action by this placeholder; init writes the commit
# flaims was installed from, so the workflow runs the same flaims and is pinned by SHA.
ACTION_PIN = b"flaims/flaims@FLAIMS_ACTION_PIN"


def action_pin() -> str:
    """`flaims/flaims@<commit> # v<version>`: the commit this flaims was installed from (pip's
    record of a git install, else the git checkout an editable install runs from), or the
    version's tag when neither is known."""
    import importlib.metadata

    from . import __version__

    commit = None
    try:
        record = importlib.metadata.distribution("flaims").read_text("direct_url.json")
        commit = (json.loads(record) if record else {}).get("vcs_info", {}).get("commit_id")
    except (importlib.metadata.PackageNotFoundError, ValueError, OSError):
        commit = None
    source = Path(__file__).resolve().parent.parent  # a source checkout, for editable installs
    if commit is None and 'name = "flaims"' in _read(source / "pyproject.toml"):
        from .history import head_commit

        commit = head_commit(source)
    if commit and re.fullmatch(r"[0-9a-f]{40}", commit):
        return f"flaims/flaims@{commit} # v{__version__}"
    return f"flaims/flaims@v{__version__} # pin to this tag's commit SHA"


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError:
        return ""


# Without --team, the registry is written commented out: a registry that named a team the
# repository's documents do not use would make an existing repository fail lint at once.
DEFAULT_TEAMS: tuple[str, ...] = ()


def teams_block(teams: tuple[str, ...]) -> str:
    """flaims.yaml's team registry: once it exists, every `team` must be one of its ids."""
    if not teams:
        return ("# teams:  # once listed, every `team` in the repository is one of these ids\n"
                "#   - id: payments\n"
                "#     title: Payments\n")
    lines = ["teams:  # every `team` in the repository is one of these ids (rule unknown-team)\n"]
    for team in teams:
        lines.append(f"  - id: {team}\n    title: {scalar(team.replace('-', ' ').capitalize())}\n")
    return "".join(lines)


def init_files(organisation: str, teams: tuple[str, ...] = DEFAULT_TEAMS) -> list[tuple[str, bytes]]:
    """Every file `flaims init` writes, in order."""
    org = scalar(organisation)
    files: list[tuple[str, bytes]] = [
        (CONFIG_FILE, (
            "# The knowledge repository's configuration; see schemas/config.schema.json.\n"
            f"organisation: {org}  # shown in the handbook\n"
            "# handbook:\n"
            "#   title: Our Learning Handbook\n"
            "#   url: https://handbook.example.com/\n"
            "# overflow:            # the Failure Overflow rule (these are the defaults)\n"
            "#   threshold: 3       # reports carrying a tag ...\n"
            "#   window_days: 90    # ... within this many days make it recurring\n"
            + teams_block(teams)
        ).encode()),
        ("mkdocs.yml", (
            "# Read by `flaims build`, which generates the handbook's pages and the rest of the\n"
            "# MkDocs configuration at build time; keep local additions small.\n"
            f"site_name: {scalar(organisation + ' Learning Handbook')}\n"
            "theme:\n"
            "  name: material\n"
        ).encode()),
    ]
    pin = action_pin().encode()
    files.extend((rel, _pinned(data, pin)) for rel, data in _template_files())
    files.extend(editor_files())
    files.extend((f"schemas/{kind}.schema.json", schema_text(kind).encode("utf-8"))
                 for kind in SCHEMA_KINDS)
    return files


def _pinned(data: bytes, pin: bytes) -> bytes:
    """Each `flaims/flaims@FLAIMS_ACTION_PIN` line, with the comment after it, made `pin`."""
    return re.sub(re.escape(ACTION_PIN) + rb"[^\n]*", lambda _: pin, data)


def init_repository(target: Path, organisation: str, teams: tuple[str, ...] = DEFAULT_TEAMS,
                    ) -> InitResult:
    """Turn a folder (empty, an existing git repository, or a plain folder) into a knowledge
    repository. Existing files are kept untouched and listed."""
    if not organisation.strip() or _unsafe(organisation):
        raise ScaffoldError("the organisation's name must be one line of text")
    for team in teams:
        if not SLUG.match(team):
            raise ScaffoldError(f"--team {team!r} is not an id (lowercase words joined by "
                                f"hyphens, e.g. {slugify(team) or 'payments'!r})")
    teams = tuple(dict.fromkeys(teams))
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target}: not a folder")
    target.mkdir(parents=True, exist_ok=True)
    result = InitResult()
    for rel, data in init_files(organisation, teams):
        path = target / rel
        if os.path.lexists(path):
            result.kept.append(rel)
            continue
        try:
            create_file(target, rel, data)
        except FileExistsError:
            result.kept.append(rel)
            continue
        except OSError as e:
            raise ScaffoldError(f"{path}: cannot write ({e.strerror})") from e
        result.created.append(rel)
    # workspace.discover skips dotfiles, so a .gitkeep keeps an empty folder in git unnoticed.
    for folder in FOLDERS:
        path = target / folder
        if path.is_dir() and any(not p.name.startswith(".") for p in path.iterdir()):
            continue
        keep = path / ".gitkeep"
        if os.path.lexists(keep):
            continue
        try:
            create_file(target, f"{folder}/.gitkeep", b"")
        except OSError as e:
            raise ScaffoldError(f"{keep}: cannot write ({e.strerror or e})") from e
        result.created.append(f"{folder}/.gitkeep")
    return result
