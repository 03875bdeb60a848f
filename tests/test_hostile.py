"""Hostile and broken inputs, one test per kind of defect: each ends in a clean one-line error
(exit 2) or, for a bug, exit 3, and nothing is written, or nothing outside its folder.

The inputs are small files in tests/hostile/; big ones (a gzip bomb, deep models) are made
by the tests themselves.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import threading
import zlib
from pathlib import Path

import pytest

from specdiff import inputfiles
from specdiff.cli import main
from specdiff.job.steps import Toolkit

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "hostile"
MODELS = ROOT / "fixtures" / "models"
OLD = str(MODELS / "sagemaker-1.13.1.json.gz")
NEW = str(MODELS / "sagemaker-1.13.2.json.gz")
TINY = str(HOSTILE / "tiny.json")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the real entry point (exit statuses are decided there); its status, stdout, stderr."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.rstrip("\n")


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def no_state(folder: Path) -> bool:
    """True when a watch's state folder holds no state (its lock file, which holds nothing, aside)."""
    return [name for name in files_under(folder) if not name.endswith(".lock")] == []


# ----------------------------------------------------------------------------- exit 3


def test_a_crash_is_exit_3_with_a_traceback_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import specdiff.render.summary as summary

    def broken(*args: object, **kwargs: object) -> str:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(summary, "render_summary", broken)
    monkeypatch.delenv("SPECDIFF_DEBUG", raising=False)
    code, out, err = cli(capsys, OLD, NEW)
    line = one_line(err)
    assert (code, out) == (3, "")
    assert line.startswith("specdiff: internal error: ZeroDivisionError: a bug (traceback in ")
    trace = Path(line.split("traceback in ", 1)[1].split(";", 1)[0])
    try:
        assert "ZeroDivisionError: a bug" in trace.read_text() and "render_summary" not in line
        assert "in broken" in trace.read_text()
    finally:
        trace.unlink()


def test_debug_prints_the_traceback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import specdiff.render.summary as summary

    monkeypatch.setattr(summary, "render_summary", lambda *a, **k: 1 / 0)
    monkeypatch.delenv("SPECDIFF_DEBUG", raising=False)
    code, _, err = cli(capsys, "--debug", OLD, NEW)
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1] == "specdiff: internal error: ZeroDivisionError: division by zero (the traceback is above)"


def test_a_crash_while_writing_the_output_is_exit_3_not_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys.modules["specdiff.cli.app"], "write_atomic", lambda *a, **k: [][0])
    code, _, err = cli(capsys, OLD, NEW, "-o", "/nonexistent-never-written")
    assert code == 3 and one_line(err).startswith("specdiff: internal error: IndexError")


def test_a_usage_error_stays_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "compare", "--no-such-option")
    assert code == 2 and "No such option" in err


# ----------------------------------------------------------------------------- outputs


def test_output_an_existing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, TINY, TINY, "-o", str(tmp_path))
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {tmp_path}: is a folder, not a file"
    assert files_under(tmp_path) == []


def test_output_under_a_regular_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("kept\n")
    code, _, err = cli(capsys, TINY, TINY, "-o", str(tmp_path / "file" / "out.txt"))
    assert code == 2
    assert one_line(err) == f"specdiff: error: {tmp_path / 'file'}: is not a folder"
    assert (tmp_path / "file").read_text() == "kept\n"


@pytest.mark.parametrize("errno_, reason", [(28, "no space left on the disk"), (30, "the disk is read-only")])
def test_a_full_or_read_only_disk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, errno_: int, reason: str) -> None:
    def refuse(fd: int) -> None:
        raise OSError(errno_, os.strerror(errno_))

    monkeypatch.setattr(os, "fsync", refuse)
    target = tmp_path / "out.txt"
    code, _, err = cli(capsys, TINY, TINY, "-o", str(target))
    assert code == 2
    assert one_line(err) == f"specdiff: error: {target}: cannot write: {reason}"
    assert files_under(tmp_path) == []  # not even the temporary file


