"""Where a watch finds versions: a folder of changelog pages, a folder of models, botocore releases.

A source lists its versions in *tracks*: the versions that are compared one after the
other (one service's models, one service's pages, the botocore releases). Each version
has a label (safe to use in a path and in the state file) and an order key within its
track; the order is the promise users rely on, so it is spelled out here:

- a folder of models or snapshots (files ``<name>-<version>.json[.gz]``, or botocore
  data folders named by version): the version is the last run of digits joined by
  ``.``, ``-`` or ``_`` in the name, compared as numbers piece by piece (natural sort:
  ``1.13.10`` comes after ``1.13.9``); the track is the name before it (``sagemaker``);
- a folder of changelog pages: ordered by the date on the page's title line, then by
  file name; the track is the service title on that line;
- botocore releases: ``botocore:1.13.1,1.13.2`` (exactly these), ``botocore:1.13.1..1.13.3``
  (every release in between, as the package index lists them), ``botocore:1.13.1..``
  (every release since), ``botocore:all`` (every release), ``botocore==1.13.2`` (one);
  each number read as pip reads it (``1.13`` is 1.13.0, as ``specdiff botocore==1.13`` reads it).
"""

from __future__ import annotations

import gzip
import html
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from specdiff.errors import InputError, UsageError
from specdiff.inputfiles import named_json
from specdiff.loaders.release import release_number
from specdiff.loaders.wheels import (
    Runner,
    botocore_data,
    cached_wheel,
    released_versions,
    run_pip,
    version_key,
)

SourceKind = Literal["models", "pages", "botocore"]
OrderKey = tuple[object, ...]
SortText = tuple[str, ...]

_NUMBERED = re.compile(r"\d+(?:[._-]\d+)*")
_PAGE_TITLE = re.compile(r"(\d{4})/(\d{2})/(\d{2})\s+-\s+(.+?)\s+-\s+\d+\s+(?:new|updated)")
_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class Source:
    """A place that versions come from, as the user named it."""

    kind: SourceKind
    name: str  # names the state file and the output folder
    text: str  # as the user wrote it
    folder: Path | None = None
    releases: tuple[str, ...] = ()  # botocore: exactly these
    first: str | None = None  # botocore: a range from here
    last: str | None = None  # botocore: ... to here (None: every release since)
    cache: Path | None = None  # botocore: the wheel cache


@dataclass(frozen=True)
class Version:
    """One version of one track of a source."""

    track: str
    label: str
    #: what the version sorts by, as text (kept in the state file): each part is compared
    #: in natural order (a version number, then the file name; a page's date, then its name)
    sort: SortText
    display: str  # how outputs name it (a path as the user gave it, or botocore==X)
    entry: str = ""  # the file or folder name inside a source folder

    @property
    def order(self) -> OrderKey:
        return order_key(self.sort)


def order_key(sort: SortText) -> OrderKey:
    """The order of a version's sort text: each part in natural order."""
    return tuple(natural_key(part) for part in sort)


def safe_label(text: str) -> str:
    """Text reduced to characters safe in a file name (letters, digits, ``.``, ``_``, ``-``)."""
    label = _UNSAFE.sub("-", text.strip()).strip("-.")
    return label or "unnamed"


