"""Wire rules of services and operations: protocol, HTTP binding, host, auth, errors,
checksums, compression and endpoint parameters (members' wire facts are ``compare.rules``').

Each rule is a small function over the two versions of one operation (or service) that
returns a change or ``None``, and declares its rule id and default severities
(``compare.registry.catalogued``). Where several fields of one kind move at once (the
method and the URI of an HTTP binding), they are one change whose ``old``/``new`` are
objects of the fields that moved, named as botocore names them, and whose severity is the
worst of theirs. A change to a whole operation has no direction; its path is empty, but
for error shapes (the shape's name), so that fingerprints tell two apart.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterable, Iterator
from typing import Any

from specdiff.compare.changes import Change, Rule, Severity
from specdiff.compare.operations import moved, moves_change, paginator_changes, parsed, waiter_changes, whole_change, worst
from specdiff.compare.registry import catalogued
from specdiff.loaders.shapes import peek
from specdiff.model import Operation, Service, Shape

__all__ = [
    "PROTOCOLS",
    "REST",
    "XML",
    "operation_changes",
    "service_changes",
]

BREAKING, WARNING, INFO = Severity.BREAKING, Severity.WARNING, Severity.INFO

#: the protocol families of botocore models
PROTOCOLS = ("rest-json", "rest-xml", "json", "query", "ec2", "smithy-rpc-v2-cbor")
#: protocols that bind members to the URI, query string and headers
REST = frozenset({"rest-json", "rest-xml"})
#: protocols whose bodies (or responses) are XML
XML = frozenset({"rest-xml", "query", "ec2"})

# ------------------------------------------------------------------- the service


def service_changes(old: Service, new: Service, changed_shapes: Iterable[str] = ()) -> Iterator[Change]:
    """The service-level wire changes: metadata, auth, error shapes, paginators, waiters."""
    name = new.name
    for change in (protocol(name, old, new), service_id(name, old, new), endpoint(name, old, new), service_auth(name, old, new)):
        if change is not None:
            yield change
    for shape_name in sorted(changed_shapes):
        if shape_name not in old.shapes or shape_name not in new.shapes:
            continue  # an error shape added or removed: the operations' errors say so
        before, after = peek(old, shape_name), peek(new, shape_name)
        if before is not None and after is not None and (before.exception or after.exception):
            change = error_shape(name, before, after)
            if change is not None:
                yield change
    yield from paginator_changes(name, old.paginators, new.paginators)
    yield from waiter_changes(name, old.waiters, new.waiters)


def _protocol_severity(key: str, old: Any, new: Any, protocol: str) -> Severity:
    if key == "protocol":
        return BREAKING
    if key == "jsonVersion":
        return BREAKING if protocol == "json" else INFO
    if key == "targetPrefix":
        return BREAKING if protocol in ("json", "smithy-rpc-v2-cbor") else INFO
    if key == "protocols":
        return WARNING if old[:1] != new[:1] and old else INFO
    if key == "awsQueryCompatible":
        return INFO if new else WARNING
    if key == "xmlNamespace":
        return INFO
    return WARNING  # protocolSettings (HTTP/2 for event streams), checksumFormat


@catalogued(Rule.PROTOCOL_CHANGED, "the wire protocol or its settings changed", service=BREAKING)
def protocol(service: str, old: Service, new: Service) -> Change | None:
    """The protocol or what frames it moved (``protocol``, ``protocols``, ``jsonVersion``,
    ``targetPrefix``, ``awsQueryCompatible``, ``xmlNamespace``, ``protocolSettings``,
    ``checksumFormat``).

    A new ``protocol`` is breaking: every request and response changes form, which breaks
    proxies, mocks, recorded fixtures and clients built on the old model (sqs, query ->
    json). ``jsonVersion`` is breaking on json (it is the Content-Type), ``targetPrefix`` on
    json and smithy-rpc-v2-cbor (the X-Amz-Target header, the URL path); elsewhere info. A
    ``protocols`` list whose first entry changed is a warning (clients that take the first
    protocol they support switch wire formats), else info. ``awsQueryCompatible`` gained is
    info (query-style error codes keep working), lost a warning; ``protocolSettings`` and
    ``checksumFormat`` moving are warnings; the service ``xmlNamespace`` is info (parsers
    ignore it).
    """
    before, after = old.metadata, new.metadata
    moves = moved(
        {
            "protocol": (before.protocol, after.protocol),
            "protocols": (before.protocols, after.protocols),
            "jsonVersion": (before.json_version, after.json_version),
            "targetPrefix": (before.target_prefix, after.target_prefix),
            "awsQueryCompatible": (before.aws_query_compatible, after.aws_query_compatible),
            "xmlNamespace": (before.xml_namespace, after.xml_namespace),
            "protocolSettings": (parsed(before.protocol_settings), parsed(after.protocol_settings)),
            "checksumFormat": (before.checksum_format, after.checksum_format),
        }
    )
    if not moves:
        return None
    severity = worst(_protocol_severity(k, o, n, after.protocol) for k, (o, n) in moves.items())
    return moves_change(Rule.PROTOCOL_CHANGED, severity, service, None, "protocol changed", moves)


@catalogued(Rule.SERVICE_ID_CHANGED, "the service's serviceId changed", service=WARNING)
def service_id(service: str, old: Service, new: Service) -> Change | None:
    """``serviceId`` moved: a warning. botocore names the client's events after it
    (``before-call.<service id>``), so handlers registered for the old one stop firing,
    and its exceptions and configuration keys follow it."""
    moves = moved({"serviceId": (old.metadata.service_id, new.metadata.service_id)})
    if not moves:
        return None
    return moves_change(Rule.SERVICE_ID_CHANGED, WARNING, service, None, "serviceId changed", moves)


@catalogued(Rule.ENDPOINT_CHANGED, "the endpoint prefix, global endpoint or endpoint discovery changed", service=WARNING, operation=WARNING)
def endpoint(service: str, old: Service, new: Service) -> Change | None:
    """``endpointPrefix`` or ``globalEndpoint`` moved: a warning. Endpoint rule sets
    resolve most hosts now, but the prefix still names the host where no rule set applies,
    and allow-lists, private DNS and proxies know hosts by name."""
    moves = moved(
        {
            "endpointPrefix": (old.metadata.endpoint_prefix, new.metadata.endpoint_prefix),
            "globalEndpoint": (old.metadata.global_endpoint, new.metadata.global_endpoint),
        }
    )
    if not moves:
        return None
    return moves_change(Rule.ENDPOINT_CHANGED, WARNING, service, None, "endpoint changed", moves)


#: the auth scheme a signatureVersion implies, so that an ``auth`` list that only states it is info
_IMPLIED_AUTH = {
    "v4": "aws.auth#sigv4",
    "s3v4": "aws.auth#sigv4",
    "v4a": "aws.auth#sigv4a",
    "bearer": "smithy.api#httpBearerAuth",
}


_NO_AUTH = "smithy.api#noAuth"


def _auth_list_severity(old: tuple[str, ...], new: tuple[str, ...], implied: str) -> Severity:
    """Schemes removed break callers configured for them; a new first choice changes how
    requests are signed; an added fallback, or a first list stating what the signature
    version implied, changes nothing."""
    if new == (_NO_AUTH,):
        return INFO  # callers may stop signing; signed requests are still accepted
    if old == (_NO_AUTH,):
        return BREAKING  # anonymous callers must now sign
    if not old:
        return INFO if new[:1] == (implied,) or not new else WARNING
    if set(old) - set(new):
        return BREAKING
    return WARNING if old[:1] != new[:1] else INFO


@catalogued(Rule.AUTH_CHANGED, "how requests are signed or authorised changed", service=BREAKING, operation=BREAKING)
def service_auth(service: str, old: Service, new: Service) -> Change | None:
    """The service's ``auth`` list, ``signatureVersion`` or ``signingName`` moved, or an
    operation's ``auth``, ``authtype`` or ``unsignedPayload``.

    A new ``signatureVersion`` or ``signingName`` (which, left out, is the endpoint
    prefix) is breaking: the signature (and its credential scope) changes, and IAM conditions, proxies and mocks that check it break.
    An ``auth`` list (the schemes a client chooses from, in order) that loses a scheme is
    breaking; one whose first choice changed a warning; one that only gains fallbacks, or a
    first list naming the scheme the signature version implied (most models gained
    ``["aws.auth#sigv4"]`` this way), is info; so is a list that becomes
    ``["smithy.api#noAuth"]`` (callers may stop signing), while leaving it is breaking. An
    operation's ``auth`` is compared as it applies: its own list, else the service's. ``authtype`` "none" gained is info (callers
    may stop signing), lost breaking (anonymous callers must now sign); any other
    ``authtype`` or ``unsignedPayload`` move is a warning.
    """
    before, after = old.metadata, new.metadata
    moves = moved(
        {
            "auth": (before.auth, after.auth),
            "signatureVersion": (before.signature_version, after.signature_version),
            # botocore signs with the endpoint prefix when no signing name is stated
            "signingName": (before.signing_name or before.endpoint_prefix, after.signing_name or after.endpoint_prefix),
        }
    )
    if not moves:
        return None
    severities = [BREAKING for key in moves if key != "auth"]
    if "auth" in moves:
        severities.append(_auth_list_severity(before.auth, after.auth, _IMPLIED_AUTH.get(after.signature_version, "")))
    return moves_change(Rule.AUTH_CHANGED, worst(severities), service, None, "auth changed", moves)


def _service_auth(service: Service) -> tuple[str, ...]:
    implied = _IMPLIED_AUTH.get(service.metadata.signature_version)
    return service.metadata.auth or ((implied,) if implied else ())


def operation_auth(service: str, old: Service, new: Service, before: Operation, after: Operation) -> Change | None:
    """An operation's auth moved (see :func:`service_auth`, which catalogues the rule)."""
    moves = moved(
        {
            "auth": (before.auth, after.auth),
            "authtype": (before.authtype, after.authtype),
            "unsignedPayload": (before.unsigned_payload, after.unsigned_payload),
        }
    )
    if not moves:
        return None
    severities = []
    if "auth" in moves:
        applied_old = before.auth or _service_auth(old)
        applied_new = after.auth or _service_auth(new)
        implied = applied_old[0] if applied_old else ""
        severities.append(
            INFO if applied_old == applied_new else _auth_list_severity(applied_old, applied_new, implied)
        )
    if "authtype" in moves:
        old_type, new_type = moves["authtype"]
        severities.append(INFO if new_type == "none" else BREAKING if old_type == "none" else WARNING)
    if "unsignedPayload" in moves:
        severities.append(WARNING)
    return moves_change(Rule.AUTH_CHANGED, worst(severities), service, after.name, "auth changed", moves)


