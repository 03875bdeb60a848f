"""Stub packages: real models through mypy --strict, a hostile model kept inert, determinism, the CLI."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.loaders import load
from specdiff.model import Member, Operation, Service, Shape, Spec
from specdiff.stubs import render, render_stubs, write_stubs
from specdiff.stubs.render import format_files

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "stubs"
SAGEMAKER = {
    "1.13.1": FIXTURES / "models" / "sagemaker-1.13.1.json.gz",
    "1.13.2": FIXTURES / "models" / "sagemaker-1.13.2.json.gz",
}
HOSTILE = FIXTURES / "models" / "hostile" / "hostile.json"
PAGE = FIXTURES / "pages" / "sagemaker-2019-10-24.txt.gz"

# Code that uses the sagemaker stubs. A line marked "# E" must be a mypy error, a line
# marked "# E 1.13.1" only against that version (the instance types 1.13.2 added); every
# other line must pass. So the types are proven to reject, not only to exist.
SAGEMAKER_USAGE = '''\
from datetime import datetime

from sagemaker_stubs import SagemakerClient
from sagemaker_stubs.type_defs import ProductionVariantTypeDef, SearchExpressionTypeDef


def good(client: SagemakerClient) -> str:
    variant: ProductionVariantTypeDef = {
        "VariantName": "v",
        "ModelName": "m",
        "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large",
    }
    created = client.create_endpoint_config(
        EndpointConfigName="c", ProductionVariants=(variant,), Tags=[{"Key": "k", "Value": "v"}]
    )
    jobs = client.list_training_jobs(CreationTimeAfter=datetime(2019, 1, 1), CreationTimeBefore="2019-10-24")
    summaries = jobs["TrainingJobSummaries"]
    summaries.append(summaries[0])  # an output list is a list
    year: int = summaries[0]["CreationTime"].year
    nested: SearchExpressionTypeDef = {"SubExpressions": [{"SubExpressions": [{"Operator": "Or"}]}]}
    client.search(Resource="TrainingJob", SearchExpression=nested)
    client.delete_endpoint(EndpointName="e")
    return created["EndpointConfigArn"] + created["ResponseMetadata"]["RequestId"] + str(year)


def bad(client: SagemakerClient, variant: ProductionVariantTypeDef) -> None:
    client.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{**variant, "InstanceType": "ml.bogus"}])  # E
    client.create_endpoint_config(EndpointConfigName="c")  # E
    client.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v"}])  # E
    client.delete_endpoint(EndpointName="e", Bogus=1)  # E
    client.list_training_jobs(CreationTimeAfter=5)  # E
    client.list_training_jobs()["TrainingJobSummaries"][0]["CreationTime"] + 1  # E
    client.search(Resource="TrainingJob", SearchExpression={"SubExpressions": [{"Operator": "Xor"}]})  # E
    client.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{**variant, "InstanceType": "ml.m5d.large"}])  # E 1.13.1
'''

HOSTILE_USAGE = '''\
from etc_x_stubs import EtcXClient
from etc_x_stubs.type_defs import None_TypeDef, class_TypeDef


def good(client: EtcXClient) -> None:
    request: class_TypeDef = {"class": "x", "from": 'say "hi"', "match": {"Self": {"Items": []}}, "ﬁeld": "s", "field": 1}
    client.create_thing(**request)
    other: None_TypeDef = {"__import__('os').system('x')": {"a-b": {}}, "../../etc/x": "../../etc/passwd"}
    client.import_os_system_x(**other)


def bad(client: EtcXClient) -> None:
    wrong: class_TypeDef = {"class": "x", "from": "nope", "match": {}}  # E
    short: class_TypeDef = {"class": "x"}  # E
    deep: class_TypeDef = {"class": "x", "from": "{{ 7*7 }}", "match": {"Self": {"Self": {"Empty": 1}}}}  # E
'''

# What a generated file may import (module -> names) and call: exactly what the
# templates write. Anything else would mean input text became code.
ALLOWED_IMPORTS = {
    "builtins": {"bool", "bytes", "dict", "float", "int", "list", "object", "str", "type"},
    "collections.abc": {"Callable", "Iterator", "Mapping", "Sequence"},
    "datetime": {"datetime"},
    "os": {"PathLike"},
    "typing": {"IO", "Any", "Literal", "overload"},
    "typing_extensions": {"NotRequired", "TypedDict", "Unpack"},
    "botocore.client": {"ClientMeta"},
    "botocore.config": {"Config"},
    "botocore.eventstream": {"EventStream"},
    "botocore.exceptions": {"ClientError"},
    "botocore.paginate": {"PageIterator"},
    "botocore.response": {"StreamingBody"},
    "boto3.session": {"Session"},
    "logging": {"Handler"},
}
RELATIVE_MODULES = {"client", "exceptions", "literals", "paginator", "type_defs", "waiter"}


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def run_mypy(folder: Path, targets: list[str], cache: Path) -> list[str]:
    """mypy --strict on targets inside folder (each distribution under it on the search
    path, as an install would put it); its error lines."""
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(p) for p in sorted(folder.glob("specdiff-stubs-*")))}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(cache),
         "--no-error-summary", "--hide-error-context", *targets],
        cwd=folder, capture_output=True, text=True, check=False, env=env,
    )
    assert result.returncode in (0, 1), result.stderr + result.stdout
    return [line for line in result.stdout.splitlines() if ": error:" in line]


def expected_error_lines(usage: str, version: str) -> set[int]:
    lines = set()
    for number, line in enumerate(usage.splitlines(), start=1):
        marker = re.search(r"# E( \S+)?$", line)
        if marker and (marker.group(1) is None or marker.group(1).strip() == version):
            lines.add(number)
    return lines


def error_lines(errors: list[str], filename: str) -> set[int]:
    return {int(line.split(":")[1]) for line in errors if line.startswith(f"{filename}:")}


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("version", sorted(SAGEMAKER))
def test_sagemaker_stubs_pass_mypy_strict_and_prove_their_types(
    version: str, tmp_path: Path, mypy_cache: Path
) -> None:
    written = write_stubs(load(SAGEMAKER[version]), tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "specdiff-stubs-boto3/boto3-stubs/__init__.pyi",
        "specdiff-stubs-boto3/boto3-stubs/py.typed",
        "specdiff-stubs-boto3/boto3-stubs/session.pyi",
        "specdiff-stubs-boto3/pyproject.toml",
        "specdiff-stubs-sagemaker/pyproject.toml",
        "specdiff-stubs-sagemaker/sagemaker_stubs/__init__.pyi",
        "specdiff-stubs-sagemaker/sagemaker_stubs/client.pyi",
        "specdiff-stubs-sagemaker/sagemaker_stubs/exceptions.pyi",
        "specdiff-stubs-sagemaker/sagemaker_stubs/literals.pyi",
        "specdiff-stubs-sagemaker/sagemaker_stubs/paginator.pyi",
        "specdiff-stubs-sagemaker/sagemaker_stubs/py.typed",
        "specdiff-stubs-sagemaker/sagemaker_stubs/type_defs.pyi",
        "specdiff-stubs-sagemaker/sagemaker_stubs/waiter.pyi",
    ]
    for path in written:
        if path.suffix == ".pyi":
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    (tmp_path / "usage.py").write_text(SAGEMAKER_USAGE, encoding="utf-8")
    errors = run_mypy(tmp_path, ["specdiff-stubs-sagemaker/sagemaker_stubs", "usage.py"], mypy_cache)
    assert [e for e in errors if not e.startswith("usage.py:")] == []
    assert error_lines(errors, "usage.py") == expected_error_lines(SAGEMAKER_USAGE, version), "\n".join(errors)


def test_sagemaker_client_has_every_operation() -> None:
    spec = load(SAGEMAKER["1.13.1"])
    client = ast.parse(render_stubs(spec, format=False)["specdiff-stubs-sagemaker/sagemaker_stubs/client.pyi"])
    klass, errors = [node for node in client.body if isinstance(node, ast.ClassDef)]
    assert errors.name == "SagemakerExceptions"
    methods = [node.name for node in klass.body if isinstance(node, ast.FunctionDef)]
    own = {"can_paginate", "close", "generate_presigned_url", "waiter_names"}
    assert len(set(methods) - own) == len(spec.services["sagemaker"].operations) == 75
    assert own <= set(methods)
    assert methods == sorted(methods)
    assert "create_presigned_notebook_instance_url" in methods


def test_emitted_text_is_already_black_style(monkeypatch: pytest.MonkeyPatch) -> None:
    # black then only confirms: the unformatted text of a real model equals black's on every
    # whole file (black run here through the process pool, which must change nothing either)
    files = render_stubs(load(SAGEMAKER["1.13.1"]), format=False)
    monkeypatch.setattr(render, "_PARALLEL_MIN_SAVING", 0)
    assert format_files(files, jobs=2, everything=True) == files


@pytest.mark.parametrize("fixture", [HOSTILE, FIXTURES / "models" / "botocore-1.44.8", SAGEMAKER["1.13.2"]])
def test_black_where_needed_is_black_everywhere(fixture: Path) -> None:
    # black on the statements with an over-long line gives what black on every file gives
    files = render_stubs(load(fixture), format=False)
    assert format_files(files) == format_files(files, everything=True)


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("hostile")
    out = root / "deep" / "out"
    written = write_stubs(load(HOSTILE), out)
    return root, written


def test_hostile_model_writes_nothing_outside_the_folder(hostile_out: tuple[Path, list[Path]]) -> None:
    root, written = hostile_out
    out = root / "deep" / "out"
    everything = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert everything == sorted(p.relative_to(root).as_posix() for p in written)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written)
    assert {p.relative_to(out).parts[0] for p in written} == {"specdiff-stubs-etc-x", "specdiff-stubs-boto3"}


def assert_only_template_code(source: str, name: str) -> None:
    """Every import and call in a generated file is one the templates write."""
    tree = ast.parse(source, filename=name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            pytest.fail(f"{name}: import {ast.unparse(node)}")
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                assert node.module in RELATIVE_MODULES, ast.unparse(node)
            elif node.module and re.fullmatch(r"[a-z0-9_]+_stubs\.client", node.module):
                # the boto3 stubs import each service's client class
                assert node.level == 0 and [a.name[-6:] for a in node.names] == ["Client"], ast.unparse(node)
            else:
                assert node.level == 0 and node.module in ALLOWED_IMPORTS, ast.unparse(node)
                assert {a.name for a in node.names} <= ALLOWED_IMPORTS[node.module], ast.unparse(node)
            # a private alias only: a name a member of the class would shadow
            assert all(a.asname in (None, a.name, f"_{a.name}") for a in node.names), ast.unparse(node)
        if isinstance(node, ast.Call):
            # the functional TypedDict form only: a name string and a dict of key strings
            assert isinstance(node.func, ast.Name) and node.func.id == "TypedDict", ast.unparse(node)
            typed_name, keys = node.args
            assert isinstance(typed_name, ast.Constant) and isinstance(typed_name.value, str)
            assert isinstance(keys, ast.Dict) and all(isinstance(k, ast.Constant) for k in keys.keys)
            assert not node.keywords
        assert not isinstance(node, (ast.Attribute, ast.Lambda, ast.Starred, ast.JoinedStr)), ast.unparse(node)


def test_hostile_stubs_hold_no_code_the_templates_did_not_write(hostile_out: tuple[Path, list[Path]]) -> None:
    _, written = hostile_out
    for path in written:
        if path.suffix == ".pyi":
            assert_only_template_code(path.read_text(encoding="utf-8"), str(path))


# Any names, any links between shapes (dangling ones too), any enum values and documentation.
_names = st.text(max_size=12)
_kinds = st.sampled_from(["structure", "list", "map", "string", "integer", "boolean", "timestamp", "blob", "unknown"])


@st.composite
def services(draw: st.DrawFn) -> Service:
    names = draw(st.lists(_names, min_size=1, max_size=8, unique=True))
    link = st.sampled_from(names) | _names  # mostly a shape of the model, sometimes nothing
    shapes = {}
    for name in names:
        kind = draw(_kinds)
        members = tuple(
            Member(member, draw(link), required=draw(st.booleans()))
            for member in draw(st.lists(_names, max_size=4))  # a name twice, sometimes
        ) if kind == "structure" else ()
        enum = tuple(draw(st.lists(st.text(max_size=8), max_size=3))) if kind == "string" and draw(st.booleans()) else None
        shapes[name] = Shape(
            name, kind, members=members, member=draw(link), key=draw(link), value=draw(link),
            enum=enum, documentation=draw(st.text(max_size=20)), partial=draw(st.booleans()),
        )
    operations = {
        op: Operation(op, input=draw(st.none() | link), output=draw(st.none() | link), documentation=draw(st.text(max_size=20)))
        for op in draw(st.lists(_names, min_size=1, max_size=5, unique=True))
    }
    return Service(name=draw(_names), title=draw(st.text(max_size=10)), api_version="", operations=operations, shapes=shapes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services())
def test_any_model_gives_only_template_code(service: Service) -> None:
    files = render_stubs(Spec(kind="model", source="x", services={service.name: service}), format=False)
    assert len(files) == 13
    for path, text in files.items():
        assert re.fullmatch(
            r"specdiff-stubs-[a-z0-9-]+/([a-z0-9_]+_stubs|boto3-stubs)/([a-z_]+\.pyi|py\.typed)|specdiff-stubs-[a-z0-9-]+/pyproject\.toml",
            path,
        ), path
        if text and path.endswith(".pyi"):
            assert_only_template_code(text, path)
    # whatever the names' lengths, black where needed is black everywhere
    assert format_files(files) == format_files(files, everything=True)


def test_wide_characters_count_as_black_counts_them() -> None:
    # black measures a line by its display width: a CJK character takes two columns, so a
    # signature of 87 characters can be 95 columns wide and black splits it
    wide = "A" + "\u3400" * 8
    svc = Service(
        name="wide",
        title="Wide",
        api_version="",
        operations={"Get": Operation(name="Get", input=wide, output="GetOutputLong")},
        shapes={
            wide: Shape(name=wide, type="structure"),
            "GetOutputLong": Shape(name="GetOutputLong", type="structure"),
        },
    )
    files = render_stubs(Spec(kind="model", source="x", services={"wide": svc}), format=False)
    client = next(text for path, text in files.items() if path.endswith("wide_stubs/client.pyi"))
    line = next(line for line in client.splitlines() if "def get(" in line)
    assert len(line) <= 88 < len(line) + 8  # short by characters, too wide by columns
    assert format_files(files) == format_files(files, everything=True)


def test_hostile_text_stays_text(hostile_out: tuple[Path, list[Path]]) -> None:
    _, written = hostile_out
    texts = {p.name: p.read_text(encoding="utf-8") for p in written if "etc_x_stubs" in p.parts}
    literals = ast.parse(texts["literals.pyi"])
    values = [
        element.value
        for node in ast.walk(literals)
        if isinstance(node, ast.Subscript)
        for element in (node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice])
        if isinstance(element, ast.Constant)
    ]
    assert "it's" in values and 'say "hi"' in values and "{{ 7*7 }}" in values and "a\nb" in values
    client = ast.parse(texts["client.pyi"])
    docstrings = [ast.get_docstring(n, clean=False) for n in ast.walk(client) if isinstance(n, ast.FunctionDef)]
    assert 'Runs """; import os; os.system("x") """ and {{ 7*7 }} \\' in docstrings
    assert "49" not in texts["client.pyi"]  # the template engine never evaluated input text
    assert "Deprecated. Gets the ACL." in docstrings
    # a list holding itself through a map: no finite type, so Any at the cycle
    assert "Loop: NotRequired[Sequence[Mapping[str, Any]]]" in texts["type_defs.pyi"]


def test_hostile_stubs_pass_mypy_strict(hostile_out: tuple[Path, list[Path]], mypy_cache: Path) -> None:
    root, _ = hostile_out
    folder = root / "deep" / "out"
    (folder / "usage.py").write_text(HOSTILE_USAGE, encoding="utf-8")
    errors = run_mypy(folder, ["specdiff-stubs-etc-x/etc_x_stubs", "usage.py"], mypy_cache)
    assert [e for e in errors if not e.startswith("usage.py:")] == []
    assert error_lines(errors, "usage.py") == expected_error_lines(HOSTILE_USAGE, ""), "\n".join(errors)


@pytest.mark.parametrize("name", list(render.MODULES))
def test_hostile_stubs_match_golden(name: str, hostile_out: tuple[Path, list[Path]]) -> None:
    _, written = hostile_out
    (path,) = [p for p in written if p.name == name and "etc_x_stubs" in p.parts]
    golden = GOLDEN / "hostile" / name
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(path.read_bytes())
    assert path.read_bytes() == golden.read_bytes()


def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    for run in ("one", "two"):
        write_stubs(load(HOSTILE), tmp_path / run)
        write_stubs(load(SAGEMAKER["1.13.2"]), tmp_path / run, format=False)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) == 22


def test_shape_order_in_the_model_does_not_matter() -> None:
    spec = load(HOSTILE)
    service = spec.services["../../etc/x"]
    shuffled = Service(
        name=service.name,
        title=service.title,
        api_version=service.api_version,
        operations=dict(reversed(list(service.operations.items()))),
        shapes=dict(reversed(list(service.shapes.items()))),
    )
    again = Spec(kind="model", source="x", services={service.name: shuffled})
    assert render_stubs(again, format=False) == render_stubs(spec, format=False)


def test_partial_spec_stubs_say_what_is_known() -> None:
    service = Service(
        name="sagemaker",
        title="Amazon SageMaker Service",
        api_version="",
        operations={"CreateThing": Operation("CreateThing", input="Req", output="Gone", partial=True)},
        shapes={
            "Req": Shape("Req", "structure", members=(Member("Kind", "Kind", required=True), Member("Blur", "Blur")), partial=True),
            "Kind": Shape("Kind", "string", enum=("A", "B"), partial=True),
            "Blur": Shape("Blur", "unknown"),
        },
        partial=True,
    )
    files = render_stubs(Spec(kind="page", source="page.txt", services={"sagemaker": service}))
    for path, text in files.items():
        if path.endswith(".pyi"):
            ast.parse(text)
    assert "Partial:" in ast.get_docstring(ast.parse(files["specdiff-stubs-sagemaker/sagemaker_stubs/client.pyi"]))  # type: ignore[operator]
    (alias,) = [n for n in ast.parse(files["specdiff-stubs-sagemaker/sagemaker_stubs/literals.pyi"]).body if isinstance(n, ast.Assign) and n.targets[0].id == "KindType"]  # type: ignore[attr-defined]
    assert ast.unparse(alias.value) == "Literal['A', 'B'] | str"
    assert "Blur: NotRequired[Any]" in files["specdiff-stubs-sagemaker/sagemaker_stubs/type_defs.pyi"]
    assert "def create_thing(self, **kwargs: Unpack[ReqTypeDef]) -> dict[str, Any]:" in files["specdiff-stubs-sagemaker/sagemaker_stubs/client.pyi"]


def test_a_service_without_operations_still_makes_a_package() -> None:
    spec = Spec(kind="model", source="x", services={"empty": Service(name="empty", title="", api_version="")})
    raw = render_stubs(spec, format=False)
    assert raw == render_stubs(spec)
    # no operation, still botocore's own members
    assert "class EmptyClient:\n    meta: ClientMeta\n    exceptions: EmptyExceptions\n    def can_paginate(" in raw["specdiff-stubs-empty/empty_stubs/client.pyi"]


def test_page_input_gives_partial_stubs_that_type_check(tmp_path: Path, mypy_cache: Path) -> None:
    files = render_stubs(load(PAGE), format=False)
    client = files["specdiff-stubs-sagemaker/sagemaker_stubs/client.pyi"]
    assert "Partial:" in client.splitlines()[0]
    assert "def create_endpoint_config(" in client
    write_files(tmp_path, files)
    assert run_mypy(tmp_path, ["specdiff-stubs-sagemaker/sagemaker_stubs"], mypy_cache) == []


# ---- the command line

runner = CliRunner()


def test_cli_stubs_writes_the_package(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stubs", str(SAGEMAKER["1.13.1"]), "-o", str(tmp_path), "--no-black"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "specdiff-stubs-sagemaker" / "sagemaker_stubs" / "py.typed").exists()
    assert (tmp_path / "specdiff-stubs-sagemaker" / "sagemaker_stubs" / "client.pyi").read_text(encoding="utf-8").startswith('"""Typed stubs')


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b'{"metadata": {}, "operations": {}, "shapes": {"X": {"type": "nope"}}}', "not a valid botocore service model"),
        (b"\xff\xfe\x00garbage", "binary data"),
    ],
)
def test_cli_stubs_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = runner.invoke(app, ["stubs", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("specdiff: error: ") and str(bad) in lines[0] and message in lines[0]
    assert not (tmp_path / "out").exists()


def test_cli_stubs_missing_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stubs", str(tmp_path / "nope.json"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr


def test_cli_stubs_of_a_data_folder_writes_a_package_per_service(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sagemaker" / "2017-07-24").mkdir(parents=True)
    (data / "sagemaker" / "2017-07-24" / "service-2.json.gz").write_bytes(SAGEMAKER["1.13.1"].read_bytes())
    (data / "x" / "2020-01-01").mkdir(parents=True)
    (data / "x" / "2020-01-01" / "service-2.json").write_bytes(HOSTILE.read_bytes())
    result = runner.invoke(app, ["stubs", str(data), "-o", str(tmp_path / "out"), "--no-black"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["specdiff-stubs-boto3", "specdiff-stubs-sagemaker", "specdiff-stubs-x"]


def test_a_snapshot_gives_the_same_stubs_as_its_model(tmp_path: Path) -> None:
    from specdiff.loaders.snapshot import snapshot_bytes

    model = load(HOSTILE)
    (tmp_path / "hostile.snapshot.json").write_bytes(snapshot_bytes(model))
    assert render_stubs(load(tmp_path / "hostile.snapshot.json"), format=False) == render_stubs(model, format=False)


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside, out = tmp_path / "outside", tmp_path / "out"
    outside.mkdir()
    out.mkdir()
    (out / "specdiff-stubs-etc-x").symlink_to(outside, target_is_directory=True)
    result = runner.invoke(app, ["stubs", str(HOSTILE), "-o", str(out)])
    assert result.exit_code == 2
    assert "leads outside" in result.stderr and result.stderr.count("\n") == 1
    assert list(outside.iterdir()) == []


def test_one_line_classes_follow_black_without_black() -> None:
    # black's stub style puts no blank line between two one-line classes (empty TypedDicts,
    # errors without documentation), and one around any other
    errors = {n: Shape(n, "structure", exception=True, documentation=d) for n, d in [("A", ""), ("B", ""), ("C", "<p>Doc.</p>"), ("D", "")]}
    shapes = {
        **errors,
        "R": Shape("R", "structure"),
        "S": Shape("S", "structure"),
        "T": Shape("T", "structure", members=(Member("x", "R"), Member("y", "S"))),
    }
    service = Service("x", "x", "", operations={"Op": Operation("Op", input="T")}, shapes=shapes)
    files = render_stubs(Spec(kind="model", source="x", services={"x": service}), format=False)
    assert format_files(files, everything=True) == files
    assert "class RTypeDef(TypedDict): ...\nclass STypeDef(TypedDict): ...\n\nclass TTypeDef" in files["specdiff-stubs-x/x_stubs/type_defs.pyi"]


def test_paginators_of_a_partial_spec_type_check(tmp_path: Path, mypy_cache: Path) -> None:
    from specdiff.model import Paginator

    service = Service(
        "x", "x", "",
        operations={"ListA": Operation("ListA", input="T", output="O"), "ListB": Operation("ListB", input="T", output="T")},
        shapes={"T": Shape("T", "structure"), "O": Shape("O", "unknown")},
        paginators={"ListA": Paginator(), "ListB": Paginator(), "Gone": Paginator()},
        partial=True,
    )
    files = render_stubs(Spec(kind="page", source="x", services={"x": service}), format=False)
    assert format_files(files, everything=True) == files
    assert "PageIterator[dict[str, Any]]" in files["specdiff-stubs-x/x_stubs/paginator.pyi"]
    assert "GonePaginator" not in files["specdiff-stubs-x/x_stubs/paginator.pyi"]  # no such operation
    write_files(tmp_path, files)
    assert run_mypy(tmp_path, ["specdiff-stubs-x/x_stubs"], mypy_cache) == []
