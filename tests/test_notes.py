"""Release notes: grouping into findings, semver, compact values, escaping, every format."""

from __future__ import annotations

import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from specdiff.changes import Change, Comparison, IgnoredChange, InputInfo, Rule, Severity
from specdiff.escaping import excerpt, md_code, md_escape, one_line, rst_escape, rst_literal
from specdiff.findings import compact_values, find
from specdiff.notes import FORMATS, build_notes, changes_fragments, recommend_bump, render_notes

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "notes"

OLD = InputInfo("model", "old/service-2.json", ("svc",), "2020-01-01")
NEW = InputInfo("model", "new/service-2.json", ("svc",), "2020-01-01")
PAGE = InputInfo("page", "page.txt", ("svc",), "2020-01-01", partial=True)
PAGE_BLIND = ("operation-removed", "member-removed", "enum-value-removed")

I, W, B = Severity.INFO, Severity.WARNING, Severity.BREAKING


def change(
    rule: Rule = Rule.ENUM_VALUE_ADDED,
    severity: Severity = I,
    operation: str | None = "CreateThing",
    direction: str | None = "request",
    path: str = "Kind",
    shape: str | None = "ThingKind",
    service: str = "svc",
    message: str = "",
    **fields: Any,
) -> Change:
    if rule in (Rule.ENUM_VALUE_ADDED, Rule.ENUM_VALUE_REMOVED):
        fields.setdefault("added" if rule is Rule.ENUM_VALUE_ADDED else "removed", ("A", "B"))
    return Change(
        rule=rule,
        severity=severity,
        service=service,
        operation=operation,
        direction=direction,  # type: ignore[arg-type]
        path=path,
        message=message or f"{direction} {path}: {rule.value.replace('-', ' ')}",
        shape=shape,
        **fields,
    )


def comparison(*changes: Change, **fields: Any) -> Comparison:
    fields.setdefault("old", OLD)
    fields.setdefault("new", NEW)
    return Comparison(changes=tuple(sorted(changes, key=lambda c: c.sort_key)), **fields)


# ------------------------------------------------------------------------------ grouping

MEMBER = Rule.MEMBER_ADDED

