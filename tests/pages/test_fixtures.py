"""The complete-form fixture pages parse to exactly what they say; every fixture round-trips.

The widgets pages were written from the site's templates (awslabs/aws-sdk-api-changes) and
botocore's ClientMethodDocstring layout; each delta is pprint output (width 80) of the
delta the site computes. The facts asserted here are read off the fixture text.
"""

from __future__ import annotations

import json

import pytest

from specdiff.pages.ast import (
    DeltaMap,
    EnumAdded,
    Page,
    Sketch,
    SyntaxNode,
    page_from_dict,
)
from specdiff.pages.reader import page_to_json, parse_page
from tests.pagekit import FIXTURES, PAGES, check_golden, page

A = "widgets-2020-01-15.txt"  # LF, no-break spaces, one new + four updated methods
B = "widgets-2020-02-03.txt"  # BOM + CRLF, 'response = client.x(', StreamingBody, Exceptions
HTML = "widgets-2020-03-09.html"  # the site's HTML: <details>, <pre>, docutils field lists

def _fixtures(*names: str) -> list:
    return list(names)


def s(kind: str, **kw: object) -> Sketch:
    return Sketch(kind=kind, **kw)  # type: ignore[arg-type]


def walk(node: object):
    """Every AST node below ``node`` (dataclasses, tuples)."""
    yield node
    fields = getattr(node, "__dataclass_fields__", None)
    children = [getattr(node, f) for f in fields] if fields else node if isinstance(node, tuple) else []
    for child in children:
        if isinstance(child, tuple) or hasattr(child, "__dataclass_fields__"):
            yield from walk(child)


# ---------------------------------------------------------------------------- every fixture


@pytest.mark.parametrize("name", _fixtures(*FIXTURES))
def test_golden_ast(name: str) -> None:
    check_golden(name)


@pytest.mark.parametrize("name", _fixtures(*FIXTURES))
def test_json_round_trip(name: str) -> None:
    parsed = page(name)
    again = page_from_dict(json.loads(page_to_json(parsed)))
    assert again == parsed
    assert page_to_json(again) == page_to_json(parsed)


@pytest.mark.parametrize("name", _fixtures(A, B, HTML))
def test_complete_pages_have_nothing_partial(name: str) -> None:
    parsed = page(name)
    assert not parsed.lossy
    flagged = [n for n in walk(parsed) if getattr(n, "partial", False)]
    assert flagged == []
    for method in parsed.methods:
        assert not method.partial
        assert method.changes is None or not method.changes.missing
        for syntax in (method.request_syntax, method.response_syntax):
            assert syntax is not None and syntax.fragments == ()
        assert all(p.type is not None and p.required is not None for p in method.parameters)


# ---------------------------------------------------------------------------- page A


def test_a_title_summary_and_methods() -> None:
    parsed = page(A)
    assert (parsed.title.date, parsed.title.service, parsed.title.new, parsed.title.updated) == (
        "2020-01-15", "Amazon Widget Service", 1, 4,
    )
    assert parsed.summary == "Adds run modes, tag scopes and new instance types."
    assert [(m.name, m.status) for m in parsed.methods] == [
        ("CreateGadget", "new"),
        ("UpdateWidget", "updated"),
        ("DescribeWidget", "updated"),
        ("CopyWidget", "updated"),
        ("TagWidget", "updated"),
    ]
    assert [m.directions for m in parsed.methods] == [
        (), ("request",), ("response",), ("request", "response"), ("request", "response"),
    ]
    assert parsed.method("CreateGadget").changes is None


def test_a_every_sketch_kind_of_an_added_member() -> None:
    changes = page(A).method("UpdateWidget").changes
    assert changes.header == "request" and changes.response is None
    assert changes.request == DeltaMap(
        entries=(
            ("Big", s("long")),
            ("Colour", s("enum", values=("RED", "GREEN", "BLUE"))),
            ("Count", s("integer")),
            ("Data", s("blob")),
            ("Flag", s("boolean")),
            ("Items", s("list", element=s("structure", members=(("Key", s("string")), ("Value", s("string")))))),
            ("Mode", EnumAdded(values=("ECO", "TURBO"))),
            ("Note", s("string")),
            ("Quotas", s("map", key=s("string"), element=s("integer"))),
            ("Ratio", s("float")),
            ("Score", s("double")),
            # an added structure reads as a delta of added members (the page cannot tell)
            ("Settings", DeltaMap(entries=(("Depth", s("integer")), ("Label", s("string"))))),
            ("Tree", DeltaMap(entries=(("Children", s("list", element=s("recursive"))), ("Name", s("string"))))),
            ("When", s("timestamp")),
        )
    )
    assert not changes.partial
    settings = changes.request.get("Settings")
    assert settings.ambiguous and settings.as_sketch() == s(
        "structure", members=(("Depth", s("integer")), ("Label", s("string")))
    )
    assert not changes.request.ambiguous  # 'Mode' holds added enum values


