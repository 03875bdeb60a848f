"""Changelog pages written from a comparison (``specdiff OLD NEW --format page``): they read
back with specdiff's own page reader and carry the same changes as the models they came from."""

from __future__ import annotations

import dataclasses
import gzip
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.compare.changes import Comparison, Rule
from specdiff.compare.diff import compare
from specdiff.compare.sitedelta import format_delta, method_delta
from specdiff.errors import UsageError
from specdiff.loaders import load
from specdiff.loaders.page import load_page_text
from specdiff.model import Spec
from specdiff.pages.ast import DeltaMap, EnumAdded, Page, Sketch
from specdiff.pages.reader import parse_page
from specdiff.render.page import NO_DATE, doc_paragraphs, prose, render_page
from tests.modelkit import model, spec, structure

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "fixtures" / "models"
GOLDEN = ROOT / "tests" / "golden" / "pagewriter"

# FORMAT.md's ground truth: the nine methods of the 1.13.1 -> 1.13.2 sagemaker page
SAGEMAKER_METHODS = {
    "CreateAlgorithm": "request", "CreateEndpointConfig": "request", "CreateModelPackage": "request",
    "CreateNotebookInstance": "request", "UpdateNotebookInstance": "request",
    "DescribeAlgorithm": "response", "DescribeEndpointConfig": "response",
    "DescribeModelPackage": "response", "DescribeNotebookInstance": "response",
}


def _pair(old: str, new: str) -> tuple[Spec, Spec, Comparison]:
    before, after = load(MODELS / f"{old}.json.gz"), load(MODELS / f"{new}.json.gz")
    return before, after, compare(before, after)


@pytest.fixture(scope="module")
def sagemaker() -> tuple[Spec, Spec, Comparison, str]:
    old, new, comparison = _pair("sagemaker-1.13.1", "sagemaker-1.13.2")
    return old, new, comparison, render_page(comparison, old, new)


def _facts(comparison: Comparison, rules: set[Rule] | None = None) -> set[tuple[Any, ...]]:
    return {
        (c.rule.value, c.operation, c.direction, c.path, c.added, c.partial)
        for c in comparison.changes
        if rules is None or c.rule in rules
    }


def _plain(delta: Any) -> Any:
    """A delta read from a page, back in the form the site prints (dicts, sets, sketches)."""
    if isinstance(delta, DeltaMap):
        return {name: _plain(value) for name, value in delta.entries}
    if isinstance(delta, EnumAdded):
        return set(delta.values)
    assert isinstance(delta, Sketch)
    if delta.kind == "enum":
        return " | ".join(delta.values)
    if delta.kind == "structure":
        return {name: _plain(value) for name, value in delta.members}
    if delta.kind == "list":
        return [_plain(delta.element)] if delta.element else []
    if delta.kind == "map":
        assert delta.key is not None and delta.element is not None
        return {_plain(delta.key): _plain(delta.element)}
    if delta.kind == "recursive":
        return ()
    return delta.kind


# ---------------------------------------------------------------------------- sagemaker


def test_sagemaker_page_reads_back_with_its_nine_methods(sagemaker: tuple[Spec, Spec, Comparison, str]) -> None:
    _, _, _, text = sagemaker
    page = parse_page(text, source="sagemaker-page")
    assert (page.title.date, page.title.service, page.title.new, page.title.updated) == (
        "1970-01-01", "Amazon SageMaker Service", 0, 9,
    )
    assert page.summary == "Update sagemaker client to latest version"
    assert not page.lossy
    assert {m.name: m.changes.header for m in page.methods if m.changes} == SAGEMAKER_METHODS
    assert all(m.status == "updated" and not m.partial for m in page.methods)
    create = page.method("CreateEndpointConfig")
    assert create is not None and create.request_syntax is not None
    assert create.request_syntax.call == "client.create_endpoint_config"
    assert [p.name for p in create.parameters] == ["EndpointConfigName", "ProductionVariants", "Tags", "KmsKeyId"]
    assert [(p.type, p.required) for p in create.parameters][:2] == [("string", True), ("list", True)]
    variant = create.request_syntax.members[1].children[0]
    assert "ml.c5d.18xlarge" in (variant.child("InstanceType").values or ())  # type: ignore[union-attr]


def test_sagemaker_page_deltas_are_the_site_deltas(sagemaker: tuple[Spec, Spec, Comparison, str]) -> None:
    old, new, _, text = sagemaker
    before, after = old.services["sagemaker"], new.services["sagemaker"]
    page = parse_page(text)
    for method in page.methods:
        assert method.changes is not None
        prior, operation = before.operations[method.name], after.operations[method.name]
        direction = SAGEMAKER_METHODS[method.name]
        root = (prior.input, operation.input) if direction == "request" else (prior.output, operation.output)
        expected = method_delta(before, after, *root)
        assert expected and _plain(getattr(method.changes, direction)) == expected


