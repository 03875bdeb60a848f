"""The botocore wheel cache: releases fetched once with pip, their data folders unpacked once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

from specdiff.errors import InputError, SpecdiffError
from specdiff.safewrite import ensure_folder, new_folder, remove_tree, write_atomic

# pip is run through a replaceable function so that tests can prove a cached release
# needs no pip call at all, and can stand in for the index.
Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]

VERSION = re.compile(r"\d+(?:\.\d+)*")
#: beside a release's unpacked data folder: the day its wheel was built (the release day)
RELEASED_FILE = "released"
_DATA_PREFIX = "botocore/data/"
_METADATA = ".dist-info/METADATA"


def run_pip(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run pip (the one in this interpreter) quietly and capture what it says."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def default_cache() -> Path:
    """Where wheels go unless told: ``$XDG_CACHE_HOME/specdiff/wheels`` (or ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "specdiff" / "wheels"


def check_version(version: str) -> str:
    """A botocore release number, refused unless it is digits and dots (it reaches pip)."""
    if not VERSION.fullmatch(version):
        raise InputError(f"not a botocore version: {version!r} (expected digits and dots, like 1.13.2)")
    return version


def cached_wheel(version: str, cache: Path) -> Path | None:
    """The cached wheel of one botocore release, if it is there."""
    matches = sorted(cache.glob(f"botocore-{check_version(version)}-*.whl"))
    return matches[0] if matches else None


def fetch_wheel(version: str, cache: Path, *, runner: Runner = run_pip) -> Path:
    """The wheel of one botocore release: from the cache, else downloaded into it by pip.

    pip downloads into a scratch folder and the wheel is renamed into the cache once
    whole, so a run killed mid-download leaves no broken wheel that looks cached.
    """
    wheel = cached_wheel(version, cache)
    if wheel is not None:
        return wheel
    ensure_folder(cache)
    scratch = new_folder(cache, ".download-")
    try:
        result = runner(
            ["download", "--no-deps", "--only-binary=:all:", "-q", f"botocore=={version}", "-d", str(scratch)]
        )
        downloaded = cached_wheel(version, scratch)
        if result.returncode != 0 or downloaded is None:
            reason = _last_line(result.stderr) or f"pip exited with status {result.returncode}"
            raise InputError(f"cannot download botocore {version} ({reason})", source=f"botocore=={version}")
        wheel = cache / downloaded.name
        os.replace(downloaded, wheel)
    finally:
        remove_tree(scratch)
    return wheel


def botocore_data(version: str, cache: Path, *, runner: Runner = run_pip) -> Path:
    """The ``botocore/data`` folder of one release, unpacked into the cache once.

    Unpacking goes into a temporary folder renamed into place, so a run killed halfway
    leaves no half-unpacked folder that a later run would take for whole.
    """
    target = cache / f"botocore-{check_version(version)}" / "data"
    if target.is_dir():
        return target
    wheel = fetch_wheel(version, cache, runner=runner)
    ensure_folder(target.parent, root=cache)
    scratch = new_folder(target.parent, ".unpack-")
    try:
        released = _unpack_data(wheel, scratch)
        if released:
            write_atomic(target.parent / RELEASED_FILE, released + "\n", root=cache)
        try:
            os.replace(scratch, target)
        except OSError:
            if not target.is_dir():  # another run unpacked it meanwhile: theirs is as good
                raise
    finally:
        remove_tree(scratch)
    return target


def release_date(data: Path) -> str | None:
    """The day a release was built (``YYYY/MM/DD``), for an unpacked ``botocore/data`` folder."""
    try:
        return (data.parent / RELEASED_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        pass
    # Unpacked before the day was kept: the wheel, when still cached, still knows it.
    for wheel in sorted(data.parent.parent.glob(f"{data.parent.name}-*.whl")):
        try:
            with zipfile.ZipFile(wheel) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(_METADATA):
                        return _built_day(info)
        except (zipfile.BadZipFile, OSError):
            continue
    return None


def _unpack_data(wheel: Path, into: Path) -> str | None:
    """Unpack the data folder; return the day the wheel was built, from its metadata's time."""
    released = None
    try:
        with zipfile.ZipFile(wheel) as archive:
            for info in archive.infolist():
                if info.filename.endswith(_METADATA):
                    released = _built_day(info)
                if info.is_dir() or not info.filename.startswith(_DATA_PREFIX):
                    continue
                relative = PurePosixPath(info.filename[len(_DATA_PREFIX) :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise InputError(f"unsafe path in wheel: {info.filename}", source=str(wheel))
                with archive.open(info) as source:
                    write_atomic(into.joinpath(*relative.parts), source.read(), root=into)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not a readable wheel ({exc})", source=str(wheel)) from None
    return released


def _built_day(metadata: zipfile.ZipInfo) -> str:
    """The day a wheel was built (``YYYY/MM/DD``): the time its metadata file was written."""
    year, month, day = metadata.date_time[:3]
    return f"{year:04d}/{month:02d}/{day:02d}"


def released_versions(*, runner: Runner = run_pip) -> list[str]:
    """Every botocore release the package index lists, oldest first (one index query)."""
    result = runner(["index", "versions", "botocore"])
    match = re.search(r"Available versions:\s*(.+)", result.stdout or "")
    if result.returncode != 0 or match is None:
        reason = _last_line(result.stderr) or "no version list in pip's answer"
        raise SpecdiffError(
            f"cannot list botocore releases ({reason}); name the versions instead "
            "(botocore:1.13.1,1.13.2), which needs no index once they are cached",
            source="botocore",
        )
    versions = [v.strip() for v in match.group(1).split(",")]
    return sorted((v for v in versions if VERSION.fullmatch(v)), key=version_key)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _last_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""
