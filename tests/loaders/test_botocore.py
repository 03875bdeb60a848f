"""The botocore loader carries the wire contract: checked against the raw JSON of real models."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from specdiff.compare.diff import compare
from specdiff.errors import InputError
from specdiff.loaders import load
from specdiff.loaders.botocore import build, layout_name
from specdiff.loaders.clientnames import client_name
from specdiff.model import HttpBinding, Member, Operation, Shape

BOTOCORE = Path(__file__).resolve().parents[2] / "fixtures" / "botocore"
MODELS = sorted(BOTOCORE.glob("*/*/*/service-2.json.gz"))


def _raw(path: Path) -> Any:
    return json.loads(gzip.decompress(path.read_bytes()))


def _sibling(model: Path, name: str) -> Any:
    path = model.parent / f"{name}.gz"
    return _raw(path) if path.exists() else None


def test_there_are_fixtures() -> None:
    assert len(MODELS) >= 12


@pytest.mark.parametrize("model", MODELS, ids=lambda p: "/".join(p.parts[-4:-2]))
def test_every_wire_fact_of_the_raw_model_is_loaded(model: Path) -> None:
    raw = _raw(model)
    service = next(iter(load(model).services.values()))
    metadata = raw["metadata"]
    assert service.metadata.protocol == metadata["protocol"]
    assert service.metadata.protocols == tuple(metadata.get("protocols", ()))
    assert service.metadata.json_version == metadata.get("jsonVersion", "")
    assert service.metadata.target_prefix == metadata.get("targetPrefix", "")
    assert service.metadata.signature_version == metadata.get("signatureVersion", "")
    assert service.metadata.signing_name == metadata.get("signingName", "")
    assert service.metadata.auth == tuple(metadata.get("auth", ()))
    assert service.metadata.aws_query_compatible == ("awsQueryCompatible" in metadata)
    assert service.metadata.service_id == metadata["serviceId"]
    for name, op in raw["operations"].items():
        loaded = service.operations[name]
        assert loaded.http.method == op["http"]["method"]
        assert loaded.http.request_uri == op["http"]["requestUri"]
        assert loaded.http.response_code == op["http"].get("responseCode")
        assert loaded.http.host_prefix == op.get("endpoint", {}).get("hostPrefix", "")
        assert set(loaded.errors) == {e["shape"] for e in op.get("errors", ())}
        assert loaded.auth == tuple(op.get("auth", ()))
        assert loaded.authtype == op.get("authtype", "")
        assert loaded.idempotent == op.get("idempotent", False)
        assert (json.loads(loaded.http_checksum) if loaded.http_checksum else None) == op.get("httpChecksum")
        assert (json.loads(loaded.static_context_params) if loaded.static_context_params else None) == op.get(
            "staticContextParams"
        )
    for name, shape in raw["shapes"].items():
        loaded_shape = service.shapes[name]
        assert loaded_shape.exception == shape.get("exception", False)
        assert loaded_shape.fault == shape.get("fault", False)
        assert loaded_shape.error_code == shape.get("error", {}).get("code", "")
        assert loaded_shape.http_status == shape.get("error", {}).get("httpStatusCode")
        assert loaded_shape.sender_fault == shape.get("error", {}).get("senderFault", False)
        for flag, key in (("union", "union"), ("document", "document"), ("sensitive", "sensitive"),
                          ("streaming", "streaming"), ("eventstream", "eventstream"), ("event", "event")):
            assert getattr(loaded_shape, flag) == shape.get(key, False), (name, key)
        assert loaded_shape.payload == shape.get("payload", "")
        for member_name, member in shape.get("members", {}).items():
            loaded_member = loaded_shape.member_named(member_name)
            assert loaded_member is not None
            assert loaded_member.location == member.get("location", "")
            assert loaded_member.location_name == member.get("locationName", "")
            assert loaded_member.idempotency_token == member.get("idempotencyToken", False)
            assert loaded_member.host_label == member.get("hostLabel", False)
            assert loaded_member.context_param == member.get("contextParam", {}).get("name", "")
            assert loaded_member.jsonvalue == member.get("jsonvalue", False)
            assert loaded_member.box == member.get("box", False)


@pytest.mark.parametrize("model", MODELS, ids=lambda p: "/".join(p.parts[-4:-2]))
def test_paginators_and_waiters_beside_a_model_are_loaded(model: Path) -> None:
    service = next(iter(load(model).services.values()))
    pagination = (_sibling(model, "paginators-1.json") or {}).get("pagination", {})
    assert sorted(service.paginators) == sorted(pagination)
    for operation, raw in pagination.items():
        paginator = service.paginators[operation]
        for field, key in (("input_token", "input_token"), ("output_token", "output_token"), ("result_key", "result_key")):
            value = raw.get(key, [])
            assert getattr(paginator, field) == tuple([value] if isinstance(value, str) else value)
        assert paginator.limit_key == raw.get("limit_key", "")
    waiters = (_sibling(model, "waiters-2.json") or {}).get("waiters", {})
    assert sorted(service.waiters) == sorted(waiters)
    for name, raw in waiters.items():
        waiter = service.waiters[name]
        assert (waiter.operation, waiter.delay, waiter.max_attempts) == (raw["operation"], raw["delay"], raw["maxAttempts"])
        assert [(a.state, a.matcher, json.loads(a.expected)) for a in waiter.acceptors] == [
            (a["state"], a["matcher"], a["expected"]) for a in raw["acceptors"]
        ]


def test_a_catalog_of_the_fixtures_names_services_by_folder_and_reads_their_files() -> None:
    catalog = load(BOTOCORE / "1.40.0")
    assert sorted(catalog.services) == sorted(p.name for p in (BOTOCORE / "1.40.0").iterdir())
    assert catalog.services["repostspace"].waiters  # waiters-2.json beside the model
    assert catalog.services["mediaconnect"].paginators


@pytest.mark.parametrize("service", ["stepfunctions", "logs"])
def test_a_model_file_alone_and_its_catalog_agree_on_the_name(tmp_path: Path, service: str) -> None:
    """Outside a botocore layout a model is named from its metadata (serviceId "SFN" and
    "CloudWatch Logs" would hyphenise to "sfn" and "cloudwatch-logs"); it then compares
    with the catalog's service of the same name."""
    model = next((BOTOCORE / "1.36.0" / service).glob("*/service-2.json.gz"))
    alone = tmp_path / f"{service}.json.gz"
    shutil.copyfile(model, alone)
    spec = load(alone)
    assert sorted(spec.services) == [service]
    assert spec.services[service].paginators == {}  # nothing sits beside the copy
    assert layout_name(model) == service and sorted(load(model).services) == [service]
    # A single model against a catalog takes the catalog's service of its name (else exit 2).
    comparison = compare(spec, load(BOTOCORE / "1.40.0"))
    assert comparison.old.services == (service,)
    assert {c.service for c in comparison.changes} <= {service}