def test_a_long_set_one_value_a_line_and_short_set() -> None:
    changes = page(A).method("DescribeWidget").changes
    assert changes.header == "response" and changes.request is None
    assert changes.response == DeltaMap(
        entries=(
            ("Widget", DeltaMap(entries=(
                ("InstanceType", EnumAdded(values=(
                    "ml.c5d.18xlarge", "ml.c5d.2xlarge", "ml.c5d.4xlarge",
                    "ml.c5d.9xlarge", "ml.c5d.large", "ml.c5d.xlarge",
                ))),
                ("Status", EnumAdded(values=("ARCHIVED",))),
            ))),
        )
    )


def test_a_request_response_and_both() -> None:
    copy = page(A).method("CopyWidget").changes
    assert copy.header == "request, response"
    mode = EnumAdded(values=("ECO", "TURBO"))
    assert copy.request == DeltaMap(entries=(("Options", DeltaMap(entries=(("Mode", mode),))),))
    assert copy.response == DeltaMap(entries=(("Widget", DeltaMap(entries=(("Mode", mode),))),))
    both = page(A).method("TagWidget").changes
    assert both.header == "both"
    expected = DeltaMap(entries=(("Tags", DeltaMap(entries=(("Scope", s("enum", values=("GLOBAL", "LOCAL"))),))),))
    assert both.request == expected and both.response == expected


def test_a_every_syntax_value_kind() -> None:
    syntax = page(A).method("CreateGadget").request_syntax
    assert syntax.call == "client.create_gadget"
    kinds = {m.name: m.kind for m in syntax.members}
    assert kinds == {
        "Name": "string", "Size": "integer", "Weight": "float", "Ratio": "any",
        "Enabled": "boolean", "ReleaseDate": "timestamp", "Payload": "blob", "Color": "enum",
        "Dimensions": "structure", "Labels": "list", "Parts": "list", "Attributes": "map",
        "Limits": "map",
    }
    by_name = {m.name: m for m in syntax.members}
    assert by_name["Color"].values == ("RED", "GREEN", "BLUE")
    assert [(c.name, c.kind) for c in by_name["Dimensions"].children] == [("Width", "integer"), ("Height", "integer")]
    assert by_name["Labels"].children == (SyntaxNode(name=None, kind="string", line=by_name["Labels"].line + 1),)
    part = by_name["Parts"].children[0]
    assert part.kind == "structure"
    assert [(c.name, c.kind) for c in part.children] == [
        ("PartId", "string"), ("Quantity", "integer"), ("SubParts", "recursive"),
    ]
    attributes = by_name["Attributes"]
    assert (attributes.key.kind, attributes.children[0].kind) == ("string", "string")
    limit = by_name["Limits"].children[0]
    assert limit.kind == "structure"
    assert [(c.name, c.kind, c.values) for c in limit.children] == [
        ("Max", "integer", ()), ("Unit", "enum", ("COUNT", "BYTES")),
    ]
    tree = {m.name: m for m in page(A).method("UpdateWidget").request_syntax.members}["Tree"]
    assert tree.child("Children").kind == "list"
    assert tree.child("Children").children[0].kind == "recursive"
    response = page(A).method("CreateGadget").response_syntax
    assert response.call is None
    assert [(m.name, m.kind) for m in response.members] == [("GadgetArn", "string"), ("CreatedAt", "timestamp")]
    assert page(A).method("UpdateWidget").response_syntax.members == ()  # Response Syntax "{}"


