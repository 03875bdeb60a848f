"""Small hand-built changes and comparisons for the findings, escaping and notes tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markdown_it import MarkdownIt

from specdiff.compare.changes import Change, Comparison, InputInfo, Rule, Severity

OLD = InputInfo("model", "old/service-2.json", ("svc",), "2020-01-01")
NEW = InputInfo("model", "new/service-2.json", ("svc",), "2020-01-01")
PAGE = InputInfo("page", "page.txt", ("svc",), "2020-01-01", partial=True)
PAGE_BLIND = ("operation-removed", "member-removed", "enum-value-removed")

I, W, B = Severity.INFO, Severity.WARNING, Severity.BREAKING


def change(
    rule: Rule = Rule.ENUM_VALUE_ADDED,
    severity: Severity = I,
    operation: str | None = "CreateThing",
    direction: str | None = "request",
    path: str = "Kind",
    shape: str | None = "ThingKind",
    service: str = "svc",
    message: str = "",
    **fields: Any,
) -> Change:
    if rule in (Rule.ENUM_VALUE_ADDED, Rule.ENUM_VALUE_REMOVED):
        fields.setdefault("added" if rule is Rule.ENUM_VALUE_ADDED else "removed", ("A", "B"))
    return Change(
        rule=rule,
        severity=severity,
        service=service,
        operation=operation,
        direction=direction,  # type: ignore[arg-type]
        path=path,
        message=message or f"{direction} {path}: {rule.value.replace('-', ' ')}",
        shape=shape,
        **fields,
    )


def comparison(*changes: Change, **fields: Any) -> Comparison:
    fields.setdefault("old", OLD)
    fields.setdefault("new", NEW)
    return Comparison(changes=tuple(sorted(changes, key=lambda c: c.sort_key)), **fields)


def many_changes() -> Iterator[Change]:
    """An endless run of enum changes over a few operations, paths and shapes."""
    n = 0
    while True:
        n += 1
        yield change(
            operation=f"Op{n % 7}", path=f"P{n % 3}", shape=f"S{n % 5}", added=(f"v{n % 2}",)
        )


HOSTILE = [
    "a|b",
    "[link](http://evil.example)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "`code` and ``more``",
    "*bold* _em_ **strong** __strong__",
    "line one\nline two\r\nline three\u2028four",
    "back\\slash\\|pipe",
    "![img](x.png)",
    "&amp; &lt;entity&gt;",
    "~~strike~~ $math$",
    "",
    "   ",
    "# heading\n- item\n1. item\n> quote\n```\nfence",
]


#: CommonMark with GFM tables: how GitHub and most renderers read the notes.
md_parser = MarkdownIt("commonmark").enable("table")
