"""Real release pairs: the wire changes specdiff finds, against facts read from the raw JSON.

Fixtures: ``fixtures/botocore/<release>/<service>/<api-version>/`` as the botocore wheels
ship them (see fixtures/botocore/README.md). Each expected set below is computed from the
raw ``service-2.json``, ``paginators-1.json`` and ``waiters-2.json`` with plain dict and set
arithmetic, never from specdiff's own output.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from specdiff.cli import main
from specdiff.compare.changes import Change
from specdiff.compare.diff import compare
from specdiff.loaders import load

BOTOCORE = Path(__file__).resolve().parents[2] / "fixtures" / "botocore"


def _model_path(release: str, service: str) -> Path:
    (path,) = (BOTOCORE / release / service).glob("*/service-2.json.gz")
    return path


def _raw(release: str, service: str, name: str = "service-2.json") -> Any:
    path = _model_path(release, service).parent / f"{name}.gz"
    return json.loads(gzip.decompress(path.read_bytes())) if path.exists() else {}


def _changes(old: str, new: str, service: str) -> list[Change]:
    return list(compare(load(_model_path(old, service)), load(_model_path(new, service))).changes)


def _of(changes: list[Change], rule: str) -> list[Change]:
    return [c for c in changes if c.rule.value == rule]


def _input_members(document: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """operation -> its input shape's name and members, straight from the raw model."""
    result = {}
    for name, op in document["operations"].items():
        shape = op.get("input", {}).get("shape")
        if shape:
            result[name] = (shape, document["shapes"][shape].get("members", {}))
    return result


# ---------------------------------------------------------------------------- sqs


def test_sqs_query_to_json_is_a_breaking_protocol_change() -> None:
    before, after = _raw("1.34.89", "sqs")["metadata"], _raw("1.34.90", "sqs")["metadata"]
    assert (before["protocol"], after["protocol"]) == ("query", "json")
    changes = _changes("1.34.89", "1.34.90", "sqs")
    (protocol,) = _of(changes, "protocol-changed")
    assert protocol.severity.value == "breaking" and protocol.operation is None
    assert protocol.old["protocol"] == before["protocol"] and protocol.new["protocol"] == after["protocol"]
    assert protocol.new["targetPrefix"] == after["targetPrefix"] and protocol.old["targetPrefix"] == before.get("targetPrefix", "")
    assert protocol.new["jsonVersion"] == after["jsonVersion"]
    assert protocol.new["awsQueryCompatible"] == ("awsQueryCompatible" in after)
    assert protocol.old["awsQueryCompatible"] == ("awsQueryCompatible" in before)
    # only what moved is recorded
    assert ("protocols" in protocol.new) == (before.get("protocols") != after.get("protocols"))
    assert ("xmlNamespace" in protocol.new) == (before.get("xmlNamespace") != after.get("xmlNamespace"))


def test_sqs_query_to_json_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(_model_path("1.34.89", "sqs")), str(_model_path("1.34.90", "sqs")), "--format", "json"])
    assert exit_.value.code == 1  # breaking: the protocol moved
    document = json.loads(capsys.readouterr().out)
    assert [c["severity"] for c in document["changes"] if c["rule"] == "protocol-changed"] == ["breaking"]


def test_sqs_serialised_names_follow_the_raw_models() -> None:
    """The query protocol named list members by locationName in flattened form; the json
    model names them otherwise: every (shape, member) whose locationName or flattened
    differs in the raw JSON is one member-wire-name-changed fact."""
    a, b = _raw("1.34.89", "sqs")["shapes"], _raw("1.34.90", "sqs")["shapes"]
    expected = set()
    for shape in a.keys() & b.keys():
        for member in a[shape].get("members", {}).keys() & b[shape].get("members", {}).keys():
            old, new = a[shape]["members"][member], b[shape]["members"][member]
            if any(old.get(k) != new.get(k) for k in ("locationName", "flattened", "queryName", "xmlNamespace", "xmlAttribute")):
                expected.add((shape, member))
        if a[shape].get("flattened") != b[shape].get("flattened") or a[shape].get("locationName") != b[shape].get("locationName"):
            expected.add((shape, ""))
    found = {(c.shape, c.extra.get("member") or "") for c in _of(_changes("1.34.89", "1.34.90", "sqs"), "member-wire-name-changed")}
    # a shape is only reported where an operation reaches it
    assert found <= expected and found
    reached = {(c.shape, c.extra.get("member") or "") for c in _changes("1.34.89", "1.34.90", "sqs") if c.shape}
    assert expected & reached <= found


