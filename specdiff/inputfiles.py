"""Reading input files: their bytes (un-gzipped whatever the name), their text, their JSON.

Every input is bounded before it is trusted: only regular files are read (a FIFO would
block forever, a device never end), at most ``MAX_INPUT_BYTES`` of them and, for gzip
data, at most that much once decompressed, the decompression bounded so that a small
bomb is never expanded whole; JSON nested too deep for the parser and text no UTF-8 writer could write
back (a lone surrogate escape) are errors naming the file and place.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from pathlib import Path
from typing import Any

from specdiff.errors import InputError, JSONSyntaxError

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_JSON_DEPTH",
    "decode_text",
    "named_json",
    "open_regular_file",
    "parse_json",
    "read_input_bytes",
    "read_regular_file",
]

#: The most bytes an input may hold, on disk or once un-gzipped: 512 MiB. The biggest real
#: inputs are far below it (a whole botocore catalog's snapshot is about 60 MB; the
#: biggest model, ec2, about 5 MB), and past it the comparison would not fit in memory.
MAX_INPUT_BYTES = 512 << 20

#: The deepest nesting of lists and mappings a parsed tree may have where it is checked
#: (ignore files, text with surrogate escapes). Real models nest 6 levels, snapshots about
#: 12, ignore files 3; JSON's own parser stops near 1,000 levels, which is an error too.
MAX_JSON_DEPTH = 200

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# A run of digits past Python's conversion limit; only searched once the parser has refused one.
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{4301}")


def named_json(path: Path) -> bool:
    """True for a file named ``*.json`` (or ``*.json.gz``): JSON it is meant to be, whatever
    it holds, where another name opening with ``{`` may be a page."""
    return path.name.lower().removesuffix(".gz").endswith(".json")


def open_regular_file(path: Path, *, limit: int | None = None, kind: str = "an input") -> tuple[int, int]:
    """A regular file opened for reading, and its size: FIFOs, devices and sockets are
    refused without blocking, and a file of more than ``limit`` bytes before any is read
    (``kind`` names it then). The caller closes the descriptor."""
    source = str(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError("no such file or folder", source=source) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    info = os.fstat(fd)
    problem = ""
    if stat.S_ISDIR(info.st_mode):
        problem = "is a folder, not a file"
    elif not stat.S_ISREG(info.st_mode):
        what = "FIFO" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "device"
        problem = f"is a {what}, not a regular file"
    elif info.st_size > limit:
        problem = f"too big: {info.st_size} bytes ({kind} may hold at most {limit})"
    if problem:
        os.close(fd)
        raise InputError(problem, source=source)
    return fd, info.st_size


def read_regular_file(path: Path, *, limit: int | None = None, kind: str = "an input") -> bytes:
    """The raw bytes of a regular file (:func:`open_regular_file`), at most ``limit``."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    fd, size = open_regular_file(path, limit=limit, kind=kind)
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(min(limit, max(size, 1 << 16)) + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    if len(data) > limit:  # it grew while being read
        raise InputError(f"too big ({kind} may hold at most {limit} bytes)", source=str(path))
    return data


def read_input_bytes(path: Path, *, limit: int | None = None, kind: str = "an input") -> bytes:
    """The bytes of a file, un-gzipped when they are gzip data (whatever the file name)."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    data = read_regular_file(path, limit=limit, kind=kind)
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, str(path), limit=limit, kind=kind)
    return data


def gunzip(data: bytes, source: str, *, limit: int | None = None, kind: str = "an input") -> bytes:
    """Gzip data decompressed (every member, as gzip reads them), never past ``limit`` bytes:
    past it, an error. Each member's CRC32 and size are checked against its trailer.

    One zlib call per member, bounded by what may still come out: as safe against a bomb as
    reading a stream in chunks, at a third of its cost (a catalog's changed models).
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    parts: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:
            member = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer around deflate
            part = member.decompress(rest, limit + 1 - size)
            size += len(part)
            parts.append(part)
            if size > limit or member.unconsumed_tail:
                raise InputError(
                    f"gzip data expands past {limit} bytes, the most {kind} may hold (a gzip bomb?)", source=source
                )
            if not member.eof:
                raise InputError("damaged gzip data (it ends before its last member does)", source=source)
            rest = member.unused_data.lstrip(b"\0")  # gzip allows zeros after a member
    except zlib.error as exc:
        raise InputError(f"damaged gzip data ({exc})", source=source) from None
    return b"".join(parts)


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 text (a BOM allowed), or fail naming the first bad byte's place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            source=source,
            line=line,
            column=column,
        ) from None


def parse_json(text: str, source: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parsed JSON, or an error naming the place: bad syntax, nesting deeper than the parser
    goes, or a string holding a lone surrogate (``"\\ud800"``), which no UTF-8 output can hold.

    The whole tree is walked only when the text may hold a lone surrogate escape (rare:
    real models hold only pairs, which JSON reads as one character), so that loading a
    catalog costs no second pass."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JSONSyntaxError(f"invalid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read (about 1,000 levels)", source=source) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        column = found.start() - text.rfind("\n", 0, found.start()) if found else None
        raise InputError(
            "invalid JSON: a number too long to read (more than 4,300 digits)", source=source, line=line, column=column
        ) from None
    if _lone_surrogate_escape(text):
        check_tree(document, source, max_depth=max_depth)
    return document


def _lone_surrogate_escape(text: str) -> bool:
    """True when the JSON text has a surrogate escape (``\\ud800``) that is not one half of
    a pair, a high one followed at once by a low one, as JSON's decoder joins them.

    An escape is real when an even number of backslashes stands before it (``\\\\ud800``
    is a backslash and text). Linear: each run of backslashes is counted once, by the
    escape it ends at.
    """
    escapes = []
    for match in _SURROGATE_ESCAPE.finditer(text):
        start = run = match.start()
        while run > 0 and text[run - 1] == "\\":
            run -= 1
        if (start - run) % 2 == 0:
            escapes.append((start, text[start + 3] in "89abAB"))  # (where, a high surrogate)
    index = 0
    while index < len(escapes):
        start, high = escapes[index]
        if not (high and index + 1 < len(escapes) and escapes[index + 1] == (start + 6, False)):
            return True
        index += 2
    return False


def check_tree(document: Any, source: str, *, max_depth: int = MAX_JSON_DEPTH, surrogates: bool = True) -> None:
    """Refuse a parsed tree (JSON, YAML, TOML) nested past ``max_depth`` or holding text
    that is not valid Unicode; iterative, so a deep tree cannot exhaust the stack."""
    stack: list[tuple[Any, int, str]] = [(document, 0, "")]
    while stack:
        node, depth, place = stack.pop()
        if isinstance(node, dict):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            if surrogates and isinstance(node, str):
                _check_text(node, source, place)
            continue
        if depth >= max_depth:
            raise InputError(f"nested more than {max_depth} levels deep (at {place or 'the top'})", source=source)
        for key, value in items:
            if surrogates and isinstance(key, str):
                _check_text(key, source, place)
            if isinstance(value, (dict, list)) or (surrogates and isinstance(value, str)):
                stack.append((value, depth + 1, f"{place}/{key}" if depth < 8 else place))


def _check_text(text: str, source: str, place: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        raise InputError(
            f"text holding a lone surrogate (U+{code:04X}) at {place or 'the top'}, which is not valid Unicode",
            source=source,
        ) from None