def test_sagemaker_round_trip_gives_every_change_of_the_models(sagemaker: tuple[Spec, Spec, Comparison, str]) -> None:
    old, _, comparison, text = sagemaker
    through_page = compare(old, load_page_text(text, source="sagemaker-page"))
    enum_rule = {Rule.ENUM_VALUE_ADDED}
    assert len(_facts(comparison, enum_rule)) == 11
    assert _facts(through_page, enum_rule) == _facts(comparison, enum_rule)
    assert _facts(through_page) == _facts(comparison)  # nothing else changed, nothing invented
    assert not any(c.partial for c in through_page.changes)
    assert through_page.incomplete == ()


def test_sagemaker_page_is_deterministic_and_matches_its_golden_file(
    sagemaker: tuple[Spec, Spec, Comparison, str],
) -> None:
    old, new, comparison, text = sagemaker
    assert render_page(comparison, old, new) == text
    golden = GOLDEN / "sagemaker-1.13.1-1.13.2.txt.gz"
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    assert golden.exists(), f"no golden file {golden}; run with SPECDIFF_REGEN_GOLDEN=1 and check it"
    assert gzip.decompress(golden.read_bytes()).decode("utf-8") == text


def test_sets_print_sorted_whatever_the_hash_seed() -> None:
    # plain pprint prints a short set in hash order, which changes from run to run
    assert format_delta({"A": {"c", "a", "b"}}) == "{'A': {'a', 'b', 'c'}}"
    long = {f"ml.value.{i:02d}" for i in range(12)}
    lines = format_delta({"Types": long}).splitlines()
    assert [line.strip(" {}',").split("'")[-1] for line in lines] == sorted(long)


def test_a_page_rendered_against_a_page_shows_the_same_deltas(sagemaker: tuple[Spec, Spec, Comparison, str]) -> None:
    # the page side's types are only what a page shows (123 for long, no enum where a line
    # was lost): the delta must not take that for a change
    old, _, _, text = sagemaker
    page_spec = load_page_text(text, source="sagemaker-page")
    again = parse_page(render_page(compare(old, page_spec), old, page_spec))
    first = parse_page(text)
    assert [(m.name, m.changes) for m in again.methods] == [(m.name, m.changes) for m in first.methods]


# ---------------------------------------------------------------------------- larger real pairs


def test_elasticache_round_trip_gives_every_member_added() -> None:
    old, new, comparison = _pair("elasticache-1.13.3", "elasticache-1.13.6")
    text = render_page(comparison, old, new)
    page = parse_page(text)
    assert (page.title.new, page.title.updated, page.lossy) == (0, 15, False)
    through_page = compare(old, load_page_text(text, source="elasticache-page"))
    assert len(_facts(comparison)) == 34
    assert _facts(through_page) == _facts(comparison)


def test_groundstation_round_trip_gives_every_change_a_page_can_show() -> None:
    old, new, comparison = _pair("groundstation-1.13.2", "groundstation-1.35.0")
    text = render_page(comparison, old, new)
    through_page = compare(old, load_page_text(text, source="groundstation-page"))
    shown = {Rule.ENUM_VALUE_ADDED, Rule.MEMBER_ADDED, Rule.OPERATION_ADDED}
    assert _facts(through_page) == _facts(comparison, shown)


# ---------------------------------------------------------------------------- edge cases


_DOC = (
    "<p>{not a delta}</p><p>Request Syntax</p><ul><li><p>type Foo</p><p>more</p></li>"
    "<li>Bar (updated) Link</li><li>Baz (string) -- x</li></ul><p>returns</p>"
)
_OLD_SHAPES: dict[str, Any] = {
    "OpRequest": structure({"Name": "Str", "Tags": "TagMap", "Node": "Node", "When": "Time"}, required=("Name",)),
    "OpResponse": structure({"Node": "Node", "Ratio": "Dbl", "Data": "Blb", "Count": "Lng", "Ok": "Bool"}),
    "Str": {"type": "string"},
    "Time": {"type": "timestamp"},
    "Dbl": {"type": "double"},
    "Blb": {"type": "blob"},
    "Lng": {"type": "long"},
    "Bool": {"type": "boolean"},
    "TagMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Node"}},
    "Node": structure({"Id": "Str", "Children": "NodeList", "Mode": "Mode"}),
    "NodeList": {"type": "list", "member": {"shape": "Node"}},
    "Mode": {"type": "string", "enum": ["a", "b"]},
    "Echo": structure({"Node": "Node"}),
}
_OPERATIONS = {"Op": ("OpRequest", "OpResponse"), "Echo": ("Echo", "Echo")}


