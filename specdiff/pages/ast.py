"""The page AST: what a changelog page says, as frozen dataclasses, and its JSON form.

Every piece a page may show only in part carries ``partial``: a cut-short delta, a syntax
literal whose lines were lost, a bullet tree with gaps. ``partial`` means "what is here is
real, and there may be more"; it never means "nothing else happened".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, Union

# ---------------------------------------------------------------------------- deltas

SKETCH_SCALARS = frozenset(
    {"string", "integer", "long", "float", "double", "boolean", "timestamp", "blob"}
)


@dataclass(frozen=True)
class Sketch:
    """The type sketch of an added member (or of a member whose type changed).

    ``kind`` is a scalar type name, ``enum``, ``structure``, ``list``, ``map`` or
    ``recursive`` (the site prints ``()`` where a shape refers back to itself).
    """

    kind: str
    values: tuple[str, ...] = ()
    members: tuple[tuple[str, "Sketch"], ...] = ()
    element: "Sketch | None" = None
    key: "Sketch | None" = None
    partial: bool = False


@dataclass(frozen=True)
class EnumAdded:
    """A set of enum values added to a member; ``values`` sorted."""

    values: tuple[str, ...]
    partial: bool = False


@dataclass(frozen=True)
class DeltaMap:
    """A nested delta: member name -> what changed below it (or the sketch of an added member).

    A dict that holds no set of enum values anywhere below it reads two ways on a page: as
    a changed member with added members, or as the sketch of an added structure; the page
    alone cannot tell which. ``ambiguous`` says so, and :meth:`as_sketch` gives the other
    reading, for a reader that has the previous model to decide with.
    """

    entries: tuple[tuple[str, "Delta"], ...]
    partial: bool = False

    @property
    def ambiguous(self) -> bool:
        return not _holds_enum_added(self)

    @property
    def cut_here(self) -> bool:
        """Cut short at this level itself: partial, with no cut-short dict below it (a cut
        is reported once, at its innermost cut-short level)."""
        return self.partial and not any(isinstance(v, DeltaMap) and v.partial for _, v in self.entries)

    def get(self, name: str) -> "Delta | None":
        for key, value in self.entries:
            if key == name:
                return value
        return None

    def as_sketch(self) -> Sketch:
        members = tuple(
            (name, value.as_sketch() if isinstance(value, DeltaMap) else value)
            for name, value in self.entries
            if isinstance(value, (DeltaMap, Sketch))
        )
        return Sketch(kind="structure", members=members, partial=self.partial)  # type: ignore[arg-type]


Delta = Union[DeltaMap, EnumAdded, Sketch]


def describe_sketch(sketch: Sketch, *, members: bool = False) -> str:
    """A sketch in words: ``list of enum A | B``, ``map of string to integer``;
    ``members`` spells out a structure's members too."""
    def inner(s: Sketch | None) -> str:
        return describe_sketch(s, members=members) if s is not None else "unknown"

    if sketch.kind == "enum":
        return "enum " + " | ".join(sketch.values)
    if sketch.kind == "list":
        return f"list of {inner(sketch.element)}"
    if sketch.kind == "map":
        return f"map of {inner(sketch.key)} to {inner(sketch.element)}"
    if sketch.kind == "structure" and members:
        return "structure {" + ", ".join(f"{n}: {inner(v)}" for n, v in sketch.members) + "}"
    return sketch.kind


def _holds_enum_added(delta: Delta) -> bool:
    if isinstance(delta, EnumAdded):
        return True
    if isinstance(delta, DeltaMap):
        return any(_holds_enum_added(v) for _, v in delta.entries)
    return False


ChangesHeader = Literal["request", "response", "request, response", "both"]


@dataclass(frozen=True)
class Changes:
    """A method's ``Changes (...)`` block: the delta of its input and/or output shape.

    ``missing`` is set when the header was there but its delta was lost altogether.
    """

    header: ChangesHeader
    request: DeltaMap | None = None
    response: DeltaMap | None = None
    missing: bool = False

    @property
    def partial(self) -> bool:
        return self.missing or any(
            d is not None and _is_partial(d) for d in (self.request, self.response)
        )


