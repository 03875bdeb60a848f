"""HTML changelog pages, as the site serves them, turned into the text the grammar reads.

The site puts each method in a ``<details>`` (``<summary>`` holds the name and status),
each delta and syntax literal in a ``<pre>``, and the method body as docutils HTML
(paragraphs, field lists for ``type``/``param``, nested ``<ul>`` bullet trees). This module
walks that with :mod:`html.parser` (a real HTML parser: no regular expressions over
markup) and lays it out the way a text crawl of the page does.
"""

from __future__ import annotations

from html.parser import HTMLParser

from specdiff.errors import PageSyntaxError
from specdiff.pages.extent import TITLE_FORMAT, read_title

_BLOCKS = frozenset(
    {"p", "div", "details", "section", "article", "header", "footer", "main", "nav",
     "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table", "tr",
     "blockquote", "pre", "li", "hr", "aside", "figure"}
)
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})
_END_OF_METHODS = "\x00end-of-methods\x00"

#: lists nested deeper than any bullet tree (the text reader refuses as many indentation
#: levels anyway); past it a page is refused, not laid out
MAX_LIST_NESTING = 100


class _TooDeep(Exception):
    """Raised by the layout where lists nest past :data:`MAX_LIST_NESTING`."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line, self.column = line, column


class _TextLayout(HTMLParser):
    """Collects the page's lines: inline text joins, blocks break lines, ``<pre>`` is kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.pre = 0
        self.open_items: list[bool] = []  # per open <ul>/<ol>: is one of its <li> open?
        self.indent = ""  # the indentation of prose inside the innermost list item
        self.indents: list[str] = []
        self.pending_bullet = False

    # -- layout helpers

    def _break(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            if self.pending_bullet:  # a list item's first line: the bullet, two columns left
                self.lines.append(self.indent[:-2] + "• " + text)
                self.pending_bullet = False
            else:
                self.lines.append(self.indent + text)
        self.current = []

    def _blank(self) -> None:
        self._break()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self._break()
        elif tag == "pre":
            self._blank()
            self.pre += 1
            self.current = []
        elif tag in ("ul", "ol"):
            self._blank()
            if len(self.open_items) >= MAX_LIST_NESTING:
                line, offset = self.getpos()  # where this tag starts
                raise _TooDeep(line, offset + 1)
            self.open_items.append(False)
        elif tag == "li":
            self._close_item()  # HTML lets an <li> end where the next one starts
            if not self.open_items:
                self.open_items.append(False)  # an <li> outside any list
            self.indents.append(self.indent)
            self.indent = "  " * len(self.open_items) + "  "
            self.open_items[-1] = True
            self.pending_bullet = True
        elif tag in _BLOCKS:
            self._blank()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
            text = "".join(self.current).strip("\n")
            self.current = []
            for line in text.split("\n"):
                self.lines.append(line.rstrip())
            self.lines.append("")
        elif tag in ("ul", "ol"):
            self._close_item()  # and an open <li> ends with its list
            if self.open_items:
                self.open_items.pop()
        elif tag == "li":
            self._close_item()
        elif tag == "details":
            self._blank()
            self.lines.append(_END_OF_METHODS)
        elif tag in _BLOCKS:
            self._blank()

    def _close_item(self) -> None:
        self._blank()
        if self.open_items and self.open_items[-1]:
            self.open_items[-1] = False
            self.pending_bullet = False
            self.indent = self.indents.pop() if self.indents else ""

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.current.append(data)

    def close(self) -> None:
        super().close()
        self._break()


def html_to_text(html: str, *, source: str = "<page>") -> str:
    """The text of an HTML changelog page, laid out as the page's text form."""
    layout = _TextLayout()
    try:
        layout.feed(html)
        layout.close()
    except AssertionError as exc:  # html.parser asserts on some malformed markup (<![CDA x]>)
        raise PageSyntaxError(f"malformed HTML ({exc}); expected a changelog page", source=source, line=1, column=1) from None
    except _TooDeep as deep:
        raise PageSyntaxError(
            f"lists nested deeper than {MAX_LIST_NESTING} levels; expected a changelog page",
            source=source, line=deep.line, column=deep.column,
        ) from None
    lines = layout.lines
    start = next(
        (i for i, line in enumerate(lines) if read_title(line.replace("\u00a0", " "), source=source, number=1) is not None),
        None,
    )
    if start is None:
        raise PageSyntaxError(f"HTML without a changelog title ({TITLE_FORMAT})", source=source, line=1, column=1)
    # the page ends where its last method's <details> does; one closed before the title is chrome
    ends = [i for i, line in enumerate(lines) if line == _END_OF_METHODS and i > start]
    stop = ends[-1] if ends else len(lines)
    body = [line for line in lines[start:stop] if line != _END_OF_METHODS]
    body[0] = body[0].strip()
    return "\n".join(body) + "\n"
