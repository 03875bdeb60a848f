"""Data folders as catalogs: each service's files, told apart by their content, loaded when first read.

A comparison of two catalogs needs only the services whose files changed, and two
releases next to each other share nearly all of theirs. A gzip file ends in the CRC32 and
size of its content, so most files that changed are known by 8 bytes of each; the rest
are confirmed the same by their bytes (a gzip header holds the time it was written, so
two copies of one model differ there), and where the compressed bytes differ otherwise,
by the content they decompress to. :class:`CatalogServices` is the mapping of a catalog's
services that builds a service only when it is first asked for: what no output reads is
never parsed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from specdiff.errors import InputError
from specdiff.inputfiles import gunzip, open_regular_file
from specdiff.loaders.botocore import PAGINATORS_FILENAMES, WAITERS_FILENAMES, held_file, model_folders
from specdiff.loaders.lazy import BuiltOnRead
from specdiff.model import Service

__all__ = ["CatalogServices", "ServiceFiles", "find_services", "same_content", "same_files", "unchanged"]

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_SMALLEST = 18  # a 10-byte header, an empty deflate stream and the 8-byte trailer


@dataclass(frozen=True)
class ServiceFiles:
    """The files a service of a data folder is read from: its model and what sits beside it."""

    name: str
    model: Path
    paginators: Path | None = None
    waiters: Path | None = None

    @property
    def files(self) -> tuple[Path | None, ...]:
        return (self.model, self.paginators, self.waiters)


def find_services(folder: Path) -> dict[str, ServiceFiles]:
    """Every service of a data folder (the newest API version of each), by name, in name order."""
    return {
        name: ServiceFiles(
            name,
            model,
            held_file(model.parent, held, PAGINATORS_FILENAMES),
            held_file(model.parent, held, WAITERS_FILENAMES),
        )
        for name, model, held in model_folders(folder)
    }


def same_files(a: ServiceFiles, b: ServiceFiles) -> bool:
    """True when two services are read from files of the same content (so they are the same service)."""
    for x, y in zip(a.files, b.files):
        if (x is None) != (y is None):
            return False
        if x is not None and y is not None and not same_content(x, y):
            return False
    return True


def same_content(a: Path, b: Path) -> bool:
    """True when two files hold the same content, a gzip file's content being what it decompresses to.

    Cheapest first: a gzip trailer (CRC32 and size) or a plain file's size tells most
    changed files apart without reading them; a match is then confirmed by the content
    itself, never taken on the trailer's word. A file that cannot be read or decompressed
    is not the same as anything: the loader then reads it and says what is wrong.
    """
    try:
        with _Opened(a) as first, _Opened(b) as second:
            (size_a, crc_a), (size_b, crc_b) = first.identity(), second.identity()
            if size_a != size_b or (crc_a is not None and crc_b is not None and crc_a != crc_b):
                return False
            x, y = first.read(), second.read()
    except OSError:
        return False
    if x == y:
        return True
    gzipped = x[:2] == _GZIP_MAGIC, y[:2] == _GZIP_MAGIC
    if all(gzipped) and len(x) == len(y) and x[:4] == y[:4] and x[8:] == y[8:]:
        return True  # the same compressed bytes: only the header's time differs
    try:
        plain_x = gunzip(x, str(a)) if gzipped[0] else x
        plain_y = gunzip(y, str(b)) if gzipped[1] else y
    except InputError:
        return False
    return plain_x == plain_y


class _Opened:
    """A regular file opened once to be told apart: its identity, then its bytes.

    Anything else is an OSError, and so no match: a FIFO or a device would block or never
    end, and the loader refuses it in its own words. Opened as every input is
    (:func:`~specdiff.inputfiles.open_regular_file`), read with ``pread``: a catalog
    compares hundreds of files, each once.
    """

    def __init__(self, path: Path) -> None:
        try:
            self._fd, self._size = open_regular_file(path)
        except InputError as error:  # the loader says it again, for the comparison's error
            raise OSError(str(error)) from None

    def __enter__(self) -> _Opened:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)

    def identity(self) -> tuple[int, bytes | None]:
        """What the file says of its content without being read: its size modulo 2**32, and a CRC32.

        A gzip file's trailer holds both (the size modulo 2**32); a plain file has its
        size and no CRC. Enough to tell files apart, never to call two the same.
        """
        if self._size >= _GZIP_SMALLEST and os.pread(self._fd, 2, 0) == _GZIP_MAGIC:
            trailer = os.pread(self._fd, 8, self._size - 8)
            return int.from_bytes(trailer[4:], "little"), trailer[:4]
        return self._size % 2**32, None

    def read(self) -> bytes:
        data = os.pread(self._fd, self._size + 1, 0)
        if len(data) != self._size:
            raise OSError("the file changed while it was read")
        return data


class CatalogServices(BuiltOnRead[ServiceFiles, Service]):
    """A catalog's services by name, each built from its files when first asked for, then kept.

    Iterating, ``len`` and ``in`` read no file; ``catalog[name]`` builds that service
    alone. :func:`unchanged` tells whether two catalogs hold a service in files of the
    same content, so that a comparison can pass it by unread. A botocore model is never
    partial (``partial``), which a spec asks without loading anything.
    """

    partial = False

    def __init__(self, files: Mapping[str, ServiceFiles], build: Callable[[ServiceFiles], Service]) -> None:
        super().__init__(dict(files))
        self._build = build
        self._read: set[str] = set()

    def __getitem__(self, name: str) -> Service:
        service = self._built.get(name)
        if service is None:
            files = self._sources[name]  # KeyError for a name not held, and only for that
            service = self._built[name] = self._build(files)
            self._read.add(name)
        return service

    def files(self, name: str) -> ServiceFiles:
        """The files the service ``name`` is read from."""
        return self._sources[name]

    def forget(self, name: str) -> None:
        """Let the built service ``name`` go (it is built again if read again)."""
        self._built.pop(name, None)

    @property
    def loaded(self) -> tuple[str, ...]:
        """The services built so far, by name (those let go since too)."""
        return tuple(sorted(self._read))


def unchanged(old: Mapping[str, Service], new: Mapping[str, Service], name: str) -> bool:
    """True when both sides hold ``name`` in files of the same content (catalogs of data folders only)."""
    if not (isinstance(old, CatalogServices) and isinstance(new, CatalogServices)):
        return False
    if name not in old or name not in new:
        return False
    return same_files(old.files(name), new.files(name))
