"""What the CI reports (annotations, JUnit, SARIF) say of each finding: its text, place and verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from specdiff.compare.changes import Change, Comparison, Severity, fingerprint
from specdiff.compare.verdict import severity_counts
from specdiff.render.findings import Finding, Values, find_with_changes
from specdiff.render.locations import Location

__all__ = ["REPORT_FORMATS", "Item", "Locate", "Report", "build_report", "fail_threshold"]

#: The CI report formats, beside the notes formats.
REPORT_FORMATS = ("github", "junit", "sarif")

Locate = Callable[[Finding], "Location | None"]


@dataclass(frozen=True)
class Item:
    """One finding as a CI report shows it.

    ``headline`` is one line (service, subject, what happened); ``details`` the lines
    under it (values, moves, every place with its operations); ``fails`` says whether the
    finding is at or above ``--fail-on``. ``fingerprints`` are those of the finding's
    changes (what an ignore file names); ``fingerprint`` names the finding itself.
    """

    finding: Finding
    headline: str
    details: tuple[str, ...]
    fails: bool
    location: Location | None
    fingerprint: str
    fingerprints: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.details))


@dataclass(frozen=True)
class Report:
    """A comparison as the CI reports see it: what was compared, the items, the totals."""

    old: str
    new: str
    items: tuple[Item, ...]
    counts: tuple[tuple[str, int], ...]
    change_count: int
    failures: int
    fail_on: str


def fail_threshold(fail_on: str) -> Severity | None:
    """The severity ``--fail-on`` names, or ``None`` for ``never``."""
    return None if fail_on == "never" else Severity(fail_on)


def build_report(comparison: Comparison, *, fail_on: str = "breaking", locate: Locate | None = None) -> Report:
    """The items of a comparison, in the order of its findings (notes order)."""
    threshold = fail_threshold(fail_on)
    found = find_with_changes(comparison.changes)
    prints = _fingerprints(found)
    items = []
    for finding, _ in found:
        items.append(
            Item(
                finding=finding,
                headline=headline(finding),
                details=details(finding),
                fails=threshold is not None and finding.severity.rank >= threshold.rank,
                location=locate(finding) if locate is not None else None,
                # The finding's identity: its rule, service and subject (a shape and member,
                # or a path), through the change fingerprint's own hash.
                fingerprint=fingerprint(finding.rule.value, finding.service, None, None, finding.subject),
                fingerprints=prints[finding.number],
            )
        )
    return Report(
        old=_side(comparison.old.source, comparison.old.version),
        new=_side(comparison.new.source, comparison.new.version),
        items=tuple(items),
        counts=tuple(severity_counts(comparison.changes).items()),
        change_count=len(comparison.changes),
        failures=sum(item.fails for item in items),
        fail_on=fail_on,
    )


def _fingerprints(found: Sequence[tuple[Finding, Sequence[Change]]]) -> dict[int, tuple[str, ...]]:
    """The fingerprints of each finding's changes, by the finding's number.

    Two findings alike in every shown field (their number aside) would read as one item:
    each then names both groups' changes. Only findings of one subject can be alike, so
    only those are held against each other whole.
    """
    prints = {finding.number: {c.fingerprint for c in changes} for finding, changes in found}
    subjects: dict[tuple[object, ...], list[Finding]] = defaultdict(list)
    for finding, _ in found:
        subjects[(finding.service, finding.rule, finding.subject_kind, finding.subject)].append(finding)
    for findings in subjects.values():
        if len(findings) > 1:
            unnumbered = [replace(finding, number=0) for finding in findings]
            alike: dict[Finding, set[str]] = defaultdict(set)
            for key, finding in zip(unnumbered, findings):
                alike[key] |= prints[finding.number]
            for key, finding in zip(unnumbered, findings):
                prints[finding.number] = alike[key]
    return {number: tuple(sorted(names)) for number, names in prints.items()}


def _side(source: str, version: str) -> str:
    return f"{source} ({version})" if version and version not in source else source


def headline(finding: Finding) -> str:
    """One line: the service, what changed and how, and whether it was seen only in part."""
    where = f"{finding.service} {finding.subject}" if finding.subject else finding.service
    partial = " (partial: the page showed it cut short)" if finding.partial else ""
    return f"{where}: {finding.summary}{partial}"


def details(finding: Finding) -> tuple[str, ...]:
    """The lines under a headline: values, moved values, then each place and its operations."""
    lines: list[str] = []
    if finding.detail:
        lines.append(finding.detail)
    if finding.added:
        lines.append("added: " + _values(finding.added))
    if finding.removed:
        lines.append("removed: " + _values(finding.removed))
    for move in finding.moves:
        old = "(none)" if move.old is None else move.old
        new = "(none)" if move.new is None else move.new
        lines.append(f"{move.name}: {old} -> {new}")
    for place in finding.places:
        where = " ".join(part for part in (place.direction, place.path) if part)
        operations = ", ".join(place.operations)
        cut = " (partial)" if place.partial else ""
        if where and operations:
            lines.append(f"{where} ({place.severity.value}){cut}: {operations}")
        elif where or operations:
            lines.append(f"{where or operations} ({place.severity.value}){cut}")
    lines.append(f"rule {finding.rule.value}, {finding.severity.value}")
    return tuple(lines)


def _values(values: Values) -> str:
    # every value: a CI report is read where the notes are not, and is not length-bound
    return ", ".join(values.full)
