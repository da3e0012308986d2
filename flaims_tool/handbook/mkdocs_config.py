"""The MkDocs side: read the repository's own `mkdocs.yml` (when there is one), copy its
hand-written pages, and write the generated folder's `mkdocs.yml`.

Only settings that cannot fetch anything or run code are taken from the repository's file: the
site name and description, the theme's palette, features, icons, language and logo, the extra
pages of its `nav`, local `extra_css`, and `extra.social`. Plugins, hooks, Markdown extensions,
`repo_url` (Material would call the GitHub API) and analytics are flaims' own choice, so the
site needs no internet: `theme.font: false` and Material's built-in `search` plugin, nothing
else (Material's `offline` plugin loads a script from unpkg.com, so it is not used).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .. import yamlio
from ..diagnostics import quote, shown
from ..workspace import FOLDERS, ConfigError
from .escape import external_url, plain, text

MKDOCS_FILE = "mkdocs.yml"
HANDWRITTEN = "handbook"  # where hand-written pages live, unless mkdocs.yml sets docs_dir
_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_THEME_KEYS = ("palette", "features", "icon", "language", "direction", "logo", "favicon")
_PAGE_SUFFIXES = (".md",)
_ASSET_SUFFIXES = (".md", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css", ".pdf")

DEFAULT_THEME: dict[str, Any] = {
    "language": "en",
    "features": ["navigation.sections", "navigation.top", "search.highlight", "search.suggest",
                 "toc.follow"],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
         "accent": "deep orange",
         "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
         "accent": "deep orange",
         "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"}},
    ],
    "icon": {"logo": "material/school-outline"},
}


# What a theme value may be: Material writes these into HTML attributes without escaping them,
# so a value outside these shapes is refused rather than escaped.
_COLOURS = ("red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan",
            "teal", "green", "light green", "lime", "yellow", "amber", "orange", "deep orange")
PRIMARY_COLOURS = (*_COLOURS, "brown", "grey", "blue grey", "black", "white", "custom")
ACCENT_COLOURS = (*_COLOURS, "custom")
_SCHEME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")  # default, slate, or a custom scheme's name
_MEDIA = re.compile(r"^\(prefers-color-scheme(: (light|dark))?\)$")
_ICON = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)+$")
_FEATURE = re.compile(r"^[a-z]+(\.[a-z]+)*$")
_ICON_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")
_TOGGLE_NAME = re.compile(r"^[\w .,:;!?()/-]{1,80}$")
DIRECTIONS = ("ltr", "rtl")


class SiteError(ConfigError):
    """A value in the repository's mkdocs.yml that flaims refuses, at `mkdocs.yml:line:col`."""


@dataclass
class RepoSite:
    """What flaims takes from the repository's own mkdocs.yml and hand-written pages."""

    site_name: str | None = None
    site_description: str | None = None
    theme: dict[str, Any] = field(default_factory=dict)
    nav: list[Any] | None = None
    extra_css: list[str] = field(default_factory=list)
    social: list[Any] = field(default_factory=list)
    pages_dir: str = HANDWRITTEN
    warnings: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)  # paths under the pages dir, with /


