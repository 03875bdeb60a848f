"""Load botocore service models (`service-2.json[.gz]`) and botocore data folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specdiff.errors import InputError
from specdiff.model import SCALAR_TYPES, Member, Operation, Service, Shape, Spec

MODEL_FILENAMES = ("service-2.json", "service-2.json.gz")

# Types botocore knows beyond the core ones; each maps to its nearest core type.
_TYPE_ALIASES = {"bigInteger": "long", "bigDecimal": "double", "char": "string", "character": "string"}


def looks_like_model(document: Any) -> bool:
    """True for a parsed JSON document that is a botocore service model."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("metadata"), dict)
        and isinstance(document.get("operations"), dict)
        and isinstance(document.get("shapes"), dict)
    )


def client_name(metadata: dict[str, Any], fallback: str = "") -> str:
    """The boto3 client name of a service, as botocore derives it from ``serviceId``."""
    service_id = metadata.get("serviceId")
    if isinstance(service_id, str) and service_id:
        return service_id.strip().lower().replace(" ", "-")
    for key in ("signingName", "endpointPrefix"):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            return value.lower()
    return fallback


def service_from_model(document: dict[str, Any], *, source: str, name: str = "") -> Service:
    """Build a :class:`Service` from a parsed botocore model.

    ``name`` overrides the client name (a data folder knows it from its layout);
    otherwise it comes from the model's metadata.
    """
    try:
        metadata = document["metadata"]
        shapes = {
            shape_name: _shape(shape_name, raw)
            for shape_name, raw in sorted(document["shapes"].items())
        }
        operations = {
            op_name: _operation(op_name, raw)
            for op_name, raw in sorted(document["operations"].items())
        }
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(f"not a valid botocore service model ({exc.__class__.__name__}: {exc})", source=source) from None
    return Service(
        name=name or client_name(metadata, fallback=Path(source).stem),
        title=str(metadata.get("serviceFullName") or metadata.get("serviceId") or name),
        api_version=str(metadata.get("apiVersion", "")),
        operations=operations,
        shapes=shapes,
        protocol=str(metadata.get("protocol", "")),
        documentation=str(document.get("documentation", "")),
    )


def _operation(name: str, raw: dict[str, Any]) -> Operation:
    return Operation(
        name=name,
        input=(raw.get("input") or {}).get("shape"),
        output=(raw.get("output") or {}).get("shape"),
        deprecated=bool(raw.get("deprecated", False)),
        documentation=str(raw.get("documentation", "")),
        errors=tuple(sorted(e["shape"] for e in raw.get("errors", ()))),
    )


def _shape(name: str, raw: dict[str, Any]) -> Shape:
    # The hot loop of loading a catalog (~90k shapes, ~260k members): positional
    # arguments and one dict lookup per key present, because that halves its time.
    kind = raw["type"]
    kind = _TYPE_ALIASES.get(kind, kind)
    if kind not in _KNOWN_TYPES:
        raise ValueError(f"shape {name!r} has unknown type {kind!r}")
    get = raw.get
    members: tuple[Member, ...] = ()
    raw_members = get("members")
    if raw_members:
        required = frozenset(get("required", ()))
        members = tuple(
            [
                Member(
                    member_name,
                    member["shape"],
                    member_name in required,
                    bool(member.get("deprecated", False)),
                    str(member.get("documentation", "")),
                )
                for member_name, member in raw_members.items()
            ]
        )
    enum = get("enum")
    element, key, value = get("member"), get("key"), get("value")
    return Shape(
        name,
        kind,
        members,
        element["shape"] if element else None,
        key["shape"] if key else None,
        value["shape"] if value else None,
        tuple([str(v) for v in enum]) if enum is not None else None,
        _number(get("min")),
        _number(get("max")),
        get("pattern"),
        bool(get("deprecated", False)),
        str(get("documentation", "")),
    )


_KNOWN_TYPES = SCALAR_TYPES | {"structure", "list", "map"}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number  # type: ignore[return-value]


def load_model_document(document: dict[str, Any], *, source: str) -> Spec:
    """A spec of the one service a parsed botocore model describes."""
    service = service_from_model(document, source=source)
    return Spec(kind="model", source=source, services={service.name: service})


def find_models(folder: Path) -> list[tuple[str, Path]]:
    """Every ``<service>/<api-version>/service-2.json[.gz]`` below ``folder``.

    Where a service has several API versions, botocore's own rule applies: the newest
    (the greatest version string) is the one a client loads.
    """
    newest: dict[str, tuple[str, Path]] = {}
    for filename in MODEL_FILENAMES:
        for path in folder.glob(f"*/*/{filename}"):
            service, version = path.parent.parent.name, path.parent.name
            if service not in newest or version > newest[service][0]:
                newest[service] = (version, path)
            elif version == newest[service][0] and path.name.endswith(".json"):
                newest[service] = (version, path)  # prefer the plain file to its .gz twin
    return sorted((service, path) for service, (_, path) in newest.items())
