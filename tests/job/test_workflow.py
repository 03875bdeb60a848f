"""The scheduled job: the GitHub workflow and the crontab run the same, working watch command."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.job.workflow import (
    CiSettings,
    command_line,
    render_crontab,
    render_workflow,
)
from tests.watchkit import build_wheel


def workflow(settings: CiSettings) -> dict:
    document = yaml.safe_load(render_workflow(settings))
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true; GitHub reads it as "on".
    document["on"] = document.pop(True)
    return document


def steps(document: dict) -> dict[str, dict]:
    return {step.get("name") or step["uses"]: step for step in document["jobs"]["watch"]["steps"]}


def run_command(document: dict) -> str:
    (line,) = steps(document)["Compare what is new"]["run"].splitlines()
    return line


def test_the_workflow_runs_on_a_schedule_and_by_hand() -> None:
    document = workflow(CiSettings(schedule="5 4 * * 1-5"))
    assert document["on"]["schedule"] == [{"cron": "5 4 * * 1-5"}]
    assert "workflow_dispatch" in document["on"]
    assert document["concurrency"]["cancel-in-progress"] is False


def test_the_workflow_keeps_the_state_in_the_cache_and_moves_it_forward() -> None:
    settings = CiSettings(state_dir="state dir")
    found = steps(workflow(settings))
    restore, save = found["Restore the watch state"], found["Save the watch state"]
    assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith("actions/cache/save@")
    assert restore["with"]["path"] == save["with"]["path"] == "state dir"
    # A new key each run, restored by prefix: the newest state wins.
    assert "${{ github.run_id }}" in save["with"]["key"] and restore["with"]["key"] == save["with"]["key"]
    assert restore["with"]["restore-keys"].strip() == "specdiff-state-"
    # Saved even when the watch failed on --fail-on, or the next run would report it again.
    assert save["if"] == "always()"
    order = list(found)
    assert order.index("Restore the watch state") < order.index("Compare what is new") < order.index("Save the watch state")
    assert found["Upload the outputs"]["with"]["path"] == settings.out_dir


def test_the_workflow_can_commit_the_state_back_instead() -> None:
    document = workflow(CiSettings(state_store="commit"))
    found = steps(document)
    assert "Restore the watch state" not in found
    assert "git push" in found["Commit the watch state"]["run"]
    assert found["Commit the watch state"]["if"] == "always()"
    assert document["permissions"]["contents"] == "write"


def test_the_workflow_and_the_crontab_run_the_same_command() -> None:
    settings = CiSettings(source="botocore:1.13.1..", formats=("markdown", "html"), fail_on="warning", jobs=3)
    command = command_line(settings)
    assert run_command(workflow(settings)) == command
    assert shlex.split(command)[:3] == ["specdiff", "watch", "botocore:1.13.1.."]
    assert "--fail-on warning" in command and "--jobs 3" in command
    (entry,) = [line for line in render_crontab(settings).splitlines() if line and not line.startswith(("#", "SHELL"))]
    assert entry.startswith(settings.schedule + " ")
    assert f"&& {command} >>" in entry


def test_the_command_of_the_workflow_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "wheels"
    for version in ("1.13.2", "1.13.3"):
        build_wheel(version, cache)
    monkeypatch.chdir(tmp_path)
    settings = CiSettings(source="botocore:1.13.2,1.13.3", cache_dir=str(cache), since="oldest", jobs=1)
    args = shlex.split(run_command(workflow(settings)))
    assert args[0] == "specdiff"
    result = CliRunner().invoke(app, args[1:])
    assert result.exit_code == 0, result.output
    assert (tmp_path / settings.out_dir / "botocore/1.13.2..1.13.3/notes.md").is_file()
    assert "elasticache" in (tmp_path / settings.out_dir / "botocore/1.13.2..1.13.3/stubs.patch").read_text()
    assert (tmp_path / settings.state_dir / "botocore.json").is_file()


def test_init_ci_writes_the_workflow_where_github_looks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init-ci", "--schedule", "0 3 * * *", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / ".github/workflows/specdiff.yml").read_text()
    assert written == render_workflow(CiSettings(schedule="0 3 * * *", fail_on="never"))
    cron = CliRunner().invoke(app, ["init-ci", "--cron"])
    assert cron.exit_code == 0 and cron.stdout == render_crontab(CiSettings())


@pytest.mark.parametrize(
    "args", [["--schedule", "daily"], ["--package", "specdiff; rm -rf /"], ["--format", "pdf"]]
)
def test_init_ci_refuses_what_would_break_the_workflow(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["init-ci", "-o", str(tmp_path / "w.yml"), *args])
    assert result.exit_code == 2 and "specdiff: error:" in result.stderr
    assert not (tmp_path / "w.yml").exists()


def test_values_that_need_quoting_stay_one_yaml_string_and_one_shell_word() -> None:
    settings = CiSettings(out_dir="out: here #1", package="specdiff[all]>=0.1")
    document = workflow(settings)
    found = steps(document)
    assert found["Upload the outputs"]["with"]["path"] == "out: here #1"
    assert shlex.split(run_command(document))[5:7] == ["--out", "out: here #1"]
    assert shlex.split(found["Install specdiff"]["run"])[-1] == "specdiff[all]>=0.1"
