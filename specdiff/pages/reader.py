"""The changelog page reader: Lark LALR grammar, the indentation post-lexer, the Transformer.

``parse_page(text)`` is the library call; ``read_page_file(path)`` adds reading a file
(text or HTML, gzip allowed). The grammar is ``grammars/changelog.lark``.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, cast

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from specdiff.errors import InputError, PageSyntaxError
from specdiff.packagedata import resource_dir
from specdiff.pages.elided import NOTE, flatten_elided, name_not_shown
from specdiff.pages.extent import TITLE_FORMAT, find_extent
from specdiff.pages.ast import (
    Bullet,
    Changes,
    ChangesHeader,
    Delta,
    DeltaMap,
    EnumAdded,
    Lost,
    Method,
    Page,
    Parameter,
    Sketch,
    Skipped,
    Syntax,
    Title,
    page_to_dict,
)
from specdiff.pages.literal import delta_map, joined
from specdiff.pages.recovery import Unreadable, lines_were_removed, read_damaged, read_headless
from specdiff.pages.syntax import (
    LineTree,
    LoneSurrogate,
    build_syntax,
    place_fragments,
    read_line,
    unquote,
)

__all__ = ["parse_page", "read_page_file", "page_to_json", "page_to_outline"]

# Tokens after which the post-lexer reads indentation as nesting.
_INDENTED_SECTIONS = frozenset(
    {"REQUEST_SYNTAX", "RESPONSE_SYNTAX", "TYPE_LINE", "PARAM_LINE", "RTYPE", "RETURNS",
     "RESPONSE_STRUCTURE", "EXCEPTIONS"}
)
_FLAT_SECTIONS = frozenset({"METHOD_LINE", "CHANGES_HEADER", "DELTA_LABEL", "SUMMARY"})
_OPENERS = frozenset({"LBRACE", "LSQB", "LPAR"})
_CLOSERS = frozenset({"RBRACE", "RSQB", "RPAR"})


#: Deeper nesting than any botocore shape needs; beyond it a page is refused, not recursed into.
MAX_NESTING = 100


class _TooDeep(Exception):
    """Raised by the post-lexer where nesting passes :data:`MAX_NESTING`."""

    def __init__(self, line: int | None, column: int | None) -> None:
        super().__init__(line, column)
        self.line = line or 1
        self.column = column or 1


class PageIndenter:
    """The post-lexer: turns the line layout of a page into tokens the grammar can nest.

    - In syntax and parameter sections, indentation becomes ``_INDENT``/``_DEDENT`` (like
      Lark's ``Indenter``), except that a dedent to a level never seen opens a new level
      instead of failing: a lossy page drops lines, so levels come and go.
    - Inside a ``Changes`` delta (pprint output), line breaks are dropped. A line that
      starts left of the innermost open bracket's items, a blank line or the end of the
      delta means the lines between were lost: each such bracket closes with ``CUT``, and
      the next line, which always begins a new item in pprint, gets a separating comma.
    - Elsewhere (prose) indentation means nothing.

    A line token ends with its line break and the next line's indentation; inside a delta
    the break is an ``_NL`` token of its own.
    """

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        indented = False
        levels = [0]
        brackets: list[int] = []  # item column (0-based) of each open delta bracket
        string_column = -1  # where the run of adjacent literals the last token ends began
        for token in stream:
            kind = token.type
            if brackets or kind in _OPENERS:
                if kind == "_NL":
                    yield from self._delta_break(token, brackets, string_column)
                    continue
                if kind == "STRING":
                    if string_column < 0:
                        string_column = (token.column or 1) - 1
                else:
                    string_column = -1
                if kind in _OPENERS:
                    brackets.append(token.column or 0)  # 1-based column of "{" = 0-based item column
                    if len(brackets) > MAX_NESTING:
                        raise _TooDeep(token.line, token.column)
                elif kind in _CLOSERS and brackets:
                    brackets.pop()
                yield token
                continue
            if kind in _INDENTED_SECTIONS:
                indented = True
            elif kind in _FLAT_SECTIONS:
                indented = False
            yield token
            if indented:  # a line token ends with its break and the next line's indentation
                indent = len(token.value) - token.value.rfind("\n") - 1
                if indent != levels[-1]:  # most lines keep the level: make no generator for them
                    yield from self._indentation(token, indent, levels)
        while len(levels) > 1:
            levels.pop()
            yield Token("_DEDENT", "")

    @staticmethod
    def _indentation(nl: Token, indent: int, levels: list[int]) -> Iterator[Token]:
        if indent > levels[-1]:
            if len(levels) > MAX_NESTING:
                raise _TooDeep(nl.line + nl.value.count("\n"), indent + 1)
            levels.append(indent)
            yield Token.new_borrow_pos("_INDENT", "", nl)
            return
        while indent < levels[-1]:
            levels.pop()
            yield Token.new_borrow_pos("_DEDENT", "", nl)
        if indent > levels[-1]:  # a level never seen: lines were lost
            levels.append(indent)
            yield Token.new_borrow_pos("_INDENT", "", nl)

    @staticmethod
    def _delta_break(nl: Token, brackets: list[int], string_column: int) -> Iterator[Token]:
        text = nl.value
        blank = text.count("\n") > 1
        column = len(text) - text.rfind("\n") - 1
        if not blank and brackets and column > brackets[-1] and column != string_column:
            # pprint starts every line at its bracket's items, or a string's continuation
            # under the string: a line deeper than both follows lines that were lost
            raise Unreadable(
                (nl.line or 0) + text.count("\n"), column + 1,
                "a delta line deeper than its bracket's items: the lines before it were lost",
            )
        cut = False
        while brackets and (blank or column < brackets[-1]):
            brackets.pop()
            cut = True
            yield Token.new_borrow_pos("CUT", "", nl)
        if cut and brackets and column > brackets[-1]:
            # left of the inner bracket's items, right of the outer's: no bracket's item
            # (a crawl merged lines above), and placed in the outer one it would be invented
            raise Unreadable(
                (nl.line or 0) + text.count("\n"), column + 1,
                "a delta line deeper than its bracket's items: the lines before it were lost",
            )
        if not brackets:
            yield nl  # the delta is over
        elif cut:
            yield Token.new_borrow_pos("_COMMA", ",", nl)


@cache
def _parser(suspect: bool = False) -> Lark:
    grammar = (resource_dir("grammars") / "changelog.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        postlex=PageIndenter(),
        transformer=PageTransformer(suspect),
        start=["start", "method", "lone_delta"],
        propagate_positions=False,
        maybe_placeholders=False,
    )


def normalise(text: str) -> str:
    """What the grammar reads: LF line ends, no BOM, plain spaces for no-break spaces."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", "    ")
    if not text.endswith("\n"):
        text += "\n"
    return text


