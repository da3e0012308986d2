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
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import quote
from ..workspace import ConfigError
from .escape import external_url, text

MKDOCS_FILE = "mkdocs.yml"
HANDWRITTEN = "handbook"  # where hand-written pages live, unless mkdocs.yml sets docs_dir
_MAX_BYTES = 1_000_000
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


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading that reads MkDocs' own tags (`!ENV`, `!!python/name:`) as nothing."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                      lambda loader, suffix, node: None)


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


def read_repo_site(root: Path) -> RepoSite:
    """The repository's mkdocs.yml settings flaims respects (defaults when there is none)."""
    site = RepoSite()
    path = root / MKDOCS_FILE
    if not path.is_file():
        return site
    try:
        raw = path.read_bytes()
        if len(raw) > _MAX_BYTES:
            raise ConfigError(f"{MKDOCS_FILE}: larger than 1 MB; flaims does not read it")
        data = yaml.load(raw.decode("utf-8"), Loader=_TolerantLoader)
    except (UnicodeDecodeError, OSError) as e:
        raise ConfigError(f"{MKDOCS_FILE}: cannot be read ({e})") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise ConfigError(f"{MKDOCS_FILE}{where}: {problem}") from e
    if data is None:
        return site
    if not isinstance(data, dict):
        raise ConfigError(f"{MKDOCS_FILE}: expected a mapping of settings")
    if isinstance(data.get("site_name"), str) and data["site_name"].strip():
        site.site_name = data["site_name"]
    if isinstance(data.get("site_description"), str):
        site.site_description = data["site_description"]
    theme = data.get("theme")
    if isinstance(theme, dict):
        if theme.get("name") not in (None, "material"):
            site.warnings.append(f"{MKDOCS_FILE}: theme {quote(theme.get('name'))} replaced by "
                                 "material, the theme flaims builds with")
        site.theme = {k: theme[k] for k in _THEME_KEYS if k in theme}
    docs_dir = data.get("docs_dir")
    if isinstance(docs_dir, str) and docs_dir.strip():
        site.pages_dir = docs_dir.strip().strip("/")
    if isinstance(data.get("nav"), list):
        site.nav = data["nav"]
    css = data.get("extra_css")
    site.extra_css = [c for c in css if isinstance(c, str)] if isinstance(css, list) else []
    extra = data.get("extra")
    if isinstance(extra, dict) and isinstance(extra.get("social"), list):
        site.social = [s for s in extra["social"]
                       if isinstance(s, dict) and external_url(s.get("link"))]
    return site


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
                site.warnings.append(f"{site.pages_dir}/{rel}: skipped (a symlink, or a file "
                                     "name that is not letters, digits, '.', '_' and '-')")
                continue
            dest = docs / HANDWRITTEN / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            site.copied.append(rel)


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
