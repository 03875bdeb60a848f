"""Findings: the changes of a comparison grouped into facts, one per changed shape."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from specdiff.compare.changes import Change, Rule, Severity, message_place
from specdiff.render.escaping import excerpt

__all__ = [
    "OPERATION_RULES",
    "Finding",
    "Move",
    "Place",
    "Values",
    "compact_values",
    "find",
    "find_with_changes",
    "group_key",
    "member_of",
]

_T = TypeVar("_T")

_CONTAINER_SUFFIXES = ("[]", "{key}", "{}")  # what a member path adds after a list, a map's key, a map
# compiled once: the findings of far-apart catalogs sort tens of thousands of enum values
_BRACE_OR_COMMA = re.compile(r"[{},]")
_NUMBER_OR_WORD = re.compile(r"\d+|\D+")

#: Enum values notes show before folding the rest into "and N more" (full list kept aside).
SHOWN_VALUE_ITEMS = 6
#: Suffixes one brace group shows, so that one group cannot make a line unreadable.
SHOWN_GROUP_SUFFIXES = 12

# Rules that are always about the shape itself (an enum, a constrained string, its type):
# every member path that reaches the shape is the same fact.
_SHAPE_WIDE_RULES = frozenset(
    {
        Rule.ENUM_VALUE_ADDED,
        Rule.ENUM_VALUE_REMOVED,
        Rule.CONSTRAINT_TIGHTENED,
        Rule.CONSTRAINT_LOOSENED,
        Rule.TYPE_CHANGED,
    }
)

_ENUM_RULES = frozenset({Rule.ENUM_VALUE_ADDED, Rule.ENUM_VALUE_REMOVED})

#: Rules about whole operations: their findings list operations, not values.
OPERATION_RULES = frozenset(
    {
        Rule.OPERATION_ADDED,
        Rule.OPERATION_REMOVED,
        Rule.OPERATION_DEPRECATED,
        Rule.PAGINATOR_ADDED,
        Rule.PAGINATOR_REMOVED,
    }
)

# What a finding's heading says happened, by rule id: (for one, for n) where n counts the
# values or operations. Rule ids rather than members: a rule this table does not know yet
# still gets a heading (its id in words).
_SUMMARIES: dict[str, tuple[str, str]] = {
    "service-added": ("service added", "service added"),
    "service-removed": ("service removed", "service removed"),
    "operation-added": ("operation added", "{n} operations added"),
    "operation-removed": ("operation removed", "{n} operations removed"),
    "operation-deprecated": ("operation deprecated", "{n} operations deprecated"),
    "member-added": ("member added", "member added"),
    "member-removed": ("member removed", "member removed"),
    "member-became-required": ("member became required", "member became required"),
    "member-became-optional": ("member became optional", "member became optional"),
    "member-deprecated": ("deprecated", "deprecated"),
    "type-changed": ("type changed", "type changed"),
    "enum-value-added": ("1 enum value added", "{n} enum values added"),
    "enum-value-removed": ("1 enum value removed", "{n} enum values removed"),
    "constraint-tightened": ("constraint tightened", "constraint tightened"),
    "constraint-loosened": ("constraint loosened", "constraint loosened"),
    "documentation-changed": ("documentation changed", "documentation changed"),
    "paginator-added": ("paginator added", "{n} paginators added"),
    "paginator-removed": ("paginator removed", "{n} paginators removed"),
}


# ---------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Values:
    """Enum values as notes show them: compact items, how many values they leave out, all."""

    count: int
    shown: tuple[str, ...]
    hidden: int
    full: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """One way a finding reaches operations: a direction and member path, at one severity."""

    direction: str
    path: str
    severity: Severity
    operations: tuple[str, ...]
    partial: bool


@dataclass(frozen=True)
class Move:
    """A value that changed: a type, one constraint, a documentation text (an excerpt).

    ``literal`` values (types, constraints) read best as code; documentation as text.
    ``None`` means the side had no such value.
    """

    name: str
    old: str | None
    new: str | None
    literal: bool


@dataclass(frozen=True)
class Finding:
    """One fact of a comparison: the changes a shape (or a path) took, however many operations reach it.

    ``severity`` is the worst of its places: a new enum value is info where clients send
    it and a warning where they receive it, and the finding is filed under the warning.
    """

    number: int
    rule: Rule
    severity: Severity
    service: str
    subject: str
    subject_kind: Literal["shape", "path", ""]
    summary: str
    operations: tuple[str, ...]
    places: tuple[Place, ...]
    added: Values | None
    removed: Values | None
    moves: tuple[Move, ...]
    partial: bool
    change_count: int
    #: what the comparison said of a change no operation carries (a service added): its message
    detail: str = ""


def find(changes: Iterable[Change]) -> tuple[Finding, ...]:
    """Group changes into findings, numbered in the order notes print them."""
    return tuple(finding for finding, _ in find_with_changes(changes))


def find_with_changes(changes: Iterable[Change]) -> tuple[tuple[Finding, tuple[Change, ...]], ...]:
    """:func:`find`, each finding with the changes it was made of (in the order given).

    One pass over the changes: what a finding does not keep (its changes' fingerprints)
    is read from its group here rather than by grouping the changes again.
    """
    groups: dict[tuple[Any, ...], list[Change]] = {}
    shown: dict[int, str | None] = {}  # _display by value: the changes of one delta share their values
    for change in changes:
        groups.setdefault(group_key(change, shown), []).append(change)
    return _number((_finding_fields(group), tuple(group)) for group in groups.values())


def group_key(change: Change, shown: dict[int, str | None] | None = None) -> tuple[Any, ...]:
    """What makes two changes the same fact (CONTRACT.md: one shape, one finding).

    A change with a shape is the same fact as any other of the same rule and values on
    that shape, whatever operation or member path reached it; without a shape (a page
    may not name one) the member path and values stand in for it. Direction is not part
    of the key: a new value of an enum both sent and received is one new value.

    The enum values of a shape are left out of its key: one shape has one delta, and a
    page that cuts it short in one method and shows it whole in another shows parts of
    that one delta, which the finding then joins.
    """
    # the rule itself rather than its id: a member is its own key, and reading .value costs
    rule = change.rule
    if change.shape is not None and rule in _ENUM_RULES:
        return (change.service, rule, "shape", change.shape, member_of(change), ())
    old, new = change.old, change.new
    values: tuple[Any, ...] = (
        change.added,
        change.removed,
        old if old is None or isinstance(old, str) else _display_once(old, shown),
        new if new is None or isinstance(new, str) else _display_once(new, shown),
    )
    if change.shape is not None:
        return (change.service, rule, "shape", change.shape, member_of(change), values)
    return (change.service, rule, "path", change.path, "", values)


def member_of(change: Change) -> str:
    """The member of ``change.shape`` a change is about, or ``""`` for the shape itself.

    The comparison says so in ``extra["member"]``; a change built elsewhere without it is
    taken to be about the member its path ends in (unless its rule is about whole
    shapes), which can only split one fact in two, never merge two facts into one.
    """
    if "member" in change.extra:
        return str(change.extra["member"] or "")
    return "" if change.rule in _SHAPE_WIDE_RULES else _leaf(change.path)


def _leaf(path: str) -> str:
    """The member name a path ends in (``A[].B{}`` -> ``B``)."""
    last = path.rsplit(".", 1)[-1]
    # suffix by suffix rather than by a regex "(...)+$", which retries the run of suffixes
    # from every place in it: quadratic in a name of thousands of "[]"
    while True:
        for suffix in _CONTAINER_SUFFIXES:
            if last.endswith(suffix):
                last = last[: -len(suffix)]
                break
        else:
            return last


def _display_once(value: Any, shown: dict[int, str | None] | None) -> str | None:
    """:func:`_display`, kept by the value's identity in ``shown`` (its values outlive it)."""
    if shown is None or isinstance(value, str) or value is None:
        return _display(value)
    key = id(value)
    if key not in shown:
        shown[key] = _display(value)
    return shown[key]


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _finding_fields(changes: Sequence[Change]) -> dict[str, Any]:
    """The fields of the finding of a group of changes but its number, which :func:`_number` gives."""
    first = changes[0]
    operations: tuple[str, ...]
    if len(changes) == 1:  # most findings are one change: nothing to join
        severity, operations = first.severity, ((first.operation,) if first.operation else ())
    else:
        severity = max({c.severity for c in changes}, key=_rank)  # the set first: few severities, many changes
        operations = tuple(sorted({c.operation for c in changes if c.operation}))
    if first.shape is not None:
        member = member_of(first)
        subject, kind = (f"{first.shape}.{member}" if member else first.shape), "shape"
    elif first.path:
        subject, kind = first.path, "path"
    else:
        subject, kind = "", ""
    all_added = _joined(changes, "added")
    all_removed = _joined(changes, "removed")
    added = compact_values(all_added) if all_added else None
    removed = compact_values(all_removed) if all_removed else None
    return dict(
        rule=first.rule,
        severity=severity,
        service=first.service,
        subject=subject,
        subject_kind=kind,  # type: ignore[arg-type]
        summary=_summary(changes, added, removed, len(operations)),
        operations=operations,
        places=_places(changes),
        added=added,
        removed=removed,
        moves=_moves(first),
        # one change seen whole makes the finding whole; its cut-short places stay marked
        partial=all(c.partial for c in changes),
        change_count=len(changes),
        detail=first.message if not operations else "",
    )


def _joined(changes: Sequence[Change], field: str) -> list[str]:
    """The enum values the changes list in ``field`` (``added``/``removed``), each once, sorted."""
    if len(changes) == 1:
        values = getattr(changes[0], field)
        return sorted(set(values)) if values else []
    return sorted({v for c in changes for v in getattr(c, field) or ()})


def _rank(severity: Severity) -> int:
    return _RANKS[severity]


_RANKS = {severity: severity.rank for severity in Severity}


def _summary(
    changes: Sequence[Change], added: Values | None, removed: Values | None, operations: int
) -> str:
    """What happened, in a few words: what the changes' messages say when they agree.

    A message says more than its rule ("member added (timestamp, required)", "constraint
    tightened (max 256 -> 128)"); enum and operation findings count their own values and
    operations instead, since their changes may each have seen only part.
    """
    rule = changes[0].rule
    first = changes[0]
    if isinstance(first.old, dict) and isinstance(first.new, dict):
        # a message quoting two regular expressions makes an unreadable heading: the
        # heading names what moved and the finding lists the values as code
        moved = ", ".join(sorted(set(first.old) | set(first.new), key=str))
        return f"{rule.value.replace('-', ' ')} ({moved})"
    if rule not in _ENUM_RULES and rule not in OPERATION_RULES:
        said = {_what(c) for c in changes}
        if len(said) == 1 and None not in said:
            return said.pop() or ""
    words = rule.value.replace("-", " ")
    one, many = _SUMMARIES.get(rule.value, (words, words))
    if rule in OPERATION_RULES:
        n = operations
    else:
        n = (added.count if added else 0) + (removed.count if removed else 0)
    return one if n == 1 else many.format(n=n)


def _moves(change: Change) -> tuple[Move, ...]:
    """The values a change moved, one per constraint when it moved several at once."""
    old, new = change.old, change.new
    if old is None and new is None:
        return ()
    if change.rule is Rule.DOCUMENTATION_CHANGED:
        return (Move("documentation", _excerpt(old), _excerpt(new), literal=False),)
    if isinstance(old, dict) and isinstance(new, dict):
        return tuple(
            Move(str(name), _display(old.get(name)), _display(new.get(name)), literal=True)
            for name in sorted(set(old) | set(new), key=str)
        )
    name = "type" if change.rule is Rule.TYPE_CHANGED else "value"
    return (Move(name, _display(old), _display(new), literal=True),)


def _excerpt(value: Any) -> str | None:
    return None if value is None else excerpt(str(value))


def _what(change: Change) -> str | None:
    """A change's message without the place it starts with (:func:`message_place`), or ``None``."""
    where = message_place(change.direction, change.path)
    if change.message.startswith(where + ": "):
        return change.message[len(where) + 2 :] or None
    return None


def _places(changes: Sequence[Change]) -> tuple[Place, ...]:
    """The changes' places: operations reached the same way, seen whole or cut short, together."""
    if len(changes) == 1:
        (c,) = changes
        return (Place(c.direction or "", c.path, c.severity, (c.operation,) if c.operation else (), c.partial),)
    by_place: dict[tuple[str, str, Severity, bool], set[str]] = defaultdict(set)
    for c in changes:
        operations = by_place[(c.direction or "", c.path, c.severity, c.partial)]
        if c.operation:
            operations.add(c.operation)
    places = [
        Place(direction, path, severity, tuple(sorted(operations)), partial)
        for (direction, path, severity, partial), operations in by_place.items()
    ]
    return tuple(
        sorted(
            places,
            key=lambda p: (p.direction, -_RANKS[p.severity], p.path, p.partial, p.operations),
        )
    )


def _number(findings: Iterable[tuple[dict[str, Any], _T]]) -> tuple[tuple[Finding, _T], ...]:
    """Number findings in the order notes print them: by service, worst first, by subject.

    Ordered as fields (each with what it came from), then each built once with its
    number (not built, then copied).
    """
    ordered = sorted(findings, key=lambda pair: _order(pair[0]))
    return tuple((Finding(number=i, **fields), kept) for i, (fields, kept) in enumerate(ordered, start=1))


def _order(f: dict[str, Any]) -> tuple[Any, ...]:
    return (
        f["service"],
        -_RANKS[f["severity"]],
        f["subject"],
        f["rule"],  # a str enum: it sorts by its id
        f["operations"],
        f["added"].full if f["added"] else (),
        f["removed"].full if f["removed"] else (),
    )


# ------------------------------------------------------------------------- enum values


def compact_values(values: Sequence[str]) -> Values:
    """Fold enum values that share a dotted prefix into brace groups, losslessly.

    ``ml.c5d.large, ml.c5d.xlarge`` becomes ``ml.c5d.{large,xlarge}``: AWS enum values
    (instance types, runtimes) are families whose common prefix is the news. Only the
    first :data:`SHOWN_VALUE_ITEMS` items are shown; ``hidden`` counts the values left
    out, which templates then list in full. Values that hold a brace or a comma are
    never grouped, so a brace group always reads back to exactly its values.
    """
    ordered = sorted(dict.fromkeys(values), key=_value_key)
    groups: dict[str, list[str]] = {}
    for value in ordered:
        prefix, dot, suffix = value.rpartition(".")
        groupable = dot and prefix and suffix and not _BRACE_OR_COMMA.search(value)
        groups.setdefault(prefix + "." if groupable else "\0" + value, []).append(suffix)
    items: list[tuple[str, int]] = []
    for key, suffixes in groups.items():
        if key.startswith("\0"):
            items.append((key[1:], 1))
        elif len(suffixes) == 1:
            items.append((key + suffixes[0], 1))
        else:
            shown = suffixes[:SHOWN_GROUP_SUFFIXES]
            more = ",…" if len(suffixes) > len(shown) else ""
            items.append((key + "{" + ",".join(shown) + more + "}", len(shown)))
    shown_items = items[:SHOWN_VALUE_ITEMS]
    covered = sum(n for _, n in shown_items)
    return Values(
        count=len(ordered),
        shown=tuple(text for text, _ in shown_items),
        hidden=len(ordered) - covered,
        full=tuple(ordered),
    )


def _value_key(value: str) -> tuple[Any, ...]:
    """Family first, then size: ml.c5d.large, ml.c5d.xlarge, ml.c5d.2xlarge, ml.c5d.18xlarge."""
    prefix, _, suffix = value.rpartition(".")
    return (_natural_key(prefix), _natural_key(suffix))


def _natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Numbers by value, and words before numbers (large before 2xlarge)."""
    parts = _NUMBER_OR_WORD.findall(text)
    return tuple((1, int(p), "") if p.isdigit() else (0, 0, p) for p in parts)
