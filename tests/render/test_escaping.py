"""Escaping input text for Markdown and RST: hostile strings come out as the same text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specdiff.render.escaping import (
    excerpt,
    md_code,
    md_escape,
    one_line,
    rst_escape,
    rst_literal,
)
from tests.notekit import HOSTILE, md_parser


def _cell_text(markdown_cell: str) -> tuple[list[str], str]:
    """Parse ``| a | cell |`` and return the inline token types and text of the second cell."""
    tokens = md_parser.parse(f"| a | b |\n| --- | --- |\n| a | {markdown_cell} |\n")
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4, markdown_cell  # two header cells, two body cells: no cell split
    children = cells[3].children or []
    return [c.type for c in children], "".join(c.content for c in children)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_round_trips_hostile_text_as_plain_text(text: str) -> None:
    types, content = _cell_text(md_escape(text))
    assert set(types) <= {"text"}
    assert content == one_line(text).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_md_code_round_trips_hostile_text(text: str) -> None:
    types, content = _cell_text(md_code(text))
    assert set(types) <= {"text", "code_inline"}
    assert content == one_line(text).strip()


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab |[]<>`*_\\\n&~$!#()-.:{}") + ["\r", "\t", "é"]),
        max_size=30,
    )
)
def test_md_escape_keeps_any_text_inert(text: str) -> None:
    types, content = _cell_text(md_escape(text))
    assert set(types) <= {"text"}
    assert content == one_line(text).strip(" ")


def test_md_code_uses_a_code_span_when_it_can() -> None:
    assert md_code("ProductionVariants[].InstanceType") == "`ProductionVariants[].InstanceType`"
    assert md_code("a|b") == "a\\|b"
    assert md_code("a`b") == "a\\`b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sagemaker", "``sagemaker``"),
        ("a`b", "a\\`b"),
        ("x\\y", "x\\\\y"),
        (" pad", " pad"),
        ("a\nb", "``a b``"),
    ],
)
def test_rst_literal(text: str, expected: str) -> None:
    assert rst_literal(text) == expected


def test_rst_escape_reads_back_as_the_text() -> None:
    docutils_core = pytest.importorskip("docutils.core")
    for text in HOSTILE:
        source = f"* api-change:``svc``: {rst_escape(text)}\n"
        tree = docutils_core.publish_doctree(source, settings_overrides={"report_level": 5})
        assert tree.astext() == ("api-change:svc: " + one_line(text).strip()).strip(), text


def test_excerpt_strips_markup_and_cuts_at_a_word() -> None:
    assert excerpt("<p>Hello <b>world</b></p>") == "Hello world"
    long = "<p>" + "word " * 60 + "</p>"
    cut = excerpt(long, limit=40)
    assert cut.endswith(" …") and len(cut) <= 42 and "wor …" not in cut


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_one_line_leaves_one_line_and_only_breaks_and_controls_change(text: str) -> None:
    def folded(char: str) -> bool:  # a line break of any kind, or a control character
        return len(f"a{char}b".splitlines()) == 2 or ord(char) < 0x20 or char == "\x7f"

    line = one_line(text)
    assert len(line.splitlines()) <= 1 and not any(folded(c) for c in line)
    # every other character stays, in its order (breaks and controls became spaces)
    assert [c for c in line if c != " "] == [c for c in text if c != " " and not folded(c)]
    if text.isprintable():
        assert line == text
