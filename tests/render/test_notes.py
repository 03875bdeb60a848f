"""Release notes: sections, semver, every format, hostile input, and the sagemaker goldens."""

from __future__ import annotations

import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path

import pytest

from specdiff.compare.changes import Change, Comparison, IgnoredChange, InputInfo, Rule
from specdiff.compare.diff import compare
from specdiff.loaders import load
from specdiff.render.notes import (
    FORMATS,
    build_notes,
    changes_fragments,
    recommend_bump,
    render_notes,
)
from tests.notekit import (
    HOSTILE,
    NEW,
    OLD,
    PAGE,
    PAGE_BLIND,
    B,
    I,
    W,
    change,
    comparison,
    many_changes,
    md_parser,
)

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden" / "notes"


def test_notes_do_not_depend_on_change_order() -> None:
    changes = [c for _, c in zip(range(20), many_changes())]
    shuffled = changes[:]
    random.Random(4).shuffle(shuffled)
    ordered = render_notes(comparison(*changes), "markdown")
    assert render_notes(Comparison(OLD, NEW, tuple(shuffled)), "markdown") == ordered


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


def test_a_long_value_list_keeps_every_value_in_every_format() -> None:
    values = tuple(sorted(f"Runtime{n}" for n in range(40)))
    comp = comparison(change(added=values))
    markdown = render_notes(comp, "markdown")
    assert "and 34 more" in markdown
    assert "<details><summary>All 40 added values</summary>" in markdown
    for value in values:
        assert f"`{value}`" in markdown
        assert f"<code>{value}</code>" in render_notes(comp, "html")


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
    tokens = md_parser.parse(markdown)
    blocks: list[tuple[str, str, int]] = [(t.type, t.tag, t.nesting) for t in tokens]
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
    comp = comparison(*(c for _, c in zip(range(12), many_changes())))
    first = render_notes(comp, fmt)
    assert first == render_notes(comp, fmt) and first.endswith("\n")


# ---------------------------------------------------------------------- golden files


@pytest.fixture(scope="module")
def sagemaker() -> Comparison:
    cwd = os.getcwd()
    os.chdir(REPO)  # sources read as the user would type them, so the goldens hold no absolute path
    try:
        return compare(
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


def test_no_changes_make_no_changelog_line_and_no_fragment() -> None:
    assert render_notes(comparison(), "changelog") == ""
    assert render_notes(comparison(), "changes-json") == "[]\n"
    assert changes_fragments(comparison()) == {}
