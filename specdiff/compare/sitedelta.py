"""The delta a changelog page prints for an updated method: the site's nested dict of
added members (as type sketches) and added enum values, and its pprint text.

This is the "AWS API changes" site's own notion of a change (FORMAT.md), not specdiff's
change records: it shows additions only, and a member whose type changed not at all. A structure maps each added member to its type
sketch and each changed member to its nested delta; lists and maps are transparent (an
element's delta stands under the member itself); an enum's delta is the set of values
it gained. A shape met again on the way down (recursion) contributes nothing.
"""

from __future__ import annotations

import pprint
from typing import Any, Union

from specdiff.model import Service

#: a type sketch: a scalar type name or enum text, a dict (structure or map), a
#: one-element list, or ``()`` where a shape refers back to itself
Sketch = Union[str, dict, list, tuple]
SiteDelta = dict[str, Any]

__all__ = ["method_delta", "type_sketch", "format_delta", "page_writes_alike"]


def method_delta(old: Service, new: Service, old_root: str | None, new_root: str | None) -> SiteDelta:
    """The site's delta of one operation's input (or output): ``{}`` when it shows nothing."""
    if old_root is None or new_root is None:
        return {}
    delta = _delta(old, new, old_root, new_root, set())
    return delta if isinstance(delta, dict) else {}


def _delta(old: Service, new: Service, old_name: str, new_name: str, stack: set[tuple[str, str]]) -> Any:
    before, after = old.shapes.get(old_name), new.shapes.get(new_name)
    if before is None or after is None or (old_name, new_name) in stack:
        return ()
    if before.type != after.type:
        # the site shows added members and enum values only: a member whose type changed
        # is not shown (printing its new type's sketch would read as a member added)
        return ()
    stack.add((old_name, new_name))
    try:
        if after.type == "structure":
            out: SiteDelta = {}
            old_members = before.members_by_name()
            for member in after.members:
                prior = old_members.get(member.name)
                if prior is None and not before.partial:
                    out[member.name] = type_sketch(new, member.shape)
                    continue
                if prior is None:  # a page that showed only part of the old structure
                    continue
                below = _delta(old, new, prior.shape, member.shape, stack)
                if below:
                    out[member.name] = below
            return out
        if after.type == "list" and before.member and after.member:
            return _delta(old, new, before.member, after.member, stack)
        if after.type == "map" and before.value and after.value:
            return _delta(old, new, before.value, after.value, stack)
        if after.type == "string":
            if before.enum is None and before.partial:
                return set()  # a page lost the old enum's syntax line: its values are unknown
            return set(after.enum or ()) - set(before.enum or ())
        return []
    finally:
        stack.discard((old_name, new_name))


#: type words a page writes alike (123 for integer and long, 123.0 or "float" for both floats)
_PAGE_WORDS = {"long": "integer", "float": "double"}


def page_writes_alike(before: str, after: str) -> bool:
    """Whether a page shows the two model types with the same words."""
    return _PAGE_WORDS.get(before, before) == _PAGE_WORDS.get(after, after)


def type_sketch(service: Service, name: str, stack: frozenset[str] = frozenset()) -> Sketch:
    """The sketch of a shape as the site prints an added member: ``'string'``,
    ``'A | B'`` for an enum, ``{member: sketch}``, ``[sketch]``, ``{key: value}``."""
    shape = service.shapes.get(name)
    if shape is None or name in stack:
        return ()
    inner = stack | {name}
    if shape.type == "structure":
        return {m.name: type_sketch(service, m.shape, inner) for m in shape.members}
    if shape.type == "list":
        return [type_sketch(service, shape.member, inner)] if shape.member else []
    if shape.type == "map":
        key = type_sketch(service, shape.key, inner) if shape.key else "string"
        value = type_sketch(service, shape.value, inner) if shape.value else ()
        return {key if isinstance(key, str) else "string": value}
    if shape.type == "string" and shape.enum:
        return " | ".join(shape.enum)
    return shape.type


class _SitePrinter(pprint.PrettyPrinter):
    """pprint as the site's Jinja ``pprint`` filter prints, made deterministic.

    A set short enough for one line prints in hash order in plain pprint, which differs
    from run to run; here it prints sorted, as pprint already does for a long set.
    Strings are never split into adjacent literals: specdiff's page grammar reads a
    string as one literal, and a sketch like ``'ml.t2.medium | ...'`` can be long.
    """

    _dispatch = {k: v for k, v in pprint.PrettyPrinter._dispatch.items() if k is not str.__repr__}  # type: ignore[attr-defined]

    def format(self, object: Any, context: dict[int, int], maxlevels: int, level: int) -> tuple[str, bool, bool]:
        if isinstance(object, (set, frozenset)) and object:
            return "{" + ", ".join(repr(v) for v in sorted(object)) + "}", True, False
        return super().format(object, context, maxlevels, level)


def format_delta(delta: SiteDelta) -> str:
    """The delta's text as a page shows it: pprint, 80 columns, keys sorted."""
    return _SitePrinter(width=80).pformat(delta)
