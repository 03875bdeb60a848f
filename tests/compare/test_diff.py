"""The comparison on real botocore models, on catalogs, and its properties (hypothesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specdiff.compare.changes import Change, Rule
from specdiff.compare.diff import changed_shapes, compare, shapes_reaching
from specdiff.errors import UsageError
from specdiff.loaders import load
from specdiff.model import Spec
from tests.modelkit import STRING, model, service, spec, structure

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "models"
SAGEMAKER_OLD = FIXTURES / "sagemaker-1.13.1.json.gz"
SAGEMAKER_NEW = FIXTURES / "sagemaker-1.13.2.json.gz"

EIA2 = ("ml.eia2.large", "ml.eia2.medium", "ml.eia2.xlarge")
INSTANCES = tuple(
    sorted(
        f"ml.{family}.{size}"
        for family, sizes in (
            ("c5d", ("large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge")),
            ("m5d", ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge")),
            ("r5d", ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge")),
        )
        for size in sizes
    )
)
SUPPORTED = "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes[]"

# FORMAT.md's ground truth: (operation, direction, path, shape, added values).
GROUND_TRUTH = {
    ("CreateAlgorithm", "request", SUPPORTED, "ProductionVariantInstanceType", INSTANCES),
    ("CreateModelPackage", "request", SUPPORTED, "ProductionVariantInstanceType", INSTANCES),
    ("DescribeAlgorithm", "response", SUPPORTED, "ProductionVariantInstanceType", INSTANCES),
    ("DescribeModelPackage", "response", SUPPORTED, "ProductionVariantInstanceType", INSTANCES),
    ("CreateEndpointConfig", "request", "ProductionVariants[].AcceleratorType", "ProductionVariantAcceleratorType", EIA2),
    ("CreateEndpointConfig", "request", "ProductionVariants[].InstanceType", "ProductionVariantInstanceType", INSTANCES),
    ("DescribeEndpointConfig", "response", "ProductionVariants[].AcceleratorType", "ProductionVariantAcceleratorType", EIA2),
    ("DescribeEndpointConfig", "response", "ProductionVariants[].InstanceType", "ProductionVariantInstanceType", INSTANCES),
    ("CreateNotebookInstance", "request", "AcceleratorTypes[]", "NotebookInstanceAcceleratorType", EIA2),
    ("UpdateNotebookInstance", "request", "AcceleratorTypes[]", "NotebookInstanceAcceleratorType", EIA2),
    ("DescribeNotebookInstance", "response", "AcceleratorTypes[]", "NotebookInstanceAcceleratorType", EIA2),
}


@pytest.fixture(scope="module")
def sagemaker() -> tuple[Spec, Spec]:
    return load(SAGEMAKER_OLD), load(SAGEMAKER_NEW)


def test_sagemaker_1_13_1_to_1_13_2_is_exactly_the_ground_truth(sagemaker: tuple[Spec, Spec]) -> None:
    comparison = compare(*sagemaker)
    assert len(comparison.changes) == 11
    found = {(c.operation, c.direction, c.path, c.shape, c.added) for c in comparison.changes}
    assert found == GROUND_TRUTH
    for change in comparison.changes:
        assert change.rule is Rule.ENUM_VALUE_ADDED and change.removed == ()
        assert change.severity.value == ("info" if change.direction == "request" else "warning")
        assert change.service == "sagemaker"
    assert [c.sort_key for c in comparison.changes] == sorted(c.sort_key for c in comparison.changes)


def test_sagemaker_changed_shapes_are_the_three_enums(sagemaker: tuple[Spec, Spec]) -> None:
    old, new = (s.services["sagemaker"] for s in sagemaker)
    assert changed_shapes(old, new) == {
        "NotebookInstanceAcceleratorType",
        "ProductionVariantAcceleratorType",
        "ProductionVariantInstanceType",
    }


def test_sagemaker_filters(sagemaker: tuple[Spec, Spec]) -> None:
    only = compare(*sagemaker, operations=["Describe*"])
    assert {c.operation for c in only.changes} == {
        "DescribeAlgorithm", "DescribeModelPackage", "DescribeEndpointConfig", "DescribeNotebookInstance"
    }
    assert compare(*sagemaker, services=["ec2"]).changes == ()


def test_a_model_against_itself_has_no_changes(sagemaker: tuple[Spec, Spec]) -> None:
    old, _ = sagemaker
    assert compare(old, old, docs=True).changes == ()


def test_groundstation_1_13_2_to_1_35_0() -> None:
    """A larger real pair, five years apart, with operations added and members removed.

    Facts derived by reading the two models (botocore/data/groundstation/2019-05-23/
    service-2.json of botocore 1.13.2 and 1.35.0) with a few lines of plain-JSON set
    arithmetic, independent of specdiff:
    - operations: 8 added (CreateEphemeris, DeleteEphemeris, DescribeEphemeris,
      GetAgentConfiguration, ListEphemerides, RegisterAgent, UpdateAgentStatus,
      UpdateEphemeris), none removed, none deprecated;
    - GetSatelliteResponse lost dateCreated, lastUpdated and tags (and gained
      currentEphemeris and groundStations); no other structure lost a member;
    - TagResourceRequest.required went from [resourceArn] to [resourceArn, tags];
    - ConfigCapabilityType gained s3-recording; ContactStatus gained AWS_FAILED and
      CANCELLING; no enum lost a value; no member changed to a shape of another type;
    - the wire: ConfigTypeData became a union (configData of the CreateConfig and
      UpdateConfig requests, and of the GetConfig response); metadata gained
      "protocols": ["rest-json"] and "auth": ["aws.auth#sigv4"]; CreateConfig gained the
      error ResourceLimitExceededException; the error shapes dropped their "code" (equal
      to their names, which botocore takes when none is stated) and moved "fault" out of
      "error": no error changed.
    """
    comparison = compare(
        load(FIXTURES / "groundstation-1.13.2.json.gz"), load(FIXTURES / "groundstation-1.35.0.json.gz")
    )
    by_rule: dict[str, list[Change]] = {}
    for change in comparison.changes:
        by_rule.setdefault(change.rule.value, []).append(change)
    assert {c.operation for c in by_rule["operation-added"]} == {
        "CreateEphemeris", "DeleteEphemeris", "DescribeEphemeris", "GetAgentConfiguration",
        "ListEphemerides", "RegisterAgent", "UpdateAgentStatus", "UpdateEphemeris",
    }
    assert {(c.operation, c.direction, c.path, c.shape, c.severity.value) for c in by_rule["member-removed"]} == {
        ("GetSatellite", "response", "dateCreated", "GetSatelliteResponse", "breaking"),
        ("GetSatellite", "response", "lastUpdated", "GetSatelliteResponse", "breaking"),
        ("GetSatellite", "response", "tags", "GetSatelliteResponse", "breaking"),
    }
    assert [(c.operation, c.direction, c.path) for c in by_rule["member-became-required"]] == [
        ("TagResource", "request", "tags")
    ]
    satellite_added = {c.path for c in by_rule["member-added"] if c.operation == "GetSatellite"}
    assert satellite_added == {"currentEphemeris", "groundStations"}
    enum_values = {(c.shape, c.added) for c in by_rule["enum-value-added"]}
    assert enum_values == {("ConfigCapabilityType", ("s3-recording",)), ("ContactStatus", ("AWS_FAILED", "CANCELLING"))}
    for absent in ("operation-removed", "operation-deprecated", "enum-value-removed", "type-changed"):
        assert absent not in by_rule
    assert {(c.operation, c.direction, c.severity.value) for c in by_rule["union-changed"]} == {
        ("CreateConfig", "request", "breaking"),
        ("UpdateConfig", "request", "breaking"),
        ("GetConfig", "response", "warning"),
    }
    assert [(c.new, c.severity.value) for c in by_rule["protocol-changed"]] == [({"protocols": ["rest-json"]}, "info")]
    assert [(c.new, c.severity.value) for c in by_rule["auth-changed"]] == [({"auth": ["aws.auth#sigv4"]}, "info")]
    assert [(c.operation, c.added) for c in by_rule["error-added"]] == [("CreateConfig", ("ResourceLimitExceededException",))]
    assert "error-changed" not in by_rule and "error-removed" not in by_rule
    assert sum(c.severity.value == "breaking" for c in comparison.changes) == 6


def test_two_different_services_are_a_usage_error() -> None:
    a = spec(model({"OpRequest": structure({}), "OpResponse": structure({})}, service="alpha"))
    b = spec(model({"OpRequest": structure({}), "OpResponse": structure({})}, service="beta"))
    with pytest.raises(UsageError, match="alpha.*beta"):
        compare(a, b)


def _catalog(*services: dict[str, Any]) -> Spec:
    built = {s.name: s for s in (service(document) for document in services)}
    return Spec(kind="catalog", source="<catalog>", services=built)


def test_catalogs_pair_services_by_name() -> None:
    shapes = {"OpRequest": structure({"A": "String"}), "OpResponse": structure({}), "String": STRING}
    grown = {**shapes, "OpRequest": structure({"A": "String", "B": "String"})}
    old = _catalog(model(shapes, service="kept"), model(shapes, service="gone"))
    new = _catalog(model(grown, service="kept"), model(shapes, service="fresh"))
    found = [(c.rule.value, c.severity.value, c.service, c.operation, c.path) for c in compare(old, new).changes]
    assert found == [
        ("service-added", "info", "fresh", None, ""),
        ("service-removed", "breaking", "gone", None, ""),
        ("member-added", "info", "kept", "Op", "B"),
    ]
    assert [c.service for c in compare(old, new, services=["k*"]).changes] == ["kept"]
    # a single model against a catalog takes its twin from the catalog
    single = spec(model(grown, service="kept"))
    assert [c.path for c in compare(old, single).changes] == ["B"]


def test_a_page_side_goes_to_the_page_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    a = spec(model({"OpRequest": structure({}), "OpResponse": structure({})}))
    page = Spec(kind="page", source="page.txt", services=dict(a.services))
    calls = []
    monkeypatch.setattr("specdiff.compare.pages.compare_with_pages", lambda old, new, **options: calls.append((old, new)))
    compare(a, page)
    assert calls == [(a, page)]


def test_reverse_reachability_stops_on_cycles() -> None:
    svc = service(model({
        "OpRequest": structure({"Node": "Node"}),
        "OpResponse": structure({}),
        "Node": structure({"Next": "Node", "Leaf": "String"}),
        "Other": structure({"X": "Unrelated"}),
        "Unrelated": STRING,
        "String": STRING,
    }))
    assert shapes_reaching(svc, frozenset({"String"})) == {"String", "Node", "OpRequest"}


# ------------------------------------------------------------------------ properties

_VALUES = ("a", "b", "c", "d")
_MEMBERS = ("M1", "M2", "M3")
_OPERATIONS = ("Get", "Put", "List")


@st.composite
def small_models(draw: st.DrawFn) -> dict[str, Any]:
    """A service of up to three operations over one request and one response structure,
    whose members point at strings, a list of an enum, or a nested structure."""
    enum = draw(st.lists(st.sampled_from(_VALUES), min_size=1, unique=True))
    shapes: dict[str, Any] = {
        "Kind": {"type": "string", "enum": enum},
        "KindList": {"type": "list", "member": {"shape": "Kind"}},
        "String": STRING,
    }
    targets = st.sampled_from(("String", "Kind", "KindList", "Inner"))
    inner = draw(st.dictionaries(st.sampled_from(_MEMBERS), st.sampled_from(("String", "Kind", "Inner")), max_size=3))
    shapes["Inner"] = structure(inner)
    for name in ("Request", "Response"):
        members = draw(st.dictionaries(st.sampled_from(_MEMBERS), targets, max_size=3))
        required = tuple(m for m in members if draw(st.booleans()))
        shapes[name] = structure(members, required=required)
    operations = draw(st.lists(st.sampled_from(_OPERATIONS), unique=True))
    return model(shapes, {op: ("Request", "Response") for op in operations})


_OPPOSITE = {
    Rule.ENUM_VALUE_ADDED: Rule.ENUM_VALUE_REMOVED,
    Rule.ENUM_VALUE_REMOVED: Rule.ENUM_VALUE_ADDED,
    Rule.MEMBER_ADDED: Rule.MEMBER_REMOVED,
    Rule.MEMBER_REMOVED: Rule.MEMBER_ADDED,
    Rule.OPERATION_ADDED: Rule.OPERATION_REMOVED,
    Rule.OPERATION_REMOVED: Rule.OPERATION_ADDED,
    Rule.MEMBER_BECAME_REQUIRED: Rule.MEMBER_BECAME_OPTIONAL,
    Rule.MEMBER_BECAME_OPTIONAL: Rule.MEMBER_BECAME_REQUIRED,
}


def _facts(changes: tuple[Change, ...], *, reverse: bool) -> set[tuple[Any, ...]]:
    facts = set()
    for c in changes:
        if c.rule not in _OPPOSITE:
            continue
        rule = _OPPOSITE[c.rule] if reverse else c.rule
        values = (c.removed, c.added) if reverse else (c.added, c.removed)
        facts.add((rule, c.operation, c.direction, c.path, values))
    return facts


@settings(max_examples=50, deadline=None)
@given(small_models())
def test_a_model_against_itself_is_empty(document: dict[str, Any]) -> None:
    assert compare(spec(document), spec(document), docs=True).changes == ()


@settings(max_examples=80, deadline=None)
@given(small_models(), small_models())
def test_what_a_to_b_adds_b_to_a_removes(a: dict[str, Any], b: dict[str, Any]) -> None:
    forward = compare(spec(a), spec(b)).changes
    backward = compare(spec(b), spec(a)).changes
    assert _facts(forward, reverse=False) == _facts(backward, reverse=True)
    assert len({(c.sort_key) for c in forward}) == len(forward)  # no change reported twice


def test_a_structure_of_many_members_compares_in_linear_time() -> None:
    """Members are paired by name through a dict: pairing them by a search each was
    members x members (40k members: minutes). A hang guard, not a speed measure."""
    import time

    from specdiff.compare.diff import compare
    from tests.modelkit import model, spec, structure

    count = 40_000
    members = {f"M{i}": "Str" for i in range(count)}
    old = model({"Str": {"type": "string"}, "OpRequest": structure(members), "OpResponse": structure({})})
    grown = {**members, **{f"N{i}": "Str" for i in range(count)}}
    new = model({"Str": {"type": "string", "max": 5}, "OpRequest": structure(grown), "OpResponse": structure({})})
    start = time.process_time()
    comparison = compare(spec(old), spec(new))
    assert time.process_time() - start < 20
    rules = [c.rule.value for c in comparison.changes]
    assert rules.count("member-added") == count and "constraint-tightened" in rules