GROUPING_CASES = [
    pytest.param(
        [
            change(operation="CreateThing", path="Kind"),
            change(operation="UpdateThing", path="Spec.Kind"),
            change(operation="DescribeThing", direction="response", path="Kind", severity=W),
        ],
        [("ThingKind", W, ("CreateThing", "DescribeThing", "UpdateThing"))],
        id="one-shape-many-operations-is-one-finding",
    ),
    pytest.param(
        [change(shape="ThingKind"), change(shape="OtherKind", path="Other")],
        [("OtherKind", I, ("CreateThing",)), ("ThingKind", I, ("CreateThing",))],
        id="two-shapes-two-findings",
    ),
    pytest.param(
        [
            change(shape="ThingKind", added=("A",), partial=True),
            change(shape="ThingKind", operation="X", added=("A", "B")),
        ],
        [("ThingKind", I, ("CreateThing", "X"))],
        id="a-cut-short-page-delta-joins-its-shapes-finding",
    ),
    pytest.param(
        [
            change(shape=None, operation="CreateThing", path="A[].Kind", partial=True),
            change(shape=None, operation="DescribeThing", direction="response", path="A[].Kind"),
        ],
        [("A[].Kind", I, ("CreateThing", "DescribeThing"))],
        id="page-changes-without-shape-group-by-path-and-values",
    ),
    pytest.param(
        [
            change(shape=None, operation="CreateThing", path="A[].Kind", added=("A",)),
            change(shape=None, operation="DescribeThing", path="A[].Kind", added=("B",)),
            change(shape=None, operation="DescribeThing", path="B[].Kind", added=("A",)),
        ],
        [
            ("A[].Kind", I, ("CreateThing",)),
            ("A[].Kind", I, ("DescribeThing",)),
            ("B[].Kind", I, ("DescribeThing",)),
        ],
        id="page-changes-differing-in-path-or-values-stay-apart",
    ),
    pytest.param(
        [
            change(
                MEMBER,
                operation="CreateThing",
                path="Spec.Colour",
                shape="Spec",
                extra={"member": "Colour"},
            ),
            change(
                MEMBER,
                operation="UpdateThing",
                path="Specs[].Colour",
                shape="Spec",
                extra={"member": "Colour"},
            ),
            change(
                MEMBER,
                operation="CreateThing",
                path="Spec.Size",
                shape="Spec",
                extra={"member": "Size"},
            ),
        ],
        [("Spec.Colour", I, ("CreateThing", "UpdateThing")), ("Spec.Size", I, ("CreateThing",))],
        id="member-changes-group-by-shape-and-member",
    ),
    pytest.param(
        [
            change(MEMBER, operation="CreateThing", path="Spec.Colour", shape="Spec"),
            change(MEMBER, operation="CreateThing", path="Spec.Size", shape="Spec"),
        ],
        [("Spec.Colour", I, ("CreateThing",)), ("Spec.Size", I, ("CreateThing",))],
        id="member-without-extra-falls-back-to-path-leaf",
    ),
    pytest.param(
        [
            change(Rule.OPERATION_ADDED, operation="Alpha", direction=None, path="", shape=None),
            change(Rule.OPERATION_ADDED, operation="Beta", direction=None, path="", shape=None),
            change(
                Rule.OPERATION_REMOVED, B, operation="Gamma", direction=None, path="", shape=None
            ),
        ],
        [("", B, ("Gamma",)), ("", I, ("Alpha", "Beta"))],
        id="operation-rules-group-per-rule-breaking-first",
    ),
    pytest.param(
        [
            change(
                Rule.TYPE_CHANGED, B, path="A.Size", shape="SizeType", old="string", new="integer"
            ),
            change(
                Rule.TYPE_CHANGED,
                B,
                operation="Other",
                path="B.Bulk",
                shape="SizeType",
                old="string",
                new="integer",
            ),
        ],
        [("SizeType", B, ("CreateThing", "Other"))],
        id="type-change-of-a-shape-is-one-finding",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), GROUPING_CASES)
def test_grouping(
    changes: list[Change], expected: list[tuple[str, Severity, tuple[str, ...]]]
) -> None:
    findings = find(sorted(changes, key=lambda c: c.sort_key))
    assert [(f.subject, f.severity, f.operations) for f in findings] == expected
    assert [f.number for f in findings] == list(range(1, len(expected) + 1))
    assert sum(f.change_count for f in findings) == len(changes)


def test_finding_keeps_each_place_at_its_own_severity() -> None:
    (finding,) = find(
        [
            change(operation="CreateThing", path="Kind"),
            change(operation="DescribeThing", direction="response", path="Kind", severity=W),
            change(operation="UpdateThing", path="Kind"),
        ]
    )
    assert [(p.direction, p.severity, p.operations) for p in finding.places] == [
        ("request", I, ("CreateThing", "UpdateThing")),
        ("response", W, ("DescribeThing",)),
    ]
    assert finding.summary == "2 enum values added"


def test_a_shape_seen_whole_once_is_a_whole_finding() -> None:
    cut = change(operation="CreateThing", added=("ml.c5d.18xlarge",), partial=True)
    whole = change(operation="CreateEndpoint", added=("ml.c5d.18xlarge", "ml.c5d.large"))
    (finding,) = find([whole, cut])
    assert finding.added is not None and finding.added.full == ("ml.c5d.large", "ml.c5d.18xlarge")
    assert not finding.partial
    assert [(p.operations, p.partial) for p in finding.places] == [
        (("CreateEndpoint",), False),
        (("CreateThing",), True),
    ]
    (alone,) = find([cut])
    assert alone.partial


def test_notes_do_not_depend_on_change_order() -> None:
    changes = [c for _, c in zip(range(20), _many_changes())]
    shuffled = changes[:]
    random.Random(4).shuffle(shuffled)
    ordered = render_notes(comparison(*changes), "markdown")
    assert render_notes(Comparison(OLD, NEW, tuple(shuffled)), "markdown") == ordered


