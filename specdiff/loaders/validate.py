"""The shape of a raw botocore model checked before anything is built from it.

A model is data from elsewhere: every field the loader reads is checked for its type here
(a member's ``shape`` given as a list, an integer ``pattern``, an ``enum`` that is text),
every reference for a shape name, and the depth of the shape graph against
``MAX_SHAPE_DEPTH``; a failure is one :class:`~specdiff.errors.InputError` naming the
place (``shapes.GoRequest.members.Name.shape``). The wire fields' own values are checked
where the loader reads them (``loaders.botocore``), with the same kind of error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from specdiff.errors import InputError
from specdiff.model import Service, Shape

__all__ = ["MAX_SHAPE_DEPTH", "check_model", "check_operation", "check_outline", "check_service", "check_shape", "check_shapes", "raw_references", "shape_depth"]

#: The longest chain of shapes a model may hold, counting each group of shapes that refer
#: to each other (a recursive structure) as its size. The deepest real model (botocore
#: 1.44.7: bedrock-agent-runtime) has 23; past about 200, rendering a comparison, the
#: stubs or a type nested that deep runs out of stack or past Python's parser.
MAX_SHAPE_DEPTH = 100

_TEXT_FIELDS = ("type", "documentation", "pattern", "timestampFormat", "locationName", "payload")
_FLAG_OR_TEXT_FIELDS = ("deprecated",)
_NUMBER_FIELDS = ("min", "max")
_REFERENCES = ("member", "key", "value")


def check_model(document: dict[str, Any], source: str) -> None:
    """Refuse a parsed model whose fields have the wrong types, that names shapes it does
    not define, or whose shapes nest deeper than :data:`MAX_SHAPE_DEPTH`."""
    check_outline(document, source)
    check_shapes(document["shapes"], source)


def check_outline(document: dict[str, Any], source: str) -> None:
    """The checks of :func:`check_model` but the shapes': the top level and every operation.

    A loader that builds shapes only when they are read checks them then
    (:func:`check_shape`, :func:`check_shapes`).
    """
    shapes = document.get("shapes")
    operations = document.get("operations")
    _need(isinstance(document.get("metadata"), dict), "metadata", "an object", source)
    _need(isinstance(shapes, dict), "shapes", "an object", source)
    _need(isinstance(operations, dict), "operations", "an object", source)
    assert isinstance(operations, dict)  # for the type checker: _need raised otherwise
    for name, raw in operations.items():
        check_operation(name, raw, source)


def check_shapes(shapes: Mapping[str, Any], source: str) -> None:
    """Every raw shape's fields (:func:`check_shape`), then the depth of the shape graph."""
    for name, raw in shapes.items():
        check_shape(name, raw, source)
    _check_depth(shape_depth(shapes), source)


def check_service(service: Service, source: str) -> None:
    """The same checks on a service built from elsewhere (a snapshot): every reference a
    shape name, the text fields text, the depth within the bound."""
    shapes = service.shapes
    for name, shape in shapes.items():
        place = f"service {service.name}: shape {name}"
        _need(isinstance(shape.type, str), f"{place} type", "text", source)
        _need(shape.pattern is None or isinstance(shape.pattern, str), f"{place} pattern", "text", source)
        _need(shape.enum is None or all(isinstance(v, str) for v in shape.enum), f"{place} enum", "a list of text", source)
        for member in shape.members:
            _need(isinstance(member.name, str), f"{place} member name", "text", source)
            _need_shape(member.shape, f"{place} member {member.name}", source)
        for target in (shape.member, shape.key, shape.value):
            if target is not None:
                _need_shape(target, place, source)
    for name, operation in service.operations.items():
        for target in (operation.input, operation.output):
            if target is not None:
                _need_shape(target, f"service {service.name}: operation {name}", source)
    _check_depth(shape_depth(shapes, Shape.references), source)


def _need_shape(target: Any, place: str, source: str) -> None:
    _need(isinstance(target, str), place, "a shape name (text)", source)


def _check_depth(found: tuple[int, str], source: str) -> None:
    depth, start = found
    if depth > MAX_SHAPE_DEPTH:
        raise InputError(
            f"shapes nest {depth} levels deep from {start!r}, past the bound of {MAX_SHAPE_DEPTH} "
            "(real models nest at most a few dozen)",
            source=source,
        )


