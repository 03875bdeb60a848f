"""Rules about whole operations and services, and the client's helpers over operations:
operations and services added, removed or deprecated, paginators and waiters.

Like ``compare.wire`` (which uses the helpers here), each rule is a small function that
returns a change and declares its rule id and default severities. A change to a whole
operation has no direction; its path is empty, but for waiters (the waiter's name), so
that fingerprints tell two waiters of one operation apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

from specdiff.compare.changes import Change, Rule, Severity
from specdiff.compare.registry import catalogued
from specdiff.model import Operation, Paginator, Service, Waiter

__all__ = [
    "Moves",
    "moved",
    "moves_change",
    "operation_added",
    "operation_deprecated",
    "operation_documentation",
    "operation_removed",
    "paginator_changes",
    "parsed",
    "service_added",
    "service_removed",
    "waiter_changes",
    "whole_change",
    "worst",
]

BREAKING, WARNING, INFO = Severity.BREAKING, Severity.WARNING, Severity.INFO

Moves = dict[str, tuple[Any, Any]]


def whole_change(
    rule: Rule, severity: Severity, service: str, operation: str | None, message: str, *, path: str = "", **values: Any
) -> Change:
    """A change to a whole operation (or, with no operation, a whole service): no direction."""
    return Change(
        rule=rule, severity=severity, service=service, operation=operation, direction=None, path=path,
        message=message, **values,
    )


def moved(pairs: Moves) -> Moves:
    """The (old, new) pairs that differ."""
    return {key: pair for key, pair in pairs.items() if pair[0] != pair[1]}


def moves_change(
    rule: Rule, severity: Severity, service: str, operation: str | None, what: str, moves: Moves, *, path: str = ""
) -> Change:
    """A whole-operation change whose ``old``/``new`` are objects of the fields that moved."""
    old = {key: _plain(pair[0]) for key, pair in sorted(moves.items())}
    new = {key: _plain(pair[1]) for key, pair in sorted(moves.items())}
    told = ", ".join(f"{key} {_told(old[key])} -> {_told(new[key])}" for key in old)
    return whole_change(rule, severity, service, operation, f"{what} ({told})", path=path, old=old, new=new)


def _told(value: Any) -> str:
    """A moved value for a message: short ones as they are, long ones counted (the record has them)."""
    text = repr(value)
    if len(text) <= 60 or not isinstance(value, (list, dict)):
        return text
    return f"{len(value)} {'entries' if isinstance(value, dict) else 'items'}"


def _plain(value: Any) -> Any:
    """A value as JSON holds it: tuples as lists, JSON text of free-form objects parsed."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def worst(severities: Iterable[Severity]) -> Severity:
    """The worst of some severities (info when there are none)."""
    return max(severities, key=lambda s: s.rank, default=INFO)


def parsed(text: str) -> Any:
    """The value a model's JSON text field holds (``None`` for "")."""
    return json.loads(text) if text else None


# ------------------------------------------------------------ whole operations, services


@catalogued(Rule.OPERATION_ADDED, "an operation was added", operation=INFO)
def operation_added(service: str, name: str) -> Change:
    """A new operation: info, nothing a client does today breaks."""
    return whole_change(Rule.OPERATION_ADDED, INFO, service, name, "operation added")


@catalogued(Rule.OPERATION_REMOVED, "an operation was removed", operation=BREAKING)
def operation_removed(service: str, name: str) -> Change:
    """An operation gone: breaking, every call of its client method fails."""
    return whole_change(Rule.OPERATION_REMOVED, BREAKING, service, name, "operation removed")


@catalogued(Rule.OPERATION_DEPRECATED, "an operation was deprecated", operation=WARNING)
def operation_deprecated(service: str, before: Operation, after: Operation) -> Change | None:
    """An operation marked deprecated: a warning (it still works, for now); its
    ``deprecatedMessage``, if any, is quoted. One no longer deprecated is not reported."""
    if not after.deprecated or before.deprecated:
        return None
    message = "operation deprecated" + (f" ({after.deprecated_message})" if after.deprecated_message else "")
    return whole_change(Rule.OPERATION_DEPRECATED, WARNING, service, after.name, message)


def operation_documentation(service: str, name: str) -> Change:
    """An operation's documentation changed (only with ``--docs``; catalogued with the
    shape rules' documentation-changed)."""
    return whole_change(Rule.DOCUMENTATION_CHANGED, INFO, service, name, "documentation changed")


@catalogued(Rule.SERVICE_ADDED, "a catalog gained a service", service=INFO)
def service_added(name: str, service: Service) -> Change:
    """A service only the new catalog holds: one fact, info (its operations are all new)."""
    what = f"{service.title}, API {service.api_version}, {len(service.operations)} operations"
    return whole_change(Rule.SERVICE_ADDED, INFO, name, None, f"service added ({what})")


