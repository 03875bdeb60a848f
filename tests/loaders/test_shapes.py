"""Shapes built as they are read: a comparison builds only what differs, and says the same."""

from __future__ import annotations

import copy
import gzip
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specdiff.compare.diff import compare
from specdiff.errors import InputError
from specdiff.loaders.botocore import service_from_model
from specdiff.loaders.shapes import ModelOperations, ModelShapes, differing_operations, fully_built
from specdiff.model import Service, Spec
from specdiff.render.changelist import comparison_json

MODELS = Path(__file__).resolve().parents[2] / "fixtures" / "models"

# Real consecutive and far-apart releases: members, enums, constraints and types moved.
PAIRS = [
    ("sagemaker-1.13.1.json.gz", "sagemaker-1.13.2.json.gz"),
    ("elasticache-1.13.2.json.gz", "elasticache-1.13.3.json.gz"),
    ("elasticache-1.13.2.json.gz", "elasticache-1.13.6.json.gz"),
    ("groundstation-1.13.2.json.gz", "groundstation-1.35.0.json.gz"),
]


def _document(name: str) -> dict[str, Any]:
    return json.loads(gzip.decompress((MODELS / name).read_bytes()))


def _service(document: dict[str, Any], *, lazy: bool = True) -> Service:
    return service_from_model(copy.deepcopy(document), source="m.json", name="svc", lazy=lazy)


def _spec(service: Service) -> Spec:
    return Spec(kind="model", source="m.json", services={service.name: service})


@pytest.mark.parametrize(("old", "new"), PAIRS)
@pytest.mark.parametrize("docs", [False, True])
def test_building_only_what_differs_says_what_building_everything_says(old: str, new: str, docs: bool) -> None:
    before, after = _document(old), _document(new)
    lazy_old, lazy_new = _service(before), _service(after)
    fast = compare(_spec(lazy_old), _spec(lazy_new), docs=docs)
    # every shape built into a plain dict: no raw JSON to take a short cut through
    slow = compare(_spec(fully_built(_service(before))), _spec(fully_built(_service(after))), docs=docs)
    assert fast.changes  # the pair really changed
    assert comparison_json(fast) == comparison_json(slow)
    shapes = lazy_new.shapes
    assert isinstance(shapes, ModelShapes)
    assert shapes.built < len(shapes) / 2  # what differs, and what leads to it: not all
    operations = lazy_new.operations
    assert isinstance(operations, ModelOperations)
    differ = set(differing_operations(lazy_old, lazy_new, docs=docs)) & set(operations)
    assert set(operations._built) == differ  # noqa: SLF001 - those whose raw JSON differs, and only those
    if old.startswith("sagemaker"):  # two releases a day apart: most operations are the same
        assert len(differ) < len(operations) / 2


def test_reading_a_shape_the_ordinary_way_checks_the_whole_model_first() -> None:
    document = _document("elasticache-1.13.2.json.gz")
    name = sorted(document["shapes"])[0]
    document["shapes"]["Unread"] = {"type": "structure", "members": {"X": {"shape": 5}}}
    service = _service(document)  # lazy: nothing of the shapes is read yet
    assert isinstance(service.shapes, ModelShapes) and service.shapes.built == 0
    assert service.shapes.peek(name).name == name  # the comparison's way: this shape alone
    with pytest.raises(InputError, match=r"shapes\.Unread\.members\.X\.shape must be a shape name \(text\)"):
        service.shapes[name]  # any other reader sees a checked model or an error
    with pytest.raises(InputError, match=r"shapes\.Unread\.members\.X\.shape"):
        _service(document, lazy=False)  # a lone model file is checked whole when loaded


def test_a_damaged_shape_is_an_error_when_a_comparison_reads_it_and_only_then() -> None:
    before = _document("elasticache-1.13.2.json.gz")
    after = copy.deepcopy(before)
    # the same damage on both sides, in a shape no change leads to: never built, no error
    for document in (before, after):
        document["shapes"]["Unused"] = {"type": "structure", "members": {"X": {"shape": "String"}}, "pattern": 5}
    after["shapes"]["CacheCluster"]["members"]["Extra"] = {"shape": "String"}
    comparison = compare(_spec(_service(before)), _spec(_service(after)))
    assert [c.path for c in comparison.changes if c.rule.value == "member-added"]
    # damage in the shape that changed: the error names its place
    after["shapes"]["CacheCluster"]["members"]["Extra"] = {"shape": {"name": "String"}}
    with pytest.raises(InputError, match=r"shapes\.CacheCluster\.members\.Extra\.shape must be a shape name \(text\)"):
        compare(_spec(_service(before)), _spec(_service(after)))
    # damage in a reference anywhere: the graph of what reaches a change reads every reference
    after["shapes"]["CacheCluster"]["members"]["Extra"] = {"shape": "String"}
    for document in (before, after):
        document["shapes"]["Unused"] = {"type": "structure", "members": {"X": {"shape": 7}}}
    with pytest.raises(InputError, match=r"shapes\.Unused\.members\.X\.shape must be a shape name \(text\)"):
        compare(_spec(_service(before)), _spec(_service(after)))


def _chain(levels: int, bottom: dict[str, Any]) -> dict[str, Any]:
    document = _document("elasticache-1.13.2.json.gz")
    shapes: dict[str, Any] = {"Bottom": bottom}
    below = "Bottom"
    for level in range(levels):
        shapes[f"S{level}"] = {"type": "structure", "members": {"Next": {"shape": below}}}
        below = f"S{level}"
    shapes["In"] = {"type": "structure", "members": {"Top": {"shape": below}}}
    operation = sorted(document["operations"])[0]
    document["shapes"] = shapes
    document["operations"] = {operation: {"name": operation, "input": {"shape": "In"}}}
    return document