def _code(shape: Shape) -> str:
    return shape.error_code or shape.name


_ERROR_FIELDS = (
    ("exception", "exception"),
    ("code", "error_code"),
    ("httpStatusCode", "http_status"),
    ("fault", "fault"),
    ("senderFault", "sender_fault"),
    ("retryable", "retryable"),
)


@catalogued(Rule.ERROR_CHANGED, "an error shape's code, HTTP status, fault or retryability changed", service=BREAKING)
def error_shape(service: str, before: Shape, after: Shape) -> Change | None:
    """An error shape's wire facts moved (its path is the shape's name).

    A new error ``code`` is breaking: botocore maps the code on the wire to the exception
    class, so ``except client.exceptions.X`` and checks of ``Error.Code`` stop matching. A
    shape that stops being an ``exception`` is breaking (its exception class is gone),
    one that becomes one info. A new ``httpStatusCode``, ``fault`` / ``senderFault`` (whose
    fault it is) or ``retryable`` is a warning: retry decisions and code that branches on
    the status change.
    """
    moves = moved(
        {key: (getattr(before, attr), getattr(after, attr)) for key, attr in _ERROR_FIELDS}
    )
    # botocore takes an error shape's name for its code when none is stated
    moves = {k: v for k, v in moves.items() if k != "code"}
    if before.exception and after.exception and _code(before) != _code(after):
        moves["code"] = (_code(before), _code(after))
    if "retryable" in moves:
        moves["retryable"] = (parsed(moves["retryable"][0]), parsed(moves["retryable"][1]))
    if not moves:
        return None
    severities = []
    for key, (old, new) in moves.items():
        if key == "code":
            severities.append(BREAKING)
        elif key == "exception":
            severities.append(INFO if new else BREAKING)
        else:
            severities.append(WARNING)
    change = moves_change(Rule.ERROR_CHANGED, worst(severities), service, None, f"error {after.name} changed", moves, path=after.name)
    return change


