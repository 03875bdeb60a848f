"""specdiff: read AWS API changelog pages and botocore models, compare versions, and
write what changed as release notes, typed client stubs and SDK patches."""

from __future__ import annotations

__version__ = "0.1.0"

from specdiff.errors import InputError, PageSyntaxError, SpecdiffError, UsageError

__all__ = [
    "InputError",
    "PageSyntaxError",
    "SpecdiffError",
    "UsageError",
    "load",
    "parse_page",
]


def __getattr__(name: str):  # imported lazily: building the page parser costs time
    if name == "parse_page":
        from specdiff.pages.reader import parse_page

        return parse_page
    if name == "load":
        from specdiff.loaders import load

        return load
    raise AttributeError(name)
