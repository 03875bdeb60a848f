"""Making input-derived text safe to place in Markdown and reStructuredText output."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Everything that can open or close Markdown structure inline: emphasis, code, links and
# images, raw HTML, entities, GFM tables, strikethrough, GitHub's math, and ``#`` (which
# would close an ATX heading the text ends up in).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~$#])")
# What opens a block where the text starts a list item's content: a list marker or a
# setext underline (the rest, like ``>``, ``#`` and fences, is escaped anyway).
_MARKDOWN_BLOCK_START = re.compile(r"^(?:([+=-])|(\d+)([.)]))")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RST_SPECIAL = re.compile(r"([\\`*_|\[\]<>:])")


def one_line(text: str) -> str:
    """Fold every kind of line break (and other control characters) into single spaces.

    A newline in a table cell ends the row, and one at the start of a list item can open
    a heading or a code block: input text must stay on the line it was put on.
    """
    if text.isprintable():  # no control character, no line or paragraph separator: nothing to fold
        return text
    return _CONTROL.sub(" ", " ".join(text.splitlines()))


def md_escape(text: str) -> str:
    """Input-derived text as literal Markdown text, on one line, wherever a template puts it.

    Safe in a table cell, a link label, a heading or at the start of a list item. Outer
    spaces go: four of them after a list marker would open a code block.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(str(text)).strip(" "))
    return _MARKDOWN_BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def md_code(text: str) -> str:
    """Text as an inline code span, or as escaped text where a code span cannot hold it.

    Inside a code span nothing is interpreted, so names and paths read cleanly; but a
    backtick would close the span and a pipe would still split a GFM table cell, so such
    text (and empty text) falls back to :func:`md_escape`.
    """
    line = one_line(str(text))
    if not line.strip() or "`" in line or "|" in line or line != line.strip():
        return md_escape(line)
    return f"`{line}`"


def rst_escape(text: str) -> str:
    """Input-derived text as literal reStructuredText, on one line."""
    return _RST_SPECIAL.sub(r"\\\1", one_line(str(text)))


def rst_literal(text: str) -> str:
    """A name as an RST inline literal (``name``), the way botocore's CHANGELOG writes them.

    An inline literal cannot hold a backtick or a backslash, nor start or end with a
    space; such text is escaped instead.
    """
    line = one_line(str(text))
    if not line.strip() or "`" in line or "\\" in line or line != line.strip():
        return rst_escape(line)
    return f"``{line}``"


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html_text: str) -> str:
    """The text of an HTML fragment (botocore documentation is HTML), whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html_text)
    collector.close()
    return " ".join("".join(collector.parts).split())


def excerpt(text: str, limit: int = 160) -> str:
    """The first ``limit`` characters of a documentation text, cut at a word, with an ellipsis."""
    flat = plain_text(text)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut + " …"