def test_outputs_take_the_umask_and_keep_an_existing_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        cli(capsys, "stubs", TINY, "-o", str(tmp_path / "stubs"), "--no-black")
        modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "stubs").rglob("*") if p.is_file()}
        folders = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "stubs").rglob("*") if p.is_dir()}
        assert modes == {0o644} and folders == {0o755}
        kept = tmp_path / "notes.md"
        kept.write_text("old\n")
        kept.chmod(0o640)
        assert cli(capsys, TINY, TINY, "-f", "markdown", "-o", str(kept))[0] == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() != "old\n"
    finally:
        os.umask(old)


def _models_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(OLD, folder)
    shutil.copy(NEW, folder)
    return folder


def test_watch_refuses_a_link_planted_in_its_output_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, out, outside = _models_folder(tmp_path), tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (out / "models").mkdir(parents=True)
    (out / "models" / "sagemaker").symlink_to(outside)  # where the step's folder will go
    code, _, err = cli(capsys, "watch", str(source), "--state", str(tmp_path / "state"), "--out", str(out), "--no-patch")
    assert code == 2
    assert one_line(err) == f"specdiff: error: {out / 'models' / 'sagemaker'}: refusing to follow a link that leads outside {out}"
    assert files_under(outside) == []
    assert not (tmp_path / "state" / "models.json").exists() or "1.13.2" not in (tmp_path / "state" / "models.json").read_text()


def test_watch_refuses_a_fifo_planted_as_an_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, out = _models_folder(tmp_path), tmp_path / "out"
    step = out / "models" / "sagemaker" / "1.13.1..1.13.2"
    step.mkdir(parents=True)
    os.mkfifo(step / "changes.json")
    code, _, err = cli(capsys, "watch", str(source), "--state", str(tmp_path / "state"), "--out", str(out), "--no-patch")
    assert code == 2
    assert one_line(err) == f"specdiff: error: {step / 'changes.json'}: refusing to write to a FIFO"
    assert stat.S_ISFIFO(os.lstat(step / "changes.json").st_mode)