def parse_page(text: str, *, source: str = "<page>") -> Page:
    """Read a changelog page (text) into its AST; HTML is accepted too.

    Whatever surrounds the page (site chrome before its title line, a footer after it)
    is skipped and reported in ``Page.skipped``. A method or section that cannot be read
    becomes a :class:`Lost` node and the rest reads (docs/page-ast.md, "Recovery").
    Raises :class:`PageSyntaxError` where there is no page at all: no title line, text
    that is not text (a lone surrogate), nesting past :data:`MAX_NESTING`.
    """
    if _looks_like_html(text):
        from specdiff.pages.html import html_to_text

        text = html_to_text(text, source=source)
    text = normalise(text)
    _refuse_surrogates(text, source)
    if not text.strip():
        raise PageSyntaxError(f"empty page: expected a title line {TITLE_FORMAT}", source=source, line=1, column=1)
    lines = text.split("\n")
    extent = find_extent(lines, source=source)
    elided = flatten_elided(lines, extent.start + 1, extent.stop) if NOTE in text else []
    # the lines up to the title stand as line breaks, so that every line keeps its number
    body = "\n" * (extent.start + 1) + "\n".join(lines[extent.start + 1 : extent.stop]) + "\n"
    lost: tuple[Lost, ...] = ()
    suspect = lines_were_removed(lines, extent)
    collecting = gc.isenabled()
    gc.disable()  # the parse makes many small acyclic objects: collections only rescan them
    try:
        try:
            summary, methods = cast(Any, _parser(suspect).parse(body, start="start"))  # the Transformer runs inside the parse
        except (UnexpectedInput, Unreadable):
            summary, methods, lost = read_damaged(
                lines, extent, _method_reader(suspect), lambda exc, at: _syntax_error(cast(UnexpectedInput, exc), at, source)
            )
    except _TooDeep as deep:
        raise PageSyntaxError(
            f"nesting deeper than {MAX_NESTING} levels; expected a page of API methods",
            source=source, line=deep.line, column=deep.column,
        ) from None
    finally:
        if collecting:
            gc.enable()
    if suspect:
        methods = read_headless(methods, lines, extent.stop, _delta_reader(suspect))
    # lossy: lines were lost; a section botocore did not render is none (named after this)
    lossy = _lossy(extent.title, methods) or bool(lost) or suspect
    if elided:
        methods = name_not_shown(methods, elided)
    skipped = Skipped(before=extent.start, after=len(lines) - 1 - extent.stop if extent.stop < len(lines) else 0, start=extent.start + 1)
    return Page(title=extent.title, summary=summary, methods=methods, lossy=lossy, skipped=skipped, lost=lost)


