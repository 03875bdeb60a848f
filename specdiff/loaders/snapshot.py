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
from specdiff.loaders.validate import check_service
from specdiff.loaders.botocore import build
from specdiff.model import (
    Acceptor,
    HttpBinding,
    Member,
    Operation,
    Paginator,
    Service,
    ServiceMetadata,
    Shape,
    Spec,
    Waiter,
)

FORMAT = "specdiff-snapshot"
#: 2: the wire contract (HTTP bindings, serialised names, errors, auth, paginators, waiters)
FORMAT_VERSION = 2

__all__ = ["FORMAT", "FORMAT_VERSION", "snapshot_bytes", "snapshot_document", "spec_from_snapshot"]


class _Rows:
    """One model class as positional rows: field order, trailing defaults left out.

    The form of each field comes from its annotation, so a field added to the model is
    kept without a change here: ``tuple[str, ...]`` is a JSON list, ``tuple[Member, ...]``
    a list of member rows, a model class (``HttpBinding``) one nested row.
    """

    def __init__(self, cls: type, fast: bool) -> None:
        self.cls, self.fast = cls, fast
        fields = dataclasses.fields(cls)
        self.names = tuple(f.name for f in fields)
        self.nested: dict[int, _Rows] = {}
        self.tuples: list[int] = []
        for index, f in enumerate(fields):
            kind = str(f.type).split(" |")[0]
            inner = kind[len("tuple[") : -len(", ...]")] if kind.startswith("tuple[") else kind
            if inner in _CLASSES:
                self.nested[index] = _ROWS[inner]
            if kind.startswith("tuple["):
                self.tuples.append(index)
        self.defaults = tuple(self._encode_value(i, d) for i, d in enumerate(_defaults(cls)))

    def _encode_value(self, index: int, value: Any) -> Any:
        nested = self.nested.get(index)
        if index in self.tuples and value is not None and value is not dataclasses.MISSING:
            return [nested.encode(v) for v in value] if nested else list(value)
        if nested is not None and value is not dataclasses.MISSING:
            return nested.encode(value)
        return value

    def encode(self, obj: Any) -> list[Any]:
        values = [self._encode_value(i, getattr(obj, name)) for i, name in enumerate(self.names)]
        return _row(values, self.defaults)

    def decode(self, row: list[Any]) -> Any:
        if not isinstance(row, list) or len(row) > len(self.names):
            raise ValueError(f"a {self.cls.__name__} row must be a list of at most {len(self.names)} values")
        values = dict(zip(self.names, row))
        for index, nested in self.nested.items():
            if index < len(row):
                name = self.names[index]
                raw = values[name]
                values[name] = tuple([nested.decode(r) for r in raw]) if index in self.tuples else nested.decode(raw)
        for index in self.tuples:
            if index < len(row) and index not in self.nested and row[index] is not None:
                values[self.names[index]] = tuple(row[index])
        # The classes a catalog holds by the hundred thousand skip __init__ (see build).
        return build(self.cls, values) if self.fast else self.cls(**values)


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


def _row(values: list[Any], defaults: tuple[Any, ...]) -> list[Any]:
    """``values`` without the trailing ones that equal their field's default."""
    end = len(values)
    while end and values[end - 1] == defaults[end - 1] and type(values[end - 1]) is type(defaults[end - 1]):
        end -= 1
    return values[:end]


_CLASSES = {cls.__name__: cls for cls in (Member, Acceptor, HttpBinding)}
_ROWS: dict[str, _Rows] = {}
for _name, _cls in _CLASSES.items():  # the nested classes first: the others refer to them
    _ROWS[_name] = _Rows(_cls, fast=_cls is Member)
_SHAPES = _Rows(Shape, fast=True)
_OPERATIONS = _Rows(Operation, fast=True)
_PAGINATORS = _Rows(Paginator, fast=False)
_WAITERS = _Rows(Waiter, fast=False)
_METADATA = _Rows(ServiceMetadata, fast=False)
_MEMBERS = _ROWS["Member"]


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
        "operations": [_OPERATIONS.encode(service.operations[n]) for n in sorted(service.operations)],
        "shapes": [_SHAPES.encode(service.shapes[n]) for n in sorted(service.shapes)],
        "metadata": _METADATA.encode(service.metadata),
        "paginators": [[n, _PAGINATORS.encode(service.paginators[n])] for n in sorted(service.paginators)],
        "waiters": [_WAITERS.encode(service.waiters[n]) for n in sorted(service.waiters)],
    }


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
            check_service(service, source)  # a snapshot is input too: references, types, depth
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
    except RecursionError:
        raise InputError("damaged snapshot: its page nests too deeply", source=source) from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise InputError(f"damaged snapshot ({exc.__class__.__name__}: {exc})", source=source) from None


def _service(raw: dict[str, Any]) -> Service:
    operations = {}
    for row in raw["operations"]:
        operation = _OPERATIONS.decode(row)
        if not isinstance(operation.name, str):
            raise ValueError("an operation row must start with its name")
        operations[operation.name] = operation
    shapes = {}
    for row in raw["shapes"]:
        shape = _SHAPES.decode(row)
        if not isinstance(shape.name, str) or not isinstance(shape.type, str):
            raise ValueError("a shape row must start with its name and type")
        shapes[shape.name] = shape
    paginators = {_text(name): _PAGINATORS.decode(row) for name, row in raw.get("paginators", [])}
    waiters = {}
    for row in raw.get("waiters", []):
        waiter = _WAITERS.decode(row)
        waiters[_text(waiter.name)] = waiter
    return Service(
        name=_text(raw["name"]),
        title=_text(raw["title"]),
        api_version=_text(raw["api_version"]),
        operations=operations,
        shapes=shapes,
        protocol=_text(raw.get("protocol", "")),
        documentation=_text(raw.get("documentation", "")),
        partial=bool(raw.get("partial", False)),
        metadata=_METADATA.decode(raw.get("metadata", [])),
        paginators=paginators,
        waiters=waiters,
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value
