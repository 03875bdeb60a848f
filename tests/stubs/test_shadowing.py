"""A name from a model never shadows a name the generated code uses (builtins, typing names, botocore's).

An operation ``Dict`` is a method ``dict`` (boto3 names it so); inside the class body it
would make every later ``dict[...]`` annotation mean the method. The stubs must keep the
method and still type-check under mypy --strict and pyright's strict mode.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from specdiff.model import Member, Operation, Paginator, Service, Shape, Spec, Waiter
from specdiff.stubs import render_stubs, write_stubs
from specdiff.stubs.render import format_files

from .checkers import pyright_errors

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "stubs" / "shadowing"

# operations whose methods take names the client module uses: builtins, typing names,
# botocore's own members, and what the module imports
SHADOWING_OPERATIONS = (
    "Dict", "Str", "List", "Bool", "Int", "Type", "Object", "Literal_", "Unpack_", "Any_", "overload_",
    "ClientMeta_", "Meta", "Exceptions", "GetPaginator", "GetWaiter", "Close", "CanPaginate",
    "ReadyTypeDef_", "ReadyWaiter_", "ListPaginator_", "StreamingBody_",
)


def shadowing_service() -> Service:
    shapes = {
        "Req": Shape("Req", "structure", members=(
            Member("str", "Text", required=True), Member("int", "Number"), Member("dict", "Bag"), Member("list", "Names"),
        )),
        "Out": Shape("Out", "structure", members=(Member("Body", "Blob"), Member("type", "Text")), payload="Body"),
        "Text": Shape("Text", "string"),
        "Number": Shape("Number", "integer"),
        "Bag": Shape("Bag", "map", key="Text", value="Text"),
        "Names": Shape("Names", "list", member="Text"),
        "Blob": Shape("Blob", "blob"),
        "ClientError": Shape("ClientError", "structure", exception=True),
        "type": Shape("type", "structure", exception=True),
        "S3Exceptions": Shape("S3Exceptions", "structure", exception=True),
    }
    operations = {
        name: Operation(name, input="Req", output="Out" if i % 2 else None, errors=("ClientError", "type"))
        for i, name in enumerate(SHADOWING_OPERATIONS)
    }
    return Service(
        name="s3", title="Shadows", api_version="", operations=operations, shapes=shapes,
        paginators={"List": Paginator(input_token=("T",), output_token=("T",)), "Dict": Paginator()},
        waiters={"Ready": Waiter("Ready", "Dict", 1, 2), "Done": Waiter("Done", "Str", 1, 2)},
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shadowing")
    write_stubs(Spec(kind="model", source="x", services={"s3": shadowing_service()}), out)
    return out


def test_methods_keep_boto3s_names(written: Path) -> None:
    client = ast.parse((written / "specdiff-stubs-s3" / "s3_stubs" / "client.pyi").read_text(encoding="utf-8"))
    klass = next(n for n in client.body if isinstance(n, ast.ClassDef) and n.name == "S3Client")
    methods = {n.name for n in klass.body if isinstance(n, ast.FunctionDef)}
    assert {"dict", "str", "list", "bool", "int", "type", "object", "Literal", "Unpack", "Any", "overload"} <= methods
    assert {"meta", "exceptions", "get_paginator", "get_waiter", "close", "can_paginate"} <= methods
    # and what they shadow is spelled through a private alias
    text = ast.unparse(klass)
    assert "_dict[" in text and "-> _dict" not in text.replace("-> _dict[", "")
    # each modelled error is its own class, whatever its name: never a builtin or botocore's
    errors = next(n for n in client.body if isinstance(n, ast.ClassDef) and n.name == "S3Exceptions")
    assert {ast.unparse(n.target): ast.unparse(n.annotation) for n in errors.body if isinstance(n, ast.AnnAssign)} == {
        "ClientError": "_type[ClientError_2]",
        "S3Exceptions": "_type[S3Exceptions_2]",
        "type": "_type[type_2]",
    }


def test_mypy_strict_and_pyright_strict_pass_on_the_shadowing_stubs(written: Path, tmp_path: Path) -> None:
    dists = sorted(str(p) for p in written.iterdir() if p.name != "specdiff-stubs-boto3")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-error-summary",
         "--cache-dir", str(tmp_path / "cache"), "-p", "s3_stubs"],
        cwd=written, capture_output=True, text=True, check=False, env={**os.environ, "MYPYPATH": os.pathsep.join(dists)},
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    assert pyright_errors(written) == []


@pytest.mark.parametrize("name", ["client.pyi", "exceptions.pyi", "paginator.pyi", "type_defs.pyi", "waiter.pyi"])
def test_shadowing_stubs_match_golden(name: str, written: Path) -> None:
    path = written / "specdiff-stubs-s3" / "s3_stubs" / name
    golden = GOLDEN / name
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(path.read_bytes())
    assert path.read_bytes() == golden.read_bytes()


def test_every_file_renders_the_same_with_and_without_black() -> None:
    spec = Spec(kind="model", source="x", services={"s3": shadowing_service()})
    raw = render_stubs(spec, format=False)
    assert format_files(raw, everything=True) == raw == render_stubs(spec)
