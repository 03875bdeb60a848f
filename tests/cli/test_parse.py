"""``specdiff parse``: outputs, atomic -o, and bad input as one clean line with exit status 2.

What is an error and what is a partial page:
- a page cut at a line boundary, inside a ``Changes`` delta or a syntax block, reads as a
  partial page (exit 0): it is what a lossy crawl gives, and what it shows is real;
- a page cut inside a quoted string of a delta is an error: reading it would invent a value;
- no title line, not a page, binary data, an empty file or bytes that are not UTF-8 are errors.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.pages.ast import Page, page_from_dict
from tests.pagekit import PAGES, REAL_PAGE, page

ERROR_LINE = re.compile(r"^specdiff: error: (?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def run(*args: str):
    return CliRunner().invoke(app, ["parse", *args])


def real_text() -> str:
    return gzip.decompress(REAL_PAGE.read_bytes()).decode("utf-8")


def assert_clean_error(result, path, line: int, column: int, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    match = ERROR_LINE.match(lines[0])
    assert match, lines[0]
    assert (match["file"], int(match["line"]), int(match["column"])) == (str(path), line, column)
    for words in expected:
        assert words in match["message"]
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------- bad input


def test_a_python_file_is_not_a_page(tmp_path) -> None:
    path = tmp_path / "tool.py"
    path.write_text('"""A module."""\n\nimport os\n', encoding="utf-8")
    assert_clean_error(run(str(path)), path, 1, 1, "no title line", "not a changelog page")


def test_a_csv_file_is_not_a_page(tmp_path) -> None:
    path = tmp_path / "values.csv"
    path.write_text("name,value\nAcceleratorTypes,ml.eia2.large\n", encoding="utf-8")
    assert_clean_error(run(str(path)), path, 1, 1, "no title line", "not a changelog page")


def test_binary_data(tmp_path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    assert_clean_error(run(str(path)), path, 1, 1, "binary data", "expected a changelog page")


@pytest.mark.parametrize("content", [b"", b"\n\n   \n"], ids=["empty", "blank"])
def test_an_empty_file(tmp_path, content: bytes) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    assert_clean_error(run(str(path)), path, 1, 1, "empty file", "expected a changelog page")


def test_latin1_bytes(tmp_path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(real_text().encode("latin-1", errors="replace"))
    # line 3 is "Changes\u00a0 Update ...": its no-break space is the byte 0xa0 in latin-1
    assert_clean_error(run(str(path)), path, 3, 8, "not UTF-8", "0xa0")


def test_a_page_without_its_title_line(tmp_path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(real_text().split("\n", 2)[2], encoding="utf-8")  # title and the blank after it gone
    assert_clean_error(run(str(path)), path, 1, 1, "no title line", "not a changelog page")


def test_a_page_cut_inside_a_quoted_string_of_a_delta_loses_that_delta(tmp_path) -> None:
    # reading on would invent a value: the delta is lost, said where and why; the rest reads
    lines = real_text().split("\n")
    cut = lines.index("{'ProductionVariants': {'AcceleratorType': {'ml.eia2.large',")
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines[:cut]) + "\n{'ProductionVariants': {'AcceleratorType': {'ml.eia", encoding="utf-8")
    result = run(str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    page = page_from_dict(json.loads(result.stdout))
    last = page.methods[-1]
    assert page.lossy and last.partial and last.changes is not None and last.changes.missing
    (lost,) = last.lost
    assert (lost.section, lost.line, lost.column) == ("changes", cut + 1, 45)
    assert "'ml.eia" in lost.reason
    assert all(not m.lost for m in page.methods[:-1])


def test_a_missing_file() -> None:
    result = run("no/such/page.txt")
    assert result.exit_code == 2
    assert result.stderr == "specdiff: error: no/such/page.txt: no such file or folder\n"


# ---------------------------------------------------------------------------- cut pages that read


def parse_cut(tmp_path, text: str, last_line: str) -> Page:
    """``specdiff parse --format json`` of ``text`` cut after the line ``last_line``."""
    lines = text.split("\n")
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines[: lines.index(last_line) + 1]) + "\n", encoding="utf-8")
    result = run(str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    return page_from_dict(json.loads(result.stdout))


def test_a_lossy_page_cut_inside_a_delta_reads_as_partial(tmp_path) -> None:
    parsed = parse_cut(tmp_path, real_text(), "{'ProductionVariants': {'AcceleratorType': {'ml.eia2.large',")
    method = parsed.methods[-1]
    assert method.name == "CreateEndpointConfig" and method.changes.partial
    assert method.changes.request.get("ProductionVariants").get("AcceleratorType").values == ("ml.eia2.large",)
    assert method.changes.request.get("ProductionVariants").get("InstanceType") is None  # not invented


def test_a_complete_page_cut_inside_a_long_set_reads_as_partial(tmp_path) -> None:
    text = (PAGES / "widgets-2020-01-15.txt").read_text(encoding="utf-8")
    method = parse_cut(tmp_path, text, "                             'ml.c5d.2xlarge',").method("DescribeWidget")
    widget = method.changes.response.get("Widget")
    assert widget.get("InstanceType").values == ("ml.c5d.18xlarge", "ml.c5d.2xlarge")
    assert widget.get("InstanceType").partial and widget.partial and method.changes.response.partial
    assert widget.get("Status") is None


def test_a_complete_page_cut_inside_a_syntax_block_reads_as_partial(tmp_path) -> None:
    text = (PAGES / "widgets-2020-01-15.txt").read_text(encoding="utf-8")
    parsed = parse_cut(tmp_path, text, "        'Height': 123")
    assert parsed.lossy  # four of the five methods the title counts are gone
    syntax = parsed.method("CreateGadget").request_syntax
    assert syntax.partial
    assert [m.name for m in syntax.members] == [
        "Name", "Size", "Weight", "Ratio", "Enabled", "ReleaseDate", "Payload", "Color", "Dimensions",
    ]
    assert syntax.members[-1].partial  # its "}" is gone
    assert not syntax.members[0].partial


# ---------------------------------------------------------------------------- outputs


def test_json_output_is_the_ast(tmp_path) -> None:
    result = run(str(PAGES / "widgets-2020-02-03.txt"), "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert document["format"] == "specdiff-page-ast" and document["version"] == 1
    assert page_from_dict(document) == page("widgets-2020-02-03.txt")


def test_text_output_is_an_outline() -> None:
    result = run(str(REAL_PAGE), "--format", "text")
    assert result.exit_code == 0
    out = result.stdout
    lines = out.splitlines()
    assert lines[0].startswith("Amazon SageMaker Service") and "2019-10-24" in lines[0] and "lossy" in lines[0]
    assert [line for line in lines if "(updated)" in line] == [
        f"{name} (updated) [partial]" for name in (
            "CreateAlgorithm", "CreateEndpointConfig", "CreateModelPackage", "CreateNotebookInstance",
            "DescribeAlgorithm", "DescribeEndpointConfig", "DescribeModelPackage", "DescribeNotebookInstance",
            "UpdateNotebookInstance",
        )
    ]
    whole = [line for line in lines if line.endswith("ml.eia2.large, ml.eia2.medium, ml.eia2.xlarge")]
    assert len(whole) == 3 and all("AcceleratorTypes" in line and "cut short" not in line for line in whole)
    cut = [line for line in lines if "SupportedRealtimeInferenceInstanceTypes" in line and "ml.c5d.18xlarge" in line]
    assert len(cut) == 4 and all("cut short" in line for line in cut)
    assert run(str(REAL_PAGE)).stdout == out  # text is the default


def test_output_file_written_whole_and_deterministic(tmp_path) -> None:
    target = tmp_path / "out" / "page.json"
    first = run(str(REAL_PAGE), "--format", "json", "-o", str(target))
    assert first.exit_code == 0 and first.stdout == ""
    data = target.read_bytes()
    assert run(str(REAL_PAGE), "--format", "json", "--output", str(target)).exit_code == 0
    assert target.read_bytes() == data
    assert json.loads(data)["page"]["title"]["updated"] == 9
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.json"]  # no temporary files left


def test_output_file_untouched_on_bad_input(tmp_path) -> None:
    target = tmp_path / "page.json"
    target.write_text("previous\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("not a page\n", encoding="utf-8")
    result = run(str(bad), "--format", "json", "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "page.json"]