class _Reader:
    """Checks values of a loaded mkdocs.yml; every refusal names its line and column."""

    def __init__(self, loaded: yamlio.Loaded):
        self.loaded = loaded

    def refuse(self, path: yamlio.PathKey, what: str, hint: str) -> SiteError:
        line, col = self.loaded.position(path)
        return SiteError(f"{MKDOCS_FILE}:{line}:{col}: {what}; {hint}")

    def one_of(self, value: Any, path: yamlio.PathKey, name: str, allowed: tuple[str, ...]) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise self.refuse(path, f"{name} {quote(value)} is not one flaims accepts",
                          f"use one of: {', '.join(allowed)}")

    def shaped(self, value: Any, path: yamlio.PathKey, name: str, shape: re.Pattern[str],
               example: str) -> str:
        if isinstance(value, str) and shape.match(value):
            return value
        raise self.refuse(path, f"{name} {quote(value)} is not of the form flaims accepts",
                          f"write it like {example}")

    def icon(self, value: Any, path: yamlio.PathKey) -> str:
        name = self.shaped(value, path, "icon", _ICON, "material/school-outline")
        if not _icon_exists(name):
            raise self.refuse(path, f"icon {quote(name)} is not one of Material's icons",
                              "see https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/")
        return name

    def palette(self, value: Any, path: yamlio.PathKey) -> Any:
        entries = value if isinstance(value, list) else [value]
        out = []
        for i, entry in enumerate(entries):
            at = (*path, i) if isinstance(value, list) else path
            if not isinstance(entry, dict):
                raise self.refuse(at, "a palette entry must be a mapping",
                                  "give primary, accent, scheme, media and toggle")
            kept: dict[str, Any] = {}
            for key, item in entry.items():
                where = (*at, key)
                if key == "primary":
                    kept[key] = self.one_of(item, where, "palette primary", PRIMARY_COLOURS)
                elif key == "accent":
                    kept[key] = self.one_of(item, where, "palette accent", ACCENT_COLOURS)
                elif key == "scheme":
                    kept[key] = self.shaped(item, where, "palette scheme", _SCHEME, "slate")
                elif key == "media":
                    kept[key] = self.shaped(item, where, "palette media", _MEDIA,
                                            "'(prefers-color-scheme: dark)'")
                elif key == "toggle" and isinstance(item, dict):
                    kept[key] = {
                        "icon": self.icon(item.get("icon"), (*where, "icon")),
                        "name": self.shaped(item.get("name"), (*where, "name"), "toggle name",
                                            _TOGGLE_NAME, "'Switch to dark mode'"),
                    }
                else:
                    raise self.refuse(where, f"palette key {quote(key)} is not one flaims "
                                      "accepts", "use primary, accent, scheme, media, toggle")
            out.append(kept)
        return out if isinstance(value, list) else out[0]

    def icons(self, value: Any, path: yamlio.PathKey, depth: int = 0) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.refuse(path, "theme.icon must be a mapping", "e.g. logo: material/school")
        out: dict[str, Any] = {}
        for key, item in value.items():
            where = (*path, key)
            self.shaped(key, where, "icon key", _ICON_KEY, "logo")
            if isinstance(item, dict) and depth == 0:  # admonition: {note: ...}
                out[key] = self.icons(item, where, 1)
            else:
                out[key] = self.icon(item, where)
        return out

    def theme(self, theme: dict[str, Any]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        at = ("theme",)
        for key in _THEME_KEYS:
            value = theme.get(key)
            if value is None:
                continue
            where = (*at, key)
            if key == "palette":
                kept[key] = self.palette(value, where)
            elif key == "direction":
                kept[key] = self.one_of(value, where, "theme.direction", DIRECTIONS)
            elif key == "language":
                kept[key] = self.one_of(value, where, "theme.language", languages())
            elif key == "features":
                if not isinstance(value, list):
                    raise self.refuse(where, "theme.features must be a list",
                                      "e.g. [navigation.top]")
                kept[key] = [self.shaped(f, (*where, i), "feature", _FEATURE, "navigation.top")
                             for i, f in enumerate(value)]
            elif key == "icon":
                kept[key] = self.icons(value, where)
            else:  # logo, favicon: a hand-written file, checked once the files are copied
                kept[key] = value
        return kept


def _material_templates() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("material")  # the theme flaims builds with
    return Path(spec.origin if spec and spec.origin else ".").parent / "templates"


def _icon_exists(name: str) -> bool:
    return (_material_templates() / ".icons" / f"{name}.svg").is_file()


def languages() -> tuple[str, ...]:
    """The languages Material has translations for (an unknown one fails its build)."""
    folder = _material_templates() / "partials" / "languages"
    return tuple(sorted(p.stem for p in folder.glob("*.html") if p.stem != "custom"))


def read_repo_site(root: Path) -> RepoSite:
    """The repository's mkdocs.yml settings flaims respects (defaults when there is none).
    Read with flaims' own bounded loader: aliases, nesting and size are limited as for the
    knowledge files (aliased `nav` lists once took gigabytes)."""
    site = RepoSite()
    path = root / MKDOCS_FILE
    if not os.path.lexists(path):
        return site
    loaded = yamlio.read(path, MKDOCS_FILE, foreign_tags=True)
    if loaded.diagnostics:
        d = loaded.diagnostics[0]
        raise SiteError(f"{MKDOCS_FILE}:{d.line}:{d.column}: {d.message}"
                        + (f" ({d.hint})" if d.hint else ""))
    data = loaded.data or {}
    check = _Reader(loaded)
    if isinstance(data.get("site_name"), str) and data["site_name"].strip():
        site.site_name = data["site_name"]
    if isinstance(data.get("site_description"), str):
        site.site_description = data["site_description"]
    theme = data.get("theme")
    if isinstance(theme, dict):
        if theme.get("name") not in (None, "material"):
            site.warnings.append(f"{MKDOCS_FILE}: theme {quote(theme.get('name'))} replaced by "
                                 "material, the theme flaims builds with")
        site.theme = check.theme(theme)
    docs_dir = data.get("docs_dir")
    if isinstance(docs_dir, str) and docs_dir.strip():
        site.pages_dir = _pages_dir(docs_dir, check)
    if isinstance(data.get("nav"), list):
        site.nav = data["nav"]
    css = data.get("extra_css")
    site.extra_css = [c for c in css if isinstance(c, str)] if isinstance(css, list) else []
    extra = data.get("extra")
    if isinstance(extra, dict) and isinstance(extra.get("social"), list):
        for i, s in enumerate(extra["social"]):
            # Material writes the link into `href` unescaped: only the escaped URL is kept.
            link = external_url(s.get("link")) if isinstance(s, dict) else None
            if link is None:
                continue
            entry = {"icon": check.icon(s.get("icon"), ("extra", "social", i, "icon")),
                     "link": link}
            if isinstance(s.get("name"), str):
                entry["name"] = plain(s["name"])  # Material escapes the title itself
            site.social.append(entry)
    return site


def _pages_dir(value: str, check: _Reader) -> str:
    """docs_dir: a folder of its own. The repository itself or a knowledge folder would publish
    every file in it, private plans' neighbours included."""
    rel = PurePosixPath(value.strip())
    parts = [p for p in rel.parts if p not in ("", ".")]
    if rel.is_absolute() or not parts or ".." in parts or parts[0] in (*FOLDERS, "site") \
            or any(p.startswith(".") for p in parts):
        raise check.refuse(("docs_dir",), f"docs_dir {quote(value)} is not a folder of its own",
                           "keep hand-written pages in their own folder, such as handbook/ "
                           "(never the repository itself or a knowledge folder)")
    return "/".join(parts)


def copy_handwritten(root: Path, site: RepoSite, docs: Path) -> None:
    """Copy hand-written pages (and their images) into `docs/handbook/`. Symlinks and names
    that are not plain file names are skipped, so nothing outside the folder is read."""
    top = (root / site.pages_dir)
    try:
        top_resolved = top.resolve()
        top_resolved.relative_to(root.resolve())
    except (ValueError, OSError):
        site.warnings.append(f"{site.pages_dir}: outside the repository; hand-written pages "
                             "not included")
        return
    if not top.is_dir() or top.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(top):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames
                             if _SAFE_PART.match(d) and not (base / d).is_symlink())
        for name in sorted(filenames):
            path = base / name
            rel = path.relative_to(top).as_posix()
            if name.startswith(".") or not name.lower().endswith(_ASSET_SUFFIXES):
                continue
            if not _SAFE_PART.match(name) or path.is_symlink():
                site.warnings.append(f"{shown(site.pages_dir + '/' + rel)}: skipped (a symlink, or a file "
                                     "name that is not letters, digits, '.', '_' and '-')")
                continue
            dest = docs / HANDWRITTEN / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            if name.lower().endswith(_PAGE_SUFFIXES):
                _refuse_script_links(dest, f"{site.pages_dir}/{rel}")
            site.copied.append(rel)


