"""``--format sarif``: valid SARIF 2.1.0, rules with help, levels by severity, stable fingerprints."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache

import jsonschema

from specdiff.compare.changes import Rule
from specdiff.compare.rules import rule_catalog
from specdiff.render.locations import Location, Locator
from specdiff.render.sarif import render_sarif
from tests.notekit import B, I, W, change, comparison
from tests.reportkit import REPO, check_golden, hostile_comparison, sagemaker


@cache
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(gzip.decompress((REPO / "fixtures/schemas/sarif-schema-2.1.0.json.gz").read_bytes()))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def validate(text: str) -> dict:
    log = json.loads(text)
    errors = sorted(validator().iter_errors(log), key=str)
    assert errors == [], errors[0]
    return log


def test_sagemaker_sarif_matches_golden_and_the_schema() -> None:
    compared = sagemaker()
    text = render_sarif(compared, locate=Locator(compared, root=REPO))
    check_golden("sagemaker-1.13.1-1.13.2.sarif", text)
    log = validate(text)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    # every rule, with the registry's own words (what `specdiff rules` prints)
    catalog = rule_catalog()
    assert [r["id"] for r in rules] == [info.rule.value for info in catalog] == sorted(rule.value for rule in Rule)
    for rule, info in zip(rules, catalog):
        assert rule["shortDescription"]["text"] == info.summary
        assert rule["properties"]["severities"] == {d: s.value for d, s in info.severities.items()}
        assert info.summary[1:] in rule["help"]["text"] and "``" not in rule["help"]["text"]
    results = run["results"]
    assert len(results) == 3
    assert {r["level"] for r in results} == {"warning"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "enum-value-added"
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/models/sagemaker-1.13.2.json.gz"
    assert sum(len(r["properties"]["changeFingerprints"]) for r in results) == len(compared.changes)


def test_schema_catches_what_it_should() -> None:
    """The schema is really applied: a broken log fails it."""
    log = json.loads(render_sarif(sagemaker()))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator().iter_errors(log))


def test_levels_follow_severities() -> None:
    compared = comparison(
        change(severity=B, shape="A", path="A"), change(severity=W, shape="B", path="B"), change(severity=I, shape="C", path="C")
    )
    log = validate(render_sarif(compared))
    assert sorted(r["level"] for r in log["runs"][0]["results"]) == ["error", "note", "warning"]


def test_fingerprints_are_stable_and_name_the_finding() -> None:
    one = comparison(change(operation="CreateThing"), change(operation="DescribeThing", direction="response", severity=W))
    more = comparison(
        change(operation="CreateThing"),
        change(operation="DescribeThing", direction="response", severity=W),
        change(operation="UpdateThing"),
    )
    other = comparison(change(shape="OtherKind"))

    def prints(c):  # type: ignore[no-untyped-def]
        return [r["partialFingerprints"]["specdiffFinding/v1"] for r in validate(render_sarif(c))["runs"][0]["results"]]

    # one more operation reaching the same shape is the same finding: the same alert
    assert prints(one) == prints(more) == prints(one)
    assert prints(other) != prints(one)


def test_hostile_text_is_valid_sarif_and_reads_back() -> None:
    compared = hostile_comparison()
    log = validate(render_sarif(compared))
    texts = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert len(texts) == len({(c.service, c.shape) for c in compared.changes})
    assert any("::error::injected" in t for t in texts)


def test_findings_on_one_line_stay_apart_in_code_scanning() -> None:
    # Code scanning tells results apart by rule and primaryLocationLineHash alone, and
    # upload-sarif fills that in from the text of the result's line when it is missing:
    # every finding a pull-request check puts on the pin's line would share it, and the
    # findings of one rule would be one alert. Each result carries its finding's own.
    compared = comparison(change(shape="A", path="A"), change(shape="B", path="B"), change(shape="C", path="C", severity=W))
    log = validate(render_sarif(compared, locate=lambda finding: Location("requirements.txt", 3)))
    results = log["runs"][0]["results"]
    assert len({r["ruleId"] for r in results}) == 1 and len(results) == 3
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(hashes)) == 3
    for result, line_hash in zip(results, hashes):
        assert line_hash == result["partialFingerprints"]["specdiffFinding/v1"] + ":1"
        assert re.fullmatch(r"[0-9a-f]{12}:1", line_hash)
