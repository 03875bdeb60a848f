"""One case per rule: tiny hand-made models, old and new, and the changes expected (griffe style)."""

from __future__ import annotations

from typing import Any

import pytest

from specdiff.compare.diff import find_changes
from specdiff.compare.rules import Delta, Site, classify, shape_deltas
from specdiff.model import Shape
from tests.modelkit import INTEGER, STRING, model, service, structure

# Every case: (id, old shapes, new shapes, expected {(rule, severity, direction, path)}).
# Operation `Op` reads OpRequest and returns OpResponse in both versions.
BASE = {"OpRequest": structure({"A": "String"}), "OpResponse": structure({"A": "String"}), "String": STRING}


def _with(**shapes: Any) -> dict[str, Any]:
    return {**BASE, **shapes}


ENUM = {"type": "string", "enum": ["a", "b"]}
ENUM_MORE = {"type": "string", "enum": ["a", "b", "c"]}

CASES: list[tuple[str, dict[str, Any], dict[str, Any], set[tuple[str, str, str, str]]]] = [
    (
        "member added to a request, optional: info",
        BASE,
        _with(OpRequest=structure({"A": "String", "B": "String"})),
        {("member-added", "info", "request", "B")},
    ),
    (
        "member added to a request, required: breaking",
        BASE,
        _with(OpRequest=structure({"A": "String", "B": "String"}, required=("B",))),
        {("member-added", "breaking", "request", "B")},
    ),
    (
        "member added to a response, even required: info",
        BASE,
        _with(OpResponse=structure({"A": "String", "B": "String"}, required=("B",))),
        {("member-added", "info", "response", "B")},
    ),
    (
        "member removed from a request and a response: breaking both",
        _with(OpRequest=structure({"A": "String", "B": "String"}), OpResponse=structure({"A": "String", "B": "String"})),
        BASE,
        {("member-removed", "breaking", "request", "B"), ("member-removed", "breaking", "response", "B")},
    ),
    (
        "member became required in a request: breaking",
        BASE,
        _with(OpRequest=structure({"A": "String"}, required=("A",))),
        {("member-became-required", "breaking", "request", "A")},
    ),
    (
        "member became optional in a response: warning",
        _with(OpResponse=structure({"A": "String"}, required=("A",))),
        BASE,
        {("member-became-optional", "warning", "response", "A")},
    ),
    (
        "member became optional in a request: info",
        _with(OpRequest=structure({"A": "String"}, required=("A",))),
        BASE,
        {("member-became-optional", "info", "request", "A")},
    ),
    (
        "type changed (the member points at an integer now): breaking",
        BASE,
        _with(OpRequest=structure({"A": "Count"}), Count=INTEGER),
        {("type-changed", "breaking", "request", "A")},
    ),
    (
        "type changed in place (the shape itself): breaking on both sides",
        BASE,
        _with(String=INTEGER),
        {("type-changed", "breaking", "request", "A"), ("type-changed", "breaking", "response", "A")},
    ),
    (
        "integer to long: the same Python type, a warning",
        _with(String=INTEGER),
        _with(String={"type": "long"}),
        {("type-changed", "warning", "request", "A"), ("type-changed", "warning", "response", "A")},
    ),
    (
        "enum value added: info in a request, warning in a response",
        _with(String=ENUM),
        _with(String=ENUM_MORE),
        {("enum-value-added", "info", "request", "A"), ("enum-value-added", "warning", "response", "A")},
    ),
    (
        "enum value removed: breaking in a request, info in a response",
        _with(String=ENUM_MORE),
        _with(String=ENUM),
        {("enum-value-removed", "breaking", "request", "A"), ("enum-value-removed", "info", "response", "A")},
    ),
    (
        "constraint tightened (max lowered): warning in a request, info in a response",
        _with(String={"type": "string", "max": 10}),
        _with(String={"type": "string", "max": 5}),
        {("constraint-tightened", "warning", "request", "A"), ("constraint-tightened", "info", "response", "A")},
    ),
    (
        "constraint tightened (pattern added, min raised)",
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "min": 1}),
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "min": 3, "pattern": "^[a-z]+$"}),
        {("constraint-tightened", "warning", "request", "A")},
    ),
    (
        "a pattern that only lost its anchors is loosened (patterns are searched)",
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "pattern": "^[a-f0-9]{32}$"}),
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "pattern": "[a-f0-9]{32}"}),
        {("constraint-loosened", "info", "request", "A")},
    ),
    (
        "a pattern that gained an anchor is tightened",
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "pattern": "[a-z]+"}),
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "pattern": "^[a-z]+"}),
        {("constraint-tightened", "warning", "request", "A")},
    ),
    (
        "constraint loosened (max raised): info",
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "max": 5}),
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "max": 50}),
        {("constraint-loosened", "info", "request", "A")},
    ),
    (
        "a length minimum of 0 says what no minimum says: no change",
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string"}),
        _with(OpRequest=structure({"A": "Name"}), Name={"type": "string", "min": 0}),
        set(),
    ),
    (
        "a plain string becomes an enum: a tightened constraint",
        BASE,
        _with(OpRequest=structure({"A": "Kind"}), Kind=ENUM),
        {("constraint-tightened", "warning", "request", "A")},
    ),
    (
        "member deprecated: warning",
        BASE,
        _with(OpResponse={"type": "structure", "members": {"A": {"shape": "String", "deprecated": True}}}),
        {("member-deprecated", "warning", "response", "A")},
    ),
    (
        "a member pointing at a renamed but equal shape: no change",
        BASE,
        _with(OpRequest=structure({"A": "Text"}), Text=STRING),
        set(),
    ),
    (
        "paths through lists and maps: [] for an element, {} for a map value, {key} for a key",
        _with(
            OpResponse=structure({"Items": "ItemList", "Tags": "TagMap"}),
            ItemList={"type": "list", "member": {"shape": "Item"}},
            Item=structure({"Kind": "Kind"}),
            TagMap={"type": "map", "key": {"shape": "Kind"}, "value": {"shape": "Kind"}},
            Kind=ENUM,
        ),
        _with(
            OpResponse=structure({"Items": "ItemList", "Tags": "TagMap"}),
            ItemList={"type": "list", "member": {"shape": "Item"}},
            Item=structure({"Kind": "Kind"}),
            TagMap={"type": "map", "key": {"shape": "Kind"}, "value": {"shape": "Kind"}},
            Kind=ENUM_MORE,
        ),
        {
            ("enum-value-added", "warning", "response", "Items[].Kind"),
            ("enum-value-added", "warning", "response", "Tags{key}"),
            ("enum-value-added", "warning", "response", "Tags{}"),
        },
    ),
    (
        "documentation only: hidden by default",
        BASE,
        _with(OpRequest={"type": "structure", "members": {"A": {"shape": "String", "documentation": "<p>New.</p>"}}}),
        set(),
    ),
]


