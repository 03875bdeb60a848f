"""Load botocore service models (`service-2.json[.gz]`) and botocore data folders."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from specdiff.errors import InputError
from specdiff.loaders.clientnames import client_name
from specdiff.loaders.shapes import ModelOperations, ModelShapes, reference, shape_name
from specdiff.loaders.validate import check_outline
from specdiff.model import (
    SCALAR_TYPES,
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

__all__ = [
    "MODEL_FILENAMES",
    "beside",
    "build",
    "client_name",
    "find_models",
    "held_file",
    "model_folders",
    "layout_name",
    "load_model_document",
    "looks_like_model",
    "paginators_from_document",
    "service_from_model",
    "waiters_from_document",
]

MODEL_FILENAMES = ("service-2.json", "service-2.json.gz")
PAGINATORS_FILENAMES = ("paginators-1.json", "paginators-1.json.gz")
WAITERS_FILENAMES = ("waiters-2.json", "waiters-2.json.gz")

# Types botocore knows beyond the core ones; each maps to its nearest core type.
_TYPE_ALIASES = {"bigInteger": "long", "bigDecimal": "double", "char": "string", "character": "string"}

T = TypeVar("T")
_new = object.__new__


def build(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of a frozen model dataclass holding ``values``, without running ``__init__``.

    A catalog builds ~260k members and ~115k shapes, and a frozen dataclass's ``__init__``
    sets every field through ``object.__setattr__``: with the wire contract a member has 20
    fields, and that made loading five times slower. Here only the values a model states
    are stored; every other field reads its default from the class (a dataclass keeps plain
    defaults as class attributes), so equality, hashing, ``replace`` and pickling see the
    same object ``cls(**values)`` would be. Only for classes whose defaults are all plain
    values (no ``default_factory``): Member, Shape, Operation.
    """
    instance = _new(cls)
    instance.__dict__.update(values)
    return instance


def looks_like_model(document: Any) -> bool:
    """True for a parsed JSON document that is a botocore service model."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("metadata"), dict)
        and isinstance(document.get("operations"), dict)
        and isinstance(document.get("shapes"), dict)
    )


_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*")
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}")


def layout_name(path: Path) -> str:
    """The service folder of a model file that sits in a botocore layout, else "".

    ``.../<service>/<api-version>/service-2.json``: the folder two levels up is the client
    name, when the one between is an API version and the name is one botocore could use.
    """
    version, service = path.parent.name, path.parent.parent.name
    if _API_VERSION.fullmatch(version) and _SAFE_NAME.fullmatch(service):
        return service
    return ""


def beside(model: Path, filenames: tuple[str, ...]) -> Path | None:
    """The first of ``filenames`` in the model's folder (the plain file before its .gz twin)."""
    for filename in filenames:
        candidate = model.parent / filename
        if candidate.is_file():
            return candidate
    return None


def service_from_model(
    document: dict[str, Any],
    *,
    source: str,
    name: str = "",
    paginators: dict[str, Paginator] | None = None,
    waiters: dict[str, Waiter] | None = None,
    lazy: bool = False,
) -> Service:
    """Build a :class:`Service` from a parsed botocore model.

    ``name`` overrides the client name (a data folder knows it from its layout);
    otherwise it comes from the model's metadata (:func:`client_name`). The shapes are a
    :class:`~specdiff.loaders.shapes.ModelShapes`; unless ``lazy``, every one is checked
    and built now, and every operation, so that a damaged model is an error here. ``lazy``
    leaves each shape and operation to be checked and built when it is read (a catalog's
    services, which a comparison reads only as far as they changed).
    """
    if not looks_like_model(document):
        check_outline(document, source)  # says which part is missing or of the wrong kind
    shapes = ModelShapes(document["shapes"], source, _shape, _shape_kind)
    if not lazy:
        shapes.check()  # types, references and depth
        for shape_name in shapes:
            shapes.peek(shape_name)
    try:
        metadata = document["metadata"]
        operations: Mapping[str, Operation]
        if lazy:
            operations = ModelOperations(document["operations"], source, _operation)
        else:
            operations = {
                op_name: _operation(op_name, raw)
                for op_name, raw in sorted(document["operations"].items())
            }
        wire = _metadata(metadata)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        # The builders read strictly, so the checks find the fault and name its place;
        # what they let pass is said in the builder's words.
        check_outline(document, source)
        raise InputError(f"not a valid botocore service model ({exc.__class__.__name__}: {exc})", source=source) from None
    return Service(
        name=name or client_name(metadata, fallback=Path(source).stem),
        title=str(metadata.get("serviceFullName") or metadata.get("serviceId") or name),
        api_version=str(metadata.get("apiVersion", "")),
        operations=operations,
        shapes=shapes,
        protocol=str(metadata.get("protocol", "")),
        documentation=str(document.get("documentation", "")),
        metadata=wire,
        paginators=paginators or {},
        waiters=waiters or {},
    )


