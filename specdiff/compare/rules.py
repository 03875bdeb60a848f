"""The rules: what each delta of a shape means where it is reached, and how much it matters.

The deltas (``compare.deltas``: deepdiff over two normalised versions of a shape) are raw
facts; one rule function per kind of delta turns each into a
:class:`~specdiff.compare.changes.Change` at a :class:`Site` (the operation, direction and
path where the shape is reached), because the severity depends on the direction, and for
the wire contract on the protocol. Operation- and service-level rules (operations added,
the HTTP binding, errors, auth) are in ``compare.wire``, paginators and waiters in
``compare.operations``. Every rule
function declares the rule ids it emits and their default severities
(``compare.registry.catalogued``); :func:`rule_catalog` lists them all.

Severities follow CONTRACT.md, with these choices argued in the rules' docstrings:
type changes between ``integer`` and ``long`` or ``float`` and ``double`` are warnings (the
same Python type); member-became-required in a response and member-became-optional in a
request are info; constraints are tightened or loosened per constraint, a changed pattern
counts as tightened (two regular expressions cannot be ordered) unless only its ``^``/``$``
anchors moved (patterns are searched: dropping an anchor loosens), and a plain string that
becomes an enum is a tightened constraint that names the values now allowed (an enum that
becomes a plain string, a loosened one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specdiff.compare import operations, wire
from specdiff.compare.changes import Change, Rule, Severity, message_place
from specdiff.compare.deltas import CONSTRAINTS, Delta, DeltaKind, Site, normalise, shape_deltas
from specdiff.compare.registry import RuleInfo, catalogue, catalogued
from specdiff.compare.wire import REST, XML

__all__ = [
    "CONSTRAINTS",
    "Delta",
    "DeltaKind",
    "RuleInfo",
    "Site",
    "classify",
    "member_path",
    "normalise",
    "rule_catalog",
    "shape_deltas",
]

BREAKING, WARNING, INFO = Severity.BREAKING, Severity.WARNING, Severity.INFO


def rule_catalog() -> tuple[RuleInfo, ...]:
    """Every rule the comparison can emit, sorted by id: its summary, severities, reasons."""
    assert operations.__name__ and wire.__name__  # their rules are catalogued by importing them
    return catalogue()


# ------------------------------------------------------------------------------ rules

RuleFunction = Callable[[Delta, Site], Change | None]
RULES: dict[str, RuleFunction] = {}


def rule(kind: DeltaKind) -> Callable[[RuleFunction], RuleFunction]:
    """Register the rule that classifies one kind of delta."""

    def register(function: RuleFunction) -> RuleFunction:
        RULES[kind] = function
        return function

    return register


def classify(delta: Delta, site: Site, *, docs: bool = False) -> Change | None:
    """The change a delta makes at a site, or ``None`` when it does not matter there."""
    if delta.kind in ("documentation", "member-documentation") and not docs:
        return None
    return RULES[delta.kind](delta, site)


def member_path(path: str, member: str | None) -> str:
    """``path`` extended by a structure member, in CONTRACT.md's notation."""
    if member is None:
        return path
    return f"{path}.{member}" if path else member


def _change(rule_id: Rule, severity: Severity, delta: Delta, site: Site, what: str, **fields: Any) -> Change:
    path = member_path(site.path, delta.member)
    where = message_place(site.direction, path)
    extra = {"member": delta.member} if delta.member is not None else {}
    return Change(
        rule=rule_id,
        severity=severity,
        service=site.service,
        operation=site.operation,
        direction=site.direction,
        path=path,
        message=f"{where}: {what}",
        shape=site.shape or None,
        extra=extra,
        **fields,
    )


@rule("member-added")
@catalogued(Rule.MEMBER_ADDED, "a structure gained a member", request=BREAKING, response=INFO)
def member_added(delta: Delta, site: Site) -> Change:
    """A new member: breaking only when a request must now send it (a required member);
    an optional request member or any response member is info."""
    required = bool(delta.new)
    breaking = required and site.direction == "request"
    what = f"member added ({delta.target or 'unknown type'}{', required' if required else ''})"
    return _change(Rule.MEMBER_ADDED, Severity.BREAKING if breaking else Severity.INFO, delta, site, what)


