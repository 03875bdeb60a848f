"""Typed stubs for Hostile \"\"\" Service {{ 7*7 }} \\ (../../etc/x, API 2020-01-01)."""

from typing import Literal

__all__ = (
    "EmptyEnumType",
    "etc_xType",
    "from_Type",
)

EmptyEnumType = str

etc_xType = Literal["../../etc/passwd"]

from_Type = Literal[
    "it's",
    'say "hi"',
    "\\",
    "{{ 7*7 }}",
    '"""',
    "'''",
    "a\nb",
]
