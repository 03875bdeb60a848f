"""Deltas: what differs between two versions of one shape, as plain facts.

A :class:`Delta` is a raw fact about a shape (with no notion of operation or direction);
the rules (``compare.rules``) turn each into a change at a :class:`Site`. Deepdiff
compares the skeleton (members, types, enums, constraints); the wire facts of the shape
and its members (``location``, ``locationName``, ``idempotencyToken``, ..., named as
botocore names them) are flat values, compared directly, each only where the model states
it, so that a spec read from a page (which states none) has none.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Literal


from specdiff.compare.changes import Direction
from specdiff.model import Member, Shape

__all__ = [
    "CONSTRAINTS",
    "WireFacts",
    "MEMBER_WIRE",
    "SHAPE_WIRE",
    "Delta",
    "DeltaKind",
    "Site",
    "normalise",
    "shape_deltas",
    "wire_facts",
]

DeltaKind = Literal[
    "type",
    "member-added",
    "member-removed",
    "member-required",
    "member-deprecated",
    "member-documentation",
    "enum-added",
    "enum-removed",
    "constraint-tightened",
    "constraint-loosened",
    "deprecated",
    "documentation",
    # the wire contract of a member, and of a shape
    "member-location",
    "member-wire-name",
    "member-idempotency",
    "member-context-param",
    "member-host-label",
    "member-wire-format",
    "member-streaming",
    "member-default",
    "shape-payload",
    "shape-wire-name",
    "shape-wire-format",
    "shape-streaming",
    "shape-eventstream",
    "shape-document",
    "shape-union",
    "shape-sensitive",
]

CONSTRAINTS = ("min", "max", "pattern", "enum")

#: a member's wire fields: (model field, botocore key, the kind of delta a move makes)
MEMBER_WIRE: tuple[tuple[str, str, DeltaKind], ...] = (
    ("location", "location", "member-location"),
    ("event_payload", "eventpayload", "member-location"),
    ("location_name", "locationName", "member-wire-name"),
    ("query_name", "queryName", "member-wire-name"),
    ("xml_namespace", "xmlNamespace", "member-wire-name"),
    ("xml_attribute", "xmlAttribute", "member-wire-name"),
    ("flattened", "flattened", "member-wire-name"),
    ("idempotency_token", "idempotencyToken", "member-idempotency"),
    ("context_param", "contextParam", "member-context-param"),
    ("host_label", "hostLabel", "member-host-label"),
    ("timestamp_format", "timestampFormat", "member-wire-format"),
    ("jsonvalue", "jsonvalue", "member-wire-format"),
    ("streaming", "streaming", "member-streaming"),
    ("default", "default", "member-default"),
    ("box", "box", "member-default"),
)

#: a shape's wire fields, the same way (its error facts are the service's: ``compare.wire``)
SHAPE_WIRE: tuple[tuple[str, str, DeltaKind], ...] = (
    ("payload", "payload", "shape-payload"),
    ("location_name", "locationName", "shape-wire-name"),
    ("xml_namespace", "xmlNamespace", "shape-wire-name"),
    ("flattened", "flattened", "shape-wire-name"),
    ("timestamp_format", "timestampFormat", "shape-wire-format"),
    ("streaming", "streaming", "shape-streaming"),
    ("requires_length", "requiresLength", "shape-streaming"),
    ("eventstream", "eventstream", "shape-eventstream"),
    ("event", "event", "shape-eventstream"),
    ("document", "document", "shape-document"),
    ("union", "union", "shape-union"),
    ("sensitive", "sensitive", "shape-sensitive"),
)

_MEMBER_KIND = {key: kind for _, key, kind in MEMBER_WIRE}
_SHAPE_KIND = {key: kind for _, key, kind in SHAPE_WIRE}
# Most members and shapes state no wire fact at all: one C-level read of all the fields
# and one tuple comparison tell so, before any field is looked at on its own.
_MEMBER_WIRE_OF = operator.attrgetter(*(attr for attr, _, _ in MEMBER_WIRE))
_SHAPE_WIRE_OF = operator.attrgetter(*(attr for attr, _, _ in SHAPE_WIRE))
_MEMBER_UNSTATED = tuple(getattr(Member, attr) for attr, _, _ in MEMBER_WIRE)
_SHAPE_UNSTATED = tuple(getattr(Shape, attr) for attr, _, _ in SHAPE_WIRE)
_MEMBER_KEYS = tuple(key for _, key, _ in MEMBER_WIRE)
_SHAPE_KEYS = tuple(key for _, key, _ in SHAPE_WIRE)


@dataclass(frozen=True)
class Delta:
    """One difference between two versions of a shape.

    ``member`` names the structure member it concerns (``None`` for the shape itself);
    ``old``/``new`` carry the values on each side: a type name, a flag, the added or
    removed enum values (sorted tuples), or for constraints and wire facts a dict of
    what moved (``{"min": 1}`` -> ``{"min": 5}``, ``{"location": "uri"}`` ->
    ``{"location": "querystring"}``; a key missing on one side was not stated there). ``target`` is the type of the member's
    shape for member-added/removed, for the message.
    """

    kind: DeltaKind
    member: str | None = None
    old: Any = None
    new: Any = None
    target: str = ""
    #: for a member's wire deltas, where the member travels (its new ``location``)
    location: str = ""


@dataclass(frozen=True)
class Site:
    """Where a shape is reached: the operation, the direction and the path to the shape.

    ``protocol`` is the (new) service's protocol, for the rules whose severity depends on
    what the protocol puts on the wire ("" when unknown: a page).
    """

    service: str
    operation: str
    direction: Direction
    path: str
    shape: str | None  # None where no model shape is known (a page's own changes)
    protocol: str = ""


# ----------------------------------------------------------------------------- deltas


def normalise(shape: Shape | None, *, docs: bool) -> dict[str, Any]:
    """The skeleton of a shape as plain data, the form deepdiff compares.

    The shape's own name is left out (a member may point at a renamed shape with the
    same meaning); member target names stay in, so that the walk knows where to look
    further. Documentation is dropped unless asked for. The wire facts are
    :func:`wire_facts`' (flat values, compared without deepdiff).
    """
    if shape is None:
        return {"type": "structure", "members": {}}
    facts: dict[str, Any] = {"type": shape.type}
    if shape.members:
        facts["members"] = {
            m.name: _member_facts(m.shape, m.required, m.deprecated, m.documentation if docs else "")
            for m in shape.members
        }
    elif shape.type == "structure":
        facts["members"] = {}
    for name in ("member", "key", "value", "min", "max", "pattern"):
        value = getattr(shape, name)
        if value is not None:
            facts[name] = value
    if shape.enum is not None:
        facts["enum"] = frozenset(shape.enum)
    if shape.deprecated:
        facts["deprecated"] = True
    if docs and shape.documentation:
        facts["documentation"] = shape.documentation
    return facts


def _member_facts(target: str, required: bool, deprecated: bool, documentation: str) -> dict[str, Any]:
    facts: dict[str, Any] = {"shape": target, "required": required, "deprecated": deprecated}
    if documentation:
        facts["documentation"] = documentation
    return facts


WireFacts = dict[str | None, dict[str, Any]]


def wire_facts(shape: Shape | None) -> WireFacts:
    """The wire facts a shape states, by botocore key: the shape's own under ``None``, each
    member's under its name; a shape or member that states none is left out."""
    facts: WireFacts = {}
    if shape is None:
        return facts
    values = _SHAPE_WIRE_OF(shape)
    if values != _SHAPE_UNSTATED:
        facts[None] = {k: v for k, v, unstated in zip(_SHAPE_KEYS, values, _SHAPE_UNSTATED) if v != unstated}
    for member in shape.members:
        values = _MEMBER_WIRE_OF(member)
        if values != _MEMBER_UNSTATED:
            facts[member.name] = {k: v for k, v, unstated in zip(_MEMBER_KEYS, values, _MEMBER_UNSTATED) if v != unstated}
    return facts