# A link whose target runs script: Markdown links and reference definitions, autolinks and the
# URL attributes of raw HTML. Entities are decoded first (`java&#115;cript:` is the same link).
_SCRIPT_LINK = re.compile(
    r"(\]\(\s*<?|^[ ]{0,3}\[[^\]\n]+\]:\s*<?|<|\b(?:href|src|action|formaction|data)\s*=\s*[\"']?)"
    r"\s*(?:javascript|vbscript)\s*:", re.IGNORECASE | re.MULTILINE)


def _refuse_script_links(path: Path, shown_as: str) -> None:
    """Hand-written pages are trusted like code (raw HTML passes), but a `javascript:` link is
    the one thing a reviewer is likely to miss: it is refused with its place."""
    import html

    raw = path.read_text("utf-8", "replace")
    for body in (raw, html.unescape(raw)):
        found = _SCRIPT_LINK.search(body)
        if found:
            line = body.count("\n", 0, found.start()) + 1
            col = found.start() - (body.rfind("\n", 0, found.start()) + 1) + 1
            raise SiteError(f"{shown(shown_as)}:{line}:{col}: a javascript: link; hand-written "
                            "pages may link to pages and http(s) addresses only")


def _user_nav(items: Any, site: RepoSite) -> list[Any]:
    """The repository's nav entries that point at hand-written pages (or web links)."""
    out: list[Any] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            target = _nav_target(item, site)
            if target:
                out.append(target)
        elif isinstance(item, dict) and len(item) == 1:
            title, value = next(iter(item.items()))
            if isinstance(value, list):
                children = _user_nav(value, site)
                if children:
                    out.append({str(text(title)): children})
            elif isinstance(value, str):
                target = _nav_target(value, site)
                if target:
                    out.append({str(text(title)): target})
    return out


