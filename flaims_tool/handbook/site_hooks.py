"""A MkDocs hook flaims adds to its own generated mkdocs.yml (never the repository's hooks).

flaims writes `site_name` already HTML-escaped, because Material prints it raw in `<title>` and
the header. Material also escapes it once more in the logo's tooltip (`| e`), which showed
`R&#38;D&#39;s Handbook`. Marking the escaped name as safe markup makes that `| e` leave it as it is.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


def on_config(config: Any) -> Any:
    config["site_name"] = Markup(str(config["site_name"]))
    return config
