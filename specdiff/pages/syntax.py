"""Request/Response Syntax literals: one line's parts, the tree of lines, and placing orphans.

The grammar hands over syntax lines nested by indentation; this module reads what each
line says (``'Name': 'A'|'B',``) and turns the nesting into :class:`SyntaxNode` trees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from specdiff.pages.ast import Bullet, Fragment, Parameter, Syntax, SyntaxNode

#: Each nesting level of a syntax literal is four columns; a list of structures puts its
#: members two levels below the list (``[`` then ``{``).
INDENT_STEP = 4

_KEY = re.compile(
    r"""^(?:
        (?P<qkey>'(?:[^'\\]|\\.)*'(?:\|'(?:[^'\\]|\\.)*')*):\s*   # 'Name': or 'A'|'B':
      | (?P<kwarg>[A-Za-z_][A-Za-z0-9_]*)=                         # Name=
    )""",
    re.VERBOSE,
)
_CALL = re.compile(r"^(?:response\s*=\s*)?(client\.[A-Za-z0-9_]+)\((\)?)$")
_CLOSER = re.compile(r"^(?:[\]})]+,?|,)$")  # closing brackets, or a lone "," after "{}"

_SCALARS = {
    "'string'": "string",
    "123": "integer",
    "123.0": "float",
    "True|False": "boolean",
    "datetime(2015, 1, 1)": "timestamp",
    "b'bytes'": "blob",
    "StreamingBody()": "stream",
    "...": "any",
    "{'... recursive ...'}": "recursive",
    "{}": "structure",  # a structure without members
    "{...}|[...]|123|123.4|'string'|True|None": "document",  # a document or JSON-value header
    "b'bytes'|file": "stream",  # a streaming input
    "{}|[]|123|123.0|'string'|True|None": "document",
}


@dataclass(frozen=True)
class SyntaxLine:
    """What one syntax line says, before nesting: ``key`` is the member name or map key."""

    text: str
    column: int
    line: int
    key: str | None  # member name, or a map key such as 'string'
    key_values: tuple[str, ...]  # a map key that is an enum: its values
    kwarg: bool  # Name=value (a top-level request parameter)
    opens: str | None  # "{" or "[" when the value continues on the lines below
    kind: str | None  # the value's kind when it is on this line
    values: tuple[str, ...]  # enum values
    closer: bool  # a line of closing brackets only
    call: str | None  # client.method( line


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0"}
_HEX_WIDTHS = {"x": 2, "u": 4, "U": 8}


class LoneSurrogate(ValueError):
    """An escape (``\\ud800``) that stands for half a character: not text."""


def unquote(text: str) -> str:
    """Undo the backslash escapes of a Python string literal body, without evaluating it.

    Raises :class:`LoneSurrogate` for an escape of a lone surrogate: no writer could
    encode it, so it is refused where it is read.
    """
    if "\\" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 == len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        width = _HEX_WIDTHS.get(nxt)
        digits = text[i + 2 : i + 2 + width] if width else ""
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            code = int(digits, 16)
            if 0xD800 <= code <= 0xDFFF:
                raise LoneSurrogate(text[i : i + 2 + width])
            out.append(chr(code) if code <= 0x10FFFF else "\ufffd")
            i += 2 + width
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def read_line(text: str, column: int, line: int) -> SyntaxLine:
    """Split one syntax line into key, value kind and enum values."""
    body = text.rstrip()
    first = body[:1]
    call = _CALL.match(body) if first in ("c", "r") else None
    if call:  # "client.x(" opens the arguments; "client.x()" has none
        arguments = None if call.group(2) else "("
        return SyntaxLine(body, column, line, None, (), False, arguments, None, (), False, call.group(1))
    if first in ("]", "}", ")", ",") and _CLOSER.match(body):
        return SyntaxLine(body, column, line, None, (), False, None, None, (), True, None)
    key: str | None = None
    key_values: tuple[str, ...] = ()
    kwarg = False
    m = _KEY.match(body)
    if m:
        if m.group("kwarg"):
            key, kwarg = m.group("kwarg"), True
        else:
            quoted = tuple(unquote(v) for v in quoted_bodies(m.group("qkey")))
            if len(quoted) > 1:
                key, key_values = "string", quoted
            else:
                key = quoted[0]
        body = body[m.end() :]
    value = body[:-1].rstrip() if body.endswith(",") else body
    opens: str | None = None
    kind: str | None = None
    values: tuple[str, ...] = ()
    if value in ("{", "["):
        opens = value
    elif value == "EventStream({":  # an event stream: a structure of its events
        opens, kind = "{", "event-stream"
    elif value in _SCALARS:
        kind = _SCALARS[value]
    elif len(value) > 1 and value[0] == "'" and value[-1] == "'" and _is_enum(value):
        values = _enum_values(value)
        kind = "enum"
    else:
        kind = "unknown"
    return SyntaxLine(body, column, line, key, key_values, kwarg, opens, kind, values, False, None)


def _is_enum(value: str) -> bool:
    """Whether ``value`` is one run of quoted literals joined by ``|`` and nothing else
    (two lines a crawl merged, ``'A'|'B',   Next='string'``, are not one enum), in one pass."""
    i, n = 0, len(value)
    while i < n:
        if value[i] != "'":
            return False
        j = i + 1
        while j < n and value[j] != "'":
            j += 2 if value[j] == "\\" else 1
        if j >= n:
            return False
        i = j + 1
        if i < n:
            if value[i] != "|":
                return False
            i += 1
            if i == n:
                return False
    return True


def _enum_values(value: str) -> tuple[str, ...]:
    """The values of ``'A'|'B'|'C'``; an enum line can hold hundreds, so split when it is plain."""
    if "\\" not in value:
        parts = value[1:-1].split("'|'")
        if not any("'" in part for part in parts):
            return tuple(parts)
    return tuple(unquote(v) for v in quoted_bodies(value))


def quoted_bodies(text: str) -> list[str]:
    """The bodies of the single-quoted literals in ``text``, in one pass (a regex
    ``findall`` restarts at every quote: quadratic on a line of escaped quotes)."""
    found: list[str] = []
    i, n = 0, len(text)
    while True:
        start = text.find("'", i)
        if start < 0:
            return found
        j = start + 1
        while j < n and text[j] != "'":
            j += 2 if text[j] == "\\" else 1
        if j >= n:
            return found  # an unclosed literal: nothing after it is a literal either
        found.append(text[start + 1 : j])
        i = j + 1


@dataclass
class LineTree:
    """A syntax line with the lines nested under it, as the grammar's blocks give them."""

    line: SyntaxLine
    blocks: list[list["LineTree"]]
    closed: bool = False