@rule("member-removed")
@catalogued(Rule.MEMBER_REMOVED, "a structure lost a member", request=BREAKING, response=BREAKING)
def member_removed(delta: Delta, site: Site) -> Change:
    """A member gone: a request that sends it fails validation, code that reads it breaks."""
    what = f"member removed ({delta.target or 'unknown type'})"
    return _change(Rule.MEMBER_REMOVED, Severity.BREAKING, delta, site, what)


@rule("member-required")
@catalogued(Rule.MEMBER_BECAME_REQUIRED, "a member became required", request=BREAKING, response=INFO)
@catalogued(Rule.MEMBER_BECAME_OPTIONAL, "a member became optional", request=INFO, response=WARNING)
def member_required(delta: Delta, site: Site) -> Change:
    """Requiredness moved.

    Became required: breaking in a request (callers that omit it fail), info in a
    response (a stronger promise). Became optional: a warning in a response (readers
    that assumed it must check), info in a request (callers may now omit it).
    """
    if delta.new:
        severity = Severity.BREAKING if site.direction == "request" else Severity.INFO
        return _change(Rule.MEMBER_BECAME_REQUIRED, severity, delta, site, "member became required")
    severity = Severity.WARNING if site.direction == "response" else Severity.INFO
    return _change(Rule.MEMBER_BECAME_OPTIONAL, severity, delta, site, "member became optional")


@rule("member-deprecated")
@catalogued(Rule.MEMBER_DEPRECATED, "a member (or the shape it points at) was deprecated", request=WARNING, response=WARNING)
def member_deprecated(delta: Delta, site: Site) -> Change | None:
    """A member marked deprecated (a member no longer deprecated is not worth a finding)."""
    if not delta.new:
        return None
    return _change(Rule.MEMBER_DEPRECATED, Severity.WARNING, delta, site, "member deprecated")


@rule("deprecated")
def shape_deprecated(delta: Delta, site: Site) -> Change | None:
    """A shape marked deprecated is reported as its use deprecated wherever it is reached."""
    if not delta.new:
        return None
    return _change(Rule.MEMBER_DEPRECATED, Severity.WARNING, delta, site, f"shape {site.shape} deprecated")


# Types that Python (and so boto3 and its stubs) cannot tell apart: only the range moves.
_SAME_PYTHON_TYPE = {frozenset({"integer", "long"}), frozenset({"float", "double"})}


@rule("type")
@catalogued(Rule.TYPE_CHANGED, "a member's type changed", request=BREAKING, response=BREAKING)
def type_changed(delta: Delta, site: Site) -> Change:
    """A different type: breaking, except integer <-> long and float <-> double (a warning:
    the same Python type, only the range differs)."""
    same = frozenset({delta.old, delta.new}) in _SAME_PYTHON_TYPE
    severity = Severity.WARNING if same else Severity.BREAKING
    what = f"type changed from {delta.old} to {delta.new}"
    return _change(Rule.TYPE_CHANGED, severity, delta, site, what, old=delta.old, new=delta.new)


@rule("enum-added")
@catalogued(Rule.ENUM_VALUE_ADDED, "an enum gained values", request=INFO, response=WARNING)
def enum_value_added(delta: Delta, site: Site) -> Change:
    """New enum values: info in a request, a warning in a response (exhaustive matches)."""
    values = delta.new
    severity = Severity.WARNING if site.direction == "response" else Severity.INFO
    what = f"{_count(values, 'enum value')} added"
    return _change(Rule.ENUM_VALUE_ADDED, severity, delta, site, what, added=values, removed=())


@rule("enum-removed")
@catalogued(Rule.ENUM_VALUE_REMOVED, "an enum lost values", request=BREAKING, response=INFO)
def enum_value_removed(delta: Delta, site: Site) -> Change:
    """Enum values gone: breaking in a request (callers sending them), info in a response."""
    values = delta.old
    severity = Severity.BREAKING if site.direction == "request" else Severity.INFO
    what = f"{_count(values, 'enum value')} removed"
    return _change(Rule.ENUM_VALUE_REMOVED, severity, delta, site, what, added=(), removed=values)


