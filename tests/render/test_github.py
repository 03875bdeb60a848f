"""``--format github``: one workflow command per finding, escaped so that no text leaves its line."""

from __future__ import annotations

import gzip
from pathlib import Path

from specdiff.render.github import escape_data, escape_property, render_github
from specdiff.render.locations import Locator
from specdiff.render.report import build_report
from tests.reportkit import REPO, check_golden, hostile_comparison, parse_command, sagemaker


def test_sagemaker_annotations_match_golden() -> None:
    comparison = sagemaker()
    text = render_github(comparison, fail_on="warning", locate=Locator(comparison, root=REPO))
    check_golden("sagemaker-1.13.1-1.13.2.github.txt", text)
    lines = text.splitlines()
    assert len(lines) == 3  # three findings, one command each
    commands = [parse_command(line) for line in lines]
    # --fail-on warning: the three warnings fail the run, so they are errors
    assert [c for c, _, _ in commands] == ["error", "error", "error"]
    assert {p["file"] for _, p, _ in commands} == {"fixtures/models/sagemaker-1.13.2.json.gz"}
    assert commands[2][1]["title"] == "sagemaker ProductionVariantInstanceType: 18 enum values added"
    assert "response ProductionVariants[].InstanceType (warning): DescribeEndpointConfig" in commands[2][2].splitlines()


def test_the_command_follows_fail_on_then_severity() -> None:
    comparison = sagemaker()
    commands = {parse_command(line)[0] for line in render_github(comparison, fail_on="breaking").splitlines()}
    assert commands == {"warning"}
    assert render_github(comparison, fail_on="never").count("::warning ") == 3


def test_hostile_text_stays_one_command_per_line_and_reads_back() -> None:
    comparison = hostile_comparison()
    report = build_report(comparison)
    text = render_github(comparison)
    lines = text.split("\n")
    assert lines[-1] == ""  # one trailing newline
    lines = lines[:-1]
    assert len(lines) == len(report.items)
    assert "\r" not in text
    for line, item in zip(lines, report.items):
        command, properties, message = parse_command(line)
        assert command in ("error", "warning", "notice")
        assert set(properties) == {"title"}  # no input can add a property (file=, line=)
        assert properties["title"] == _plain(item.headline)
        assert message == _plain("\n".join(item.details))


def _plain(text: str) -> str:
    # what the escaping keeps: line separators become line feeds, other control characters U+FFFD
    out = []
    for char in text:
        if char in "\u2028\u2029\x85\x0b\x0c":
            out.append("\n")
        elif char in "\r\n\t" or (char >= " " and char != "\x7f"):
            out.append(char)
        else:
            out.append("\ufffd")
    return "".join(out)


def test_escapes_are_githubs() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb"


def test_a_plain_model_in_the_repository_gives_the_line_of_the_shape(tmp_path: Path) -> None:
    from specdiff.compare.diff import compare
    from specdiff.loaders import load

    models = tmp_path / "models"
    models.mkdir()
    for version in ("1.13.1", "1.13.2"):
        data = gzip.decompress((REPO / "fixtures/models" / f"sagemaker-{version}.json.gz").read_bytes())
        (models / f"sagemaker-{version}.json").write_bytes(data)
    comparison = compare(load(models / "sagemaker-1.13.1.json"), load(models / "sagemaker-1.13.2.json"))
    text = render_github(comparison, locate=Locator(comparison, root=tmp_path))
    located = {p["title"].split(":")[0]: (p["file"], int(p["line"])) for _, p, _ in map(parse_command, text.splitlines())}
    new_lines = (models / "sagemaker-1.13.2.json").read_text().split("\n")
    for title, (file, line) in located.items():
        shape = title.split()[1]
        assert file == "models/sagemaker-1.13.2.json"
        assert new_lines[line - 1].strip() == f'"{shape}":{{'
    # outside the repository: no file at all
    elsewhere = render_github(comparison, locate=Locator(comparison, root=tmp_path / "other"))
    assert "file=" not in elsewhere


def test_a_hostile_file_name_stays_one_property(tmp_path: Path) -> None:
    from specdiff.compare.diff import compare
    from specdiff.loaders import load

    folder = tmp_path / "odd, name: 100%"
    folder.mkdir()
    for version in ("1.13.1", "1.13.2"):
        data = gzip.decompress((REPO / "fixtures/models" / f"sagemaker-{version}.json.gz").read_bytes())
        (folder / f"v{version}.json").write_bytes(data)
    comparison = compare(load(folder / "v1.13.1.json"), load(folder / "v1.13.2.json"))
    lines = render_github(comparison, locate=Locator(comparison, root=tmp_path)).splitlines()
    assert len(lines) == 3
    for line in lines:
        _, properties, _ = parse_command(line)
        assert properties["file"] == "odd, name: 100%/v1.13.2.json"
        assert set(properties) == {"file", "line", "title"}