# ------------------------------------------------------------------ checked values
# Wire facts are read strictly: a value of the wrong type is damaged input, reported,
# never turned into some text that looks like a fact.


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__} {value!r:.40}")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {value!r:.40}")
    return value


def _flag_or_text(value: Any) -> bool | str:
    if not isinstance(value, bool | str):
        raise ValueError(f"expected true, false or text, found {value!r:.40}")
    return value


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of text, found {value!r:.40}")
    return tuple(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, found {value!r:.40}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    """A string or a list of strings (botocore writes both), as a tuple."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise ValueError(f"expected a list of text, found {value!r:.40}")
    return tuple([_text(v) for v in value])


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _namespace(value: Any) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        raise ValueError(f"expected an xmlNamespace object, found {value!r:.40}")
    uri = _text(value.get("uri", ""))
    prefix = value.get("prefix")
    return f"{_text(prefix)}={uri}" if prefix else uri


def _context_param(value: Any) -> str:
    if not isinstance(value, dict):
        raise ValueError(f"expected a contextParam object, found {value!r:.40}")
    return _text(value["name"])


# ------------------------------------------------------------------------ metadata


_METADATA_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "protocol": ("protocol", _text),
    "protocols": ("protocols", _texts),
    "jsonVersion": ("json_version", _text),
    "targetPrefix": ("target_prefix", _text),
    "signatureVersion": ("signature_version", _text),
    "signingName": ("signing_name", _text),
    "endpointPrefix": ("endpoint_prefix", _text),
    "auth": ("auth", _texts),
    "awsQueryCompatible": ("aws_query_compatible", lambda v: isinstance(v, dict) or _flag(v)),
    "serviceId": ("service_id", _text),
    "globalEndpoint": ("global_endpoint", _text),
    "xmlNamespace": ("xml_namespace", _namespace),
    "checksumFormat": ("checksum_format", _text),
    "protocolSettings": ("protocol_settings", _json),
}


def _metadata(raw: dict[str, Any]) -> ServiceMetadata:
    values = {}
    for key, value in raw.items():
        known = _METADATA_KEYS.get(key)
        if known is not None:
            values[known[0]] = known[1](value)
    return ServiceMetadata(**values)


# ---------------------------------------------------------------------- operations


def _http(raw: Any, endpoint: Any) -> HttpBinding:
    if not isinstance(raw, dict):
        raise ValueError(f"expected an http object, found {raw!r:.40}")
    code = raw.get("responseCode")
    prefix = endpoint.get("hostPrefix", "") if isinstance(endpoint, dict) else ""
    return HttpBinding(
        method=_text(raw.get("method", "")),
        request_uri=_text(raw.get("requestUri", "")),
        response_code=None if code is None else _integer(code),
        host_prefix=_text(prefix),
    )


def _compression(value: Any) -> tuple[str, ...]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a requestcompression object, found {value!r:.40}")
    return _texts(value.get("encodings", []))


_OPERATION_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "auth": ("auth", _texts),
    "authtype": ("authtype", _text),
    "httpChecksum": ("http_checksum", _json),
    "httpChecksumRequired": ("http_checksum_required", _flag),
    "requestcompression": ("request_compression", _compression),
    "staticContextParams": ("static_context_params", _json),
    "operationContextParams": ("operation_context_params", _json),
    "endpointdiscovery": ("endpoint_discovery", _json),
    "endpointoperation": ("endpoint_operation", _flag),
    "unsignedPayload": ("unsigned_payload", _flag),
    "idempotent": ("idempotent", _flag),
    "deprecatedMessage": ("deprecated_message", _text),
}


def _operation(name: str, raw: dict[str, Any]) -> Operation:
    # Strict: anything loaders.validate.check_outline refuses raises here (and then the
    # check names it), so that a model is read in one pass.
    errors = raw.get("errors", ())
    if not isinstance(errors, list | tuple):
        raise TypeError("errors must be a list")
    values: dict[str, Any] = {
        "name": name,
        "input": reference(raw.get("input")),
        "output": reference(raw.get("output")),
        "deprecated": bool(raw.get("deprecated", False)),
        "documentation": _text(raw.get("documentation", "")),
        "errors": tuple(sorted(shape_name(e["shape"]) for e in errors)),
    }
    if "http" in raw or "endpoint" in raw:
        values["http"] = _http(raw.get("http", {}), raw.get("endpoint"))
    for key, value in raw.items():
        known = _OPERATION_KEYS.get(key)
        if known is not None:
            values[known[0]] = known[1](value)
    return build(Operation, values)


# -------------------------------------------------------------------------- shapes

_MEMBER_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "deprecated": ("deprecated", bool),
    "documentation": ("documentation", _text),
    "location": ("location", _text),
    "locationName": ("location_name", _text),
    "queryName": ("query_name", _text),
    "xmlNamespace": ("xml_namespace", _namespace),
    "xmlAttribute": ("xml_attribute", _flag),
    "flattened": ("flattened", _flag),
    "idempotencyToken": ("idempotency_token", _flag),
    "hostLabel": ("host_label", _flag),
    "eventpayload": ("event_payload", _flag),
    "streaming": ("streaming", _flag),
    "jsonvalue": ("jsonvalue", _flag),
    "timestampFormat": ("timestamp_format", _text),
    "contextParam": ("context_param", _context_param),
    "box": ("box", _flag),
    "default": ("default", _json),
}


def _error(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an error object, found {value!r:.40}")
    values: dict[str, Any] = {}
    if "code" in value:
        values["error_code"] = _text(value["code"])
    if "httpStatusCode" in value:
        values["http_status"] = _integer(value["httpStatusCode"])
    if "senderFault" in value:
        values["sender_fault"] = _flag(value["senderFault"])
    if "fault" in value:  # older models state a server fault inside "error"
        values["fault"] = _flag(value["fault"])
    return values


_SHAPE_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "deprecated": ("deprecated", lambda v: bool(_flag_or_text(v))),
    "documentation": ("documentation", _text),
    "pattern": ("pattern", _text),
    "exception": ("exception", _flag),
    "fault": ("fault", _flag),
    "retryable": ("retryable", _json),
    "event": ("event", _flag),
    "eventstream": ("eventstream", _flag),
    "union": ("union", _flag),
    "document": ("document", _flag),
    "sensitive": ("sensitive", _flag),
    "requiresLength": ("requires_length", _flag),
    "streaming": ("streaming", _flag),
    "payload": ("payload", _text),
    "timestampFormat": ("timestamp_format", _text),
    "xmlNamespace": ("xml_namespace", _namespace),
    "flattened": ("flattened", _flag),
    "locationName": ("location_name", _text),
}


def _shape(name: str, raw: dict[str, Any]) -> Shape:
    # The hot loop of loading a catalog (~115k shapes, ~260k members): one pass over the
    # keys each raw object has (a member usually has two) rather than a lookup per field.
    # Strict: anything loaders.validate.check_shape refuses raises here (the check then
    # names it), so that a comparison reads each shape it needs once.
    kind = _core_type(raw["type"])
    if kind is None:
        raise ValueError(f"shape {name!r} has unknown type {raw['type']!r}")
    values: dict[str, Any] = {"name": name, "type": kind}
    shape_keys, member_keys = _SHAPE_KEYS, _MEMBER_KEYS
    for key, value in raw.items():
        known = shape_keys.get(key)
        if known is not None:
            values[known[0]] = known[1](value)
        elif key == "members":
            required = frozenset(_names(raw.get("required", [])))
            members = []
            for member_name, member in value.items():
                fields = {"name": member_name, "shape": shape_name(member["shape"])}
                if member_name in required:
                    fields["required"] = True
                for member_key, member_value in member.items():
                    known = member_keys.get(member_key)
                    if known is not None:
                        fields[known[0]] = known[1](member_value)
                members.append(build(Member, fields))
            values["members"] = tuple(members)
        elif key in ("member", "key", "value"):
            values[key] = shape_name(value["shape"])
        elif key == "enum":
            values["enum"] = _names(value)
        elif key == "min" or key == "max":
            values[key] = _number(value)
        elif key == "error":
            values.update(_error(value))
        elif key == "required":
            _names(value)  # read with the members; checked even where there are none
    return build(Shape, values)


_KNOWN_TYPES = SCALAR_TYPES | {"structure", "list", "map"}


def _core_type(kind: Any) -> str | None:
    """The core type a raw type names (an alias mapped), None for one not known."""
    kind = _TYPE_ALIASES.get(kind, kind)
    return kind if kind in _KNOWN_TYPES else None


def _shape_kind(raw: Any) -> str | None:
    """A raw shape's type (or "enum") as :func:`_shape` would build it, where its type is
    known and its enum, if any, a list of text; None otherwise (then it is built)."""
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    kind = _core_type(kind) if isinstance(kind, str) else None
    if kind is None:
        return None
    if "enum" in raw:
        enum = raw["enum"]
        return "enum" if isinstance(enum, list) and all(isinstance(v, str) for v in enum) else None
    return kind


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) < 1e300:
        raise ValueError(f"expected a number, found {value!r:.40}")
    number = float(value)
    return int(number) if number.is_integer() else number


# ------------------------------------------------------------- paginators, waiters


def paginators_from_document(document: Any, *, source: str) -> dict[str, Paginator]:
    """The paginators of a ``paginators-1.json`` document, by operation name."""
    try:
        pagination = document["pagination"]
        paginators = {}
        for operation, raw in sorted(pagination.items()):
            paginators[_text(operation)] = Paginator(
                input_token=_texts(raw.get("input_token", [])),
                output_token=_texts(raw.get("output_token", [])),
                limit_key=_text(raw.get("limit_key", "")),
                result_key=_texts(raw.get("result_key", [])),
                more_results=_text(raw.get("more_results", "")),
                non_aggregate_keys=_texts(raw.get("non_aggregate_keys", [])),
            )
        return paginators
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(f"not a valid botocore paginators file ({exc.__class__.__name__}: {exc})", source=source) from None


def waiters_from_document(document: Any, *, source: str) -> dict[str, Waiter]:
    """The waiters of a ``waiters-2.json`` document, by waiter name."""
    try:
        waiters = {}
        for name, raw in sorted(document["waiters"].items()):
            acceptors = tuple(
                Acceptor(
                    state=_text(a["state"]),
                    matcher=_text(a["matcher"]),
                    expected=_json(a["expected"]),
                    argument=_text(a.get("argument", "")),
                )
                for a in raw.get("acceptors", ())
            )
            waiters[_text(name)] = Waiter(
                name=name,
                operation=_text(raw["operation"]),
                delay=_integer(raw["delay"]),
                max_attempts=_integer(raw["maxAttempts"]),
                acceptors=acceptors,
            )
        return waiters
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(f"not a valid botocore waiters file ({exc.__class__.__name__}: {exc})", source=source) from None


# --------------------------------------------------------------------------- specs


def load_model_document(
    document: dict[str, Any],
    *,
    source: str,
    name: str = "",
    paginators: dict[str, Paginator] | None = None,
    waiters: dict[str, Waiter] | None = None,
) -> Spec:
    """A spec of the one service a parsed botocore model describes."""
    service = service_from_model(document, source=source, name=name, paginators=paginators, waiters=waiters)
    return Spec(kind="model", source=source, services={service.name: service})


def model_folders(folder: Path) -> list[tuple[str, Path, dict[str, os.DirEntry[str]]]]:
    """Each service's model file a client loads, with what its folder holds, by service
    name: ``<service>/<api-version>/service-2.json[.gz]``.

    Where a service has several API versions, botocore's own rule applies: the newest
    (the greatest version string); in one folder, the plain file before its .gz twin. One
    listing per folder (hidden names left out, as a glob leaves them), so that what lies
    beside a model is known without asking each file.
    """
    newest: dict[str, tuple[str, Path, dict[str, os.DirEntry[str]]]] = {}
    for service in _listing(folder):
        if not service.is_dir():
            continue
        for version in _listing(Path(service.path)):
            if not version.is_dir():
                continue
            held = {entry.name: entry for entry in _listing(Path(version.path))}
            model = next((name for name in MODEL_FILENAMES if name in held), None)
            if model is None:
                continue
            if service.name not in newest or version.name > newest[service.name][0]:
                newest[service.name] = (version.name, Path(version.path) / model, held)
    return [(name, model, held) for name, (_, model, held) in sorted(newest.items())]


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if not entry.name.startswith(".")]
    except OSError:  # unreadable or gone: nothing there, as a glob finds nothing
        return []


def held_file(folder: Path, held: dict[str, os.DirEntry[str]], filenames: tuple[str, ...]) -> Path | None:
    """The first of ``filenames`` that ``held`` (a folder's listing) has as a file."""
    for filename in filenames:
        entry = held.get(filename)
        if entry is not None and entry.is_file():
            return folder / filename
    return None


def find_models(folder: Path) -> list[tuple[str, Path]]:
    """Every ``<service>/<api-version>/service-2.json[.gz]`` below ``folder`` a client loads
    (:func:`model_folders`), by service name."""
    return [(service, model) for service, model, _ in model_folders(folder)]
