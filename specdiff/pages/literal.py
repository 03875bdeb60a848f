"""A delta's pprint literals read into deltas and sketches, with what damage may have
taken from them flagged: a string joined across lines where a line may be gone."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from specdiff.pages.ast import SKETCH_SCALARS, Delta, DeltaMap, EnumAdded, Sketch

#: stands where two adjacent literals meet without a " | " between them: the value
#: across it may be two values whose separator (on a line now gone) was lost
SEAM = "\x00"


class Joined(str):
    """A string pprint split into adjacent literals, one a line; ``partial`` when a line
    between them may have been lost (a page that lost repeated lines)."""

    partial: bool = False


def joined(parts: list[str], *, suspect: bool) -> str:
    """Adjacent literals as one string. pprint splits a string after whitespace, so in an
    enum sketch (``'A | B | C'``) every seam falls at a separator; a seam that does not
    is where a line may have been lost, and is marked with :data:`SEAM`."""
    out = [parts[0]]
    doubtful = False
    for left, right in zip(parts, parts[1:]):
        at_separator = left.rstrip(" ").endswith("|") or right.lstrip(" ").startswith("|")
        spaced = left.endswith(" ") or right.startswith(" ")
        if not at_separator and spaced and (" | " in left or " | " in right):
            out.append(SEAM)
            doubtful = True
        out.append(right)
    text = Joined("".join(out))
    text.partial = doubtful or suspect
    return text


def plain(text: str) -> str:
    """A string without seam marks (a key, a set value read whole)."""
    return text.replace(SEAM, "") if SEAM in text else text


def _flagged(text: Any) -> bool:
    return isinstance(text, Joined) and text.partial


def delta_map(value: Any) -> DeltaMap:
    kind, items, cut = value
    if kind != "dict":
        return DeltaMap(entries=(), partial=True)
    return DeltaMap(entries=tuple((plain(k), delta(v)) for k, v in items), partial=cut)


def delta(value: Any) -> Delta:
    if isinstance(value, str):
        return sketch(value)
    kind, items, cut = value
    if kind == "set":
        values = [v for v in items if SEAM not in v]
        partial = cut or len(values) < len(items) or any(_flagged(v) for v in items)
        return EnumAdded(values=tuple(sorted(set(values))), partial=partial)
    if kind == "dict" and not _is_map_sketch(items):
        return DeltaMap(entries=tuple((plain(k), delta(v)) for k, v in items), partial=cut)
    return sketch(value)


def _is_map_sketch(items: list[tuple[str, Any]]) -> bool:
    """An added map member prints as ``{'string': sketch}`` (or an enum key ``'A | B'``).

    Deltas never show map keys (maps are transparent), and member names hold neither
    spaces nor, in any botocore model seen, the bare word ``string``: such a dict is a
    sketch of an added map, not a changed member.
    """
    if len(items) != 1:
        return False
    key, value = items[0]
    return (key == "string" or " | " in key) and not (isinstance(value, tuple) and value[0] == "set")


def sketch(value: Any) -> Sketch:
    if isinstance(value, tuple) and value[0] == "joined":
        inner = sketch(value[1])
        return replace(inner, partial=True) if value[2] else inner
    if isinstance(value, str):
        if value in SKETCH_SCALARS:
            return Sketch(kind=value)
        parts = [v.strip() for v in value.split(" | ")]
        kept = tuple(v for v in parts if SEAM not in v)
        return Sketch(kind="enum", values=kept, partial=_flagged(value) or len(kept) < len(parts))
    kind, items, cut = value
    if kind == "tuple":
        return Sketch(kind="recursive")
    if kind == "list":
        element = sketch(items[0]) if items else None
        return Sketch(kind="list", element=element, partial=cut or not items)
    if kind == "set":  # not a sketch; keep what it says as an enum
        values = tuple(sorted(plain(v) for v in items if SEAM not in v))
        return Sketch(kind="enum", values=values, partial=cut or len(values) < len(items))
    if len(items) == 1 and (items[0][0] in SKETCH_SCALARS or " | " in items[0][0]):
        key, val = items[0]
        return Sketch(kind="map", key=sketch(key), element=sketch(val), partial=cut)
    return Sketch(kind="structure", members=tuple((plain(k), sketch(v)) for k, v in items), partial=cut)