def _children(blocks: list[list[LineTree]]) -> list[LineTree]:
    """The lines nested under a line, each marked whether its closing bracket is there.

    A closing line (``}``, ``],``, ``)``) stands at the column of the line it closes,
    right after that line's own nested lines.
    """
    flat = [t for block in blocks for t in block]
    kids = []
    for i, t in enumerate(flat):
        if t.line.closer:
            continue
        following = flat[i + 1] if i + 1 < len(flat) else None
        t.closed = following is not None and following.line.closer and following.line.column == t.line.column
        kids.append(t)
    return kids


def build_node(tree: LineTree, name: str | None) -> SyntaxNode:
    """Turn one line and what is nested under it into a node.

    Its children stand one level (:data:`INDENT_STEP` columns) in from its line unless
    lines were lost; a gap marks the node partial.
    """
    ln = tree.line
    kids = _children(tree.blocks)
    if ln.opens is None:
        return SyntaxNode(name=name, kind=ln.kind or "unknown", values=ln.values, line=ln.line)
    if ln.opens == "{":
        node = _brace_node(name, kids, ln, tree.closed)
        return replace(node, kind=ln.kind) if ln.kind == "event-stream" else node
    return _list_node(name, kids, ln, tree.closed)


def _brace_node(name: str | None, kids: list[LineTree], ln: SyntaxLine, closed: bool) -> SyntaxNode:
    child_column = ln.column + INDENT_STEP
    gap = any(k.line.column != child_column for k in kids)
    if kids and all(k.line.key == "string" or k.line.key_values for k in kids):
        entry = kids[0]
        value = build_node(entry, None)
        key_kind = "enum" if entry.line.key_values else "string"
        key = SyntaxNode(name=None, kind=key_kind, values=entry.line.key_values, line=entry.line.line)
        return SyntaxNode(
            name=name, kind="map", children=(value,), key=key,
            partial=not closed or gap, line=ln.line,
        )
    members = tuple(build_node(k, k.line.key) for k in kids if k.line.key)
    return SyntaxNode(
        name=name, kind="structure", children=members,
        partial=not closed or gap or not kids, line=ln.line,
    )