# ---------------------------------------------------------------- one operation


# Every field of an operation the rules below read (its documentation and deprecation are
# compare.diff's), read at once to pass by the operations whose wire did not move.
_OPERATION_WIRE = operator.attrgetter(
    "http", "auth", "authtype", "errors", "http_checksum", "http_checksum_required", "request_compression",
    "static_context_params", "operation_context_params", "endpoint_discovery", "endpoint_operation",
    "unsigned_payload", "idempotent", "input",
)


def operation_changes(old: Service, new: Service, before: Operation, after: Operation) -> Iterator[Change]:
    """The wire changes of one operation both versions hold."""
    if _OPERATION_WIRE(before) == _OPERATION_WIRE(after):
        return  # most operations of a changed service: only their documentation moved
    service, protocol_name = new.name, new.metadata.protocol or new.protocol
    for change in (
        http_binding(service, protocol_name, before, after, old, new),
        host_prefix(service, before, after),
        operation_auth(service, old, new, before, after),
        errors_added(service, before, after),
        errors_removed(service, new, before, after),
        checksum(service, before, after),
        request_compression(service, before, after),
        context_params(service, before, after),
        idempotent(service, before, after),
        endpoint_discovery(service, before, after),
    ):
        if change is not None:
            yield change


@catalogued(Rule.HTTP_BINDING_CHANGED, "an operation's HTTP method, request URI or response code changed", operation=BREAKING)
def http_binding(
    service: str, protocol: str, before: Operation, after: Operation, old: Service | None = None, new: Service | None = None
) -> Change | None:
    """The HTTP binding moved (``method``, ``requestUri``, ``responseCode``).

    A new ``method`` is breaking on every protocol but smithy-rpc-v2-cbor (whose requests
    are always POST to a path built from the target prefix); a new ``requestUri`` is
    breaking on rest-json and rest-xml and info on the others, which post to ``/``
    whatever it says. A new ``responseCode`` is a warning on the REST protocols (botocore
    takes any 2xx as success, but mocks, proxies and code that check the status do not),
    info elsewhere. A ``requestUri`` whose labels were only renamed, with the members that
    fill them (``/flows/{flowArn}`` -> ``/flows/{FlowArn}``), sends the same URL: info. A
    ``responseCode`` left out is 200.
    """
    moves = moved(
        {
            "method": (before.http.method, after.http.method),
            "requestUri": (before.http.request_uri, after.http.request_uri),
            "responseCode": (before.http.response_code or 200, after.http.response_code or 200),
        }
    )
    if not moves:
        return None
    severities = []
    for key in moves:
        if key == "method":
            severities.append(INFO if protocol == "smithy-rpc-v2-cbor" else BREAKING)
        elif key == "requestUri":
            same_url = old is not None and new is not None and _canonical_uri(old, before) == _canonical_uri(new, after)
            severities.append(BREAKING if protocol in REST and not same_url else INFO)
        else:
            severities.append(WARNING if protocol in REST else INFO)
    return moves_change(Rule.HTTP_BINDING_CHANGED, worst(severities), service, after.name, "HTTP binding changed", moves)


