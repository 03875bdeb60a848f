"""botocore releases as inputs: ``botocore==X.Y.Z[:SERVICE]`` and ``botocore@FILE``, from the wheel cache, offline."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.errors import InputError
from specdiff.loaders import load
from specdiff.loaders.release import is_release, load_release, pinned
from tests.watchkit import build_wheel


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.2", "1.13.3"):
        build_wheel(version, folder)
    monkeypatch.setenv("SPECDIFF_CACHE", str(folder))
    return folder


def no_pip(args: Sequence[str]):  # type: ignore[no-untyped-def]
    raise AssertionError(f"pip was called: {args}")


def test_a_cached_release_is_a_catalog_and_needs_no_pip(cache: Path) -> None:
    spec = load_release("botocore==1.13.2", cache=cache, runner=no_pip)
    assert spec.kind == "catalog" and spec.version == "1.13.2"
    assert sorted(spec.services) == ["elasticache", "sagemaker"]
    one = load_release("botocore==1.13.2:sagemaker", cache=cache, runner=no_pip)
    assert one.kind == "model" and list(one.services) == ["sagemaker"]
    assert one.services["sagemaker"] == spec.services["sagemaker"]


def test_compare_two_releases_by_name(cache: Path) -> None:
    result = CliRunner().invoke(app, ["compare", "botocore==1.13.1", "botocore==1.13.2", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["old"]["version"] == "1.13.1" and document["new"]["source"] == "botocore==1.13.2"
    assert len(document["changes"]) == 11  # the sagemaker pair: elasticache is the same model
    one = CliRunner().invoke(app, ["compare", "botocore==1.13.2:elasticache", "botocore==1.13.3:elasticache", "--fail-on", "never"])
    assert one.exit_code == 0 and "elasticache" in one.stdout


def test_an_unknown_service_is_named(cache: Path) -> None:
    with pytest.raises(InputError, match="has no service 'nosuch'"):
        load("botocore==1.13.2:nosuch")


def test_uncached_and_offline_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pip itself, kept off every index: what an offline machine gets
    monkeypatch.setenv("SPECDIFF_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    result = CliRunner().invoke(app, ["compare", "botocore==1.13.1", "botocore==1.13.2"])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("specdiff: error: botocore==1.13.1: not in the wheel cache (")
    assert "SPECDIFF_CACHE" in line
    assert not list((tmp_path / "empty").glob("*.whl"))


def test_a_file_of_that_name_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("botocore==1.0").write_text("{}")
    with pytest.raises(InputError, match="neither a botocore service model"):
        load("botocore==1.0")


@pytest.mark.parametrize(
    ("name", "text", "version", "line"),
    [
        ("requirements.txt", "# botocore==0.1 (old)\nrequests>=2\nBotocore[crt] == 1.35.10 ; python_version >= '3.8' \\\n    --hash=sha256:00\n", "1.35.10", 3),
        ("constraints.txt", "boto3==1.35.10\nbotocore===1.35.10\n", "1.35.10", 2),
        ("pyproject.toml", '[project]\ndependencies = [\n  "boto3>=1",\n  "botocore==1.35.0",\n]\n', "1.35.0", 4),
        ("poetry.lock", '[[package]]\nname = "boto3"\nversion = "1.35.0"\n\n[[package]]\nname = "botocore"\nversion = "1.35.2"\n', "1.35.2", 7),
        ("uv.lock", '[[package]]\nname = "botocore"\nversion = "1.35.3"\nsource = { registry = "https://pypi.org/simple" }\n', "1.35.3", 3),
        ("Pipfile.lock", json.dumps({"default": {"boto3": {"version": "==1.35.0"}, "botocore": {"version": "==1.35.4"}}}, indent=4), "1.35.4", 6),
    ],
)
def test_pins_are_read_from_requirements_and_lock_files(tmp_path: Path, name: str, text: str, version: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(text)
    pin = pinned(path)
    assert (pin.version, pin.line) == (version, line)


@pytest.mark.parametrize("text", ["botocore>=1.35\n", "botocore==1.35.*\n", "boto3==1.35.0\n", "# botocore==1.0\n"])
def test_anything_but_an_exact_pin_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    with pytest.raises(InputError, match="pins no botocore release"):
        pinned(path)


def test_compare_the_releases_two_files_pin(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("base.txt").write_text("botocore==1.13.1\n")
    Path("requirements.txt").write_text("boto3==1.10.0\nbotocore==1.13.2\n")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    result = CliRunner().invoke(
        app, ["compare", "botocore@base.txt", "botocore@requirements.txt:sagemaker", "-f", "github", "--fail-on", "warning"]
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error file=requirements.txt,line=2,title=sagemaker ") for line in lines)


def test_release_names() -> None:
    assert is_release("botocore==1.35.0") and is_release("botocore==1.35.0:s3") and is_release("botocore@requirements.txt")
    assert not is_release("boto3==1.35.0") and not is_release("botocore==latest") and not is_release("botocore==1.35.0:../x")