@rule("constraint-tightened")
@catalogued(Rule.CONSTRAINT_TIGHTENED, "fewer values are accepted (min, max, pattern, a new enum)", request=WARNING, response=INFO)
def constraint_tightened(delta: Delta, site: Site) -> Change:
    """Fewer values accepted: a warning in a request (the service may reject what it took
    before; botocore checks only some constraints itself), info in a response."""
    severity = Severity.WARNING if site.direction == "request" else Severity.INFO
    what = f"constraint tightened ({_moves(delta)})"
    return _change(Rule.CONSTRAINT_TIGHTENED, severity, delta, site, what, old=delta.old, new=delta.new)


@rule("constraint-loosened")
@catalogued(Rule.CONSTRAINT_LOOSENED, "more values are accepted", request=INFO, response=INFO)
def constraint_loosened(delta: Delta, site: Site) -> Change:
    """More values accepted: info either way (a response's wider range rarely matters to a
    client that does not validate it; an enum that disappears is such a case)."""
    what = f"constraint loosened ({_moves(delta)})"
    return _change(Rule.CONSTRAINT_LOOSENED, Severity.INFO, delta, site, what, old=delta.old, new=delta.new)


@rule("documentation")
@catalogued(Rule.DOCUMENTATION_CHANGED, "documentation changed (only with --docs)", request=INFO, response=INFO, operation=INFO)
def shape_documentation(delta: Delta, site: Site) -> Change:
    """Documentation of the shape itself changed: info, shown only with ``--docs``."""
    return _change(Rule.DOCUMENTATION_CHANGED, Severity.INFO, delta, site, "documentation changed")


@rule("member-documentation")
def member_documentation(delta: Delta, site: Site) -> Change:
    """Documentation of a member changed: info, shown only with ``--docs``."""
    return _change(Rule.DOCUMENTATION_CHANGED, Severity.INFO, delta, site, "documentation changed")


def _count(values: tuple[str, ...], noun: str) -> str:
    return f"{len(values)} {noun}{'' if len(values) == 1 else 's'}"


def _moves(delta: Delta) -> str:
    names = sorted(set(delta.old) | set(delta.new))
    return ", ".join(f"{name} {_shown(delta.old.get(name))} -> {_shown(delta.new.get(name))}" for name in names)


def _shown(value: Any) -> str:
    """A moved value for a message; the values of an enum are counted (the record lists them)."""
    if isinstance(value, list):
        return _count(tuple(value), "value")
    return repr(value)


# ------------------------------------------------------------ the wire, by member
# A member's wire facts matter as its protocol serialises them (botocore's serialisers and
# parsers): rest-json and rest-xml place members by ``location``; json, query, ec2 and
# smithy-rpc-v2-cbor put every member in the body whatever ``location`` says. The
# serialised name (``locationName``) names the body key, header, query key or element in
# every protocol; ``queryName`` is read by ec2 alone; XML names, attributes, namespaces
# and flattening by the XML protocols (rest-xml, and the responses of query and ec2).


def _wire_change(rule_id: Rule, severity: Severity, delta: Delta, site: Site, what: str) -> Change:
    change = _change(rule_id, severity, delta, site, f"{what} ({_wire_moves(delta)})", old=delta.old, new=delta.new)
    # a shape's own wire fact (a union, a payload) is the shape's, whatever member path reached it
    change.extra.setdefault("member", delta.member)
    return change


def _wire_moves(delta: Delta) -> str:
    names = sorted(set(delta.old) | set(delta.new))
    return ", ".join(f"{name} {_stated(delta.old, name)} -> {_stated(delta.new, name)}" for name in names)


def _stated(facts: dict[str, Any], name: str) -> str:
    return repr(facts[name]) if name in facts else "unset"


def _worst(severities: list[Severity]) -> Severity:
    return max(severities, key=lambda s: s.rank) if severities else INFO


@rule("member-location")
@rule("shape-payload")
@catalogued(
    Rule.MEMBER_LOCATION_CHANGED,
    "a member moved between URI, query string, headers, status code and body",
    request=BREAKING,
    response=BREAKING,
)
def member_location(delta: Delta, site: Site) -> Change:
    """Where a member travels changed (``location``, a structure's ``payload``, ``eventpayload``).

    Breaking both ways on rest-json and rest-xml: the client sends the value where the
    service no longer reads it, or reads a response value where it no longer is. Info on
    json, query, ec2 and smithy-rpc-v2-cbor, whose serialisers ignore ``location`` and put
    every member in the body. A moved ``eventpayload`` breaks on every protocol: event
    streams read it whatever the protocol.
    """
    keys = set(delta.old) | set(delta.new)
    breaking = site.protocol in REST or "eventpayload" in keys
    return _wire_change(Rule.MEMBER_LOCATION_CHANGED, BREAKING if breaking else INFO, delta, site, "wire location changed")


