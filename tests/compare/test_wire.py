"""One (old, new, expected) case per wire rule, on every protocol family, both directions.

Each case states the raw botocore fields that move and the change expected on each
protocol: the rule id and severity (and for member rules, request and response). The
severities are the ones the rules' docstrings argue; a case that expects nothing on a
protocol says so.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest

from specdiff.compare.diff import find_changes
from specdiff.compare.wire import PROTOCOLS
from specdiff.loaders.botocore import paginators_from_document, service_from_model, waiters_from_document
from specdiff.model import Service

REST = ("rest-json", "rest-xml")
XML = ("rest-xml", "query", "ec2")


def _by_protocol(default: Any, **special: Any) -> dict[str, Any]:
    """Expected values per protocol: ``default``, except where named (dashes as underscores)."""
    table = {p: default for p in PROTOCOLS}
    for name, value in special.items():
        table[name.replace("_", "-")] = value
    return table


def _rest(rest: Any, other: Any) -> dict[str, Any]:
    return {p: rest if p in REST else other for p in PROTOCOLS}


def _xml(xml: Any, other: Any) -> dict[str, Any]:
    return {p: xml if p in XML else other for p in PROTOCOLS}


def _document(protocol: str, shapes: dict[str, Any], *, metadata: dict[str, Any] | None = None, op: dict[str, Any] | None = None) -> dict[str, Any]:
    operation = {"name": "Op", "http": {"method": "POST", "requestUri": "/op"}, "input": {"shape": "OpRequest"}, "output": {"shape": "OpResponse"}}
    operation.update(op or {})
    meta = {"apiVersion": "2020-01-01", "serviceId": "Demo", "protocol": protocol, "signatureVersion": "v4", "endpointPrefix": "demo"}
    if protocol in ("json", "smithy-rpc-v2-cbor"):
        meta.update({"jsonVersion": "1.0", "targetPrefix": "Demo"})
    meta.update(metadata or {})
    base = {
        "OpRequest": {"type": "structure", "members": {}},
        "OpResponse": {"type": "structure", "members": {}},
        "S": {"type": "string"},
    }
    base.update(copy.deepcopy(shapes))
    return {"version": "2.0", "metadata": meta, "operations": {"Op": operation}, "shapes": base}


def _service(document: dict[str, Any], paginators: dict[str, Any] | None = None, waiters: dict[str, Any] | None = None) -> Service:
    return service_from_model(
        document,
        source="<inline>",
        name="demo",
        paginators=paginators_from_document({"pagination": paginators or {}}, source="<p>"),
        waiters=waiters_from_document({"version": 2, "waiters": waiters or {}}, source="<w>"),
    )


def _found(old: Service, new: Service) -> set[tuple[str, str, str | None, str]]:
    return {(c.rule.value, c.severity.value, c.direction, c.path) for c in find_changes(old, new)}


# ------------------------------------------------------------------ member rules

@dataclass(frozen=True)
class MemberCase:
    """A member ``M`` of the request (or response) structure, its raw keys before and after."""

    id: str
    old: dict[str, Any]
    new: dict[str, Any]
    rule: str
    #: per protocol: (request severity, response severity)
    expected: dict[str, tuple[str, str]]
    target: dict[str, Any] = field(default_factory=lambda: {"type": "string"})


B, W, I = "breaking", "warning", "info"

MEMBER_CASES = [
    MemberCase("location uri -> querystring", {"location": "uri", "locationName": "m"}, {"location": "querystring", "locationName": "m"},
               "member-location-changed", _rest((B, B), (I, I))),
    MemberCase("location body -> header", {"locationName": "x-m"}, {"location": "header", "locationName": "x-m"},
               "member-location-changed", _rest((B, B), (I, I))),
    MemberCase("location header -> body", {"location": "header", "locationName": "x-m"}, {"locationName": "x-m"},
               "member-location-changed", _rest((B, B), (I, I))),
    MemberCase("eventpayload", {}, {"eventpayload": True}, "member-location-changed", _by_protocol((B, B))),
    MemberCase("locationName", {"locationName": "a"}, {"locationName": "b"}, "member-wire-name-changed", _by_protocol((B, B))),
    MemberCase("locationName stated", {}, {"locationName": "b"}, "member-wire-name-changed", _by_protocol((B, B))),
    MemberCase("locationName of a URI label", {"location": "uri", "locationName": "a"}, {"location": "uri", "locationName": "A"},
               "member-wire-name-changed", _by_protocol((I, I))),
    MemberCase("queryName", {"queryName": "A"}, {"queryName": "B"}, "member-wire-name-changed", _by_protocol((I, I), ec2=(B, B))),
    MemberCase("xmlNamespace", {"xmlNamespace": {"uri": "urn:a"}}, {"xmlNamespace": {"uri": "urn:b"}},
               "member-wire-name-changed", _by_protocol((I, I), rest_xml=(B, B))),
    MemberCase("xmlAttribute", {}, {"xmlAttribute": True}, "member-wire-name-changed",
               _by_protocol((I, I), rest_xml=(B, B), query=(I, B), ec2=(I, B))),
    MemberCase("flattened", {}, {"flattened": True}, "member-wire-name-changed", _xml((B, B), (I, I))),
    MemberCase("idempotency token added", {}, {"idempotencyToken": True}, "idempotency-token-added", _by_protocol((I, I))),
    MemberCase("idempotency token removed", {"idempotencyToken": True}, {}, "idempotency-token-removed", _by_protocol((W, I))),
    MemberCase("contextParam", {}, {"contextParam": {"name": "Bucket"}}, "context-param-changed", _by_protocol((W, I))),
    MemberCase("contextParam renamed", {"contextParam": {"name": "Bucket"}}, {"contextParam": {"name": "Key"}},
               "context-param-changed", _by_protocol((W, I))),
    MemberCase("hostLabel", {}, {"hostLabel": True}, "endpoint-host-prefix-changed", _by_protocol((B, I))),
    MemberCase("timestampFormat", {"timestampFormat": "iso8601"}, {"timestampFormat": "unixTimestamp"}, "wire-format-changed",
               _by_protocol((B, I)), target={"type": "timestamp"}),
    MemberCase("jsonvalue", {}, {"jsonvalue": True}, "wire-format-changed", _by_protocol((B, B))),
    MemberCase("member streaming", {}, {"streaming": True}, "streaming-changed", _by_protocol((B, B)), target={"type": "blob"}),
    MemberCase("default", {}, {"default": 5}, "member-default-changed", _by_protocol((I, I)), target={"type": "integer"}),
    MemberCase("box", {"box": True}, {}, "member-default-changed", _by_protocol((I, I)), target={"type": "integer"}),
]


def _member_pair(case: MemberCase, protocol: str, direction: str) -> tuple[Service, Service]:
    holder = "OpRequest" if direction == "request" else "OpResponse"

    def side(keys: dict[str, Any]) -> Service:
        shapes = {"T": case.target, holder: {"type": "structure", "members": {"M": {"shape": "T", **keys}}}}
        return _service(_document(protocol, shapes))

    return side(case.old), side(case.new)


@pytest.mark.parametrize("direction", ["request", "response"])
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("case", MEMBER_CASES, ids=lambda c: c.id)
def test_member_rule(case: MemberCase, protocol: str, direction: str) -> None:
    old, new = _member_pair(case, protocol, direction)
    severity = case.expected[protocol][0 if direction == "request" else 1]
    assert _found(old, new) == {(case.rule, severity, direction, "M")}
    # and back: the opposite move is the same kind of fact (its own rule for a token)
    back_rules = {rule for rule, _, _, _ in _found(new, old)}
    opposite = {"idempotency-token-added": "idempotency-token-removed", "idempotency-token-removed": "idempotency-token-added"}
    assert back_rules == {opposite.get(case.rule, case.rule)}


def test_a_member_move_records_the_fields_that_moved() -> None:
    case = MEMBER_CASES[0]
    old, new = _member_pair(case, "rest-json", "request")
    (change,) = find_changes(old, new)
    assert (change.old, change.new) == ({"location": "uri"}, {"location": "querystring"})
    assert change.message == "request M: wire location changed (location 'uri' -> 'querystring')"
    assert change.shape == "OpRequest" and change.extra["member"] == "M"


# ------------------------------------------------------------------- shape rules

@dataclass(frozen=True)
class ShapeCase:
    """The shape ``T`` that member ``M`` points at, before and after."""

    id: str
    old: dict[str, Any]
    new: dict[str, Any]
    rule: str
    expected: dict[str, tuple[str, str]]


STRUCT = {"type": "structure", "members": {"A": {"shape": "S"}, "B": {"shape": "S"}}}
BLOB = {"type": "blob"}

SHAPE_CASES = [
    ShapeCase("became a union", STRUCT, {**STRUCT, "union": True}, "union-changed", _by_protocol((B, W))),
    ShapeCase("no longer a union", {**STRUCT, "union": True}, STRUCT, "union-changed", _by_protocol((I, W))),
    ShapeCase("became a document", {"type": "structure", "members": {}}, {"type": "structure", "members": {}, "document": True},
              "document-changed", _by_protocol((B, B))),
    ShapeCase("became a stream", BLOB, {**BLOB, "streaming": True}, "streaming-changed", _by_protocol((B, B))),
    ShapeCase("requiresLength", {**BLOB, "streaming": True}, {**BLOB, "streaming": True, "requiresLength": True},
              "streaming-changed", _by_protocol((W, I))),
    ShapeCase("became an event stream", STRUCT, {**STRUCT, "eventstream": True}, "eventstream-changed", _by_protocol((B, B))),
    ShapeCase("became sensitive", {"type": "string"}, {"type": "string", "sensitive": True}, "sensitive-changed", _by_protocol((I, I))),
    ShapeCase("shape timestampFormat", {"type": "timestamp"}, {"type": "timestamp", "timestampFormat": "iso8601"},
              "wire-format-changed", _by_protocol((B, I))),
    ShapeCase("list element name", {"type": "list", "member": {"shape": "S", "locationName": "item"}},
              {"type": "list", "member": {"shape": "S", "locationName": "item"}, "locationName": "Items"},
              "member-wire-name-changed", _by_protocol((B, B))),
    ShapeCase("flattened list", {"type": "list", "member": {"shape": "S"}}, {"type": "list", "member": {"shape": "S"}, "flattened": True},
              "member-wire-name-changed", _xml((B, B), (I, I))),
]


@pytest.mark.parametrize("direction", ["request", "response"])
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("case", SHAPE_CASES, ids=lambda c: c.id)
def test_shape_rule(case: ShapeCase, protocol: str, direction: str) -> None:
    holder = "OpRequest" if direction == "request" else "OpResponse"

    def side(target: dict[str, Any]) -> Service:
        return _service(_document(protocol, {"T": target, holder: {"type": "structure", "members": {"M": {"shape": "T"}}}}))

    severity = case.expected[protocol][0 if direction == "request" else 1]
    found = find_changes(side(case.old), side(case.new))
    assert {(c.rule.value, c.severity.value, c.direction, c.path) for c in found} == {(case.rule, severity, direction, "M")}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_payload_moved(protocol: str) -> None:
    def side(payload: str | None) -> Service:
        request: dict[str, Any] = {"type": "structure", "members": {"Body": {"shape": "S"}, "Other": {"shape": "S"}}}
        if payload:
            request["payload"] = payload
        return _service(_document(protocol, {"OpRequest": request}))

    expected = B if protocol in REST else I
    assert _found(side("Body"), side("Other")) == {("member-location-changed", expected, "request", "")}
    assert _found(side(None), side("Body")) == {("member-location-changed", expected, "request", "")}


def test_a_plain_string_that_becomes_an_enum_names_its_values() -> None:
    def side(enum: list[str] | None) -> Service:
        target: dict[str, Any] = {"type": "string", **({"enum": enum} if enum else {})}
        return _service(_document("json", {"T": target, "OpRequest": {"type": "structure", "members": {"M": {"shape": "T"}}}}))

    (change,) = find_changes(side(None), side(["b", "a"]))
    assert change.rule.value == "constraint-tightened"
    assert (change.old, change.new) == ({"enum": None}, {"enum": ["a", "b"]})
    assert "2 values" in change.message
    (back,) = find_changes(side(["b", "a"]), side(None))
    assert back.rule.value == "constraint-loosened" and back.old == {"enum": ["a", "b"]}


# ------------------------------------------------------- operation and service rules

@dataclass(frozen=True)
class ContractCase:
    """Raw operation and metadata keys before and after; the one change expected per protocol
    (``None``: nothing), as (rule, severity, path)."""

    id: str
    old_op: dict[str, Any]
    new_op: dict[str, Any]
    #: one change, several (a set), or None
    expected: dict[str, Any]
    old_meta: dict[str, Any] = field(default_factory=dict)
    new_meta: dict[str, Any] = field(default_factory=dict)
    old_shapes: dict[str, Any] = field(default_factory=dict)
    new_shapes: dict[str, Any] = field(default_factory=dict)
    operation_level: bool = True


def _op(rule: str, severity: str) -> tuple[str, str, str]:
    return (rule, severity, "")


def _http(**keys: Any) -> dict[str, Any]:
    return {"http": {"method": "POST", "requestUri": "/op", **keys}}


ERROR = {"type": "structure", "members": {}, "exception": True}
LABELLED = {"OpRequest": {"type": "structure", "members": {"Id": {"shape": "S", "location": "uri", "locationName": "id"}}}}
RELABELLED = {"OpRequest": {"type": "structure", "members": {"Id": {"shape": "S", "location": "uri", "locationName": "Id"}}}}

CONTRACT_CASES = [
    ContractCase("method", _http(), _http(method="PUT"),
                 _by_protocol(_op("http-binding-changed", B), smithy_rpc_v2_cbor=_op("http-binding-changed", I))),
    ContractCase("requestUri", _http(), _http(requestUri="/v2/op"), _rest(_op("http-binding-changed", B), _op("http-binding-changed", I))),
    ContractCase("requestUri labels renamed with their members", _http(requestUri="/op/{id}"), _http(requestUri="/op/{Id}"),
                 _by_protocol({_op("http-binding-changed", I), ("member-wire-name-changed", I, "Id")}),
                 old_shapes=LABELLED, new_shapes=RELABELLED),
    ContractCase("responseCode", _http(responseCode=200), _http(responseCode=201),
                 _rest(_op("http-binding-changed", W), _op("http-binding-changed", I))),
    ContractCase("responseCode 200 stated", _http(), _http(responseCode=200), _by_protocol(None)),
    ContractCase("hostPrefix added", {}, {"endpoint": {"hostPrefix": "data."}}, _by_protocol(_op("endpoint-host-prefix-changed", B))),
    ContractCase("hostPrefix changed", {"endpoint": {"hostPrefix": "a."}}, {"endpoint": {"hostPrefix": "b."}},
                 _by_protocol(_op("endpoint-host-prefix-changed", B))),
    ContractCase("error added", {"errors": [{"shape": "E1"}]}, {"errors": [{"shape": "E1"}, {"shape": "E2"}]},
                 _by_protocol(_op("error-added", I)), old_shapes={"E1": ERROR, "E2": ERROR}, new_shapes={"E1": ERROR, "E2": ERROR}),
    ContractCase("error removed, shape kept", {"errors": [{"shape": "E1"}, {"shape": "E2"}]}, {"errors": [{"shape": "E1"}]},
                 _by_protocol(_op("error-removed", W)), old_shapes={"E1": ERROR, "E2": ERROR}, new_shapes={"E1": ERROR, "E2": ERROR}),
    ContractCase("error removed with its shape", {"errors": [{"shape": "E1"}, {"shape": "E2"}]}, {"errors": [{"shape": "E1"}]},
                 _by_protocol(_op("error-removed", B)), old_shapes={"E1": ERROR, "E2": ERROR}, new_shapes={"E1": ERROR}),
    ContractCase("operation auth noAuth", {}, {"auth": ["smithy.api#noAuth"]}, _by_protocol(_op("auth-changed", I))),
    ContractCase("operation auth leaves noAuth", {"auth": ["smithy.api#noAuth"]}, {}, _by_protocol(_op("auth-changed", B))),
    ContractCase("operation auth new first choice", {"auth": ["aws.auth#sigv4"]}, {"auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]},
                 _by_protocol(_op("auth-changed", W))),
    ContractCase("operation auth stated as the service's", {}, {"auth": ["aws.auth#sigv4"]}, _by_protocol(_op("auth-changed", I))),
    ContractCase("authtype none gained", {}, {"authtype": "none"}, _by_protocol(_op("auth-changed", I))),
    ContractCase("authtype none lost", {"authtype": "none"}, {}, _by_protocol(_op("auth-changed", B))),
    ContractCase("authtype v4-unsigned-body", {}, {"authtype": "v4-unsigned-body"}, _by_protocol(_op("auth-changed", W))),
    ContractCase("unsignedPayload", {}, {"unsignedPayload": True}, _by_protocol(_op("auth-changed", W))),
    ContractCase("checksum becomes required", {}, {"httpChecksum": {"requestChecksumRequired": True}}, _by_protocol(_op("checksum-changed", W))),
    ContractCase("httpChecksumRequired", {}, {"httpChecksumRequired": True}, _by_protocol(_op("checksum-changed", W))),
    ContractCase("checksum algorithms", {"httpChecksum": {"requestAlgorithmMember": "A"}}, {"httpChecksum": {"requestAlgorithmMember": "B"}},
                 _by_protocol(_op("checksum-changed", I))),
    ContractCase("compression gained", {}, {"requestcompression": {"encodings": ["gzip"]}}, _by_protocol(_op("request-compression-changed", I))),
    ContractCase("compression lost", {"requestcompression": {"encodings": ["gzip"]}}, {}, _by_protocol(_op("request-compression-changed", W))),
    ContractCase("staticContextParams", {}, {"staticContextParams": {"UseS3ExpressControlEndpoint": {"value": True}}},
                 _by_protocol(_op("context-param-changed", W))),
    ContractCase("operationContextParams", {}, {"operationContextParams": {"ResourceArnList": {"path": "ResourceArns"}}},
                 _by_protocol(_op("context-param-changed", W))),
    ContractCase("became idempotent", {}, {"idempotent": True}, _by_protocol(_op("operation-idempotent-changed", I))),
    ContractCase("no longer idempotent", {"idempotent": True}, {}, _by_protocol(_op("operation-idempotent-changed", W))),
    ContractCase("endpoint discovery", {}, {"endpointdiscovery": {"required": True}}, _by_protocol(_op("endpoint-changed", W))),
    ContractCase("deprecated", {}, {"deprecated": True, "deprecatedMessage": "use Op2"}, _by_protocol(_op("operation-deprecated", W))),
]

SERVICE_CASES = [
    ContractCase("protocol", {}, {}, _by_protocol(_op("protocol-changed", B)), old_meta={"protocol": "query"}, new_meta={"protocol": "json"}),
    ContractCase("protocols, new first choice", {}, {}, _by_protocol(_op("protocol-changed", W)),
                 old_meta={"protocols": ["json"]}, new_meta={"protocols": ["smithy-rpc-v2-cbor", "json"]}),
    ContractCase("protocols stated", {}, {}, _by_protocol(_op("protocol-changed", I)), new_meta={"protocols": ["json"]}),
    ContractCase("jsonVersion", {}, {}, _by_protocol(_op("protocol-changed", I), json=_op("protocol-changed", B)),
                 old_meta={"jsonVersion": "1.0"}, new_meta={"jsonVersion": "1.1"}),
    ContractCase("targetPrefix", {}, {}, _by_protocol(_op("protocol-changed", I), json=_op("protocol-changed", B), smithy_rpc_v2_cbor=_op("protocol-changed", B)),
                 old_meta={"targetPrefix": "A"}, new_meta={"targetPrefix": "B"}),
    ContractCase("awsQueryCompatible gained", {}, {}, _by_protocol(_op("protocol-changed", I)), new_meta={"awsQueryCompatible": {}}),
    ContractCase("awsQueryCompatible lost", {}, {}, _by_protocol(_op("protocol-changed", W)), old_meta={"awsQueryCompatible": {}}),
    ContractCase("protocolSettings", {}, {}, _by_protocol(_op("protocol-changed", W)), new_meta={"protocolSettings": {"h2": "eventstream"}}),
    ContractCase("signatureVersion", {}, {}, _by_protocol(_op("auth-changed", B)), old_meta={"signatureVersion": "v4"}, new_meta={"signatureVersion": "v4a"}),
    ContractCase("signingName", {}, {}, _by_protocol(_op("auth-changed", B)), new_meta={"signingName": "other"}),
    ContractCase("signingName stated as the endpoint prefix", {}, {}, _by_protocol(None), new_meta={"signingName": "demo"}),
    ContractCase("auth stated as the signature version", {}, {}, _by_protocol(_op("auth-changed", I)), new_meta={"auth": ["aws.auth#sigv4"]}),
    ContractCase("auth loses a scheme", {}, {}, _by_protocol(_op("auth-changed", B)),
                 old_meta={"auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]}, new_meta={"auth": ["aws.auth#sigv4"]}),
    ContractCase("auth gains a fallback", {}, {}, _by_protocol(_op("auth-changed", I)),
                 old_meta={"auth": ["aws.auth#sigv4"]}, new_meta={"auth": ["aws.auth#sigv4", "smithy.api#noAuth"]}),
    ContractCase("serviceId", {}, {}, _by_protocol(_op("service-id-changed", W)), new_meta={"serviceId": "Demo Two"}),
    ContractCase("endpointPrefix", {}, {}, _by_protocol(_op("endpoint-changed", W)), new_meta={"endpointPrefix": "demo2", "signingName": "demo"}),
]

ERROR_CASES = [
    ContractCase("error code", {}, {}, _by_protocol(("error-changed", B, "E")),
                 old_shapes={"E": {**ERROR, "error": {"code": "Old"}}}, new_shapes={"E": {**ERROR, "error": {"code": "New"}}}),
    ContractCase("error code stated as its name", {}, {}, _by_protocol(None),
                 old_shapes={"E": ERROR}, new_shapes={"E": {**ERROR, "error": {"code": "E"}}}),
    ContractCase("error status", {}, {}, _by_protocol(("error-changed", W, "E")),
                 old_shapes={"E": {**ERROR, "error": {"httpStatusCode": 400}}}, new_shapes={"E": {**ERROR, "error": {"httpStatusCode": 404}}}),
    ContractCase("server fault", {}, {}, _by_protocol(("error-changed", W, "E")), old_shapes={"E": ERROR}, new_shapes={"E": {**ERROR, "fault": True}}),
    ContractCase("sender fault", {}, {}, _by_protocol(("error-changed", W, "E")),
                 old_shapes={"E": ERROR}, new_shapes={"E": {**ERROR, "error": {"senderFault": True}}}),
    ContractCase("retryable", {}, {}, _by_protocol(("error-changed", W, "E")),
                 old_shapes={"E": ERROR}, new_shapes={"E": {**ERROR, "retryable": {"throttling": True}}}),
    ContractCase("no longer an exception", {}, {}, _by_protocol(("error-changed", B, "E")),
                 old_shapes={"E": ERROR}, new_shapes={"E": {"type": "structure", "members": {}}}),
]


def _contract_pair(case: ContractCase, protocol: str) -> tuple[Service, Service]:
    return (
        _service(_document(protocol, case.old_shapes, metadata=case.old_meta, op=case.old_op)),
        _service(_document(protocol, case.new_shapes, metadata=case.new_meta, op=case.new_op)),
    )


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("case", CONTRACT_CASES + SERVICE_CASES + ERROR_CASES, ids=lambda c: c.id)
def test_contract_rule(case: ContractCase, protocol: str) -> None:
    old, new = _contract_pair(case, protocol)
    found = {(c.rule.value, c.severity.value, c.path) for c in find_changes(old, new)}
    expected = case.expected[protocol]
    assert found == (expected if isinstance(expected, set) else {expected} if expected else set())
    for change in find_changes(old, new):
        if change.rule.value == "member-wire-name-changed":
            continue
        assert change.direction is None
        in_service = case in SERVICE_CASES or case in ERROR_CASES
        assert (change.operation is None) == in_service
        if change.old is not None:
            assert change.old != change.new and set(change.old) == set(change.new)


def test_protocol_switch_records_every_field_that_moved() -> None:
    old = _service(_document("query", {}, metadata={"xmlNamespace": "http://queue.amazonaws.com/doc/2012-11-05/"}))
    new = _service(_document("json", {}, metadata={"awsQueryCompatible": {}, "protocols": ["json"]}))
    (change,) = [c for c in find_changes(old, new) if c.rule.value == "protocol-changed"]
    assert change.old == {"awsQueryCompatible": False, "jsonVersion": "", "protocol": "query", "protocols": [],
                          "targetPrefix": "", "xmlNamespace": "http://queue.amazonaws.com/doc/2012-11-05/"}
    assert change.new == {"awsQueryCompatible": True, "jsonVersion": "1.0", "protocol": "json", "protocols": ["json"],
                          "targetPrefix": "Demo", "xmlNamespace": ""}
    assert change.severity.value == "breaking"


# ------------------------------------------------------------ paginators, waiters

PAGINATOR = {"input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxResults", "result_key": "Items"}
WAITER = {"operation": "Op", "delay": 5, "maxAttempts": 20, "acceptors": [{"state": "success", "matcher": "path", "argument": "Status", "expected": "READY"}]}


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ({}, {"Op": PAGINATOR}, ("paginator-added", I, "Op", "")),
        ({"Op": PAGINATOR}, {}, ("paginator-removed", B, "Op", "")),
        ({"Op": PAGINATOR}, {"Op": {**PAGINATOR, "result_key": "Things"}}, ("paginator-changed", B, "Op", "")),
        ({"Op": PAGINATOR}, {"Op": {**PAGINATOR, "result_key": ["Items", "More"]}}, ("paginator-changed", W, "Op", "")),
        ({"Op": PAGINATOR}, {"Op": {**PAGINATOR, "limit_key": "Limit"}}, ("paginator-changed", B, "Op", "")),
        ({"Op": PAGINATOR}, {"Op": {**PAGINATOR, "output_token": "Marker"}}, ("paginator-changed", W, "Op", "")),
        ({"Op": PAGINATOR}, {"Op": PAGINATOR}, None),
    ],
    ids=["added", "removed", "result key replaced", "result key added", "limit key renamed", "output token", "same"],
)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_paginator_rules(protocol: str, old: dict[str, Any], new: dict[str, Any], expected: tuple[str, str, str, str] | None) -> None:
    document = _document(protocol, {})
    found = {(c.rule.value, c.severity.value, c.operation, c.path) for c in find_changes(_service(document, old), _service(document, new))}
    assert found == ({expected} if expected else set())


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ({}, {"Ready": WAITER}, ("waiter-added", I, "Op", "Ready")),
        ({"Ready": WAITER}, {}, ("waiter-removed", B, "Op", "Ready")),
        ({"Ready": WAITER}, {"Ready": {**WAITER, "delay": 10, "maxAttempts": 40}}, ("waiter-changed", I, "Op", "Ready")),
        ({"Ready": WAITER}, {"Ready": {**WAITER, "acceptors": [*WAITER["acceptors"], {"state": "failure", "matcher": "error", "expected": "Gone"}]}},
         ("waiter-changed", W, "Op", "Ready")),
        ({"Ready": WAITER}, {"Ready": {**WAITER, "operation": "Op2"}}, ("waiter-changed", W, "Op2", "Ready")),
    ],
    ids=["added", "removed", "timing", "acceptors", "operation"],
)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_waiter_rules(protocol: str, old: dict[str, Any], new: dict[str, Any], expected: tuple[str, str, str, str]) -> None:
    document = _document(protocol, {})
    found = {(c.rule.value, c.severity.value, c.operation, c.path) for c in find_changes(_service(document, waiters=old), _service(document, waiters=new))}
    assert found == {expected}


def test_a_service_compared_with_itself_has_no_wire_changes() -> None:
    document = _document("rest-xml", {"OpRequest": {"type": "structure", "members": {"M": {"shape": "S", "location": "header", "locationName": "x-m"}}}},
                         op={"auth": ["aws.auth#sigv4"], "errors": [{"shape": "E"}]})
    document["shapes"]["E"] = {**ERROR, "error": {"code": "Bad", "httpStatusCode": 400}}
    service = _service(document, {"Op": PAGINATOR}, {"Ready": WAITER})
    assert list(find_changes(service, _service(copy.deepcopy(document), {"Op": PAGINATOR}, {"Ready": WAITER}))) == []
