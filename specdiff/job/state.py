"""The watch state: the last version seen in each track of a source, one small JSON file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specdiff.errors import InputError, UsageError
from specdiff.job.sources import OrderKey, SortText, Version, order_key
from specdiff.safewrite import write_atomic

FORMAT = "specdiff-watch-state"
FORMAT_VERSION = 1


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State(source=source_name)
    except OSError as exc:
        raise InputError(f"cannot read the state: {exc.strerror or exc}", source=str(path)) from None
    try:
        document = json.loads(text)
        if document.get("format") != FORMAT or document.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"expected format {FORMAT} version {FORMAT_VERSION}")
        tracks = {
            str(track): Mark(label=str(mark["label"]), sort=tuple(str(part) for part in mark["sort"]))
            for track, mark in document["tracks"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"not a specdiff watch state ({exc})", source=str(path)) from None
    return State(source=source_name, tracks=tracks)


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
    write_atomic(state_file(state_dir, state.source), json.dumps(document, indent=2, sort_keys=True) + "\n")


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
    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / f".{source_name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                "another specdiff watch run is using this state; try again when it is done",
                source=str(state_file(state_dir, source_name)),
            ) from None
        yield
