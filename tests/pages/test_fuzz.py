"""Property: whatever a crawl does to a page, the reader gives a Page or a PageSyntaxError.

Mutations of the real page (lines dropped, duplicated, swapped or re-indented; the text
cut; characters inserted or swapped) must never escape as any other exception, and the
error must name a line and column inside the text.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specdiff.errors import PageSyntaxError
from specdiff.pages.ast import Page, page_from_dict
from specdiff.pages.reader import page_to_json, parse_page
from tests.pagekit import PAGES, REAL_PAGE

# Characters that mean something to the grammar or the post-lexer, and some that do not.
NOISE = "{}[]()'\",:= \n\r\t•¶\u00a0\ufeff\x00\\é|-"


@cache
def real_lines() -> tuple[str, ...]:
    return tuple(gzip.decompress(REAL_PAGE.read_bytes()).decode("utf-8").split("\n"))


@cache
def complete_lines() -> tuple[str, ...]:
    """A complete page: every bracket there, whole deltas, sketches of every kind."""
    return tuple((PAGES / "widgets-2020-01-15.txt").read_text(encoding="utf-8").split("\n"))


def method_starts(lines: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(i for i, line in enumerate(lines) if re.search(r"\((?:new|updated)\) Link", line))


@st.composite
def windows(draw: st.DrawFn) -> list[str]:
    """The title, the summary and one or two method sections (parsing all nine is slower)."""
    lines = draw(st.sampled_from([real_lines(), complete_lines()]))
    starts = method_starts(lines)
    first = draw(st.integers(0, len(starts) - 1))
    last = min(first + draw(st.integers(1, 2)), len(starts))
    end = starts[last] if last < len(starts) else len(lines)
    return list(lines[:4]) + list(lines[starts[first] : end])


@st.composite
def line_mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["drop", "duplicate", "swap", "indent", "dedent"]))
    out = list(lines)
    if kind == "drop":
        del out[i]
    elif kind == "duplicate":
        out.insert(i, out[i])
    elif kind == "swap" and i + 1 < len(out):
        out[i], out[i + 1] = out[i + 1], out[i]
    elif kind == "indent":
        out[i] = " " * draw(st.integers(1, 12)) + out[i]
    elif kind == "dedent":
        out[i] = out[i][draw(st.integers(1, 12)) :] if out[i].startswith(" ") else out[i].lstrip()
    return out


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    if not text:
        return text
    i = draw(st.integers(0, len(text) - 1))
    kind = draw(st.sampled_from(["cut", "insert", "swap", "replace"]))
    if kind == "cut":
        return text[:i]
    if kind == "insert":
        noise = draw(st.text(alphabet=st.sampled_from(NOISE) | st.characters(), min_size=1, max_size=4))
        return text[:i] + noise + text[i:]
    if kind == "swap" and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + draw(st.sampled_from(NOISE)) + text[i + 1 :]


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    lines = draw(windows())
    for _ in range(draw(st.integers(0, 4))):
        lines = draw(line_mutation(lines))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 3))):
        text = draw(text_mutation(text))
    return text


def check(text: str) -> None:
    try:
        result = parse_page(text, source="fuzz.txt")
    except PageSyntaxError as error:
        assert error.source == "fuzz.txt"
        assert isinstance(error.line, int) and isinstance(error.column, int)
        assert 1 <= error.line <= text.count("\n") + 2 and error.column >= 1
        assert "\n" not in str(error)
        return
    assert isinstance(result, Page)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_mutated_page_gives_a_page_or_a_page_syntax_error(text: str) -> None:
    check(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 137_000))
def test_the_whole_page_cut_anywhere(cut: int) -> None:
    check("\n".join(real_lines())[:cut])


def test_unmutated_windows_read() -> None:
    for lines in (real_lines(), complete_lines()):
        starts = method_starts(lines) + (len(lines),)
        for a, b in zip(starts, starts[1:]):
            assert isinstance(parse_page("\n".join(lines[:4] + lines[a:b])), Page)


TITLE = "2019/10/24 - Amazon SageMaker Service - 1 updated api methods\n"


@pytest.mark.parametrize(
    "body, where",
    [
        ("X (updated) Link ¶\nChanges (request)\n" + "{'a': " * 3000 + "'string'" + "}" * 3000, (4, 601)),
        ("X (updated) Link ¶\nChanges (request)\n{'a': " + "[" * 3000, (4, 106)),
        ("X (new) Link ¶\nRequest Syntax\n" + "".join(" " * (4 * i) + "'a': {\n" for i in range(3000)), (105, 405)),
        ("X (new) Link ¶\nResponse Structure\n" + "".join(" " * (2 * i) + "• a (dict) --\n" for i in range(3000)), (105, 203)),
    ],
    ids=["dicts", "lists", "syntax", "bullets"],
)
def test_deep_nesting_is_refused_where_it_passes_the_limit(body: str, where: tuple[int, int]) -> None:
    with pytest.raises(PageSyntaxError, match="nesting deeper than 100 levels") as caught:
        parse_page(TITLE + body + "\n", source="deep.txt")
    assert (caught.value.line, caught.value.column) == where


def test_nesting_up_to_the_limit_reads_and_writes_json() -> None:
    text = TITLE + "X (updated) Link ¶\nChanges (request)\n" + "{'a': " * 100 + "'string'" + "}" * 100 + "\n"
    parsed = parse_page(text)
    assert page_from_dict(json.loads(page_to_json(parsed))) == parsed


def test_a_page_cut_at_any_line_boundary_reads() -> None:
    """A cut at a line boundary is what a lossy crawl gives: never an error."""
    small = (PAGES / "widgets-2020-02-03.txt").read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    for end in range(1, len(small) + 1):
        assert isinstance(parse_page("\n".join(small[:end])), Page)
    lines = real_lines()
    for end in range(1, len(lines) + 1, 97):
        assert isinstance(parse_page("\n".join(lines[:end])), Page)
