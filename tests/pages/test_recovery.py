"""Pages as users have them: site chrome around the page, sections that cannot be read,
hostile text. Each reads with what was lost said where and why, or is one clean error."""

from __future__ import annotations

import pytest

from specdiff.errors import PageSyntaxError
from specdiff.pages.ast import Lost
from specdiff.pages.reader import parse_page
from tests.pagekit import PAGES

COMPLETE = (PAGES / "widgets-2020-01-15.txt").read_text(encoding="utf-8")
CHROME = "    Amazon Widget Service\n\n  • API Changes\n  • Services\n  • Amazon Widget Service\n  • 2020-01-15\n\n"
FOOTER = "\nAWS API Changes Built for Builders by Builders.\n"


def test_chrome_and_footer_around_a_page_are_skipped_and_the_lines_keep_their_numbers() -> None:
    bare = parse_page(COMPLETE)
    page = parse_page(CHROME + COMPLETE + FOOTER)
    assert (page.skipped.before, page.skipped.start) == (7, 8)
    assert page.skipped.after == 1  # the footer line
    assert [m.name for m in page.methods] == [m.name for m in bare.methods]
    assert [m.line for m in page.methods] == [m.line + 7 for m in bare.methods]
    assert page.methods[-1].exceptions == bare.methods[-1].exceptions  # the footer is not an item
    assert page.title == bare.title and not page.lossy


def test_text_without_a_title_line_anywhere_is_the_one_clean_error() -> None:
    with pytest.raises(PageSyntaxError, match="no title line") as caught:
        parse_page(CHROME + COMPLETE.split("\n", 1)[1])
    assert (caught.value.line, caught.value.column) == (1, 1)


def damaged(old: str, new: str) -> str:
    assert COMPLETE.count(old) >= 1, old
    return COMPLETE.replace(old, new, 1)


def test_an_unreadable_delta_is_lost_there_and_the_rest_of_the_page_reads() -> None:
    bare = parse_page(COMPLETE)
    target = next(m for m in bare.methods if m.changes is not None)
    lines = COMPLETE.split("\n")
    delta_line = target.line + 1  # the index of the line after "Changes (...)"
    assert lines[delta_line].startswith("{'")
    lines[delta_line] = lines[delta_line].replace(",", ": ,", 1)
    page = parse_page("\n".join(lines))
    method = page.method(target.name)
    assert method is not None and method.partial and page.lossy
    (lost,) = method.lost
    assert isinstance(lost, Lost) and lost.section == "changes" and lost.line == delta_line + 1
    assert lost.column > 1 and "unexpected ':'" in lost.reason
    assert method.changes is not None and method.changes.missing
    assert method.request_syntax == target.request_syntax  # the body after it still reads
    for other in page.methods:
        if other.name != target.name:
            assert other == bare.method(other.name)


def test_a_delta_damaged_after_its_first_line_keeps_what_came_before_as_partial() -> None:
    text = (
        "2020/01/15 - Amazon Widget Service - 1 updated api methods\n\n"
        "Foo (updated) Link ¶\nChanges (request)\n"
        "{'Mode': {'A',\n          'B',\n          'C'},\n 'Size': 'x': 'y'}\n\nDoes foo.\n"
    )
    method = parse_page(text).methods[0]
    assert method.changes is not None and method.changes.partial
    mode = method.changes.request.get("Mode")  # type: ignore[union-attr]
    assert mode is not None and mode.values == ("A", "B", "C")
    assert method.lost[0].line == 8 and method.description == "Does foo."


def test_a_line_deeper_than_its_bracket_is_where_lines_were_lost() -> None:
    text = (
        "2020/01/15 - Amazon Widget Service - 1 updated api methods\n\n"
        "Foo (updated) Link ¶\nChanges (request)\n"
        "{'Mode': {'A',\n                 'Z'},\n 'Size': 'string'}\n\nDoes foo.\n"
    )
    method = parse_page(text).methods[0]
    assert method.partial and method.lost[0].line == 6 and "deeper" in method.lost[0].reason
    mode = method.changes.request.get("Mode")  # type: ignore[union-attr]
    assert mode is not None and mode.values == ("A",) and mode.partial


