"""Change records: the typed result of a comparison, one per fact a client may care about."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

Direction = Literal["request", "response"]


class Severity(str, Enum):
    """How much a change matters to existing client code, lowest first."""

    INFO = "info"
    WARNING = "warning"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.BREAKING: 2}


class Rule(str, Enum):
    """The kinds of change specdiff reports; the value is the rule id users see."""

    OPERATION_ADDED = "operation-added"
    OPERATION_REMOVED = "operation-removed"
    OPERATION_DEPRECATED = "operation-deprecated"
    MEMBER_ADDED = "member-added"
    MEMBER_REMOVED = "member-removed"
    MEMBER_BECAME_REQUIRED = "member-became-required"
    MEMBER_BECAME_OPTIONAL = "member-became-optional"
    MEMBER_DEPRECATED = "member-deprecated"
    TYPE_CHANGED = "type-changed"
    ENUM_VALUE_ADDED = "enum-value-added"
    ENUM_VALUE_REMOVED = "enum-value-removed"
    CONSTRAINT_TIGHTENED = "constraint-tightened"
    CONSTRAINT_LOOSENED = "constraint-loosened"
    DOCUMENTATION_CHANGED = "documentation-changed"
    # Catalog against catalog: a service that only one side holds is one fact, not one
    # change per operation (its operations are all new, or all gone, by definition).
    SERVICE_ADDED = "service-added"
    SERVICE_REMOVED = "service-removed"
    # The wire and client contract (compare.wire for services and operations, compare.rules
    # for members and shapes).
    PROTOCOL_CHANGED = "protocol-changed"
    SERVICE_ID_CHANGED = "service-id-changed"
    ENDPOINT_CHANGED = "endpoint-changed"
    ENDPOINT_HOST_PREFIX_CHANGED = "endpoint-host-prefix-changed"
    HTTP_BINDING_CHANGED = "http-binding-changed"
    AUTH_CHANGED = "auth-changed"
    ERROR_ADDED = "error-added"
    ERROR_REMOVED = "error-removed"
    ERROR_CHANGED = "error-changed"
    CHECKSUM_CHANGED = "checksum-changed"
    REQUEST_COMPRESSION_CHANGED = "request-compression-changed"
    CONTEXT_PARAM_CHANGED = "context-param-changed"
    OPERATION_IDEMPOTENT_CHANGED = "operation-idempotent-changed"
    MEMBER_LOCATION_CHANGED = "member-location-changed"
    MEMBER_WIRE_NAME_CHANGED = "member-wire-name-changed"
    WIRE_FORMAT_CHANGED = "wire-format-changed"
    IDEMPOTENCY_TOKEN_ADDED = "idempotency-token-added"
    IDEMPOTENCY_TOKEN_REMOVED = "idempotency-token-removed"
    MEMBER_DEFAULT_CHANGED = "member-default-changed"
    STREAMING_CHANGED = "streaming-changed"
    EVENTSTREAM_CHANGED = "eventstream-changed"
    DOCUMENT_CHANGED = "document-changed"
    UNION_CHANGED = "union-changed"
    SENSITIVE_CHANGED = "sensitive-changed"
    PAGINATOR_ADDED = "paginator-added"
    PAGINATOR_REMOVED = "paginator-removed"
    PAGINATOR_CHANGED = "paginator-changed"
    WAITER_ADDED = "waiter-added"
    WAITER_REMOVED = "waiter-removed"
    WAITER_CHANGED = "waiter-changed"


@dataclass(frozen=True)
class Change:
    """One change, in the form of CONTRACT.md's JSON change record.

    ``shape`` names the model shape the change belongs to (when there is one), so that
    notes can say a change to one shape once and list the operations that reach it.
    ``old``/``new`` carry a changed value (a type, a constraint); ``added``/``removed``
    the enum values of enum rules, sorted. ``partial`` marks a change read from a page
    that showed it only in part (a cut-short delta): what it lists is real, not complete.
    """

    rule: Rule
    severity: Severity
    service: str
    operation: str | None
    direction: Direction | None
    path: str
    message: str
    shape: str | None = None
    added: tuple[str, ...] | None = None
    removed: tuple[str, ...] | None = None
    old: Any = None
    new: Any = None
    partial: bool = False
    source: Literal["model", "page"] = "model"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rule.value, self.service, self.operation, self.direction, self.path)

    @property
    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (
            self.service,
            self.operation or "",
            self.direction or "",
            self.path,
            self.rule.value,
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON change record (CONTRACT.md), keys in a stable order."""
        record: dict[str, Any] = {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "service": self.service,
            "operation": self.operation,
            "direction": self.direction,
            "path": self.path,
        }
        if self.shape is not None:
            record["shape"] = self.shape
        if self.added is not None or self.removed is not None:
            record["added"] = list(self.added or ())
            record["removed"] = list(self.removed or ())
        if self.old is not None or self.new is not None:
            record["old"] = self.old
            record["new"] = self.new
        record["message"] = self.message
        record["fingerprint"] = self.fingerprint
        record["partial"] = self.partial
        record["source"] = self.source
        return record


def message_place(direction: str | None, path: str) -> str:
    """Where a change's message says it happened, before ``": "`` (CONTRACT.md:
    ``"request ProductionVariants[].InstanceType: 18 enum values added"``)."""
    return f"{direction} {path}" if path else str(direction)


def fingerprint(
    rule: str, service: str, operation: str | None, direction: str | None, path: str
) -> str:
    """A short stable hash naming a change for ignore files (not of its message)."""
    text = "\x1f".join([rule, service, operation or "", direction or "", path])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class InputInfo:
    """What one side of a comparison was: for the JSON's ``old``/``new`` and for notes."""

    kind: str
    source: str
    services: tuple[str, ...]
    api_version: str = ""
    version: str = ""
    partial: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "service": self.services[0] if len(self.services) == 1 else None,
            "services": list(self.services),
            "api_version": self.api_version or None,
            "version": self.version or None,
            "partial": self.partial,
        }


@dataclass(frozen=True)
class IgnoredChange:
    """A change an ignore file accepted, with the entry's reason."""

    change: Change
    reason: str


@dataclass(frozen=True)
class Comparison:
    """The whole result of comparing two inputs.

    ``changes`` are sorted by :attr:`Change.sort_key` and exclude ignored ones.
    ``unobservable`` lists the rule ids that could not be seen because a side is a page
    (a page never shows removals, requiredness or constraints). ``only_old``/``only_new``
    name operations that only one side describes when both are pages (``service.Operation``);
    ``incomplete`` holds one sentence per finding that could only be read in part.
    """

    old: InputInfo
    new: InputInfo
    changes: tuple[Change, ...]
    ignored: tuple[IgnoredChange, ...] = ()
    expired: tuple[str, ...] = ()
    unobservable: tuple[str, ...] = ()
    only_old: tuple[str, ...] = ()
    only_new: tuple[str, ...] = ()
    incomplete: tuple[str, ...] = ()
