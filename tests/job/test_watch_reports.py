"""The watch writes the CI reports when asked, and watches only the services a team names."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from tests.reportkit import parse_command
from tests.watchkit import build_wheel


def watch(tmp_path: Path, *args: str) -> tuple[int, Path]:
    cache = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.2", "1.13.3"):
        build_wheel(version, cache)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["watch", "botocore:1.13.1,1.13.2,1.13.3", "--state", str(tmp_path / "state"), "--out", str(out),
         "--cache", str(cache), "--no-patch", *args],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, out / "botocore"


def test_watch_writes_the_three_reports(tmp_path: Path) -> None:
    code, out = watch(tmp_path, "-f", "github", "-f", "junit", "-f", "sarif", "--fail-on", "warning")
    assert code == 1  # 1.13.2 adds enum values to SageMaker responses: warnings
    step = out / "1.13.1..1.13.2"
    lines = (step / "annotations.txt").read_text().splitlines()
    assert len(lines) == 3 and all(parse_command(line)[0] == "error" for line in lines)
    assert ET.parse(step / "junit.xml").getroot().get("failures") == "3"
    assert len(json.loads((step / "results.sarif").read_text())["runs"][0]["results"]) == 3
    assert not (step / "notes.md").exists()  # only what was asked (and changes.json)
    later = out / "1.13.2..1.13.3"
    assert {parse_command(line)[1]["title"].split(":")[0].split()[0] for line in (later / "annotations.txt").read_text().splitlines()} == {
        "elasticache"
    }


def test_watch_keeps_only_the_services_named(tmp_path: Path) -> None:
    code, out = watch(tmp_path, "--service", "elastic*", "--fail-on", "warning")
    assert code == 0  # the sagemaker warnings are not watched
    changes = json.loads((out / "1.13.1..1.13.2" / "changes.json").read_text())
    assert changes["changes"] == []
    assert {c["service"] for c in json.loads((out / "1.13.2..1.13.3" / "changes.json").read_text())["changes"]} == {
        "elasticache"
    }


def test_watch_can_leave_services_out_and_keep_some_operations(tmp_path: Path) -> None:
    code, out = watch(tmp_path, "--exclude-service", "elasticache", "--operation", "Describe*", "--fail-on", "info")
    assert code == 1
    first = json.loads((out / "1.13.1..1.13.2" / "changes.json").read_text())["changes"]
    assert first and {c["operation"][:8] for c in first} == {"Describe"}
    assert json.loads((out / "1.13.2..1.13.3" / "changes.json").read_text())["changes"] == []


def test_watch_takes_the_cache_compare_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "shared-cache"
    for version in ("1.13.1", "1.13.2"):
        build_wheel(version, cache)
    monkeypatch.setenv("SPECDIFF_CACHE", str(cache))
    result = CliRunner().invoke(
        app, ["watch", "botocore:1.13.1,1.13.2", "--state", str(tmp_path / "s"), "--out", str(tmp_path / "o"), "--no-patch"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o/botocore/1.13.1..1.13.2/changes.json").is_file()


def test_a_folder_of_models_in_the_repository_gets_files_and_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from tests.watchkit import FIXTURES

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    models = tmp_path / "models"
    models.mkdir()
    for version in ("1.13.1", "1.13.2"):
        (models / f"sagemaker-{version}.json").write_bytes(gzip.decompress((FIXTURES / f"sagemaker-{version}.json.gz").read_bytes()))
    result = CliRunner().invoke(
        app, ["watch", "models", "--state", "state", "--out", "out", "-f", "github", "--no-patch", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    (step,) = (tmp_path / "out").glob("*/*/*..*")
    lines = (step / "annotations.txt").read_text().splitlines()
    new_model = (models / "sagemaker-1.13.2.json").read_text().split("\n")
    assert len(lines) == 3
    for line in lines:
        _, properties, _ = parse_command(line)
        assert properties["file"] == "models/sagemaker-1.13.2.json"
        shape = properties["title"].split(":")[0].split()[1]
        assert new_model[int(properties["line"]) - 1].strip() == f'"{shape}":{{'
