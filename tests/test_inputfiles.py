"""The JSON reader's lone-surrogate check against the truth: the parsed tree itself."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specdiff.errors import InputError
from specdiff.inputfiles import parse_json


def _holds_lone_surrogate(node: Any) -> bool:
    if isinstance(node, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in node)
    if isinstance(node, list):
        return any(map(_holds_lone_surrogate, node))
    if isinstance(node, dict):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v) for k, v in node.items())
    return False


# Pieces of JSON string content that make surrogate escapes hard to tell apart:
# escaped backslashes before an escape, pairs, halves, and pairs split by text.
_PIECES = st.sampled_from(
    ["\\ud83d", "\\ude00", "\\uD83D\\uDE00", "\\ud83d\\ude00", "\\\\", "\\\\ud800", "\\u0041", "a", "\\\\\\ud800", "\\n", "\\udbff\\udfff"]
)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=6).map("".join), min_size=1, max_size=4))
def test_a_lone_surrogate_is_refused_and_only_that(strings: list[str]) -> None:
    text = "[" + ", ".join(f'"{s}"' for s in strings) + "]"
    lone = _holds_lone_surrogate(json.loads(text))
    if lone:
        with pytest.raises(InputError, match="lone surrogate"):
            parse_json(text, "x.json")
    else:
        assert parse_json(text, "x.json") == json.loads(text)


@pytest.mark.parametrize(
    ("text", "lone"),
    [
        ('["\\ud83d\\ude00"]', False),  # a pair: one character
        ('["\\ud83d"]', True),
        ('["\\ude00\\ud83d"]', True),  # the wrong order
        ('["\\\\ud83d"]', False),  # a backslash, then text
        ('["\\\\\\ud83d"]', True),  # a backslash, then an escape
        ('["\\\\ud83d\\ude00"]', True),  # text, then a lone low half
        ('{"\\ud800": 1}', True),  # in a key
    ],
)
def test_surrogate_escapes(text: str, lone: bool) -> None:
    assert _holds_lone_surrogate(json.loads(text)) == lone  # the case says what it means
    if lone:
        with pytest.raises(InputError, match="lone surrogate"):
            parse_json(text, "x.json")
    else:
        parse_json(text, "x.json")


def test_gzip_reads_as_gzip_reads_it_and_never_past_the_limit() -> None:
    import gzip
    import os

    from specdiff.inputfiles import gunzip

    data = os.urandom(1000) + b"x" * 100_000
    packed = gzip.compress(data)
    assert gunzip(packed, "m.gz") == gzip.decompress(packed) == data
    two = packed + gzip.compress(b"abc")  # members one after another, and zeros after them
    assert gunzip(two, "m.gz") == gzip.decompress(two) == data + b"abc"
    assert gunzip(packed + b"\0\0\0", "m.gz") == data
    assert gunzip(packed, "m.gz", limit=len(data)) == data  # the limit itself is allowed
    with pytest.raises(InputError, match=f"expands past {len(data) - 1} bytes"):
        gunzip(packed, "m.gz", limit=len(data) - 1)
    damaged = {
        "cut": packed[:-3],
        "short": packed[:50],
        "crc": packed[:-8] + bytes(4) + packed[-4:],
        "garbage after": packed + b"garbage",
    }
    for name, bad in damaged.items():
        with pytest.raises(InputError, match="damaged gzip data"):
            gunzip(bad, "m.gz")
        with pytest.raises((OSError, EOFError)):  # gzip agrees it is damaged
            gzip.decompress(bad)