def _wire_deltas(old: Shape | None, new: Shape | None, before: WireFacts, after: WireFacts) -> list[Delta]:
    """The wire facts that moved, one delta per member (or the shape) and kind of fact.

    Plain comparison of flat values: what deepdiff would add is only its cost. A member
    only one side holds is member-added or -removed, not a wire change.
    """
    old_members = {m.name for m in old.members} if old is not None else set()
    new_members = {m.name: m for m in new.members} if new is not None else {}
    moved: dict[tuple[str | None, DeltaKind], tuple[dict[str, Any], dict[str, Any]]] = {}
    for where in before.keys() | after.keys():
        if where is not None and (where not in old_members or where not in new_members):
            continue
        was, now = before.get(where, {}), after.get(where, {})
        if was == now:
            continue
        kinds = _SHAPE_KIND if where is None else _MEMBER_KIND
        for key in was.keys() | now.keys():
            if key in was and key in now and was[key] == now[key]:
                continue
            old_facts, new_facts = moved.setdefault((where, kinds[key]), ({}, {}))
            if key in was:
                old_facts[key] = was[key]
            if key in now:
                new_facts[key] = now[key]
    deltas = []
    for (member, kind), (old_facts, new_facts) in moved.items():
        location = new_members[member].location if member is not None else ""
        deltas.append(Delta(kind, member=member, old=old_facts, new=new_facts, location=location))
    return deltas