def _edge_specs() -> tuple[Spec, Spec]:
    new_shapes = dict(_OLD_SHAPES)
    new_shapes["Mode"] = {"type": "string", "enum": ["a", "b", "c'q"]}
    new_shapes["Node"] = structure({"Id": "Str", "Children": "NodeList", "Mode": "Mode", "Self": "Node"})
    new_shapes["Empty"] = structure({})
    document = model(new_shapes, {**_OPERATIONS, "Bare": (None, None), "Nothing": ("Empty", None)})
    document["operations"]["Bare"]["documentation"] = _DOC
    document["operations"]["Nothing"]["deprecated"] = True
    return spec(model(_OLD_SHAPES, _OPERATIONS)), spec(document)


def test_recursive_maps_and_new_methods_read_back() -> None:
    old, new = _edge_specs()
    comparison = compare(old, new)
    text = render_page(comparison, old, new, date="2020-1-5")
    page = parse_page(text)
    assert (page.title.date, page.title.new, page.title.updated) == ("2020-01-05", 2, 2)
    assert [(m.name, m.status) for m in page.methods] == [
        ("Bare", "new"), ("Nothing", "new"), ("Echo", "updated"), ("Op", "updated"),
    ]
    echo = page.method("Echo")
    assert echo is not None and echo.changes is not None and echo.changes.header == "both"
    op = page.method("Op")
    assert op is not None and op.changes is not None
    assert op.changes.header == "request, response"  # Tags (a map of Node) changes only in the request
    assert _plain(op.changes.response) == {"Node": {"Mode": {"c'q"}, "Self": {"Children": [()], "Id": "string", "Mode": "a | b | c'q", "Self": ()}}}
    assert [(p.name, p.type, p.required) for p in op.parameters] == [
        ("Name", "string", True), ("Tags", "dict", False), ("Node", "dict", False), ("When", "datetime", False),
    ]
    assert "{'... recursive ...'}" in text and "datetime(2015, 1, 1)" in text and "b'bytes'" in text
    through_page = compare(old, load_page_text(text, source="edge-page"))
    assert _facts(through_page) == _facts(comparison)


def test_prose_that_looks_like_page_structure_stays_prose() -> None:
    old, new = _edge_specs()
    page = parse_page(render_page(compare(old, new), old, new))
    bare = page.method("Bare")
    assert bare is not None
    lines = bare.description.replace("\u200b", "").splitlines()
    assert lines == ["{not a delta}", "Request Syntax", "• type Foo", "more", "• Bar (updated) Link", "• Baz (string) -- x", "returns"]
    nothing = page.method("Nothing")
    assert nothing is not None and nothing.description.startswith("Danger\nThis operation is deprecated")
    assert prose("An ordinary sentence.") == "An ordinary sentence."
    assert doc_paragraphs("<p>a <code>b</code>\n c</p><p></p>") == ["a b c"]


def test_date_comes_from_the_argument_or_a_dated_version() -> None:
    old, new = _edge_specs()
    comparison = compare(old, new)
    assert render_page(comparison, old, new).startswith(NO_DATE + " - ")
    dated = Spec(kind=new.kind, source=new.source, services=new.services, version="2019-10-24")
    assert render_page(comparison, old, dated).startswith("2019/10/24 - ")
    with pytest.raises(UsageError, match="not a date"):
        render_page(comparison, old, new, date="yesterday")


def test_a_comparison_of_several_services_is_refused() -> None:
    old_a, new_a = _edge_specs()
    old_b = spec(model(_OLD_SHAPES, _OPERATIONS, service="other"))
    new_b = spec(model({**_OLD_SHAPES, "Mode": {"type": "string", "enum": ["a", "b", "z"]}}, _OPERATIONS, service="other"))
    old = Spec(kind="catalog", source="old", services={**old_a.services, **old_b.services})
    new = Spec(kind="catalog", source="new", services={**new_a.services, **new_b.services})
    with pytest.raises(UsageError, match="--format page needs one service; use --service"):
        render_page(compare(old, new), old, new)
    one = compare(old, new, services=["other"])
    assert parse_page(render_page(one, old, new)).title.service == "Demo other"


# ---------------------------------------------------------------------------- command line


