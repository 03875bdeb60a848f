"""The spec model: services, operations and shapes, whatever input they were read from.

Every loader (botocore model, data folder, changelog page, snapshot) produces these
objects, and everything downstream (the comparison, stubs, pages) reads only them.
The dataclasses are frozen; their dict fields are built once by a loader and must not be
mutated afterwards.

Beside the skeleton (members, types, enums, constraints) the model carries the wire and
client contract of a botocore model: how each operation is bound to HTTP, where and under
which name each member is serialised, the errors, auth, checksums, paginators and waiters.
Every such field has a default that means "not in the model", so a page spec (which shows
none of it) and old constructors keep working. Values that botocore gives as free-form
objects (``httpChecksum``, ``staticContextParams``, a member's ``default``) are kept as
``json.dumps(..., sort_keys=True)`` text: comparable, hashable and exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from specdiff.pages.ast import Page

ShapeType = Literal[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "float",
    "double",
    "boolean",
    "timestamp",
    "blob",
    "unknown",  # a page showed the member but not its type
]

SCALAR_TYPES: frozenset[str] = frozenset(
    {"string", "integer", "long", "float", "double", "boolean", "timestamp", "blob"}
)


@dataclass(frozen=True)
class Member:
    """One member of a structure: a name pointing at a shape."""

    name: str
    shape: str
    required: bool = False
    deprecated: bool = False
    documentation: str = ""
    #: where the member travels: "" (the body), "uri", "querystring", "header", "headers", "statusCode"
    location: str = ""
    #: the serialised name (``locationName``): the header, query key, URI label or body key
    location_name: str = ""
    #: the ec2 protocol's query key (``queryName``)
    query_name: str = ""
    #: the XML namespace uri, or "prefix=uri" when it has a prefix
    xml_namespace: str = ""
    xml_attribute: bool = False
    flattened: bool = False
    idempotency_token: bool = False
    host_label: bool = False
    event_payload: bool = False
    streaming: bool = False
    jsonvalue: bool = False
    timestamp_format: str = ""
    #: the endpoint rule parameter this member binds (``contextParam.name``)
    context_param: str = ""
    box: bool = False
    #: json.dumps(sort_keys=True) of the member's default value, or None when it has none
    default: str | None = None


@dataclass(frozen=True)
class Shape:
    """A named shape of a service model.

    ``members`` holds a structure's members in model order; ``member`` is a list's element
    shape; ``key``/``value`` a map's. ``enum`` is ``None`` for a plain string, a tuple of
    values (model order) for an enum. ``partial`` marks a shape read from a page that did
    not show all of it: its members or enum values may be incomplete.
    """

    name: str
    type: ShapeType
    members: tuple[Member, ...] = ()
    member: str | None = None
    key: str | None = None
    value: str | None = None
    enum: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    deprecated: bool = False
    documentation: str = ""
    partial: bool = False
    #: an error shape: its code, HTTP status and whether the caller is at fault
    exception: bool = False
    error_code: str = ""
    http_status: int | None = None
    fault: bool = False
    sender_fault: bool = False
    #: json.dumps(sort_keys=True) of ``retryable`` (``{"throttling": false}``), or ""
    retryable: str = ""
    event: bool = False
    eventstream: bool = False
    union: bool = False
    document: bool = False
    sensitive: bool = False
    requires_length: bool = False
    #: a streaming blob (or string) shape
    streaming: bool = False
    #: the member of a structure that is the whole HTTP body
    payload: str = ""
    timestamp_format: str = ""
    xml_namespace: str = ""
    flattened: bool = False
    location_name: str = ""

    def member_named(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    def members_by_name(self) -> dict[str, Member]:
        """The members by name (the first of a name, as :meth:`member_named` finds it): for
        a loop that looks up many, which would otherwise cost members x members."""
        return {m.name: m for m in reversed(self.members)}

    def references(self) -> Iterator[str]:
        """The shapes this one names: its members', then its list member, map key and value."""
        for member in self.members:
            yield member.shape
        for target in (self.member, self.key, self.value):
            if target is not None:
                yield target


@dataclass(frozen=True)
class HttpBinding:
    """How an operation is bound to HTTP: method, URI template, success code, host prefix."""

    method: str = ""
    request_uri: str = ""
    response_code: int | None = None
    #: ``endpoint.hostPrefix``: a label template put in front of the endpoint host
    host_prefix: str = ""


