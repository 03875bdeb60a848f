"""The rule registry: every rule's id, one-line summary, default severities and reasons.

Each rule function declares what it emits with :func:`catalogued` (one line per rule id it
can emit); the function's docstring is the explanation. ``specdiff rules``, the SARIF help
text and the per-rule severity overrides all read :func:`catalogue`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from specdiff.compare.changes import Rule, Severity

__all__ = ["RuleInfo", "catalogue", "catalogued"]

#: the directions a severity is given for: member rules by request/response, the others by
#: what they are about
DIRECTIONS = ("request", "response", "operation", "service")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RuleInfo:
    """What one rule finds, its default severity by direction, and why (its function's docstring)."""

    rule: Rule
    summary: str
    severities: dict[str, Severity]
    explanation: str = ""
    #: the function that emits it, as ``module.name``
    function: str = ""


_CATALOGUE: dict[Rule, RuleInfo] = {}


def catalogued(rule: Rule, summary: str, **severities: Severity) -> Callable[[F], F]:
    """Declare that the decorated function emits ``rule``, at these default severities.

    ``severities`` are keyed by direction (``request``, ``response``, ``operation``,
    ``service``); where a rule's severity also depends on what changed (a protocol, a
    field), the value given is the worst, and the docstring says when it is less.
    """
    unknown = set(severities) - set(DIRECTIONS)
    if unknown or not severities:
        raise ValueError(f"severities by direction ({', '.join(DIRECTIONS)}), not {sorted(unknown)}")

    def register(function: F) -> F:
        if rule in _CATALOGUE:
            raise ValueError(f"rule {rule.value} is catalogued twice")
        _CATALOGUE[rule] = RuleInfo(
            rule=rule,
            summary=summary,
            severities=dict(severities),
            explanation=inspect.cleandoc(function.__doc__ or ""),
            function=f"{function.__module__}.{function.__qualname__}",
        )
        return function

    return register


def catalogue() -> tuple[RuleInfo, ...]:
    """Every rule catalogued so far, sorted by id (``compare.rules.rule_catalog`` imports them all)."""
    return tuple(sorted(_CATALOGUE.values(), key=lambda info: info.rule.value))
