"""Changelog pages written from a comparison: one service's new and updated methods, each
with its delta and its whole documentation body, in the complete FORMAT.md text form.

The page is laid out by ``templates/page/changelog.txt.j2``; this module builds what it
lays out: one :class:`MethodView` per method, whose syntax literals and bullet trees are
already lines (their layout is botocore's documentation layout, FORMAT.md).

Every input-derived name is kept on its line (``one_line``): a name holding a line break
must not start a line of its own, which the reader would take for page structure. A name
that is not an identifier still cannot be read back: the format has no quoting for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

import jinja2

from specdiff.compare.changes import Comparison, Rule
from specdiff.compare.sitedelta import format_delta, method_delta
from specdiff.errors import UsageError
from specdiff.model import Member, Operation, Service, Shape, Spec
from specdiff.packagedata import template_environment
from specdiff.render.escaping import one_line
from specdiff.stubs.naming import snake_case

__all__ = ["render_page", "page_view", "PageView", "MethodView", "ParamView", "DeltaView", "NO_DATE"]

#: the date a page gets when none is given and the new side's version is not a date:
#: the page grammar needs a date, and a fixed one keeps the output deterministic
NO_DATE = "1970/01/01"

_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")

#: botocore's documentation type names (botocore.docs.utils.py_type_name)
_PY_TYPES = {
    "blob": "bytes", "double": "float", "long": "integer", "map": "dict",
    "structure": "dict", "timestamp": "datetime",
}
#: botocore's syntax example values (botocore.docs.utils.py_default); float has none
_PY_DEFAULTS = {
    "double": "123.0", "long": "123", "integer": "123", "string": "'string'",
    "blob": "b'bytes'", "boolean": "True|False", "timestamp": "datetime(2015, 1, 1)",
}
_RECURSIVE = "{'... recursive ...'}"
#: botocore's note on a deprecated operation (its spelling kept), in a "Danger" box
_DEPRECATED = (
    "Danger",
    "This operation is deprecated and may not function as expected. This operation should not be "
    "used going forward and is only kept for the purpose of backwards compatiblity.",
)
_STEP = 4  # syntax literals nest by four columns
_BULLET_STEP = 2  # bullet trees by two


@dataclass(frozen=True)
class DeltaView:
    """One printed delta; ``label`` is ``Request``/``Response`` under ``request, response``."""

    label: str
    text: str


@dataclass(frozen=True)
class ParamView:
    """A ``type X`` / ``param X`` block: ``lines`` are its prose and bullet tree."""

    name: str
    type: str
    required: bool
    lines: tuple[str, ...]


@dataclass(frozen=True)
class MethodView:
    """One method section of the page."""

    name: str
    status: str  # new | updated
    changes: str  # the Changes header word(s); empty for a new method
    deltas: tuple[DeltaView, ...]
    description: tuple[str, ...]
    request_syntax: tuple[str, ...]
    parameters: tuple[ParamView, ...]
    returns: bool  # False: the method returns nothing
    response_syntax: tuple[str, ...]
    response_structure: tuple[str, ...]


@dataclass(frozen=True)
class PageView:
    """A whole page: its title, summary and methods (new first, then updated, by name)."""

    date: str
    title: str
    service: str
    new: int
    updated: int
    methods: tuple[MethodView, ...]


def render_page(comparison: Comparison, old: Spec, new: Spec, *, date: str | None = None) -> str:
    """The changelog page of a one-service comparison, as text the page reader reads back.

    ``date`` (``YYYY/MM/DD``) defaults to the new side's version when that is a date,
    else to :data:`NO_DATE`. Raises :class:`UsageError` when the comparison spans
    several services: a page is about one.
    """
    view = page_view(comparison, old, new, date=date)
    return _environment().get_template("page/changelog.txt.j2").render(page=view, nbsp="\u00a0")


def page_view(comparison: Comparison, old: Spec, new: Spec, *, date: str | None = None) -> PageView:
    """What the page shows, built from the two sides' models and the comparison's scope.

    Only operations the comparison names are shown, so ``--operation`` and ignore files
    narrow the page as they narrow the report. A service the old side lacks is all new.
    """
    before, after = _service_pair(comparison, old, new)
    shown = _operations_shown(comparison, after, before)
    new_methods: list[MethodView] = []
    updated_methods: list[MethodView] = []
    for name in sorted(after.operations):
        if name not in shown:
            continue
        operation = after.operations[name]
        prior = before.operations.get(name) if before is not None else None
        if before is None or prior is None:
            new_methods.append(_method(after, operation, "new", "", ()))
            continue
        request = method_delta(before, after, prior.input, operation.input)
        response = method_delta(before, after, prior.output, operation.output)
        if request or response:
            header, deltas = _changes(request, response)
            updated_methods.append(_method(after, operation, "updated", header, deltas))
    return PageView(
        date=_page_date(date, new),
        title=one_line(after.title or after.name),
        service=one_line(after.name),
        new=len(new_methods),
        updated=len(updated_methods),
        methods=tuple(new_methods + updated_methods),
    )


def _operations_shown(comparison: Comparison, after: Service, before: Service | None) -> set[str]:
    names = {after.name, before.name if before is not None else after.name}
    changes = [c for c in comparison.changes if c.service in names]
    if any(c.operation is None and c.rule is Rule.SERVICE_ADDED for c in changes):
        return set(after.operations)
    return {c.operation for c in changes if c.operation}


def _service_pair(comparison: Comparison, old: Spec, new: Spec) -> tuple[Service | None, Service]:
    names = sorted({c.service for c in comparison.changes})
    if len(names) > 1:
        raise UsageError("--format page needs one service; use --service")
    if names and names[0] in new.services:
        after = new.services[names[0]]
    elif len(new.services) == 1:
        (after,) = new.services.values()
    else:
        raise UsageError("--format page needs one service; use --service")
    before = old.services.get(after.name)
    if before is None and len(old.services) == 1 and len(new.services) == 1:
        (before,) = old.services.values()  # a page names its service only loosely
    return before, after


def _page_date(date: str | None, new: Spec) -> str:
    for candidate in (date, new.version):
        match = _DATE.match(candidate or "")
        if match:
            year, month, day = match.groups()
            return f"{year}/{int(month):02d}/{int(day):02d}"
    if date:
        raise UsageError(f"not a date: {date!r} (expected YYYY/MM/DD)")
    return NO_DATE


def _changes(request: dict, response: dict) -> tuple[str, tuple[DeltaView, ...]]:
    """The ``Changes (...)`` header and its printed deltas, as the site writes them."""
    if request and response:
        if request == response:
            return "both", (DeltaView("", format_delta(request)),)
        return "request, response", (
            DeltaView("Request", format_delta(request)),
            DeltaView("Response", format_delta(response)),
        )
    if request:
        return "request", (DeltaView("", format_delta(request)),)
    return "response", (DeltaView("", format_delta(response)),)


# ---------------------------------------------------------------------------- method body


def _method(service: Service, operation: Operation, status: str, header: str, deltas: tuple[DeltaView, ...]) -> MethodView:
    request = service.shapes.get(operation.input) if operation.input else None
    response = service.shapes.get(operation.output) if operation.output else None
    history = (operation.input,) if operation.input else ()
    params = tuple(
        _param(service, member, history) for member in (request.members if request is not None else ())
    )
    return MethodView(
        name=one_line(operation.name),
        status=status,
        changes=header,
        deltas=deltas,
        description=tuple(prose(p) for p in doc_paragraphs(operation.documentation))
        + (_DEPRECATED if operation.deprecated else ()),
        request_syntax=tuple(_request_syntax(service, operation, request)),
        parameters=params,
        returns=response is not None,
        response_syntax=tuple(_response_syntax(service, response)),
        response_structure=tuple(_response_structure(service, response)),
    )


def _request_syntax(service: Service, operation: Operation, shape: Shape | None) -> list[str]:
    call = f"client.{one_line(snake_case(operation.name))}("
    if shape is None or not shape.members:
        return [call + ")"]
    lines = [call]
    last = len(shape.members) - 1
    for i, member in enumerate(shape.members):
        suffix = "," if i < last else ""
        lines += _value(service, member.shape, f"{one_line(member.name)}=", _STEP, suffix, (shape.name,))
    lines.append(")")
    return lines


def _response_syntax(service: Service, shape: Shape | None) -> list[str]:
    if shape is None:
        return []
    return _value(service, shape.name, "", 0, "", ())


def _value(service: Service, name: str, prefix: str, indent: int, suffix: str, history: tuple[str, ...]) -> list[str]:
    """The syntax lines of one value: ``prefix`` (``Name=`` or ``'Name': ``) at ``indent``."""
    pad = " " * indent
    shape = service.shapes.get(name)
    if name in history:
        return [f"{pad}{prefix}{_RECURSIVE}{suffix}"]
    if shape is None:
        return [f"{pad}{prefix}...{suffix}"]
    inner = history + (name,)
    if shape.type == "structure":
        if not shape.members:
            return [f"{pad}{prefix}{{}}{suffix}"]
        lines = [f"{pad}{prefix}{{"]
        last = len(shape.members) - 1
        for i, member in enumerate(shape.members):
            comma = "," if i < last else ""
            lines += _value(service, member.shape, f"{quote(member.name)}: ", indent + _STEP, comma, inner)
        return lines + [f"{pad}}}{suffix}"]
    if shape.type == "list":
        element = _value(service, shape.member, "", indent + _STEP, ",", inner) if shape.member else []
        return [f"{pad}{prefix}["] + element + [f"{pad}]{suffix}"]
    if shape.type == "map":
        value = _value(service, shape.value, "'string': ", indent + _STEP, "", inner) if shape.value else []
        return [f"{pad}{prefix}{{"] + value + [f"{pad}}}{suffix}"]
    if shape.type == "string" and shape.enum:
        return [f"{pad}{prefix}{'|'.join(quote(v) for v in shape.enum)}{suffix}"]
    return [f"{pad}{prefix}{_PY_DEFAULTS.get(shape.type, '...')}{suffix}"]


def quote(text: str) -> str:
    """A single-quoted literal the page reader unquotes back to ``text``."""
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return f"'{escaped}'"


def _param(service: Service, member: Member, history: tuple[str, ...]) -> ParamView:
    shape = service.shapes.get(member.shape)
    doc = member.documentation or (shape.documentation if shape is not None else "")
    lines = [prose(p) for p in doc_paragraphs(doc)]
    if shape is not None and member.shape not in history:
        lines += _children(service, shape, _BULLET_STEP, history + (member.shape,))
    return ParamView(name=one_line(member.name), type=_py_type(shape), required=member.required, lines=tuple(lines))


def _response_structure(service: Service, shape: Shape | None) -> list[str]:
    if shape is None:
        return []
    return _bullet(service, None, shape.name, "", False, _BULLET_STEP, (), response=True)


def _bullet(
    service: Service,
    name: str | None,
    shape_name: str,
    doc: str,
    required: bool,
    indent: int,
    history: tuple[str, ...],
    *,
    response: bool = False,
) -> list[str]:
    """One ``• Name (type) --`` line, its prose two columns in, then what is below it.

    ``doc`` is the member's documentation; without one the shape's own is shown. Only
    request bullets say ``[REQUIRED]``: botocore's response documentation does not.
    """
    pad = " " * indent
    shape = service.shapes.get(shape_name)
    doc = doc or (shape.documentation if shape is not None else "")
    label = f"{one_line(name)} " if name is not None else ""
    lines = [f"{pad}• {label}({_py_type(shape)}) --{' [REQUIRED]' if required and not response else ''}"]
    lines += [f"{pad}  {prose(p)}" for p in doc_paragraphs(doc)]
    if shape is None or shape_name in history:
        return lines  # botocore stops a bullet tree where a shape recurses
    return lines + _children(service, shape, indent + _BULLET_STEP, history + (shape_name,), response=response)


def _children(
    service: Service, shape: Shape, indent: int, history: tuple[str, ...], *, response: bool = False
) -> list[str]:
    """The bullets below a shape: a structure's members, a list's element, a map's key
    then (one level further in) its value."""
    lines: list[str] = []
    if shape.type == "structure":
        for member in shape.members:
            lines += _bullet(
                service, member.name, member.shape, member.documentation, member.required, indent, history,
                response=response,
            )
    elif shape.type == "list" and shape.member:
        lines += _bullet(service, None, shape.member, "", False, indent, history, response=response)
    elif shape.type == "map" and shape.key and shape.value:
        lines += _bullet(service, None, shape.key, "", False, indent, history, response=response)
        lines += _bullet(service, None, shape.value, "", False, indent + _BULLET_STEP, history, response=response)
    return lines


def _py_type(shape: Shape | None) -> str:
    if shape is None or shape.type == "unknown":
        return "string"
    return _PY_TYPES.get(shape.type, shape.type)


# ---------------------------------------------------------------------------- prose


class _Paragraphs(HTMLParser):
    """Botocore documentation (HTML) as plain paragraphs; list items start with ``•``."""

    _BLOCKS = frozenset({"p", "div", "br", "ul", "ol", "dl", "dt", "dd", "li", "note", "important",
                         "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.item = False

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(f"• {text}" if self.item else text)
            self.item = False  # a list item's later paragraphs are plain
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.flush()
            if tag == "li":
                self.item = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        self.current.append(data)


def doc_paragraphs(documentation: str) -> list[str]:
    """The paragraphs of a documentation string, each on one line, tags stripped."""
    if not documentation.strip():
        return []
    parser = _Paragraphs()
    parser.feed(documentation)
    parser.close()
    parser.flush()
    return parser.paragraphs


# A prose line that looks like one of the page's structural lines would be read as that
# line (FORMAT.md's grammar has no escape). Such lines are rare in documentation; a
# zero-width space in front keeps them prose and changes nothing a reader sees.
_STRUCTURAL = re.compile(
    r"""^(?:
        [{\[]
      | (?:Request|Response)\s*$
      | (?:Request\ Syntax|Response\ Syntax|Response\ Structure|Exceptions|rtype|returns|\[REQUIRED\])\s*$
      | (?:type|param)\ +\S+\s*$
      | (?:string|integer|long|float|double|boolean|datetime|timestamp|bytes|blob|list|dict|map
          |structure|document|StreamingBody|EventStream)\s*$
      | Changes\ +\(
      | [A-Za-z][A-Za-z0-9_]*\ +\((?:new|updated)\)
      | •\ +(?:[^\s(]+\ +)?\([A-Za-z]+\)\ *--
    )""",
    re.VERBOSE,
)


def prose(text: str) -> str:
    """A paragraph as one prose line the page reader cannot take for a structural line."""
    line = " ".join(text.split())
    return "\u200b" + line if _STRUCTURAL.match(line) else line


# ---------------------------------------------------------------------------- templates


@cache
def _environment() -> jinja2.Environment:
    return template_environment()  # plain text: no autoescape, as every text output