def _many_changes() -> Any:
    n = 0
    while True:
        n += 1
        yield change(
            operation=f"Op{n % 7}", path=f"P{n % 3}", shape=f"S{n % 5}", added=(f"v{n % 2}",)
        )


def test_markdown_puts_breaking_first_then_warning_then_info() -> None:
    text = render_notes(
        comparison(
            change(shape="Infos"),
            change(shape="Warns", direction="response", severity=W),
            change(Rule.MEMBER_REMOVED, B, path="Gone", shape="Thing"),
        ),
        "markdown",
    )
    positions = [text.index(f"### {title} (1)") for title in ("Breaking", "Warning", "Info")]
    assert positions == sorted(positions)
    assert text.index("`Thing.Gone`") < text.index("`Warns`") < text.index("`Infos`")


def test_operation_index_lists_each_operation_at_its_own_severity() -> None:
    notes = build_notes(
        comparison(
            change(operation="CreateThing"),
            change(operation="GetThing", direction="response", severity=W),
        )
    )
    (service,) = notes.services
    assert [(r.name, [(e.number, e.severity) for e in r.findings]) for r in service.operations] == [
        ("CreateThing", [(1, I)]),
        ("GetThing", [(1, W)]),
    ]


# --------------------------------------------------------------------------------- semver

SEMVER_CASES = [
    pytest.param([], "none", id="nothing"),
    pytest.param(
        [change(Rule.DOCUMENTATION_CHANGED, path="", shape=None, old="a", new="b")],
        "patch",
        id="docs",
    ),
    pytest.param([change()], "minor", id="addition"),
    pytest.param([change(direction="response", severity=W)], "minor", id="warning"),
    pytest.param(
        [change(), change(Rule.OPERATION_REMOVED, B, path="", shape=None)], "major", id="breaking"
    ),
]


@pytest.mark.parametrize(("changes", "level"), SEMVER_CASES)
def test_semver_bump(changes: list[Change], level: str) -> None:
    bump = recommend_bump(comparison(*changes))
    assert bump.level == level
    assert bump.reason
    assert f"Recommended version bump: {level}." in render_notes(comparison(*changes), "markdown")


def test_semver_from_a_page_is_a_lower_bound() -> None:
    bump = recommend_bump(comparison(change(), old=PAGE, unobservable=PAGE_BLIND))
    assert bump.level == "minor"
    assert "lower bound" in bump.lower_bound


def test_semver_says_what_ignored_changes_would_make_it() -> None:
    ignored = IgnoredChange(
        change(Rule.MEMBER_REMOVED, B, path="Old", shape="Thing"), "accepted in #12"
    )
    bump = recommend_bump(comparison(change(), ignored=(ignored,)))
    assert bump.level == "minor"
    assert "would be major" in bump.ignored_note


# ------------------------------------------------------------------------- enum values


def test_compact_values_folds_families_losslessly() -> None:
    sizes = ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge")
    values = [f"ml.{family}.{size}" for family in ("r5d", "c5d", "m5d") for size in sizes]
    compact = compact_values(sorted(values))
    assert compact.count == 18 and compact.hidden == 0
    assert compact.shown == tuple(
        f"ml.{f}.{{large,xlarge,2xlarge,4xlarge,12xlarge,24xlarge}}" for f in ("c5d", "m5d", "r5d")
    )
    assert sorted(compact.full) == sorted(values)


def test_compact_values_shows_six_items_and_counts_the_rest() -> None:
    values = [f"VALUE_{n:02d}" for n in range(30)]
    compact = compact_values(values)
    assert compact.shown == tuple(values[:6])
    assert compact.hidden == 24
    assert compact.full == tuple(values)


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        pytest.param(["a.x", "b.y"], ("a.x", "b.y"), id="singletons-stay-whole"),
        pytest.param(["p.{a}", "p.b", "p.c"], ("p.{b,c}", "p.{a}"), id="braces-are-never-grouped"),
        pytest.param(["p.a,b", "p.c", "p.d"], ("p.a,b", "p.{c,d}"), id="commas-are-never-grouped"),
        pytest.param(["x", "x", "y"], ("x", "y"), id="duplicates-once"),
        pytest.param([".a", "b."], (".a", "b."), id="empty-prefix-or-suffix"),
    ],
)
def test_compact_values_edge_cases(values: list[str], shown: tuple[str, ...]) -> None:
    assert compact_values(values).shown == shown


