"""What a page's "Last changed … source …" line names: the file(s) the page is generated from,
listed when there are a few, counted by folder when there are many."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

LISTED = 3  # up to this many sources are named one by one


def folder(path: str) -> str:
    """The knowledge folder a file lives in (`failures/2026/x.yaml` -> `failures/`)."""
    return path.split("/", 1)[0] + "/" if "/" in path else path


def describe(sources: Sequence[str]) -> dict[str, object]:
    """{"files": [...]} to name each source, or {"folders": [(folder, count), ...]}."""
    unique = sorted(set(sources))
    if len(unique) <= LISTED:
        return {"files": unique, "folders": []}
    counts = Counter(folder(p) for p in unique)
    return {"files": [], "folders": sorted(counts.items())}
