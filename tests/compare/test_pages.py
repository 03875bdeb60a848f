"""Comparisons with a page side: the real lossy page against the model it updates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from specdiff.compare.changes import Rule
from specdiff.compare.diff import compare
from specdiff.compare.pages import (
    PAGE_ALONE_OBSERVES,
    PAGE_UNOBSERVABLE,
    PAGE_WITH_MODEL_OBSERVES,
    PAGES_SHOWN_OBSERVES,
    changes_on_page,
)
from specdiff.errors import UsageError
from specdiff.loaders import load

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGE = FIXTURES / "pages" / "sagemaker-2019-10-24.txt.gz"
OLD = FIXTURES / "models" / "sagemaker-1.13.1.json.gz"
NEW = FIXTURES / "models" / "sagemaker-1.13.2.json.gz"

SIZES = ("large", "xlarge", "2xlarge", "4xlarge")
INSTANCE_TYPES = tuple(
    sorted(
        [f"ml.c5d.{s}" for s in SIZES + ("9xlarge", "18xlarge")]
        + [f"ml.{f}.{s}" for f in ("m5d", "r5d") for s in SIZES + ("12xlarge", "24xlarge")]
    )
)
EIA2 = ("ml.eia2.large", "ml.eia2.medium", "ml.eia2.xlarge")

# FORMAT.md's ground truth: (operation, direction, path) -> values added
GROUND_TRUTH = {
    ("CreateAlgorithm", "request", "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes[]"): INSTANCE_TYPES,
    ("CreateModelPackage", "request", "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes[]"): INSTANCE_TYPES,
    ("DescribeAlgorithm", "response", "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes[]"): INSTANCE_TYPES,
    ("DescribeModelPackage", "response", "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes[]"): INSTANCE_TYPES,
    ("CreateEndpointConfig", "request", "ProductionVariants[].AcceleratorType"): EIA2,
    ("CreateEndpointConfig", "request", "ProductionVariants[].InstanceType"): INSTANCE_TYPES,
    ("DescribeEndpointConfig", "response", "ProductionVariants[].AcceleratorType"): EIA2,
    ("DescribeEndpointConfig", "response", "ProductionVariants[].InstanceType"): INSTANCE_TYPES,
    ("CreateNotebookInstance", "request", "AcceleratorTypes[]"): EIA2,
    ("UpdateNotebookInstance", "request", "AcceleratorTypes[]"): EIA2,
    ("DescribeNotebookInstance", "response", "AcceleratorTypes[]"): EIA2,
}


@pytest.fixture(scope="module")
def page_against_model():
    return compare(load(OLD), load(PAGE))


def test_ground_truth_sanity():
    assert len(INSTANCE_TYPES) == 18


def test_page_against_old_model_finds_every_ground_truth_site(page_against_model):
    found = {(c.operation, c.direction, c.path): c for c in page_against_model.changes}
    assert set(found) == set(GROUND_TRUTH)
    assert all(c.rule is Rule.ENUM_VALUE_ADDED and c.source == "page" for c in found.values())


def test_completed_deltas_equal_ground_truth_where_the_page_shows_the_list(page_against_model):
    complete = [c for c in page_against_model.changes if not c.partial]
    # the endpoint config syntax shows both whole lists; the notebook deltas are whole
    assert {(c.operation, c.path) for c in complete} == {
        (op, path)
        for (op, _, path) in GROUND_TRUTH
        if op.endswith("EndpointConfig") or op.endswith("NotebookInstance")
    }
    for c in complete:
        assert c.added == GROUND_TRUTH[(c.operation, c.direction, c.path)]
        assert c.removed == ()


def test_cut_short_deltas_are_reported_incomplete_not_guessed(page_against_model):
    partial = [c for c in page_against_model.changes if c.partial]
    assert {c.operation for c in partial} == {
        "CreateAlgorithm", "CreateModelPackage", "DescribeAlgorithm", "DescribeModelPackage"
    }
    for c in partial:
        # only what the page shows, which is a real subset of the truth
        assert c.added == ("ml.c5d.18xlarge",)
        assert set(c.added) < set(GROUND_TRUTH[(c.operation, c.direction, c.path)])
    notes = "\n".join(page_against_model.incomplete)
    for op in ("CreateAlgorithm", "CreateModelPackage", "DescribeAlgorithm", "DescribeModelPackage"):
        assert f"{op}: " in notes and "SupportedRealtimeInferenceInstanceTypes[]: enum delta cut short" in notes


def test_changes_group_by_the_models_shapes(page_against_model):
    shapes = {c.shape for c in page_against_model.changes}
    assert shapes == {
        "NotebookInstanceAcceleratorType",
        "ProductionVariantAcceleratorType",
        "ProductionVariantInstanceType",
    }


def test_severity_follows_direction(page_against_model):
    for c in page_against_model.changes:
        assert c.severity.value == ("info" if c.direction == "request" else "warning")


def test_page_side_names_what_it_cannot_observe(page_against_model):
    # every rule there is, but what a page read along the old model shows
    hidden = set(page_against_model.unobservable)
    assert hidden == {r.value for r in Rule} - {r.value for r in PAGE_WITH_MODEL_OBSERVES}
    assert "member-removed" in hidden and "member-became-required" in hidden
    assert "type-changed" not in hidden and "enum-value-added" not in hidden
    # a page alone sees its additions only
    assert set(PAGE_UNOBSERVABLE) == {r.value for r in Rule} - {r.value for r in PAGE_ALONE_OBSERVES}
    assert "type-changed" in PAGE_UNOBSERVABLE and "enum-value-removed" in PAGE_UNOBSERVABLE


def test_page_on_its_own_gives_its_deltas():
    comparison = changes_on_page(load(PAGE))
    sites = {(c.operation, c.direction, c.path): c for c in comparison.changes}
    assert set(sites) == set(GROUND_TRUTH)
    for key, change in sites.items():
        if key[0].endswith("NotebookInstance"):
            assert change.added == EIA2 and not change.partial
        else:  # cut short, one value each, and nothing to complete them with
            assert change.partial and len(change.added) == 1
            assert set(change.added) <= set(GROUND_TRUTH[key])


def test_page_against_newer_model_shows_only_what_both_sides_show():
    comparison = compare(load(PAGE), load(NEW))
    # the page is the 1.13.2 release itself: nothing the page shows differs from 1.13.2
    assert comparison.changes == ()
    assert set(comparison.unobservable) == {r.value for r in Rule} - {r.value for r in PAGES_SHOWN_OBSERVES}


def test_two_pages_of_one_service_compare_shared_methods(tmp_path):
    import gzip

    text = gzip.decompress(PAGE.read_bytes()).decode("utf-8")
    # an older page: the same release with the endpoint config methods only
    cut = text.index("CreateModelPackage\u00a0(updated)")
    older = tmp_path / "older.txt"
    older.write_text(text[:cut], encoding="utf-8")
    comparison = compare(load(older), load(PAGE))
    assert comparison.only_new == (
        "sagemaker.CreateModelPackage",
        "sagemaker.CreateNotebookInstance",
        "sagemaker.DescribeAlgorithm",
        "sagemaker.DescribeEndpointConfig",
        "sagemaker.DescribeModelPackage",
        "sagemaker.DescribeNotebookInstance",
        "sagemaker.UpdateNotebookInstance",
    )
    assert comparison.changes == ()  # identical where both describe a method


def test_page_and_model_of_different_services_is_a_usage_error(tmp_path):
    import gzip
    import json

    document = json.loads(gzip.decompress(OLD.read_bytes()))
    document["metadata"].update(serviceId="Other", serviceFullName="Other Service")
    other = tmp_path / "other.json"
    other.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UsageError, match="compare two versions of one service"):
        compare(load(other), load(PAGE))


def test_cli_one_page_on_its_own_and_one_model_alone():
    from typer.testing import CliRunner

    from specdiff.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["compare", str(PAGE), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.stdout)
    assert len(report["changes"]) == len(GROUND_TRUTH)
    assert all(c["source"] == "page" and c.get("shape") is None for c in report["changes"])
    alone = runner.invoke(app, ["compare", str(OLD)])
    assert alone.exit_code == 2
    assert "one input alone must be a changelog page" in alone.stderr
    assert "Traceback" not in alone.output


# ---------------------------------------------------------------------------- types a page shows

S3_OLD = FIXTURES / "pages" / "site" / "models" / "s3-1.13.2.json.gz"  # HeadObject of botocore 1.13.2
# HeadObject as botocore 1.44.8 documents it: Expires is a string now (a timestamp before)
S3_PAGE = """2026/11/20 - Amazon Simple Storage Service - 1 updated api methods

