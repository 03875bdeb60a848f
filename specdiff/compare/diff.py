"""The comparison of two specs: which operations and shapes changed, and what that means.

Deepdiff is pointed only at what can differ. Whole models are never diffed:

1. the changed shapes are found by their raw JSON first (:func:`~specdiff.loaders.shapes.differing`:
   only shapes whose JSON differs are built), then by plain equality of the frozen
   :class:`Shape` objects;
2. the shapes that can reach a changed one are found by walking the reference graph
   backwards (one side's, read from the raw JSON; recursion-safe, each shape visited once);
3. each operation's input and output are walked only through those shapes, carrying the
   member path, and each pair of shape versions met on the way is compared once by
   :func:`specdiff.compare.rules.shape_deltas` (set algebra for members and enum values,
   deepdiff for what is left of the two normalised shapes);
4. the rules turn each delta into a change at every path that reaches it.

Two catalogs are compared service by service, in up to ``jobs`` processes
(:func:`_shares`, :func:`~specdiff.workers.run_forked`), with the same result for any.

Services are paired by name. Two single-service inputs must describe the same service.
A service that only one catalog holds is one ``service-added`` or ``service-removed``
change, not one change per operation: a new service is one fact for a reader, and its
operations are all new by definition.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterator, Mapping, Sequence

from specdiff.compare import operations as whole_rules
from specdiff.compare import wire
from specdiff.compare.changes import Change, Comparison
from specdiff.compare.rules import Delta, Site, classify, member_path, shape_deltas
from specdiff.compare.selection import input_info, is_page_spec, name_matches, operation_kept
from specdiff.errors import InputError, SpecdiffError, UsageError
from specdiff.loaders import collector_paused
from specdiff.loaders.catalog import CatalogServices, unchanged
from specdiff.loaders.shapes import ModelShapes, differing, differing_operations, operation_roots, peek, referrers, shape_kind
from specdiff.loaders.validate import MAX_SHAPE_DEPTH
from specdiff.model import Member, Operation, Service, Shape, Spec
from specdiff.workers import can_fork, run_forked

__all__ = ["compare", "find_changes"]


def compare(
    old: Spec,
    new: Spec,
    *,
    docs: bool = False,
    services: Sequence[str] | None = None,
    operations: Sequence[str] | None = None,
    jobs: int = 1,
) -> Comparison:
    """Compare two specs; ``services``/``operations`` keep only the names (globs) listed.

    ``jobs`` above 1 lets two catalogs be compared in up to that many processes, where
    there is enough to compare (see :func:`_shares`); the result is the same for any.
    """
    if is_page_spec(old) or is_page_spec(new):
        from specdiff.compare.pages import compare_with_pages  # here: models alone do not need it

        return compare_with_pages(old, new, docs=docs, services=services, operations=operations)
    # A comparison builds the services a catalog reads on demand, the deltas and the
    # changes: hundreds of thousands of objects, each burst of which would otherwise make
    # the collector rescan the whole heap. Few of them are cycles (deepdiff's trees, now
    # made only for what set algebra cannot tell): they wait for the collector until the
    # end, and a caller that keeps the result can freeze it (``specdiff compare`` does).
    with collector_paused():
        return _compare(old, new, docs=docs, services=services, operations=operations, jobs=jobs)


#: An outcome of one service's comparison: its changes, or the error that stopped it.
_Outcome = tuple[str, "list[Change] | SpecdiffError"]


def _compare(
    old: Spec, new: Spec, *, docs: bool, services: Sequence[str] | None, operations: Sequence[str] | None, jobs: int
) -> Comparison:
    names = [
        name
        for name in _paired_names(old, new)
        if (not services or name_matches(name, services))
        # the same files on both sides: nothing to compare, nothing to read
        and not unchanged(old.services, new.services, name)
    ]

    def compare_share(share: Sequence[str]) -> list[_Outcome]:
        outcomes: list[_Outcome] = []
        for name in share:
            try:
                outcomes.append((name, _service_changes(old, new, name, docs=docs, operations=operations)))
            except SpecdiffError as error:
                outcomes.append((name, error))
                break  # as a serial run stops at its first error
        return outcomes

    shares = _shares(old, new, names, jobs)
    if len(shares) > 1:
        outcomes = dict(
            outcome
            for share_outcomes in run_forked(compare_share, shares, "comparing the services of two catalogs")
            for outcome in share_outcomes
        )
    else:
        outcomes = dict(compare_share(names))
    changes: list[Change] = []
    for name in names:  # in name order, whichever process compared them: the output does not depend on jobs
        found = outcomes.get(name)
        if isinstance(found, SpecdiffError):
            raise found  # the first error in name order, as one process would have met it
        if found is not None:  # None: after an error in the same share
            changes.extend(found)
    changes.sort(key=lambda c: (c.sort_key, c.message))
    return Comparison(old=input_info(old), new=input_info(new), changes=tuple(changes))


def _service_changes(old: Spec, new: Spec, name: str, *, docs: bool, operations: Sequence[str] | None) -> list[Change]:
    before, after = old.services.get(name), new.services.get(name)
    if before is None or after is None:
        changes = [_service_change(name, before, after)]
    else:
        changes = [change for change in find_changes(before, after, docs=docs) if operation_kept(change, operations)]
    _forget(old.services, name)
    _forget(new.services, name)
    return changes


#: Less changed model than this (bytes on disk, both sides) is compared in one process:
#: there a fork and sending the changes back cost about what the second core saves
#: (measured: 0.35 MB of two adjacent releases, 90 ms alone, 82 ms shared by two).
PARALLEL_MIN_BYTES = 1_000_000


def _shares(old: Spec, new: Spec, names: Sequence[str], jobs: int) -> list[list[str]]:
    """The services to compare, split into up to ``jobs`` shares of about equal work.

    Only two catalogs of data folders are split (their services are read from files, in
    whichever process compares them), and only where there is enough work to share. The
    work of a service is taken to be the size of its files: the largest go first, each to
    the lightest share (within a few percent of the best split). Each share keeps name
    order, so that each process meets its errors as one process would.
    """
    if jobs <= 1 or len(names) < 2 or not can_fork():
        return [list(names)]
    if not (isinstance(old.services, CatalogServices) and isinstance(new.services, CatalogServices)):
        return [list(names)]
    weight = {name: _size(old.services, name) + _size(new.services, name) for name in names}
    if sum(weight.values()) < PARALLEL_MIN_BYTES:
        return [list(names)]
    loads = [0] * min(jobs, len(names))
    shares: list[list[str]] = [[] for _ in loads]
    for name in sorted(names, key=lambda n: (-weight[n], n)):
        lightest = loads.index(min(loads))
        loads[lightest] += weight[name]
        shares[lightest].append(name)
    order = {name: index for index, name in enumerate(names)}
    return [sorted(share, key=order.__getitem__) for share in shares if share]


def _size(services: CatalogServices, name: str) -> int:
    """The bytes on disk of a service's files (0 where the catalog does not hold it)."""
    if name not in services:
        return 0
    total = 0
    for path in services.files(name).files:
        if path is not None:
            try:
                total += path.stat().st_size
            except OSError:
                pass  # the loader will say what is wrong with it
    return total


