"""The page AST JSON follows docs/page-ast.schema.json (JSON Schema 2020-12), for every fixture."""

from __future__ import annotations

import copy
import json
from functools import cache

import pytest
from jsonschema import Draft202012Validator

from specdiff.pages.reader import page_to_json
from tests.pagekit import FIXTURES, ROOT, golden_path, page

SCHEMA = ROOT / "docs" / "page-ast.schema.json"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(document: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(document)]


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_golden_json_is_valid(name: str) -> None:
    assert errors(json.loads(golden_path(name).read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name", FIXTURES)
def test_the_json_the_reader_writes_is_valid(name: str) -> None:
    assert errors(json.loads(page_to_json(page(name)))) == []


def _document() -> dict:
    return json.loads(golden_path("widgets-2020-01-15.txt").read_text(encoding="utf-8"))


def _method(document: dict, name: str) -> dict:
    return next(m for m in document["page"]["methods"] if m["name"] == name)


def _break_node(document: dict) -> None:
    _method(document, "UpdateWidget")["changes"]["request"]["entries"][0][1]["node"] = "widget"


def _drop_field(document: dict) -> None:
    del _method(document, "TagWidget")["request_syntax"]["partial"]


def _extra_field(document: dict) -> None:
    _method(document, "CreateGadget")["parameters"][0]["optional"] = True


def _bad_status(document: dict) -> None:
    _method(document, "CopyWidget")["status"] = "removed"


def _bad_pair(document: dict) -> None:
    _method(document, "CopyWidget")["changes"]["request"]["entries"][0].append("extra")


@pytest.mark.parametrize("damage", [_break_node, _drop_field, _extra_field, _bad_status, _bad_pair])
def test_the_schema_rejects_a_damaged_document(damage) -> None:
    document = copy.deepcopy(_document())
    assert errors(document) == []
    damage(document)
    assert errors(document) != []
