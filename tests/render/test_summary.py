"""The terminal summary: plain text off a terminal, the same text coloured on one, values never read as markup."""

from __future__ import annotations

import re

import pytest

from specdiff.compare.changes import IgnoredChange
from specdiff.render.summary import render_summary, summary_text
from tests.notekit import HOSTILE, change, comparison
from tests.reportkit import hostile_changes, sagemaker

# Texts a markup reader (rich's) would change: tags, escaped brackets, backslashes before
# a tag and at the end of a value, emoji codes, and the summary's own style marks.
MARKUP_LIKE = [
    "[bold]",
    "[/]",
    "[red]boom[/red]",
    "\\[bold]",
    "\\\\[/bold]",
    "^[{}\\[\\]:.,0-9A-z\\-_\\s]{2,8192}$",
    "ends in a backslash\\",
    "two\\\\",
    ":smile: :thumbs_up:",
    "[link=http://evil.example]x[/link]",
    "[@click=app.bell]x[/]",
    *HOSTILE,
]
_ANSI = re.compile("\x1b\\[[0-9;]*m")


def _markup_like_comparison():
    changes = hostile_changes(MARKUP_LIKE, new_type=lambda text: f"{text}\\")
    ignored = (IgnoredChange(change(service="ignored"), reason="[bold]because\\"),)
    return comparison(*changes, ignored=ignored, expired=("[yellow]old entry\\",), incomplete=("[dim]cut\\",))


def test_values_are_printed_as_they_are() -> None:
    text = render_summary(_markup_like_comparison())
    for value in MARKUP_LIKE:
        if "\n" in value or "\r" in value:
            continue  # a line break in a value breaks the summary's line: checked below
        assert f"svc{MARKUP_LIKE.index(value)}{value}\n" in text
    assert "1 change: [bold]because\\\n" in text
    assert "  [yellow]old entry\\\n" in text and "  [dim]cut\\\n" in text
    assert "\x1b[" not in text


def test_the_coloured_summary_is_the_plain_one_with_colour() -> None:
    """The colour path (rich text, styled by the template's marks) and the plain path give
    one text: every value verbatim in both."""
    subject = _markup_like_comparison()
    plain = render_summary(subject)
    coloured = render_summary(subject, colour=True)
    assert _ANSI.search(coloured)
    assert _ANSI.sub("", coloured) == plain


@pytest.mark.parametrize("docs", [False, True])
def test_a_real_comparison_reads_the_same_in_colour(docs: bool) -> None:
    subject = sagemaker()
    coloured = render_summary(subject, colour=True, docs=docs)
    assert "\x1b[1;31m" in coloured or "\x1b[33m" in coloured  # a severity in its colour
    assert _ANSI.sub("", coloured) == render_summary(subject, docs=docs)


def test_line_breaks_and_terminal_controls_in_values() -> None:
    """A value's line break of any kind is a line break; bell and backspace are dropped,
    as a terminal would not show them."""
    text = render_summary(comparison(change(service="a\rb\u2028c\x07d\x08e")))
    assert "\na\nb\ncde\n" in text


def test_a_value_holding_the_style_marks_is_not_styled() -> None:
    subject = comparison(change(service="x\x0ebold\x0fy\x0e\x0fz"))
    assert "x\x0ebold\x0fy\x0e\x0fz" in render_summary(subject)  # plain: as it is
    coloured = render_summary(subject, colour=True)
    assert "x\ufffdbold\ufffdy\ufffd\ufffdz" in _ANSI.sub("", coloured)
    # the service heading in bold: the template's marks around the value's replaced ones
    assert "\x0ebold\x0fx\ufffdbold\ufffdy\ufffd\ufffdz\x0e\x0f\n" in summary_text(subject, marks=True)


def _through_rich(subject) -> str:
    """The coloured summary as rich prints it, the whole text at once: what the faster
    path, which asks rich only how it writes each style, must give byte for byte."""
    from rich.console import Console
    from rich.text import Text

    from specdiff.render.summary import _append_marked

    text = Text()
    for number, line in enumerate(summary_text(subject, marks=True).splitlines()):
        if number:
            text.append("\n")
        _append_marked(text, line)
    console = Console(force_terminal=True, highlight=False, soft_wrap=True)
    with console.capture() as capture:
        console.print(text)
    return capture.get()


@pytest.mark.parametrize("no_color", [False, True])
def test_the_coloured_summary_is_what_rich_prints(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    tabbed = comparison(change(service="tab\there", path="A\tB", added=("x\ty",)), change(service="bell\x07", message="a\x08b"))
    outputs = []
    for subject in (sagemaker(), _markup_like_comparison(), tabbed):
        outputs.append(render_summary(subject, colour=True))
        assert outputs[-1] == _through_rich(subject)
    assert "added: x     y\n" in outputs[2]  # rich set the tab to its stop
    assert "\x1b[1m" in outputs[1]  # bold, NO_COLOR or not
    assert ("\x1b[1;31m" in outputs[1]) is not no_color  # a breaking change in red, unless NO_COLOR
