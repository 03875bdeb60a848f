"""Reading input files: their bytes (un-gzipped whatever the name) and their text."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from specdiff.errors import InputError

__all__ = ["decode_text", "read_input_bytes"]


def read_input_bytes(path: Path) -> bytes:
    """The bytes of a file, un-gzipped when they are gzip data (whatever the file name)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or folder", source=source) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"damaged gzip data ({exc})", source=source) from None
    return data


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
