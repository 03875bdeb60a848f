"""The types a page shows against a model's: a member the page writes (in its syntax, its
bullets or a delta's sketch) with another type than the previous model gives it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace

from specdiff.compare.changes import Change
from specdiff.compare.rules import Delta, Site, classify, member_path
from specdiff.model import Service, Shape
from specdiff.pages.ast import Method, Sketch

#: model types a page writes with one word: a page's "dict" is a structure or a map,
#: 123 an integer or a long, 123.0 a float or a double, bytes a blob or a stream
_PAGE_WORD = {
    "long": "integer", "float": "double", "map": "structure", "string": "string", "blob": "blob",
}
#: a page's sketch kinds as model types
_SKETCH_TYPES = {"enum": "string", "map": "structure", "long": "integer", "float": "double"}
#: deeper than any botocore shape nests; a walk stops there rather than recurse on
_MAX_DEPTH = 64


def _word(model_type: str) -> str:
    return _PAGE_WORD.get(model_type, model_type)


def sketch_matches(sketch: Sketch, shape: Shape) -> bool:
    """Whether a delta's sketch writes the model shape's own type."""
    if sketch.kind == "recursive" or _opaque(shape):
        return True
    return _word(_SKETCH_TYPES.get(sketch.kind, sketch.kind)) == _word(shape.type)


def _opaque(shape: Shape) -> bool:
    """Shapes a page writes in words of their own (documents, streams, event streams)."""
    return shape.document or shape.streaming or shape.eventstream or shape.event or shape.union


def shown_type_changes(
    base: Service,
    page: Service,
    methods: Sequence[Method],
    keep: Callable[[str], bool],
    seen: Collection[str],
) -> Iterator[Change]:
    """A ``type-changed`` change for every member that both the old model and the page's
    syntax or bullets show, where the page writes another type (the fingerprints in
    ``seen`` are already reported, from the deltas)."""
    for method in methods:
        old_op, new_op = base.operations.get(method.name), page.operations.get(method.name)
        if old_op is None or new_op is None or not keep(method.name):
            continue
        for direction, old_root, new_root in (
            ("request", old_op.input, new_op.input),
            ("response", old_op.output, new_op.output),
        ):
            if old_root and new_root:
                walk = _Walk(base, page, method.name, direction, seen)
                yield from walk.shape(old_root, new_root, "", 0)


class _Walk:
    def __init__(self, base: Service, page: Service, operation: str, direction: str, seen: Collection[str]) -> None:
        self.base, self.page = base, page
        self.operation, self.direction = operation, direction
        self.seen = seen
        self.visited: set[str] = set()

    def shape(self, old_name: str, new_name: str, path: str, depth: int) -> Iterator[Change]:
        old, new = self.base.shapes.get(old_name), self.page.shapes.get(new_name)
        if old is None or new is None or depth > _MAX_DEPTH or old_name in self.visited or _opaque(old):
            return
        if old.type == "structure" and new.type == "structure":
            self.visited.add(old_name)
            old_members = old.members_by_name()
            for member in new.members:
                prior = old_members.get(member.name)
                if prior is not None:
                    yield from self.member(old, prior.shape, member.shape, path, member.name, depth)
            self.visited.discard(old_name)
        elif old.type == "list" and new.type == "list" and old.member and new.member:
            yield from self.shape(old.member, new.member, path + "[]", depth + 1)
        elif old.type == "map" and new.type == "map" and old.value and new.value:
            yield from self.shape(old.value, new.value, path + "{}", depth + 1)

    def member(self, parent: Shape, old_name: str, new_name: str, path: str, name: str, depth: int) -> Iterator[Change]:
        old, new = self.base.shapes.get(old_name), self.page.shapes.get(new_name)
        if old is None or new is None or _opaque(old):
            return
        if "unknown" not in (old.type, new.type) and _word(old.type) != _word(new.type):
            site = Site(self.page.name, self.operation, self.direction, path, parent.name)  # type: ignore[arg-type]
            change = classify(Delta("type", member=name, old=old.type, new=new.type), site)
            if change is not None and change.fingerprint not in self.seen:
                yield replace(change, source="page", partial=new.partial)
            return
        yield from self.shape(old_name, new_name, member_path(path, name), depth + 1)