def test_a_long_value_list_keeps_every_value_in_every_format() -> None:
    values = tuple(sorted(f"Runtime{n}" for n in range(40)))
    comp = comparison(change(added=values))
    markdown = render_notes(comp, "markdown")
    assert "and 34 more" in markdown
    assert "<details><summary>All 40 added values</summary>" in markdown
    for value in values:
        assert f"`{value}`" in markdown
        assert f"<code>{value}</code>" in render_notes(comp, "html")


# ------------------------------------------------------------------------------- escaping

HOSTILE = [
    "a|b",
    "[link](http://evil.example)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "`code` and ``more``",
    "*bold* _em_ **strong** __strong__",
    "line one\nline two\r\nline three\u2028four",
    "back\\slash\\|pipe",
    "![img](x.png)",
    "&amp; &lt;entity&gt;",
    "~~strike~~ $math$",
    "",
    "   ",
    "# heading\n- item\n1. item\n> quote\n```\nfence",
]

_md = MarkdownIt("commonmark").enable("table")


def _cell_text(markdown_cell: str) -> tuple[list[str], str]:
    """Parse ``| a | cell |`` and return the inline token types and text of the second cell."""
    tokens = _md.parse(f"| a | b |\n| --- | --- |\n| a | {markdown_cell} |\n")
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4, markdown_cell  # two header cells, two body cells: no cell split
    children = cells[3].children or []
    return [c.type for c in children], "".join(c.content for c in children)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_round_trips_hostile_text_as_plain_text(text: str) -> None:
    types, content = _cell_text(md_escape(text))
    assert set(types) <= {"text"}
    assert content == one_line(text).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_md_code_round_trips_hostile_text(text: str) -> None:
    types, content = _cell_text(md_code(text))
    assert set(types) <= {"text", "code_inline"}
    assert content == one_line(text).strip()


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab |[]<>`*_\\\n&~$!#()-.:{}") + ["\r", "\t", "é"]),
        max_size=30,
    )
)
def test_md_escape_keeps_any_text_inert(text: str) -> None:
    types, content = _cell_text(md_escape(text))
    assert set(types) <= {"text"}
    assert content == one_line(text).strip(" ")


def test_md_code_uses_a_code_span_when_it_can() -> None:
    assert md_code("ProductionVariants[].InstanceType") == "`ProductionVariants[].InstanceType`"
    assert md_code("a|b") == "a\\|b"
    assert md_code("a`b") == "a\\`b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sagemaker", "``sagemaker``"),
        ("a`b", "a\\`b"),
        ("x\\y", "x\\\\y"),
        (" pad", " pad"),
        ("a\nb", "``a b``"),
    ],
)
def test_rst_literal(text: str, expected: str) -> None:
    assert rst_literal(text) == expected


def test_rst_escape_reads_back_as_the_text() -> None:
    docutils_core = pytest.importorskip("docutils.core")
    for text in HOSTILE:
        source = f"* api-change:``svc``: {rst_escape(text)}\n"
        tree = docutils_core.publish_doctree(source, settings_overrides={"report_level": 5})
        assert tree.astext() == ("api-change:svc: " + one_line(text).strip()).strip(), text


def test_excerpt_strips_markup_and_cuts_at_a_word() -> None:
    assert excerpt("<p>Hello <b>world</b></p>") == "Hello world"
    long = "<p>" + "word " * 60 + "</p>"
    cut = excerpt(long, limit=40)
    assert cut.endswith(" …") and len(cut) <= 42 and "wor …" not in cut


# ------------------------------------------------------------------- hostile comparisons


def hostile_comparison(text: str) -> Comparison:
    """Every input-derived field of a comparison carries ``text``."""
    side = InputInfo("model", text, (text,), text, text)
    changes = (
        change(service=text, operation=text, path=text, shape=text, added=(text, text + "2")),
        change(
            Rule.MEMBER_REMOVED,
            B,
            service=text,
            operation=text,
            path=f"{text}.{text}",
            shape=text,
            message=f"request {text}.{text}: {text}",  # what a message says is input too
        ),
        change(
            Rule.TYPE_CHANGED,
            B,
            service=text,
            operation=text,
            path=text,
            shape=None,
            old=text,
            new=text,
        ),
        change(
            Rule.DOCUMENTATION_CHANGED,
            service=text,
            operation=text,
            path="",
            shape=None,
            old=text,
            new=text,
        ),
    )
    service_level = Change(Rule.SERVICE_REMOVED, B, text + "x", None, None, "", message=text)
    return Comparison(
        old=side,
        new=side,
        changes=tuple(sorted((*changes, service_level), key=lambda c: c.sort_key)),
        ignored=(IgnoredChange(change(service=text, operation=text, path=text, shape=text), text),),
        expired=(text,),
        unobservable=(text,),
        only_old=(text,),
        only_new=(text,),
        incomplete=(text,),
    )


def _structure(markdown: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    tokens = _md.parse(markdown)
    blocks = [(t.type, t.tag, t.nesting) for t in tokens]
    inline = [c.type for t in tokens if t.type == "inline" for c in t.children or []]
    return blocks, inline


@pytest.mark.parametrize("text", [h for h in HOSTILE if h.strip()])
def test_markdown_notes_keep_their_structure_whatever_the_input(text: str) -> None:
    benign_blocks, benign_inline = _structure(render_notes(hostile_comparison("plain"), "markdown"))
    blocks, inline = _structure(render_notes(hostile_comparison(text), "markdown"))
    assert blocks == benign_blocks  # no cell, row, list item, heading or block added or lost
    for kind in ("html_inline", "link_open", "image", "em_open", "s_open"):
        assert kind not in inline
    assert inline.count("strong_open") == benign_inline.count("strong_open")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize(
    "text", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "x' onload='y"]
)
def test_html_notes_render_hostile_text_inert(text: str) -> None:
    page = render_notes(hostile_comparison(text), "html")
    parsed = _Elements()
    parsed.feed(page)
    parsed.close()
    assert not {"script", "img", "iframe", "object", "embed", "link", "base", "form"} & set(
        parsed.tags
    )
    assert not [
        name for name in parsed.attributes if name.startswith("on") or name in ("src", "href")
    ]
    assert text in "".join(parsed.text)  # shown, as text


def test_html_notes_are_one_self_contained_page() -> None:
    page = render_notes(comparison(change()), "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page and "http" not in page.replace("http-equiv", "")
    assert "default-src 'none'" in page


# ---------------------------------------------------------------- sections and formats


def test_page_comparison_says_what_it_could_not_see() -> None:
    comp = comparison(
        change(partial=True),
        old=PAGE,
        unobservable=PAGE_BLIND,
        only_old=("svc.OnlyOld",),
        only_new=("svc.OnlyNew",),
        incomplete=("CreateThing request Kind: the delta stops after its first line",),
    )
    text = render_notes(comp, "markdown")
    assert "## What this comparison could not see" in text
    assert "were **not checked**: that none are listed does not mean none happened" in text
    for rule in PAGE_BLIND:
        assert f"(`{rule}`)" in text
    assert "operations removed (`operation-removed`)" in text
    assert "svc.OnlyOld" in text and "svc.OnlyNew" in text
    assert "`ThingKind`: 2 enum values added (partial)" in text
    assert "- Partial: the page showed this change cut short" in text
    assert "## Read only in part" in text
    assert "cannot be seen on a changelog page" in render_notes(comp, "changelog")


def test_no_changes_from_a_page_is_not_reported_as_nothing_happened() -> None:
    text = render_notes(comparison(old=PAGE, unobservable=PAGE_BLIND), "markdown")
    assert "No changes found among what the inputs could show (see below)." in text
    assert "This is a lower bound" in text


def test_ignored_changes_have_their_own_section_with_reasons() -> None:
    ignored = change(Rule.MEMBER_REMOVED, B, path="Legacy", shape="Thing")
    comp = comparison(
        change(),
        ignored=(IgnoredChange(ignored, "removed on purpose, see ADR 7"),),
        expired=("rule member-removed path Old* (expired 2024-01-01)",),
    )
    text = render_notes(comp, "markdown")
    section = text[text.index("## Ignored changes (1)") :]
    assert (
        "| breaking | member-removed | svc CreateThing request `Legacy` | removed on purpose, see ADR 7 | "
        in section
    )
    assert ignored.fingerprint in section
    assert "## Expired ignore entries" in text and "Old\\* (expired 2024-01-01)" in text
    assert "| breaking | 0 | 0 | 1 |" in text  # counted as ignored, not as found


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown notes format 'pdf'"):
        render_notes(comparison(), "pdf")
    assert FORMATS == ("markdown", "html", "changelog", "changes-json")


def test_changelog_lines_follow_botocore() -> None:
    comp = comparison(
        change(Rule.OPERATION_REMOVED, B, operation="Gone", direction=None, path="", shape=None),
        change(shape="ThingKind"),
        change(service="other", shape="OtherKind"),
        new=InputInfo("catalog", "botocore-1.2.3", ("other", "svc"), version="1.2.3"),
    )
    assert render_notes(comp, "changelog") == (
        "1.2.3\n=====\n\n"
        "* api-change:``other``: Adds enum values to ``OtherKind``.\n"
        "* api-change:``svc``: Breaking: Removes operation ``Gone``. Adds enum values to ``ThingKind``.\n"
    )


def test_changelog_names_are_capped_and_escaped() -> None:
    shapes = [f"Kind{n}" for n in range(7)] + ["Bad`Name"]
    text = render_notes(comparison(*(change(shape=s, path=s) for s in shapes)), "changelog")
    assert "to Bad\\`Name, ``Kind0``, ``Kind1``, ``Kind2``, ``Kind3`` and 3 more." in text
    hostile = render_notes(comparison(change(service="a`b\nc", shape="T")), "changelog")
    assert hostile.startswith("* api-change:a\\`b c: ")