def test_a_parameters_types_required_and_bullets() -> None:
    method = page(A).method("CreateGadget")
    params = {p.name: p for p in method.parameters}
    assert [(p.name, p.type, p.required) for p in method.parameters] == [
        ("Name", "string", True), ("Size", "integer", False), ("Weight", "float", False),
        ("Ratio", "float", False), ("Enabled", "boolean", False), ("ReleaseDate", "datetime", False),
        ("Payload", "bytes", False), ("Color", "string", False), ("Dimensions", "dict", False),
        ("Labels", "list", False), ("Parts", "list", False), ("Attributes", "dict", False),
        ("Limits", "dict", False),
    ]
    assert params["Name"].documentation == "The name of the gadget."
    element = params["Parts"].bullets[0]
    assert (element.name, element.type) == (None, "dict")
    assert [(b.name, b.type, b.required, b.documentation) for b in element.children] == [
        ("PartId", "string", True, "The part's ID."),
        ("Quantity", "integer", False, ""),
        ("SubParts", "list", False, "Parts of this part."),
    ]
    key = params["Limits"].bullets[0]
    assert (key.name, key.type) == (None, "string")
    assert [(b.name, b.type) for b in key.children[0].children] == [("Max", "integer"), ("Unit", "string")]
    assert method.returns == "dict"
    root = method.response_structure[0]
    assert (root.name, root.type) == (None, "dict")
    assert [(b.name, b.type, b.documentation) for b in root.children] == [
        ("GadgetArn", "string", "The ARN of the new gadget."),
        ("CreatedAt", "datetime", "When it was created."),
    ]
    tags = {p.name: p for p in page(A).method("TagWidget").parameters}["Tags"]
    assert (tags.type, tags.required) == ("list", True)
    assert [(b.name, b.required) for b in tags.bullets[0].children] == [
        ("Key", True), ("Value", False), ("Scope", False),
    ]


# ---------------------------------------------------------------------------- page B


