"""The typing model of a stub package: Literal aliases, TypedDicts and client methods, built from a Service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specdiff.model import Member, Service, Shape
from specdiff.stubs.clientclass import (
    ClientModule,
    Method,
    OperationMethod,
    annotation_names,
    build_client_module,
    import_statement,
)
from specdiff.stubs.clientparts import ErrorDef, PaginatorDef, WaiterDef, modelled_errors, paginators_and_waiters
from specdiff.stubs.naming import (
    NameAllocator,
    class_name,
    docstring,
    first_sentence,
    is_plain_key,
    method_name,
    py_str,
    type_stem,
)

Direction = Literal["input", "output"]

RESPONSE_METADATA = "ResponseMetadataTypeDef"
EMPTY_RESPONSE = "EmptyResponseMetadataTypeDef"
#: names the templates define or import themselves; no shape may take them
RESERVED = frozenset(
    {
        "Any",
        "IO",
        "Literal",
        "Mapping",
        "NotRequired",
        "Sequence",
        "TypedDict",
        "Unpack",
        "datetime",
        "EventStream",
        "StreamingBody",
        "TypeAlias",
        RESPONSE_METADATA,
        EMPTY_RESPONSE,
        "JsonValue",
        "PaginatorConfigTypeDef",
        "WaiterConfigTypeDef",
    }
)
_BOTOCORE_MODULES = {"StreamingBody": "botocore.response", "EventStream": "botocore.eventstream"}

#: a document shape's value, and a ``jsonvalue`` member's: whatever JSON holds
JSON_VALUE = "JsonValue"

# Shapes whose Python type is not the same in a request as in a response: inputs accept
# any Sequence/Mapping, a str for a time, a file for bytes; outputs are what botocore
# builds (list, dict, datetime, bytes).
_VARYING_TYPES = frozenset({"list", "map", "timestamp", "blob"})
_SCALARS = {"string": "str", "integer": "int", "long": "int", "float": "float", "double": "float", "boolean": "bool"}


@dataclass(frozen=True)
class LiteralAlias:
    """``name = Literal[values]``; an ``open`` alias (a partial enum) also admits any str."""

    name: str
    values: tuple[str, ...]  # Python literals, already quoted
    open: bool


@dataclass(frozen=True)
class Key:
    """One TypedDict key: ``key`` is the quoted member name, ``name`` the bare one for class syntax."""

    name: str
    key: str
    annotation: str  # without Required/NotRequired
    required: bool

    @property
    def value(self) -> str:
        """The key's whole annotation, ``NotRequired[...]`` for an optional key."""
        return self.annotation if self.required else f"NotRequired[{self.annotation}]"

    @property
    def split(self) -> tuple[str, str, str] | None:
        """Where black splits a class-syntax line past 88 columns: (opening, inside, closing).

        A subscript splits inside its outer brackets; a bare name gets parentheses.
        None when the line fits.
        """
        value = self.value
        if 4 + len(self.name) + 2 + len(value) <= 88:
            return None
        if value.endswith("]"):
            head, _, inner = value.partition("[")
            return f"{head}[", inner[:-1], "]"
        return "(", value, ")"


@dataclass(frozen=True)
class TypedDictDef:
    """A TypedDict; ``functional`` when some key cannot be an identifier."""

    name: str
    keys: tuple[Key, ...]
    functional: bool
    doc: str  # a docstring literal or ""
    base: str = "TypedDict"  # or the request TypedDict a paginate/wait TypedDict extends

    @property
    def one_line(self) -> bool:
        """``class X(Base): ...``: black puts no blank line between two of these."""
        return not self.functional and not self.keys and not self.doc

    @property
    def header(self) -> str:
        """``class X(Base):``, split inside the parentheses where black splits it."""
        body = " ..." if not self.keys and not self.doc else ""
        line = f"class {self.name}({self.base}):{body}"
        return line if len(line) <= 88 else f"class {self.name}(\n    {self.base}\n):{body}"