def test_a_comparison_walking_past_the_depth_bound_is_the_bound_error() -> None:
    old = _service(_chain(150, {"type": "string"}))
    new = _service(_chain(150, {"type": "string", "pattern": "^a$"}))
    with pytest.raises(InputError, match=r"shapes nest 152 levels deep from 'In', past the bound of 100"):
        compare(_spec(old), _spec(new))
    # at the bound, the walk goes all the way down and reports the change at the bottom
    old, new = _service(_chain(98, {"type": "string"})), _service(_chain(98, {"type": "string", "pattern": "^a$"}))
    (change,) = compare(_spec(old), _spec(new)).changes
    assert change.path.count(".Next") == 98


def test_shapes_travel_to_a_worker_built_and_checked() -> None:
    service = _service(_document("groundstation-1.35.0.json.gz"))
    copied = pickle.loads(pickle.dumps(service))
    assert type(copied.shapes) is dict and copied.shapes == dict(service.shapes.items())
    assert type(copied.operations) is dict and copied.operations == dict(service.operations.items())
    assert copied == service


def test_a_damaged_operation_is_an_error_naming_it_when_a_comparison_reads_it() -> None:
    before = _document("elasticache-1.13.2.json.gz")
    after = copy.deepcopy(before)
    name = sorted(before["operations"])[0]
    after["operations"][name]["errors"] = [{"shape": ["X"]}]  # it differs: it is built
    with pytest.raises(InputError, match=rf"operations\.{name}\.errors\[0\]\.shape must be a shape name \(text\)"):
        compare(_spec(_service(before)), _spec(_service(after)))
    after = copy.deepcopy(before)
    for document in (before, after):  # the same on both sides: not built, but its input is read
        document["operations"][name]["input"] = {"shape": 5}
    after["shapes"]["CacheCluster"]["members"]["Extra"] = {"shape": "String"}
    with pytest.raises(InputError, match=rf"operations\.{name}\.input\.shape must be a shape name \(text\)"):
        compare(_spec(_service(before)), _spec(_service(after)))


# -------------------------------------------------- the strict builders and the checks

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
    max_leaves=4,
)
_REFERENCE = st.one_of(st.fixed_dictionaries({"shape": st.sampled_from(["String", "S"])}), _JSON)
_MEMBER = st.one_of(
    st.fixed_dictionaries({"shape": st.one_of(st.just("String"), _JSON)}, optional={"documentation": _JSON, "deprecated": _JSON}),
    _JSON,
)
_SHAPE = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(["structure", "string", "list", "map", "integer"]), _JSON)},
    optional={
        "documentation": st.one_of(st.text(max_size=3), _JSON),
        "pattern": st.one_of(st.just("^a$"), _JSON),
        "deprecated": _JSON,
        "min": _JSON,
        "max": _JSON,
        "enum": st.one_of(st.lists(st.text(max_size=2), max_size=2), _JSON),
        "required": st.one_of(st.lists(st.text(max_size=2), max_size=2), _JSON),
        "members": st.one_of(st.dictionaries(st.text(max_size=2), _MEMBER, max_size=2), _JSON),
        "member": _REFERENCE,
        "key": _REFERENCE,
        "value": _REFERENCE,
        "timestampFormat": _JSON,
        "locationName": _JSON,
        "payload": _JSON,
    },
)
_OPERATION = st.fixed_dictionaries(
    {},
    optional={"input": _REFERENCE, "output": _REFERENCE, "errors": st.one_of(st.lists(_REFERENCE, max_size=2), _JSON), "documentation": _JSON},
)
_BUILD_ERRORS = (KeyError, TypeError, AttributeError, ValueError)


@settings(max_examples=600, derandomize=True, deadline=None)
@given(st.one_of(_SHAPE, _JSON))
def test_what_the_shape_checks_refuse_the_strict_builder_refuses(raw: Any) -> None:
    """A comparison builds a shape without checking it first: sound only if every shape the
    checks refuse also fails to build (then the checks run and name the fault)."""
    from specdiff.loaders.botocore import _shape
    from specdiff.loaders.validate import check_shape

    _refused_by_both(lambda: check_shape("X", raw, "m.json"), lambda: _shape("X", raw))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.one_of(_OPERATION, _JSON))
def test_what_the_operation_checks_refuse_the_strict_builder_refuses(raw: Any) -> None:
    from specdiff.loaders.botocore import _operation
    from specdiff.loaders.validate import check_outline

    document = {"metadata": {}, "shapes": {}, "operations": {"Go": raw}}
    _refused_by_both(lambda: check_outline(document, "m.json"), lambda: _operation("Go", raw))


def _refused_by_both(check: Callable[[], None], build: Callable[[], object]) -> None:
    """Where the check refuses, the builder refuses too (with one of the errors it raises)."""
    try:
        check()
    except InputError:
        with pytest.raises(_BUILD_ERRORS):
            build()


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.one_of(_SHAPE, _JSON))
def test_a_kind_read_from_raw_json_is_the_built_shapes(raw: Any) -> None:
    """A member's type is read from the raw shape where that is plain: only where the shape
    builds, and then as it builds."""
    from specdiff.loaders.botocore import _shape, _shape_kind

    kind = _shape_kind(raw)
    if kind is None:
        return
    try:
        shape = _shape("X", raw)
    except _BUILD_ERRORS:
        return  # damaged elsewhere: the comparison reports it where it reads the rest
    assert kind == ("enum" if shape.enum is not None else shape.type)