def shape_deltas(old: Shape | None, new: Shape | None, *, docs: bool = False) -> list[Delta]:
    """What differs between two versions of a shape (``None``: an empty structure).

    A changed type is the only delta reported for a shape whose type changed: nothing
    else about it can be compared.
    """
    before, after = normalise(old, docs=docs), normalise(new, docs=docs)
    wire_before, wire_after = wire_facts(old), wire_facts(new)
    if before == after and wire_before == wire_after:
        return []
    if before["type"] != after["type"]:
        return [Delta("type", old=before["type"], new=after["type"])]
    deltas = _wire_deltas(old, new, wire_before, wire_after)
    if before == after:
        return sorted(deltas, key=lambda d: (d.member or "", d.kind))
    old_rest, new_rest = _differing(before, after)
    enum_added, enum_removed = _whole_parts(old_rest, new_rest, deltas)
    constraint_old: dict[str, Any] = {}
    constraint_new: dict[str, Any] = {}
    if not (old_rest or new_rest):
        tree: dict[str, Any] = {}
    else:
        from deepdiff import DeepDiff  # here: a command that diffs no shape does not import it

        # threshold_to_diff_deeper=0: always report key by key, never "the whole dict changed".
        tree = DeepDiff(old_rest, new_rest, view="tree", threshold_to_diff_deeper=0)
    for report, levels in tree.items():
        for level in levels:
            path = level.path(output_format="list")
            t1, t2 = _value(level.t1), _value(level.t2)
            head = path[0]
            if head == "members" and len(path) == 3:
                deltas.extend(_member_delta(path[1], path[2], t1, t2))
            elif head in CONSTRAINTS:  # an enum too, where a plain string became one (or back)
                constraint_old[head], constraint_new[head] = t1, t2
            elif head == "deprecated":
                deltas.append(Delta("deprecated", old=bool(t1), new=bool(t2)))
            elif head == "documentation":
                deltas.append(Delta("documentation", old=t1 or "", new=t2 or ""))
    if enum_added:
        deltas.append(Delta("enum-added", new=tuple(sorted(enum_added))))
    if enum_removed:
        deltas.append(Delta("enum-removed", old=tuple(sorted(enum_removed))))
    deltas.extend(_constraint_deltas(constraint_old, constraint_new, length=after["type"] in _SIZED))
    return sorted(deltas, key=lambda d: (d.member or "", d.kind))


