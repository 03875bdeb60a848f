"""`specdiff rules`, per-rule severity overrides and the settings file."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.compare.changes import Rule

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "fixtures" / "models"
OLD = str(MODELS / "sagemaker-1.13.1.json.gz")  # 5 warnings (enum values added in responses), 6 info
NEW = str(MODELS / "sagemaker-1.13.2.json.gz")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _rules_the_code_names() -> set[str]:
    """Every ``Rule.X`` the package's code refers to (outside the enum itself): what it can emit."""
    names = set()
    for path in (ROOT / "specdiff").rglob("*.py"):
        if path.name == "changes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Rule":
                names.add(node.attr)
    return {Rule[name].value for name in names}


def test_rules_lists_every_rule_the_code_can_emit() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines()}
    emitted = _rules_the_code_names()
    assert len(emitted) > 40
    assert emitted <= listed
    assert listed == {rule.value for rule in Rule}
    assert any(line.split() == ["protocol-changed", *"the wire protocol or its settings changed [service breaking]".split()] for line in out.splitlines())


def test_rules_as_json_carry_severities_and_reasons() -> None:
    code, out, _ = invoke("rules", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert [r["rule"] for r in document] == sorted(rule.value for rule in Rule)
    by_id = {r["rule"]: r for r in document}
    assert by_id["enum-value-added"]["severities"] == {"request": "info", "response": "warning"}
    assert by_id["member-location-changed"]["severities"] == {"request": "breaking", "response": "breaking"}
    assert "rest-json" in by_id["member-location-changed"]["explanation"]
    assert all(r["summary"] and r["explanation"] and r["severities"] for r in document)


@pytest.mark.parametrize(
    "args, code",
    [
        ([], 0),
        (["--severity", "enum-value-added=breaking"], 1),
        (["--severity", "enum-value-added=info", "--fail-on", "warning"], 0),  # before --fail-on
        (["--severity", "enum-value-added=warning", "--severity", "enum-value-added=info", "--fail-on", "warning"], 0),
    ],
)
def test_severity_overrides_are_applied_before_fail_on(args: list[str], code: int) -> None:
    assert invoke("compare", OLD, NEW, *args)[0] == code


def test_severity_overrides_show_in_the_report() -> None:
    _, out, _ = invoke("compare", OLD, NEW, "--format", "json", "--severity", "enum-value-added=breaking")
    document = json.loads(out)
    assert {c["severity"] for c in document["changes"] if c["rule"] == "enum-value-added"} == {"breaking"}
    assert document["summary"]["breaking"] == sum(c["rule"] == "enum-value-added" for c in document["changes"])


@pytest.mark.parametrize("item", ["nope=info", "enum-value-added=fatal", "enum-value-added"])
def test_bad_overrides_are_usage_errors(item: str) -> None:
    code, _, err = invoke("compare", OLD, NEW, "--severity", item)
    assert code == 2 and "--severity" in err and "Traceback" not in err


def _project(tmp_path: Path, settings: str, name: str = "pyproject.toml") -> Path:
    (tmp_path / name).write_text(settings)
    shutil.copy(OLD, tmp_path / "old.json.gz")
    shutil.copy(NEW, tmp_path / "new.json.gz")
    return tmp_path


def test_pyproject_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pair's 11 changes are all enum-value-added, 5 of them warnings (responses)."""
    project = _project(tmp_path, '[project]\nname = "x"\n\n[tool.specdiff]\nfail-on = "warning"\n')
    monkeypatch.chdir(project)
    assert invoke("compare", "old.json.gz", "new.json.gz")[0] == 1  # fail-on warning from the file
    (project / "pyproject.toml").write_text(
        '[tool.specdiff]\nfail-on = "warning"\n\n[tool.specdiff.severity]\nenum-value-added = "info"\n'
    )
    code, out, _ = invoke("compare", "old.json.gz", "new.json.gz", "--format", "json")
    assert code == 0  # the file's severity is applied before its fail-on
    assert {c["severity"] for c in json.loads(out)["changes"]} == {"info"}
    # the command line wins over the file, for severities and for fail-on
    assert invoke("compare", "old.json.gz", "new.json.gz", "--severity", "enum-value-added=warning")[0] == 1
    assert invoke("compare", "old.json.gz", "new.json.gz", "--fail-on", "info")[0] == 1


def test_the_settings_ignore_file_is_read_beside_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, '[tool.specdiff]\nfail-on = "info"\nignore = "policy/accepted.toml"\n')
    (project / "policy").mkdir()
    (project / "policy" / "accepted.toml").write_text(
        '[[ignore]]\nrule = "enum-value-added"\npath = "*"\nreason = "we map unknown values"\n'
    )
    monkeypatch.chdir(project)
    code, out, _ = invoke("compare", "old.json.gz", "new.json.gz", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["summary"]["ignored"] == 11 and document["changes"] == []


def test_specdiff_toml_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, 'fail-on = "info"\n', name="specdiff.toml")
    monkeypatch.chdir(project)
    assert invoke("compare", "old.json.gz", "new.json.gz")[0] == 1  # fail-on info from the file
    assert invoke("compare", "old.json.gz", "new.json.gz", "--fail-on", "never")[0] == 0


@pytest.mark.parametrize(
    "settings, message",
    [
        ('[tool.specdiff]\nfail-on = "sometimes"\n', "fail-on must be one of"),
        ('[tool.specdiff]\ncolour = true\n', "unknown setting 'colour'"),
        ('[tool.specdiff.severity]\nnot-a-rule = "info"\n', "unknown rule 'not-a-rule'"),
        ("[tool.specdiff\n", "invalid TOML"),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, message: str) -> None:
    project = _project(tmp_path, settings)
    monkeypatch.chdir(project)
    code, _, err = invoke("compare", "old.json.gz", "new.json.gz")
    assert code == 2 and message in err and "pyproject.toml" in err


def test_a_pyproject_without_specdiff_settings_says_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path, '[project]\nname = "x"\n'))
    assert invoke("compare", "old.json.gz", "new.json.gz")[0] == 0


def test_the_schema_knows_every_rule() -> None:
    schema = json.loads((ROOT / "docs" / "change-record.schema.json").read_text())
    assert set(schema["$defs"]["rule"]["enum"]) == {rule.value for rule in Rule}


def test_an_ignore_file_accepts_a_wire_rule(tmp_path: Path) -> None:
    botocore = ROOT / "fixtures" / "botocore"
    old, new = (next((botocore / v / "s3tables").glob("*/service-2.json.gz")) for v in ("1.36.0", "1.40.0"))
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        "ignore:\n"
        "  - rule: member-location-changed\n    path: \"*\"\n    operation: GetTable\n    reason: we call GetTable through the new SDK only\n"
        "  - rule: http-binding-changed\n    operation: GetTable\n    path: \"*\"\n    reason: same\n"
    )
    code, out, _ = invoke("compare", str(old), str(new), "--format", "json", "--ignore", str(accepted))
    document = json.loads(out)
    assert code == 0 and document["summary"]["breaking"] == 0
    assert {i["rule"] for i in document["ignored"]} == {"member-location-changed", "http-binding-changed"}