def _nav_target(value: str, site: RepoSite) -> str | None:
    if external_url(value):
        return external_url(value)
    rel = value.strip().lstrip("/")
    if rel in site.copied and rel.endswith(_PAGE_SUFFIXES):
        return f"{HANDWRITTEN}/{rel}"
    site.warnings.append(f"{MKDOCS_FILE}: nav entry {quote(value)} is not a page in "
                         f"{site.pages_dir}/; left out")
    return None


def _asset(value: Any, site: RepoSite) -> str | None:
    if isinstance(value, str) and value.strip().lstrip("/") in site.copied:
        return f"{HANDWRITTEN}/{value.strip().lstrip('/')}"
    return None


def theme(site: RepoSite) -> dict[str, Any]:
    merged: dict[str, Any] = {"name": "material", **DEFAULT_THEME}
    for key, value in site.theme.items():
        if key in ("logo", "favicon"):
            asset = _asset(value, site)
            if asset:
                merged[key] = asset
                if key == "logo":
                    merged.pop("icon", None)
        elif value is not None:
            merged[key] = value
    merged["font"] = False  # no Google Fonts: the site needs no internet
    return merged


def handwritten_nav(site: RepoSite) -> list[Any]:
    if site.nav is not None:
        return _user_nav(site.nav, site)
    pages = sorted(p for p in site.copied if p.endswith(_PAGE_SUFFIXES))
    if not pages:
        return []
    return [{"Handbook": [f"{HANDWRITTEN}/{p}" for p in pages]}]


def write_config(path: Path, *, site_name: str, site_url: str | None, description: str | None,
                 nav: list[Any], not_in_nav: list[str], extra_css: list[str],
                 repo: RepoSite, site_dir: str) -> None:
    config: dict[str, Any] = {
        # Material writes site_name unescaped into every page: escaped here.
        "site_name": str(text(site_name)),
        "docs_dir": "docs",
        "site_dir": site_dir,
        "use_directory_urls": False,  # pages also open from disk, without a server
        "theme": theme(repo),
        "plugins": ["search"],
        "hooks": [str(Path(__file__).with_name("site_hooks.py"))],
        "markdown_extensions": [
            {"toc": {"permalink": True}}, "tables", "admonition", "def_list", "footnotes",
            "fenced_code",
        ],
        "extra_css": extra_css + [c for c in (_asset(c, repo) for c in repo.extra_css) if c],
        "extra_javascript": ["assets/flaims/sort.js"],  # sortable tables, shipped locally
        "extra": {"generator": False, **({"social": repo.social} if repo.social else {})},
        "nav": nav,
        "not_in_nav": "\n".join(not_in_nav) + "\n",
        "validation": {"nav": {"omitted_files": "info"}},
    }
    if site_url:
        config["site_url"] = site_url
    if description:
        config["site_description"] = str(text(description))
    path.write_text("# Written by `flaims build`; edit the repository's own mkdocs.yml instead.\n"
                    + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
