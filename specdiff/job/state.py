"""The watch state: the last version seen in each track of a source, one small JSON file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specdiff.errors import InputError, UsageError
from specdiff.inputfiles import decode_text, parse_json, read_regular_file
from specdiff.job.sources import OrderKey, SortText, Version, order_key
from specdiff.safewrite import ensure_folder, write_atomic

FORMAT = "specdiff-watch-state"
FORMAT_VERSION = 1

#: Bounds no real state comes near (a track per service: a few hundred; a label or sort
#: part is a version or a file name), past which a state file is taken as damaged.
MAX_TRACKS = 100_000
MAX_TEXT = 1_000
MAX_SORT_PARTS = 8
_STATE_BYTES = 64 << 20


@dataclass(frozen=True)
class Mark:
    """The last version of a track that a run has dealt with completely."""

    label: str
    sort: SortText

    @property
    def order(self) -> OrderKey:
        return order_key(self.sort)


@dataclass(frozen=True)
class State:
    """Where each track of one source stands."""

    source: str
    tracks: dict[str, Mark] = field(default_factory=dict)


def state_file(state_dir: Path, source_name: str) -> Path:
    return state_dir / f"{source_name}.json"


def read_state(state_dir: Path, source_name: str) -> State:
    """The saved state of a source, or an empty one when there is none yet."""
    path = state_file(state_dir, source_name)
    if not state_dir.exists():
        return State(source=source_name)
    if not state_dir.is_dir():
        raise InputError("the state must be a folder, and this is a file", source=str(state_dir))
    if not path.exists() and not path.is_symlink():
        return State(source=source_name)
    source = str(path)
    try:
        document = parse_json(decode_text(read_regular_file(path, limit=_STATE_BYTES), source), source)
    except InputError as error:
        raise InputError(
            f"not a specdiff watch state ({error.message})", source=source, line=error.line, column=error.column
        ) from None
    try:
        return State(source=source_name, tracks=_tracks(document))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"not a specdiff watch state ({exc})", source=source) from None


def _tracks(document: Any) -> dict[str, Mark]:
    if not isinstance(document, dict):
        raise ValueError("expected a JSON object")
    if document.get("format") != FORMAT or document.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"expected format {FORMAT} version {FORMAT_VERSION}")
    tracks = document.get("tracks")
    if not isinstance(tracks, dict) or len(tracks) > MAX_TRACKS:
        raise ValueError(f"'tracks' must be an object of at most {MAX_TRACKS} tracks")
    marks: dict[str, Mark] = {}
    for track, mark in tracks.items():
        where = f"track {_text(track, 'a track name')!r}"
        if not isinstance(mark, dict):
            raise ValueError(f"{where} must be an object with 'label' and 'sort'")
        label, sort = mark.get("label"), mark.get("sort")
        if not isinstance(sort, list) or not 1 <= len(sort) <= MAX_SORT_PARTS:
            raise ValueError(f"{where}: 'sort' must be a list of 1 to {MAX_SORT_PARTS} texts")
        parts = tuple(_text(part, f"{where}: a 'sort' part") for part in sort)
        marks[track] = Mark(label=_text(label, f"{where}: 'label'"), sort=parts)
    return marks


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise ValueError(f"{what} must be text of 1 to {MAX_TEXT} characters")
    return value


def advance(state: State, version: Version) -> State:
    """The state once ``version`` has been dealt with."""
    return State(source=state.source, tracks={**state.tracks, version.track: Mark(version.label, version.sort)})


def write_state(state_dir: Path, state: State) -> None:
    """Save the state atomically: a reader sees the old file or the new, never half of one."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "source": state.source,
        "tracks": {
            track: {"label": mark.label, "sort": list(mark.sort)} for track, mark in sorted(state.tracks.items())
        },
    }
    write_atomic(
        state_file(state_dir, state.source), json.dumps(document, indent=2, sort_keys=True) + "\n", root=state_dir
    )


@contextmanager
def locked(state_dir: Path, source_name: str) -> Iterator[None]:
    """Hold a source's state for one run: a second run at the same time stops with an error.

    An advisory lock on a file beside the state: the system drops it when the process
    ends, however it ends, so a killed run never leaves the state locked.
    """
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): runs must not overlap
        yield
        return
    ensure_folder(state_dir)
    lock = state_dir / f".{source_name}.lock"
    try:
        handle = _open_lock(lock)
    except OSError as exc:
        raise UsageError(f"cannot open the lock: {exc.strerror or exc}", source=str(lock)) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                "another specdiff watch run is using this state; try again when it is done",
                source=str(state_file(state_dir, source_name)),
            ) from None
        yield


def _open_lock(lock: Path) -> Any:
    """The lock file, opened for appending; never a link, a FIFO or a folder."""
    import os
    import stat

    fd = os.open(lock, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0), 0o666)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(0, "not a regular file")
    return os.fdopen(fd, "a")