@pytest.mark.parametrize("old_shapes, new_shapes, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(old_shapes: dict[str, Any], new_shapes: dict[str, Any], expected: set[tuple[str, str, str, str]]) -> None:
    changes = list(find_changes(service(model(old_shapes)), service(model(new_shapes))))
    found = {(c.rule.value, c.severity.value, c.direction, c.path) for c in changes}
    assert found == expected
    assert all(c.operation == "Op" and c.service == "demo" for c in changes)


def test_documentation_shown_with_docs() -> None:
    old = service(model(BASE))
    new = service(model(_with(OpRequest={"type": "structure", "members": {"A": {"shape": "String", "documentation": "<p>New.</p>"}}})))
    changes = list(find_changes(old, new, docs=True))
    assert [(c.rule.value, c.severity.value, c.direction, c.path) for c in changes] == [
        ("documentation-changed", "info", "request", "A")
    ]


def test_operation_added_removed_deprecated() -> None:
    shapes = BASE
    old = model(shapes, {"Op": ("OpRequest", "OpResponse"), "Gone": (None, None), "Old": (None, None)})
    new = model(shapes, {"Op": ("OpRequest", "OpResponse"), "Fresh": (None, "OpResponse"), "Old": (None, None)})
    new["operations"]["Old"]["deprecated"] = True
    changes = list(find_changes(service(old), service(new)))
    found = {(c.rule.value, c.severity.value, c.operation, c.direction, c.path) for c in changes}
    assert found == {
        ("operation-added", "info", "Fresh", None, ""),
        ("operation-removed", "breaking", "Gone", None, ""),
        ("operation-deprecated", "warning", "Old", None, ""),
    }


def test_an_input_that_appears_adds_its_members() -> None:
    old = model(BASE, {"Op": (None, "OpResponse")})
    new = model(_with(OpRequest=structure({"A": "String", "B": "String"}, required=("B",))))
    found = {(c.rule.value, c.severity.value, c.path) for c in find_changes(service(old), service(new))}
    assert found == {("member-added", "info", "A"), ("member-added", "breaking", "B")}


def test_recursive_shape_terminates_with_finite_paths() -> None:
    """A tree node that holds its own children: the change inside is reported once per
    distinct path down to the first repeat, and the walk ends."""
    node_old = structure({"Kind": "Kind", "Children": "NodeList", "Parent": "Node"})
    shapes_old = _with(
        OpResponse=structure({"Root": "Node"}),
        Node=node_old,
        NodeList={"type": "list", "member": {"shape": "Node"}},
        Kind=ENUM,
    )
    shapes_new = {**shapes_old, "Kind": ENUM_MORE}
    changes = list(find_changes(service(model(shapes_old)), service(model(shapes_new))))
    assert {c.path for c in changes} == {"Root.Kind"}
    assert all(c.rule.value == "enum-value-added" and c.shape == "Kind" for c in changes)


def test_mutually_recursive_change_below_the_cycle() -> None:
    """A member added deep in a cycle A -> B -> A is reported at the first path that meets it."""
    old = _with(
        OpRequest=structure({"Top": "A"}),
        A=structure({"B": "B"}),
        B=structure({"A": "A", "X": "String"}),
    )
    new = {**old, "B": structure({"A": "A", "X": "String", "Y": "String"})}
    changes = list(find_changes(service(model(old)), service(model(new))))
    assert [(c.rule.value, c.path, c.shape) for c in changes] == [("member-added", "Top.B.Y", "B")]


def test_shape_deltas_of_equal_shapes_is_empty() -> None:
    shape = Shape(name="S", type="string", enum=("a", "b"), max=3)
    assert shape_deltas(shape, shape) == []


def test_classify_names_the_shape_and_member() -> None:
    site = Site(service="demo", operation="Op", direction="request", path="Items[]", shape="Item")
    change = classify(Delta("member-removed", member="Name", old=False, target="string"), site)
    assert change is not None
    assert (change.path, change.shape, change.extra) == ("Items[].Name", "Item", {"member": "Name"})
    assert change.message == "request Items[].Name: member removed (string)"


def test_a_member_and_its_shape_deprecated_at_one_path_is_one_change() -> None:
    new = _with(
        OpRequest={"type": "structure", "members": {"A": {"shape": "Old", "deprecated": True}}},
        Old={"type": "string", "deprecated": True},
    )
    old = _with(OpRequest=structure({"A": "Old"}), Old=STRING)
    changes = list(find_changes(service(model(old)), service(model(new))))
    assert [(c.rule.value, c.path, c.shape) for c in changes] == [("member-deprecated", "A", "OpRequest")]