def test_an_enum_sketch_whose_separator_may_be_lost_is_flagged_not_split_into_new_values() -> None:
    text = (
        "2020/01/15 - Amazon Widget Service - 1 updated api methods\n\n"
        "Foo (updated) Link ¶\nChanges (request)\n"
        "{'Direction': 'flexible | bidirectional '\n              'outbound-only | inbound'}\n\nDoes foo.\n"
    )
    sketch = parse_page(text).methods[0].changes.request.get("Direction")  # type: ignore[union-attr]
    assert sketch is not None and sketch.partial
    assert sketch.values == ("flexible", "inbound")  # 'bidirectional outbound-only' is no value


def test_a_whole_enum_sketch_across_lines_reads_whole() -> None:
    text = (
        "2020/01/15 - Amazon Widget Service - 1 updated api methods\n\n"
        "Foo (updated) Link ¶\nChanges (request)\n"
        "{'Direction': 'flexible | bidirectional | '\n              'outbound-only | inbound'}\n\nDoes foo.\n"
    )
    sketch = parse_page(text).methods[0].changes.request.get("Direction")  # type: ignore[union-attr]
    assert sketch.values == ("flexible", "bidirectional", "outbound-only", "inbound") and not sketch.partial


# ---------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize(
    "text,words,line,column",
    [
        ("2019/10/24 - X - 1 new api methods\nFoo (new) Link ¶\n\ud800\n", "lone surrogate", 3, 1),
        ("2019/10/24 - X - " + "9" * 5000 + " new api methods\n", "5000 digits", 1, 18),
        ("<html><body><![CDA x]><p>2019/10/24 - X - 1 new api methods</p></body></html>", "malformed HTML", 1, 1),
        # lists nested past any bullet tree: refused where they pass the bound (each level's
        # indentation was built anew for every item: quadratic, 23 s at 50,000 levels)
        ("<html><body><p>2019/10/24 - X - 1 new api methods</p>\n" + "<ul><li>" * 50000, "lists nested deeper than 100", 2, 801),
    ],
)
def test_hostile_text_is_one_clean_error(text: str, words: str, line: int, column: int) -> None:
    with pytest.raises(PageSyntaxError, match=words) as caught:
        parse_page(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    str(caught.value).encode("utf-8")  # the message itself can be printed


def test_a_lone_surrogate_escape_in_a_delta_is_lost_not_read() -> None:
    text = "2019/10/24 - X - 1 updated api methods\n\nFoo (updated) Link ¶\nChanges (request)\n{'A': {'\\ud800'}}\n\nDoes.\n"
    method = parse_page(text).methods[0]
    assert method.lost[0].section == "changes" and "surrogate" in method.lost[0].reason
    assert method.changes is not None and method.changes.missing and method.description == "Does."


def test_html_with_every_details_closed_before_the_title_reads() -> None:
    html = (
        "<html><body><details></details><details></details>"
        "<p>2019/10/24 - X Service - 1 new api methods</p><p>Foo (new) Link ¶</p></body></html>"
    )
    page = parse_page(html)
    assert [m.name for m in page.methods] == ["Foo"]


@pytest.mark.parametrize("spaces", ["lead", "after-date", "before-dash", "no-title"])
def test_long_runs_of_spaces_on_the_title_line_read_in_linear_time(spaces: str) -> None:
    run = " " * 256_000  # quadratic work here would take minutes
    text = {
        "lead": run + "2019/10/24 - X - 1 new api methods\n",
        "after-date": "2019/10/24 -" + run + "X - 1 new api methods\n",
        "before-dash": "2019/10/24 - X" + run + "- 1 new api methods\n",
        "no-title": "2019/10/24 - X -" + run + "\n",
    }[spaces]
    if spaces == "no-title":
        with pytest.raises(PageSyntaxError, match="no title line"):
            parse_page(text)
    else:
        assert parse_page(text).title.service == "X"


N = 400_000  # a line this long read in quadratic time would take hours
HEAD = "2019/10/24 - X - 1 updated api methods\n\nFoo (updated) Link ¶\n"
LONG_LINES = {
    "prose of spaces": HEAD + "a" + " " * N + "\n",
    "Changes and spaces": HEAD + "Changes" + " " * N + "(\n",
    "a string of escapes": HEAD + "Changes (request)\n{'a': '" + "\\\\" * N + "\n",
    "a bullet of spaces": HEAD + "Response Structure\n  • " + " " * N + "(\n",
    "a bullet of words": HEAD + "Response Structure\n  • " + "a " * N + "(string)\n",
    "type and spaces": HEAD + "type" + " " * N + "x y\n",
    "an enum key never closed": HEAD + "Request Syntax\nclient.foo(\n    " + "'a'|" * N + "\n",
    "quotes escaped": HEAD + "Request Syntax\nclient.foo(\n    'a" + "\\'" * N + "\n",
    "a method line of spaces": "2019/10/24 - X - 1 new api methods\n\nFoo" + " " * N + "(new\n",
    "a call line of spaces": HEAD + "Request Syntax\nresponse" + " " * N + "=\n",
    "colons": HEAD + "Changes (request)\n{'a'" + ": " * N + "\n",
    "commas": HEAD + "Changes (request)\n{'a': 'b'" + ", " * N + "\n",
    "a title of dashes": "2019/10/24" + " -" * N + "\n",
    "a title of counts": "2019/10/24 - X -" + " 1" * N + " new api methods\n",
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_every_kind_of_line_reads_in_linear_time(name: str) -> None:
    try:
        result = parse_page(LONG_LINES[name])
    except PageSyntaxError as error:
        assert error.line is not None
    else:
        assert result.title is not None


def test_a_method_of_thousands_of_broken_sections_costs_a_few_parses() -> None:
    # a parameter after the returns section is out of place: every one of them fails
    broken = "rtype\ndict\n" + "".join(f"type P{i}\nstring\nparam P{i}\nA parameter.\n\n" for i in range(3000))
    text = HEAD + "Changes (request)\n{'A': 'string'}\n\nDoes foo.\n\nRequest Syntax\n\nclient.foo(\n    A='string'\n)\n\n" + broken
    (method,) = parse_page(text).methods
    from specdiff.pages.recovery import MAX_FAILURES

    assert 1 <= len(method.lost) <= MAX_FAILURES + 1
    assert "the rest of the method is not read" in method.lost[-1].reason
    assert method.changes is not None and method.changes.request is not None  # what came before reads
    assert method.request_syntax is not None and [m.name for m in method.request_syntax.members] == ["A"]


# ---------------------------------------------------------------------------- merged lines


def test_a_delta_line_between_two_brackets_item_columns_is_where_lines_were_lost() -> None:
    # a crawl merged two delta lines: the next line stands left of the inner bracket's
    # items but right of the outer's, so it belongs to neither (pprint puts every item at
    # its bracket's column); read as a sibling in the outer bracket it would be invented
    text = (
        "2020/01/15 - Amazon Widget Service - 1 updated api methods\n\n"
        "Foo (updated) Link ¶\nChanges (response)\n"
        "{'Items': {'Flag': 'boolean',     'Config': {'OnFailure': {'Target': 'string'},\n"
        "                      'OnSuccess': {'Target': 'string'}},\n"  # where pprint put it
        "           'Retries': 'integer'}}\n\nDoes foo.\n"
    )
    method = parse_page(text).methods[0]
    assert method.partial and method.lost[0].line == 6 and "deeper" in method.lost[0].reason
    items = method.changes.response.get("Items")  # type: ignore[union-attr]
    assert items is not None and items.get("OnSuccess") is None  # not placed under Items
    config = items.get("Config")
    assert config is not None and config.get("OnFailure") is not None and config.partial


@pytest.mark.parametrize(
    "line",
    [
        "    Mode='A'|'B',     NextToken='string',",  # two keyword lines merged
        "        'kind': 'A'|'B',         'status': 'X'|'Y',",  # two keys merged
        "        'kind': 'A'|'B' 'C',",
    ],
)
def test_a_syntax_enum_that_is_not_one_run_of_quoted_values_is_no_enum(line: str) -> None:
    from specdiff.pages.syntax import read_line

    read = read_line(line.strip(), 5, 10)
    assert read.kind != "enum" and read.values == ()
