"""Ignore files: changes a team has accepted, each with a reason and maybe an expiry date.

An ignore file is YAML or TOML holding a list ``ignore`` of entries (YAML may also be
the bare list)::

    ignore:
      - fingerprint: 3f0c2a9b1d4e
        reason: the new values are for a region we do not use
      - rule: enum-value-added
        path: "ProductionVariants[].*"
        service: sagemaker
        operation: "Describe*"
        reason: we map unknown instance types to "other"
        expires: 2026-12-31

An entry names changes by ``fingerprint`` or by ``rule`` with an optional ``path``
pattern (default: every path) and optional ``service``/``operation`` patterns. Patterns
know only ``*`` (any run of characters) and ``?`` (one character); every other character,
``[]`` and ``{}`` of member paths included, stands for itself; they are matched in time
linear in the pattern times the name, however many ``*`` a pattern holds. An entry whose
``expires`` date has passed ignores nothing and is reported as expired.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from specdiff.compare.changes import Change, Comparison, IgnoredChange, Rule
from specdiff.errors import InputError
from specdiff.inputfiles import MAX_JSON_DEPTH, check_tree, decode_text, read_regular_file

__all__ = ["IgnoreEntry", "apply_ignores", "load_ignore_file", "parse_ignore_document"]

_KEYS = frozenset({"fingerprint", "rule", "path", "service", "operation", "reason", "expires"})
_RULE_IDS = frozenset(rule.value for rule in Rule)


@dataclass(frozen=True)
class IgnoreEntry:
    """One accepted change, or one family of them."""

    reason: str
    fingerprint: str | None = None
    rule: str | None = None
    path: str = "*"
    service: str = "*"
    operation: str = "*"
    expires: datetime.date | None = None
    number: int = 0  # 1-based place in the file, for messages

    def describe(self) -> str:
        if self.fingerprint:
            what = f"fingerprint {self.fingerprint}"
        else:
            what = f"{self.rule} at {self.path}"
            if self.service != "*":
                what += f" in {self.service}"
            if self.operation != "*":
                what += f" ({self.operation})"
        return f"entry {self.number}: {what}"

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and self.expires < today

    def matches(self, change: Change) -> bool:
        if self.fingerprint is not None:
            return change.fingerprint == self.fingerprint
        return (
            change.rule.value == self.rule
            and self._patterns["path"].matches(change.path)
            and self._patterns["service"].matches(change.service)
            and self._patterns["operation"].matches(change.operation or "")
        )

    @cached_property
    def _patterns(self) -> dict[str, Wildcard]:
        return {name: Wildcard.compile(getattr(self, name)) for name in ("path", "service", "operation")}


@dataclass(frozen=True)
class Wildcard:
    """A pattern of ``*`` and ``?``, everything else literal (paths hold ``[]`` and ``{}``).

    Matched without backtracking: the pieces between stars are found leftmost, one after
    the other (the leftmost place for a piece never loses a match), so a pattern of many
    stars costs what one does; the regex ``.*a.*a.*a...`` would backtrack exponentially.
    Each piece has a fixed width (its length: ``?`` is one character).
    """

    pieces: tuple[tuple[re.Pattern[str], int], ...]  # the runs between stars, with their widths

    @classmethod
    def compile(cls, pattern: str) -> Wildcard:
        return cls(tuple((_piece(text), len(text)) for text in pattern.split("*")))

    def matches(self, name: str) -> bool:
        (head, head_width), *rest = self.pieces
        if not rest:
            return head.fullmatch(name) is not None
        tail, tail_width = rest.pop()
        end = len(name) - tail_width
        if end < head_width or head.match(name) is None or tail.fullmatch(name, end) is None:
            return False
        position = head_width
        for piece, width in rest:
            found = piece.search(name, position, end)
            if found is None:
                return False
            position = found.end()
        return True


def _piece(text: str) -> re.Pattern[str]:
    return re.compile("".join("." if c == "?" else re.escape(c) for c in text), re.DOTALL)


# ----------------------------------------------------------------------------- reading


def load_ignore_file(path: str | Path) -> tuple[IgnoreEntry, ...]:
    """Read an ignore file: TOML when its name ends in ``.toml``, YAML otherwise."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputError("no such ignore file", source=source)
    text = decode_text(read_regular_file(path, limit=_MAX_BYTES), source)
    document = _parse(text, source, toml=path.suffix.lower() == ".toml")
    check_tree(document, source, max_depth=MAX_JSON_DEPTH)
    return parse_ignore_document(document, source)


_MAX_BYTES = 16 << 20  # an ignore file is written by hand: a few kilobytes


