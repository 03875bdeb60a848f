"""Stub files once formatted, kept on disk by content, so black formats a given text only once.

A nightly watch formats the same files again and again: today's old side is yesterday's
new side. Black is deterministic for one version and mode, so its output can be kept
under the hash of its input, in a folder named for the black version and mode.

Each entry starts with a line holding the hash of its input and output together, and an
entry whose line does not match what follows it (damaged, cut short, planted, or moved
from another input's place) is dropped and formatted anew: the cache can make a run
faster, never make it write different bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from specdiff.errors import InputError
from specdiff.inputfiles import read_regular_file
from specdiff.safewrite import write_atomic

_HEADER = b"specdiff-formatted sha256="


def format_cached(files: Mapping[str, str], *, jobs: int = 1, folder: Path | None = None) -> dict[str, str]:
    """Every file through black (``jobs`` processes), taking what ``folder`` already holds."""
    from specdiff.stubs.render import format_files

    if folder is None:
        return format_files(files, jobs=jobs)
    shelf = folder / _black_tag()
    places = {name: _place(shelf, text) for name, text in files.items()}
    found: dict[str, str] = {}
    missing: dict[str, str] = {}
    for name, text in files.items():
        kept = _read_entry(places[name], text)
        if kept is None:
            missing[name] = text
        else:
            found[name] = kept
    formatted = format_files(missing, jobs=jobs) if missing else {}
    for name, text in formatted.items():
        write_atomic(places[name], _entry(files[name], text), root=folder)
    return {name: found[name] if name in found else formatted[name] for name in files}


def _seal(source: str, output: bytes) -> bytes:
    digest = hashlib.sha256(source.encode("utf-8", "backslashreplace") + b"\0" + output)
    return digest.hexdigest().encode("ascii")


def _entry(source: str, output: str) -> bytes:
    body = output.encode("utf-8", "backslashreplace")
    return _HEADER + _seal(source, body) + b"\n" + body


def _read_entry(place: Path, source: str) -> str | None:
    """The kept output for ``source``, or None when there is none or it fails its hash."""
    if not place.exists():
        return None
    try:
        data = read_regular_file(place)
    except InputError:  # a FIFO, a folder, unreadable: not an entry
        return None
    header, _, body = data.partition(b"\n")
    if header != _HEADER + _seal(source, body):
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _place(shelf: Path, text: str) -> Path:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return shelf / digest[:2] / f"{digest}.pyi.sealed"


@cache
def _black_tag() -> str:
    """The black version and mode: a change to either makes every kept output stale."""
    import black

    from specdiff.stubs.render import black_mode

    mode = hashlib.sha256(repr(black_mode()).encode("utf-8")).hexdigest()[:12]
    # "where-needed": what format_files keeps is black's output where a statement needed it
    return f"black-{black.__version__}-{mode}-where-needed"
