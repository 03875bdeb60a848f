"""The stubs as a boto3 user gets them: `pip install DIR/*` into a fresh venv with boto3 and mypy, then
mypy --strict on a real-looking script (tests/stubs/usage/boto3_script.py) flags exactly its marked lines.

The venv is built once and kept in pytest's cache folder (``.pytest_cache``), from wheels pip
downloads there once; later runs install offline from those wheels. Where no wheel is cached
and no package index answers, the test is skipped, saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from specdiff.loaders import load
from specdiff.stubs import write_stubs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "models"
CATALOG = FIXTURES / "botocore-1.44.8"  # s3, dynamodb, lambda and bedrock-runtime, with paginators and waiters
SCRIPT = Path(__file__).resolve().parent / "usage" / "boto3_script.py"

# what a user installs beside the stubs: boto3 itself, a type checker, and what the
# distributions need to build (hatchling) and depend on
REQUIREMENTS = ("boto3==1.44.8", "mypy", "botocore-stubs", "typing-extensions", "hatchling")


def _pip(python: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def user_venv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a venv holding boto3, mypy, botocore-stubs and hatchling (built once, kept)."""
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    base = Path(cache.mkdir("specdiff-boto3-user")) if cache is not None else tmp_path_factory.mktemp("boto3-user")
    wheels, venv = base / "wheels", base / "venv"
    python = venv / "bin" / "python"
    ready = venv / "specdiff-ready"
    if ready.exists() and ready.read_text(encoding="utf-8") == "\n".join(REQUIREMENTS):
        return python
    shutil.rmtree(venv, ignore_errors=True)
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    offline = _pip(python, "install", "--no-index", "--find-links", str(wheels), *REQUIREMENTS)
    if offline.returncode != 0:
        fetched = _pip(sys.executable, "download", "--only-binary=:all:", "-d", str(wheels), *REQUIREMENTS)
        if fetched.returncode != 0:
            why = " / ".join(fetched.stderr.strip().splitlines()[-2:])
            pytest.skip(f"no package index reachable and no cached wheels for {', '.join(REQUIREMENTS)}: {why}")
        installed = _pip(python, "install", "--no-index", "--find-links", str(wheels), *REQUIREMENTS)
        assert installed.returncode == 0, installed.stderr
    ready.write_text("\n".join(REQUIREMENTS), encoding="utf-8")
    return python


def marked_lines(text: str) -> set[int]:
    return {number for number, line in enumerate(text.splitlines(), start=1) if re.search(r"# E$", line)}


def test_mypy_strict_flags_every_marked_line_of_a_boto3_script_and_no_other(user_venv: Path, tmp_path: Path) -> None:
    out = tmp_path / "stubs"
    write_stubs(load(CATALOG), out)
    folders = sorted(out.iterdir())
    assert [f.name for f in folders] == [
        "specdiff-stubs-bedrock-runtime",
        "specdiff-stubs-boto3",
        "specdiff-stubs-dynamodb",
        "specdiff-stubs-lambda",
        "specdiff-stubs-s3",
    ]
    # `pip install DIR/*`, offline: each folder builds (hatchling) and installs as it is
    installed = _pip(
        user_venv, "install", "--no-index", "--no-build-isolation", "--force-reinstall", "--no-deps",
        *map(str, folders),
    )
    assert installed.returncode == 0, installed.stderr
    check = _pip(user_venv, "check")
    assert check.returncode == 0, check.stdout + check.stderr  # every dependency is there

    script = tmp_path / "boto3_script.py"
    shutil.copyfile(SCRIPT, script)
    result = subprocess.run(
        [str(user_venv), "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
         "--cache-dir", str(tmp_path / "mypy-cache"), script.name],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr + result.stdout
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    flagged = {int(line.split(":")[1]) for line in errors}
    expected = marked_lines(SCRIPT.read_text(encoding="utf-8"))
    assert len(expected) >= 12
    assert flagged == expected, "\n".join(errors)