def _name_matters(key: str, protocol: str, direction: str) -> bool:
    if key == "locationName":
        return True
    if key == "queryName":
        return protocol == "ec2"
    if key == "xmlAttribute" or key == "flattened":
        return protocol == "rest-xml" or (protocol in XML and (direction == "response" or key == "flattened"))
    if key == "xmlNamespace":
        return protocol == "rest-xml"
    return False


@rule("member-wire-name")
@rule("shape-wire-name")
@catalogued(
    Rule.MEMBER_WIRE_NAME_CHANGED,
    "the name a member is serialised under changed (locationName, queryName, XML names)",
    request=BREAKING,
    response=BREAKING,
)
def member_wire_name(delta: Delta, site: Site) -> Change:
    """The serialised name changed: breaking where the protocol writes or reads that name.

    ``locationName`` names the JSON or CBOR key, the header, the query key, the URI label
    or the XML element in every protocol: a request sent under the old name is a member
    the service does not know, a response field under the new name is one the client does
    not read. ``queryName`` matters on ec2 only; ``flattened`` on the XML protocols (rest-xml,
    query, ec2); ``xmlAttribute`` on rest-xml and in query and ec2 responses;
    ``xmlNamespace`` on rest-xml. Elsewhere the change is info: nothing on the wire moves;
    so is a new ``locationName`` of a member bound to the URI, whose name is only a label
    of the URI template (http-binding-changed says whether the URL itself moved).
    """
    keys = set(delta.old) | set(delta.new)
    if delta.location == "uri":
        keys.discard("locationName")  # a URI label's name is not on the wire: the template is (http-binding-changed)
    matters = any(_name_matters(key, site.protocol, site.direction) for key in keys)
    return _wire_change(
        Rule.MEMBER_WIRE_NAME_CHANGED, BREAKING if matters else INFO, delta, site, "serialised name changed"
    )


@rule("member-wire-format")
@rule("shape-wire-format")
@catalogued(
    Rule.WIRE_FORMAT_CHANGED,
    "a value is written in another format (timestampFormat, jsonvalue)",
    request=BREAKING,
    response=BREAKING,
)
def wire_format(delta: Delta, site: Site) -> Change:
    """A value's wire format changed.

    ``jsonvalue`` (a header or string carrying JSON): breaking both ways, the Python value
    changes between a string and a parsed object. ``timestampFormat``: breaking in a
    request (the service may reject the other format), info in a response (botocore's
    timestamp parser reads ISO 8601, epoch seconds and RFC 822 alike).
    """
    keys = set(delta.old) | set(delta.new)
    breaking = "jsonvalue" in keys or site.direction == "request"
    return _wire_change(Rule.WIRE_FORMAT_CHANGED, BREAKING if breaking else INFO, delta, site, "wire format changed")


@rule("member-idempotency")
@catalogued(Rule.IDEMPOTENCY_TOKEN_ADDED, "a member became an idempotency token", request=INFO, response=INFO)
@catalogued(Rule.IDEMPOTENCY_TOKEN_REMOVED, "a member is no longer an idempotency token", request=WARNING, response=INFO)
def idempotency_token(delta: Delta, site: Site) -> Change:
    """``idempotencyToken`` moved.

    Became a token: info (the SDK fills it with a fresh UUID when the caller leaves it out,
    so callers change nothing and retries become safe). No longer a token: a warning in a
    request (callers that relied on the SDK filling it lose safe retries, and must send it
    themselves if it is required); info in a response, where a token means nothing.
    """
    added = bool(delta.new.get("idempotencyToken"))
    if added:
        return _wire_change(Rule.IDEMPOTENCY_TOKEN_ADDED, INFO, delta, site, "became an idempotency token")
    severity = WARNING if site.direction == "request" else INFO
    return _wire_change(Rule.IDEMPOTENCY_TOKEN_REMOVED, severity, delta, site, "no longer an idempotency token")


