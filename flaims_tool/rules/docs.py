"""Rule documentation, made from the registry: what each rule checks, why, and examples."""

from __future__ import annotations

from . import Rule


def _snippet(text: str | None) -> str:
    if text is None:
        return "(the file as it was)"
    if len(text) > 300:
        text = text[:300] + "…"
    return text.rstrip("\n") or "(removed)"


def explain(rule: Rule) -> str:
    ex = rule.example
    lines = [
        f"{rule.code} ({rule.severity}, {rule.group})",
        "",
        rule.summary,
        "",
        f"Why: {rule.why}",
        "",
        f"Passes ({ex.path} of the example repository in the formats reference):",
        *("    " + ln for ln in _snippet(ex.old).splitlines()),
        "",
        f"Fails (flaims points at {ex.expected_path}, where the problem is):"
        if ex.expected_path != ex.path else "Fails:",
        *("    " + ln for ln in _snippet(ex.new).splitlines()),
    ]
    return "\n".join(lines)


def table(rules: list[Rule]) -> str:
    width = max(len(r.code) for r in rules)
    rows = [f"{r.code:<{width}}  {r.severity:<7}  {r.summary}" for r in rules]
    return "\n".join([*rows, "", "'flaims rules CODE' explains one, with examples."])


def markdown(rules: list[Rule]) -> str:
    out = ["# Lint rules", ""]
    for r in rules:
        ex = r.example
        out += [
            f"## `{r.code}`",
            "",
            f"*{r.severity}* · {r.group}. {r.summary}",
            "",
            r.why,
            "",
            f"Passes (`{ex.path}`):",
            "",
            "```yaml",
            _snippet(ex.old),
            "```",
            "",
            "Fails:",
            "",
            "```yaml",
            _snippet(ex.new),
            "```",
            "",
        ]
    return "\n".join(out)
