"""The real, lossy page (SageMaker, botocore 1.13.1 -> 1.13.2) reads to what it shows, no more.

Ground truth (FORMAT.md): three enum shapes gained values, reached from exactly these nine
methods. The page cut six of the nine deltas short after their first line; those must read
as partial with the keys and values they do show.
"""

from __future__ import annotations

import pytest

from specdiff.pages.ast import DeltaMap, EnumAdded, Method, Page
from tests.pagekit import REAL_PAGE, page

NAME = REAL_PAGE.name

EIA2 = ("ml.eia2.large", "ml.eia2.medium", "ml.eia2.xlarge")

DIRECTIONS = {
    "CreateAlgorithm": ("request",),
    "CreateEndpointConfig": ("request",),
    "CreateModelPackage": ("request",),
    "CreateNotebookInstance": ("request",),
    "DescribeAlgorithm": ("response",),
    "DescribeEndpointConfig": ("response",),
    "DescribeModelPackage": ("response",),
    "DescribeNotebookInstance": ("response",),
    "UpdateNotebookInstance": ("request",),
}

# The 62 values of ProductionVariants[].InstanceType in CreateEndpointConfig's Request
# Syntax (page line 766), copied from the page in its order.
INSTANCE_TYPES = (
    "ml.t2.medium", "ml.t2.large", "ml.t2.xlarge", "ml.t2.2xlarge",
    "ml.m4.xlarge", "ml.m4.2xlarge", "ml.m4.4xlarge", "ml.m4.10xlarge", "ml.m4.16xlarge",
    "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge", "ml.m5.12xlarge", "ml.m5.24xlarge",
    "ml.m5d.large", "ml.m5d.xlarge", "ml.m5d.2xlarge", "ml.m5d.4xlarge", "ml.m5d.12xlarge", "ml.m5d.24xlarge",
    "ml.c4.large", "ml.c4.xlarge", "ml.c4.2xlarge", "ml.c4.4xlarge", "ml.c4.8xlarge",
    "ml.p2.xlarge", "ml.p2.8xlarge", "ml.p2.16xlarge",
    "ml.p3.2xlarge", "ml.p3.8xlarge", "ml.p3.16xlarge",
    "ml.c5.large", "ml.c5.xlarge", "ml.c5.2xlarge", "ml.c5.4xlarge", "ml.c5.9xlarge", "ml.c5.18xlarge",
    "ml.c5d.large", "ml.c5d.xlarge", "ml.c5d.2xlarge", "ml.c5d.4xlarge", "ml.c5d.9xlarge", "ml.c5d.18xlarge",
    "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.4xlarge", "ml.g4dn.8xlarge", "ml.g4dn.12xlarge", "ml.g4dn.16xlarge",
    "ml.r5.large", "ml.r5.xlarge", "ml.r5.2xlarge", "ml.r5.4xlarge", "ml.r5.12xlarge", "ml.r5.24xlarge",
    "ml.r5d.large", "ml.r5d.xlarge", "ml.r5d.2xlarge", "ml.r5d.4xlarge", "ml.r5d.12xlarge", "ml.r5d.24xlarge",
)


@pytest.fixture(scope="module")
def real() -> Page:
    return page(NAME)


def delta_of(method: Method) -> DeltaMap:
    (direction,) = method.directions
    delta = getattr(method.changes, direction)
    assert isinstance(delta, DeltaMap)
    return delta


def test_title_and_summary(real: Page) -> None:
    assert (real.title.date, real.title.service, real.title.new, real.title.updated) == (
        "2019-10-24", "Amazon SageMaker Service", 0, 9,
    )
    assert real.summary == "Update sagemaker client to latest version"
    assert real.lossy


def test_nine_methods_names_status_and_directions(real: Page) -> None:
    assert [m.name for m in real.methods] == list(DIRECTIONS)
    assert {m.status for m in real.methods} == {"updated"}
    assert {m.name: m.directions for m in real.methods} == DIRECTIONS
    assert {m.name: m.changes.header for m in real.methods} == {n: d[0] for n, d in DIRECTIONS.items()}


@pytest.mark.parametrize("name", ["CreateNotebookInstance", "DescribeNotebookInstance", "UpdateNotebookInstance"])
def test_three_complete_deltas(real: Page, name: str) -> None:
    method = real.method(name)
    assert delta_of(method) == DeltaMap(entries=(("AcceleratorTypes", EnumAdded(values=EIA2, partial=False)),), partial=False)
    assert not method.changes.partial and not method.changes.missing
    other = "response" if method.directions == ("request",) else "request"
    assert getattr(method.changes, other) is None


