"""What each side of a comparison is, and which services and operations it covers."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from specdiff.compare.changes import InputInfo
from specdiff.model import Spec

__all__ = ["input_info", "is_page_spec", "name_matches"]


def is_page_spec(spec: Spec) -> bool:
    """True for a spec read from a changelog page, or a snapshot of one."""
    return spec.kind == "page" or spec.origin_kind == "page" or spec.page is not None


def input_info(spec: Spec) -> InputInfo:
    """What one side of a comparison was, for the report's ``old``/``new``."""
    names = tuple(sorted(spec.services))
    api_version = spec.services[names[0]].api_version if len(names) == 1 else ""
    return InputInfo(
        kind=spec.content_kind,
        source=spec.source,
        services=names,
        api_version=api_version,
        version=spec.version,
        partial=spec.partial,
    )


def name_matches(name: str, patterns: Sequence[str]) -> bool:
    """True when ``name`` matches one of the ``--service``/``--operation`` globs."""
    return any(fnmatchcase(name, pattern) for pattern in patterns)
