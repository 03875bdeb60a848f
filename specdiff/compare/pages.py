"""Comparisons in which a side is a changelog page.

A page shows additions only (FORMAT.md): its deltas name added enum values and members,
and its syntax literals show the whole new enum lists that survived the crawl. So:

- a page on its own gives the changes its deltas show;
- a model against a page (``specdiff OLD_MODEL PAGE``) reads the page's deltas along the
  old model, and completes each cut-short enum delta from the page's own syntax where
  the whole new list is shown; what it cannot complete it reports as incomplete;
- two pages, or a page against a model, compare what both sides show of the methods
  both describe, and name the methods only one side describes.

Every comparison with a page says which kinds of change it could not observe.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from specdiff.compare.changes import Change, Comparison, Rule, Severity, message_place
from specdiff.compare.rules import Delta, Site, classify, member_path
from specdiff.compare.selection import input_info, is_page_spec, name_matches
from specdiff.compare.pagetypes import shown_type_changes, sketch_matches
from specdiff.compare.sitedelta import page_writes_alike
from specdiff.errors import UsageError
from specdiff.model import Service, Shape, Spec
from specdiff.pages.ast import DeltaMap, EnumAdded, Method, Sketch, describe_sketch

#: what one page shows on its own: its deltas, which are additions only (FORMAT.md)
PAGE_ALONE_OBSERVES = frozenset({Rule.OPERATION_ADDED, Rule.MEMBER_ADDED, Rule.ENUM_VALUE_ADDED})
#: ... and read along the previous model: a member's type the page shows (its syntax, its
#: bullets, a sketch) against the model's, and an enum's whole new list in its syntax
PAGE_WITH_MODEL_OBSERVES = PAGE_ALONE_OBSERVES | {Rule.TYPE_CHANGED, Rule.ENUM_VALUE_REMOVED}
#: two pages, or a page and a model, compared on what both show
PAGES_SHOWN_OBSERVES = PAGE_WITH_MODEL_OBSERVES | {Rule.MEMBER_REMOVED}


def unobservable(observed: frozenset[Rule]) -> tuple[str, ...]:
    """Every rule but those observed, in the rules' order: a rule added to :class:`Rule`
    is one a page cannot see until a page comparison is taught to see it."""
    return tuple(rule.value for rule in Rule if rule not in observed)


#: what a page alone cannot show (removals, requiredness, constraints, deprecation, ...)
PAGE_UNOBSERVABLE: tuple[str, ...] = unobservable(PAGE_ALONE_OBSERVES)


def compare_with_pages(
    old: Spec,
    new: Spec,
    *,
    docs: bool = False,
    services: Sequence[str] | None = None,
    operations: Sequence[str] | None = None,
) -> Comparison:
    """Compare two specs at least one of which was read from a changelog page."""
    before, after = _pair(old, new)
    along_model = is_page_spec(new) and not is_page_spec(old)
    hidden = unobservable(PAGE_WITH_MODEL_OBSERVES if along_model else PAGES_SHOWN_OBSERVES)
    if services and not name_matches(after.name, services):
        return Comparison(old=input_info(old), new=input_info(new), changes=(), unobservable=hidden)
    keep = (lambda name: name_matches(name, operations)) if operations else (lambda name: True)
    notes: list[str] = []
    only_old: list[str] = []
    only_new: list[str] = []
    if along_model:
        assert new.page is not None
        changes = list(_deltas_along_model(before, after, new.page.methods, keep, notes))
        if new.page.lossy:
            # a page that lost lines may show a member under the wrong section or parent
            notes.append("the page lost lines: the member types its syntax and bullets show were not compared")
        else:
            changes.extend(shown_type_changes(before, after, new.page.methods, keep, {c.fingerprint for c in changes}))
    else:
        changes = []
        for name in sorted(set(before.operations) | set(after.operations)):
            if not keep(name):
                continue
            if name not in after.operations:
                if is_page_spec(new):
                    only_old.append(f"{after.name}.{name}")
                continue
            if name not in before.operations:
                if is_page_spec(old):
                    only_new.append(f"{after.name}.{name}")
                else:
                    changes.append(_operation_added(after.name, name))
                continue
            changes.extend(_shown_differences(before, after, name, notes))
    changes.sort(key=lambda c: (c.sort_key, c.message))
    return Comparison(
        old=input_info(old),
        new=input_info(new),
        changes=tuple(changes),
        unobservable=hidden,
        only_old=tuple(only_old),
        only_new=tuple(only_new),
        incomplete=tuple(notes),
    )


def changes_on_page(page_spec: Spec) -> Comparison:
    """What one page says on its own: the changes its deltas show."""
    (service,) = page_spec.services.values()
    assert page_spec.page is not None
    notes: list[str] = []
    changes = sorted(
        _deltas_along_model(None, service, page_spec.page.methods, lambda name: True, notes),
        key=lambda c: (c.sort_key, c.message),
    )
    info = input_info(page_spec)
    return Comparison(
        old=replace(info, kind="page-baseline", source=f"{page_spec.source} (the release before)"),
        new=info,
        changes=tuple(changes),
        unobservable=PAGE_UNOBSERVABLE,
        incomplete=tuple(notes),
    )


def _pair(old: Spec, new: Spec) -> tuple[Service, Service]:
    """The one service each side describes; a catalog side gives the page's service."""
    page_side = new if is_page_spec(new) else old
    (wanted,) = page_side.services.values()

    def pick(spec: Spec) -> Service:
        if len(spec.services) == 1:
            (service,) = spec.services.values()
            return service
        for service in spec.services.values():
            if service.name == wanted.name or service.title == wanted.title:
                return service
        raise UsageError(f"{spec.source} holds no service {wanted.name!r} ({wanted.title}) to compare the page with")

    before, after = pick(old), pick(new)
    if not _same_service(before, after):
        raise UsageError(
            f"{old.source} describes {before.name!r} ({before.title}) but {new.source} describes "
            f"{after.name!r} ({after.title}): compare two versions of one service"
        )
    if before.name != after.name:  # a page names the service only loosely: use the model's name
        name = before.name if not before.partial else after.name
        before, after = replace(before, name=name), replace(after, name=name)
    return before, after