@dataclass(frozen=True)
class StubModel:
    """Everything the templates need for one service's stub package, in output order."""

    package: str
    client: str
    title_doc: str
    partial: bool
    literals: tuple[LiteralAlias, ...]
    typed_dicts: tuple[TypedDictDef, ...]
    client_module: ClientModule
    paginators: tuple[PaginatorDef, ...]
    waiters: tuple[WaiterDef, ...]
    errors: tuple[ErrorDef, ...]
    # names the modules must import, sorted
    type_defs_literal_imports: tuple[str, ...]
    type_defs_typing_imports: tuple[str, ...]
    type_defs_uses_datetime: bool
    type_defs_botocore_imports: tuple[tuple[str, str], ...]  # (module, name)
    uses_json: bool

    @property
    def paginator_methods(self) -> tuple[Method, ...]:
        return tuple(
            Method("paginate", ("self", f"**kwargs: Unpack[{p.request}]"), f"PageIterator[{p.page}]")
            for p in self.paginators
        )

    @property
    def paginator_uses_any(self) -> bool:
        """A page of unknown shape (a partial spec) is ``dict[str, Any]``."""
        return any("Any" in p.page for p in self.paginators)

    @property
    def waiter_methods(self) -> tuple[Method, ...]:
        return tuple(Method("wait", ("self", f"**kwargs: Unpack[{w.request}]"), "None") for w in self.waiters)

    @property
    def init_import(self) -> str:
        return import_statement(".client", [f"{self.client} as {self.client}"])

    @property
    def paginator_imports(self) -> tuple[str, ...]:
        return tuple(sorted({name for p in self.paginators for name in (p.request, p.page) if name.endswith("TypeDef")}))

    @property
    def waiter_imports(self) -> tuple[str, ...]:
        return tuple(sorted({w.request for w in self.waiters}))


def _needs_functional_form(keys: tuple[Key, ...]) -> bool:
    """Whether a TypedDict must be written ``X = TypedDict("X", {...})``: a key that is not
    a plain identifier, or one that names what an annotation of the class uses (a key
    ``str`` would make the next ``str`` in the class body mean the key)."""
    used = {name for key in keys for name in annotation_names(key.value)}
    return not all(is_plain_key(key.name) and key.name not in used for key in keys)


def build_model(service: Service, package: str) -> StubModel:
    """Turn one service into its typing model."""
    return _Builder(service, package).build()


