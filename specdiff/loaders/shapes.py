"""A model's shapes and operations as mappings that build each from its raw JSON when first read.

Two versions of a service next to each other share nearly all of their shapes, and the
raw JSON of a shape says everything its :class:`~specdiff.model.Shape` holds: two raw
shapes that are equal build equal shapes. A comparison therefore asks
:func:`differing` first and builds only the shapes that differ and those on the way to
them (:func:`peek`); everything else is never built. Reading the mapping the ordinary way
(``shapes[name]``, iterating its values) checks the whole model first, its field types and
the depth of its shape graph (``loaders.validate``), exactly as loading it eagerly would:
what renders every shape sees only checked models. Operations are read the same way
(:class:`ModelOperations`, :func:`differing_operations`, :func:`operation_roots`); each is
checked on its own, as an operation names no other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, NoReturn, TypeVar

from specdiff.errors import InputError
from specdiff.loaders.lazy import BuiltOnRead
from specdiff.loaders.validate import check_operation, check_shape, check_shapes, raw_references
from specdiff.model import Operation, Service, Shape

__all__ = [
    "ModelOperations",
    "ModelShapes",
    "differing",
    "differing_operations",
    "fully_built",
    "operation_roots",
    "peek",
    "reference",
    "referrers",
    "shape_name",
    "shape_kind",
]

#: Builds one shape from its name and raw JSON; raises ValueError, TypeError, KeyError or
#: AttributeError on a value of the wrong kind, and on everything
#: :func:`~specdiff.loaders.validate.check_shape` refuses (the loader's own strict reading).
ShapeBuilder = Callable[[str, dict[str, Any]], Shape]


Built = TypeVar("Built")


class _FromRaw(BuiltOnRead[Any, Built]):
    """What the shapes and the operations of a parsed model share: a mapping by name, in
    name order, over raw JSON, each value built strictly when first read and kept.

    Sent to a worker or pickled, the mapping travels built: a plain dict, read the
    ordinary way (so checked) first.
    """

    def __init__(self, raw: dict[str, Any], source: str, build: Callable[[str, dict[str, Any]], Built]) -> None:
        super().__init__(raw)
        self._source = source
        self._build = build

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (list(self.items()),))

    def _built_now(self, name: str) -> Built:
        """The value ``name`` built (once), strictly; where the builder fails, the checks
        (:meth:`_fault`) say what is wrong and where."""
        value = self._built.get(name)
        if value is None:
            raw = self._sources[name]  # KeyError for a name not held, and only for that
            try:
                value = self._build(name, raw)  # strict: what the checks refuse raises
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                self._fault(name, exc)
            self._built[name] = value
        return value

    def _check_one(self, name: str, raw: Any) -> None:
        raise NotImplementedError

    def _fault(self, name: str, exc: Exception) -> NoReturn:
        self._check_one(name, self._sources[name])  # the checks' own words, naming the place
        raise InputError(
            f"not a valid botocore service model ({exc.__class__.__name__}: {exc})", source=self._source
        ) from None


class ModelShapes(_FromRaw[Shape]):
    """The shapes of one parsed model, by name in name order, each built when first read.

    The first ordinary read of a shape checks the whole model
    (:func:`~specdiff.loaders.validate.check_shapes`) once; :meth:`peek` checks and builds
    the one shape alone, for a comparison that walks only what changed and bounds its own
    depth.
    """

    def __init__(self, raw: dict[str, Any], source: str, build: ShapeBuilder, kind: ShapeKind | None = None) -> None:
        super().__init__(raw, source, build)
        self._kind = kind
        self._checked = False
        self._referrers: dict[str, list[str]] | None = None

    # -- the mapping: every read is of a checked model

    def __getitem__(self, name: str) -> Shape:
        self.check()
        return self.peek(name)

    def check(self) -> None:
        """Check every shape's fields and the graph's depth, once; raises InputError."""
        if not self._checked:
            check_shapes(self._sources, self._source)
            self._checked = True

    # -- the comparison's way in

    def peek(self, name: str) -> Shape:
        """The shape ``name``, its own fields checked and built, the rest of the model unread.

        The builder reads strictly, so a shape it builds passed the checks; where it fails,
        the checks run to say what is wrong and where.
        """
        return self._built_now(name)

    def _check_one(self, name: str, raw: Any) -> None:
        check_shape(name, raw, self._source)

    def kind(self, name: str) -> str:
        """What the shape ``name`` is (its type, or "enum"), read from its raw JSON where
        that is plain, else from the shape built (so a damaged one is an error)."""
        shape = self._built.get(name)
        if shape is None and self._kind is not None:
            found = self._kind(self._sources[name])
            if found is not None:
                return found
        if shape is None:
            shape = self.peek(name)
        return "enum" if shape.enum is not None else shape.type

    def referrers(self) -> dict[str, list[str]]:
        """Each shape name named by others, with the shapes that name it: read from the raw
        JSON without building a shape, once.

        A reference of the wrong kind is reported as the checks report it: the shape is
        then checked alone, and the error names its place.
        """
        if self._referrers is not None:
            return self._referrers
        referrers: dict[str, list[str]] = {}
        get = referrers.get
        for name, raw in self._sources.items():
            try:
                for target in raw_references(raw):
                    named = get(target)
                    if named is None:
                        referrers[shape_name(target)] = [name]
                    else:
                        named.append(name)
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                self._fault(name, exc)
        self._referrers = referrers
        return referrers

    @property
    def built(self) -> int:
        """How many shapes were built so far."""
        return len(self._built)


#: What a raw shape is (its type, or "enum"), or None where its raw JSON is not plain
#: enough to say without building it.
ShapeKind = Callable[[Any], "str | None"]

#: Builds one operation from its name and raw JSON, strictly, as :data:`ShapeBuilder`.
OperationBuilder = Callable[[str, dict[str, Any]], Operation]


class ModelOperations(_FromRaw[Operation]):
    """The operations of one parsed model, by name in name order, each built when first read.

    A comparison builds only the operations whose raw JSON differs, and reads the input
    and output every other one names (:meth:`roots`) from the raw JSON. An operation names
    no other, so each is checked on its own.
    """

    def __getitem__(self, name: str) -> Operation:
        return self._built_now(name)

    def _check_one(self, name: str, raw: Any) -> None:
        check_operation(name, raw, self._source)

    def roots(self, name: str) -> tuple[str | None, str | None]:
        """The shapes the operation ``name`` takes and returns, read from its raw JSON."""
        operation = self._built.get(name)
        if operation is not None:
            return operation.input, operation.output
        raw = self._sources[name]
        try:
            return reference(raw.get("input")), reference(raw.get("output"))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            self._fault(name, exc)


def reference(value: Any) -> str | None:
    """The shape an input, output or member reference names (None for no reference), read
    strictly: ValueError, TypeError or KeyError for anything but ``{"shape": "Name"}``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f'expected an object like {{"shape": "Name"}}, found {value!r:.40}')
    return shape_name(value["shape"])