def _is_partial(delta: Delta) -> bool:
    if delta.partial:
        return True
    if isinstance(delta, DeltaMap):
        return any(_is_partial(v) for _, v in delta.entries)
    if isinstance(delta, Sketch):
        parts = [s for _, s in delta.members] + [s for s in (delta.element, delta.key) if s]
        return any(_is_partial(s) for s in parts)
    return False


# ---------------------------------------------------------------------------- syntax


@dataclass(frozen=True)
class SyntaxNode:
    """One member (or list element, or map value) of a Request/Response Syntax literal.

    ``kind``: ``string integer float boolean timestamp blob stream enum structure list map
    recursive any unknown`` (``unknown``: the page lost the line that said). A list has
    one child, its element; a map has one child, its value, and ``key`` for its key.
    ``name`` is ``None`` for a list element or map value.
    """

    name: str | None
    kind: str
    values: tuple[str, ...] = ()
    children: tuple["SyntaxNode", ...] = ()
    key: "SyntaxNode | None" = None
    partial: bool = False
    line: int = 0

    def child(self, name: str) -> "SyntaxNode | None":
        for c in self.children:
            if c.name == name:
                return c
        return None


@dataclass(frozen=True)
class Fragment:
    """A run of syntax lines whose parent lines were lost and could not be placed."""

    depth: int
    members: tuple[SyntaxNode, ...]
    line: int = 0


@dataclass(frozen=True)
class Syntax:
    """A Request or Response Syntax literal.

    ``members`` are the top-level members (keyword arguments, or the response's keys).
    Runs of lines that a lossy page left without their parent are placed under the
    parameter the bullet trees say they belong to (the nodes made for that are partial);
    what cannot be placed stays in ``fragments``.
    """

    call: str | None
    members: tuple[SyntaxNode, ...]
    fragments: tuple[Fragment, ...] = ()
    partial: bool = False
    line: int = 0


# ---------------------------------------------------------------------------- bullets


@dataclass(frozen=True)
class Bullet:
    """One ``• Name (type) -- [REQUIRED]`` line of a bullet tree, with its prose and children.

    ``name`` is ``None`` for a list element or a map key/value bullet (``• (dict) --``).
    ``partial`` marks a bullet whose tree shows a gap: children standing deeper than one
    level below it (a list without its element's bullet proves nothing: botocore stops
    its bullets where a shape recurses).
    """

    name: str | None
    type: str
    required: bool = False
    documentation: str = ""
    children: tuple["Bullet", ...] = ()
    partial: bool = False
    line: int = 0


@dataclass(frozen=True)
class Parameter:
    """A ``type X`` / ``param X`` block: one top-level request parameter.

    ``type`` is ``None`` and ``required`` is ``None`` where a lossy page lost the short
    lines that said (``required`` is ``False`` only where the page shows the block whole).
    """

    name: str
    type: str | None = None
    required: bool | None = None
    documentation: str = ""
    bullets: tuple[Bullet, ...] = ()
    line: int = 0


# ---------------------------------------------------------------------------- page


@dataclass(frozen=True)
class Lost:
    """A part of a page that could not be read: what it was, where, why, and how much.

    ``section`` names the part (``changes``, ``request-syntax``, ``parameter``, ``returns``,
    ``response-syntax``, ``response-structure``, ``exceptions``, ``body``, ``head``);
    ``line``/``column`` is where reading failed, ``lines`` how many lines went unread.
    """

    section: str
    line: int
    column: int
    reason: str
    lines: int = 0


@dataclass(frozen=True)
class Skipped:
    """The lines around the page proper that are not the page: site chrome before its
    title line (a heading, breadcrumbs, navigation) and a footer after its last method."""

    before: int = 0
    after: int = 0
    start: int = 1