def _method_reader(suspect: bool) -> Callable[[str], Method]:
    def read(text: str) -> Method:
        """One method section on its own (the recovery reads a damaged page this way)."""
        return cast(Method, _parser(suspect).parse(text, start="method"))

    return read


def _delta_reader(suspect: bool) -> Callable[[str], DeltaMap | None]:
    def read(text: str) -> DeltaMap | None:
        """A delta on its own, or None where the text is none (or too damaged to read)."""
        try:
            return cast(DeltaMap, _parser(suspect).parse(text, start="lone_delta"))
        except (UnexpectedInput, Unreadable, _TooDeep):
            return None

    return read


def _refuse_surrogates(text: str, source: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[: exc.start]
        line = before.count("\n") + 1
        column = exc.start - (before.rfind("\n") + 1) + 1
        raise PageSyntaxError(
            "a lone surrogate (not text); expected UTF-8 text", source=source, line=line, column=column
        ) from None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    # a fragment: markup holding the site's <details> sections (a text page starts with its date)
    return head.startswith("<") and "<details" in text[:200000].lower()


_EXPECTED_NAMES = {
    "DATE": "a title line 'YYYY/MM/DD - Service - N updated api methods'",
    "METHOD_LINE": "a method line 'Name (new|updated) Link ¶'",
    "CHANGES_HEADER": "'Changes (request|response|both)'",
    "SYNTAX_LINE": "a syntax line",
    "STRING": "a quoted string",
    "RBRACE": "'}'",
    "RSQB": "']'",
    "_DEDENT": "less indentation",
}


def _syntax_error(exc: UnexpectedInput, text: str, source: str) -> PageSyntaxError:
    line = getattr(exc, "line", None)
    column = getattr(exc, "column", None)
    if isinstance(exc, UnexpectedEOF) or line is None or line < 1:
        line, column = text.count("\n"), 1
        what = "the page ends in the middle of a method"
    elif isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type in ("_INDENT", "_DEDENT", "CUT", "_COMMA", "$END") or not token.value:
            what = "unexpected layout"
        else:
            what = f"unexpected {_describe(token.value)}"
    elif isinstance(exc, UnexpectedCharacters):
        what = f"unexpected {_describe(text[exc.pos_in_stream:].split(chr(10), 1)[0])}"
    else:
        what = "unexpected input"
    expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    wanted = [_EXPECTED_NAMES[name] for name in expected if name in _EXPECTED_NAMES]
    message = what + (f"; expected {' or '.join(wanted[:3])}" if wanted else "")
    lines = text.split("\n")
    context = lines[line - 1] if 0 < line <= len(lines) else ""
    return PageSyntaxError(message, source=source, line=line, column=column or 1, context=context)


def _describe(value: str) -> str:
    value = value.strip()
    return repr(value[:40] + ("..." if len(value) > 40 else "")) if value else "blank line"


# ---------------------------------------------------------------------------- transformer


class _Item:
    """A line of a bullet section with the items nested under it (transformer-internal)."""

    __slots__ = ("token", "children")

    def __init__(self, token: Token, children: list["_Item"]) -> None:
        self.token = token
        self.children = children


@v_args(inline=True)
class PageTransformer(Transformer):
    """The only bridge from the parse to the AST (runs inside the LALR parse).

    ``suspect``: the page shows that repeated lines were removed (a de-duplicating
    crawl), so any delta literal spanning lines may have lost some: it reads partial.
    """

    def __init__(self, suspect: bool = False) -> None:
        super().__init__()
        self.suspect = suspect

    def _cut(self, opener: Token, closer: Token) -> bool:
        return closer.type == "CUT" or (self.suspect and closer.line != opener.line)

    # ---- head

    def summary(self, token: Token) -> str:
        return token.value[len("Changes") :].strip()

    # ---- deltas

    def string(self, *tokens: Token) -> str:
        try:
            parts = [unquote(t.value[1:-1]) for t in tokens]
        except LoneSurrogate:
            token = tokens[0]
            raise Unreadable(token.line, token.column, "a string escape of a lone surrogate (not text)") from None
        if len(parts) == 1:
            return parts[0]
        return joined(parts, suspect=self.suspect)

    def pair(self, key: str, value: Any) -> tuple[str, Any]:
        return key, value

    def py_dict(self, *items: Any) -> tuple[str, list[tuple[str, Any]], bool]:
        return ("dict", [i for i in items if isinstance(i, tuple)], self._cut(items[0], items[-1]))

    def py_set(self, *items: Any) -> tuple[str, list[str], bool]:
        values = [i for i in items if isinstance(i, str) and not isinstance(i, Token)]
        return ("set", values, self._cut(items[0], items[-1]))

    def py_list(self, *items: Any) -> tuple[str, list[Any], bool]:
        return ("list", [i for i in items if not isinstance(i, Token)], self._cut(items[0], items[-1]))

    def empty_tuple(self, *_: Token) -> tuple[str, None, bool]:
        return ("tuple", None, False)

    def joined_string(self, *items: Token) -> tuple[str, str, bool]:
        strings = [t for t in items if t.type == "STRING"]
        text = self.string(*strings)
        return ("joined", text, items[-1].type == "CUT")

    def delta(self, value: Any) -> DeltaMap:
        return delta_map(value)

    def lone_delta(self, delta: DeltaMap) -> DeltaMap:
        return delta

    def labelled_delta(self, label: Token, delta: DeltaMap | None = None) -> tuple[str, DeltaMap | None]:
        return label.value.strip().lower(), delta

    def changes(self, header: Token, *parts: Any) -> Changes:
        inside = header.value[header.value.index("(") + 1 : header.value.rindex(")")]
        name = cast(ChangesHeader, ", ".join(p.strip() for p in inside.split(",")))
        if not parts:
            return Changes(header=name, missing=True)
        if isinstance(parts[0], DeltaMap):
            delta = parts[0]
            if name == "both":
                return Changes(header=name, request=delta, response=delta)
            if name == "request":
                return Changes(header=name, request=delta)
            if name == "response":
                return Changes(header=name, response=delta)
            # "request, response" with one unlabelled delta: which side it is was lost
            return Changes(header=name, missing=True)
        found = dict(parts)
        request, response = found.get("request"), found.get("response")
        missing = any(d is None for d in (request, response))
        return Changes(header=name, request=request, response=response, missing=missing)

    # ---- body

    def description(self, *lines: Token) -> tuple[str, str]:
        return "description", "\n".join(t.value.strip() for t in lines)

    def item(self, token: Token, *blocks: list[_Item]) -> _Item:
        return _Item(token, [i for block in blocks for i in block])

    def block(self, *items: _Item) -> list[_Item]:
        return list(items)

    def syntax_block(self, *lines: LineTree) -> list[LineTree]:
        return list(lines)

    def syntax_line(self, token: Token, *blocks: list[LineTree]) -> LineTree:
        try:
            line = read_line(token.value, token.column or 0, token.line or 0)
        except LoneSurrogate:
            raise Unreadable(token.line, token.column, "a string escape of a lone surrogate (not text)") from None
        return LineTree(line, list(blocks))

    def request_syntax(self, header: Token, *rest: Any) -> tuple[str, Syntax]:
        return "request_syntax", _syntax(header, rest)

    def response_syntax(self, header: Token, *rest: Any) -> tuple[str, Syntax]:
        return "response_syntax", _syntax(header, rest)

    def type_block(self, line: Token, type_name: Token | None = None) -> tuple[str, str | None, int]:
        return line.value.split()[1].rstrip(":"), (_type_text(type_name.value) if type_name else None), line.line or 0

    def param_block(self, line: Token, *rest: Any) -> tuple[str, list[_Item], int]:
        return line.value.split()[1].rstrip(":"), _flat_items(rest), line.line or 0

    def parameter(self, *blocks: Any) -> Parameter:
        type_info = next((b for b in blocks if len(b) == 3 and not isinstance(b[1], list)), None)
        param = next((b for b in blocks if isinstance(b[1], list)), None)
        name = (type_info or param)[0]  # type: ignore[index]
        type_name = type_info[1] if type_info else None
        items = param[1] if param else []
        required: bool | None = any(i.token.type == "REQUIRED" for i in items) or None
        if required is None and type_name is not None:
            required = False  # the block is whole and shows no [REQUIRED]
        docs = "\n".join(i.token.value.strip() for i in items if i.token.type == "PROSE")
        bullets = tuple(_bullet(i) for i in _bullet_items(items))
        line = (type_info or param)[2]  # type: ignore[index]
        return Parameter(name=name, type=type_name, required=required, documentation=docs, bullets=bullets, line=line)

    def returns(self, *tokens: Token) -> tuple[str, str | None]:
        names = [_type_text(t.value) for t in tokens if t.type == "TYPE_NAME"]
        return "returns", (names[0] if names else None)

    def response_structure(self, header: Token, *rest: Any) -> tuple[str, tuple[Bullet, ...]]:
        return "response_structure", tuple(_bullet(i) for i in _bullet_items(_flat_items(rest)))

    def exceptions(self, header: Token, *rest: Any) -> tuple[str, tuple[str, ...]]:
        names = []
        for item in _walk_items(_flat_items(rest)):
            text = item.token.value.strip().lstrip("•").strip()
            if text:
                names.append(text.split()[0].rsplit(".", 1)[-1])
        return "exceptions", tuple(names)

    def method(self, line: Token, *parts: Any) -> Method:
        name, status = line.value.split()[0], line.value.split("(")[1].split(")")[0]
        # sections come as (field name, value); parameters and the delta as objects
        fields: dict[str, Any] = {k: v for k, v in (p for p in parts if isinstance(p, tuple))}
        params = [p for p in parts if isinstance(p, Parameter)]
        changes = [p for p in parts if isinstance(p, Changes)]
        if changes:
            fields["changes"] = changes[0]
        if "request_syntax" in fields:
            fields["request_syntax"] = place_fragments(fields["request_syntax"], tuple(params))
        if "response_syntax" in fields and fields.get("response_structure"):
            root = fields["response_structure"][0]
            fields["response_syntax"] = place_fragments(fields["response_syntax"], root.children)
        return Method(name=name, status=status, parameters=tuple(params), line=line.line, **fields)  # type: ignore[arg-type]

    def start(self, *parts: Any) -> tuple[str, tuple[Method, ...]]:
        summary = next((p for p in parts if isinstance(p, str)), "")  # the summary line
        return summary, tuple(p for p in parts if isinstance(p, Method))


def _syntax(header: Token, rest: tuple[Any, ...]) -> Syntax:
    roots: list[LineTree] = []
    for part in rest:
        if isinstance(part, list):
            roots.extend(part)
        elif isinstance(part, LineTree):
            roots.append(part)
        # else: prose after the literal, or a "Parameters" note: not syntax
    return build_syntax(roots, header.line or 0)


def _flat_items(parts: tuple[Any, ...]) -> list[_Item]:
    """A section's items in order: its blocks (lists of items) and items after them."""
    return [i for part in parts for i in (part if isinstance(part, list) else [part])]


def _walk_items(items: list[_Item]) -> Iterator[_Item]:
    for item in items:
        yield item
        yield from _walk_items(item.children)


def _bullet_items(items: list[_Item]) -> list[_Item]:
    """The bullet lines among ``items``: bullets, or bullets under prose (lost parents)."""
    found: list[_Item] = []
    for item in items:
        if item.token.type == "BULLET":
            found.append(item)
        else:
            found.extend(_bullet_items(item.children))
    return found


def _type_text(text: str) -> str:
    """A type as written, with a Sphinx role docutils left raw reduced to its name.

    ``:ref:`document<document>``` is ``document``; ``:class:`.EventStream``` is ``EventStream``.
    """
    text = text.strip()
    if text.startswith(":") and text.endswith("`") and ":`" in text:
        target = text[text.index(":`") + 2 : -1]
        return target.split("<", 1)[0].strip().lstrip("~.").rsplit(".", 1)[-1]
    return text


def _bullet(item: _Item) -> Bullet:
    text = item.token.value
    head, _, tail = text.partition("--")
    head = head.strip().lstrip("•").strip()
    name, _, type_part = head.rpartition("(")
    docs = [tail.replace("[REQUIRED]", "").strip()] if tail.replace("[REQUIRED]", "").strip() else []
    docs += [c.token.value.strip() for c in item.children if c.token.type == "PROSE"]
    required = "[REQUIRED]" in tail or any(c.token.type == "REQUIRED" for c in item.children)
    kind = _type_text(type_part.rstrip(")"))
    found = _bullet_items(item.children)
    # A child bullet stands two columns in; one deeper means the lines between were lost.
    # (A list without its element's bullet proves nothing: botocore stops at recursion.)
    column = item.token.column or 0
    gap = any((c.token.column or 0) > column + 2 for c in found)
    return Bullet(
        name=name.strip() or None,
        type=kind,
        required=required,
        documentation="\n".join(docs),
        children=tuple(_bullet(c) for c in found),
        partial=gap,
        line=item.token.line or 0,
    )


def _lossy(title: Title, methods: tuple[Method, ...]) -> bool:
    # The title counts the methods the page lists: fewer read means sections were lost
    # (a page cut short, or a crawl that dropped method lines).
    statuses = [m.status for m in methods]
    if (statuses.count("new"), statuses.count("updated")) != (title.new, title.updated):
        return True
    for m in methods:
        if m.partial or any(p.type is None for p in m.parameters):
            return True
        syntax = m.request_syntax  # members without their "client.x(" line: lines were lost
        if syntax is not None and syntax.members and syntax.call is None:
            return True
    return False


# ---------------------------------------------------------------------------- files and output


def read_page_file(path: str | Path) -> Page:
    """Read a page file (text or HTML; gzip allowed) into its AST."""
    from specdiff.inputfiles import decode_text, read_input_bytes

    path = Path(path)
    data = read_input_bytes(path)
    if not data.strip():
        raise InputError("empty file: expected a changelog page", source=str(path), line=1, column=1)
    if b"\x00" in data[:4096]:
        raise InputError("binary data: expected a changelog page", source=str(path), line=1, column=1)
    return parse_page(decode_text(data, str(path)), source=str(path))


def page_to_json(page: Page) -> str:
    """The page AST as JSON (docs/page-ast.md), deterministic."""
    return json.dumps(page_to_dict(page), indent=2, ensure_ascii=False) + "\n"


def page_to_outline(page: Page) -> str:
    """A readable outline of a page: methods, directions, deltas, parameters."""
    from specdiff.pages.outline import outline

    return outline(page)