def _same_service(a: Service, b: Service) -> bool:
    return a.name == b.name or (bool(a.title) and a.title == b.title)


def _operation_added(service: str, operation: str) -> Change:
    return Change(
        rule=Rule.OPERATION_ADDED,
        severity=Severity.INFO,
        service=service,
        operation=operation,
        direction=None,
        path="",
        message=f"operation {operation} added",
        source="page",
    )


# ---------------------------------------------------------------------------- deltas


def _deltas_along_model(
    base: Service | None, page: Service, methods: Sequence[Method], keep, notes: list[str]
) -> Iterator[Change]:
    """The page's deltas as changes; ``base`` (the old model) resolves paths and completes
    cut-short enum deltas. Without a base the page's own shapes resolve paths."""
    resolver = base or page
    for method in methods:
        if not keep(method.name):
            continue
        in_base = base is not None and method.name in base.operations
        for lost in method.lost:
            notes.append(f"{method.name}: the page's {lost.section} at line {lost.line}:{lost.column} could not be read ({lost.reason})")
        if method.status == "new" and not in_base:
            yield _operation_added(page.name, method.name)
            continue
        if method.changes is None:
            if method.status != "updated":
                continue
            direction = _headless_direction(base, method) if method.headless is not None else None
            if direction is None:
                notes.append(f"{method.name}: the page lost this method's delta (its Changes block is gone)")
                continue
            notes.append(
                f"{method.name}: the page lost this method's Changes line; its delta is the {direction}'s "
                "(the old model has its members on that side only), cut short, and any other direction's is lost"
            )
            assert base is not None and method.headless is not None
            known = base.operations[method.name]
            root = known.input if direction == "request" else known.output
            walk = _DeltaWalk(base, page, method.name, direction, notes, completing=True)
            for change in walk.dict(method.headless, base.shapes.get(root or ""), f"{method.name}{_suffix(direction)}", ""):
                yield replace(change, partial=True)
            continue
        if method.changes.missing:
            notes.append(f"{method.name}: the page lost this method's delta ({method.changes.header})")
        operation = resolver.operations.get(method.name)
        if base is not None and operation is None:
            notes.append(f"{method.name}: the page updates a method the old model does not have")
            operation = page.operations.get(method.name)
            resolver_here = page
        else:
            resolver_here = resolver
        for direction in ("request", "response"):
            delta = getattr(method.changes, direction)
            if delta is None or operation is None:
                continue
            root = operation.input if direction == "request" else operation.output
            walk = _DeltaWalk(resolver_here, page, method.name, direction, notes, completing=base is not None)
            yield from walk.dict(delta, resolver_here.shapes.get(root or ""), f"{method.name}{_suffix(direction)}", "")


