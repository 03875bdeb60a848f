"""The rules: what deepdiff finds between two versions of a shape, and what each finding means.

Two steps, kept apart so that each rule is small and separately testable (the griffe way):

1. :func:`shape_deltas` normalises the two versions of one shape to plain dicts and lets
   deepdiff say what differs; every difference becomes a :class:`Delta` (a raw fact about
   the shape, with no notion of operation or direction).
2. One rule function per kind of delta turns it into a :class:`~specdiff.compare.changes.Change`
   at a :class:`Site` (the operation, direction and path where the shape is reached). The
   severity is decided there, because it depends on the direction.

Severities follow CONTRACT.md, with these choices argued in the rules' docstrings:
type changes between ``integer`` and ``long`` or ``float`` and ``double`` are warnings (the
same Python type); member-became-required in a response and member-became-optional in a
request are info; constraints are tightened or loosened per constraint, a changed pattern
counts as tightened (two regular expressions cannot be ordered) unless only its ``^``/``$``
anchors moved (patterns are searched: dropping an anchor loosens), and a plain string that
becomes an enum is a tightened constraint (a removed enum a loosened one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from specdiff.compare.changes import Change, Direction, Rule, Severity, message_place
from specdiff.model import Shape

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
]

CONSTRAINTS = ("min", "max", "pattern", "enum")


@dataclass(frozen=True)
class Delta:
    """One difference between two versions of a shape.

    ``member`` names the structure member it concerns (``None`` for the shape itself);
    ``old``/``new`` carry the values on each side: a type name, a flag, the added or
    removed enum values (sorted tuples), or for constraints a dict of the constraints
    that moved (``{"min": 1}`` -> ``{"min": 5}``). ``target`` is the type of the member's
    shape for member-added/removed, for the message.
    """

    kind: DeltaKind
    member: str | None = None
    old: Any = None
    new: Any = None
    target: str = ""


@dataclass(frozen=True)
class Site:
    """Where a shape is reached: the operation, the direction and the path to the shape."""

    service: str
    operation: str
    direction: Direction
    path: str
    shape: str | None  # None where no model shape is known (a page's own changes)


# ----------------------------------------------------------------------------- deltas


def normalise(shape: Shape | None, *, docs: bool) -> dict[str, Any]:
    """The facts of a shape as plain data, the form deepdiff compares.

    The shape's own name is left out (a member may point at a renamed shape with the
    same meaning); member target names stay in, so that the walk knows where to look
    further. Documentation is dropped unless asked for.
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


def shape_deltas(old: Shape | None, new: Shape | None, *, docs: bool = False) -> list[Delta]:
    """What differs between two versions of a shape (``None``: an empty structure).

    A changed type is the only delta reported for a shape whose type changed: nothing
    else about it can be compared.
    """
    before, after = normalise(old, docs=docs), normalise(new, docs=docs)
    if before == after:
        return []
    if before["type"] != after["type"]:
        return [Delta("type", old=before["type"], new=after["type"])]
    # threshold_to_diff_deeper=0: always report key by key, never "the whole dict changed".
    from deepdiff import DeepDiff  # here: a command that diffs no shape does not import it

    tree = DeepDiff(*_differing(before, after), view="tree", threshold_to_diff_deeper=0)
    deltas: list[Delta] = []
    enum_added: set[str] = set()
    enum_removed: set[str] = set()
    constraint_old: dict[str, Any] = {}
    constraint_new: dict[str, Any] = {}
    for report, levels in tree.items():
        for level in levels:
            path = level.path(output_format="list")
            t1, t2 = _value(level.t1), _value(level.t2)
            head = path[0]
            if head == "members" and len(path) == 2:  # a whole member came or went
                if report == "dictionary_item_added":
                    deltas.append(Delta("member-added", member=path[1], new=t2["required"]))
                else:
                    deltas.append(Delta("member-removed", member=path[1], old=t1["required"]))
            elif head == "members" and len(path) == 3:
                deltas.extend(_member_delta(path[1], path[2], t1, t2))
            elif head == "enum" and report in ("set_item_added", "set_item_removed"):
                (enum_added if report == "set_item_added" else enum_removed).add(t2 if t2 is not None else t1)
            elif head in CONSTRAINTS:
                constraint_old[head], constraint_new[head] = t1, t2
            elif head == "deprecated":
                deltas.append(Delta("deprecated", old=bool(t1), new=bool(t2)))
            elif head == "documentation":
                deltas.append(Delta("documentation", old=t1 or "", new=t2 or ""))
            # "member"/"key"/"value" name the element shapes: the walk compares those.
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


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _value(value: Any) -> Any:
    from deepdiff.helper import NotPresent

    return None if isinstance(value, NotPresent) else value


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
        if name == "enum":  # a plain string became an enum, or the other way round
            before = "enum" if before is not None else None
            after = "enum" if after is not None else None
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