def _parse(text: str, source: str, *, toml: bool) -> Any:
    if toml:
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"invalid TOML: {exc}", source=source) from None
        except RecursionError:
            raise InputError("invalid TOML: nested too deeply", source=source) from None
        except (ValueError, OverflowError) as exc:  # a date that does not exist, a number past any size
            raise InputError(f"invalid TOML: {_short(exc)}", source=source) from None
    import yaml

    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", source=source) from None
    except (ValueError, OverflowError, TypeError) as exc:  # 2026-02-30, an integer of 5,000 digits
        raise InputError(f"invalid YAML: {_short(exc)}", source=source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise InputError(f"invalid YAML: {problem}", source=source, line=line, column=column) from None


def parse_ignore_document(document: Any, source: str) -> tuple[IgnoreEntry, ...]:
    """Entries of a parsed ignore file, or a one-line error naming what is wrong."""
    if document is None:
        return ()
    raw_entries = document.get("ignore", []) if isinstance(document, dict) else document
    if isinstance(document, dict) and set(document) - {"ignore"}:
        unknown = sorted(_show(key) for key in set(document) - {"ignore"})[0]
        raise InputError(f"unknown key {unknown} (expected a list named 'ignore')", source=source)
    if not isinstance(raw_entries, list):
        raise InputError("expected a list of entries named 'ignore'", source=source)
    return tuple(_entry(raw, number, source) for number, raw in enumerate(raw_entries, start=1))


def _entry(raw: Any, number: int, source: str) -> IgnoreEntry:
    def bad(message: str) -> InputError:
        return InputError(f"ignore entry {number}: {message}", source=source)

    if not isinstance(raw, dict):
        raise bad("expected a table of keys (fingerprint or rule, reason, ...)")
    unknown = sorted(_show(key) for key in set(raw) - _KEYS)
    if unknown:
        raise bad(f"unknown key {unknown[0]}")
    for key in _KEYS - {"expires"}:
        if key in raw and not isinstance(raw[key], str):
            raise bad(f"{key!r} must be text")
    reason = str(raw.get("reason", "")).strip()
    if not reason:
        raise bad("a 'reason' is required")
    fingerprint, rule = raw.get("fingerprint"), raw.get("rule")
    if (fingerprint is None) == (rule is None):
        raise bad("name changes by 'fingerprint' or by 'rule' (with 'path'), one of the two")
    if rule is not None and rule not in _RULE_IDS:
        raise bad(f"unknown rule {rule!r}")
    if fingerprint is not None and set(raw) & {"path", "service", "operation"}:
        raise bad("a fingerprint already names one change: drop 'path', 'service' and 'operation'")
    return IgnoreEntry(
        reason=reason,
        fingerprint=fingerprint.strip().lower() if fingerprint is not None else None,
        rule=rule,
        path=raw.get("path", "*"),
        service=raw.get("service", "*"),
        operation=raw.get("operation", "*"),
        expires=_date(raw.get("expires"), bad),
        number=number,
    )


def _date(value: Any, bad: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise bad(f"'expires' must be a date like 2026-12-31, not {_show(value)}")


def _show(value: Any) -> str:
    """A value from the file as a message shows it: short, and never failing (a huge integer)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**60:
        return "a number of more than 60 digits"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:117] + "..."


# ---------------------------------------------------------------------------- applying


def apply_ignores(
    comparison: Comparison, entries: Sequence[IgnoreEntry], *, today: datetime.date
) -> Comparison:
    """Move the changes live entries name into ``ignored``; list expired entries."""
    live = [e for e in entries if not e.expired(today)]
    expired = tuple(
        f"{e.describe()} expired on {e.expires.isoformat()} ({e.reason})"  # type: ignore[union-attr]
        for e in entries
        if e.expired(today)
    )
    if not live:  # nothing to move: the changes as they are
        return replace(comparison, expired=tuple(comparison.expired) + expired) if expired else comparison
    kept: list[Change] = []
    ignored: list[IgnoredChange] = list(comparison.ignored)
    first_match = _first_match(live)
    for change in comparison.changes:
        entry = first_match(change)
        if entry is None:
            kept.append(change)
        else:
            ignored.append(IgnoredChange(change=change, reason=entry.reason))
    return replace(
        comparison,
        changes=tuple(kept),
        ignored=tuple(ignored),
        expired=tuple(comparison.expired) + expired,
    )


def _first_match(entries: Sequence[IgnoreEntry]) -> Callable[[Change], IgnoreEntry | None]:
    """The first of ``entries`` (in file order) that matches a change, found through an index.

    Entries by fingerprint are one dictionary, the others are listed by rule: a change is
    held against the entries of its own rule only, and its fingerprint is hashed once,
    not once per entry (a file of hundreds of fingerprints over 47k changes).
    """
    by_fingerprint: dict[str, tuple[int, IgnoreEntry]] = {}
    by_rule: dict[str | None, list[tuple[int, IgnoreEntry]]] = {}
    for place, entry in enumerate(entries):
        if entry.fingerprint is not None:
            by_fingerprint.setdefault(entry.fingerprint, (place, entry))
        else:
            by_rule.setdefault(entry.rule, []).append((place, entry))

    def first_match(change: Change) -> IgnoreEntry | None:
        named = by_fingerprint.get(change.fingerprint) if by_fingerprint else None
        for place, entry in by_rule.get(change.rule.value, ()):
            if named is not None and place > named[0]:
                break
            if entry.matches(change):
                return entry
        return named[1] if named is not None else None

    return first_match