@catalogued(Rule.SERVICE_REMOVED, "a catalog lost a service", service=BREAKING)
def service_removed(name: str, service: Service) -> Change:
    """A service only the old catalog holds: breaking, its client no longer exists."""
    what = f"{service.title}, API {service.api_version}, {len(service.operations)} operations"
    return whole_change(Rule.SERVICE_REMOVED, BREAKING, name, None, f"service removed ({what})")


# ---------------------------------------------------------- paginators, waiters


def _paginator_facts(paginator: Paginator) -> dict[str, Any]:
    return {f.name: getattr(paginator, f.name) for f in fields(Paginator)}


def paginator_changes(service: str, old: dict[str, Paginator], new: dict[str, Paginator]) -> Iterator[Change]:
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before is None:
            yield paginator_added(service, name)
        elif after is None:
            yield paginator_removed(service, name)
        elif before != after:
            yield paginator_changed(service, name, before, after)


@catalogued(Rule.PAGINATOR_ADDED, "an operation gained a paginator", operation=INFO)
def paginator_added(service: str, operation: str) -> Change:
    """A new paginator: info (``client.get_paginator`` now offers it)."""
    return whole_change(Rule.PAGINATOR_ADDED, INFO, service, operation, "paginator added")


@catalogued(Rule.PAGINATOR_REMOVED, "an operation lost its paginator", operation=BREAKING)
def paginator_removed(service: str, operation: str) -> Change:
    """A paginator gone: breaking, ``client.get_paginator(...)`` raises for it."""
    return whole_change(Rule.PAGINATOR_REMOVED, BREAKING, service, operation, "paginator removed")


@catalogued(Rule.PAGINATOR_CHANGED, "a paginator's tokens, limit key or result keys changed", operation=BREAKING)
def paginator_changed(service: str, operation: str, before: Paginator, after: Paginator) -> Change:
    """A paginator's keys moved. Breaking when a result key or the limit key is lost: code
    reading ``build_full_result()[key]`` or ``search(key)`` gets nothing, and
    ``PaginationConfig={"PageSize": n}`` raises. Otherwise a warning: new tokens or result
    keys change what pages hold, and a ``StartingToken`` saved before may not resume."""
    old_facts, new_facts = _paginator_facts(before), _paginator_facts(after)
    moves = moved({key: (old_facts[key], new_facts[key]) for key in old_facts})
    lost = bool(set(before.result_key) - set(after.result_key)) or (before.limit_key and before.limit_key != after.limit_key)
    return moves_change(Rule.PAGINATOR_CHANGED, BREAKING if lost else WARNING, service, operation, "paginator changed", moves)


def _waiter_facts(waiter: Waiter) -> dict[str, Any]:
    return {
        "operation": waiter.operation,
        "delay": waiter.delay,
        "maxAttempts": waiter.max_attempts,
        "acceptors": [
            {"state": a.state, "matcher": a.matcher, "expected": json.loads(a.expected), "argument": a.argument}
            for a in waiter.acceptors
        ],
    }


def waiter_changes(service: str, old: dict[str, Waiter], new: dict[str, Waiter]) -> Iterator[Change]:
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before is None:
            assert after is not None
            yield waiter_added(service, after)
        elif after is None:
            yield waiter_removed(service, before)
        elif before != after:
            yield waiter_changed(service, before, after)


@catalogued(Rule.WAITER_ADDED, "a service gained a waiter", operation=INFO)
def waiter_added(service: str, waiter: Waiter) -> Change:
    """A new waiter: info (``client.get_waiter`` now offers it). Its operation is the one
    it polls; its path is its name."""
    return whole_change(Rule.WAITER_ADDED, INFO, service, waiter.operation, f"waiter {waiter.name} added", path=waiter.name)


@catalogued(Rule.WAITER_REMOVED, "a service lost a waiter", operation=BREAKING)
def waiter_removed(service: str, waiter: Waiter) -> Change:
    """A waiter gone: breaking, ``client.get_waiter(...)`` raises for it."""
    return whole_change(Rule.WAITER_REMOVED, BREAKING, service, waiter.operation, f"waiter {waiter.name} removed", path=waiter.name)


@catalogued(Rule.WAITER_CHANGED, "a waiter's operation, acceptors, delay or attempts changed", operation=WARNING)
def waiter_changed(service: str, before: Waiter, after: Waiter) -> Change:
    """A waiter moved. A new polled operation or new acceptors are a warning: the waiter
    now waits for something else, and may return early, fail or time out where it did
    not. Only ``delay`` or ``maxAttempts``: info, the wait only takes another time."""
    old_facts, new_facts = _waiter_facts(before), _waiter_facts(after)
    moves = moved({key: (old_facts[key], new_facts[key]) for key in old_facts})
    severity = WARNING if set(moves) & {"operation", "acceptors"} else INFO
    change = moves_change(Rule.WAITER_CHANGED, severity, service, after.operation, f"waiter {after.name} changed", moves, path=after.name)
    return change
