"""Snapshots round-trip a spec exactly, byte-deterministically, and reject damaged files."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest

from specdiff.compare.diff import compare
from specdiff.errors import InputError
from specdiff.loaders import load
from specdiff.loaders.snapshot import (
    FORMAT_VERSION,
    snapshot_bytes,
    snapshot_document,
    spec_from_snapshot,
)
from specdiff.model import (
    Acceptor,
    HttpBinding,
    Member,
    Operation,
    Paginator,
    Service,
    ServiceMetadata,
    Shape,
    Spec,
    Waiter,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "models"


def _odd_spec() -> Spec:
    """Every field away from its default somewhere, floats and ints kept apart."""
    shapes = {
        "S": Shape(
            name="S",
            type="structure",
            members=(Member("A", "E", required=True, deprecated=True, documentation="doc A"), Member("B", "N")),
            deprecated=True,
            documentation="<p>é</p>",
            partial=True,
        ),
        "E": Shape(name="E", type="string", enum=("b", "a"), min=1, max=2.5, pattern="^[ab]$"),
        "N": Shape(name="N", type="unknown"),
        "L": Shape(name="L", type="list", member="E"),
        "M": Shape(name="M", type="map", key="E", value="S"),
        "Empty": Shape(name="Empty", type="string", enum=()),
        "Wire": Shape(
            name="Wire",
            type="structure",
            members=(
                Member("H", "E", location="header", location_name="x-h", timestamp_format="iso8601", default='"a"'),
                Member("Q", "N", query_name="Q", xml_namespace="p=urn:x", xml_attribute=True, flattened=True),
                Member("T", "N", idempotency_token=True, host_label=True, event_payload=True, streaming=True,
                       jsonvalue=True, context_param="Bucket", box=True, default=None),
            ),
            exception=True, error_code="Bad", http_status=400, fault=True, sender_fault=True,
            retryable='{"throttling": true}', event=True, eventstream=True, union=True, document=True,
            sensitive=True, requires_length=True, streaming=True, payload="H", timestamp_format="unixTimestamp",
            xml_namespace="urn:y", flattened=True, location_name="W",
        ),
    }
    operations = {
        "Op": Operation("Op", input="S", output=None, deprecated=True, documentation="d", errors=("X",), partial=True),
        "Bare": Operation("Bare"),
        "Wired": Operation(
            "Wired", http=HttpBinding("PUT", "/{Id}", 204, "{Id}."), auth=("aws.auth#sigv4", "smithy.api#noAuth"),
            authtype="none", http_checksum='{"requestChecksumRequired": true}', http_checksum_required=True,
            request_compression=("gzip",), static_context_params='{"A": {"value": true}}',
            operation_context_params='{"B": {"path": "x"}}', endpoint_discovery="{}", endpoint_operation=True,
            unsigned_payload=True, idempotent=True, deprecated_message="use Other",
        ),
    }
    metadata = ServiceMetadata(
        protocol="json", protocols=("smithy-rpc-v2-cbor", "json"), json_version="1.0", target_prefix="Demo",
        signature_version="v4", signing_name="demo", endpoint_prefix="demo", auth=("aws.auth#sigv4",),
        aws_query_compatible=True, service_id="Demo", global_endpoint="demo.aws", xml_namespace="urn:z",
        checksum_format="sha256", protocol_settings='{"h2": "eventstream"}',
    )
    paginators = {"Op": Paginator(("NextToken",), ("NextToken",), "MaxResults", ("Items", "More"), "IsTruncated", ("Count",))}
    waiters = {
        "Ready": Waiter("Ready", "Op", 5, 40, (Acceptor("success", "path", '"READY"', "Status"), Acceptor("retry", "error", '"Busy"'))),
        "Bare": Waiter("Bare", "Op", 1, 2),
    }
    service = Service(
        "demo", "Demo", "2020-01-01", operations, shapes, protocol="json", documentation="x", partial=True,
        metadata=metadata, paginators=paginators, waiters=waiters,
    )
    return Spec(kind="model", source="model.json", services={"demo": service}, version="1.2.3")


def test_round_trip_is_exact() -> None:
    spec = _odd_spec()
    document = json.loads(json.dumps(snapshot_document(spec)))
    back = spec_from_snapshot(document, source="snap.json")
    assert back == dataclasses.replace(spec, kind="snapshot", origin_kind="model", source="snap.json")
    assert back.services["demo"].shapes["E"].enum == ("b", "a")  # model order kept
    assert back.services["demo"].shapes["Empty"].enum == ()  # an empty enum is not "no enum"
    assert isinstance(back.services["demo"].shapes["E"].min, int)


def test_a_catalog_with_paginators_and_waiters_round_trips(tmp_path: Path) -> None:
    catalog = load(FIXTURES.parent / "botocore" / "1.40.0")
    assert any(s.waiters for s in catalog.services.values())
    path = tmp_path / "catalog.json.gz"
    path.write_bytes(snapshot_bytes(catalog, compress=True))
    assert load(path).services == catalog.services


def test_snapshot_of_a_snapshot_keeps_the_origin_kind() -> None:
    spec = spec_from_snapshot(snapshot_document(_odd_spec()), source="a")
    assert snapshot_document(spec)["kind"] == "model"


@pytest.mark.parametrize("name", ["snap.json", "snap.json.gz"])
def test_file_round_trip_and_same_comparison(tmp_path: Path, name: str) -> None:
    old, new = load(FIXTURES / "sagemaker-1.13.1.json.gz"), load(FIXTURES / "sagemaker-1.13.2.json.gz")
    path = tmp_path / name
    path.write_bytes(snapshot_bytes(old, compress=name.endswith(".gz")))
    reloaded = load(path)
    assert reloaded.kind == "snapshot" and reloaded.origin_kind == "model"
    assert reloaded.services == old.services
    direct = compare(old, new)
    via_snapshot = compare(reloaded, new)
    assert via_snapshot.changes == direct.changes
    assert via_snapshot.old.kind == "model"


def test_bytes_are_deterministic() -> None:
    spec = load(FIXTURES / "sagemaker-1.13.1.json.gz")
    first = snapshot_bytes(spec, compress=True)
    assert first == snapshot_bytes(load(FIXTURES / "sagemaker-1.13.1.json.gz"), compress=True)
    assert first[4:8] == b"\0\0\0\0"  # gzip header mtime
    assert gzip.decompress(first) == snapshot_bytes(spec)


@pytest.mark.parametrize(
    "document, message",
    [
        ({"format": "specdiff-snapshot", "format_version": 99}, "format version 99"),
        ({"format": "specdiff-snapshot", "format_version": FORMAT_VERSION, "kind": "model"}, "damaged snapshot"),
        ({"format": "specdiff-snapshot", "format_version": FORMAT_VERSION, "kind": "nonsense", "services": []}, "unknown kind"),
        (
            {"format": "specdiff-snapshot", "format_version": FORMAT_VERSION, "kind": "model",
             "services": [{"name": "x", "title": "X", "api_version": "", "operations": [], "shapes": [[1]]}]},
            "damaged snapshot",
        ),
    ],
)
def test_damaged_snapshots(tmp_path: Path, document: dict, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match=message) as caught:
        load(path)
    assert str(path) in str(caught.value)


def test_a_page_snapshot_keeps_the_page_and_compares_the_same(tmp_path: Path) -> None:
    """A page's snapshot holds its parsed AST too; against the model it updates, the
    comparison (made by the page comparison) is the one the page itself gives."""
    page_path = FIXTURES.parent / "pages" / "sagemaker-2019-10-24.txt.gz"
    page = load(page_path)
    path = tmp_path / "page.snapshot.json.gz"
    path.write_bytes(snapshot_bytes(page, compress=True))
    reloaded = load(path)
    assert reloaded == dataclasses.replace(page, kind="snapshot", origin_kind="page", source=str(path))
    model = load(FIXTURES / "sagemaker-1.13.1.json.gz")
    assert compare(model, reloaded).changes == compare(model, page).changes
