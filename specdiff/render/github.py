"""GitHub Actions workflow commands (``--format github``): one ``::error``/``::warning``/``::notice`` per finding."""

from __future__ import annotations

from functools import cache

import jinja2

from specdiff.compare.changes import Comparison, Severity
from specdiff.packagedata import template_environment
from specdiff.render.report import Item, Locate, build_report

__all__ = ["command_of", "escape_data", "escape_property", "render_github"]

# The runner reads a workflow command from one line; the message ("data") must carry its
# own line breaks as %0D/%0A, and % itself as %25 so that text cannot spell an escape.
# Properties are also split on "," and ":", which they then carry as %2C and %3A.
_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY = {**_DATA, ":": "%3A", ",": "%2C"}


def _plain_table() -> dict[int, str]:
    """What every escape makes of the characters it changes before its own escapes.

    Other control characters are no line break to the runner but garble the log; a
    line separator a viewer might break on (U+2028/U+2029, NEL) becomes a line feed,
    which is then escaped like any other.
    """
    table = {code: "\ufffd" for code in (*range(0x20), 0x7F) if chr(code) not in "\r\n\t"}
    table.update({ord(char): "\n" for char in "\u2028\u2029\x85\x0b\x0c"})
    return table


_PLAIN = _plain_table()


def _escape_table(escapes: dict[str, str]) -> dict[int, str]:
    """:data:`_PLAIN` and then ``escapes`` as one table: one ``str.translate`` per text."""
    table = {code: "".join(escapes.get(char, char) for char in text) for code, text in _PLAIN.items()}
    table.update({ord(char): text for char, text in escapes.items()})
    return table


_DATA_TABLE = _escape_table(_DATA)
_PROPERTY_TABLE = _escape_table(_PROPERTY)


def escape_data(text: str) -> str:
    """A workflow command's message, on one line whatever it holds."""
    return str(text).translate(_DATA_TABLE)


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``)."""
    return str(text).translate(_PROPERTY_TABLE)


def command_of(item: Item) -> str:
    """``error`` for a finding that fails the run (at or above --fail-on), else by severity."""
    if item.fails:
        return "error"
    return "notice" if item.finding.severity is Severity.INFO else "warning"


def render_github(comparison: Comparison, *, fail_on: str = "breaking", locate: Locate | None = None) -> str:
    """One workflow command per finding, with the file and line of the input where it has one."""
    report = build_report(comparison, fail_on=fail_on, locate=locate)
    return _environment().get_template("reports/github.txt.j2").render(report=report, command_of=command_of)


@cache
def _environment() -> jinja2.Environment:
    env = template_environment()
    env.filters["data"] = escape_data
    env.filters["property"] = escape_property
    return env