def _differing(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two facts without what they share: the keys and members equal on both sides.

    Deepdiff reports nothing for an equal part, but walking it costs as much as walking a
    changed one (a structure of 80 members with one changed: 80 walks). Dropping the
    equal parts first leaves deepdiff the differences alone, and what it reports is the
    same, path for path. Equal means equal to deepdiff: of one type too (``1`` and
    ``1.0`` are a type change to it).
    """
    old_rest = {k: v for k, v in before.items() if k not in after or not _same(v, after[k])}
    new_rest = {k: v for k, v in after.items() if k not in before or not _same(v, before[k])}
    old_enum, new_enum = old_rest.get("enum"), new_rest.get("enum")
    if isinstance(old_enum, frozenset) and isinstance(new_enum, frozenset):
        # deepdiff hashes every item of a set: the values both sides hold cost the most
        old_rest["enum"], new_rest["enum"] = old_enum - new_enum, new_enum - old_enum
    old_members, new_members = old_rest.get("members"), new_rest.get("members")
    if isinstance(old_members, dict) and isinstance(new_members, dict):
        shared = {n for n, facts in old_members.items() if n in new_members and _same(facts, new_members[n])}
        if shared:
            old_rest["members"] = {n: f for n, f in old_members.items() if n not in shared}
            new_rest["members"] = {n: f for n, f in new_members.items() if n not in shared}
    return old_rest, new_rest


def _whole_parts(old_rest: dict[str, Any], new_rest: dict[str, Any], deltas: list[Delta]) -> tuple[set[str], set[str]]:
    """Take out of two differing facts what set algebra tells: members only one side holds
    (``member-added``/``-removed``, into ``deltas``), enum values only one side allows
    (returned: added, removed), and the shapes members and elements point at (the walk
    compares those). Deepdiff is left the facts of the members both sides hold, the
    constraints and the flags, where its key-by-key report is what the rules read.

    Deepdiff would report each member and value as an item of its own, at about 0.1 ms
    apiece: far-apart releases add tens of thousands of them, and that was most of the
    comparison's time. Keys left with nothing to compare are dropped from both sides.
    """
    added: set[str] = set()
    removed: set[str] = set()
    old_enum, new_enum = old_rest.get("enum"), new_rest.get("enum")
    if isinstance(old_enum, frozenset) and isinstance(new_enum, frozenset):
        added, removed = set(new_enum - old_enum), set(old_enum - new_enum)
        del old_rest["enum"], new_rest["enum"]
    for key in ("member", "key", "value"):
        old_rest.pop(key, None)
        new_rest.pop(key, None)
    old_members, new_members = old_rest.get("members"), new_rest.get("members")
    if isinstance(old_members, dict) and isinstance(new_members, dict):
        for name in new_members.keys() - old_members.keys():
            deltas.append(Delta("member-added", member=name, new=new_members[name]["required"]))
        for name in old_members.keys() - new_members.keys():
            deltas.append(Delta("member-removed", member=name, old=old_members[name]["required"]))
        old_shared: dict[str, Any] = {}
        new_shared: dict[str, Any] = {}
        for name in old_members.keys() & new_members.keys():
            was = {k: v for k, v in old_members[name].items() if k != "shape"}
            now = {k: v for k, v in new_members[name].items() if k != "shape"}
            if not _same(was, now):
                old_shared[name], new_shared[name] = was, now
        if old_shared:
            old_rest["members"], new_rest["members"] = old_shared, new_shared
        else:
            del old_rest["members"], new_rest["members"]
    return added, removed


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b) or a != b:
        return False  # unequal to Python is unequal to deepdiff: one comparison in C
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _not_present() -> type:
    from deepdiff.helper import NotPresent

    return NotPresent


def _value(value: Any) -> Any:
    return None if isinstance(value, _not_present()) else value


def _member_delta(member: str, field: str, old: Any, new: Any) -> list[Delta]:
    if field == "required":
        return [Delta("member-required", member=member, old=bool(old), new=bool(new))]
    if field == "deprecated":
        return [Delta("member-deprecated", member=member, old=bool(old), new=bool(new))]
    if field == "documentation":
        return [Delta("member-documentation", member=member, old=old or "", new=new or "")]
    return []  # "shape": the member points elsewhere; the walk compares the two targets


# For these types min/max bound a length, so a missing min and a min of 0 say the same.
_SIZED = frozenset({"string", "blob", "list", "map"})


def _constraint_deltas(old: dict[str, Any], new: dict[str, Any], *, length: bool) -> list[Delta]:
    tightened_old: dict[str, Any] = {}
    tightened_new: dict[str, Any] = {}
    loosened_old: dict[str, Any] = {}
    loosened_new: dict[str, Any] = {}
    for name in sorted(old):
        before, after = old[name], new[name]
        if name == "min" and length and (before or 0) == (after or 0):
            continue
        if name == "enum":  # a plain string became an enum (or back): name the values allowed
            before = sorted(before) if before is not None else None
            after = sorted(after) if after is not None else None
        if _tightens(name, before, after):
            tightened_old[name], tightened_new[name] = before, after
        else:
            loosened_old[name], loosened_new[name] = before, after
    deltas = []
    if tightened_new or tightened_old:
        deltas.append(Delta("constraint-tightened", old=tightened_old, new=tightened_new))
    if loosened_new or loosened_old:
        deltas.append(Delta("constraint-loosened", old=loosened_old, new=loosened_new))
    return deltas


def _tightens(name: str, old: Any, new: Any) -> bool:
    """True when ``new`` admits fewer values than ``old`` (an unknown order counts as tighter)."""
    if new is None:
        return False
    if old is None:
        return True
    if name == "min":
        return new > old
    if name == "max":
        return new < old
    if name == "pattern" and _unanchored(old) == _unanchored(new):
        # Smithy patterns are searched, not matched whole: an anchor more admits fewer
        # values, an anchor fewer admits more (botocore 1.35.1 dropped them in bulk).
        return _anchors(new) > _anchors(old)
    return True  # any other new pattern: two regular expressions cannot be ordered, assume the worst


def _anchors(pattern: str) -> int:
    return int(pattern.startswith("^")) + int(pattern.endswith("$") and not pattern.endswith("\\$"))


def _unanchored(pattern: str) -> str:
    if pattern.startswith("^"):
        pattern = pattern[1:]
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1]
    return pattern
