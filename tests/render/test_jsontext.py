"""The JSON writer gives ``json.dumps(indent=2, ensure_ascii=False)``'s text for any value."""

from __future__ import annotations

import json
from enum import Enum, IntEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specdiff.render import jsontext
from specdiff.render.changelist import comparison_document
from specdiff.render.jsontext import dumps_indented
from tests.reportkit import sagemaker

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()  # NaN and the infinities too: json.dumps writes them (allow_nan)
    | st.text()  # every code point: controls, surrogates, U+2028, non-ASCII
)
_KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(), inner, max_size=5)
    | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_the_text_is_json_dumps_text(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


class _Word(str, Enum):
    A = "a"


class _Number(IntEnum):
    ONE = 1


def test_values_of_other_kinds_are_written_as_json_dumps_writes_them() -> None:
    for value in ({"k": _Word.A}, [_Number.ONE], {1: [float("nan")], None: {}}, {"x": [], "y": {}, "z": [[]]}):
        assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{"set": {1}}, [object()], {(1, 2): 3}])
def test_what_json_dumps_refuses_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, indent=2)
    with pytest.raises(TypeError):
        dumps_indented(value)


def test_plain_json_is_written_without_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is taken for what a comparison holds (else the writer would only be slower)."""
    document = comparison_document(sagemaker())
    expected = json.dumps(document, indent=2, ensure_ascii=False)
    monkeypatch.setattr(jsontext.json, "dumps", lambda *a, **k: pytest.fail("json.dumps was called"))
    assert dumps_indented(document) == expected
