"""The extent of a page inside the text it came in: its title line, the site chrome
before it and the footer after it, found line by line without backtracking."""

from __future__ import annotations

from dataclasses import dataclass

from specdiff.errors import PageSyntaxError
from specdiff.pages.ast import Title

#: a title count longer than this is no count of methods (and int() of thousands of
#: digits is refused by Python itself)
MAX_COUNT_DIGITS = 6

#: at most this many lines after the last method are taken for a footer; a longer run
#: of flush-left prose is read as part of the page
MAX_FOOTER_LINES = 20

TITLE_FORMAT = "'YYYY/MM/DD - Service - N updated api methods'"

# Lines that open a section of a method: they end the run a footer is looked for in.
_SECTION_STARTS = (
    "Changes (", "Request Syntax", "Response Syntax", "Response Structure", "Exceptions",
    "Parameters", "rtype", "returns", "type ", "param ",
)


@dataclass(frozen=True)
class Extent:
    """Where the page proper is: 0-based indexes of the title line and of the first line
    after the page (the footer's first line, or the line count)."""

    title: Title
    start: int
    stop: int


def read_title(line: str, *, source: str = "<page>", number: int = 1) -> Title | None:
    """The title a line holds, or None; every step is a split or a strip (linear)."""
    text = line.strip(" ")
    if len(text) < 10 or not (text[:4].isdigit() and text[4] == "/"):
        return None
    date, sep, rest = text.partition(" ")
    parts = date.split("/")
    if not sep or len(parts) != 3 or not all(p.isdigit() and p.isascii() for p in parts):
        return None
    if len(parts[0]) != 4 or not (1 <= len(parts[1]) <= 2 and 1 <= len(parts[2]) <= 2):
        return None
    rest = rest.lstrip(" ")
    if not rest.startswith("- "):
        return None
    rest = rest[2:].lstrip(" ")
    tail = rest.rstrip(" ")
    counts: dict[str, int] = {}
    for word in ("methods", "api"):
        if not tail.endswith(word) or not tail[: -len(word)].endswith(" "):
            return None
        tail = tail[: -len(word)].rstrip(" ")
    for word in ("updated", "new"):
        if tail.endswith(word) and tail[: -len(word)].endswith(" "):
            head = tail[: -len(word)].rstrip(" ")
            digits = len(head) - len(head.rstrip("0123456789"))
            if digits and head[:-digits].endswith(" "):
                if digits > MAX_COUNT_DIGITS:
                    raise PageSyntaxError(
                        f"a title count of {digits} digits; expected a count of methods",
                        source=source, line=number, column=line.find(head[-digits:]) + 1,
                    )
                counts[word] = int(head[-digits:])
                tail = head[:-digits].rstrip(" ")
    if not tail.endswith(" -"):
        return None
    service = tail[:-1].strip(" ")
    if not service:
        return None
    date_text = "-".join(p.zfill(2) for p in parts)
    return Title(date=date_text, service=service, new=counts.get("new", 0), updated=counts.get("updated", 0))


def find_extent(lines: list[str], *, source: str = "<page>") -> Extent:
    """The page proper among ``lines``: from its title line to before a trailing footer.

    Whatever stands before the title (a heading, breadcrumbs, navigation) is site chrome.
    After the last method, a short run of flush-left prose (lines that open with a
    letter) that follows an indented line (a bullet tree: a method ends with one) is
    the site's footer, never part of a method.
    """
    for index, line in enumerate(lines):
        title = read_title(line, source=source, number=index + 1) if line[:1].isdigit() or line[:1] == " " else None
        if title is not None:
            break
    else:
        raise PageSyntaxError(
            f"no title line {TITLE_FORMAT} anywhere: not a changelog page",
            source=source, line=1, column=1,
        )
    return Extent(title=title, start=index, stop=_footer_start(lines, index + 1))


def _footer_start(lines: list[str], first: int) -> int:
    stop = len(lines)
    run = stop
    prose = 0  # flush-left lines in the run (blank lines do not count)
    while run > first:
        line = lines[run - 1]
        if line.strip():
            if not line[:1].isalpha() or line.startswith(_SECTION_STARTS) or "(new)" in line or "(updated)" in line:
                break  # indented, a syntax line, a section or a method: the page itself
            prose += 1
            if prose > MAX_FOOTER_LINES:
                return stop
        run -= 1
    if not prose or run <= first:
        return stop
    previous = lines[run - 1]
    text = previous.lstrip(" ")
    # a bullet tree's line: indented, a bullet or prose (not a delta's or syntax's literal)
    if len(previous) - len(text) < 2 or not (text[:1] == "•" or text[:1].isalpha()) or text.startswith(("client.", "response = ")):
        return stop
    while run < stop and not lines[run].strip():
        run += 1  # the blank lines before the footer stay with the page
    return run
