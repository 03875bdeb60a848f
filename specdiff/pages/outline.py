"""A readable text outline of a parsed page (``specdiff parse --format text``)."""

from __future__ import annotations

from specdiff.pages.ast import (
    Bullet,
    Delta,
    EnumAdded,
    Page,
    Sketch,
    SyntaxNode,
    describe_sketch,
)


def outline(page: Page) -> str:
    t = page.title
    counts = ", ".join(f"{n} {label}" for n, label in ((t.new, "new"), (t.updated, "updated")) if n)
    lines = [f"{t.service} — {t.date} — {counts or 'no'} methods" + (" (lossy page)" if page.lossy else "")]
    skipped = page.skipped
    if skipped.before or skipped.after:
        lines.append(f"skipped: {skipped.before} line(s) of site chrome before the title (line {skipped.start}), {skipped.after} after the page")
    if page.summary:
        lines.append(f"summary: {page.summary}")
    for lost in page.lost:
        lines.append(f"lost: {lost.section} at {lost.line}:{lost.column} ({lost.lines} line(s)): {lost.reason}")
    for m in page.methods:
        lines.append("")
        flags = " [partial]" if m.partial else ""
        lines.append(f"{m.name} ({m.status}){flags}")
        for lost in m.lost:
            lines.append(f"  lost: {lost.section} at {lost.line}:{lost.column} ({lost.lines} line(s)): {lost.reason}")
        if m.not_shown:
            lines.append(f"  not rendered (too large): {', '.join(m.not_shown)}")
        if m.changes is not None:
            lines.append(f"  changes ({m.changes.header})" + (" [delta lost]" if m.changes.missing else ""))
            shown = {"request": m.changes.request, "response": m.changes.response}
            if m.changes.header == "both":
                shown = {"both": m.changes.request}
            for label, delta in shown.items():
                if delta is not None:
                    lines.extend(_delta(delta, f"    {label}"))
        if m.headless is not None:
            lines.append("  changes (its Changes line lost: direction not shown)")
            lines.extend(_delta(m.headless, "    ?"))
        elif m.status == "updated" and m.changes is None:
            # the site writes a Changes block for every updated method: this one's is gone
            lines.append("  changes: lost (no Changes block on the page: what changed is not shown)")
        for label, syntax in (("request", m.request_syntax), ("response", m.response_syntax)):
            if syntax is None:
                continue
            extra = " [partial]" if syntax.partial else ""
            lines.append(f"  {label} syntax{extra}: {len(syntax.members)} members")
            for node in syntax.members:
                lines.extend(_node(node, "    ", node.name or ""))
            for fragment in syntax.fragments:
                names = ", ".join(n.name or "?" for n in fragment.members)
                lines.append(f"    (unplaced, {fragment.depth} levels down, line {fragment.line}): {names}")
        if m.parameters:
            lines.append("  parameters:")
            for p in m.parameters:
                req = {True: " required", False: "", None: " (requiredness not shown)"}[p.required]
                lines.append(f"    {p.name}: {p.type or '?'}{req}")
                for b in p.bullets:
                    lines.extend(_bullet(b, "      "))
        if m.response_structure:
            lines.append("  response structure:")
            for b in m.response_structure:
                lines.extend(_bullet(b, "    "))
        if m.exceptions:
            lines.append(f"  exceptions: {', '.join(m.exceptions)}")
    return "\n".join(lines) + "\n"


def _delta(delta: Delta, prefix: str, path: str = "") -> list[str]:
    """One line per leaf (``request A.B: ...``); a cut-short dict says so once, where it
    was cut (its innermost cut-short level)."""
    where = f"{prefix} {path}".rstrip()
    if isinstance(delta, EnumAdded):
        cut = " (cut short)" if delta.partial else ""
        return [f"{where}: {len(delta.values)} enum value(s) added{cut}: {', '.join(delta.values)}"]
    if isinstance(delta, Sketch):
        return [f"{where}: added {describe_sketch(delta, members=True)}"]
    out: list[str] = []
    for name, value in delta.entries:
        out.extend(_delta(value, prefix, f"{path}.{name}" if path else name))
    if delta.cut_here:
        out.append(f"{where}: cut short here; more may have changed")
    return out


def _node(node: SyntaxNode, indent: str, path: str) -> list[str]:
    mark = " [partial]" if node.partial else ""
    if node.kind == "enum":
        desc = f"enum ({len(node.values)} values)"
    else:
        desc = node.kind
    out = [f"{indent}{path}: {desc}{mark}"]
    step = "[]" if node.kind == "list" else "{}" if node.kind == "map" else ""
    for child in node.children:
        name = f".{child.name}" if child.name is not None else ""
        out.extend(_node(child, indent, f"{path}{step}{name}"))
    return out


def _bullet(b: Bullet, indent: str) -> list[str]:
    req = " required" if b.required else ""
    out = [f"{indent}• {b.name or '(element)'} ({b.type}){req}"]
    for c in b.children:
        out.extend(_bullet(c, indent + "  "))
    return out
