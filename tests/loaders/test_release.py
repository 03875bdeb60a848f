"""botocore releases as inputs: ``botocore==X.Y.Z[:SERVICE]`` and ``botocore@FILE``, from the wheel cache, offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
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
    # meant as a release, so refused as one (below), not looked for as a file
    assert is_release("botocore==latest") and is_release("botocore==1.35.0:../x")
    assert not is_release("boto3==1.35.0") and not is_release("botocore.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("botocore==", "no release number after botocore=="),
        ("botocore==latest", "not a botocore release number: 'latest' (expected X.Y.Z, like 1.35.0)"),
        ("botocore==../../x", "not a botocore release number: '../../x'"),
        ("botocore==1.13.1.", "not a botocore release number: '1.13.1.'"),
        ("botocore== 1.13.1", "not a botocore release number: ' 1.13.1'"),
        ("botocore===1.13.1", "not a botocore release number: '=1.13.1'"),
        ("botocore==1.13.1.4", "not a botocore release number: '1.13.1.4'"),
        ("botocore==" + "1" * 5000, "not a botocore release number: '11111111"),
        ("botocore==1.13.1:", "name a service after ':'"),
        ("botocore==1.13.1:../x", "not a service name: '../x'"),
        ("botocore==1.13.1:s3/../x", "not a service name: 's3/../x'"),
    ],
)
def test_a_malformed_release_is_one_clear_line(cache: Path, text: str, message: str) -> None:
    result = CliRunner().invoke(app, ["compare", text, "botocore==1.13.2"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"specdiff: error: {text[:40]}") and message in line
    assert len(line) < 6000


@pytest.mark.parametrize(("text", "version"), [("1.13.2", "1.13.2"), ("1.13.2.0", "1.13.2"), ("01.013.02", "1.13.2")])
def test_a_release_number_is_read_as_pip_reads_it(cache: Path, text: str, version: str) -> None:
    # pip takes botocore==1.13.2.0 for 1.13.2: the cached wheel is found under its own name
    spec = load_release(f"botocore=={text}:sagemaker", cache=cache, runner=no_pip)
    assert spec.version == version


def test_a_short_release_number_is_the_release_pip_would_fetch(tmp_path: Path) -> None:
    # botocore==1.2 is 1.2.0 to pip: asked for by that name, found by that name
    asked: list[list[str]] = []

    def pip(args: Sequence[str]):  # type: ignore[no-untyped-def]
        asked.append(list(args))
        target = Path(args[args.index("-d") + 1])
        built = build_wheel("1.13.1", tmp_path / "built")
        shutil.copy(built, target / built.name.replace("1.13.1", "1.13.0"))

        return subprocess.CompletedProcess(args, 0, "", "")

    spec = load_release("botocore==1.13:sagemaker", cache=tmp_path / "wheels", runner=pip)
    assert spec.version == "1.13.0"
    assert "botocore==1.13.0" in asked[0]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("Pipfile.lock", '{"default": [], "develop": "x"}', "pins no botocore release"),
        ("Pipfile.lock", '{"default": {"botocore": []}}', "pins no botocore release"),
        ("Pipfile.lock", '{"default": {"botocore": {"version": 1}}}', "pins no botocore release"),
        ("Pipfile.lock", '{"default": {"botocore": {"version": "==1.35.0; rm -rf /"}}}', "not pinned to one release"),
        ("Pipfile.lock", '{"default": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("Pipfile.lock", '{"default": {"botocore": {"version": "==1.35.0"}}, "n": ' + "1" * 5000 + "}", "invalid JSON"),
        ("Pipfile.lock", '{"default": {"botocore": {"version": "==1.35.0.1"}}}', "not a botocore release number: '1.35.0.1'"),
        ("requirements.txt", "botocore==" + "1" * 5000 + "\n", "not a botocore release number"),
    ],
)
def test_a_broken_pin_file_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text)
    result = CliRunner().invoke(app, ["compare", f"botocore@{name}", f"botocore@{name}"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"specdiff: error: {name}") and message in line


@pytest.mark.parametrize(("text", "version"), [("botocore==1.35\n", "1.35.0"), ("botocore == 01.35.10.0\n", "1.35.10")])
def test_a_pin_is_read_as_pip_reads_it(tmp_path: Path, text: str, version: str) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    assert pinned(path).version == version


@pytest.mark.parametrize(
    "line",
    ["botocore[" * 20_000, "botocore[a" * 20_000, "botocore " * 20_000, "botocore==1." * 20_000, "botocore==" + "1" * 200_000 + "x"],
)
def test_a_pin_line_is_read_in_linear_time(tmp_path: Path, line: str) -> None:
    # 20,000 openings of an extras list: each once scanned to the end of the line took
    # 18 s; read in one pass, well under one
    path = tmp_path / "requirements.txt"
    path.write_text(line + "\nbotocore==1.35.0\n")
    started = time.process_time()
    assert pinned(path).version == "1.35.0"
    assert time.process_time() - started < 2
