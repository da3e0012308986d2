"""The handbook: Markdown pages generated from the knowledge files (Jinja2 templates), and the
MkDocs Material site built from them. Imported only by `flaims build` and `flaims serve`."""

from __future__ import annotations