def _headless_direction(base: Service | None, method: Method) -> str | None:
    """The direction a delta that lost its Changes line belongs to, when the old model
    says: every member it shows as changed (not added) is in the old input only, or in
    the old output only. Added members prove nothing (they are in neither), nor does a
    member of both sides (the header may have been 'both')."""
    if base is None or method.headless is None or method.name not in base.operations:
        return None
    operation = base.operations[method.name]
    sides = {}
    for direction, root in (("request", operation.input), ("response", operation.output)):
        shape = base.shapes.get(root or "")
        sides[direction] = {m.name for m in shape.members} if shape is not None and shape.type == "structure" else set()
    changed = [name for name, value in method.headless.entries if not isinstance(value, Sketch)]
    if not changed:
        return None
    found = {d for d in sides if all(name in sides[d] for name in changed)}
    if len(found) != 1:
        return None
    (direction,) = found
    other = "response" if direction == "request" else "request"
    if any(name in sides[other] for name, _ in method.headless.entries):
        return None
    return direction


def _suffix(direction: str) -> str:
    return "Request" if direction == "request" else "Response"


class _DeltaWalk:
    """Walks one direction's delta along the resolving service's shapes."""

    def __init__(
        self, resolver: Service, page: Service, operation: str, direction: str, notes: list[str], *, completing: bool
    ) -> None:
        self.resolver = resolver
        self.page = page
        self.operation = operation
        self.direction = direction
        self.notes = notes
        self.completing = completing
        #: the members a page alone reads as changed along the way, any of which may have
        #: been added whole (a dict of sketches reads both ways)
        self.outer: list[str] = []

    def site(self, path: str, shape: Shape | None) -> Site:
        shape_name = shape.name if shape is not None and self.completing else None
        return Site(self.page.name, self.operation, self.direction, path, shape_name)  # type: ignore[arg-type]

    def transparent(self, shape: Shape | None, path: str) -> tuple[Shape | None, str]:
        """Lists and maps are transparent in a delta: step to the element or value."""
        seen = 0
        while shape is not None and shape.type in ("list", "map") and seen < 16:
            step = shape.member if shape.type == "list" else shape.value
            path += "[]" if shape.type == "list" else "{}"
            shape = self.resolver.shapes.get(step or "")
            seen += 1
        return shape, path

    def dict(
        self, delta: DeltaMap, shape: Shape | None, page_shape: str, path: str, *, either: bool = False
    ) -> Iterator[Change]:
        """``either``: the dict may also be the sketch of a member added whole."""
        if shape is None and not self.completing:
            self.unplaced(path)
            return
        shape, path = self.transparent(shape, path)
        if either:
            self.outer.append(path)
        try:
            yield from self._entries(delta, shape, page_shape, path)
        finally:
            if either:
                self.outer.pop()

    def _entries(self, delta: DeltaMap, shape: Shape | None, page_shape: str, path: str) -> Iterator[Change]:
        page_shape = self.page_transparent(page_shape)
        for name, value in delta.entries:
            member = shape.member_named(name) if shape is not None and shape.type == "structure" else None
            target = self.resolver.shapes.get(member.shape) if member else None
            here = member_path(path, name)
            child_page_shape = f"{page_shape}.{name}"
            if isinstance(value, EnumAdded):
                yield from self.enum(value, target, child_page_shape, here)
            elif isinstance(value, Sketch):
                change = self.sketch(name, value, shape, member, target, path)
                if change is not None:
                    yield change
            elif member is None and self.completing:
                change = self.sketch(name, value.as_sketch(), shape, None, None, path)
                if change is not None:
                    yield change
            else:
                either = not self.completing and value.ambiguous
                yield from self.dict(value, target, child_page_shape, here, either=either)
        if delta.cut_here:
            where = message_place(self.direction, path)
            self.notes.append(f"{self.operation}: {where}: the page's delta is cut short; members below it may be missing")

    def unplaced(self, path: str) -> None:
        """A page alone that does not show the shape a delta stands in: whether a list or a
        map stands between is unknown, so no path below it can be said."""
        where = message_place(self.direction, path) if path else self.direction
        self.notes.append(f"{self.operation}: {where}: the page does not show this shape; the delta below it is not reported")

    def page_transparent(self, name: str) -> str:
        shape = self.page.shapes.get(name)
        seen = 0
        while shape is not None and shape.type in ("list", "map") and seen < 16:
            name = (shape.member if shape.type == "list" else shape.value) or name
            shape = self.page.shapes.get(name)
            seen += 1
        return name

    def enum(self, value: EnumAdded, target: Shape | None, page_shape: str, path: str) -> Iterator[Change]:
        if target is None and not self.completing:
            self.unplaced(path)
            return
        target, path = self.transparent(target, path)
        shown = self.page.shapes.get(self.page_transparent(page_shape))
        added, partial = value.values, value.partial
        removed: tuple[str, ...] = ()
        if self.completing and target is not None and target.enum is not None and shown is not None and shown.enum:
            added = tuple(sorted(set(shown.enum) - set(target.enum)))
            removed = tuple(sorted(set(target.enum) - set(shown.enum)))
            partial = False
            if not set(value.values) <= set(added):
                self.notes.append(f"{self.operation}: {self.direction} {path}: the page's delta and its syntax disagree")
        elif value.partial:
            why = "no previous model to complete it from" if not self.completing else "the page does not show the whole new list"
            self.notes.append(
                f"{self.operation}: {self.direction} {path}: enum delta cut short "
                f"({len(value.values)} value(s) shown; {why})"
            )
        site = self.site(path, target)
        if added:
            change = classify(Delta("enum-added", new=added), site)
            if change is not None:
                yield replace(change, partial=partial, source="page")
        if removed:
            change = classify(Delta("enum-removed", old=removed), site)
            if change is not None:
                yield replace(change, source="page")

    def sketch(
        self, name: str, sketch: Sketch, shape: Shape | None, member, target: Shape | None, path: str
    ) -> Change | None:
        site = self.site(path, shape)
        described = describe_sketch(sketch)
        if self.completing and member is not None and target is not None:
            # the old model has the member: the sketch is its type now, a change only if
            # the page writes it otherwise than the model's type
            if sketch_matches(sketch, target):
                return None
            old_type = target.type if not target.enum else "enum"
            change = classify(Delta("type", member=name, old=old_type, new=described), site)
            assert change is not None
            return replace(change, source="page", partial=sketch.partial)
        required = self._required_on_page(path, name)
        delta = Delta("member-added", member=name, new=required, target=described)
        change = classify(delta, site)
        assert change is not None
        if not self.completing and self.outer:
            # a dict of sketches is a changed member's added members or a member added whole
            which = " or ".join(self.outer)
            change = replace(change, message=change.message + f" (or {which} was added with it: a page alone cannot tell)")
            if required and not all(self._outer_required(outer) for outer in self.outer):
                # inside an optional member added whole a required member breaks nothing:
                # it may break, and the page alone cannot say, so it warns
                change = replace(change, severity=Severity.WARNING)
        elif not self.completing and sketch.kind == "structure":
            # the site prints a structure's sketch for a member that became one, too
            change = replace(change, message=change.message + " (or it became a structure: a page alone cannot tell)")
        return replace(change, source="page", partial=sketch.partial)

    def _outer_required(self, outer: str) -> bool:
        bare = outer
        while bare.endswith(("[]", "{}")):
            bare = bare[:-2]
        parent, _, name = bare.rpartition(".")
        return self._required_on_page(parent, name)

    def _required_on_page(self, path: str, name: str) -> bool:
        if self.direction != "request":
            return False
        shape = self.page.shapes.get(f"{self.operation}Request")
        for step in [s for s in path.replace("[]", "").replace("{}", "").split(".") if s]:
            member = shape.member_named(step) if shape else None
            shape = self.page.shapes.get(self.page_transparent(member.shape)) if member else None
        member = shape.member_named(name) if shape else None
        return bool(member and member.required)