def _forget(services: Mapping[str, Service], name: str) -> None:
    """A catalog's service compared is let go: the comparison holds one pair at a time
    (two far-apart catalogs: 431 -> 108 MB at the peak of the command), and what reads it
    later builds it again."""
    if isinstance(services, CatalogServices):
        services.forget(name)


def _single(spec: Spec) -> bool:
    return spec.content_kind != "catalog"


def _paired_names(old: Spec, new: Spec) -> list[str]:
    """The services to pair by name; a single model against a catalog takes its twin from the catalog.

    Names only: a catalog read from a data folder builds a service when it is first
    asked for, and the pairs whose files are the same on both sides are never asked for.
    """
    if _single(old) and _single(new):
        if set(old.services) != set(new.services):
            raise UsageError(
                f"{old.source} describes {_names(old)} but {new.source} describes {_names(new)}: "
                "compare two versions of the same service"
            )
    elif _single(old) or _single(new):
        single, catalog = (old, new) if _single(old) else (new, old)
        missing = sorted(set(single.services) - set(catalog.services))
        if missing:
            raise UsageError(f"{catalog.source} holds no service named {missing[0]!r} (from {single.source})")
        return sorted(single.services)
    return sorted(set(old.services) | set(new.services))


def _names(spec: Spec) -> str:
    return ", ".join(sorted(spec.services)) or "no service"


