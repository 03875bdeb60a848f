"""The paginators, waiters and modelled errors of a service: their classes and the requests they take."""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from specdiff.model import Service
from specdiff.stubs.clientclass import IMPORTED_NAMES, OperationMethod
from specdiff.stubs.naming import NameAllocator, docstring, first_sentence, identifier, py_str, snake_case, type_stem


@dataclass(frozen=True)
class PaginatorDef:
    """A paginator class: ``paginate`` takes ``request`` and yields pages of ``page``."""

    name: str
    operation: str  # the method name get_paginator takes, quoted
    request: str
    page: str


@dataclass(frozen=True)
class WaiterDef:
    """A waiter class: ``wait`` takes ``request``."""

    name: str
    waiter: str  # the name get_waiter takes, quoted
    request: str


@dataclass(frozen=True)
class ErrorDef:
    """A modelled error: a ``ClientError`` subclass, ``client.exceptions.<attribute>``."""

    name: str
    attribute: str
    doc: str


@dataclass(frozen=True)
class ExtendedRequest:
    """What ``paginate``/``wait`` take: the operation's request TypedDict (``base``) plus
    ``key`` (``PaginationConfig``/``WaiterConfig``, typed ``config``), unless it has one."""

    name: str
    base: str  # a request TypedDict, or "TypedDict" for an operation without input
    key: str  # "" when the request already has a member of that name
    config: str


def paginators_and_waiters(
    service: Service, operations: list[OperationMethod], names: NameAllocator
) -> tuple[list[PaginatorDef], list[WaiterDef], list[ExtendedRequest]]:
    """The paginator and waiter classes (of the operations the model has), in name order,
    and the TypedDicts they take. ``operations`` are the methods in operation-name order;
    new type names come from ``names``, the package's allocator."""
    by_operation = dict(zip(sorted(service.operations), operations))
    paginators, waiters, requests = [], [], []

    def extended(op_name: str, stem: str, suffix: str, key: str, config: str) -> str:
        op = service.operations[op_name]
        shape = service.shapes.get(op.input) if op.input else None
        taken = shape is not None and shape.member_named(key) is not None
        name = names.take(stem, suffix)
        requests.append(ExtendedRequest(name, by_operation[op_name].request or "TypedDict", "" if taken else key, config))
        return name

    for op_name in sorted(service.paginators):
        if op_name not in by_operation:
            continue  # a paginator of an operation the model does not have
        stem = type_stem(op_name)
        request = extended(op_name, stem, "PaginateTypeDef", "PaginationConfig", "PaginatorConfigTypeDef")
        method = by_operation[op_name]
        paginators.append(PaginatorDef(names.take(stem, "Paginator"), py_str(method.name), request, method.response))
    for waiter_name in sorted(service.waiters):
        waiter = service.waiters[waiter_name]
        if waiter.operation not in by_operation:
            continue
        stem = type_stem(waiter_name)
        request = extended(waiter.operation, stem, "WaitTypeDef", "WaiterConfig", "WaiterConfigTypeDef")
        # get_waiter takes botocore's xform_name of the waiter's name
        waiters.append(WaiterDef(names.take(stem, "Waiter"), py_str(snake_case(waiter_name)), request))
    return paginators, waiters, requests


def modelled_errors(service: Service, container: str) -> list[ErrorDef]:
    """One class per error shape, as botocore's exception factory makes them.

    No class takes a name the client module imports or defines (``container``, the
    exceptions class): ``type`` is ``type_2``, still ``client.exceptions.type``.
    """
    names = NameAllocator({"ClientError", container, *IMPORTED_NAMES})
    attributes = NameAllocator()
    errors = []
    for shape_name in sorted(service.shapes):
        shape = service.shapes[shape_name]
        if not shape.exception:
            continue
        cls = names.take(identifier(shape_name, fallback="Error"))
        # botocore sets the shape's own name on client.exceptions (a soft keyword is fine)
        plain = shape_name.isascii() and shape_name.isidentifier() and not keyword.iskeyword(shape_name)
        attribute = attributes.take(shape_name if plain and not shape_name.startswith("_") else cls)
        errors.append(ErrorDef(cls, attribute, docstring(first_sentence(shape.documentation))))
    return errors