def shape_name(value: Any) -> str:
    """A shape name read strictly: ValueError for anything but text."""
    if not isinstance(value, str):
        raise ValueError(f"expected a shape name, found {value!r:.40}")
    return value


def shape_kind(service: Service, name: str) -> str:
    """What the shape ``name`` of ``service`` is: its type, or "enum" ("" when absent)."""
    shapes = service.shapes
    if isinstance(shapes, ModelShapes):
        return shapes.kind(name) if name in shapes else ""
    shape = shapes.get(name)
    if shape is None:
        return ""
    return "enum" if shape.enum is not None else shape.type


def operation_roots(service: Service, name: str) -> tuple[str | None, str | None]:
    """The shapes an operation of ``service`` takes and returns, built or not."""
    operations = service.operations
    if isinstance(operations, ModelOperations):
        return operations.roots(name)
    operation = operations[name]
    return operation.input, operation.output


def differing_operations(old: Service, new: Service, *, docs: bool = True) -> Iterable[str]:
    """The names of the operations that may differ, as :func:`differing` finds shapes."""
    before, after = old.operations, new.operations
    if not (isinstance(before, ModelOperations) and isinstance(after, ModelOperations)):
        return before.keys() | after.keys()
    return _differing_raw(before, after, None if docs else _without_documentation)


def _without_documentation(raw: Any) -> Any:
    """A raw operation without its documentation (None where it is no object)."""
    if not isinstance(raw, dict):
        return None
    return {key: value for key, value in raw.items() if key != "documentation"}


def fully_built(service: Service) -> Service:
    """The service with its shapes and operations checked, built and held in plain dicts:
    what a comparison then compares in full, one by one (the same result, the slow way)."""
    return replace(service, shapes=dict(service.shapes.items()), operations=dict(service.operations.items()))


def peek(service: Service, name: str | None) -> Shape | None:
    """The shape ``name`` of ``service`` (None when absent), built alone where it can be."""
    if not name:
        return None
    shapes = service.shapes
    if isinstance(shapes, ModelShapes):
        return shapes.peek(name) if name in shapes else None
    return shapes.get(name)


def differing(old: Service, new: Service, *, docs: bool = True) -> Iterable[str]:
    """The names of the shapes that may differ between two versions of a service: every
    name, unless both hold raw JSON, then those whose raw shapes differ (or one side
    lacks), and unless ``docs``, differ past their documentation. Two raw shapes that are
    equal build equal shapes; what is left out is the same, what is kept may not differ.
    """
    before, after = old.shapes, new.shapes
    if not (isinstance(before, ModelShapes) and isinstance(after, ModelShapes)):
        return before.keys() | after.keys()
    return _differing_raw(before, after, None if docs else _undocumented)


def _differing_raw(before: _FromRaw[Any], after: _FromRaw[Any], stripped: Callable[[Any], Any] | None) -> list[str]:
    """The names whose raw JSON differs between two mappings (or that one lacks); with
    ``stripped``, those whose raw JSON still differs once stripped (None: cannot say)."""
    was, now = before._sources, after._sources  # noqa: SLF001 - raw JSON of the same class
    get = now.get
    names = [name for name, raw in was.items() if get(name) != raw]  # a name gone: None != raw
    names.extend(name for name in now if name not in was)
    if stripped is None:
        return names
    return [name for name in names if not _alike(was.get(name), now.get(name), stripped)]


def _alike(raw: Any, other: Any, stripped: Callable[[Any], Any]) -> bool:
    if raw is None or other is None:
        return False
    mine = stripped(raw)
    return mine is not None and mine == stripped(other)


def _undocumented(raw: Any) -> Any:
    """A raw shape without its documentation and its members' (None for a damaged shape)."""
    try:
        if "documentation" in raw:
            raw = {key: value for key, value in raw.items() if key != "documentation"}
        members = raw.get("members")
        if members and any("documentation" in member for member in members.values()):
            raw = dict(raw)
            raw["members"] = {
                name: {key: value for key, value in member.items() if key != "documentation"}
                for name, member in members.items()
            }
        return raw
    except (TypeError, AttributeError):
        return None


def referrers(service: Service) -> dict[str, list[str]]:
    """Each shape name of a service named by other shapes, with the shapes that name it."""
    shapes = service.shapes
    if isinstance(shapes, ModelShapes):
        return shapes.referrers()
    found: dict[str, list[str]] = {}
    for shape in shapes.values():
        for target in shape.references():
            found.setdefault(target, []).append(shape.name)
    return found

