"""JUnit XML (``--format junit``): one test case per finding, failed at or above ``--fail-on``."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from specdiff.compare.changes import Comparison
from specdiff.packagedata import template_environment
from specdiff.render.report import Item, Locate, build_report

__all__ = ["render_junit", "xml_attribute", "xml_text"]

# What XML 1.0 cannot hold at all, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# In an attribute a parser folds raw tabs and line breaks into spaces: keep them as references.
_ATTRIBUTE_SPACE = str.maketrans({"\t": "&#9;", "\n": "&#10;"})


def xml_text(value: Any) -> Markup:
    """Input-derived text as XML character data: escaped, and without what XML cannot hold.

    A carriage return is kept as a reference: raw, a parser would read it as a line feed.
    """
    return Markup(str(escape(_NOT_XML.sub("\ufffd", str(value)))).replace("\r", "&#13;"))


def xml_attribute(value: Any) -> Markup:
    """Input-derived text as an XML attribute value that reads back exactly (line breaks too)."""
    return Markup(str(xml_text(value)).translate(_ATTRIBUTE_SPACE))


def render_junit(comparison: Comparison, *, fail_on: str = "breaking", locate: Locate | None = None) -> str:
    """A JUnit report: a test suite per service, a test case per finding."""
    report = build_report(comparison, fail_on=fail_on, locate=locate)
    suites: dict[str, list[Item]] = {}
    for item in report.items:
        suites.setdefault(item.finding.service, []).append(item)
    return _environment().get_template("reports/junit.xml.j2").render(
        report=report, suites=sorted(suites.items()), name=_case_name
    )


def _case_name(item: Item) -> str:
    """The headline without the service, which the suite already names."""
    return item.headline.removeprefix(item.finding.service).lstrip(": ") or item.finding.rule.value


def _finalize(value: Any) -> Any:
    return xml_text(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@cache
def _environment() -> jinja2.Environment:
    env = template_environment(autoescape=True, finalize=_finalize)
    env.filters["attr"] = xml_attribute
    return env