def check_shape(name: str, raw: Any, source: str) -> None:
    """One raw shape's fields and references, checked for their types."""
    place = f"shapes.{name}"
    _need(isinstance(raw, dict), place, "an object", source)
    _need(isinstance(raw.get("type"), str), f"{place}.type", "text", source)
    for key in _TEXT_FIELDS:
        if key in raw:
            _need(isinstance(raw[key], str), f"{place}.{key}", "text", source)
    for key in _FLAG_OR_TEXT_FIELDS:
        if key in raw:
            _need(isinstance(raw[key], (bool, str)), f"{place}.{key}", "true or false", source)
    for key in _NUMBER_FIELDS:
        if key in raw:
            value = raw[key]
            _need(isinstance(value, (int, float)) and not isinstance(value, bool), f"{place}.{key}", "a number", source)
            _need(abs(value) < 1e300, f"{place}.{key}", "a number of a sane size", source)
    if "enum" in raw:
        enum = raw["enum"]
        _need(isinstance(enum, list) and all(isinstance(v, str) for v in enum), f"{place}.enum", "a list of text", source)
    if "required" in raw:
        required = raw["required"]
        _need(isinstance(required, list) and all(isinstance(v, str) for v in required), f"{place}.required", "a list of text", source)
    if "members" in raw:
        members = raw["members"]
        _need(isinstance(members, dict), f"{place}.members", "an object", source)
        for member_name, member in members.items():
            where = f"{place}.members.{member_name}"
            _check_reference(member, where, source)
            if "documentation" in member:
                _need(isinstance(member["documentation"], str), f"{where}.documentation", "text", source)
    for key in _REFERENCES:
        if key in raw:
            _check_reference(raw[key], f"{place}.{key}", source)


def check_operation(name: str, raw: Any, source: str) -> None:
    """One raw operation's fields and references, checked for their types."""
    place = f"operations.{name}"
    _need(isinstance(raw, dict), place, "an object", source)
    for key in ("input", "output"):
        if raw.get(key) is not None:
            _check_reference(raw[key], f"{place}.{key}", source)
    if "errors" in raw:
        errors = raw["errors"]
        _need(isinstance(errors, list), f"{place}.errors", "a list", source)
        for index, error in enumerate(errors):
            _check_reference(error, f"{place}.errors[{index}]", source)
    if "documentation" in raw:
        _need(isinstance(raw["documentation"], str), f"{place}.documentation", "text", source)


def _check_reference(raw: Any, place: str, source: str) -> None:
    _need(isinstance(raw, dict), place, 'an object like {"shape": "Name"}', source)
    target = raw.get("shape")
    _need(isinstance(target, str), f"{place}.shape", "a shape name (text)", source)
    # A name the model does not define is left to the loader and renderers, which show it
    # as named (a damaged model still compares): only its type matters here.


def _need(ok: bool, place: str, what: str, source: str) -> None:
    if not ok:
        raise InputError(f"{place} must be {what}", source=source)


# ------------------------------------------------------------------------- depth


def raw_references(raw: dict[str, Any]) -> Iterator[str]:
    """The shapes a raw shape names, as :meth:`~specdiff.model.Shape.references` lists them
    (read as they are: the checks say what is wrong with them)."""
    for member in (raw.get("members") or {}).values():
        yield member["shape"]
    for key in _REFERENCES:
        if key in raw:
            yield raw[key]["shape"]


def shape_depth(
    shapes: Mapping[str, Any], references: Callable[[Any], Iterable[str]] = raw_references
) -> tuple[int, str]:
    """The longest chain of shapes (a group of mutually recursive shapes counts its size),
    and a shape it starts from; iterative (Tarjan's components, then the longest path over
    them), so a chain of any length costs no stack."""
    names = list(shapes)
    number = {name: i for i, name in enumerate(names)}
    edges = [[number[t] for t in references(shapes[name]) if t in number] for name in names]
    count = len(names)
    index = [-1] * count
    low = [0] * count
    component = [-1] * count
    depth: list[int] = []  # per component, filled sinks first (Tarjan's order)
    first: list[int] = []
    stack: list[int] = []
    on_stack = [False] * count
    counter = 0
    for root in range(count):
        if index[root] >= 0 or not edges[root]:
            if index[root] < 0:  # a shape naming no other: a component of its own, depth 1
                index[root] = counter
                counter += 1
                component[root] = len(depth)
                depth.append(1)
                first.append(root)
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            node, at = work[-1]
            targets = edges[node]
            while at < len(targets):
                target = targets[at]
                at += 1
                if index[target] < 0:
                    work[-1] = (node, at)
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack[target] = True
                    work.append((target, 0))
                    break
                if on_stack[target] and index[target] < low[node]:
                    low[node] = index[target]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    here = len(depth)
                    members = []
                    while True:
                        shape = stack.pop()
                        on_stack[shape] = False
                        component[shape] = here
                        members.append(shape)
                        if shape == node:
                            break
                    below = max(
                        (depth[component[t]] for m in members for t in edges[m] if component[t] != here), default=0
                    )
                    depth.append(below + len(members))
                    first.append(node)
    if not depth:
        return 0, ""
    deepest = max(range(len(depth)), key=depth.__getitem__)
    return depth[deepest], names[first[deepest]]