def test_changes_json_is_botocores_fragment() -> None:
    text = render_notes(comparison(change()), "changes-json")
    assert (
        text
        == json.dumps(
            {
                "type": "api-change",
                "category": "``svc``",
                "description": "Adds enum values to ``ThingKind``.",
            },
            indent=2,
        )
        + "\n"
    )
    several = json.loads(
        render_notes(comparison(change(), change(service="other")), "changes-json")
    )
    assert [f["category"] for f in several] == ["``other``", "``svc``"]


def test_changes_fragments_are_named_like_botocores_and_stable() -> None:
    comp = comparison(change(), change(service="../x y"))
    files = changes_fragments(comp)
    assert files == changes_fragments(comp)
    assert all(
        name.startswith(("api-change-svc-", "api-change-xy-")) and name.endswith(".json")
        for name in files
    )
    assert all("/" not in name for name in files)
    assert sorted(json.loads(text)["category"] for text in files.values()) == [
        "``../x y``",
        "``svc``",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_ends_with_a_newline(fmt: str) -> None:
    comp = comparison(*(c for _, c in zip(range(12), _many_changes())))
    first = render_notes(comp, fmt)
    assert first == render_notes(comp, fmt) and first.endswith("\n")


# ---------------------------------------------------------------------- golden files


@pytest.fixture(scope="module")
def sagemaker() -> Comparison:
    compare = pytest.importorskip("specdiff.compare")
    from specdiff.loaders import load

    cwd = os.getcwd()
    os.chdir(REPO)  # sources read as the user would type them, so the goldens hold no absolute path
    try:
        return compare.compare(
            load("fixtures/models/sagemaker-1.13.1.json.gz"),
            load("fixtures/models/sagemaker-1.13.2.json.gz"),
        )
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("markdown", "md"), ("html", "html"), ("changelog", "rst"), ("changes-json", "json")],
)
def test_sagemaker_notes_match_golden(sagemaker: Comparison, fmt: str, suffix: str) -> None:
    golden = GOLDEN / f"sagemaker-1.13.1-1.13.2.{suffix}"
    text = render_notes(sagemaker, fmt)
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == golden.read_bytes()


