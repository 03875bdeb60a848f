"""Start-up: importing the command line, or running a command, loads only what that command needs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

MODELS = Path(__file__).resolve().parents[2] / "fixtures" / "models"

# Run a command in a fresh interpreter and print, at exit, which of these it imported.
WATCHED = [
    "deepdiff", "jinja2", "lark", "rich", "black", "yaml",
    "specdiff.compare.diff", "specdiff.compare.pages", "specdiff.loaders", "specdiff.loaders.page",
    "specdiff.render.summary", "specdiff.stubs", "pydantic",
]
PROBE = """
import atexit, json, sys
watched = json.loads(sys.argv[1])
atexit.register(lambda: print("\\nIMPORTED " + json.dumps(sorted(m for m in watched if m in sys.modules))))
from specdiff.cli import main
if sys.argv[2:]:
    main(sys.argv[2:])
"""


def _imported(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(WATCHED), *args], capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("IMPORTED ")
    return set(json.loads(last.removeprefix("IMPORTED ")))


def test_importing_the_command_line_loads_no_command() -> None:
    assert _imported() == set()


def test_a_snapshot_loads_the_loaders_alone(tmp_path: Path) -> None:
    imported = _imported("snapshot", str(MODELS / "sagemaker-1.13.1.json.gz"), "-o", str(tmp_path / "s.json"))
    assert imported == {"specdiff.loaders"}


def test_comparing_two_models_loads_no_page_reader_nor_stubs(tmp_path: Path) -> None:
    old, new = MODELS / "sagemaker-1.13.1.json.gz", MODELS / "sagemaker-1.13.2.json.gz"
    imported = _imported(str(old), str(new), "-o", str(tmp_path / "out.txt"), "--fail-on", "never")
    # deepdiff is not among them: this release pair only adds members and enum values,
    # which set algebra tells (compare.deltas), so deepdiff is never imported.
    assert {"jinja2", "specdiff.compare.diff", "specdiff.render.summary"} <= imported
    # a summary written to a file is plain text: no rich, which only colours a terminal's
    assert not imported & {"lark", "black", "yaml", "rich", "specdiff.compare.pages", "specdiff.loaders.page", "specdiff.stubs"}


def test_two_catalogs_of_the_same_files_need_no_deepdiff(tmp_path: Path) -> None:
    for side in ("old", "new"):
        folder = tmp_path / side / "sagemaker" / "2017-07-24"
        folder.mkdir(parents=True)
        shutil.copy(MODELS / "sagemaker-1.13.1.json.gz", folder / "service-2.json.gz")
    imported = _imported(str(tmp_path / "old"), str(tmp_path / "new"), "-o", str(tmp_path / "out.txt"))
    assert "deepdiff" not in imported and "specdiff.compare.diff" in imported
    assert "No changes" in (tmp_path / "out.txt").read_text()
