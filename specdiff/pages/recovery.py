"""Reading a damaged page method by method, and each method section by section: what
cannot be read becomes a :class:`Lost` node saying where and why, and the rest reads.

The whole page is parsed once; only when that fails does a page come here. Each method
(from its ``Name (new|updated)`` line to the next) is then parsed on its own. A method
that fails loses the section the failure is in (from its header line to the next
header), and is parsed again, until it reads; a delta that fails after its first line
first keeps the lines before the failure (they read as a cut-short delta, flagged
partial), and loses the whole block only if that does not read either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import cast

from lark.exceptions import UnexpectedInput

from specdiff.errors import PageSyntaxError
from specdiff.pages.ast import Changes, ChangesHeader, DeltaMap, Lost, Method, shift_lines
from specdiff.pages.extent import Extent

# The grammar's METHOD_LINE on a stripped line: anchored, no nested quantifiers.
_METHOD_LINE = re.compile(r"[A-Za-z][A-Za-z0-9_]* +\((?:new|updated)\)(?: +Link *¶?)?")
_HEADERS = frozenset({"request", "response", "request, response", "both"})


class Unreadable(Exception):
    """Raised inside the parse where a piece cannot be read as what it claims to be."""

    def __init__(self, line: int | None, column: int | None, reason: str) -> None:
        super().__init__(line, column, reason)
        self.line = line or 1
        self.column = column or 1
        self.reason = reason


Describe = Callable[[Exception, str], PageSyntaxError]

#: a method is parsed again after each failure; past this many, the rest of it is lost
#: in one piece, so that a method of thousands of broken sections costs a few parses
MAX_FAILURES = 8


def is_method_line(line: str) -> bool:
    return bool(_METHOD_LINE.fullmatch(line.strip()))


def section_of(line: str) -> str | None:
    """The section a line opens, or None (the same headers the grammar knows)."""
    text = line.strip()
    if text.startswith("Changes (") and text.endswith(")"):
        return "changes"
    if text in ("Request Syntax", "Response Syntax", "Response Structure", "Exceptions"):
        return text.lower().replace(" ", "-")
    if text in ("Parameters", "**Parameters**"):
        return "parameters"
    words = text.split()
    if len(words) == 2 and words[0] in ("type", "param"):
        return "parameter"
    if text.rstrip(":") in ("rtype", "returns") or text.startswith((":rtype:", ":returns:")):
        return "returns"
    return None


def changes_header(line: str) -> ChangesHeader | None:
    text = line.strip()
    inside = text[text.find("(") + 1 : -1]
    name = ", ".join(p.strip() for p in inside.split(","))
    return cast(ChangesHeader, name) if name in _HEADERS else None


def read_damaged(
    lines: list[str],
    extent: Extent,
    read_method: Callable[[str], Method],
    describe: Describe,
) -> tuple[str, tuple[Method, ...], tuple[Lost, ...]]:
    """The summary, the methods and what was lost outside them, reading ``lines`` (the
    whole text) between ``extent.start`` (the title) and ``extent.stop``."""
    starts = [i for i in range(extent.start + 1, extent.stop) if is_method_line(lines[i])]
    head_end = starts[0] if starts else extent.stop
    summary, lost = _head(lines, extent.start + 1, head_end)
    methods = []
    for n, first in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else extent.stop
        methods.append(_method(lines[first:end], first, read_method, describe))
    return summary, tuple(methods), lost


def _head(lines: list[str], first: int, end: int) -> tuple[str, tuple[Lost, ...]]:
    """The summary line between the title and the first method; anything else is lost."""
    summary = ""
    other = []
    for i in range(first, end):
        text = lines[i].strip()
        if not text:
            continue
        if not summary and text.startswith("Changes ") and not text.startswith("Changes ("):
            summary = text[len("Changes") :].strip()
        else:
            other.append(i)
    if not other:
        return summary, ()
    return summary, (Lost("head", other[0] + 1, 1, "lines before the first method that are not a page's", len(other)),)


def _method(chunk: list[str], offset: int, read_method: Callable[[str], Method], describe: Describe) -> Method:
    """One method from its lines (``offset``: the 0-based line of its first line)."""
    work = list(chunk)
    headers = [i for i, line in enumerate(work) if i and section_of(line)]
    lost: dict[int, Lost] = {}  # by the section's header index
    truncated: set[int] = set()
    dropped_changes: ChangesHeader | None = None
    for attempt in range(min(2 * len(headers), MAX_FAILURES) + 2):
        text = "\n".join(work) + "\n"
        try:
            method = read_method(text)
        except Unreadable as exc:
            line, column, reason = exc.line, exc.column, exc.reason
        except UnexpectedInput as exc:
            error = describe(exc, text)
            line, column, reason = error.line or 1, error.column or 1, error.message
        else:
            method = shift_lines(method, offset)
            if dropped_changes is not None and method.changes is None:
                method = replace(method, changes=Changes(header=dropped_changes, missing=True))
            return replace(method, lost=tuple(lost[k] for k in sorted(lost)))
        index = min(max(line - 1, 0), len(work) - 1)
        start = max((h for h in headers if h <= index), default=0)
        end = min((h for h in headers if h > index), default=len(work))
        name = section_of(work[start]) if start else "body"
        if name == "changes":  # a delta ends at its first blank line: prose after it is the body
            end = next((i for i in range(start + 2, end) if not work[i].strip()), end)
        if attempt >= MAX_FAILURES:  # each try parses the method again: give up the rest at once
            end = len(work)
            reason += "; the rest of the method is not read (too many sections failed)"
        where = Lost(name or "body", line + offset, column, reason)
        if name == "changes" and index > start + 1 and start not in truncated:
            # keep the delta's lines before the failure: they read as a cut-short delta
            truncated.add(start)
            work[index:end] = [""] * (end - index)
            lost[start] = replace(where, lines=end - index)
            continue
        first_lost = lost.get(start, where)
        if name == "changes":
            dropped_changes = changes_header(work[start]) or dropped_changes
        cut_from = start if start else 1
        if all(not line.strip() for line in work[cut_from:end]):
            break  # nothing left to take away: the failure is in the method line itself
        count = sum(1 for line in chunk[cut_from:end] if line.strip())
        work[cut_from:end] = [""] * (end - cut_from)
        lost[start] = replace(first_lost, lines=count)
    name, status = _name_and_status(chunk[0])
    body = Lost("body", offset + 1, 1, "the method could not be read", sum(1 for line in chunk[1:] if line.strip()))
    return Method(name=name, status=status, line=offset + 1, lost=(body,))  # type: ignore[arg-type]


def _name_and_status(line: str) -> tuple[str, str]:
    text = line.strip()
    return text.split()[0], text.split("(", 1)[1].split(")", 1)[0]


def lines_were_removed(lines: list[str], extent: Extent) -> bool:
    """Whether the page shows a de-duplicating crawl: lines every method repeats are gone.

    The site writes a ``Changes (...)`` line for every updated method and a ``Request
    Syntax`` line for every method; fewer of them than methods means repeated lines were
    dropped, and then any line repeated earlier on the page may be missing anywhere.
    """
    methods = updated = changes = requests = 0
    for i in range(extent.start + 1, extent.stop):
        line = lines[i]
        first = line.lstrip()[:1]
        if first not in ("C", "R") and not first.isalpha():
            continue
        if is_method_line(line):
            methods += 1
            updated += "(updated)" in line
        elif first == "C" and section_of(line) == "changes":
            changes += 1
        elif first == "R" and line.strip() == "Request Syntax":
            requests += 1
    return changes < updated or (methods > 1 and requests < methods and requests > 0)


def read_headless(
    methods: tuple[Method, ...], lines: list[str], stop: int, read_delta: Callable[[str], DeltaMap | None]
) -> tuple[Method, ...]:
    """Each updated method whose Changes line a de-duplicating crawl dropped, with the
    delta its next lines may still show (``{'`` after the method line, up to a blank
    line or the next method) read on its own: which direction it is, the page no longer
    says."""
    out = []
    for n, method in enumerate(methods):
        limit = methods[n + 1].line - 1 if n + 1 < len(methods) and methods[n + 1].line else stop
        first = method.line  # 0-based: the line after the method line
        if method.status != "updated" or method.changes is not None or not first:
            out.append(method)
            continue
        while first < limit and not lines[first].strip():
            first += 1
        end = first
        while end < limit and lines[end].strip():
            end += 1
        found = read_delta("\n".join(lines[first:end]) + "\n") if first < limit and lines[first].startswith("{'") else None
        out.append(replace(method, headless=found) if found is not None else method)
    return tuple(out)
