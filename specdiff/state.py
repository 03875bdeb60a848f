"""The watch state: the last version seen in each track of a source, one small JSON file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specdiff.errors import InputError
from specdiff.output import write_atomic
from specdiff.sources import OrderKey, SortText, Version, order_key

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