class _Builder:
    """The state of one build: which shapes are reached, which vary, what each is called."""

    def __init__(self, service: Service, package: str) -> None:
        self.service = service
        self.package = package
        self.shapes = service.shapes
        self.varying = self._varying_structures()
        self.reached = {"input": self._reach("input"), "output": self._reach("output")}
        self.nested = self._nested_shapes()
        self.output_roots = {op.output for op in service.operations.values() if op.output is not None}
        self.names = NameAllocator(RESERVED)
        self.literal_names: dict[str, str] = {}
        self.dict_names: dict[tuple[str, Direction], str] = {}
        self._allocate()
        self.typing_used: set[str] = set()
        self.literals_used: set[str] = set()
        self.uses_datetime = False
        self.uses_json = False
        self.botocore_used: set[str] = set()  # StreamingBody, EventStream

    # -- which shapes exist and how they vary

    def _varying_structures(self) -> set[str]:
        """Shapes (structures included) whose input type differs from their output type."""
        varying = {name for name, shape in self.shapes.items() if shape.type in _VARYING_TYPES}
        # an event stream is an EventStream only in a response: what holds one varies
        varying.update(
            name
            for name, shape in self.shapes.items()
            if shape.type == "structure"
            and any((child := self.shapes.get(m.shape)) is not None and child.eventstream for m in shape.members)
        )
        changed = True
        while changed:  # a structure varies when a member does; repeat until stable (cycles)
            changed = False
            for name, shape in self.shapes.items():
                if name not in varying and shape.type == "structure":
                    if any(m.shape in varying for m in shape.members):
                        varying.add(name)
                        changed = True
        return varying

    def _children(self, shape: Shape) -> list[str]:
        if shape.type == "structure":
            return [m.shape for m in shape.members]
        if shape.type == "list":
            return [shape.member] if shape.member is not None else []
        if shape.type == "map":
            return [name for name in (shape.key, shape.value) if name is not None]
        return []

    def _reach(self, direction: Direction) -> set[str]:
        roots = [
            (op.input if direction == "input" else op.output)
            for op in self.service.operations.values()
        ]
        seen: set[str] = set()
        stack = [name for name in roots if name is not None]
        while stack:
            name = stack.pop()
            if name in seen or name not in self.shapes:
                continue
            seen.add(name)
            stack.extend(self._children(self.shapes[name]))
        return seen

    def _nested_shapes(self) -> set[str]:
        """Shapes some other shape refers to (so not only ever a whole request or response)."""
        return {child for shape in self.shapes.values() for child in self._children(shape)}

    def _variant(self, name: str, direction: Direction) -> Direction:
        """Which TypedDict a structure uses in a direction: one shared unless it varies."""
        return "output" if direction == "output" and name in self.varying else "input"

    def _allocate(self) -> None:
        # Names are handed out in shape-name order, so a clash is settled the same way on
        # every run, whatever order the model listed its shapes in.
        for name in sorted(self.shapes):
            shape = self.shapes[name]
            reached_in = name in self.reached["input"]
            reached_out = name in self.reached["output"]
            if not (reached_in or reached_out):
                continue
            stem = type_stem(name)
            if shape.type == "structure" and shape.document:
                continue  # a document is a JSON value, not a TypedDict
            if shape.type == "structure":
                if reached_in or name not in self.varying:
                    self.dict_names[(name, "input")] = self.names.take(stem, "TypeDef")
                if reached_out and name in self.varying:
                    # "Output" only tells two variants apart; a shape only ever in
                    # responses keeps the plain name (no "DescribeXOutputOutputTypeDef")
                    suffix = "OutputTypeDef" if reached_in else "TypeDef"
                    self.dict_names[(name, "output")] = self.names.take(stem, suffix)
            elif shape.type == "string" and shape.enum is not None:
                self.literal_names[name] = self.names.take(stem, "Type")

    # -- annotations

    def annotation(
        self,
        name: str | None,
        direction: Direction,
        refs: list[str],
        defined: set[str] | None,
        within: frozenset[str] = frozenset(),
    ) -> str:
        """The type expression of a shape in a direction.

        TypedDict names it uses are appended to ``refs``; with ``defined`` given, a name
        not yet defined is written as a string (a forward reference: recursive shapes).
        ``within`` holds the lists and maps being expanded: a list that holds itself
        (no structure in between to name the cycle) has no finite type, so it ends in Any.
        """
        # a missing link (None: a list without its member) or an unknown shape is Any
        shape = self.shapes.get(name) if name is not None else None
        if name is None or shape is None or shape.type == "unknown" or name in within:
            self.typing_used.add("Any")
            return "Any"
        kind = shape.type
        if kind == "structure" and shape.document:
            self.uses_json = True
            return JSON_VALUE
        if kind == "structure":
            target = self.dict_names[(name, self._variant(name, direction))]
            refs.append(target)
            if defined is not None and target not in defined:
                return py_str(target)
            return target
        if kind == "list":
            inner = self.annotation(shape.member, direction, refs, defined, within | {name})
            if direction == "input":
                self.typing_used.add("Sequence")
                return f"Sequence[{inner}]"
            return f"list[{inner}]"
        if kind == "map":
            # botocore sends map keys as strings: a key shape of any other kind is str
            key_shape = self.shapes.get(shape.key) if shape.key is not None else None
            key = "str"
            if key_shape is not None and key_shape.type == "string":
                key = self.annotation(key_shape.name, direction, refs, defined, within)
            value = self.annotation(shape.value, direction, refs, defined, within | {name})
            if direction == "input":
                self.typing_used.add("Mapping")
                return f"Mapping[{key}, {value}]"
            return f"dict[{key}, {value}]"
        if kind == "string" and shape.enum is not None:
            alias = self.literal_names[name]
            self.literals_used.add(alias)
            return alias
        if kind == "timestamp":
            self.uses_datetime = True
            return "datetime | str" if direction == "input" else "datetime"
        if kind == "blob":
            if direction == "input":
                self.typing_used.add("IO")
                return "str | bytes | IO[bytes]"  # botocore encodes a str, reads a file
            return "bytes"
        return _SCALARS[kind]

    # -- building

    def _typed_dict_keys(
        self, name: str, direction: Direction, defined: set[str] | None, refs: list[str]
    ) -> tuple[Key, ...]:
        shape = self.shapes[name]
        # a key once: a hand-built or page spec could name a member twice, and a TypedDict
        # with a repeated key does not type-check
        first = {m.name: i for i, m in reversed(list(enumerate(shape.members)))}
        keys = [
            Key(
                name=m.name,
                key=py_str(m.name),
                annotation=self._member_annotation(shape, m, direction, refs, defined),
                required=m.required,
            )
            for i, m in enumerate(shape.members)
            if first[m.name] == i
        ]
        if self._carries_metadata(name) and not shape.member_named("ResponseMetadata"):
            refs.append(RESPONSE_METADATA)
            keys.append(Key("ResponseMetadata", py_str("ResponseMetadata"), RESPONSE_METADATA, True))
        return tuple(keys)

    def _member_annotation(
        self, parent: Shape, member: Member, direction: Direction, refs: list[str], defined: set[str] | None
    ) -> str:
        """A member's type as botocore gives it, which the member's place can change.

        In a response: the blob payload of an operation's output is a stream botocore
        does not read (``StreamingBody``; botocore's own test, ``has_streaming_output``,
        is exactly this), and an event stream is an ``EventStream`` of its events. A
        ``jsonvalue`` member is JSON text botocore decodes (and encodes on the way in).
        """
        if member.jsonvalue:
            self.uses_json = True
            return JSON_VALUE
        shape = self.shapes.get(member.shape)
        if direction == "output" and shape is not None:
            if shape.type == "blob" and parent.payload == member.name and parent.name in self.output_roots:
                self.botocore_used.add("StreamingBody")
                return "StreamingBody"
            if shape.type == "structure" and shape.eventstream:
                self.botocore_used.add("EventStream")
                return f"EventStream[{self.annotation(member.shape, direction, refs, defined)}]"
        return self.annotation(member.shape, direction, refs, defined)

    def _carries_metadata(self, name: str) -> bool:
        """A structure that is only ever a whole response gets botocore's ResponseMetadata."""
        return (
            name in self.output_roots
            and name not in self.nested
            and name not in self.reached["input"]
        )

    def _order(self) -> list[tuple[str, Direction, tuple[Key, ...], list[str]]]:
        """TypedDicts in dependency order (a type before its users), ties by name, each
        with its keys (no name quoted) and the TypedDict names those keys use.

        Depth-first from each TypedDict in name order, children in member order; an edge
        back into a cycle is left for a forward reference.
        """
        by_name = {typed: key for key, typed in self.dict_names.items()}
        deps: dict[str, list[str]] = {}
        built: dict[str, tuple[tuple[Key, ...], list[str]]] = {}
        for (name, variant), typed in self.dict_names.items():
            refs: list[str] = []
            built[typed] = (self._typed_dict_keys(name, variant, None, refs), refs)
            deps[typed] = [ref for ref in refs if ref in by_name]
        order: list[str] = []
        state: dict[str, int] = {}  # 1: on the stack, 2: done
        for root in sorted(deps):
            if root in state:
                continue
            stack = [(root, iter(deps[root]))]
            state[root] = 1
            while stack:
                node, children = stack[-1]
                for child in children:
                    if child not in state:
                        state[child] = 1
                        stack.append((child, iter(deps[child])))
                        break
                else:
                    stack.pop()
                    state[node] = 2
                    order.append(node)
        return [(*by_name[typed], *built[typed]) for typed in order]

    def build(self) -> StubModel:
        service = self.service
        literals = tuple(
            LiteralAlias(
                name=alias,
                values=tuple(py_str(v) for v in dict.fromkeys(self.shapes[shape].enum or ())),
                open=self.shapes[shape].partial,
            )
            for shape, alias in sorted(self.literal_names.items(), key=lambda item: item[1])
        )
        defined: set[str] = {RESPONSE_METADATA, EMPTY_RESPONSE}
        typed_dicts = []
        for name, variant, keys, refs in self._order():
            typed = self.dict_names[(name, variant)]
            # a name is "defined" for its own keys only once written: a self-reference
            # is a forward reference too. Only keys that use a name not yet defined (a
            # cycle) differ from the ones the ordering built: those quote it.
            if not defined.issuperset(refs):
                keys = self._typed_dict_keys(name, variant, defined, [])
            defined.add(typed)
            shape = self.shapes[name]
            doc = first_sentence(shape.documentation)
            if shape.partial:
                doc = f"Partial: the input showed only some members. {doc}".strip()
            typed_dicts.append(
                TypedDictDef(
                    name=typed,
                    keys=keys,
                    functional=_needs_functional_form(keys),
                    doc=docstring(doc),
                )
            )
        operations = self._methods()
        paginators, waiters, requests = paginators_and_waiters(self.service, operations, self.names)
        typed_dicts.extend(
            TypedDictDef(
                name=request.name,
                keys=(Key(request.key, py_str(request.key), request.config, False),) if request.key else (),
                functional=False,
                doc="",
                base=request.base,
            )
            for request in requests
        )
        errors = modelled_errors(self.service, class_name(self.package).removesuffix("Client") + "Exceptions")
        local = {typed: ".type_defs" for typed in (*self.dict_names.values(), RESPONSE_METADATA, EMPTY_RESPONSE)}
        local.update({p.name: ".paginator" for p in paginators})
        local.update({w.name: ".waiter" for w in waiters})
        local.update({e.name: ".exceptions" for e in errors})
        client_module = build_client_module(
            class_name(self.package),
            operations,
            service=service.name,
            service_id=service.metadata.service_id,
            local=local,
            paginators=[(p.operation, p.name) for p in paginators],
            waiters=[(w.waiter, w.name) for w in waiters],
            errors=[(e.attribute, e.name) for e in errors],
        )
        if paginators or waiters:
            self.typing_used.add("NotRequired")
        typing_used = set(self.typing_used)
        if self.uses_json:
            typing_used.update({"Mapping", "Sequence", "TypeAlias"})
        if any(not key.required for typed in typed_dicts for key in typed.keys):
            typing_used.add("NotRequired")
        if literals:
            typing_used.add("Literal")
        return StubModel(
            package=self.package,
            client=class_name(self.package),
            title_doc=docstring(
                f"Typed stubs for {service.title or service.name} ({service.name}"
                f"{', API ' + service.api_version if service.api_version else ''})."
                + (" Partial: generated from an input that showed only part of the service." if service.partial else "")
            ),
            partial=service.partial,
            literals=literals,
            typed_dicts=tuple(typed_dicts),
            client_module=client_module,
            paginators=tuple(paginators),
            waiters=tuple(waiters),
            errors=tuple(errors),
            type_defs_literal_imports=tuple(sorted(self.literals_used)),
            type_defs_typing_imports=tuple(sorted(typing_used - {"Literal"})),
            type_defs_uses_datetime=self.uses_datetime,
            type_defs_botocore_imports=tuple(
                sorted((_BOTOCORE_MODULES[name], name) for name in self.botocore_used)
            ),
            uses_json=self.uses_json,
        )

    def _methods(self) -> list[OperationMethod]:
        names = NameAllocator()
        methods = []
        # sorted by operation name: allocation order (and so any clash) is stable
        for op_name in sorted(self.service.operations):
            op = self.service.operations[op_name]
            request: str | None = None
            any_kwargs = False
            if op.input is not None:
                shape = self.shapes.get(op.input)
                if shape is not None and shape.type == "structure":
                    request = self.dict_names[(op.input, "input")]
                else:
                    any_kwargs = True
            if op.output is None:
                response = EMPTY_RESPONSE
            else:
                shape = self.shapes.get(op.output)
                if shape is not None and shape.type == "structure":
                    response = self.dict_names[(op.output, self._variant(op.output, "output"))]
                else:
                    response = "dict[str, Any]"
            doc = first_sentence(op.documentation)
            if op.deprecated:
                doc = f"Deprecated. {doc}".strip()
            if op.partial:
                doc = f"Partial: the input showed only part of this operation. {doc}".strip()
            methods.append(
                OperationMethod(
                    name=names.take(method_name(op_name)),
                    request=request,
                    response=response,
                    doc=docstring(doc),
                    any_kwargs=any_kwargs,
                )
            )
        return methods
