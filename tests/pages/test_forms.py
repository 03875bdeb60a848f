"""Page forms the site prints that the fixtures do not hold: split strings, bare list
values in syntax, calls without arguments, ``returns None``."""

from __future__ import annotations

import pprint

import pytest

from specdiff.pages.ast import DeltaMap, EnumAdded, Sketch
from specdiff.pages.reader import parse_page

HEAD = "2019/10/24 - X Service - 1 updated api methods\n\nFoo (updated) Link ¶\nChanges (request)\n"
VALUES = tuple(f"VALUE_{i}" for i in range(30))


def _delta(literal: object) -> DeltaMap:
    text = HEAD + pprint.pformat(literal, width=80) + "\n\nDoes foo.\n"
    delta = parse_page(text).methods[0].changes.request
    assert delta is not None
    return delta


@pytest.mark.parametrize(
    "literal",
    [
        {"Config": {"Mode": " | ".join(VALUES), "Other": ["string"]}},  # split inside a dict
        {"Config": [" | ".join(VALUES)]},  # split inside a list
    ],
)
def test_pprint_split_strings_join_back(literal):
    delta = _delta(literal)
    config = delta.get("Config")
    sketch = config.get("Mode") if isinstance(config, DeltaMap) else config.element  # type: ignore[union-attr]
    assert isinstance(sketch, Sketch) and sketch.kind == "enum"
    assert sketch.values == VALUES


def test_a_long_added_enum_value_in_a_set_joins_back():
    value = " ".join(VALUES)
    delta = _delta({"X": {value}})
    leaf = delta.get("X")
    assert isinstance(leaf, EnumAdded) and leaf.values == (value,)


def test_parenthesised_split_string_joins_back():
    text = HEAD + "{'Mode': ('A | B | '\n          'C')}\n\nDoes foo.\n"
    leaf = parse_page(text).methods[0].changes.request.get("Mode")  # type: ignore[union-attr]
    assert leaf == Sketch(kind="enum", values=("A", "B", "C"))


PAGE = """2019/10/24 - X Service - 1 new api methods

Foo (new) Link ¶
Does foo.

Request Syntax

client.foo()

rtype

None

returns

None

Response Syntax

{
    'Ids': [
        123,
    ],
    'Sizes': [
        123.0,
    ],
    'When': [
        datetime(2015, 1, 1),
    ],
    'Flags': [
        True|False,
    ],
    'Any': [
        ...,
    ]
}
"""


def test_bare_list_values_and_a_call_without_arguments():
    page = parse_page(PAGE)
    method = page.methods[0]
    assert method.request_syntax is not None
    assert method.request_syntax.call == "client.foo" and method.request_syntax.members == ()
    assert not method.request_syntax.partial and not page.lossy
    assert method.response_syntax is not None
    kinds = {n.name: (n.kind, n.children[0].kind) for n in method.response_syntax.members}
    assert kinds == {
        "Ids": ("list", "integer"),
        "Sizes": ("list", "float"),
        "When": ("list", "timestamp"),
        "Flags": ("list", "boolean"),
        "Any": ("list", "any"),
    }
    assert not any(n.partial for n in method.response_syntax.members)


def test_title_date_is_zero_padded_iso():
    page = parse_page("2020/1/5 - X Service - 1 new api methods\n\nFoo (new) Link ¶\nDoes foo.\n")
    assert page.title.date == "2020-01-05"
    assert (page.title.new, page.title.updated) == (1, 0)


BULLETS = """2019/10/24 - X Service - 1 updated api methods

Foo (updated) Link ¶
Changes (request)
{'Tags': {'Key': 'string'}}

Does foo.

Request Syntax

type Tags

param Tags

Tags.

  • (dict) --

    • Key (string) -- [REQUIRED]

      The key.

type Names

param Names

Names.

  • (string) --

type Ids

param Ids

Ids.

"""


def test_bullet_trees_flag_what_they_lost():
    whole = parse_page(BULLETS).methods[0]
    assert [b.partial for p in whole.parameters for b in p.bullets] == [False, False]
    # a lossy crawl drops the "(dict) --" line: the members stand two levels down
    lossy = parse_page(BULLETS.replace("  • (dict) --\n\n", "")).methods[0]
    tags = lossy.parameters[0]
    assert [b.name for b in tags.bullets] == ["Key"]
    structure = "2019/10/24 - X Service - 1 updated api methods\n\nFoo (updated) Link ¶\nDoes.\n\n" \
        "Response Syntax\n\n{\n    'L': [\n        'string',\n    ]\n}\n\nResponse Structure\n\n" \
        "  • (dict) --\n\n    • L (list) --\n\n      The list.\n\n    • M (list) --\n\n          • (string) --\n"
    root = parse_page(structure).methods[0].response_structure[0]
    # L shows no element bullet, which botocore also prints where a shape recurses
    assert [(b.name, b.partial) for b in root.children] == [("L", False), ("M", True)]
    assert not root.partial