# ----------------------------------------------------------------------- s3tables


def test_s3tables_members_that_moved_between_uri_and_query_string() -> None:
    old, new = _raw("1.36.0", "s3tables"), _raw("1.40.0", "s3tables")
    before, after = _input_members(old), _input_members(new)
    expected = set()
    for operation in before.keys() & after.keys():
        for member, raw in after[operation][1].items():
            previous = before[operation][1].get(member)
            if previous is not None and previous.get("location") != raw.get("location"):
                expected.add((operation, member, previous.get("location"), raw.get("location")))
    assert ("GetTable", "namespace", "uri", "querystring") in expected
    found = {
        (c.operation, c.path, c.old.get("location"), c.new.get("location"))
        for c in _of(_changes("1.36.0", "1.40.0", "s3tables"), "member-location-changed")
    }
    assert found == expected
    assert all(c.severity.value == "breaking" for c in _of(_changes("1.36.0", "1.40.0", "s3tables"), "member-location-changed"))


def _http_moves(old: dict[str, Any], new: dict[str, Any]) -> dict[str, set[str]]:
    moved = {}
    for name in old["operations"].keys() & new["operations"].keys():
        a, b = old["operations"][name]["http"], new["operations"][name]["http"]
        keys = {k for k in ("method", "requestUri") if a.get(k) != b.get(k)}
        if a.get("responseCode", 200) != b.get("responseCode", 200):
            keys.add("responseCode")
        if keys:
            moved[name] = keys
    return moved


@pytest.mark.parametrize("service", ["s3tables", "mediaconnect", "repostspace", "stepfunctions", "logs"])
def test_http_bindings_error_sets_and_tokens_follow_the_raw_models(service: str) -> None:
    old, new = _raw("1.36.0", service), _raw("1.40.0", service)
    changes = _changes("1.36.0", "1.40.0", service)
    http = {c.operation: set(c.new) for c in _of(changes, "http-binding-changed")}
    assert http == _http_moves(old, new)
    errors_added, errors_removed = {}, {}
    for name in old["operations"].keys() & new["operations"].keys():
        a = {e["shape"] for e in old["operations"][name].get("errors", [])}
        b = {e["shape"] for e in new["operations"][name].get("errors", [])}
        if b - a:
            errors_added[name] = tuple(sorted(b - a))
        if a - b:
            errors_removed[name] = tuple(sorted(a - b))
    assert {c.operation: c.added for c in _of(changes, "error-added")} == errors_added
    assert {c.operation: c.removed for c in _of(changes, "error-removed")} == errors_removed
    tokens = set()
    for operation, (shape, members) in _input_members(new).items():
        previous = _input_members(old).get(operation)
        for member, raw in members.items():
            was = previous[1].get(member) if previous and previous[0] == shape else None
            if was is not None and raw.get("idempotencyToken", False) != was.get("idempotencyToken", False):
                tokens.add((operation, member))
    found_tokens = {(c.operation, c.path) for rule in ("idempotency-token-added", "idempotency-token-removed") for c in _of(changes, rule)}
    assert found_tokens == tokens


# ------------------------------------------------------------------- mediaconnect