Changes  Update s3 client to latest version

HeadObject (updated) Link ¶
Changes (response)
{'ExpiresString': 'string'}

The HEAD operation retrieves metadata from an object without returning the object itself.

Request Syntax

response = client.head_object(
    Bucket='string',
    Key='string'
)

type Bucket
string
param Bucket
[REQUIRED]
The name of the bucket.

type Key
string
param Key
[REQUIRED]
The object key.

rtype
dict
returns
Response Syntax

{
    'ContentLength': 123,
    'ETag': 'string',
    'Expires': 'string',
    'ExpiresString': 'string',
    'LastModified': datetime(2015, 1, 1)
}

Response Structure

  • (dict) --
    • ContentLength (integer) --
      Size of the body in bytes.
    • ETag (string) --
      An entity tag.
    • Expires (string) --
      The date and time at which the object is no longer cacheable.
    • ExpiresString (string) --
      The raw Expires header.
    • LastModified (datetime) --
      Date and time when the object was last modified.
"""


def test_a_page_showing_a_members_new_type_gives_a_type_change_against_the_old_model(tmp_path):
    page = tmp_path / "s3.txt"
    page.write_text(S3_PAGE, encoding="utf-8")
    comparison = compare(load(S3_OLD), load(page))
    by_rule = {}
    for change in comparison.changes:
        by_rule.setdefault(change.rule, []).append(change)
    (changed,) = by_rule[Rule.TYPE_CHANGED]
    assert (changed.operation, changed.direction, changed.path) == ("HeadObject", "response", "Expires")
    assert (changed.old, changed.new, changed.severity.value) == ("timestamp", "string", "breaking")
    (added,) = by_rule[Rule.MEMBER_ADDED]
    assert added.path == "ExpiresString"
    # the other members are written as the model has them: 123 a long, datetime a timestamp
    assert set(by_rule) == {Rule.TYPE_CHANGED, Rule.MEMBER_ADDED}
    assert "type-changed" not in comparison.unobservable


def test_a_page_alone_never_reports_a_type_change(tmp_path):
    page = tmp_path / "s3.txt"
    page.write_text(S3_PAGE, encoding="utf-8")
    comparison = changes_on_page(load(page))
    assert [c.rule for c in comparison.changes] == [Rule.MEMBER_ADDED]
    assert "type-changed" in comparison.unobservable


# ---------------------------------------------------------------------------- a delta without its header

DEDUP_PAGE = """2026/11/20 - Amazon Simple Storage Service - 2 updated api methods

