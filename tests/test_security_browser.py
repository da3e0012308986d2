"""Issue 12 in Chromium: values from a repository's mkdocs.yml run no script on any page.

Before the allow-lists, `primary: '"><script>alert(1)</script>'` ran in every page of the site.
Now such a build is refused; what is allowed builds, and runs no script either.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run
from .test_browser import Watched, browser, chromium, serve  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

SCRIPT = '"><script>alert(1)</script><x a="'
ATTACKS = {
    "primary": "theme:\n  palette:\n    primary: '{}'\n",
    "toggle name": "theme:\n  palette:\n    - toggle:\n        icon: material/weather-night\n"
                   "        name: '{}'\n",
    "direction": "theme:\n  direction: '{}'\n",
    "media": "theme:\n  palette:\n    - media: '{}'\n",
    "social link": "extra:\n  social:\n    - icon: fontawesome/brands/github\n"
                   "      link: 'https://example.org/{}'\n",
}
PAGES = ("index.html", "failures.html", "failures/2026-03-10-payment-timeouts.html", "tags.html")


def _no_script_runs(browser: Any, site: Path) -> None:  # noqa: F811
    server, base = serve(site)
    try:
        watched = Watched(browser, base)
        for rel in PAGES:
            page = watched.open(base + rel)
            assert page.evaluate("document.querySelectorAll('x[a]').length") == 0, rel
        watched.page.wait_for_timeout(300)
        assert watched.dialogs == []
        watched.page.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("key", sorted(ATTACKS))
def test_mkdocs_yml_values_run_no_script(browser: Any, flaims: Run, git_repo: Path,  # noqa: F811
                                         key: str) -> None:
    (git_repo / "mkdocs.yml").write_text(ATTACKS[key].format(SCRIPT.replace("'", "''")), "utf-8")
    result = flaims("build", repo=git_repo)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:  # the link is kept, escaped: it must not run either
        _no_script_runs(browser, git_repo / "site")
    else:
        assert result.stderr.startswith("flaims: mkdocs.yml:") and not (git_repo / "site").exists()
    shutil.rmtree(git_repo / "site", ignore_errors=True)


def test_allowed_theme_values_apply_and_run_no_script(browser: Any, flaims: Run,  # noqa: F811
                                                      git_repo: Path) -> None:
    (git_repo / "mkdocs.yml").write_text(
        "theme:\n  direction: rtl\n  palette:\n    - media: '(prefers-color-scheme: light)'\n"
        "      primary: deep purple\n      toggle: {icon: material/weather-night, name: Dark}\n",
        "utf-8")
    config = git_repo / "flaims.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "title: Acme Learning Handbook", "title: \"R&D's Handbook\""), "utf-8")
    assert flaims("build", repo=git_repo).exit_code == 0
    _no_script_runs(browser, git_repo / "site")
    server, base = serve(git_repo / "site")
    try:
        watched = Watched(browser, base)
        page = watched.open(base + "index.html")
        assert page.evaluate("document.body.dir") == "rtl"
        assert page.evaluate("document.body.dataset.mdColorPrimary") == "deep-purple"
        # The site name's tooltip reads as written (it showed entities before).
        assert page.locator("a.md-header__button.md-logo").get_attribute("title") == \
            "R&D's Handbook"
        watched.page.close()
    finally:
        server.shutdown()
        server.server_close()