def test_mediaconnect_serialised_names_follow_the_raw_models() -> None:
    a, b = _raw("1.36.0", "mediaconnect")["shapes"], _raw("1.40.0", "mediaconnect")["shapes"]
    expected = {}
    for shape in a.keys() & b.keys():
        for member in a[shape].get("members", {}).keys() & b[shape].get("members", {}).keys():
            old, new = a[shape]["members"][member], b[shape]["members"][member]
            if old.get("locationName") != new.get("locationName"):
                expected[(shape, member)] = (old.get("locationName"), new.get("locationName"), new.get("location"))
    assert len(expected) == 55
    changes = _of(_changes("1.36.0", "1.40.0", "mediaconnect"), "member-wire-name-changed")
    found = {(c.shape, c.extra["member"]): (c.old.get("locationName"), c.new.get("locationName")) for c in changes}
    assert found == {key: value[:2] for key, value in expected.items()}
    # every one of them names a URI label, which is not on the wire: info; the URL did not move
    assert {value[2] for value in expected.values()} == {"uri"}
    assert {c.severity.value for c in changes} == {"info"}
    http = _of(_changes("1.36.0", "1.40.0", "mediaconnect"), "http-binding-changed")
    assert http and {c.severity.value for c in http} == {"info"}


# ---------------------------------------------------------------- repostspace


def test_repostspace_paginators_and_waiters_follow_the_raw_files() -> None:
    old_pages = _raw("1.36.0", "repostspace", "paginators-1.json").get("pagination", {})
    new_pages = _raw("1.40.0", "repostspace", "paginators-1.json").get("pagination", {})
    old_waiters = _raw("1.36.0", "repostspace", "waiters-2.json").get("waiters", {})
    new_waiters = _raw("1.40.0", "repostspace", "waiters-2.json").get("waiters", {})
    changes = _changes("1.36.0", "1.40.0", "repostspace")
    assert {c.operation for c in _of(changes, "paginator-added")} == set(new_pages) - set(old_pages)
    assert {c.operation for c in _of(changes, "paginator-removed")} == set(old_pages) - set(new_pages)
    assert {c.operation for c in _of(changes, "paginator-changed")} == {
        name for name in old_pages.keys() & new_pages.keys() if old_pages[name] != new_pages[name]
    }
    assert {(c.path, c.operation) for c in _of(changes, "waiter-added")} == {
        (name, new_waiters[name]["operation"]) for name in set(new_waiters) - set(old_waiters)
    }
    assert len(_of(changes, "waiter-added")) == 4 and not _of(changes, "waiter-removed")


@pytest.mark.parametrize("service", ["s3tables", "mediaconnect", "stepfunctions", "logs", "repostspace"])
def test_waiters_follow_the_raw_files(service: str) -> None:
    old = _raw("1.36.0", service, "waiters-2.json").get("waiters", {})
    new = _raw("1.40.0", service, "waiters-2.json").get("waiters", {})
    changes = _changes("1.36.0", "1.40.0", service)
    assert {c.path for c in _of(changes, "waiter-changed")} == {n for n in old.keys() & new.keys() if old[n] != new[n]}
    assert {c.path for c in _of(changes, "waiter-added")} == set(new) - set(old)


def test_the_fixture_catalogs_compare_as_their_services_do() -> None:
    whole = compare(load(BOTOCORE / "1.36.0"), load(BOTOCORE / "1.40.0"))
    one = [c for s in ("s3tables", "mediaconnect") for c in _changes("1.36.0", "1.40.0", s)]
    assert sorted(c.fingerprint for c in whole.changes if c.service in ("s3tables", "mediaconnect")) == sorted(
        c.fingerprint for c in one
    )


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "changelog", "changes-json", "github", "junit", "sarif"])
def test_every_format_says_the_wire_changes(fmt: str, tmp_path: Path) -> None:
    """Notes, reports and the summary name the wire facts (here s3tables' GetTable)."""
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_:
        main([str(BOTOCORE / "1.36.0"), str(BOTOCORE / "1.40.0"), "--format", fmt, "-o", str(out), "--service", "s3tables"])
    assert exit_.value.code == 1  # GetTable's members left the URI: breaking
    text = out.read_text()
    assert "GetTable" in text
    if fmt == "json":
        import jsonschema

        schema = json.loads((BOTOCORE.parents[1] / "docs" / "change-record.schema.json").read_text())
        jsonschema.validate(json.loads(text), schema, cls=jsonschema.Draft202012Validator)
        assert {c["rule"] for c in json.loads(text)["changes"]} >= {"member-location-changed", "http-binding-changed"}
    if fmt in ("text", "markdown", "changelog"):
        assert "location" in text.lower() or "moves" in text