def test_state_a_regular_file_and_the_lock_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = _models_folder(tmp_path)
    (tmp_path / "state").write_text("not a folder\n")
    args = ["watch", str(source), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--no-patch"]
    code, _, err = cli(capsys, *args)
    assert code == 2 and one_line(err).startswith(f"specdiff: error: {tmp_path / 'state'}: ")
    (tmp_path / "state").unlink()
    (tmp_path / "state" / ".models.lock").mkdir(parents=True)
    code, _, err = cli(capsys, *args)
    assert code == 2 and one_line(err).startswith(f"specdiff: error: {tmp_path / 'state' / '.models.lock'}: cannot open the lock")
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- inputs


def test_a_fifo_named_like_a_model_in_a_data_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = tmp_path / "data" / "tiny" / "2020-01-01" / "service-2.json"
    model.parent.mkdir(parents=True)
    os.mkfifo(model)
    code, _, err = cli(capsys, str(tmp_path / "data"), str(tmp_path / "data"))
    assert code == 2
    assert one_line(err) == f"specdiff: error: {model}: is a FIFO, not a regular file"


def test_a_gzip_bomb_is_never_decompressed_whole(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.json.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * (1 << 20)
    with bomb.open("wb") as handle:
        handle.write(packer.compress(b"{"))
        for _ in range(64):  # 64 MiB of spaces in about 64 kB
            handle.write(packer.compress(chunk))
        handle.write(packer.flush())
    assert bomb.stat().st_size < 1 << 20
    monkeypatch.setattr(inputfiles, "MAX_INPUT_BYTES", 4 << 20)  # the real cap is 512 MiB: too slow to test
    code, _, err = cli(capsys, str(bomb), TINY)
    assert code == 2
    assert one_line(err) == (
        f"specdiff: error: {bomb}: gzip data expands past {4 << 20} bytes, the most an input may hold (a gzip bomb?)"
    )
    assert len(inputfiles.gunzip(bomb.read_bytes(), "x", limit=65 << 20)) == (64 << 20) + 1


def test_damaged_gzip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(gzip.compress(Path(TINY).read_bytes())[:-12])
    code, _, err = cli(capsys, str(cut), TINY)
    assert code == 2 and one_line(err).startswith(f"specdiff: error: {cut}: damaged gzip data")


@pytest.mark.parametrize(
    "name, message",
    [
        ("ignore-bad-date.yaml", "invalid YAML: day is out of range for month"),
        ("ignore-month-13.yaml", "invalid YAML: month must be in 1..12"),
        ("ignore-mixed-keys.yaml", "ignore entry 1: unknown key 1"),
        ("ignore-bad-date.toml", "invalid TOML: Invalid date or datetime (at line 4, column 11)"),
    ],
)
def test_broken_ignore_files(capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    code, out, err = cli(capsys, OLD, NEW, "--ignore", str(HOSTILE / name))
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {HOSTILE / name}: {message}"


def test_ignore_files_with_huge_numbers_and_deep_nesting(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    huge.write_text("ignore:\n  - rule: enum-value-added\n    reason: x\n    expires: " + "9" * 5000 + "\n")
    code, _, err = cli(capsys, OLD, NEW, "--ignore", str(huge))
    assert code == 2 and one_line(err).startswith(f"specdiff: error: {huge}: invalid YAML: Exceeds the limit")
    for name, text in [("deep.yaml", "[" * 5000 + "]" * 5000), ("deep.toml", "a = " + "[" * 5000 + "]" * 5000)]:
        (tmp_path / name).write_text(text + "\n")
        code, _, err = cli(capsys, OLD, NEW, "--ignore", str(tmp_path / name))
        assert code == 2 and "nested too deeply" in one_line(err), err


def test_an_ignore_glob_of_many_stars_does_not_backtrack() -> None:
    import time

    from specdiff.compare.ignore import Wildcard

    pattern = Wildcard.compile("*a" * 30 + "*b")
    started = time.process_time()
    assert not pattern.matches("a" * 5000 + "c")
    assert pattern.matches("a" * 5000 + "b")
    assert time.process_time() - started < 1.0  # a regex of .*a.*a... takes longer than the test run


@pytest.mark.parametrize(
    "name, message",
    [
        ("state-not-utf8.json", "not a specdiff watch state (not UTF-8 text (byte 0xff cannot be decoded))"),
        ("state-absurd.json", "not a specdiff watch state (track 'botocore': a 'sort' part must be text of 1 to 1000 characters)"),
        ("state-wrong-types.json", "not a specdiff watch state (track 'botocore': 'sort' must be a list of 1 to 8 texts)"),
    ],
)
def test_broken_state_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, message: str) -> None:
    source = _models_folder(tmp_path)
    (tmp_path / "state").mkdir()
    shutil.copy(HOSTILE / name, tmp_path / "state" / "models.json")
    code, _, err = cli(capsys, "watch", str(source), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--no-patch")
    assert code == 2
    line = one_line(err)
    assert line.startswith(f"specdiff: error: {tmp_path / 'state' / 'models.json'}") and line.endswith(message), line
    assert not (tmp_path / "out").exists()


def test_deep_json_is_an_error_not_a_recursion_crash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = cli(capsys, str(deep), TINY)
    assert code == 2
    assert one_line(err) == f"specdiff: error: {deep}: JSON nested too deeply to read (about 1,000 levels)"


def test_a_service_or_operation_matching_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, OLD, NEW, "--service", "sagemkaer")
    assert code == 2
    assert one_line(err) == "specdiff: error: --service 'sagemkaer' matches no service of the inputs (sagemaker)"
    code, _, err = cli(capsys, OLD, NEW, "--operation", "CreateNothing")
    assert code == 2
    assert one_line(err) == "specdiff: error: --operation 'CreateNothing' matches no operation of the services compared"


def test_the_output_named_by_the_user_may_be_its_own_pipe(tmp_path: Path) -> None:
    """-o a FIFO the user made is written through (process substitution gives one): only
    FIFOs inside an output folder are refused."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    try:
        main([TINY, TINY, "-f", "json", "-o", str(pipe)])
    except SystemExit as exit:
        assert exit.code == 0
    reader.join(timeout=10)
    assert json.loads(got[0])["changes"] == []


# ----------------------------------------------------------------------------- models


@pytest.mark.parametrize(
    "name, message",
    [
        ("member-shape-list.json", "shapes.GoRequest.members.Name.shape must be a shape name (text)"),
        ("member-shape-dict.json", "shapes.GoRequest.members.Name.shape must be a shape name (text)"),
        ("pattern-int.json", "shapes.String.pattern must be text"),
        ("enum-text.json", "shapes.String.enum must be a list of text"),
        ("surrogate-name.json", "text holding a lone surrogate (U+D800) at /shapes/GoRequest/members, which is not valid Unicode"),
    ],
)
def test_models_with_wrong_types(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, message: str) -> None:
    code, out, err = cli(capsys, str(HOSTILE / name), TINY, "-o", str(tmp_path / "out.txt"))
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {HOSTILE / name}: {message}"
    assert files_under(tmp_path) == []


def _deep_model(path: Path, levels: int, kind: str) -> Path:
    """A valid model whose input nests ``levels`` structures (or lists) deep."""
    shapes: dict[str, object] = {"String": {"type": "string"}}
    below = "String"
    for level in range(levels):
        name = f"S{level}"
        shapes[name] = {"type": "structure", "members": {"Next": {"shape": below}}} if kind == "chain" else {"type": "list", "member": {"shape": below}}
        below = name
    shapes["In"] = {"type": "structure", "members": {"Top": {"shape": below}}}
    model = json.loads(Path(TINY).read_text())
    model["shapes"] = shapes
    model["operations"]["Go"]["input"] = {"shape": "In"}
    path.write_text(json.dumps(model))
    return path


@pytest.mark.parametrize("levels", [500, 5000])
def test_a_model_deeper_than_the_bound_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, levels: int) -> None:
    deep = _deep_model(tmp_path / "deep.json", levels, "chain")
    for args in ([str(deep), str(deep)], [str(deep), str(deep), "-f", "page"], ["stubs", str(deep), "-o", str(tmp_path / "stubs")]):
        code, _, err = cli(capsys, *args)
        assert code == 2
        assert one_line(err) == (
            f"specdiff: error: {deep}: shapes nest {levels + 2} levels deep from 'In', past the bound of 100 "
            "(real models nest at most a few dozen)"
        )
    assert not (tmp_path / "stubs").exists()


def test_a_model_at_the_bound_renders_everything(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """98 levels plus the input and the string: depth 100, the bound itself, works in every format."""
    import ast

    old = _deep_model(tmp_path / "old.json", 97, "list")
    new = _deep_model(tmp_path / "new.json", 98, "list")
    for fmt in ("page", "markdown", "json"):
        assert cli(capsys, str(old), str(new), "-f", fmt, "--fail-on", "never")[0] == 0
    assert cli(capsys, "stubs", str(new), "-o", str(tmp_path / "stubs"))[0] == 0
    typed = list((tmp_path / "stubs").rglob("*.pyi"))
    assert typed
    for path in typed:
        ast.parse(path.read_text())  # a type nested 98 lists deep is still valid Python


def test_a_damaged_snapshot_names_the_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    snapshot = tmp_path / "tiny.snapshot.json"
    assert cli(capsys, "snapshot", TINY, "-o", str(snapshot))[0] == 0
    document = json.loads(snapshot.read_text())
    text = json.dumps(document).replace('"String"]', '["String"]]', 1)
    assert text != json.dumps(document)
    snapshot.write_text(text)
    code, _, err = cli(capsys, str(snapshot), TINY)
    assert code == 2 and one_line(err).endswith("must be a shape name (text)"), err


# ----------------------------------------------------------------------------- typos


def test_since_a_typo_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = _models_folder(tmp_path)
    code, _, err = cli(capsys, "watch", str(source), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--since", "oldets")
    assert code == 2
    assert one_line(err) == "specdiff: error: --since 'oldets': expected oldest, latest, or a version or date to start after"
    assert files_under(tmp_path / "state") == [] and not (tmp_path / "out").exists()


def test_a_botocore_release_that_does_not_exist_is_no_baseline(tmp_path: Path) -> None:
    import subprocess

    from specdiff.errors import InputError
    from specdiff.job.sources import list_versions, parse_source

    def index(args: list[str]) -> subprocess.CompletedProcess[str]:
        assert list(args) == ["index", "versions", "botocore"]  # one look-up, no download
        return subprocess.CompletedProcess(args, 0, stdout="botocore (1.13.2)\nAvailable versions: 1.13.2, 1.13.1\n", stderr="")

    source = parse_source("botocore:1.13.1,9.9.9", cache=tmp_path / "wheels")
    with pytest.raises(InputError, match=r"^botocore:1.13.1,9.9.9: botocore 9.9.9 is not a release the package index lists$"):
        list_versions(source, runner=index)
    assert [v.label for v in list_versions(parse_source("botocore:1.13.2", cache=tmp_path / "wheels"), runner=index)] == ["1.13.2"]


def test_a_fifo_in_a_watched_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = _models_folder(tmp_path)
    os.mkfifo(source / "sagemaker-1.13.3.json")
    code, _, err = cli(capsys, "watch", str(source), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--no-patch")
    assert code == 2
    assert one_line(err) == f"specdiff: error: {source / 'sagemaker-1.13.3.json'}: not a regular file (a FIFO, a device?)"
    assert not (tmp_path / "out").exists()


def _no_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run offline: pip (the index, a download) must not be asked."""
    import subprocess

    def refuse(args: object, **kwargs: object) -> None:
        raise AssertionError(f"pip was called: {args}")

    monkeypatch.setattr(subprocess, "run", refuse)


@pytest.mark.parametrize("spelling", ["botocore:1.13", "botocore==1.13", "botocore:01.13.0.0"])
def test_a_short_release_number_is_read_as_pip_reads_it(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str) -> None:
    """``botocore:1.13`` is botocore 1.13.0 in watch, as ``botocore==1.13`` is (pip reads both so):
    taken from the cache, no index asked."""
    from specdiff.loaders import load
    from tests.watchkit import build_wheel

    cache = tmp_path / "wheels"
    build_wheel("1.13.1", cache).rename(cache / "botocore-1.13.0-py2.py3-none-any.whl")
    monkeypatch.setenv("SPECDIFF_CACHE", str(cache))
    _no_pip(monkeypatch)
    state = tmp_path / "state"
    code, _, err = cli(capsys, "watch", spelling, "--state", str(state), "--out", str(tmp_path / "out"), "--since", "latest")
    assert (code, err) == (0, "")
    assert json.loads((state / "botocore.json").read_text())["tracks"]["botocore"]["label"] == "1.13.0"
    assert load("botocore==1.13:sagemaker").version == "1.13.0"  # what compare reads for the same words


@pytest.mark.parametrize("spelling", ["botocore:1.13.0.0.1", "botocore==1.13.0.0.1"])
def test_a_release_number_pip_would_not_read_is_refused_in_both_spellings(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str) -> None:
    _no_pip(monkeypatch)
    code, _, err = cli(capsys, "watch", spelling, "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "wheels"))
    assert code == 2
    assert one_line(err) == f"specdiff: error: {spelling}: not a botocore release number: '1.13.0.0.1' (expected X.Y.Z, like 1.35.0)"
    assert files_under(tmp_path) == []


# ----------------------------------------------------------------------------- sizes


def test_a_huge_pin_file_is_refused_before_it_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracemalloc

    from specdiff.loaders import release

    _no_pip(monkeypatch)
    monkeypatch.setenv("SPECDIFF_CACHE", str(tmp_path / "wheels"))
    pins = tmp_path / "requirements.txt"
    with pins.open("wb") as handle:  # sparse: 200 MB that take no disk and no time
        handle.write(b"botocore==1.13.1\n")
        handle.truncate(200 << 20)
    tracemalloc.start()
    try:
        code, out, err = cli(capsys, f"botocore@{pins}", f"botocore@{pins}", "-o", str(tmp_path / "out.txt"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {pins}: too big: {200 << 20} bytes (a pin file may hold at most {release.MAX_PIN_BYTES})"
    assert peak < 50 << 20  # never read whole
    assert files_under(tmp_path) == ["requirements.txt"]


def test_a_huge_settings_file_is_refused_before_it_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from specdiff.compare import settings

    with (tmp_path / "specdiff.toml").open("wb") as handle:
        handle.write(b'fail-on = "warning"\n')
        handle.truncate(200 << 20)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, TINY, TINY)
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {tmp_path / 'specdiff.toml'}: too big: {200 << 20} bytes (a settings file may hold at most {settings.MAX_SETTINGS_BYTES})"


# ----------------------------------------------------------------------------- sniffing


def test_a_page_whose_first_character_is_a_brace_reads_as_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    page = HOSTILE / "brace-page.txt"
    code, out, err = cli(capsys, str(page), str(page), "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["new"]["kind"] == "page"
    code, out, err = cli(capsys, str(HOSTILE / "brace-not-a-page.txt"), TINY)
    assert (code, out) == (2, "")
    assert one_line(err) == (
        f"specdiff: error: {HOSTILE / 'brace-not-a-page.txt'}:1:1: "
        "no title line 'YYYY/MM/DD - Service - N updated api methods' anywhere: not a changelog page"
    )


def test_a_file_named_json_stays_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = HOSTILE / "brace-broken.json"
    code, out, err = cli(capsys, str(broken), TINY, "-o", str(tmp_path / "out.txt"))
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {broken}:2:14: invalid JSON: Expecting ':' delimiter"
    gzipped = tmp_path / "broken.json.gz"
    gzipped.write_bytes(gzip.compress(broken.read_bytes()))
    code, _, err = cli(capsys, str(gzipped), TINY)
    assert code == 2 and one_line(err) == f"specdiff: error: {gzipped}:2:14: invalid JSON: Expecting ':' delimiter"
    assert files_under(tmp_path) == ["broken.json.gz"]


def test_watch_reads_a_page_whose_first_character_is_a_brace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(HOSTILE / "brace-page.txt", pages / "widgets.txt")
    code, _, err = cli(capsys, "watch", str(pages), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "pages/amazon-widget-service/widgets: 1 changes (0 breaking, 0 warning, 1 info)\n")
    assert files_under(tmp_path / "out") == ["pages", "pages/amazon-widget-service", "pages/amazon-widget-service/widgets", "pages/amazon-widget-service/widgets/changes.json", "pages/amazon-widget-service/widgets/notes.md"]


def test_watch_names_the_line_and_column_of_a_broken_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(ROOT / "fixtures" / "pages" / "widgets-2020-01-15.txt", pages)
    shutil.copy(HOSTILE / "untitled-page.txt", pages)
    code, _, err = cli(capsys, str(pages / "untitled-page.txt"), TINY)
    alone = one_line(err)
    assert code == 2 and alone == (
        f"specdiff: error: {pages / 'untitled-page.txt'}:1:1: "
        "no title line 'YYYY/MM/DD - Service - N updated api methods' anywhere: not a changelog page"
    )
    code, _, err = cli(capsys, "watch", str(pages), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"))
    assert code == 2 and one_line(err) == alone
    assert no_state(tmp_path / "state") and not (tmp_path / "out").exists()


def test_a_json_number_too_long_to_convert(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    long = tmp_path / "long.json"
    long.write_text('{"metadata": {},\n "n": ' + "1" * 5000 + "}")
    code, out, err = cli(capsys, str(long), TINY)
    assert (code, out) == (2, "")
    assert one_line(err) == f"specdiff: error: {long}:2:7: invalid JSON: a number too long to read (more than 4,300 digits)"


# ----------------------------------------------------------------------------- workers


@pytest.mark.parametrize(
    "dying, code, message",
    [
        ("killed_compare", 2, "specdiff: error: a worker process was killed (SIGKILL) while comparing botocore/1.13.1..1.13.3 (out of memory?); try fewer --jobs"),
        ("crashing_compare", 3, "specdiff: internal error: WorkerCrash: a worker process died (SIGSEGV) while comparing botocore/1.13.1..1.13.3 (traceback in "),
    ],
)
def test_a_worker_that_dies_for_real(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dying: str, code: int, message: str) -> None:
    """A real worker process killed by a real signal: killed from outside (the out-of-memory
    killer's SIGKILL) is a clean error with its remedy; a crash (SIGSEGV) is an internal error."""
    from specdiff.job import watch
    from tests import watchkit

    cache = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.3"):  # both services differ: two tasks, for two workers
        watchkit.build_wheel(version, cache)
    dies = Toolkit(compare=getattr(watchkit, dying), render_notes=watchkit.fake_notes, render_changes=watchkit.fake_changes)
    monkeypatch.setattr(watch, "default_toolkit", lambda: dies)
    monkeypatch.setattr(watch, "POOL_MIN_BYTES", 0)  # workers even for two small models
    monkeypatch.delenv("SPECDIFF_DEBUG", raising=False)
    state, out = tmp_path / "state", tmp_path / "out"
    status, _, err = cli(capsys, "watch", "botocore:1.13.1,1.13.3", "--state", str(state), "--out", str(out), "--cache", str(cache), "--jobs", "2", "--no-patch")
    line = one_line(err)
    assert status == code and line.startswith(message), line
    if code == 3:
        Path(line.split("traceback in ", 1)[1].split(";", 1)[0]).unlink()
    assert not out.exists()  # no step output; the state holds the baseline only, as before any step
    assert json.loads((state / "botocore.json").read_text())["tracks"]["botocore"]["label"] == "1.13.1"


def test_a_formatting_worker_killed_for_real() -> None:
    from specdiff.errors import SpecdiffError
    from specdiff.stubs import render
    from tests import watchkit

    texts = ["x = 1\n" * (render._PARALLEL_MIN_SAVING // 3)] * 4  # enough to be worth a pool
    with pytest.raises(SpecdiffError) as raised:
        render._map(watchkit.killed_format, texts, jobs=2)
    assert str(raised.value) == "a worker process was killed (SIGKILL) while formatting stubs (out of memory?); try fewer --jobs"


# ----------------------------------------------------------------------------- watch selection


def _catalogs(tmp_path: Path, releases: dict[str, dict[str, tuple[str, ...]]]) -> Path:
    """A watched folder of botocore data folders, one per release: each service a real model
    (tests.modelkit) whose operations are named."""
    from tests.modelkit import model, structure

    folder = tmp_path / "catalogs"
    for release, services in releases.items():
        for service, operations in services.items():
            shapes = {"Name": {"type": "string"}, "In": structure({"Name": "Name"}), "Out": structure({})}
            document = model(shapes, {op: ("In", "Out") for op in operations}, service=service)
            path = folder / release / service / "2020-01-01" / "service-2.json"
            path.parent.mkdir(parents=True)
            path.write_text(json.dumps(document, indent=1))
    return folder


_RELEASES = {
    "1.0.0": {"demo": ("CreateThing",), "still": ("ListStill", "GetStill")},
    "1.0.1": {"demo": ("CreateThing", "DeleteThing"), "still": ("ListStill", "GetStill")},
    "1.0.2": {"demo": ("CreateThing", "DeleteThing", "TagThing"), "still": ("ListStill", "GetStill"), "later": ("StartLater",)},
}


def _built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The services the run builds as spec models (the check reads names only)."""
    import specdiff.loaders as loaders

    built: list[str] = []
    real = loaders.service_from_model

    def spy(document: dict[str, object], **kwargs: object):  # type: ignore[no-untyped-def]
        built.append(str(kwargs.get("name")))
        return real(document, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loaders, "service_from_model", spy)
    return built


@pytest.mark.parametrize(
    "option, message",
    [
        (["--operation", "Craete*"], "--operation 'Craete*' matches no operation of the services compared"),
        (["--service", "demo", "--operation", "ListStill"], "--operation 'ListStill' matches no operation of the services compared"),
        (["--exclude-service", "still", "--operation", "GetStill"], "--operation 'GetStill' matches no operation of the services compared"),
        (["--service", "dmeo"], "--service 'dmeo' matches no service of the inputs (demo, later, still)"),
    ],
)
def test_watch_a_glob_matching_nothing_is_an_error_before_anything_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: list[str], message: str) -> None:
    source, state, out = _catalogs(tmp_path, _RELEASES), tmp_path / "state", tmp_path / "out"
    built = _built(monkeypatch)
    code, _, err = cli(capsys, "watch", str(source), "--state", str(state), "--out", str(out), "--no-patch", *option)
    assert code == 2
    assert one_line(err) == f"specdiff: error: {message}"
    assert no_state(state) and not out.exists()  # not even the baseline
    assert built == []  # names read from the raw models: no service built


def test_watch_an_operation_only_in_a_later_release_is_no_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, state, out = _catalogs(tmp_path, _RELEASES), tmp_path / "state", tmp_path / "out"
    built = _built(monkeypatch)
    for option in (["--operation", "Tag*"], ["--service", "later", "--operation", "StartLater"]):
        shutil.rmtree(state, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        code, _, err = cli(capsys, "watch", str(source), "--state", str(state), "--out", str(out), "--no-patch", "-f", "changes-json", *option)
        assert code == 0, err
        changes = [json.loads((out / "catalogs" / step / "changes.json").read_text())["changes"] for step in ("1.0.0..1.0.1", "1.0.1..1.0.2")]
        # (a service added is reported whatever --operation says, as compare reports it)
        expected = [[], [("demo", "TagThing"), ("later", None)]] if option[1] == "Tag*" else [[], [("later", None)]]
        assert [[(c["service"], c["operation"]) for c in step] for step in changes] == expected
    assert "still" not in built  # the same files in every release: never built, by the check nor the run


def test_watch_of_pages_keeps_to_the_operation_and_refuses_a_typo(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pages, state, out = tmp_path / "pages", tmp_path / "state", tmp_path / "out"
    pages.mkdir()
    shutil.copy(ROOT / "fixtures" / "pages" / "widgets-2020-01-15.txt", pages)
    code, _, err = cli(capsys, "watch", str(pages), "--state", str(state), "--out", str(out), "--operation", "CreateGadgte")
    assert code == 2 and one_line(err) == "specdiff: error: --operation 'CreateGadgte' matches no operation of the services compared"
    assert no_state(state) and not out.exists()
    code, _, err = cli(capsys, "watch", str(pages), "--state", str(state), "--out", str(out), "--operation", "CreateGadget", "-f", "changes-json")
    assert code == 0, err
    changes = json.loads((out / "pages" / "amazon-widget-service" / "widgets-2020-01-15" / "changes.json").read_text())["changes"]
    assert changes and {c["operation"] for c in changes} == {"CreateGadget"}


def test_watch_an_operation_named_through_an_escape_is_found(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The check looks for a glob's letters in the raw model before parsing it: a key spelt
    with a \\u escape must not slip past."""
    source = _catalogs(tmp_path, {release: _RELEASES[release] for release in ("1.0.0", "1.0.1")})
    model = source / "1.0.1" / "demo" / "2020-01-01" / "service-2.json"
    model.write_text(model.read_text().replace('"DeleteThing"', '"\\u0044eleteThing"'))
    code, _, err = cli(capsys, "watch", str(source), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--no-patch", "--operation", "DeleteThing")
    assert code == 0, err