def test_client_names_from_metadata() -> None:
    assert client_name({"serviceId": "SFN"}) == "stepfunctions"
    assert client_name({"serviceId": "CloudWatch Logs"}) == "logs"
    assert client_name({"serviceId": "SageMaker"}) == "sagemaker"
    assert client_name({"serviceId": "Elastic Load Balancing v2"}) == "elbv2"
    assert client_name({"endpointPrefix": "Old"}) == "old"
    assert client_name({}, fallback="file") == "file"


def test_layout_name_needs_an_api_version_folder(tmp_path: Path) -> None:
    assert layout_name(Path("data/logs/2014-03-28/service-2.json")) == "logs"
    assert layout_name(Path("models/logs/service-2.json")) == ""
    assert layout_name(Path("x/Bad Name/2014-03-28/service-2.json")) == ""


@pytest.mark.parametrize(
    "filename, text, message",
    [
        ("paginators-1.json", '{"pagination": {"ListX": {"input_token": 5}}}', "not a valid botocore paginators file"),
        ("paginators-1.json", "{oops", "invalid JSON"),
        ("waiters-2.json", '{"waiters": {"Ready": {"operation": "X", "delay": "soon", "maxAttempts": 3}}}', "not a valid botocore waiters file"),
    ],
)
def test_damaged_files_beside_a_model_are_named(tmp_path: Path, filename: str, text: str, message: str) -> None:
    folder = tmp_path / "demo" / "2020-01-01"
    folder.mkdir(parents=True)
    model = folder / "service-2.json"
    model.write_text(json.dumps({"metadata": {"serviceId": "demo", "protocol": "json"}, "operations": {}, "shapes": {}}))
    (folder / filename).write_text(text)
    with pytest.raises(InputError, match=message) as caught:
        load(model)
    assert filename in str(caught.value)


def test_a_wire_fact_of_the_wrong_type_is_damaged_input(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    shapes = {"S": {"type": "structure", "members": {"A": {"shape": "S", "location": 7}}}}
    path.write_text(json.dumps({"metadata": {"serviceId": "demo"}, "operations": {}, "shapes": shapes}))
    with pytest.raises(InputError, match="expected text"):
        load(path)


@pytest.mark.parametrize(
    "cls, values",
    [
        (Member, {"name": "A", "shape": "S", "location": "header", "location_name": "x-a", "default": "1"}),
        (Shape, {"name": "S", "type": "structure", "members": (Member("A", "S"),), "exception": True, "http_status": 404}),
        (Operation, {"name": "Op", "http": HttpBinding("GET", "/x/{Id}", 200), "auth": ("aws.auth#sigv4",)}),
    ],
)
def test_build_is_the_constructor(cls: type, values: dict[str, Any]) -> None:
    built, constructed = build(cls, values), cls(**values)
    assert built == constructed and hash(built) == hash(constructed) and repr(built) == repr(constructed)