@pytest.mark.parametrize(
    "name", ["CreateAlgorithm", "CreateModelPackage", "DescribeAlgorithm", "DescribeModelPackage"]
)
def test_cut_short_inference_specification_deltas(real: Page, name: str) -> None:
    # {'InferenceSpecification': {'SupportedRealtimeInferenceInstanceTypes': {'ml.c5d.18xlarge',
    method = real.method(name)
    assert method.changes.partial
    assert delta_of(method) == DeltaMap(
        entries=(
            ("InferenceSpecification", DeltaMap(
                entries=(("SupportedRealtimeInferenceInstanceTypes", EnumAdded(values=("ml.c5d.18xlarge",), partial=True)),),
                partial=True,
            )),
        ),
        partial=True,
    )


@pytest.mark.parametrize("name", ["CreateEndpointConfig", "DescribeEndpointConfig"])
def test_cut_short_production_variants_deltas(real: Page, name: str) -> None:
    # {'ProductionVariants': {'AcceleratorType': {'ml.eia2.large',
    #                         'InstanceType': {'ml.c5d.18xlarge',
    method = real.method(name)
    assert method.changes.partial
    assert delta_of(method) == DeltaMap(
        entries=(
            ("ProductionVariants", DeltaMap(
                entries=(
                    ("AcceleratorType", EnumAdded(values=("ml.eia2.large",), partial=True)),
                    ("InstanceType", EnumAdded(values=("ml.c5d.18xlarge",), partial=True)),
                ),
                partial=True,
            )),
        ),
        partial=True,
    )


def test_exactly_six_deltas_are_partial(real: Page) -> None:
    assert sorted(m.name for m in real.methods if m.changes.partial) == [
        "CreateAlgorithm", "CreateEndpointConfig", "CreateModelPackage",
        "DescribeAlgorithm", "DescribeEndpointConfig", "DescribeModelPackage",
    ]


def test_create_endpoint_config_instance_type_whole_enum_list(real: Page) -> None:
    syntax = real.method("CreateEndpointConfig").request_syntax
    assert syntax.call is None and syntax.partial  # the page lost "client.create_endpoint_config("
    assert [m.name for m in syntax.members] == ["ProductionVariants", "Tags"]
    assert syntax.fragments == ()
    variants = syntax.members[0]
    assert variants.kind == "list" and variants.partial
    element = variants.children[0]
    assert element.kind == "structure"
    assert [c.name for c in element.children] == [
        "VariantName", "ModelName", "InitialInstanceCount", "InstanceType", "InitialVariantWeight", "AcceleratorType",
    ]
    instance_type = element.child("InstanceType")
    assert instance_type.kind == "enum" and not instance_type.partial
    assert instance_type.values == INSTANCE_TYPES
    assert len(instance_type.values) == 62
    assert (instance_type.values[0], instance_type.values[-1]) == ("ml.t2.medium", "ml.r5d.24xlarge")
    assert element.child("AcceleratorType").values == (
        "ml.eia1.medium", "ml.eia1.large", "ml.eia1.xlarge", "ml.eia2.medium", "ml.eia2.large", "ml.eia2.xlarge",
    )
    assert element.child("InitialVariantWeight").kind == "any"
    tags = syntax.members[1]
    assert tags.kind == "list" and [(c.name, c.kind) for c in tags.children[0].children] == [
        ("Key", "string"), ("Value", "string"),
    ]


def test_the_whole_list_holds_the_eighteen_added_instance_types(real: Page) -> None:
    added = {f"ml.{family}.{size}" for family in ("c5d", "m5d", "r5d") for size in ("large", "xlarge", "2xlarge", "4xlarge")}
    added |= {"ml.c5d.9xlarge", "ml.c5d.18xlarge", "ml.m5d.12xlarge", "ml.m5d.24xlarge", "ml.r5d.12xlarge", "ml.r5d.24xlarge"}
    assert len(added) == 18
    values = real.method("CreateEndpointConfig").request_syntax.members[0].children[0].child("InstanceType").values
    assert added <= set(values)


def test_lossy_parameters_do_not_claim_requiredness(real: Page) -> None:
    method = real.method("CreateEndpointConfig")
    assert [(p.name, p.type, p.required) for p in method.parameters] == [
        ("EndpointConfigName", None, None), ("ProductionVariants", None, None), ("Tags", None, None), ("KmsKeyId", None, None),
    ]
    variants = method.parameters[1].bullets[0]
    assert (variants.name, variants.type) == (None, "dict")
    assert [(b.name, b.type, b.required) for b in variants.children] == [
        ("VariantName", "string", True), ("ModelName", "string", True), ("InitialInstanceCount", "integer", True),
        ("InstanceType", "string", True), ("InitialVariantWeight", "float", False), ("AcceleratorType", "string", False),
    ]


def test_sections_that_lost_every_line_read_partial_and_empty(real: Page) -> None:
    describe = real.method("DescribeAlgorithm").request_syntax
    assert (describe.members, describe.partial) == ((), True)
    update = real.method("UpdateNotebookInstance")
    assert update.response_syntax.members == () and update.response_syntax.partial
