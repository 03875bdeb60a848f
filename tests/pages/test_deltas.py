"""Property: any delta the site can print, pprint'ed at width 80, reads back exactly and whole.

The site writes each ``Changes`` delta with jinja's ``pprint`` (``pprint.pformat``, width
80): keys sorted, a short set on one line, a long one a value a line, long strings split
into adjacent literals. Whatever the wrapping, a complete delta must read back to the
same values with nothing flagged partial: the post-lexer must not mistake pprint's own
line breaks for lines a crawl lost.
"""

from __future__ import annotations

from pprint import pformat
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specdiff.pages.ast import SKETCH_SCALARS, DeltaMap, EnumAdded, Sketch
from specdiff.pages.reader import parse_page

NAMES = st.sampled_from(
    ["Id", "Mode", "Tags", "InstanceType", "AcceleratorType", "ProductionVariants", "InferenceSpecification",
     "SupportedRealtimeInferenceInstanceTypes", "Key", "Value", "Settings", "Children", "A", "VeryLongMemberNameForWrapping"]
)
VALUES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=24)
SCALARS = st.sampled_from(sorted(SKETCH_SCALARS))
ENUM_SKETCH = st.lists(VALUES, min_size=2, max_size=12, unique=True).map(" | ".join)


def sketches() -> st.SearchStrategy[Any]:
    """What TypeRepr prints for an added member."""
    leaf = SCALARS | ENUM_SKETCH | st.just(())
    return st.recursive(
        leaf,
        lambda inner: st.lists(inner, min_size=1, max_size=1)  # a list: [element]
        | st.dictionaries(NAMES, inner, min_size=2, max_size=5)  # a structure
        | inner.map(lambda value: {"string": value}),  # a map with string keys
        max_leaves=8,
    )


def deltas() -> st.SearchStrategy[dict[str, Any]]:
    """What DeltaVisitor gives: member -> added enum values, a sketch, or a nested delta."""
    leaf = st.sets(VALUES, min_size=1, max_size=20) | sketches()
    return st.recursive(
        st.dictionaries(NAMES, leaf, min_size=1, max_size=4),
        lambda inner: st.dictionaries(NAMES, inner | leaf, min_size=1, max_size=4),
        max_leaves=10,
    )


def expected_delta(value: dict[str, Any]) -> Any:
    if len(value) == 1 and next(iter(value)) == "string" and not isinstance(value["string"], set):
        return expected_sketch(value)
    return DeltaMap(entries=tuple((k, expected_leaf(v)) for k, v in sorted(value.items())))


def expected_leaf(value: Any) -> Any:
    if isinstance(value, set):
        return EnumAdded(values=tuple(sorted(value)))
    if isinstance(value, dict):
        return expected_delta(value)
    return expected_sketch(value)


def expected_sketch(value: Any) -> Sketch:
    if value == ():
        return Sketch(kind="recursive")
    if isinstance(value, str):
        return Sketch(kind=value) if value in SKETCH_SCALARS else Sketch(kind="enum", values=tuple(value.split(" | ")))
    if isinstance(value, list):
        return Sketch(kind="list", element=expected_sketch(value[0]))
    if list(value) == ["string"]:
        return Sketch(kind="map", key=Sketch(kind="string"), element=expected_sketch(value["string"]))
    return Sketch(kind="structure", members=tuple((k, expected_sketch(v)) for k, v in sorted(value.items())))


PAGE = """2020/01/15 - Amazon Widget Service - 2 updated api methods

Changes\u00a0 Changes to widgets.

UpdateWidget\u00a0(updated) Link ¶
Changes (request)
{delta}

Updates a widget.

CopyWidget\u00a0(updated) Link ¶
Changes (request, response)
Request
{delta}
Response
{delta}

Copies a widget.
"""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deltas())
def test_a_printed_delta_reads_back_exactly_and_whole(delta: dict[str, Any]) -> None:
    printed = pformat(delta, width=80)
    page = parse_page(PAGE.replace("{delta}", printed))
    expected = expected_delta(delta)
    update, copy = page.methods
    for got in (update.changes.request, copy.changes.request, copy.changes.response):
        assert got == expected, printed
        assert not update.changes.partial and not copy.changes.partial, printed