# ------------------------------------------------------------------------------ rules

RuleFunction = Callable[[Delta, Site], Change | None]
RULES: dict[str, RuleFunction] = {}


def rule(kind: DeltaKind) -> Callable[[RuleFunction], RuleFunction]:
    """Register the rule that classifies one kind of delta."""

    def register(function: RuleFunction) -> RuleFunction:
        RULES[kind] = function
        return function

    return register


def classify(delta: Delta, site: Site, *, docs: bool = False) -> Change | None:
    """The change a delta makes at a site, or ``None`` when it does not matter there."""
    if delta.kind in ("documentation", "member-documentation") and not docs:
        return None
    return RULES[delta.kind](delta, site)


def member_path(path: str, member: str | None) -> str:
    """``path`` extended by a structure member, in CONTRACT.md's notation."""
    if member is None:
        return path
    return f"{path}.{member}" if path else member


def _change(rule_id: Rule, severity: Severity, delta: Delta, site: Site, what: str, **fields: Any) -> Change:
    path = member_path(site.path, delta.member)
    where = message_place(site.direction, path)
    extra = {"member": delta.member} if delta.member is not None else {}
    return Change(
        rule=rule_id,
        severity=severity,
        service=site.service,
        operation=site.operation,
        direction=site.direction,
        path=path,
        message=f"{where}: {what}",
        shape=site.shape or None,
        extra=extra,
        **fields,
    )


@rule("member-added")
def member_added(delta: Delta, site: Site) -> Change:
    """A new member: breaking only when a request must now send it."""
    required = bool(delta.new)
    breaking = required and site.direction == "request"
    what = f"member added ({delta.target or 'unknown type'}{', required' if required else ''})"
    return _change(Rule.MEMBER_ADDED, Severity.BREAKING if breaking else Severity.INFO, delta, site, what)


@rule("member-removed")
def member_removed(delta: Delta, site: Site) -> Change:
    """A member gone: a request that sends it fails validation, code that reads it breaks."""
    what = f"member removed ({delta.target or 'unknown type'})"
    return _change(Rule.MEMBER_REMOVED, Severity.BREAKING, delta, site, what)


@rule("member-required")
def member_required(delta: Delta, site: Site) -> Change:
    """Requiredness moved.

    Became required: breaking in a request (callers that omit it fail), info in a
    response (a stronger promise). Became optional: a warning in a response (readers
    that assumed it must check), info in a request (callers may now omit it).
    """
    if delta.new:
        severity = Severity.BREAKING if site.direction == "request" else Severity.INFO
        return _change(Rule.MEMBER_BECAME_REQUIRED, severity, delta, site, "member became required")
    severity = Severity.WARNING if site.direction == "response" else Severity.INFO
    return _change(Rule.MEMBER_BECAME_OPTIONAL, severity, delta, site, "member became optional")