def test_sagemaker_notes_show_three_grouped_findings(sagemaker: Comparison) -> None:
    notes = build_notes(sagemaker)
    (service,) = notes.services
    findings = [f for s in service.sections for f in s.findings]
    assert len(sagemaker.changes) == 11
    assert [(f.subject, f.added.count if f.added else 0) for f in findings] == [
        ("NotebookInstanceAcceleratorType", 3),
        ("ProductionVariantAcceleratorType", 3),
        ("ProductionVariantInstanceType", 18),
    ]
    assert len({op for f in findings for op in f.operations}) == 9
    assert notes.bump.level == "minor"


def test_notes_of_the_lossy_page_agree_with_the_models(sagemaker: Comparison) -> None:
    """The page cuts ProductionVariantInstanceType short in four methods and shows it whole
    in two: its notes join the parts into the same three findings the models give."""
    from specdiff.compare import compare
    from specdiff.loaders import load

    with_page = compare(
        load(REPO / "fixtures/models/sagemaker-1.13.1.json.gz"),
        load(REPO / "fixtures/pages/sagemaker-2019-10-24.txt.gz"),
    )

    def facts(comp: Comparison) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        findings = [
            f for s in build_notes(comp).services for sec in s.sections for f in sec.findings
        ]
        return [(f.subject, f.added.full if f.added else (), f.operations) for f in findings]

    assert facts(with_page) == facts(sagemaker)
    text = render_notes(with_page, "markdown")
    assert text.count("(cut short on the page)") == 2
    assert "## What this comparison could not see" in text
    assert "This is a lower bound" in text


