"""Sections botocore did not render ("# This section is too large to render."): put into
the one layout the grammar reads, and told apart as sections a page does not show.

botocore replaces a section longer than its limit (Request Syntax, Parameters, Response
Syntax, Response Structure) with a note under the section's bold title and a ``::``,
indented as a block, then a link to the API documentation. Rendered by docutils that
is a title line and a literal; left as text it keeps ``**Parameters**``, the ``::`` and
the indentation. Either way the lines are rewritten in place (their count kept, so
every line keeps its number) to the flush-left title, note and link the grammar reads.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from specdiff.pages.ast import Method

NOTE = "# This section is too large to render."
_TITLES = {
    "Request Syntax": "request-syntax",
    "Parameters": "parameters",
    "Response Syntax": "response-syntax",
    "Response Structure": "response-structure",
}
_LOOK_BACK = 4  # the title, "::" and blank lines stand at most this far above the note


def flatten_elided(lines: list[str], start: int, stop: int) -> list[tuple[int, str]]:
    """Rewrite each elided section between ``start`` and ``stop`` in ``lines`` in place;
    return (0-based line of the note, section) for each."""
    found: list[tuple[int, str]] = []
    for i in range(start, stop):
        line = lines[i]
        if "#" not in line or line.strip() != NOTE:
            continue
        section = "body"
        for j in range(i - 1, max(start, i - _LOOK_BACK) - 1, -1):
            text = lines[j].strip()
            if text in ("::", ""):
                lines[j] = ""
                continue
            title = text.strip("*") if text.startswith("**") and text.endswith("**") else text
            if title in _TITLES:
                lines[j] = title
                section = _TITLES[title]
            break
        lines[i] = NOTE
        k = i + 1
        while k < stop and (lines[k].strip().startswith("#") or not lines[k].strip()):
            lines[k] = lines[k].strip()
            k += 1
        if k < stop and lines[k].lstrip().startswith(("`AWS API Documentation", "AWS API Documentation")):
            lines[k] = lines[k].strip()
        found.append((i, section))
    return found


def name_not_shown(methods: tuple[Method, ...], elided: list[tuple[int, str]]) -> tuple[Method, ...]:
    """Each method (in page order) with the sections botocore did not render in it."""
    out = list(methods)
    starts = [m.line for m in out]
    for index, section in elided:
        owner = bisect.bisect_right(starts, index + 1) - 1
        if owner >= 0 and section not in out[owner].not_shown:
            out[owner] = replace(out[owner], not_shown=out[owner].not_shown + (section,))
    return tuple(out)
