"""The client class of a stub package: its operations, botocore's and boto3's own members, its imports.

A class body is a scope: a method named ``dict`` (an operation ``Dict``) would make every
later ``dict[...]`` in the class mean the method. So every name the class's annotations
use that a member also takes is imported under a private alias (``_dict``), which no
member can take: member names never start with ``_``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from specdiff.stubs import injected
from specdiff.stubs.injected import Injected

# one identifier (with its dotted tail) or one string literal, which is left as it is
_NAME_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[A-Za-z_][A-Za-z0-9_]*')
_BUILTINS = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str", "type"})
_KEYWORDS = frozenset({"None", "True", "False"})

#: where names used in client annotations come from, beyond the package's own modules
SOURCES: Mapping[str, str] = {
    **injected.SOURCES,
    "Literal": "typing",
    "overload": "typing",
    "Unpack": "typing_extensions",
    "ClientMeta": "botocore.client",
    "ClientError": "botocore.exceptions",
}


#: names the client module may use for what it imports: no class of the package may take one
IMPORTED_NAMES = frozenset({*_BUILTINS, *SOURCES})


@dataclass(frozen=True)
class Method:
    """One method: ``params`` written out (``self`` first), its return annotation, its layout."""

    name: str
    params: tuple[str, ...]
    response: str
    doc: str = ""  # a docstring literal or ""
    decorator: str = ""  # "overload", "property" or ""

    @property
    def layout(self) -> Literal["line", "split", "exploded"]:
        """How black lays the signature out in 88 columns.

        On one line if it fits; else the parameters on one line of their own; else (or for
        ``self`` alone) one parameter a line with a trailing comma.
        """
        params = ", ".join(self.params)
        body = "" if self.doc else " ..."  # a stub's "..." shares the line
        if len(f"    def {self.name}({params}) -> {self.response}:{body}") <= 88:
            return "line"
        if len(self.params) > 1 and len(f"        {params}") <= 88:
            return "split"
        return "exploded"

    @property
    def param_lines(self) -> tuple[str, ...]:
        """The exploded layout's parameter lines; one past 88 columns split inside its
        subscript, as black splits it (``**kwargs: Unpack[`` / the name / ``],``)."""
        lines: list[str] = []
        for param in self.params:
            head, bracket, inner = param.partition("[")
            simple = bracket and param.endswith("]") and not any(c in inner[:-1] for c in "[],")
            if 8 + len(param) + 1 > 88 and simple:
                lines.extend((f"{head}[", f"    {inner[:-1]}", "],"))
            else:
                lines.append(f"{param},")
        return tuple(lines)


@dataclass(frozen=True)
class Attribute:
    name: str
    annotation: str

    @property
    def split(self) -> tuple[str, str, str] | None:
        """Where black splits the line past 88 columns: inside the subscript's brackets."""
        if 4 + len(self.name) + 2 + len(self.annotation) <= 88 or not self.annotation.endswith("]"):
            return None
        head, _, inner = self.annotation.partition("[")
        return f"{head}[", inner[:-1], "]"


@dataclass(frozen=True)
class ClassDef:
    """One class of the client module."""

    name: str
    attributes: tuple[Attribute, ...]
    methods: tuple[Method, ...]


@dataclass(frozen=True)
class ClientModule:
    """The client module: its import statements (groups split by "") and its classes."""

    imports: tuple[str, ...]
    classes: tuple[ClassDef, ...]

    @property
    def client(self) -> ClassDef:
        return self.classes[0]


@dataclass(frozen=True)
class OperationMethod:
    """An operation's method as the typing model gives it."""

    name: str
    request: str | None  # the TypedDict its keyword arguments unpack
    response: str
    doc: str
    any_kwargs: bool = False  # the request shape is unknown (a partial spec)


def build_client_module(
    name: str,
    operations: Iterable[OperationMethod],
    *,
    service: str,
    service_id: str = "",
    local: Mapping[str, str] | None = None,
    paginators: Iterable[tuple[str, str]] = (),
    waiters: Iterable[tuple[str, str]] = (),
    errors: Iterable[tuple[str, str]] = (),
) -> ClientModule:
    """The client class and its ``exceptions`` class.

    The client: the operations (less those botocore removes), the injected methods (which
    win over an operation, as they replace it in the class botocore builds), botocore's
    base members unless an operation took the name (``get_paginator`` and ``get_waiter``
    by Literal name: ``paginators`` and ``waiters`` are (quoted name, class) pairs). The
    exceptions class: ``ClientError`` and each modelled error (``errors``: (attribute,
    class) pairs). ``local`` maps each name the package's own modules define to its module.
    """
    event_id = injected.service_event_id(service_id, service)
    removed = injected.REMOVED.get(event_id, frozenset())
    added = (*injected.EVERY_CLIENT, *injected.BY_SERVICE.get(event_id, ()))
    added_names = {method.name for method in added}
    methods: dict[str, list[Method]] = {}
    for op in operations:
        if op.name in removed or op.name in added_names:
            continue
        if op.request:
            params: tuple[str, ...] = ("self", f"**kwargs: Unpack[{op.request}]")
        else:
            params = ("self", "**kwargs: Any") if op.any_kwargs else ("self",)
        methods[op.name] = [Method(op.name, params, op.response, op.doc)]
    for extra in added:
        methods[extra.name] = [_method(extra)]
    base = [
        Method("can_paginate", ("self", "operation_name: str"), "bool"),
        Method("close", ("self",), "None"),
        Method("waiter_names", ("self",), "list[str]", decorator="property"),
        *_by_name("get_paginator", "operation_name", list(paginators)),
        *_by_name("get_waiter", "waiter_name", list(waiters)),
    ]
    for method in base:
        group = methods.get(method.name)
        if group is None:
            methods[method.name] = [method]
        elif method.decorator == "overload" == group[0].decorator:
            group.append(method)
        # else an operation took the name: in botocore's class it wins over the base's
    exceptions_class = name.removesuffix("Client") + "Exceptions"
    error_attributes = [Attribute(attribute, f"type[{cls}]") for attribute, cls in errors]
    if "ClientError" not in {a.name for a in error_attributes}:
        error_attributes.insert(0, Attribute("ClientError", "type[ClientError]"))
    local = {**(local or {}), exceptions_class: ""}
    client, client_refs = _class_def(
        name, methods, [Attribute("meta", "ClientMeta"), Attribute("exceptions", exceptions_class)]
    )
    container, container_refs = _class_def(exceptions_class, {}, error_attributes)
    return ClientModule(imports=_imports(client_refs | container_refs, local), classes=(client, container))