def test_a_service_level_finding_says_what_the_comparison_said() -> None:
    gone = Change(
        Rule.SERVICE_REMOVED, B, "oldsvc", None, None, "", "service removed (Old, 3 operations)"
    )
    text = render_notes(comparison(gone), "markdown")
    assert "#### 1. service removed\n\n- service removed (Old, 3 operations)\n" in text
    assert "the service" not in text
    assert render_notes(comparison(gone), "changelog") == (
        "* api-change:``oldsvc``: Breaking: Removes the service.\n"
    )


def test_sides_are_told_apart_and_catalogs_summarised() -> None:
    names = tuple(f"svc{n}" for n in range(12))
    old = InputInfo("catalog", "a/botocore/data", names)
    new = InputInfo("catalog", "b/botocore/data", names + ("svc12",))
    text = render_notes(comparison(change(), old=old, new=new), "markdown")
    assert "Compared **a/botocore/data** (old) with **b/botocore/data** (new)." in text
    assert "| old | `a/botocore/data` | catalog |  | 12 services |" in text
    assert "| new | `b/botocore/data` | catalog |  | 13 services |" in text


def test_moved_values_show_as_code_and_documentation_as_text() -> None:
    tightened = change(
        Rule.CONSTRAINT_TIGHTENED,
        W,
        path="Name",
        shape="NameType",
        old={"pattern": "^[a-z]*", "max": None},
        new={"pattern": "^[a-z]{0,62}", "max": 64},
        message="request Name: constraint tightened (max None -> 64, pattern '^[a-z]*' -> ...)",
    )
    retyped = change(
        Rule.TYPE_CHANGED,
        B,
        path="Size",
        shape="SizeType",
        old="string",
        new="integer",
        message="request Size: type changed from string to integer",
    )
    documented = change(
        Rule.DOCUMENTATION_CHANGED,
        path="",
        shape=None,
        direction=None,
        old="<p>Creates a <b>thing</b>.</p>",
        new="<p>Creates a thing | fast.</p>",
        message="documentation changed",
    )
    text = render_notes(comparison(tightened, retyped, documented), "markdown")
    assert (
        "#### 1. `SizeType`: type changed from string to integer\n\n- type: `string` → `integer`\n"
        in text
    )
    assert "#### 2. `NameType`: constraint tightened (max, pattern)\n\n- max: none → `64`\n" in text
    assert "- pattern: `^[a-z]*` → `^[a-z]{0,62}`\n" in text
    assert (
        "- documentation was: Creates a thing.\n- documentation now: Creates a thing \\| fast.\n"
        in text
    )