def test_b_bom_and_crlf_read_like_lf() -> None:
    raw = (PAGES / B).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    parsed = page(B)
    lf = parse_page(raw.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n"))
    assert lf == parsed
    assert (parsed.title.new, parsed.title.updated) == (1, 1)
    assert [(m.name, m.status, m.directions) for m in parsed.methods] == [
        ("GetGadgetContent", "new", ()), ("ListGadgets", "updated", ("response",)),
    ]


def test_b_response_call_streaming_body_exceptions_and_enum_keys() -> None:
    content = page(B).method("GetGadgetContent")
    assert content.request_syntax.call == "client.get_gadget_content"
    assert [(m.name, m.kind) for m in content.response_syntax.members] == [("Body", "stream"), ("ContentType", "string")]
    assert content.exceptions == ("NotFound", "Throttled")
    assert [(b.name, b.type) for b in content.response_structure[0].children] == [
        ("Body", "StreamingBody"), ("ContentType", "string"),
    ]
    listing = page(B).method("ListGadgets")
    assert listing.changes.response == DeltaMap(
        entries=(("Gadgets", DeltaMap(entries=(("Levels", EnumAdded(values=("MEDIUM",))),))),)
    )
    assert [(p.name, p.type, p.required) for p in listing.parameters] == [
        ("MaxResults", "integer", False), ("NextToken", "string", False),
    ]
    gadget = listing.response_syntax.members[0].children[0]
    levels, ratings = gadget.child("Levels"), gadget.child("Ratings")
    assert (levels.kind, levels.key.kind, levels.children[0].values) == ("map", "string", ("LOW", "MEDIUM", "HIGH"))
    assert (ratings.kind, ratings.key.kind, ratings.key.values, ratings.children[0].kind) == (
        "map", "enum", ("X", "Y"), "integer",
    )


# ---------------------------------------------------------------------------- the HTML page


def test_html_page_reads_through_the_html_parser() -> None:
    parsed = page(HTML)
    assert isinstance(parsed, Page)
    assert (parsed.title.date, parsed.title.service, parsed.title.new, parsed.title.updated) == (
        "2020-03-09", "Amazon Widget Service", 1, 1,
    )
    assert parsed.summary == "Adds gadget deletion & copy modes."  # &amp; unescaped
    assert [(m.name, m.status, m.directions) for m in parsed.methods] == [
        ("DeleteGadget", "new", ()), ("CopyWidget", "updated", ("request", "response")),
    ]
    delete = parsed.method("DeleteGadget")
    assert delete.description.startswith("Deletes a gadget. The gadget & its parts are gone for good.")
    assert [(p.name, p.type, p.required) for p in delete.parameters] == [("GadgetId", "string", True)]
    assert delete.returns == "dict"
    assert [(m.name, m.kind) for m in delete.response_syntax.members] == [("Deleted", "boolean")]
    # the same method in page A, written as text, says the same about CopyWidget
    html_copy, text_copy = parsed.method("CopyWidget"), page(A).method("CopyWidget")
    assert html_copy.changes == text_copy.changes
    assert [(p.name, p.type, p.required) for p in html_copy.parameters] == [
        (p.name, p.type, p.required) for p in text_copy.parameters
    ]
    strip = lambda syntax: [(m.name, m.kind, m.values, [(c.name, c.kind, c.values) for c in m.children]) for m in syntax.members]  # noqa: E731
    assert strip(html_copy.request_syntax) == strip(text_copy.request_syntax)
    assert strip(html_copy.response_syntax) == strip(text_copy.response_syntax)


def test_a_page_with_fewer_methods_than_its_title_counts_is_lossy() -> None:
    text = (PAGES / A).read_text(encoding="utf-8")
    cut = text[: text.index("CopyWidget\u00a0(updated)")]  # the last two methods gone, each read whole
    parsed = parse_page(cut)
    assert [m.name for m in parsed.methods] == ["CreateGadget", "UpdateWidget", "DescribeWidget"]
    assert not any(m.partial for m in parsed.methods)
    assert parsed.lossy  # the title counts 1 new and 4 updated


def test_an_updated_method_that_lost_its_changes_block_is_partial() -> None:
    text = (PAGES / A).read_text(encoding="utf-8")
    start = text.index("Changes (request, response)\nRequest\n")
    end = text.index("Copies a widget.")
    parsed = parse_page(text[:start] + text[end:])
    copy = parsed.method("CopyWidget")
    assert copy.changes is None and copy.partial and parsed.lossy
    assert not parsed.method("TagWidget").partial


@pytest.mark.parametrize(
    "line, service, new, updated",
    [
        ("2019/10/24 - Amazon SageMaker Service - 9 updated api methods", "Amazon SageMaker Service", 0, 9),
        ("2020/1/5 - AWS IoT 1-Click Devices Service - 3 new api methods", "AWS IoT 1-Click Devices Service", 3, 0),
        ("2021/12/01 - Amazon Chime SDK - Voice - 2 new 5 updated api methods", "Amazon Chime SDK - Voice", 2, 5),
    ],
)
def test_title_counts_either_or_both(line: str, service: str, new: int, updated: int) -> None:
    title = parse_page(line + "\n").title
    assert (title.service, title.new, title.updated) == (service, new, updated)
    assert parse_page(line + "\n").lossy == (new + updated > 0)  # no method sections read


# ---------------------------------------------------------------------------- what current botocore writes

MODERN = "widgets-2024-08-20.html"  # botocore 1.4x bodies, docutils 0.19: streams, documents, too-large notes


def test_modern_streaming_input_and_event_stream_output() -> None:
    parsed = page(MODERN)
    assert [(m.name, m.status) for m in parsed.methods] == [
        ("PutGadgetContent", "new"), ("WatchGadget", "new"), ("TuneGadget", "new"), ("DescribeEverything", "new"),
    ]
    put = parsed.method("PutGadgetContent")
    assert [(m.name, m.kind) for m in put.request_syntax.members] == [("GadgetId", "string"), ("Body", "stream")]
    assert [(p.name, p.type, p.required) for p in put.parameters] == [
        ("GadgetId", "string", True), ("Body", "bytes or seekable file-like object", True),
    ]
    watch = parsed.method("WatchGadget")
    assert not watch.partial and watch.returns == "dict"  # the event-stream note under 'returns' is skipped
    (events,) = watch.response_syntax.members
    assert (events.name, events.kind, events.partial) == ("Events", "event-stream", False)
    assert [(c.name, c.kind, [(g.name, g.kind) for g in c.children]) for c in events.children] == [
        ("Progress", "structure", [("Percent", "integer")]), ("End", "structure", []),
    ]
    bullet = watch.response_structure[0].children[0]
    assert (bullet.name, bullet.type, bullet.documentation) == ("Events", "EventStream", "The gadget's events.")


def test_modern_documents_and_the_comma_after_an_empty_structure() -> None:
    tune = page(MODERN).method("TuneGadget")
    assert not tune.partial
    settings, choice = tune.request_syntax.members[1:]
    assert (settings.name, settings.kind) == ("Settings", "document")
    assert [(c.name, c.kind, c.partial) for c in choice.children] == [("Auto", "structure", False), ("Named", "string", False)]
    assert [(p.name, p.type) for p in tune.parameters] == [("GadgetId", "string"), ("Settings", "document"), ("Choice", "dict")]
    assert [(m.name, m.kind) for m in tune.response_syntax.members] == [("Applied", "document")]
    assert tune.response_structure[0].children[0].type == "document"  # from (:ref:`document<document>`)


def test_modern_sections_too_large_to_render_read_as_partial_and_empty() -> None:
    parsed = page(MODERN)
    everything = parsed.method("DescribeEverything")
    for syntax in (everything.request_syntax, everything.response_syntax):
        assert syntax.members == () and syntax.fragments == () and syntax.partial
    assert everything.parameters == () and everything.response_structure == ()
    assert everything.partial and parsed.lossy
    assert not any(m.partial for m in parsed.methods[:3])
