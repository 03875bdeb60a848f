"""The human summary of a comparison: one finding per changed shape, with the operations that reach it.

The template writes rich markup; on a terminal rich turns it into colour, anywhere else
the markup is stripped, so files and pipes get plain text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from rich.markup import escape
from rich.text import Text

from specdiff.compare.changes import Comparison, InputInfo
from specdiff.compare.verdict import severity_counts
from specdiff.packagedata import template_environment
from specdiff.render.findings import Finding, find

__all__ = ["Summary", "build_summary", "render_summary", "summary_markup"]

STYLES = {"breaking": "bold red", "warning": "yellow", "info": "cyan"}
#: Places (direction, path, operations) listed under one finding before "and N more".
MAX_PLACES = 8


@dataclass(frozen=True)
class Summary:
    """What the summary shows, computed once so the template only lays it out."""

    old: InputInfo
    new: InputInfo
    change_count: int
    counts: tuple[tuple[str, int], ...]
    findings: tuple[Finding, ...]
    by_service: tuple[tuple[str, tuple[Finding, ...]], ...]
    ignored: tuple[tuple[str, int], ...]
    ignored_count: int
    expired: tuple[str, ...]
    unobservable: tuple[str, ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]
    incomplete: tuple[str, ...]
    hidden_docs: bool


def build_summary(comparison: Comparison, *, docs: bool = False) -> Summary:
    """Group a comparison's changes into findings, worst first within each service."""
    findings = find(comparison.changes)
    services: dict[str, list[Finding]] = {}
    for finding in findings:
        services.setdefault(finding.service, []).append(finding)
    reasons = Counter(item.reason for item in comparison.ignored)
    return Summary(
        old=comparison.old,
        new=comparison.new,
        change_count=len(comparison.changes),
        counts=tuple(severity_counts(comparison.changes).items()),
        findings=findings,
        by_service=tuple((name, tuple(group)) for name, group in sorted(services.items())),
        ignored=tuple(sorted(reasons.items())),
        ignored_count=len(comparison.ignored),
        expired=tuple(comparison.expired),
        unobservable=tuple(comparison.unobservable),
        only_old=tuple(comparison.only_old),
        only_new=tuple(comparison.only_new),
        incomplete=tuple(comparison.incomplete),
        hidden_docs=not docs,
    )


def summary_markup(comparison: Comparison, *, docs: bool = False) -> str:
    """The summary in rich markup (values escaped)."""
    template = _environment().get_template("summary/terminal.txt.j2")
    return template.render(
        s=build_summary(comparison, docs=docs), styles=STYLES, max_places=MAX_PLACES
    )


def render_summary(comparison: Comparison, *, docs: bool = False, colour: bool = False) -> str:
    """The summary as text: with ANSI colour when ``colour``, else plain."""
    markup = summary_markup(comparison, docs=docs)
    if not colour:
        # One markup text rather than one per line (the same plain text: no tag spans a
        # line, and the lines are joined as splitlines leaves them): a summary of 40k
        # changes has 35k lines, and rich's set-up per call was most of its cost.
        lines = markup.splitlines()
        return Text.from_markup("\n".join(lines)).plain + "\n" if lines else ""
    from rich.console import Console

    console = Console(force_terminal=True, highlight=False, soft_wrap=True)
    with console.capture() as capture:
        for line in markup.splitlines():
            console.print(Text.from_markup(line))
    return capture.get()


def _finalize(value: Any) -> Any:
    return escape(value) if isinstance(value, str) else value


@cache
def _environment() -> jinja2.Environment:
    return template_environment(finalize=_finalize)