@dataclass(frozen=True)
class Operation:
    """An API operation: a method of the client, with its input and output shapes.

    ``errors`` names the error shapes the operation models (sorted). The free-form
    botocore objects (``httpChecksum``, ``staticContextParams``, ``endpointdiscovery``,
    ``operationContextParams``) are kept as sorted-keys JSON text, "" when absent.
    """

    name: str
    input: str | None = None
    output: str | None = None
    deprecated: bool = False
    documentation: str = ""
    errors: tuple[str, ...] = ()
    partial: bool = False
    http: HttpBinding = HttpBinding()
    #: the operation's ``auth`` list (schemes in order of preference)
    auth: tuple[str, ...] = ()
    #: the older single ``authtype`` ("none", "v4-unsigned-body", "bearer", ...)
    authtype: str = ""
    http_checksum: str = ""
    http_checksum_required: bool = False
    #: ``requestcompression.encodings``
    request_compression: tuple[str, ...] = ()
    static_context_params: str = ""
    operation_context_params: str = ""
    endpoint_discovery: str = ""
    endpoint_operation: bool = False
    unsigned_payload: bool = False
    idempotent: bool = False
    deprecated_message: str = ""


@dataclass(frozen=True)
class Paginator:
    """How a paginator walks an operation's pages (``paginators-1.json``); lists keep model order."""

    input_token: tuple[str, ...] = ()
    output_token: tuple[str, ...] = ()
    limit_key: str = ""
    result_key: tuple[str, ...] = ()
    more_results: str = ""
    non_aggregate_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acceptor:
    """One acceptor of a waiter: when ``matcher`` over ``argument`` meets ``expected`` (JSON text), ``state``."""

    state: str
    matcher: str
    expected: str
    argument: str = ""


@dataclass(frozen=True)
class Waiter:
    """A waiter (``waiters-2.json``): polls ``operation`` every ``delay`` seconds, ``max_attempts`` times."""

    name: str
    operation: str
    delay: int
    max_attempts: int
    acceptors: tuple[Acceptor, ...] = ()


@dataclass(frozen=True)
class ServiceMetadata:
    """The wire-level facts of a service's ``metadata``: protocols, JSON and target, signing, auth."""

    protocol: str = ""
    #: the protocols a client may choose from, in order of preference
    protocols: tuple[str, ...] = ()
    json_version: str = ""
    target_prefix: str = ""
    signature_version: str = ""
    signing_name: str = ""
    endpoint_prefix: str = ""
    auth: tuple[str, ...] = ()
    aws_query_compatible: bool = False
    service_id: str = ""
    global_endpoint: str = ""
    xml_namespace: str = ""
    checksum_format: str = ""
    #: json.dumps(sort_keys=True) of ``protocolSettings`` (``{"h2": "eventstream"}``), or ""
    protocol_settings: str = ""


@dataclass(frozen=True)
class Service:
    """One service at one version.

    ``name`` is the client name (``sagemaker``), ``title`` the full name
    (``Amazon SageMaker Service``). A ``partial`` service was read from a changelog page:
    it holds only the operations the page shows, and what the page could not show is
    unknown rather than absent.
    """

    name: str
    title: str
    api_version: str
    #: by name, in name order; a catalog's are built as they are read (``loaders.shapes``)
    operations: Mapping[str, Operation] = field(default_factory=dict)
    #: by name, in name order; a model's are built as they are read (``loaders.shapes``)
    shapes: Mapping[str, Shape] = field(default_factory=dict)
    protocol: str = ""
    documentation: str = ""
    partial: bool = False
    metadata: ServiceMetadata = ServiceMetadata()
    #: by operation name
    paginators: dict[str, Paginator] = field(default_factory=dict)
    #: by waiter name
    waiters: dict[str, Waiter] = field(default_factory=dict)


InputKind = Literal["model", "catalog", "page", "snapshot"]


@dataclass(frozen=True)
class Spec:
    """What one input yielded: one or more services, and where they came from.

    ``kind`` is the kind of input that was read (a snapshot keeps the kind it was taken
    of in ``origin_kind``); ``source`` is the path as the user named it; ``version`` a
    release label when one is known (a botocore version, a page date).
    """

    kind: InputKind
    source: str
    services: dict[str, Service] = field(default_factory=dict)
    version: str = ""
    origin_kind: InputKind | None = None
    #: the parsed page, for a spec read from a changelog page: its own deltas are changes
    page: Page | None = None

    @property
    def partial(self) -> bool:
        known = getattr(self.services, "partial", None)  # a catalog loaded lazily knows without loading
        return known if known is not None else any(s.partial for s in self.services.values())

    @property
    def content_kind(self) -> InputKind:
        """The kind of input the services were read from: a snapshot's origin, else ``kind``."""
        return self.origin_kind if self.kind == "snapshot" and self.origin_kind else self.kind
