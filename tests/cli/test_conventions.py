"""CLI conventions: -h, --version anywhere, python -m specdiff, completion, --color and NO_COLOR, --quiet."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff import __version__
from specdiff.cli import app, main
from tests.watchkit import build_wheel

ROOT = Path(__file__).resolve().parents[2]
OLD = str(ROOT / "fixtures/models/sagemaker-1.13.1.json.gz")
NEW = str(ROOT / "fixtures/models/sagemaker-1.13.2.json.gz")
ANSI = "\x1b["


def invoke(*args: str, **env: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env=env or None, prog_name="specdiff")


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["compare", "-h"], ["watch", "-h"], ["init-ci", "-h"]])
def test_dash_h_is_help(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0 and "Usage: specdiff" in result.stdout


@pytest.mark.parametrize(
    "args", [["--version"], ["compare", OLD, NEW, "--version"], ["watch", "--version"], ["init-ci", "-o", "x", "--version"]]
)
def test_version_anywhere(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 0 and result.stdout == f"specdiff {__version__}\n"
    assert not (tmp_path / "x").exists()  # the command did not run


def test_help_names_the_global_options() -> None:
    out = invoke("--help").stdout
    for option in ("--version", "--color", "--quiet", "--install-completion", "--show-completion"):
        assert option in out


def test_completion_script_for_bash() -> None:
    result = invoke("--show-completion", "bash")
    assert result.exit_code == 0
    assert "_SPECDIFF_COMPLETE" in result.stdout and "complete " in result.stdout


def test_python_dash_m_specdiff() -> None:
    version = subprocess.run([sys.executable, "-m", "specdiff", "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout == f"specdiff {__version__}\n"
    compared = subprocess.run(
        [sys.executable, "-m", "specdiff", OLD, NEW, "--fail-on", "warning"], capture_output=True, text=True, check=False
    )
    assert compared.returncode == 1 and "11 changes in 3 findings" in compared.stdout


def test_color_always_never_and_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ANSI in invoke("compare", OLD, NEW, "--color", "always").stdout
    assert ANSI not in invoke("compare", OLD, NEW, "--color", "never").stdout
    # auto: colour on a terminal only, and never with NO_COLOR set
    monkeypatch.setattr(sys.modules["specdiff.cli.app"], "_isatty", lambda stream: True)
    assert ANSI in invoke("compare", OLD, NEW).stdout
    assert ANSI not in invoke("compare", OLD, NEW, NO_COLOR="1").stdout
    # an explicit --color always wins over NO_COLOR
    assert ANSI in invoke("compare", OLD, NEW, "--color", "always", NO_COLOR="1").stdout


def test_bad_color_is_a_usage_error() -> None:
    assert invoke("compare", OLD, NEW, "--color", "sometimes").exit_code == 2


def test_quiet_leaves_only_the_output_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    written = invoke("init-ci", "-q", "-o", "w.yml", "--install", ".")
    assert written.exit_code == 0 and written.stderr == "" and Path("w.yml").is_file()
    assert "wrote w.yml" in invoke("init-ci", "-o", "w.yml", "--install", ".").stderr
    cache = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.2"):
        build_wheel(version, cache)
    args = ["watch", "botocore:1.13.1,1.13.2", "--state", "s", "--out", "o", "--cache", str(cache), "--no-patch"]
    loud = invoke(*args)
    assert loud.exit_code == 0 and loud.stdout and loud.stderr
    quiet = invoke(*args[:1], "--quiet", *args[1:], "--state", "s2")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert Path("o/botocore/1.13.1..1.13.2/notes.md").is_file()


def test_main_takes_global_options_before_old_new(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["--quiet", "--color", "never", OLD, NEW])
    assert exit.value.code == 0
    assert "11 changes in 3 findings" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit:
        main([OLD, "--version"])
    assert exit.value.code == 0 and capsys.readouterr().out == f"specdiff {__version__}\n"


def test_a_file_named_like_an_option_after_double_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("--quiet").write_bytes(Path(OLD).read_bytes())
    result = invoke("compare", "--", "--quiet", NEW)
    assert result.exit_code == 0 and "11 changes" in result.stdout


@pytest.mark.parametrize("args", [[OLD, NEW, "--color"], [OLD, NEW, "--color", "--quiet"], ["--color", "--", OLD, NEW]])
def test_color_without_its_value_says_so(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # moved before the command, a bare --color took the command's name for its value
    with pytest.raises(SystemExit) as exit:
        main(args)
    assert exit.value.code == 2
    err = " ".join(re.sub("[│╭╮╰╯─]", " ", capsys.readouterr().err).split())  # rich's box, if drawn
    assert "Invalid value for '--color'" in err and "'' is not one of 'auto', 'always', 'never'" in err
    assert "'compare'" not in err and "'--quiet'" not in err and "'--'" not in err