def _by_name(method: str, param: str, targets: list[tuple[str, str]]) -> list[Method]:
    """``get_paginator``/``get_waiter``: one overload per name (a lone one needs none)."""
    decorator = "overload" if len(targets) > 1 else ""
    return [Method(method, ("self", f"{param}: Literal[{literal}]"), cls, decorator=decorator) for literal, cls in targets]


def _class_def(name: str, methods: dict[str, list[Method]], attributes: list[Attribute]) -> tuple[ClassDef, set[tuple[str, str]]]:
    """A class with every name its annotations use that a member shadows respelled, and
    the (name, spelling) pairs its module must import."""
    attributes = [a for a in attributes if a.name not in methods]
    members = set(methods) | {a.name for a in attributes}
    annotations = [a.annotation for a in attributes] + [
        text for group in methods.values() for m in group for text in (*map(_annotation, m.params), m.response)
    ]
    used = {name for text in annotations for name in annotation_names(text)}
    used.update(m.decorator for group in methods.values() for m in group if m.decorator == "overload")
    spelling = {used_name: f"_{used_name}" for used_name in used if used_name in members}
    ordered = [m for key in sorted(methods) for m in methods[key]]
    klass = ClassDef(
        name=name,
        attributes=tuple(Attribute(a.name, respell(a.annotation, spelling)) for a in attributes),
        methods=tuple(
            Method(
                m.name,
                tuple(_respell_param(p, spelling) for p in m.params),
                respell(m.response, spelling),
                m.doc,
                spelling.get(m.decorator, m.decorator),
            )
            for m in ordered
        ),
    )
    return klass, {(used_name, spelling.get(used_name, used_name)) for used_name in used}


def _method(extra: Injected) -> Method:
    return Method(extra.name, ("self", *extra.params), extra.response)


def _annotation(param: str) -> str:
    """A parameter's annotation (``Key: str = None`` -> ``str``), or "" when it has none."""
    return param.partition(":")[2].partition(" = ")[0].strip()


def annotation_names(annotation: str) -> Iterable[str]:
    """The names an annotation uses: the first part of each dotted name, outside string literals."""
    for match in _NAME_OR_STRING.finditer(annotation):
        token = match.group()
        start = match.start()
        if token[0] in "\"'" or (start > 0 and annotation[start - 1] == ".") or token in _KEYWORDS:
            continue
        yield token


def respell(annotation: str, spelling: Mapping[str, str]) -> str:
    """``annotation`` with each name in ``spelling`` replaced by its alias (string literals
    and dotted tails kept)."""
    if not spelling:
        return annotation

    def swap(match: re.Match[str]) -> str:
        token = match.group()
        start = match.start()
        if token[0] in "\"'" or (start > 0 and annotation[start - 1] == "."):
            return token
        return spelling.get(token, token)

    return _NAME_OR_STRING.sub(swap, annotation)


def _respell_param(param: str, spelling: Mapping[str, str]) -> str:
    """A parameter with its annotation respelled; its name and default stay."""
    if ":" not in param or not spelling:
        return param
    name, _, rest = param.partition(":")
    annotation, equals, default = rest.partition(" = ")
    return f"{name}:{respell(annotation, spelling)}{equals}{default}"


def _imports(refs: set[tuple[str, str]], local: Mapping[str, str]) -> tuple[str, ...]:
    """The import statements for (name, spelling) pairs: standard library, then third
    party, then the package's own; a name the module defines (``local`` "") is not imported."""
    by_module: dict[str, list[str]] = {}
    for name, spelled in sorted(refs):
        if name in _BUILTINS:
            module: str | None = "builtins" if spelled != name else None
        else:
            module = local.get(name, SOURCES.get(name))
        if not module:
            continue
        by_module.setdefault(module, []).append(name if spelled == name else f"{name} as {spelled}")
    groups: list[list[str]] = [[], [], []]
    for module in sorted(by_module):
        rank = 2 if module.startswith(".") else 1 if module.split(".")[0] in ("botocore", "typing_extensions") else 0
        groups[rank].append(import_statement(module, by_module[module], explode=rank == 2))
    lines: list[str] = []
    for group in groups:
        if group:
            if lines:
                lines.append("")
            lines.extend(group)
    return tuple(lines)


def import_statement(module: str, names: list[str], *, explode: bool = False) -> str:
    """``from module import names``: on one line where it fits (unless ``explode``), else
    one name a line, as black writes it."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 88 and not explode:
        return line
    inner = "".join(f"    {name},\n" for name in names)
    return f"from {module} import (\n{inner})"
