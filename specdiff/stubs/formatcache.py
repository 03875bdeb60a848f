"""Stub files once formatted, kept on disk by content, so black formats a given text only once.

A nightly watch formats the same files again and again: today's old side is yesterday's
new side. Black is deterministic for one version and mode, so its output can be kept
under the hash of its input, in a folder named for the black version and mode.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from specdiff.safewrite import write_atomic


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
        try:
            found[name] = places[name].read_bytes().decode("utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            missing[name] = text
    formatted = format_files(missing, jobs=jobs) if missing else {}
    for name, text in formatted.items():
        write_atomic(places[name], text)
    return {name: found[name] if name in found else formatted[name] for name in files}


def _place(shelf: Path, text: str) -> Path:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return shelf / digest[:2] / f"{digest}.pyi"


@cache
def _black_tag() -> str:
    """The black version and mode: a change to either makes every kept output stale."""
    import black

    from specdiff.stubs.render import black_mode

    mode = hashlib.sha256(repr(black_mode()).encode("utf-8")).hexdigest()[:12]
    # "where-needed": what format_files keeps is black's output where a statement needed it
    return f"black-{black.__version__}-{mode}-where-needed"
