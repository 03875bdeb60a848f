"""What a comparison adds up to: changes per severity, and whether it fails ``--fail-on``."""

from __future__ import annotations

from collections.abc import Iterable

from specdiff.compare.changes import Change, Comparison, Severity

__all__ = ["exceeds", "severity_counts"]


def severity_counts(changes: Iterable[Change]) -> dict[str, int]:
    """Changes per severity, worst first, every severity present (zero included)."""
    counts = {severity.value: 0 for severity in sorted(Severity, key=lambda s: -s.rank)}
    for change in changes:
        counts[change.severity.value] += 1
    return counts


def exceeds(comparison: Comparison, threshold: Severity | None) -> bool:
    """True when a change (not an ignored one) is at or above ``threshold`` (``None``: never)."""
    if threshold is None:
        return False
    return any(change.severity.rank >= threshold.rank for change in comparison.changes)