def _list_node(name: str | None, kids: list[LineTree], ln: SyntaxLine, closed: bool) -> SyntaxNode:
    """A list: its element is the first child line (``{``, a scalar, or lossy members)."""
    element: SyntaxNode
    if not kids:
        element = SyntaxNode(name=None, kind="unknown", partial=True, line=ln.line)
    elif kids[0].line.key is not None:
        # the element's "{" line was lost: its members stand two levels down
        members = tuple(build_node(k, k.line.key) for k in kids if k.line.key)
        element = SyntaxNode(name=None, kind="structure", children=members, partial=True, line=kids[0].line.line)
    else:
        element = build_node(kids[0], None)
    gap = bool(kids) and kids[0].line.column != ln.column + INDENT_STEP and kids[0].line.key is None
    return SyntaxNode(
        name=name, kind="list", children=(element,), partial=not closed or gap or not kids, line=ln.line,
    )


def build_syntax(roots: list[LineTree], header_line: int) -> Syntax:
    """The syntax literal of one section from its top-level line trees.

    A complete literal starts with ``client.x(`` (request) or ``{`` (response) at column
    1 and holds the members one level in. Lines that start deeper, with their parent lost,
    become fragments keyed by how many levels below the top they stand.
    """
    call: str | None = None
    members: list[SyntaxNode] = []
    fragments: list[Fragment] = []
    partial = False
    rooted = False  # saw the ``client.x(`` or ``{`` line the literal opens with
    top_column = 1 + INDENT_STEP
    pending: list[LineTree] = []

    def flush() -> None:
        if pending:
            depth = max(0, (pending[0].line.column - top_column) // INDENT_STEP)
            nodes = tuple(build_node(t, t.line.key) for t in pending if t.line.key)
            if nodes:
                fragments.append(Fragment(depth=depth, members=nodes, line=pending[0].line.line))
            pending.clear()

    def visit(tree: LineTree) -> None:
        nonlocal call, partial, rooted
        ln = tree.line
        if ln.call is not None or (ln.opens == "{" and ln.key is None and ln.column == 1):
            rooted = True
            call = ln.call or call
            for kid in _children(tree.blocks):
                visit(kid)
            if not tree.closed and ln.opens is not None:
                partial = True
            return
        if ln.key is None and ln.column == 1 and ln.kind == "structure":
            rooted = True  # "{}": an output without members, whole on one line
            return
        if ln.closer:
            return
        if ln.key is not None and ln.column == top_column:
            flush()
            members.append(build_node(tree, ln.key))
            return
        pending.append(tree)

    for root in _children([roots]):
        visit(root)
    flush()
    # A complete literal always opens with its call or "{" line (an operation without
    # output has no Response Syntax at all): without it, lines were lost, maybe all.
    if fragments or not rooted:
        partial = True
    return Syntax(call=call, members=tuple(members), fragments=tuple(fragments), partial=partial, line=header_line)


# ---------------------------------------------------------------------------- placement


def place_fragments(syntax: Syntax, params: tuple[Parameter, ...] | tuple[Bullet, ...]) -> Syntax:
    """Place orphaned runs of a lossy literal under the parameters the bullet trees name.

    The bullet trees list each parameter's members in order, and the literal lists the
    parameters in the same order; so a run of orphan members belongs to the first
    parameter at or after the last one placed whose tree holds those names at that depth.
    A run that fits no parameter stays a fragment: nothing is guessed.
    """
    if not syntax.fragments:
        return syntax
    trees = [_param_tree(p) for p in params]
    members = list(syntax.members)
    left: list[Fragment] = []
    cursor = 0
    for fragment in syntax.fragments:
        queue = list(fragment.members)
        while queue:
            for index in range(cursor, len(trees)):
                name, tree = trees[index]
                route = _route_to(tree, fragment.depth, queue[0].name)
                if route is not None:
                    members = _attach(members, name, tree, route[0], _take_run(queue, route[1]))
                    cursor = index
                    break
            else:  # no parameter from the cursor on holds it
                left.append(Fragment(depth=fragment.depth, members=(queue.pop(0),), line=fragment.line))
    order = {name: i for i, (name, _) in enumerate(trees)}
    members.sort(key=lambda n: order.get(n.name or "", len(order)))
    return replace(syntax, members=tuple(members), fragments=tuple(_merge(left)), partial=True)


def _merge(fragments: list[Fragment]) -> list[Fragment]:
    merged: list[Fragment] = []
    for f in fragments:
        if merged and merged[-1].depth == f.depth and merged[-1].line == f.line:
            merged[-1] = replace(merged[-1], members=merged[-1].members + f.members)
        else:
            merged.append(f)
    return merged


def _take_run(queue: list[SyntaxNode], names: set[str]) -> list[SyntaxNode]:
    run: list[SyntaxNode] = []
    while queue and queue[0].name in names:
        run.append(queue.pop(0))
    return run


@dataclass(frozen=True)
class _BulletTree:
    type: str
    children: tuple[tuple[str | None, "_BulletTree"], ...]


def _param_tree(param: Parameter | Bullet) -> tuple[str, _BulletTree]:
    if isinstance(param, Parameter):
        kind = param.type or _guess_container(param.bullets)
        return param.name, _BulletTree(kind, tuple((b.name, _bullet_tree(b)) for b in param.bullets))
    return param.name or "", _bullet_tree(param)


def _guess_container(bullets: tuple[Bullet, ...]) -> str:
    if bullets and bullets[0].name is None:
        return "list"
    return "dict" if bullets else "unknown"


def _bullet_tree(b: Bullet) -> _BulletTree:
    return _BulletTree(b.type, tuple((c.name, _bullet_tree(c)) for c in b.children))


def _route_to(tree: _BulletTree, depth: int, name: str | None) -> tuple[list[str], set[str]] | None:
    """The syntax steps from a parameter down to the level ``depth`` levels below the top
    where ``name`` is a member, and that level's member names; ``None`` if it is not there.

    Syntax levels: a structure's members are one level down, a list's element one level
    and the element's members another (``[`` then ``{``), a map's value one level.
    """
    def walk(node: _BulletTree, level: int, steps: list[str]) -> tuple[list[str], set[str]] | None:
        # ``level`` is the depth of ``node``'s own line; its children stand one below
        names = {n for n, _ in node.children if n is not None}
        if level + 1 == depth and name in names:
            return steps, names
        if level + 1 >= depth:
            return None
        for child_name, child in node.children:
            found = walk(child, level + 1, steps + [child_name if child_name is not None else "[]"])
            if found:
                return found
        return None

    return walk(tree, 0, [])


def _attach(
    members: list[SyntaxNode], name: str, tree: _BulletTree, steps: list[str], run: list[SyntaxNode]
) -> list[SyntaxNode]:
    """Hang ``run`` under ``name`` along ``steps``, making partial nodes for lost lines."""
    existing = next((m for m in members if m.name == name), None)
    top_kind = "list" if tree.type == "list" else "structure"
    top = existing or SyntaxNode(name=name, kind=top_kind, partial=True, line=run[0].line)
    new_top = _hang(top, steps, run)
    return [new_top if m is existing else m for m in members] if existing else members + [new_top]


def _hang(node: SyntaxNode, steps: list[str], run: list[SyntaxNode]) -> SyntaxNode:
    if not steps:
        if node.kind == "list":  # members of a list element whose "{" was lost
            return _hang(node, ["[]"], run)
        return replace(node, children=node.children + tuple(run), partial=True)
    step, rest = steps[0], steps[1:]
    if step == "[]":
        element = node.children[0] if node.children else SyntaxNode(
            name=None, kind="structure", partial=True, line=run[0].line
        )
        return replace(node, kind="list", children=(_hang(element, rest, run),), partial=True)
    child = node.child(step) or SyntaxNode(name=step, kind="structure", partial=True, line=run[0].line)
    others = tuple(c for c in node.children if c.name != step)
    return replace(node, children=others + (_hang(child, rest, run),), partial=True)
