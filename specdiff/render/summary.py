"""The human summary of a comparison: one finding per changed shape, with the operations that reach it.

The template writes plain text, with style marks where the terminal shows colour: off a
terminal the marks are empty, so files and pipes get the text as it is; on one, the
marks become the spans of rich text. Values are never read as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from specdiff.compare.changes import Comparison, InputInfo
from specdiff.compare.verdict import severity_counts
from specdiff.packagedata import template_environment
from specdiff.render.findings import Finding, find

__all__ = ["Summary", "build_summary", "render_summary", "summary_text"]

#: The rich style of each mark the template sets: its severities and its words.
STYLES = {"breaking": "bold red", "warning": "yellow", "info": "cyan", "bold": "bold", "dim": "dim", "yellow": "yellow"}
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


# A style mark in the text: MARK, the style's name, END opens a span; MARK END closes it.
# Shift Out and Shift In switch a terminal's character set and say nothing to a reader: a
# value holding one has it replaced before it reaches a coloured text.
_MARK, _END = "\x0e", "\x0f"
_UNMARKED = str.maketrans({_MARK: "\ufffd", _END: "\ufffd"})
# What rich text drops, as a terminal would misread it (bell, backspace); the plain text
# drops it too, so a file holds what the terminal shows. Line breaks of every kind are
# made "\n" by splitting the lines first.
_DROPPED = dict.fromkeys((0x07, 0x08))


class _Mark(str):
    """A style mark the template writes itself (never replaced as a value's would be)."""


_PLAIN_MARKS = {name: "" for name in STYLES}
_COLOUR_MARKS = {name: _Mark(_MARK + style + _END) for name, style in STYLES.items()}


def summary_text(comparison: Comparison, *, docs: bool = False, marks: bool = False) -> str:
    """The summary as the template writes it: plain, or with style marks (``marks``)."""
    template = _environment(marks).get_template("summary/terminal.txt.j2")
    return template.render(
        s=build_summary(comparison, docs=docs),
        on=_COLOUR_MARKS if marks else _PLAIN_MARKS,
        off=_Mark(_MARK + _END) if marks else "",
        max_places=MAX_PLACES,
    )


def render_summary(comparison: Comparison, *, docs: bool = False, colour: bool = False) -> str:
    """The summary as text: with ANSI colour when ``colour``, else plain."""
    lines = summary_text(comparison, docs=docs, marks=colour).splitlines()
    if not colour:
        return "\n".join(lines).translate(_DROPPED) + "\n" if lines else ""
    return _coloured(lines)


def _coloured(lines: list[str]) -> str:
    """Marked lines as a terminal shows them: what rich prints of each run in its style.

    Rich is asked once per style how it writes a styled run (its codes before and after,
    for this terminal's colours, or none where ``NO_COLOR`` says so); each line is then
    joined from its runs, as rich joins them. A line holding a tab goes through rich
    itself, which sets tabs to its tab stops.
    """
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=True, highlight=False, soft_wrap=True)

    def through_rich(line: str) -> str:
        text = Text()
        _append_marked(text, line)
        with console.capture() as capture:
            console.print(text)
        return capture.get()

    around = {}
    for style in STYLES.values():
        before, _, after = through_rich(_MARK + style + _END + "x").partition("x")
        around[style] = (before, after.removesuffix("\n"))
    out = []
    for line in lines:
        if "\t" in line:
            out.append(through_rich(line))
            continue
        for style, run in _runs(line.translate(_DROPPED)):
            if style and run:
                before, after = around[style]
                out += (before, run, after)
            else:
                out.append(run)
        out.append("\n")
    return "".join(out)


def _append_marked(text: Any, line: str) -> None:
    """One line with style marks onto a rich ``Text``: each run in the style its mark names."""
    for style, run in _runs(line):
        text.append(run, style or None)


def _runs(line: str) -> Iterator[tuple[str, str]]:
    """A marked line's runs of text, each with the style its mark names ("" for none)."""
    first, *marked = line.split(_MARK)
    yield "", first
    for run in marked:
        style, _, rest = run.partition(_END)
        yield style, rest


def _no_marks(value: Any) -> Any:
    return value.translate(_UNMARKED) if isinstance(value, str) and not isinstance(value, _Mark) else value


@cache
def _environment(marks: bool) -> jinja2.Environment:
    return template_environment(finalize=_no_marks) if marks else template_environment()