def _service_change(name: str, before: Service | None, after: Service | None) -> Change:
    if before is None:
        assert after is not None
        return whole_rules.service_added(name, after)
    return whole_rules.service_removed(name, before)


# ------------------------------------------------------------------------ one service


def find_changes(old_service: Service, new_service: Service, *, docs: bool = False) -> Iterator[Change]:
    """Every change from one version of a service to the next, operation by operation."""
    name = new_service.name
    yield from _operation_changes(name, old_service, new_service, docs=docs)
    changed = changed_shapes(old_service, new_service, docs=docs)
    yield from wire.service_changes(old_service, new_service, changed)
    common = list(_common_operations(old_service, new_service))
    roots_moved = any(old_roots != new_roots for _, old_roots, new_roots in common)
    if not changed and not roots_moved:
        return
    # One side's graph is enough: a shape outside ``changed`` has the same references on
    # both sides (its raw JSON, or all but its documentation, is the same), and a shape
    # one side lacks is in ``changed``; so a path to a changed shape runs through the
    # same unchanged shapes in both graphs, and each side's set of what reaches a change
    # is the other's.
    reaching = shapes_reaching(new_service, changed)
    walker = _Walker(old_service, new_service, reaching, changed, docs=docs)
    for operation, (old_input, old_output), (new_input, new_output) in common:
        seen: set[tuple[str, str, str]] = set()
        for direction, old_root, new_root in (
            ("request", old_input, new_input),
            ("response", old_output, new_output),
        ):
            for change in walker.walk(operation, direction, old_root, new_root):
                key = (change.rule.value, change.direction or "", change.path)
                # A member's deprecation (or documentation) and its shape's meet at one
                # path: one change there, the member's (met first, on the way down).
                if key not in seen:
                    seen.add(key)
                    yield change


Roots = tuple[str | None, str | None]


def _common_operations(old: Service, new: Service) -> Iterator[tuple[str, Roots, Roots]]:
    """Each operation both versions hold, with the shapes it takes and returns on each side
    (read without building the operation, where it can be)."""
    for name in new.operations:
        if name in old.operations:
            yield name, operation_roots(old, name), operation_roots(new, name)


def _operation_changes(service: str, old: Service, new: Service, *, docs: bool) -> Iterator[Change]:
    # Two operations of equal raw JSON (or equal but for documentation, without --docs)
    # have nothing to report: only the others are built.
    for name in sorted(differing_operations(old, new, docs=docs)):
        before, after = old.operations.get(name), new.operations.get(name)
        if before is None:
            yield whole_rules.operation_added(service, name)
        elif after is None:
            yield whole_rules.operation_removed(service, name)
        else:
            deprecated = whole_rules.operation_deprecated(service, before, after)
            if deprecated is not None:
                yield deprecated
            if docs and after.documentation != before.documentation:
                yield whole_rules.operation_documentation(service, name)
            yield from wire.operation_changes(old, new, before, after)


