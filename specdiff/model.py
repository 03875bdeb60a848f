"""The spec model: services, operations and shapes, whatever input they were read from.

Every loader (botocore model, data folder, changelog page, snapshot) produces these
objects, and everything downstream (the comparison, stubs, pages) reads only them.
The dataclasses are frozen; their dict fields are built once by a loader and must not be
mutated afterwards.
"""

from __future__ import annotations

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

    def member_named(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None


@dataclass(frozen=True)
class Operation:
    """An API operation: a method of the client, with its input and output shapes."""

    name: str
    input: str | None = None
    output: str | None = None
    deprecated: bool = False
    documentation: str = ""
    errors: tuple[str, ...] = ()
    partial: bool = False


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
    operations: dict[str, Operation] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)
    protocol: str = ""
    documentation: str = ""
    partial: bool = False


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
        return any(s.partial for s in self.services.values())

    @property
    def content_kind(self) -> InputKind:
        """The kind of input the services were read from: a snapshot's origin, else ``kind``."""
        return self.origin_kind if self.kind == "snapshot" and self.origin_kind else self.kind
