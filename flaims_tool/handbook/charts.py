"""SVG charts drawn at build time: static markup, readable without JavaScript, no library.

Each chart is a `<figure>` holding an inline `<svg role="img">` with a `<title>`, a `<desc>`
and labelled axes. Colours come from CSS classes (assets/flaims.css), so charts follow the
light and dark palettes. All text inside goes through `escape.text`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..contract import MONTHS
from .escape import Raw, plain, text


def _label(value: str, limit: int = 28) -> Raw:
    s = plain(value)
    return text(s if len(s) <= limit else s[: limit - 1] + "…")


def _month_label(month: str) -> str:
    """'2026-03' -> 'Mar 2026'."""
    try:
        year, number = month.split("-")
        return f"{MONTHS[int(number) - 1]} {year}"
    except (ValueError, IndexError):
        return month


def _ticks(top: int) -> list[int]:
    """Whole-number y ticks from 0 to at least `top` at a round step (1, 2, 5, 10, 20, 25,
    50, ...), at most six of them."""
    top = max(top, 1)
    steps = sorted(b * 10**e for b in (1, 2, 5, 25) for e in range(7))
    step = next((c for c in steps if top / c <= 5), math.ceil(top / 5))
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def _figure(chart_id: str, svg: str, caption: str) -> Raw:
    # One raw HTML block: no blank line inside, so Markdown leaves it whole.
    return Raw(f'<figure class="flaims-chart" id="{chart_id}">\n{svg}\n'
               f"<figcaption>{caption}</figcaption>\n</figure>")


def months_ending(last: dt.date, n: int) -> list[str]:
    """The `n` calendar months ("YYYY-MM") up to and including `last`'s, oldest first: one
    time axis that several charts share."""
    year, month = last.year, last.month
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def monthly_bars(chart_id: str, title: str, months: Sequence[tuple[str, int]], *,
                 y_label: str, x_label: str = "Month", caption: str = "",
                 window: tuple[str, str] | None = None,
                 marks: Sequence[tuple[str, str]] = (), y_max: int = 0) -> Raw:
    """A bar per calendar month ("YYYY-MM", value), oldest first. `window`: the first and last
    month to shade (the overflow window); its bars are drawn in the accent colour. `marks`:
    ("YYYY-MM", label) drawn as a dashed line through that month (a module introduced).
    `y_max`: the top of the value axis when several charts share it (else their own maximum)."""
    width, height = 640, 272
    # The top margin holds the window's label above the bars, never over them.
    left, right, top, bottom = 52, 16, 28, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, v in months]
    ticks = _ticks(max([*values, y_max]))
    y_max = ticks[-1]
    n = max(len(months), 1)
    slot = plot_w / n
    bar_w = max(2.0, min(36.0, slot * 0.7))
    every = max(1, math.ceil(n / 8))  # at most ~8 month labels
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    summary = ", ".join(f"{_month_label(m)}: {v}" for m, v in months) or "no data"
    parts = [
        f'<svg class="flaims-svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{text(title)}</title>',
        f'<desc id="{desc_id}">{text(summary)}</desc>',
    ]
    for tick in ticks:
        y = top + plot_h - (tick / y_max) * plot_h
        parts.append(f'<line class="flaims-grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="flaims-tick" x="{left - 8}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick}</text>')
    inside = [i for i, (m, _) in enumerate(months) if window and window[0] <= m <= window[1]]
    if inside:
        x0 = left + inside[0] * slot
        parts.append(f'<rect class="flaims-window" x="{x0:.1f}" y="{top}" '
                     f'width="{slot * len(inside):.1f}" height="{plot_h}"/>')
        parts.append(f'<text class="flaims-tick" x="{x0 + 4:.1f}" y="{top - 8}">'
                     f"{text('window')}</text>")
    index_of = {m: i for i, (m, _) in enumerate(months)}
    mark_parts: list[str] = []  # drawn over the bars
    for n_mark, (month, label) in enumerate(marks):
        if month not in index_of:
            continue
        cx = left + index_of[month] * slot + slot / 2
        mark_parts.append(f'<line class="flaims-mark" x1="{cx:.1f}" y1="{top}" x2="{cx:.1f}" '
                     f'y2="{top + plot_h}"><title>{text(label + " introduced")}</title></line>')
        mark_parts.append(f'<text class="flaims-mark-label" x="{cx + 4:.1f}" '
                     f'y="{top + 26 + 14 * n_mark}">{_label(label)}</text>')
    for i, (month, value) in enumerate(months):
        x = left + i * slot + (slot - bar_w) / 2
        h = (value / y_max) * plot_h
        y = top + plot_h - h
        label = f"{_month_label(month)}: {value}"
        css = "flaims-bar flaims-bar-window" if i in inside else "flaims-bar"
        parts.append(f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{h:.1f}"><title>{text(label)}</title></rect>')
        if i % every == 0 or (i == n - 1 and n <= 8):
            cx = left + i * slot + slot / 2
            parts.append(f'<text class="flaims-tick" x="{cx:.1f}" y="{top + plot_h + 18}" '
                         f'text-anchor="middle">{text(_month_label(month))}</text>')
    parts += mark_parts
    parts += [
        f'<line class="flaims-axis" x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
        f'y2="{top + plot_h}"/>',
        f'<line class="flaims-axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        f'<text class="flaims-axis-label" x="{left + plot_w / 2:.1f}" y="{height - 10}" '
        f'text-anchor="middle">{text(x_label)}</text>',
        f'<text class="flaims-axis-label" x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{text(y_label)}</text>',
        "</svg>",
    ]
    return _figure(chart_id, "".join(parts), text(caption or title))


def _lines(name: str, width: int = 12) -> list[str]:
    """A level's name on at most two lines, split at the space nearest the middle when it is
    longer than `width` (names are shown whole: "Principal Engineer", not "Principal Engin…")."""
    s = plain(name)
    spaces = [i for i, c in enumerate(s) if c == " "]
    if len(s) <= width or not spaces:
        return [s]
    cut = min(spaces, key=lambda i: abs(i - len(s) / 2))
    return [s[:cut], s[cut + 1:]]


def _level_label(name: str, x: float, baseline: float) -> str:
    lines = _lines(name)
    if len(lines) == 1:
        return (f'<text class="flaims-tick" x="{x:.1f}" y="{baseline}" '
                f'text-anchor="middle">{text(lines[0])}</text>')
    return (f'<text class="flaims-tick" x="{x:.1f}" y="{baseline - 13}" text-anchor="middle">'
            f'<tspan x="{x:.1f}">{text(lines[0])}</tspan>'
            f'<tspan x="{x:.1f}" dy="13">{text(lines[1])}</tspan></text>')


@dataclass(frozen=True)
class Gap:
    """One growth row of a plan: where a competency is and where it is meant to go."""

    label: str
    current: int  # index into the ladder's levels
    target: int


def tension(chart_id: str, title: str, levels: Sequence[str], gaps: Sequence[Gap], *,
            x_label: str, caption: str = "") -> Raw:
    """Creative tension: per competency, a dot at the current level and an arrow to the
    target level, on the ladder's levels from lowest to highest."""
    row_h = 44
    left, right, top, bottom = 190, 56, 52, 44  # room above for two-line level names
    width = 640
    plot_w = width - left - right
    height = top + row_h * max(len(gaps), 1) + bottom
    n = max(len(levels), 2)
    step = plot_w / (n - 1)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"

    def level(i: int) -> str:
        return levels[i] if 0 <= i < len(levels) else "?"

    summary = "; ".join(f"{plain(g.label)}: from {level(g.current)} to {level(g.target)}"
                        for g in gaps) or "no growth rows"
    parts = [
        f'<svg class="flaims-svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{text(title)}</title>',
        f'<desc id="{desc_id}">{text(summary)}</desc>',
        '<defs><marker id="' + chart_id + '-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path class="flaims-arrow-head" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ]
    for i, name in enumerate(levels):
        x = left + i * step
        parts.append(f'<line class="flaims-grid" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" '
                     f'y2="{height - bottom + 4}"/>')
        parts.append(_level_label(name, x, top - 14))
    for r, gap in enumerate(gaps):
        y = top + r * row_h + row_h / 2
        x0 = left + gap.current * step
        x1 = left + gap.target * step
        parts.append(f'<text class="flaims-row-label" x="{left - 14}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{_label(gap.label)}</text>')
        parts.append(f'<line class="flaims-track" x1="{left}" y1="{y:.1f}" '
                     f'x2="{width - right}" y2="{y:.1f}"/>')
        if gap.target != gap.current:
            parts.append(f'<line class="flaims-arrow" x1="{x0:.1f}" y1="{y:.1f}" '
                         f'x2="{x1 - 9 if x1 > x0 else x1 + 9:.1f}" y2="{y:.1f}" '
                         f'marker-end="url(#{chart_id}-arrow)"/>')
        parts.append(f'<circle class="flaims-target" cx="{x1:.1f}" cy="{y:.1f}" r="8">'
                     f"<title>target: {text(level(gap.target))}</title></circle>")
        parts.append(f'<circle class="flaims-current" cx="{x0:.1f}" cy="{y:.1f}" r="8">'
                     f"<title>now: {text(level(gap.current))}</title></circle>")
    parts += [
        f'<text class="flaims-axis-label" x="{left + plot_w / 2:.1f}" y="{height - 12}" '
        f'text-anchor="middle">{text(x_label)}</text>',
        "</svg>",
    ]
    return _figure(chart_id, "".join(parts), text(caption or title))