def changed_shapes(old: Service, new: Service, *, docs: bool = False) -> frozenset[str]:
    """Names of the shapes that differ (or exist on one side only).

    Equal raw JSON first (a model's shapes are built only past this: almost every shape
    of two versions of a service is the same), then plain equality of the frozen
    dataclasses; shapes that differ only in documentation are dropped unless ``docs``.
    """
    changed = set()
    old_shapes, new_shapes = old.shapes, new.shapes
    for name in differing(old, new, docs=docs):
        if name not in old_shapes or name not in new_shapes:
            changed.add(name)  # one side's alone: changed, and built only if the walk reaches it
            continue
        before, after = peek(old, name), peek(new, name)
        assert before is not None and after is not None  # both sides hold it
        if _stated_alike(before, after) or before == after:
            continue
        if not docs and _undocumented(before) == _undocumented(after):
            continue
        changed.add(name)
    return frozenset(changed)


def _stated_alike(before: Shape, after: Shape) -> bool:
    """True when two shapes hold the same stated values (so they are equal); False: unknown.

    The generated ``__eq__`` of a shape compares ~30 fields, and each of its members' ~20:
    over a catalog that is most of the comparison's time. A loader stores only the values a
    model states (``loaders.botocore.build``), the rest are the class's defaults; two
    shapes whose stored values are the same are equal, and comparing those dicts runs in C.
    Anything else (a value stated on one side only, even if equal to the default) is left
    to ``==``.
    """
    stated, other = before.__dict__, after.__dict__
    if stated.keys() != other.keys():
        return False
    for key, value in stated.items():
        if key == "members":
            members = other[key]
            if len(value) != len(members) or [m.__dict__ for m in value] != [m.__dict__ for m in members]:
                return False
        elif other[key] != value:
            return False
    return True


def _undocumented(shape: Shape) -> tuple[object, ...]:
    """A shape's fields but its documentation and its members', to compare (not a new Shape: 4x cheaper)."""
    return (_SHAPE_FACTS(shape), tuple(map(_MEMBER_FACTS, shape.members)))


def _facts_getter(cls: type, *left_out: str) -> operator.attrgetter[tuple[object, ...]]:
    # Every field equality compares but those left out, read from the dataclass itself so
    # that a field added to the model later is compared without anyone listing it here.
    return operator.attrgetter(*(f.name for f in dataclasses.fields(cls) if f.compare and f.name not in left_out))


_SHAPE_FACTS = _facts_getter(Shape, "documentation", "members")
_MEMBER_FACTS = _facts_getter(Member, "documentation")


def shapes_reaching(service: Service, targets: frozenset[str]) -> frozenset[str]:
    """The targets and every shape of ``service`` whose members lead to one of them.

    A breadth-first walk over reversed references: each shape is visited once, so
    recursive shapes cannot loop.
    """
    referring = referrers(service)
    reached = set(targets)
    frontier = list(targets)
    while frontier:
        name = frontier.pop()
        for referrer in referring.get(name, ()):
            if referrer not in reached:
                reached.add(referrer)
                frontier.append(referrer)
    return frozenset(reached)


