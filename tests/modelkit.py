"""Tiny hand-made botocore models for the comparison tests, written inline as plain dicts."""

from __future__ import annotations

import copy
from typing import Any

from specdiff.loaders.botocore import service_from_model
from specdiff.model import Service, Spec


def model(
    shapes: dict[str, Any],
    operations: dict[str, tuple[str | None, str | None]] | None = None,
    *,
    service: str = "demo",
) -> dict[str, Any]:
    """A botocore model document: ``operations`` maps a name to (input, output) shape names.

    By default one operation ``Op`` reads ``OpRequest`` and returns ``OpResponse``.
    """
    operations = {"Op": ("OpRequest", "OpResponse")} if operations is None else operations
    ops: dict[str, Any] = {}
    for name, (input_shape, output_shape) in operations.items():
        op: dict[str, Any] = {"name": name, "http": {"method": "POST", "requestUri": "/"}}
        if input_shape:
            op["input"] = {"shape": input_shape}
        if output_shape:
            op["output"] = {"shape": output_shape}
        ops[name] = op
    return {
        "version": "2.0",
        "metadata": {
            "apiVersion": "2020-01-01",
            "serviceId": service,
            "serviceFullName": f"Demo {service}",
            "protocol": "json",
        },
        "operations": ops,
        "shapes": copy.deepcopy(shapes),
    }


def structure(members: dict[str, str], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """A structure shape; ``members`` maps member names to shape names."""
    shape: dict[str, Any] = {"type": "structure", "members": {n: {"shape": s} for n, s in members.items()}}
    if required:
        shape["required"] = list(required)
    shape.update(extra)
    return shape


def service(document: dict[str, Any]) -> Service:
    return service_from_model(document, source="<inline>")


def spec(document: dict[str, Any], source: str = "<inline>") -> Spec:
    svc = service_from_model(document, source=source)
    return Spec(kind="model", source=source, services={svc.name: svc})


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
