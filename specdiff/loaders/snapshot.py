"""Snapshots: a spec saved as compact JSON (``specdiff snapshot``) and reloaded fast.

A snapshot holds exactly what the spec held, documentation, partial flags and the parsed
page included, so that comparing against a snapshot gives what comparing against its
input gives. Shapes, members and operations are stored as positional rows in the field
order of the dataclasses, with trailing defaults left out: the file is small, and reading
it back is one ``json.loads`` and one constructor call per object.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from typing import Any

from specdiff.errors import InputError
from specdiff.model import Member, Operation, Service, Shape, Spec

FORMAT = "specdiff-snapshot"
FORMAT_VERSION = 1

__all__ = ["FORMAT", "FORMAT_VERSION", "snapshot_bytes", "snapshot_document", "spec_from_snapshot"]


def _defaults(cls: type) -> tuple[Any, ...]:
    values = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            values.append(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            values.append(f.default_factory())
        else:
            values.append(dataclasses.MISSING)
    return tuple(values)


_MEMBER_FIELDS = tuple(f.name for f in dataclasses.fields(Member))
_SHAPE_FIELDS = tuple(f.name for f in dataclasses.fields(Shape))
_OPERATION_FIELDS = tuple(f.name for f in dataclasses.fields(Operation))
_MEMBER_DEFAULTS = _defaults(Member)
_SHAPE_DEFAULTS = _defaults(Shape)
_OPERATION_DEFAULTS = _defaults(Operation)
_ERRORS_AT = _OPERATION_FIELDS.index("errors")
_MEMBERS_AT = _SHAPE_FIELDS.index("members")
_ENUM_AT = _SHAPE_FIELDS.index("enum")
# A row holds its tuples as JSON lists, so an empty list is what a default looks like there.
_OPERATION_ROW_DEFAULTS = tuple([] if i == _ERRORS_AT else d for i, d in enumerate(_OPERATION_DEFAULTS))
_SHAPE_ROW_DEFAULTS = tuple([] if i == _MEMBERS_AT else d for i, d in enumerate(_SHAPE_DEFAULTS))


def _row(values: list[Any], defaults: tuple[Any, ...]) -> list[Any]:
    """``values`` without the trailing ones that equal their field's default."""
    end = len(values)
    while end and values[end - 1] == defaults[end - 1] and type(values[end - 1]) is type(defaults[end - 1]):
        end -= 1
    return values[:end]


# ----------------------------------------------------------------------------- writing


def snapshot_document(spec: Spec) -> dict[str, Any]:
    """The JSON-ready snapshot of a spec (sorted, so the same spec gives the same bytes)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": spec.content_kind,
        "source": spec.source,
        "version": spec.version,
        "services": [_service_document(spec.services[name]) for name in sorted(spec.services)],
    }
    if spec.page is not None:
        from specdiff.pages.ast import page_to_dict

        document["page"] = page_to_dict(spec.page)
    return document


def snapshot_bytes(spec: Spec, *, compress: bool = False) -> bytes:
    """The snapshot file's bytes: compact JSON, gzipped with no timestamp when asked."""
    text = json.dumps(snapshot_document(spec), ensure_ascii=False, separators=(",", ":")) + "\n"
    data = text.encode("utf-8")
    return gzip.compress(data, compresslevel=6, mtime=0) if compress else data


def _service_document(service: Service) -> dict[str, Any]:
    return {
        "name": service.name,
        "title": service.title,
        "api_version": service.api_version,
        "protocol": service.protocol,
        "documentation": service.documentation,
        "partial": service.partial,
        "operations": [_operation_row(service.operations[n]) for n in sorted(service.operations)],
        "shapes": [_shape_row(service.shapes[n]) for n in sorted(service.shapes)],
    }


def _operation_row(operation: Operation) -> list[Any]:
    values = [getattr(operation, name) for name in _OPERATION_FIELDS]
    values[_ERRORS_AT] = list(operation.errors)
    return _row(values, _OPERATION_ROW_DEFAULTS)


def _shape_row(shape: Shape) -> list[Any]:
    values = [getattr(shape, name) for name in _SHAPE_FIELDS]
    values[_MEMBERS_AT] = [
        _row([getattr(m, name) for name in _MEMBER_FIELDS], _MEMBER_DEFAULTS) for m in shape.members
    ]
    if shape.enum is not None:
        values[_ENUM_AT] = list(shape.enum)
    return _row(values, _SHAPE_ROW_DEFAULTS)


# ----------------------------------------------------------------------------- reading


def spec_from_snapshot(document: dict[str, Any], source: str) -> Spec:
    """The spec a snapshot holds; ``kind`` becomes ``snapshot``, ``origin_kind`` what it was."""
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise InputError(
            f"snapshot format version {version!r} is not supported (this specdiff reads version "
            f"{FORMAT_VERSION}); take the snapshot again",
            source=source,
        )
    try:
        kind = document["kind"]
        if kind not in ("model", "catalog", "page"):
            raise ValueError(f"unknown kind {kind!r}")
        services = {}
        for raw in document["services"]:
            service = _service(raw)
            services[service.name] = service
        page = None
        if document.get("page") is not None:
            from specdiff.pages.ast import page_from_dict

            page = page_from_dict(document["page"])
        return Spec(
            kind="snapshot",
            source=source,
            services=services,
            version=str(document.get("version", "")),
            origin_kind=kind,
            page=page,
        )
    except InputError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise InputError(f"damaged snapshot ({exc.__class__.__name__}: {exc})", source=source) from None


def _service(raw: dict[str, Any]) -> Service:
    operations = {}
    for row in raw["operations"]:
        operation = _operation(row)
        operations[operation.name] = operation
    shapes = {}
    for row in raw["shapes"]:
        shape = _shape(row)
        shapes[shape.name] = shape
    return Service(
        name=_text(raw["name"]),
        title=_text(raw["title"]),
        api_version=_text(raw["api_version"]),
        operations=operations,
        shapes=shapes,
        protocol=_text(raw.get("protocol", "")),
        documentation=_text(raw.get("documentation", "")),
        partial=bool(raw.get("partial", False)),
    )


def _operation(row: list[Any]) -> Operation:
    values = list(row)
    if len(values) > _ERRORS_AT:
        values[_ERRORS_AT] = tuple(values[_ERRORS_AT])
    return Operation(*values)


def _shape(row: list[Any]) -> Shape:
    values = list(row)
    if len(values) > _MEMBERS_AT:
        values[_MEMBERS_AT] = tuple(Member(*member) for member in values[_MEMBERS_AT])
    if len(values) > _ENUM_AT and values[_ENUM_AT] is not None:
        values[_ENUM_AT] = tuple(values[_ENUM_AT])
    shape = Shape(*values)
    if not isinstance(shape.name, str) or not isinstance(shape.type, str):
        raise ValueError("a shape row must start with its name and type")
    return shape


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value
