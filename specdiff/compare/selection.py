"""What each side of a comparison is, and which services and operations it covers."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from specdiff.compare.changes import Change, InputInfo
from specdiff.errors import UsageError
from specdiff.model import Spec

__all__ = ["check_selection", "check_services", "input_info", "is_page_spec", "name_matches", "operation_kept"]


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


def operation_kept(change: Change, operations: Sequence[str] | None) -> bool:
    """Whether the ``--operation`` globs keep a change: there are none, or its operation
    matches one (a change of no operation, a service's own, is then left out)."""
    return not operations or (bool(change.operation) and name_matches(change.operation or "", operations))


def check_selection(
    specs: Sequence[Spec], services: Sequence[str] | None, operations: Sequence[str] | None
) -> None:
    """Refuse a ``--service`` or ``--operation`` glob that names nothing in either input:
    a typo would otherwise report "no changes" and pass."""
    check_services([name for spec in specs for name in spec.services], services)
    if not operations:
        return  # nothing more to check: a catalog reads no service for it
    chosen = [  # by name first: a catalog builds only the services chosen
        spec.services[name]
        for spec in specs
        for name in spec.services
        if not services or name_matches(name, services)
    ]
    for pattern in operations or ():
        if not any(name_matches(op, [pattern]) for service in chosen for op in service.operations):
            raise UsageError(f"--operation {pattern!r} matches no operation of the services compared")


def check_services(names: Sequence[str], services: Sequence[str] | None) -> None:
    """Refuse a ``--service`` glob that matches none of ``names``."""
    for pattern in services or ():
        if not any(name_matches(name, [pattern]) for name in names):
            known = sorted(set(names))
            raise UsageError(f"--service {pattern!r} matches no service of the inputs ({_some(known)})")


def _some(names: list[str], most: int = 5) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "") if names else "none"