class _Walker:
    """Walks operation inputs and outputs through the shapes that can reach a change.

    Each pair of shape versions is compared once (``_deltas`` is a cache); the walk
    carries the member path and stops where a pair is already on the way down
    (a recursive shape) or where nothing below can have changed.
    """

    def __init__(
        self, old: Service, new: Service, reaching: frozenset[str], changed: frozenset[str], *, docs: bool
    ) -> None:
        self.old, self.new, self.reaching, self.changed, self.docs = old, new, reaching, changed, docs
        self.protocol = new.metadata.protocol or new.protocol
        self._deltas: dict[tuple[str | None, str | None], list[Delta]] = {}

    def walk(self, operation: str, direction: str, old_root: str | None, new_root: str | None) -> Iterator[Change]:
        if old_root == new_root and old_root not in self.reaching:
            return  # nothing below can have changed (or no shape at all on either side)
        stack: set[tuple[str | None, str | None]] = set()
        yield from self._walk(operation, direction, old_root, new_root, "", stack)

    def _walk(
        self,
        operation: str,
        direction: str,
        old_name: str | None,
        new_name: str | None,
        path: str,
        stack: set[tuple[str | None, str | None]],
    ) -> Iterator[Change]:
        # Called only for a pair that may hold a change (walk and the loop below test it).
        pair = (old_name, new_name)
        if pair in stack:
            return  # a recursive shape: this pair's changes were reported further up
        if len(stack) >= MAX_SHAPE_DEPTH:
            self._too_deep(operation, direction, path)
        after = peek(self.new, new_name)
        if old_name == new_name and old_name not in self.changed and after is not None:
            # A shape on the way to a change that did not change itself: one version
            # stands for both (what the comparison reads of it, its members and their
            # targets, is the same), so it is built once, not once a side.
            before: Shape | None = after
        else:
            before = peek(self.old, old_name)
        if (old_name and before is None) or (new_name and after is None):
            return  # a dangling reference in the model: nothing to compare
        deltas = self._pair_deltas(pair, before, after)
        site = Site(self.new.name, operation, direction, path, new_name or old_name or "", self.protocol)  # type: ignore[arg-type]
        for delta in deltas:
            change = classify(delta, site, docs=self.docs)
            if change is not None:
                yield change
        if any(d.kind == "type" for d in deltas):
            return  # nothing below a changed type can be compared
        stack.add(pair)
        reaching = self.reaching
        for step, old_next, new_next in _children(before, after):
            if old_next == new_next and old_next not in reaching:
                continue  # nothing below can have changed
            yield from self._walk(operation, direction, old_next, new_next, _extend(path, step), stack)
        stack.discard(pair)

    def _too_deep(self, operation: str, direction: str, path: str) -> None:
        """Past the bound: the whole models checked say where (as loading them would), or this walk does."""
        for service in (self.new, self.old):
            if isinstance(service.shapes, ModelShapes):
                service.shapes.check()
        raise InputError(
            f"shapes nest more than {MAX_SHAPE_DEPTH} levels deep in {operation}'s {direction} (at {path})",
            source=self.new.name,
        )

    def _pair_deltas(self, pair: tuple[str | None, str | None], before: Shape | None, after: Shape | None) -> list[Delta]:
        cached = self._deltas.get(pair)
        if cached is not None:
            return cached
        if before is not None and (before is after or before == after):  # one shape for both: see _walk
            deltas: list[Delta] = []
        else:
            deltas = shape_deltas(before, after, docs=self.docs)
            if any(d.kind in ("member-added", "member-removed") for d in deltas):
                deltas = self._with_targets(deltas, before, after)
        self._deltas[pair] = deltas
        return deltas

    def _with_targets(self, deltas: list[Delta], before: Shape | None, after: Shape | None) -> list[Delta]:
        """Member-added/removed deltas name the member's type, for the message."""
        old_members = before.members_by_name() if before is not None else {}
        new_members = after.members_by_name() if after is not None else {}
        named = []
        for delta in deltas:
            if delta.kind == "member-added" and after is not None:
                delta = dataclasses.replace(delta, target=_member_type(self.new, new_members.get(delta.member or "")))
            elif delta.kind == "member-removed" and before is not None:
                delta = dataclasses.replace(delta, target=_member_type(self.old, old_members.get(delta.member or "")))
            named.append(delta)
        return named


def _member_type(service: Service, member: Member | None) -> str:
    # The type alone: read from the raw shape where it can be (a member added is most
    # often of a shape added with it, which nothing else builds)
    return shape_kind(service, member.shape) if member else ""


def _children(before: Shape | None, after: Shape | None) -> Iterator[tuple[str, str | None, str | None]]:
    """The (path step, old shape, new shape) pairs one level down, for parts on both sides."""
    if before is None or after is None:
        return
    if after.type == "structure":
        old_members = before.members_by_name()
        for member in after.members:
            old_member = old_members.get(member.name)
            if old_member is not None:
                yield "." + member.name, old_member.shape, member.shape
    elif after.type == "list":
        yield "[]", before.member, after.member
    elif after.type == "map":
        yield "{key}", before.key, after.key
        yield "{}", before.value, after.value


def _extend(path: str, step: str) -> str:
    if step.startswith("."):
        return member_path(path, step[1:])
    return path + step
