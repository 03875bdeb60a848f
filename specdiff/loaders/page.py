"""Changelog pages as specs: the methods a page shows, with shapes built from its syntax
literals and bullet trees. The spec is partial: what the page does not show is unknown."""

from __future__ import annotations

from specdiff.model import Member, Operation, Service, Shape, ShapeType, Spec
from specdiff.pages.ast import Bullet, Method, Page, Parameter, SyntaxNode
from specdiff.pages.reader import parse_page

#: bullet and syntax type words -> model types
_BULLET_TYPES: dict[str, ShapeType] = {
    "string": "string", "integer": "integer", "long": "long", "float": "float",
    "double": "double", "boolean": "boolean", "datetime": "timestamp", "timestamp": "timestamp",
    "bytes": "blob", "blob": "blob", "StreamingBody": "blob", "list": "list", "dict": "structure",
    "structure": "structure", "map": "map",
}
_SYNTAX_TYPES: dict[str, ShapeType] = {
    "string": "string", "integer": "integer", "float": "double", "boolean": "boolean",
    "timestamp": "timestamp", "blob": "blob", "stream": "blob", "enum": "string",
    "structure": "structure", "list": "list", "map": "map",
}


def load_page_text(text: str, *, source: str) -> Spec:
    """Parse a page (text or HTML) and build its partial spec."""
    return spec_from_page(parse_page(text, source=source), source=source)


def service_name_of(page: Page) -> str:
    """The client name a page is about: its summary names it ("Update sagemaker client ...");
    otherwise the title, lowercased, without the usual 'Amazon'/'AWS'/'Service' words."""
    words = page.summary.split()
    for i, word in enumerate(words[:-1]):
        if words[i + 1] == "client" and word.lower() == word and word.replace("-", "").isalnum():
            return word
    title = [w for w in page.title.service.split() if w not in ("Amazon", "AWS", "Service")]
    return "-".join(title).lower() or "unknown"


def spec_from_page(page: Page, *, source: str) -> Spec:
    """A partial spec of the methods on a page."""
    builder = _ShapeBuilder()
    operations = {}
    for method in page.methods:
        request = builder.request(method)
        response = builder.response(method)
        operations[method.name] = Operation(
            name=method.name,
            input=request,
            output=response,
            documentation=method.description,
            errors=tuple(sorted(set(method.exceptions))),
            partial=method.partial or page.lossy,
        )
    name = service_name_of(page)
    service = Service(
        name=name,
        title=page.title.service,
        api_version="",
        operations=dict(sorted(operations.items())),
        shapes=dict(sorted(builder.shapes.items())),
        partial=True,
    )
    return Spec(kind="page", source=source, services={name: service}, version=page.title.date, page=page)


class _ShapeBuilder:
    """Builds one shape per member path of each method (``CreateXRequest.Foo[]``)."""

    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}

    def request(self, method: Method) -> str | None:
        syntax = method.request_syntax
        members = syntax.members if syntax else ()
        if not members and not method.parameters:
            return None
        name = f"{method.name}Request"
        bullets = tuple(_param_bullet(p) for p in method.parameters)
        partial = syntax is None or syntax.partial
        self._structure(name, members, bullets, partial, method.description)
        return name

    def response(self, method: Method) -> str | None:
        syntax = method.response_syntax
        members = syntax.members if syntax else ()
        root = method.response_structure[0] if method.response_structure else None
        if not members and root is None:
            return None
        name = f"{method.name}Response"
        partial = syntax is None or syntax.partial
        self._structure(name, members, root.children if root else (), partial, "")
        return name

    def _structure(
        self, name: str, nodes: tuple[SyntaxNode, ...], bullets: tuple[Bullet, ...], partial: bool, doc: str
    ) -> None:
        by_bullet = {b.name: b for b in bullets if b.name}
        by_node = {n.name: n for n in nodes if n.name}
        order = [n.name for n in nodes if n.name] + [b.name for b in bullets if b.name and b.name not in by_node]
        members = []
        for member_name in order:
            assert member_name is not None
            bullet = by_bullet.get(member_name)
            target = self._shape(f"{name}.{member_name}", by_node.get(member_name), bullet)
            members.append(
                Member(
                    name=member_name,
                    shape=target,
                    required=bool(bullet and bullet.required),
                    documentation=bullet.documentation if bullet else "",
                )
            )
        self.shapes[name] = Shape(name=name, type="structure", members=tuple(members), documentation=doc, partial=partial)

    def _shape(self, name: str, node: SyntaxNode | None, bullet: Bullet | None) -> str:
        kind = _kind(node, bullet)
        partial = node is None or node.partial
        doc = bullet.documentation if bullet else ""
        if kind == "structure":
            self._structure(name, node.children if node else (), bullet.children if bullet else (), partial, doc)
            return name
        if kind == "list":
            element_node = node.children[0] if node and node.children else None
            element_bullet = bullet.children[0] if bullet and bullet.children else None
            element = self._shape(f"{name}[]", element_node, element_bullet)
            self.shapes[name] = Shape(name=name, type="list", member=element, documentation=doc, partial=partial)
            return name
        if kind == "map":
            value_node = node.children[0] if node and node.children else None
            key_bullet = bullet.children[0] if bullet and bullet.children else None
            value_bullet = key_bullet.children[0] if key_bullet and key_bullet.children else None
            key = self._shape(f"{name}{{key}}", node.key if node else None, key_bullet)
            value = self._shape(f"{name}{{}}", value_node, value_bullet)
            self.shapes[name] = Shape(name=name, type="map", key=key, value=value, documentation=doc, partial=partial)
            return name
        enum = node.values if node is not None and node.kind == "enum" else None
        # a string whose syntax line was lost may have been an enum: that is unknown
        self.shapes[name] = Shape(
            name=name, type=kind, enum=enum, documentation=doc,
            partial=node is None and kind in ("string", "unknown"),
        )
        return name


def _kind(node: SyntaxNode | None, bullet: Bullet | None) -> ShapeType:
    if bullet is not None and bullet.type in _BULLET_TYPES:
        kind = _BULLET_TYPES[bullet.type]
        if kind == "structure" and bullet.children and bullet.children[0].name is None:
            return "map"  # a dict whose bullets are an unnamed key and value
        if kind == "structure" and node is not None and node.kind == "map":
            return "map"
        if kind not in ("structure", "list", "map") or node is None:
            return kind
    if node is not None and node.kind in _SYNTAX_TYPES:
        return _SYNTAX_TYPES[node.kind]
    if bullet is not None and bullet.type in _BULLET_TYPES:
        return _BULLET_TYPES[bullet.type]
    return "unknown"


def _param_bullet(param: Parameter) -> Bullet:
    """A top-level parameter as a bullet, so request and response build alike."""
    kind = param.type
    if kind is None:
        if param.bullets and param.bullets[0].name is None:
            kind = "list" if not param.bullets[0].children or param.bullets[0].type in ("dict", "list") else "dict"
        elif param.bullets:
            kind = "dict"
        else:
            kind = "unknown"
    return Bullet(
        name=param.name,
        type=kind,
        required=bool(param.required),
        documentation=param.documentation,
        children=param.bullets,
        line=param.line,
    )