# ---------------------------------------------------------------------------- shown differences


def _shown_differences(before: Service, after: Service, operation: str, notes: list[str]) -> Iterator[Change]:
    """Differences of one operation that both sides show: a partial side proves nothing
    about what it does not show, so absence on a partial shape is not a removal."""
    old_op, new_op = before.operations[operation], after.operations[operation]
    for direction, old_root, new_root in (
        ("request", old_op.input, new_op.input),
        ("response", old_op.output, new_op.output),
    ):
        if not old_root or not new_root:
            continue
        yield from _walk(before, after, operation, direction, old_root, new_root, "", set(), notes)


def _walk(
    before: Service, after: Service, operation: str, direction: str,
    old_name: str, new_name: str, path: str, seen: set[tuple[str, str]], notes: list[str],
) -> Iterator[Change]:
    if (old_name, new_name) in seen or len(seen) > 2000:
        return
    seen = seen | {(old_name, new_name)}
    old, new = before.shapes.get(old_name), after.shapes.get(new_name)
    if old is None or new is None:
        return
    site = Site(after.name, operation, direction, path, None if after.partial else new.name)  # type: ignore[arg-type]
    if "unknown" not in (old.type, new.type) and not page_writes_alike(old.type, new.type):
        change = classify(Delta("type", old=old.type, new=new.type), site)
        if change is not None:
            yield replace(change, source="page")
        return
    if old.enum is not None and new.enum is not None:
        added = tuple(sorted(set(new.enum) - set(old.enum)))
        removed = tuple(sorted(set(old.enum) - set(new.enum)))
        for delta in (Delta("enum-added", new=added), Delta("enum-removed", old=removed)):
            if delta.new or delta.old:
                change = classify(delta, site)
                if change is not None:
                    yield replace(change, source="page")
    if new.type == "structure" and old.type == "structure":
        old_members, new_members = old.members_by_name(), new.members_by_name()
        for member in new.members:
            prior = old_members.get(member.name)
            if prior is None:
                if old.partial:
                    notes.append(f"{operation}: {direction} {member_path(path, member.name)}: shown only by the new side")
                    continue
                change = classify(Delta("member-added", member=member.name, new=member.required, target=_type_of(after, member.shape)), site)
                if change is not None:
                    yield replace(change, source="page")
                continue
            yield from _walk(before, after, operation, direction, prior.shape, member.shape, member_path(path, member.name), seen, notes)
        for member in old.members:
            if member.name not in new_members and not new.partial:
                change = classify(Delta("member-removed", member=member.name, target=_type_of(before, member.shape)), site)
                if change is not None:
                    yield replace(change, source="page")
    elif new.type == "list" and old.type == "list" and old.member and new.member:
        yield from _walk(before, after, operation, direction, old.member, new.member, path + "[]", seen, notes)
    elif new.type == "map" and old.type == "map" and old.value and new.value:
        yield from _walk(before, after, operation, direction, old.value, new.value, path + "{}", seen, notes)


def _type_of(service: Service, shape_name: str) -> str:
    shape = service.shapes.get(shape_name)
    return shape.type if shape else "unknown"