@rule("member-context-param")
def member_context_param(delta: Delta, site: Site) -> Change:
    """A member's ``contextParam`` (the endpoint rule parameter it binds) moved: see
    ``compare.wire.context_params`` for the severity (catalogued there, with the
    operation-level context parameters)."""
    severity = WARNING if site.direction == "request" else INFO
    return _wire_change(Rule.CONTEXT_PARAM_CHANGED, severity, delta, site, "endpoint context parameter changed")


@rule("member-host-label")
def member_host_label(delta: Delta, site: Site) -> Change:
    """A member became (or stopped being) a label of the endpoint host (``hostLabel``):
    breaking in a request, the request goes to another host; info in a response.
    Catalogued with ``compare.wire.host_prefix``."""
    severity = BREAKING if site.direction == "request" else INFO
    return _wire_change(Rule.ENDPOINT_HOST_PREFIX_CHANGED, severity, delta, site, "host label changed")


@rule("member-streaming")
@rule("shape-streaming")
@catalogued(Rule.STREAMING_CHANGED, "a value became (or stopped being) a stream", request=BREAKING, response=BREAKING)
def streaming(delta: Delta, site: Site) -> Change:
    """``streaming`` moved: breaking both ways, a streaming blob is a file-like object to
    send and a ``StreamingBody`` to read, a plain one is bytes. Only ``requiresLength``
    moved: a warning in a request (a stream of unknown length is now refused, or no longer
    is), info in a response.
    """
    keys = set(delta.old) | set(delta.new)
    if keys == {"requiresLength"}:
        severity = WARNING if site.direction == "request" else INFO
    else:
        severity = BREAKING
    return _wire_change(Rule.STREAMING_CHANGED, severity, delta, site, "streaming changed")


@rule("shape-eventstream")
@catalogued(Rule.EVENTSTREAM_CHANGED, "a value became (or stopped being) an event stream", request=BREAKING, response=BREAKING)
def eventstream(delta: Delta, site: Site) -> Change:
    """``eventstream`` or ``event`` moved: breaking both ways, an event stream is iterated
    event by event over a long-lived connection, a structure is read at once."""
    return _wire_change(Rule.EVENTSTREAM_CHANGED, BREAKING, delta, site, "event stream changed")


@rule("shape-document")
@catalogued(Rule.DOCUMENT_CHANGED, "a value became (or stopped being) a free-form document", request=BREAKING, response=BREAKING)
def document(delta: Delta, site: Site) -> Change:
    """``document`` moved: breaking both ways, a document is any JSON-like value, a
    structure has named, typed members."""
    return _wire_change(Rule.DOCUMENT_CHANGED, BREAKING, delta, site, "document type changed")


@rule("shape-union")
@catalogued(Rule.UNION_CHANGED, "a structure became (or stopped being) a union", request=BREAKING, response=WARNING)
def union(delta: Delta, site: Site) -> Change:
    """``union`` moved. Became a union: breaking in a request (exactly one member may now
    be set; callers setting several are refused), a warning in a response (at most one is
    present, and one unknown to the client may come). No longer a union: info in a request
    (callers may set several), a warning in a response (code that read the one set member
    may now meet several).
    """
    became = bool(delta.new.get("union"))
    if became:
        severity = BREAKING if site.direction == "request" else WARNING
    else:
        severity = INFO if site.direction == "request" else WARNING
    return _wire_change(Rule.UNION_CHANGED, severity, delta, site, "became a union" if became else "no longer a union")


@rule("shape-sensitive")
@catalogued(Rule.SENSITIVE_CHANGED, "a value became (or stopped being) sensitive", request=INFO, response=INFO)
def sensitive(delta: Delta, site: Site) -> Change:
    """``sensitive`` moved: info, it only decides whether logs and reprs hide the value."""
    return _wire_change(Rule.SENSITIVE_CHANGED, INFO, delta, site, "sensitivity changed")


@rule("member-default")
@catalogued(Rule.MEMBER_DEFAULT_CHANGED, "a member's default value or boxing changed", request=INFO, response=INFO)
def member_default(delta: Delta, site: Site) -> Change:
    """``default`` or ``box`` moved: info both ways. botocore neither sends nor fills a
    default, and boxing is a Java notion; only SDKs that generate non-optional fields from
    defaults see a difference."""
    return _wire_change(Rule.MEMBER_DEFAULT_CHANGED, INFO, delta, site, "default changed")