@dataclass(frozen=True)
class Method:
    """One method section: ``Name (new|updated)``, its delta and its documentation body."""

    name: str
    status: Literal["new", "updated"]
    changes: Changes | None = None
    description: str = ""
    request_syntax: Syntax | None = None
    parameters: tuple[Parameter, ...] = ()
    returns: str | None = None
    response_syntax: Syntax | None = None
    response_structure: tuple[Bullet, ...] = ()
    exceptions: tuple[str, ...] = ()
    line: int = 0
    lost: tuple[Lost, ...] = ()
    #: sections botocore did not render ("too large to render"): the page does not show them
    not_shown: tuple[str, ...] = ()
    #: a delta read where the Changes line was lost (a de-duplicating crawl): whether it is
    #: the request's or the response's the page no longer says; always partial
    headless: DeltaMap | None = None

    @property
    def directions(self) -> tuple[str, ...]:
        if self.changes is None:
            return ()
        header = self.changes.header
        if header == "both":
            return ("request", "response")
        return tuple(part.strip() for part in header.split(","))

    @property
    def partial(self) -> bool:
        return bool(
            # the site writes a Changes block for every updated method: none read, none kept
            (self.status == "updated" and self.changes is None)
            or bool(self.lost)
            or bool(self.not_shown)
            or (self.changes is not None and self.changes.partial)
            or (self.request_syntax is not None and self.request_syntax.partial)
            or (self.response_syntax is not None and self.response_syntax.partial)
        )


@dataclass(frozen=True)
class Title:
    """The page title: ``2019/10/24 - Amazon SageMaker Service - 9 updated api methods``."""

    date: str
    service: str
    new: int = 0
    updated: int = 0


@dataclass(frozen=True)
class Page:
    """A whole changelog page.

    ``lossy`` is set when the page shows signs of a text crawl that dropped lines (syntax
    without its brackets, cut-short deltas, ``type X`` without its type line, a section
    that could not be read). ``skipped`` says which lines around the page were not page;
    ``lost`` holds what could not be read outside any method.
    """

    title: Title
    summary: str = ""
    methods: tuple[Method, ...] = ()
    lossy: bool = False
    skipped: Skipped = Skipped()
    lost: tuple[Lost, ...] = ()

    def method(self, name: str) -> Method | None:
        for m in self.methods:
            if m.name == name:
                return m
        return None


# ---------------------------------------------------------------------------- JSON form

#: the ``node`` tag each class carries in the JSON form
NODE_TAGS: dict[type, str] = {
    Page: "page",
    Title: "title",
    Method: "method",
    Changes: "changes",
    DeltaMap: "delta",
    EnumAdded: "enum-added",
    Sketch: "sketch",
    Syntax: "syntax",
    Fragment: "fragment",
    SyntaxNode: "syntax-node",
    Parameter: "parameter",
    Bullet: "bullet",
    Lost: "lost",
    Skipped: "skipped",
}
_CLASSES = {tag: cls for cls, tag in NODE_TAGS.items()}
AST_FORMAT_VERSION = 1


def to_dict(node: Any) -> Any:
    """The JSON form of an AST node: each object tagged with ``node``, tuples as lists."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        out: dict[str, Any] = {"node": NODE_TAGS[type(node)]}
        for f in dataclasses.fields(node):
            out[f.name] = to_dict(getattr(node, f.name))
        return out
    if isinstance(node, tuple):
        return [to_dict(v) for v in node]
    return node


def from_dict(data: Any) -> Any:
    """Rebuild an AST node from :func:`to_dict`'s output (lists become tuples)."""
    if isinstance(data, dict):
        try:
            cls = _CLASSES[data["node"]]
        except KeyError:
            raise ValueError(f"unknown AST node {data.get('node')!r}") from None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: from_dict(v) for k, v in data.items() if k in names})
    if isinstance(data, list):
        return tuple(from_dict(v) for v in data)
    return data


def shift_lines(node: Any, offset: int) -> Any:
    """``node`` with every ``line`` field below it moved by ``offset`` (0 stays 0: unknown)."""
    if offset == 0:
        return node
    if isinstance(node, tuple):
        return tuple(shift_lines(v, offset) for v in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if f.name == "line" and isinstance(value, int):
            if value:
                changes["line"] = value + offset
        elif isinstance(value, tuple) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            moved = shift_lines(value, offset)
            if moved is not value:
                changes[f.name] = moved
    return dataclasses.replace(node, **changes) if changes else node


def page_to_dict(page: Page) -> dict[str, Any]:
    """The documented JSON document of a page (see docs/page-ast.md)."""
    return {"format": "specdiff-page-ast", "version": AST_FORMAT_VERSION, "page": to_dict(page)}


def page_from_dict(document: dict[str, Any]) -> Page:
    if document.get("format") != "specdiff-page-ast":
        raise ValueError("not a specdiff page AST document")
    page = from_dict(document["page"])
    if not isinstance(page, Page):
        raise ValueError("the document's page is not a page node")
    return page