_LABEL = re.compile(r"\{([^{}]*)\}")


def _canonical_uri(service: Service, operation: Operation) -> str:
    """The request URI with each label named by the input member that fills it: two
    templates that differ only in label names send the same URL."""
    shape = peek(service, operation.input)
    labels = {}
    for member in shape.members if shape is not None else ():
        if member.location == "uri":
            labels[member.location_name or member.name] = member.name

    def member_label(match: re.Match[str]) -> str:
        label = match.group(1)
        greedy = label.endswith("+")
        name = labels.get(label.rstrip("+"), label.rstrip("+"))
        return "{" + name + ("+" if greedy else "") + "}"

    return _LABEL.sub(member_label, operation.http.request_uri)


@catalogued(
    Rule.ENDPOINT_HOST_PREFIX_CHANGED,
    "the host an operation's requests go to changed (endpoint hostPrefix, hostLabel members)",
    operation=BREAKING,
    request=BREAKING,
    response=INFO,
)
def host_prefix(service: str, before: Operation, after: Operation) -> Change | None:
    """``endpoint.hostPrefix`` moved (added, removed or changed): breaking, the requests go
    to another host, which private DNS, VPC endpoints, proxies and allow-lists must know.
    A member that becomes or stops being a host label (``hostLabel``) is breaking in a
    request for the same reason, info in a response."""
    moves = moved({"hostPrefix": (before.http.host_prefix, after.http.host_prefix)})
    if not moves:
        return None
    return moves_change(Rule.ENDPOINT_HOST_PREFIX_CHANGED, BREAKING, service, after.name, "endpoint host prefix changed", moves)