Changes  Update s3 client to latest version

HeadObject (updated) Link ¶
Changes (response)
{'ExpiresString': 'string'}

Retrieves metadata.

Request Syntax

response = client.head_object(
    Bucket='string'
)

HeadObject2 (updated) Link ¶
{'ObjectLockMode': {'FUTURE'},
 'Restored': 'string'}

Retrieves metadata again.
"""


def test_a_delta_whose_header_a_crawl_dropped_is_placed_by_the_old_model(tmp_path):
    page = tmp_path / "s3.txt"
    # the second method's "Changes (response)" was a repeat, and a de-duplicating crawl dropped it
    page.write_text(DEDUP_PAGE.replace("HeadObject2", "HeadObjectAgain"), encoding="utf-8")
    spec = load(page)
    again = spec.page.method("HeadObjectAgain")
    assert again is not None and again.changes is None and again.headless is not None and spec.page.lossy
    old = load(S3_OLD)
    (service,) = old.services.values()
    renamed = replace(old, services={service.name: replace(service, operations={
        **service.operations, "HeadObjectAgain": replace(service.operations["HeadObject"], name="HeadObjectAgain"),
    })})
    comparison = compare(renamed, spec)
    placed = [c for c in comparison.changes if c.operation == "HeadObjectAgain"]
    # ObjectLockMode is in HeadObject's output only: the delta is the response's
    assert {(c.rule, c.direction, c.path) for c in placed} == {
        (Rule.ENUM_VALUE_ADDED, "response", "ObjectLockMode"), (Rule.MEMBER_ADDED, "response", "Restored"),
    }
    assert all(c.partial for c in placed)
    assert any(n.startswith("HeadObjectAgain: the page lost this method's Changes line") for n in comparison.incomplete)
    # a page alone cannot place it: nothing reported, the method named incomplete
    alone = changes_on_page(spec)
    assert not [c for c in alone.changes if c.operation == "HeadObjectAgain"]
    assert any(n.startswith("HeadObjectAgain: the page lost this method's delta") for n in alone.incomplete)
