"""Findings: changes grouped into one fact per shape, and compact enum value lists."""

from __future__ import annotations

import pytest

from specdiff.compare.changes import Change, Rule, Severity
from specdiff.render.findings import compact_values, find
from tests.notekit import B, I, W, change

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


@pytest.mark.parametrize(
    "path, member",
    [("A[].B{}", "B"), ("Tags{key}", "Tags"), ("A.B[][]{}{key}", "B"), ("A.[]", ""), ("A.B[]x", "B[]x"), ("A.B{k}", "B{k}")],
)
def test_the_member_a_path_ends_in(path: str, member: str) -> None:
    from specdiff.render.findings import member_of

    assert member_of(change(rule=Rule.MEMBER_ADDED, path=path)) == member


def test_a_path_of_thousands_of_containers_is_read_in_linear_time() -> None:
    import time

    from specdiff.render.findings import member_of

    path = "A." + "[]" * 50_000 + "x"  # a regex "(\[\]|...)+$" retries this run from each of its places
    started = time.process_time()
    assert member_of(change(rule=Rule.MEMBER_ADDED, path=path)) == path[2:]
    assert member_of(change(rule=Rule.MEMBER_ADDED, path=path[:-1])) == ""
    assert time.process_time() - started < 1.0  # the regex took 1.3 s for 8,000 of them