@catalogued(Rule.ERROR_ADDED, "an operation models new errors", operation=INFO)
def errors_added(service: str, before: Operation, after: Operation) -> Change | None:
    """New modelled errors: info. The service could already fail that way; callers can now
    catch them by name (``client.exceptions.X``)."""
    added = tuple(sorted(set(after.errors) - set(before.errors)))
    if not added:
        return None
    what = f"{len(added)} error{'s' if len(added) != 1 else ''} added"
    return whole_change(Rule.ERROR_ADDED, INFO, service, after.name, what, added=added, removed=())


@catalogued(Rule.ERROR_REMOVED, "an operation no longer models some errors", operation=BREAKING)
def errors_removed(service: str, new: Service, before: Operation, after: Operation) -> Change | None:
    """Errors no longer modelled for the operation. Breaking when an error's shape is gone
    from the service: ``client.exceptions.X`` no longer exists, and an ``except`` clause
    naming it raises AttributeError when reached. A warning when the shape is still there
    (the clause still works; the error may simply not be raised by this operation)."""
    removed = tuple(sorted(set(before.errors) - set(after.errors)))
    if not removed:
        return None
    gone = any(not ((shape := peek(new, name)) and shape.exception) for name in removed)
    what = f"{len(removed)} error{'s' if len(removed) != 1 else ''} removed"
    return whole_change(
        Rule.ERROR_REMOVED, BREAKING if gone else WARNING, service, after.name, what, added=(), removed=removed
    )


def _checksum_required(operation: Operation) -> bool:
    stated = parsed(operation.http_checksum) or {}
    return operation.http_checksum_required or bool(isinstance(stated, dict) and stated.get("requestChecksumRequired"))