def natural_key(text: str) -> OrderKey:
    """Sort key comparing digit runs as numbers: ``1.13.9`` < ``1.13.10``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", text) if part)


def parse_source(text: str, *, cache: Path, name: str | None = None) -> Source:
    """Read a SOURCE argument: ``botocore:...``, ``botocore==X``, or a folder."""
    if text.startswith("botocore==") or text.startswith("botocore:"):
        return _botocore_source(text, cache=cache, name=name or "botocore")
    folder = Path(text)
    if not folder.is_dir():
        raise InputError("not a folder, nor a botocore release list (botocore:1.13.1..1.13.3)", source=text)
    label = safe_label(name or folder.resolve().name)
    kinds = {_entry_kind(path) for path in _entries(folder)}
    if kinds == {"page"}:
        return Source(kind="pages", name=label, text=text, folder=folder)
    if "page" in kinds:
        raise UsageError("folder mixes changelog pages with models: give each its own folder", source=text)
    return Source(kind="models", name=label, text=text, folder=folder)


def _botocore_source(text: str, *, cache: Path, name: str) -> Source:
    spec = text.split("==", 1)[1] if text.startswith("botocore==") else text.split(":", 1)[1]
    if spec == "all":
        spec = "0.."

    def number(version: str) -> str:
        # As pip reads it (1.13 is 1.13.0), the same whichever spelling, and as compare reads it.
        return release_number(version, source=text)

    if ".." in spec:
        first, _, last = spec.partition("..")
        return Source(
            kind="botocore",
            name=safe_label(name),
            text=text,
            first=number(first.strip()),
            last=number(last.strip()) if last.strip() else None,
            cache=cache,
        )
    releases = tuple(number(v.strip()) for v in spec.split(",") if v.strip())
    if not releases:
        raise InputError("no botocore version named (botocore:1.13.1,1.13.2 or botocore:1.13.1..)", source=text)
    return Source(kind="botocore", name=safe_label(name), text=text, releases=releases, cache=cache)


def list_versions(source: Source, *, runner: Runner = run_pip) -> list[Version]:
    """Every version the source holds now, sorted by track then order."""
    if source.kind == "botocore":
        versions = _botocore_versions(source, runner=runner)
    elif source.kind == "pages":
        versions = [_page_version(source, path) for path in _entries(_folder(source))]
    else:
        versions = [_model_version(source, path) for path in _entries(_folder(source))]
    versions.sort(key=lambda v: (v.track, v.order))
    seen: dict[tuple[str, str], Version] = {}
    for version in versions:
        twin = seen.setdefault((version.track, version.label), version)
        if twin is not version:
            raise UsageError(
                f"{twin.entry} and {version.entry} are the same version ({version.label}) of {version.track}",
                source=source.text,
            )
    return versions


def input_path(source: Source, version: Version, *, runner: Runner = run_pip) -> Path:
    """The file or folder to load for a version (a botocore release is fetched and unpacked)."""
    if source.kind == "botocore":
        assert source.cache is not None
        return botocore_data(version.label, source.cache, runner=runner)
    return _folder(source) / version.entry


def _botocore_versions(source: Source, *, runner: Runner) -> list[Version]:
    if source.releases:
        releases = sorted(set(source.releases), key=version_key)
        _check_released(releases, source, runner=runner)
    else:
        assert source.first is not None
        low, high = version_key(source.first), version_key(source.last) if source.last else None
        releases = [
            v for v in released_versions(runner=runner) if low <= version_key(v) and (high is None or version_key(v) <= high)
        ]
        if not releases:
            raise InputError("the package index lists no botocore release in this range", source=source.text)
    return [
        Version(track=source.name, label=v, sort=(v,), display=f"botocore=={v}", entry=v) for v in releases
    ]


def _check_released(releases: list[str], source: Source, *, runner: Runner) -> None:
    """Refuse a named release that does not exist (a typo would become the baseline); one
    already in the cache needs no index."""
    assert source.cache is not None
    cache = source.cache
    unsure = [v for v in releases if cached_wheel(v, cache) is None and not (cache / f"botocore-{v}" / "data").is_dir()]
    if not unsure:
        return
    listed = set(released_versions(runner=runner))
    unknown = [v for v in unsure if v not in listed]
    if unknown:
        raise InputError(f"botocore {unknown[0]} is not a release the package index lists", source=source.text)


def _folder(source: Source) -> Path:
    assert source.folder is not None
    return source.folder


def _entries(folder: Path) -> list[Path]:
    # Hidden names are editors' and our own temporary files, never versions; a README or
    # other Markdown file describes the folder.
    return sorted(
        p
        for p in folder.iterdir()
        if not p.name.startswith((".", "_")) and not p.name.upper().startswith("README") and p.suffix != ".md"
    )


def _entry_kind(path: Path) -> str:
    if path.is_dir():
        return "model"
    head = _head_text(path)
    if head.lstrip()[:1] not in ("{", "["):
        return "page"
    # JSON by its first character, unless a file not named *.json shows a page's title line
    # (a page may open with "{" or "["): the loader reads such a file as a page too.
    return "page" if not named_json(path) and _PAGE_TITLE.search(head.replace("\u00a0", " ")) else "model"


def _head_text(path: Path) -> str:
    """The first few kilobytes of a file as text, un-gzipped, for cheap sniffing."""
    try:
        # non-blocking, and only a regular file: a FIFO in a watched folder must not hang the job
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InputError("not a regular file (a FIFO, a device?)", source=str(path))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(2)
            handle.seek(0)
            if raw == b"\x1f\x8b":
                with gzip.open(handle) as unzipped:
                    data = unzipped.read(_HEAD_BYTES)
            else:
                data = handle.read(_HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read: {exc}", source=str(path)) from None
    return data.decode("utf-8-sig", errors="replace")


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".json", ".txt", ".html", ".htm"):
        if name.endswith(suffix) and not path.is_dir():
            name = name[: -len(suffix)]
    return name


def _model_version(source: Source, path: Path) -> Version:
    stem = _stem(path)
    numbers = list(_NUMBERED.finditer(stem))
    if not numbers:
        raise InputError(
            "no version in the name (expected a name like sagemaker-1.13.2.json.gz)", source=str(path)
        )
    found = numbers[-1]
    # The name before the version; what follows it is a suffix (sagemaker-1.13.2.snapshot).
    prefix, suffix = stem[: found.start()].strip("-_. "), stem[found.end() :].strip("-_. ")
    track = safe_label(prefix or suffix or source.name)
    label = safe_label(found.group())
    return Version(
        track=track,
        label=label,
        sort=(found.group(), path.name),
        display=str(_folder(source) / path.name),
        entry=path.name,
    )


def _page_version(source: Source, path: Path) -> Version:
    head = _head_text(path)
    if head.lstrip().startswith("<"):
        head = html.unescape(re.sub(r"<[^>]*>", " ", head))
    title = _PAGE_TITLE.search(head.replace("\u00a0", " "))
    dated = _NAME_DATE.search(path.name)
    if title is not None:
        year, month, day, service = title.groups()
        date = f"{year}-{month}-{day}"
    elif dated is not None:
        (year, month, day), service = dated.groups(), _stem(path)[: dated.start()].strip("-_. ") or source.name
        date = f"{year}-{month}-{day}"
    else:
        # No title in the first kilobytes: the page reader reads it all, and finds the title
        # further down or says where the page breaks, as `specdiff PAGE` would.
        from specdiff.pages import read_page_file

        found = read_page_file(path).title
        date, service = found.date, found.service
    return Version(
        track=safe_label(service.lower()),
        label=safe_label(_stem(path)),
        sort=(date, path.name),
        display=str(_folder(source) / path.name),
        entry=path.name,
    )