def test_cli_writes_a_page_that_compares_like_the_new_model(tmp_path: Path) -> None:
    old, new = str(MODELS / "sagemaker-1.13.1.json.gz"), str(MODELS / "sagemaker-1.13.2.json.gz")
    out = tmp_path / "page.txt"
    result = CliRunner().invoke(app, ["compare", old, new, "--format", "page", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert isinstance(parse_page(out.read_text(encoding="utf-8")), Page)
    through_page = CliRunner().invoke(app, ["compare", old, str(out), "--format", "json", "--fail-on", "never"])
    direct = CliRunner().invoke(app, ["compare", old, new, "--format", "json", "--fail-on", "never"])
    assert through_page.exit_code == direct.exit_code == 0
    assert '"enum-value-added"' in through_page.stdout
    assert through_page.stdout.count('"rule"') == direct.stdout.count('"rule"') == 11


def test_a_service_new_in_a_catalog_has_every_method_new() -> None:
    old_a, new_a = _edge_specs()
    added = spec(model(_OLD_SHAPES, _OPERATIONS, service="other"))
    old = Spec(kind="catalog", source="old", services=dict(old_a.services))
    new = Spec(kind="catalog", source="new", services={**old_a.services, **added.services})
    comparison = compare(old, new)
    assert [c.rule for c in comparison.changes] == [Rule.SERVICE_ADDED]
    page = parse_page(render_page(comparison, old, new))
    assert (page.title.service, page.title.new, page.title.updated) == ("Demo other", 2, 0)
    assert [(m.name, m.status) for m in page.methods] == [("Echo", "new"), ("Op", "new")]


def test_hostile_names_stay_on_their_lines() -> None:
    hostile = load(MODELS / "hostile" / "hostile.json")
    (service,) = hostile.services.values()
    empty = Spec(kind="model", source="empty", services={service.name: dataclasses.replace(service, operations={}, shapes={})})
    text = render_page(compare(empty, hostile), empty, hostile)
    lines = text.splitlines()
    assert "line break='string'," in [line.strip() for line in lines]  # the member "line\nbreak"
    assert not any(line.startswith("break") for line in lines)
    methods = [line for line in lines if line.endswith("Link ¶")]
    assert len(methods) == len(service.operations)
    assert render_page(compare(empty, hostile), empty, hostile) == text


def test_a_type_change_is_not_shown_as_an_added_member() -> None:
    # the site shows added members and enum values only
    new_shapes = dict(_OLD_SHAPES)
    new_shapes["OpRequest"] = structure(
        {"Name": "Str", "Tags": "TagMap", "Node": "Node", "When": "Str", "Extra": "Str"}, required=("Name",)
    )
    old, new = spec(model(_OLD_SHAPES, _OPERATIONS)), spec(model(new_shapes, _OPERATIONS))
    comparison = compare(old, new)
    assert {c.rule for c in comparison.changes} == {Rule.TYPE_CHANGED, Rule.MEMBER_ADDED}
    page = parse_page(render_page(comparison, old, new, date="2020/01/05"))
    op = page.method("Op")
    assert op is not None and op.changes is not None and op.changes.header == "request"
    assert _plain(op.changes.request) == {"Extra": "string"}  # When (timestamp -> string) is not there
    # a method whose only change is a type change is not on the page at all
    only_type = dict(_OLD_SHAPES, OpRequest=structure({"Name": "Str", "Tags": "TagMap", "Node": "Node", "When": "Str"}, required=("Name",)))
    newer = spec(model(only_type, _OPERATIONS))
    assert parse_page(render_page(compare(old, newer), old, newer)).methods == ()


def test_the_cli_page_date_is_the_date_option_else_the_new_sides(tmp_path: Path) -> None:
    old, new = str(MODELS / "sagemaker-1.13.1.json.gz"), str(MODELS / "sagemaker-1.13.2.json.gz")
    dated = CliRunner().invoke(app, ["compare", old, new, "--format", "page", "--date", "2019/10/24"])
    assert dated.exit_code == 0 and dated.stdout.startswith("2019/10/24 - Amazon SageMaker Service - ")
    # a data folder unpacked from a wheel keeps the day it was built
    folder = tmp_path / "botocore-1.13.2" / "data"
    (folder / "sagemaker" / "2017-07-24").mkdir(parents=True)
    (folder / "sagemaker" / "2017-07-24" / "service-2.json.gz").write_bytes((MODELS / "sagemaker-1.13.2.json.gz").read_bytes())
    (folder.parent / "released").write_text("2019/10/23\n", encoding="utf-8")
    from_folder = CliRunner().invoke(app, ["compare", old, str(folder), "--format", "page", "--service", "sagemaker"])
    assert from_folder.exit_code == 0, from_folder.output
    assert from_folder.stdout.startswith("2019/10/23 - ")
    bad = CliRunner().invoke(app, ["compare", old, new, "--format", "page", "--date", "soon"])
    assert bad.exit_code == 2 and "not a date" in bad.output
