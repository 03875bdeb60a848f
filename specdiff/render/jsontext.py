"""JSON text as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, written faster.

The standard encoder indents through its pure-Python generator (its C encoder cannot
indent), one small piece at a time: 0.45 s for the 47k change records of two far-apart
catalogs. Here each container is one ``str.join`` and each string goes through the
standard library's own C string encoder, so the text is the same; a value of any other
kind than plain JSON (a non-string key, NaN, a subclass of int) is left to ``json.dumps``
whole, so there is never a second reading of what JSON means.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring  # the C encoder when there is one, as json.dumps uses
from typing import Any

__all__ = ["dumps_indented"]


class _Unsupported(Exception):
    """A value this writer leaves to ``json.dumps``."""


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte."""
    try:
        return _encode(value, "")
    except _Unsupported:
        return json.dumps(value, indent=2, ensure_ascii=False)


def _encode(value: Any, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if not math.isfinite(value):
            raise _Unsupported
        return float.__repr__(value)
    inner = pad + "  "
    if kind is dict:
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            items.append(inner + encode_basestring(key) + ": " + _encode(item, inner))
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[\n" + ",\n".join([inner + _encode(item, inner) for item in value]) + "\n" + pad + "]"
    raise _Unsupported
