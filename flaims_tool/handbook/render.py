"""The Jinja2 environment for handbook pages: templates ship in the package, user text is a
variable, and every `{{ value }}` is escaped unless flaims built it as `Raw` markup.

Templates are the only template source: user text never is (no `from_string`, no macro
plugin), so `{{ 7*7 }}` in a title stays the five characters it is.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from .escape import Raw, link, paragraphs, relative, text
from .tables import html_href

if TYPE_CHECKING:
    import jinja2


def _finalize(value: Any) -> Raw:
    # Called on the result of every {{ expression }}: the escaping is not optional.
    if isinstance(value, Raw):
        return value
    return text(value)


def _link(ctx: Any, label: Any, target: str | None) -> Raw:
    """A link from the page being rendered to another generated page (or plain text)."""
    if not target:
        return text(label)
    return link(label, relative(ctx["page"], target))


def _href(ctx: Any, target: str) -> Raw:
    return Raw(relative(ctx["page"], target))


def _page_href(ctx: Any, target: str) -> Raw:
    """The link to a generated page as the built site names it, for raw HTML (where the
    engine does not turn `page.md` into `page.html`)."""
    return Raw(relative(ctx["page"], html_href(target)))


def _links(ctx: Any, items: Any, sep: str = ", ", empty: str = "—") -> Raw:
    """Several {name, target} items as links, separated."""
    out = [_link(ctx, i.get("name"), i.get("target")) if isinstance(i, dict) else text(i)
           for i in items or []]
    return Raw(sep.join(out)) if out else Raw(empty)


def _when(value: Any) -> Raw:
    """A date or timestamp that does not wrap at its hyphens."""
    shown = text(value)
    return Raw(f'<span class="flaims-date">{shown}</span>') if shown else shown


# Badge classes for values that come from a schema enum (or flaims itself).
_BADGES = {"critical", "high", "medium", "low", "open", "done", "dropped", "overdue",
           "covered", "uncovered", "recurring", "overflowing",
           "working", "not-working", "too-early", "no-baseline",
           "worked", "partly", "did-not-work", "not-tried", "unreviewed", "left"}


def _badge(value: Any, label: Any = None) -> Raw:
    name = str(value)
    css = f"flaims-badge flaims-{name}" if name in _BADGES else "flaims-badge"
    return Raw(f'<span class="{css}">{text(label if label is not None else value)}</span>')


def counted(n: Any, one: str, many: str | None = None) -> str:
    """"1 retro", "2 retros": the noun agrees with its number."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flaims_tool.handbook", "templates"),
        autoescape=False,  # Markdown, not HTML: `_finalize` escapes for both
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["link"] = jinja2.pass_context(_link)
    env.globals["href"] = jinja2.pass_context(_href)
    env.globals["page_href"] = jinja2.pass_context(_page_href)
    env.globals["links"] = jinja2.pass_context(_links)
    env.globals["badge"] = _badge
    env.globals["when"] = _when
    env.globals["indent"] = lambda depth: Raw("&emsp;&emsp;" * int(depth))
    env.filters["paragraphs"] = paragraphs
    env.filters["counted"] = counted
    return env


def render(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(context)
