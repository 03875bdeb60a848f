"""`specdiff OLD NEW` and `specdiff snapshot` through the command line: exit codes, formats,
filters, ignore files and bad input."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.workers import can_fork
from tests.modelkit import model, structure

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "fixtures" / "models"
OLD = str(MODELS / "sagemaker-1.13.1.json.gz")  # 1.13.1 -> 1.13.2: 5 warnings, 6 info
NEW = str(MODELS / "sagemaker-1.13.2.json.gz")
GS_OLD = str(MODELS / "groundstation-1.13.2.json.gz")  # 4 breaking changes
GS_NEW = str(MODELS / "groundstation-1.35.0.json.gz")
SCHEMA = json.loads((ROOT / "docs" / "change-record.schema.json").read_text())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["compare", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "pair, fail_on, code",
    [
        ((OLD, NEW), None, 0),
        ((OLD, NEW), "breaking", 0),
        ((OLD, NEW), "warning", 1),
        ((OLD, NEW), "info", 1),
        ((OLD, NEW), "never", 0),
        ((GS_OLD, GS_NEW), None, 1),
        ((GS_OLD, GS_NEW), "never", 0),
        ((OLD, OLD), "info", 0),
    ],
)
def test_exit_codes(pair: tuple[str, str], fail_on: str | None, code: int) -> None:
    options = ["--fail-on", fail_on] if fail_on else []
    assert run(*pair, *options)[0] == code


def test_summary_is_one_finding_per_shape() -> None:
    code, out, _ = run(OLD, NEW)
    assert code == 0
    assert "11 changes in 3 findings: 0 breaking, 5 warning, 6 info" in out
    assert out.count("ProductionVariantInstanceType: 18 enum values added") == 1
    assert "request ProductionVariants[].InstanceType: CreateEndpointConfig" in out
    assert "\x1b[" not in out  # no colour off a terminal


def test_json_validates_and_is_deterministic(tmp_path: Path) -> None:
    code, out, _ = run(OLD, NEW, "--format", "json")
    assert code == 0
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert list(document) == [
        "report_version", "old", "new", "summary", "changes", "ignored", "expired",
        "unobservable", "only_old", "only_new", "incomplete",
    ]
    assert document["summary"] == {
        "breaking": 0, "warning": 5, "info": 6, "total": 11, "ignored": 0, "expired": 0, "partial": False
    }
    assert document["old"]["service"] == "sagemaker" and document["old"]["api_version"] == "2017-07-24"
    assert out.endswith("}\n") and out == run(OLD, NEW, "--format", "json")[1]
    target = tmp_path / "out" / "report.json"
    assert run(OLD, NEW, "--format", "json", "-o", str(target))[0] == 0
    assert target.read_text() == out


def test_json_of_a_breaking_pair_validates() -> None:
    code, out, _ = run(GS_OLD, GS_NEW, "--format", "json", "--docs")
    assert code == 1
    jsonschema.validate(json.loads(out), SCHEMA, cls=jsonschema.Draft202012Validator)


def test_filters() -> None:
    _, out, _ = run(OLD, NEW, "--format", "json", "--operation", "Create*", "--operation", "UpdateNotebookInstance")
    operations = {c["operation"] for c in json.loads(out)["changes"]}
    assert operations == {"CreateAlgorithm", "CreateModelPackage", "CreateEndpointConfig", "CreateNotebookInstance", "UpdateNotebookInstance"}
    code, out, err = run(OLD, NEW, "--format", "json", "--service", "ec2")  # a typo must not pass as "no changes"
    assert (code, out) == (2, "")
    assert err == "specdiff: error: --service 'ec2' matches no service of the inputs (sagemaker)\n"
    code, _, err = run(OLD, NEW, "--operation", "Nosuch*")
    assert code == 2 and err.startswith("specdiff: error: --operation 'Nosuch*' matches no operation")


def _fingerprint_of(operation: str, path: str) -> str:
    changes = json.loads(run(GS_OLD, GS_NEW, "--format", "json")[1])["changes"]
    return next(c["fingerprint"] for c in changes if c["operation"] == operation and c["path"] == path)


def test_ignore_file_yaml(tmp_path: Path) -> None:
    ignore = tmp_path / "accepted.yaml"
    ignore.write_text(
        "ignore:\n"
        f"  - fingerprint: {_fingerprint_of('TagResource', 'tags')}\n"
        "    reason: we always send tags\n"
        "  - rule: member-removed\n"
        "    path: \"*\"\n"
        "    operation: GetSatellite\n"
        "    reason: we never read those\n"
        "    expires: 2999-12-31\n"
        "  - rule: enum-value-added\n"
        "    path: \"contactList[].*\"\n"
        "    reason: an old acceptance\n"
        "    expires: 2001-01-01\n"
        "  - rule: union-changed\n"
        "    path: configData\n"
        "    reason: we set one config type at a time\n"
    )
    code, out, _ = run(GS_OLD, GS_NEW, "--format", "json", "--ignore", str(ignore))
    assert code == 0  # the six breaking changes are accepted
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    reasons = sorted((c["operation"], c["path"], c["reason"]) for c in document["ignored"])
    assert reasons == [
        ("CreateConfig", "configData", "we set one config type at a time"),
        ("GetConfig", "configData", "we set one config type at a time"),
        ("GetSatellite", "dateCreated", "we never read those"),
        ("GetSatellite", "lastUpdated", "we never read those"),
        ("GetSatellite", "tags", "we never read those"),
        ("TagResource", "tags", "we always send tags"),
        ("UpdateConfig", "configData", "we set one config type at a time"),
    ]
    assert document["summary"]["breaking"] == 0 and document["summary"]["ignored"] == 7
    assert len(document["expired"]) == 1 and "2001-01-01" in document["expired"][0]
    # the expired entry ignores nothing: its change is still reported
    assert any(c["path"] == "contactList[].contactStatus" for c in document["changes"])
    _, text, _ = run(GS_OLD, GS_NEW, "--ignore", str(ignore))
    assert "Ignored: 7 changes" in text and "Expired ignore entries" in text


def test_ignore_file_toml(tmp_path: Path) -> None:
    ignore = tmp_path / "accepted.toml"
    ignore.write_text('[[ignore]]\nrule = "enum-value-added"\npath = "ProductionVariants[].*"\nreason = "fine"\n')
    _, out, _ = run(OLD, NEW, "--format", "json", "--ignore", str(ignore))
    document = json.loads(out)
    assert {c["path"] for c in document["ignored"]} == {
        "ProductionVariants[].InstanceType", "ProductionVariants[].AcceleratorType"
    }
    assert document["summary"]["total"] == 7


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.yaml", "ignore: [\n", "invalid YAML"),
        ("bad.yaml", "ignore:\n  - rule: member-added\n", "'reason' is required"),
        ("bad.yaml", "ignore:\n  - rule: no-such-rule\n    reason: x\n", "unknown rule"),
        ("bad.yaml", "ignore:\n  - fingerprint: abc\n    rule: member-added\n    reason: x\n", "one of the two"),
        ("bad.yaml", "ignore:\n  - rule: member-added\n    reason: x\n    expires: soon\n", "must be a date"),
        ("bad.yaml", "ignore:\n  - rule: member-added\n    reason: x\n    colour: red\n", "unknown key"),
        ("bad.toml", "[[ignore]\n", "invalid TOML"),
    ],
)
def test_malformed_ignore_file(tmp_path: Path, name: str, content: str, message: str) -> None:
    ignore = tmp_path / name
    ignore.write_text(content)
    code, out, err = run(OLD, NEW, "--ignore", str(ignore))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and str(ignore) in err
    assert "Traceback" not in err


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02garbage\xff")
    (tmp_path / "other.json").write_text('{"hello": "world"}')
    (tmp_path / "broken.json").write_text('{"metadata": ')
    other = model({"OpRequest": structure({}), "OpResponse": structure({})}, service="widgets")
    (tmp_path / "widgets.json").write_text(json.dumps(other))
    return {
        "missing file": (str(tmp_path / "nope.json"), "no such file"),
        "empty file": (str(tmp_path / "empty.json"), "empty file"),
        "binary": (str(tmp_path / "binary.bin"), "binary data"),
        "JSON that is not a model": (str(tmp_path / "other.json"), "neither a botocore service model"),
        "broken JSON": (str(tmp_path / "broken.json"), "invalid JSON"),
        "another service": (str(tmp_path / "widgets.json"), "same service"),
    }


@pytest.mark.parametrize(
    "case", ["missing file", "empty file", "binary", "JSON that is not a model", "broken JSON", "another service"]
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    path, message = _bad_inputs(tmp_path)[case]
    target = tmp_path / "report.json"
    code, out, err = run(OLD, path, "--format", "json", "-o", str(target))
    assert code == 2, err
    assert out == "" and not target.exists()
    assert err.startswith("specdiff: error: ") and err.count("\n") == 1
    assert message in err and "Traceback" not in err


def test_snapshot_command(tmp_path: Path) -> None:
    target = tmp_path / "old.snapshot.json.gz"
    result = CliRunner().invoke(app, ["snapshot", OLD, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data[:2] == b"\x1f\x8b" and json.loads(gzip.decompress(data))["format"] == "specdiff-snapshot"
    again = tmp_path / "again.json.gz"
    CliRunner().invoke(app, ["snapshot", OLD, "-o", str(again)])
    assert again.read_bytes() == data
    direct = run(OLD, NEW, "--format", "json")[1]
    via = json.loads(run(str(target), NEW, "--format", "json")[1])
    assert via["changes"] == json.loads(direct)["changes"]
    assert via["old"]["kind"] == "model" and via["old"]["source"] == str(target)


def test_snapshot_of_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    result = CliRunner().invoke(app, ["snapshot", str(tmp_path / "missing"), "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    assert "no such file" in result.stderr


def test_main_rewrites_old_new_to_compare(tmp_path: Path) -> None:
    from specdiff.cli import main

    target = tmp_path / "summary.txt"
    with pytest.raises(SystemExit) as caught:
        main([OLD, NEW, "--fail-on", "warning", "-o", str(target)])
    assert caught.value.code == 1
    assert "11 changes in 3 findings" in target.read_text()


def test_summary_colour_and_markup_in_values_stay_text() -> None:
    """Colour only when asked (a terminal); a value that looks like rich markup is printed
    as it is, never interpreted."""
    from specdiff.compare.diff import compare
    from specdiff.render.summary import render_summary
    from tests.modelkit import spec

    shapes = {"OpRequest": structure({"K": "Kind"}), "OpResponse": structure({}), "Kind": {"type": "string", "enum": ["a"]}}
    grown = {**shapes, "Kind": {"type": "string", "enum": ["a", "[red]boom[/red]"]}}
    comparison = compare(spec(model(shapes)), spec(model(grown)))
    plain = render_summary(comparison)
    assert "added: [red]boom[/red]" in plain and "\x1b[" not in plain
    coloured = render_summary(comparison, colour=True)
    assert "\x1b[" in coloured and "[red]boom[/red]" in coloured


GOLDEN = ROOT / "tests" / "golden" / "compare"


@pytest.mark.parametrize(
    "name, args",
    [
        ("sagemaker-1.13.1-1.13.2.json", [OLD, NEW, "--format", "json"]),
        ("sagemaker-1.13.1-1.13.2.txt", [OLD, NEW]),
        ("groundstation-1.13.2-1.35.0.json", [GS_OLD, GS_NEW, "--format", "json"]),
        ("groundstation-1.13.2-1.35.0.txt", [GS_OLD, GS_NEW]),
    ],
)
def test_golden(name: str, args: list[str]) -> None:
    """Whole outputs byte for byte (SPECDIFF_REGEN_GOLDEN=1 rewrites them: read the diff).

    Sources are given relative to the repository so the files do not hold this checkout's path.
    """
    relative = [str(Path(a).relative_to(ROOT)) if a.startswith(str(ROOT)) else a for a in args]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code, out, err = run(*relative, "--fail-on", "never")
    finally:
        os.chdir(cwd)
    assert code == 0, err
    path = GOLDEN / name
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with SPECDIFF_REGEN_GOLDEN=1 and check it"
    assert out == path.read_text(encoding="utf-8")


def test_output_to_a_named_pipe_writes_through_it(tmp_path: Path) -> None:
    """-o at a device or pipe (/dev/null, /dev/stdout) must not be renamed over: as root
    that replaced /dev/null itself with a plain file."""
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, _, err = run(OLD, NEW, "--format", "json", "-o", str(pipe))
    reader.join(timeout=10)
    assert code == 0, err
    assert pipe.is_fifo()
    assert json.loads(received[0])["summary"]["total"] == 11


def _catalog_folders(root: Path) -> tuple[str, str]:
    """Two botocore data folders built from the fixtures."""
    import shutil

    layout = {
        "old": {"sagemaker": ("2017-07-24", OLD), "groundstation": ("2019-05-23", GS_OLD)},
        "new": {
            "sagemaker": ("2017-07-24", NEW),
            "groundstation": ("2019-05-23", GS_NEW),
            "elasticache": ("2015-02-02", str(MODELS / "elasticache-1.13.2.json.gz")),
        },
    }
    for side, services in layout.items():
        for name, (version, model_path) in services.items():
            folder = root / side / name / version
            folder.mkdir(parents=True)
            shutil.copy(model_path, folder / "service-2.json.gz")
    return str(root / "old"), str(root / "new")


def test_catalog_folders(tmp_path: Path) -> None:
    """Services paired by name, a service only the new one holds is one service-added change."""
    _catalog_folders(tmp_path)
    code, out, err = run(str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json")
    assert code == 1, err  # groundstation's breaking changes
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert document["old"]["kind"] == "catalog" and document["old"]["service"] is None
    by_service: dict[str, int] = {}
    for change in document["changes"]:
        by_service[change["service"]] = by_service.get(change["service"], 0) + 1
    # groundstation: 148 skeleton changes and 6 of the wire (test_diff's groundstation facts)
    assert by_service == {"elasticache": 1, "groundstation": 154, "sagemaker": 11}
    added = [c for c in document["changes"] if c["service"] == "elasticache"]
    assert [(c["rule"], c["severity"], c["operation"]) for c in added] == [("service-added", "info", None)]
    _, only, _ = run(str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json", "--service", "sage*")
    assert {c["service"] for c in json.loads(only)["changes"]} == {"sagemaker"}


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_jobs_change_nothing_but_the_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from specdiff.compare import diff

    monkeypatch.setattr(diff, "PARALLEL_MIN_BYTES", 0)  # small catalogs: shared out all the same
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    old, new = _catalog_folders(tmp_path)
    outputs = {jobs: run(old, new, "--format", fmt, "--jobs", str(jobs)) for jobs in (1, 2, 3)}
    assert outputs[1][0] == 1 and outputs[1] == outputs[2] == outputs[3]
    assert len(forks) == (3 if can_fork() else 0)  # none for --jobs 1; one, then two, children
    code, _, err = run(old, new, "--jobs", "0")
    assert code == 2 and "--jobs" in err


PAGE = str(ROOT / "fixtures" / "pages" / "sagemaker-2019-10-24.txt.gz")


@pytest.mark.parametrize("args", [[OLD, PAGE], [PAGE]], ids=["model against page", "one page"])
def test_page_comparisons_validate_against_the_schema(args: list[str]) -> None:
    code, out, err = run(*args, "--format", "json", "--fail-on", "never")
    assert code == 0, err
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert document["summary"]["partial"] is True and document["unobservable"]


def test_the_collector_is_back_on_after_a_comparison(tmp_path: Path) -> None:
    """The command pauses the collector while it compares and renders; a caller in the same
    process (a test, a script) gets it back on, after a failure too."""
    import gc

    from specdiff.cli import main

    assert gc.isenabled()
    for args in ([OLD, NEW, "-o", str(tmp_path / "out.txt")], [OLD, NEW, "--format", "page", "--date", "not a date"]):
        with pytest.raises(SystemExit):
            main(args)
        assert gc.isenabled()