@catalogued(Rule.CHECKSUM_CHANGED, "an operation's checksum requirements changed", operation=WARNING)
def checksum(service: str, before: Operation, after: Operation) -> Change | None:
    """``httpChecksum`` or ``httpChecksumRequired`` moved. A request checksum that becomes
    required is a warning (botocore computes it, but older SDKs, presigned URLs and
    hand-made requests without it are refused); any other move is info (the SDK adds or
    validates checksums itself)."""
    moves = moved(
        {
            "httpChecksum": (parsed(before.http_checksum), parsed(after.http_checksum)),
            "httpChecksumRequired": (before.http_checksum_required, after.http_checksum_required),
        }
    )
    if not moves:
        return None
    severity = WARNING if _checksum_required(after) and not _checksum_required(before) else INFO
    return moves_change(Rule.CHECKSUM_CHANGED, severity, service, after.name, "checksum changed", moves)


@catalogued(Rule.REQUEST_COMPRESSION_CHANGED, "the encodings an operation's requests may be compressed with changed", operation=WARNING)
def request_compression(service: str, before: Operation, after: Operation) -> Change | None:
    """``requestcompression.encodings`` moved. Encodings gained are info (the SDK may
    compress; the service accepts both); encodings lost are a warning (clients built on the
    old model compress with an encoding the service no longer takes)."""
    moves = moved({"requestcompression": (before.request_compression, after.request_compression)})
    if not moves:
        return None
    lost = set(before.request_compression) - set(after.request_compression)
    return moves_change(
        Rule.REQUEST_COMPRESSION_CHANGED, WARNING if lost else INFO, service, after.name, "request compression changed", moves
    )


@catalogued(
    Rule.CONTEXT_PARAM_CHANGED,
    "what feeds endpoint resolution changed (staticContextParams, operationContextParams, contextParam)",
    operation=WARNING,
    request=WARNING,
    response=INFO,
)
def context_params(service: str, before: Operation, after: Operation) -> Change | None:
    """The endpoint rule parameters an operation sets (``staticContextParams``,
    ``operationContextParams``) or that a request member binds (``contextParam``) moved: a
    warning. The same call may now resolve to another endpoint (a bucket name that now
    picks an S3 Express host), which custom endpoints, proxies and tests see; a response
    member's ``contextParam`` means nothing (info)."""
    moves = moved(
        {
            "staticContextParams": (parsed(before.static_context_params), parsed(after.static_context_params)),
            "operationContextParams": (parsed(before.operation_context_params), parsed(after.operation_context_params)),
        }
    )
    if not moves:
        return None
    return moves_change(Rule.CONTEXT_PARAM_CHANGED, WARNING, service, after.name, "endpoint context parameters changed", moves)


@catalogued(Rule.OPERATION_IDEMPOTENT_CHANGED, "an operation became (or stopped being) idempotent", operation=WARNING)
def idempotent(service: str, before: Operation, after: Operation) -> Change | None:
    """``idempotent`` moved. No longer idempotent: a warning (retrying it may now repeat
    its effect, which generic retry wrappers assume it does not); became idempotent: info."""
    if before.idempotent == after.idempotent:
        return None
    severity = INFO if after.idempotent else WARNING
    moves = {"idempotent": (before.idempotent, after.idempotent)}
    return moves_change(Rule.OPERATION_IDEMPOTENT_CHANGED, severity, service, after.name, "idempotency changed", moves)


def endpoint_discovery(service: str, before: Operation, after: Operation) -> Change | None:
    """``endpointdiscovery`` or ``endpointoperation`` moved (catalogued with :func:`endpoint`):
    a warning, requests may now need (or no longer use) a discovered endpoint."""
    moves = moved(
        {
            "endpointdiscovery": (parsed(before.endpoint_discovery), parsed(after.endpoint_discovery)),
            "endpointoperation": (before.endpoint_operation, after.endpoint_operation),
        }
    )
    if not moves:
        return None
    return moves_change(Rule.ENDPOINT_CHANGED, WARNING, service, after.name, "endpoint discovery changed", moves)