@rule("member-deprecated")
def member_deprecated(delta: Delta, site: Site) -> Change | None:
    """A member marked deprecated (a member no longer deprecated is not worth a finding)."""
    if not delta.new:
        return None
    return _change(Rule.MEMBER_DEPRECATED, Severity.WARNING, delta, site, "member deprecated")


@rule("deprecated")
def shape_deprecated(delta: Delta, site: Site) -> Change | None:
    """A shape marked deprecated is reported as its use deprecated wherever it is reached."""
    if not delta.new:
        return None
    return _change(Rule.MEMBER_DEPRECATED, Severity.WARNING, delta, site, f"shape {site.shape} deprecated")


# Types that Python (and so boto3 and its stubs) cannot tell apart: only the range moves.
_SAME_PYTHON_TYPE = {frozenset({"integer", "long"}), frozenset({"float", "double"})}


@rule("type")
def type_changed(delta: Delta, site: Site) -> Change:
    """A different type: breaking, except integer <-> long and float <-> double (a warning:
    the same Python type, only the range differs)."""
    same = frozenset({delta.old, delta.new}) in _SAME_PYTHON_TYPE
    severity = Severity.WARNING if same else Severity.BREAKING
    what = f"type changed from {delta.old} to {delta.new}"
    return _change(Rule.TYPE_CHANGED, severity, delta, site, what, old=delta.old, new=delta.new)


@rule("enum-added")
def enum_value_added(delta: Delta, site: Site) -> Change:
    """New enum values: info in a request, a warning in a response (exhaustive matches)."""
    values = delta.new
    severity = Severity.WARNING if site.direction == "response" else Severity.INFO
    what = f"{_count(values, 'enum value')} added"
    return _change(Rule.ENUM_VALUE_ADDED, severity, delta, site, what, added=values, removed=())


@rule("enum-removed")
def enum_value_removed(delta: Delta, site: Site) -> Change:
    """Enum values gone: breaking in a request (callers sending them), info in a response."""
    values = delta.old
    severity = Severity.BREAKING if site.direction == "request" else Severity.INFO
    what = f"{_count(values, 'enum value')} removed"
    return _change(Rule.ENUM_VALUE_REMOVED, severity, delta, site, what, added=(), removed=values)


@rule("constraint-tightened")
def constraint_tightened(delta: Delta, site: Site) -> Change:
    """Fewer values accepted: a warning in a request (the service may reject what it took
    before; botocore checks only some constraints itself), info in a response."""
    severity = Severity.WARNING if site.direction == "request" else Severity.INFO
    what = f"constraint tightened ({_moves(delta)})"
    return _change(Rule.CONSTRAINT_TIGHTENED, severity, delta, site, what, old=delta.old, new=delta.new)


@rule("constraint-loosened")
def constraint_loosened(delta: Delta, site: Site) -> Change:
    """More values accepted: info either way (a response's wider range rarely matters to a
    client that does not validate it; an enum that disappears is such a case)."""
    what = f"constraint loosened ({_moves(delta)})"
    return _change(Rule.CONSTRAINT_LOOSENED, Severity.INFO, delta, site, what, old=delta.old, new=delta.new)


@rule("documentation")
def shape_documentation(delta: Delta, site: Site) -> Change:
    """Documentation of the shape itself changed: info, shown only with ``--docs``."""
    return _change(Rule.DOCUMENTATION_CHANGED, Severity.INFO, delta, site, "documentation changed")


@rule("member-documentation")
def member_documentation(delta: Delta, site: Site) -> Change:
    """Documentation of a member changed: info, shown only with ``--docs``."""
    return _change(Rule.DOCUMENTATION_CHANGED, Severity.INFO, delta, site, "documentation changed")


def _count(values: tuple[str, ...], noun: str) -> str:
    return f"{len(values)} {noun}{'' if len(values) == 1 else 's'}"


def _moves(delta: Delta) -> str:
    names = sorted(set(delta.old) | set(delta.new))
    return ", ".join(f"{name} {delta.old.get(name)!r} -> {delta.new.get(name)!r}" for name in names)
