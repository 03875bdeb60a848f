"""The watch job: steps in order, once each, the state moved only after a whole step."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.job.sources import Source, Version, parse_source
from specdiff.job.state import State, read_state
from specdiff.job.watch import (
    CHANGES_FILE,
    PATCH_FILE,
    WatchOptions,
    plan,
    run_watch,
    tally,
)
from specdiff.safewrite import write_atomic
from tests.watchkit import FAKE, FIXTURES, build_wheel, quick_toolkit


def no_pip(args):  # a cached release must never reach pip
    raise AssertionError(f"pip was called: {args}")


class Recorder:
    """A writer that records every file written, in order, and can fail after N writes."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.written: list[Path] = []
        self.fail_after = fail_after

    def __call__(self, path: Path, content: str) -> None:
        if self.fail_after is not None and len(self.written) >= self.fail_after:
            raise KeyboardInterrupt("killed")  # what a killed run looks like from inside
        write_atomic(path, content)
        self.written.append(path)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.2", "1.13.3"):
        build_wheel(version, folder)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def watch(text: str, tmp: Path, cache: Path, **kwargs):
    source = parse_source(text, cache=cache)
    kwargs.setdefault("toolkit", quick_toolkit())
    return run_watch(source, state_dir=tmp / "state", out_dir=tmp / "out", runner=no_pip, **kwargs)


def test_three_releases_fed_one_by_one(tmp_path: Path, cache: Path) -> None:
    writes = Recorder()
    first = watch("botocore:1.13.1", tmp_path, cache, writer=writes)
    assert [v.label for v in first.baselines] == ["1.13.1"] and first.nothing_new
    second = watch("botocore:1.13.1,1.13.2", tmp_path, cache, writer=writes)
    third = watch("botocore:1.13.1,1.13.2,1.13.3", tmp_path, cache, writer=writes)

    assert [str(r.step.folder) for r in second.steps] == ["botocore/1.13.1..1.13.2"]
    assert [str(r.step.folder) for r in third.steps] == ["botocore/1.13.2..1.13.3"]
    # Each output once, the first step's before the second's.
    relative = [str(p.relative_to(tmp_path / "out")) for p in writes.written]
    assert relative == [
        "botocore/1.13.1..1.13.2/changes.json",
        "botocore/1.13.1..1.13.2/notes.md",
        "botocore/1.13.2..1.13.3/changes.json",
        "botocore/1.13.2..1.13.3/notes.md",
    ]
    assert read_state(tmp_path / "state", "botocore").tracks["botocore"].label == "1.13.3"

    # Real changes: sagemaker changed in 1.13.2 (FORMAT.md's eleven enum changes), elasticache in 1.13.3.
    step1 = json.loads((tmp_path / "out/botocore/1.13.1..1.13.2" / CHANGES_FILE).read_text())
    assert {c["service"] for c in step1["changes"]} == {"sagemaker"}
    assert {c["rule"] for c in step1["changes"]} == {"enum-value-added"}
    assert len(step1["changes"]) == 11
    assert step1["old"]["source"] == "botocore==1.13.1" and step1["new"]["version"] == "1.13.2"
    step2 = json.loads((tmp_path / "out/botocore/1.13.2..1.13.3" / CHANGES_FILE).read_text())
    assert {c["service"] for c in step2["changes"]} == {"elasticache"}
    assert "CompleteMigration" in {c["operation"] for c in step2["changes"]}
    # Unchanged services are skipped as byte-identical, and counted as unchanged.
    assert third.steps[0].identical == ("sagemaker",) and third.steps[0].compared == ("elasticache",)
    rows = {row.service: row for row in tally(third)}
    assert rows["sagemaker"].unchanged == 1 and rows["elasticache"].info > 0


def test_a_run_killed_between_two_outputs_loses_and_repeats_nothing(tmp_path: Path, cache: Path) -> None:
    clean = tmp_path / "clean"
    watch("botocore:1.13.1,1.13.2,1.13.3", clean, cache)

    crashed = tmp_path / "crashed"
    killer = Recorder(fail_after=3)  # step 1 writes 2 files; die after step 2's first
    with pytest.raises(KeyboardInterrupt):
        watch("botocore:1.13.1,1.13.2,1.13.3", crashed, cache, writer=killer)
    assert read_state(crashed / "state", "botocore").tracks["botocore"].label == "1.13.2"
    assert sorted(p.name for p in (crashed / "out/botocore/1.13.2..1.13.3").iterdir()) == [CHANGES_FILE]

    again = Recorder()
    rerun = watch("botocore:1.13.1,1.13.2,1.13.3", crashed, cache, writer=again)
    assert [str(r.step.folder) for r in rerun.steps] == ["botocore/1.13.2..1.13.3"]  # step 1 not redone
    assert all("1.13.2..1.13.3" in str(p) for p in again.written)
    assert tree(crashed / "out") == tree(clean / "out")  # same files, same bytes, no extra
    assert read_state(crashed / "state", "botocore") == read_state(clean / "state", "botocore")


def test_leftover_temporary_files_of_a_killed_write_are_cleared(tmp_path: Path, cache: Path) -> None:
    step = tmp_path / "out/botocore/1.13.1..1.13.2"
    step.mkdir(parents=True)
    (step / ".notes.md.abc123.tmp").write_text("half")
    watch("botocore:1.13.1,1.13.2", tmp_path, cache)
    assert sorted(p.name for p in step.iterdir()) == [CHANGES_FILE, "notes.md"]


def test_a_second_run_with_nothing_new_does_nothing_and_says_so(tmp_path: Path, cache: Path) -> None:
    args = ["watch", "botocore:1.13.1,1.13.2", "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"),
            "--cache", str(cache), "--no-patch"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stderr == "botocore/1.13.1..1.13.2: 11 changes (0 breaking, 5 warning, 6 info)\n"
    assert "sagemaker" in first.stdout and "1 service(s) without changes" in first.stdout
    before = tree(tmp_path)
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0
    assert "nothing new since the last run" in second.stdout
    assert tree(tmp_path) == before


def test_two_runs_at_once_on_one_state_are_refused(tmp_path: Path, cache: Path) -> None:
    from specdiff.errors import UsageError
    from specdiff.job.state import locked

    with locked(tmp_path / "state", "botocore"):
        with pytest.raises(UsageError, match="another specdiff watch run"):
            watch("botocore:1.13.1,1.13.2", tmp_path, cache)
    assert watch("botocore:1.13.1,1.13.2", tmp_path, cache).steps  # free again once the first is done


def test_an_empty_folder_is_nothing_new(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    report = run_watch(parse_source(str(tmp_path / "models"), cache=tmp_path), state_dir=tmp_path / "state",
                       out_dir=tmp_path / "out", toolkit=FAKE)
    assert report.nothing_new and not report.baselines


@pytest.fixture
def always_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for the small test catalogs (a real run keeps small steps in-process)."""
    monkeypatch.setattr("specdiff.job.watch.POOL_MIN_BYTES", 0)


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path: Path, cache: Path, always_pool: None) -> None:
    outputs = []
    for jobs in (1, 2):
        options = WatchOptions(formats=("markdown", "changelog", "page"), jobs=jobs, skip_identical=False)
        watch("botocore:1.13.1,1.13.2,1.13.3", tmp_path / f"j{jobs}", cache, options=options)
        outputs.append(tree(tmp_path / f"j{jobs}"))
    assert outputs[0] == outputs[1]
    # the state and its lock; per step the change list, two notes and a page
    assert len(outputs[0]) == 2 + 2 * 4


def test_jobs_2_with_fake_steps_merges_in_service_order(tmp_path: Path, cache: Path, always_pool: None) -> None:
    report = watch(
        "botocore:1.13.1,1.13.3", tmp_path, cache, toolkit=FAKE, options=WatchOptions(jobs=2, skip_identical=False)
    )
    (result,) = report.steps
    assert [c.service for c in result.comparison.changes] == ["elasticache", "sagemaker"]
    assert all(c.extra["pid"] != os.getpid() for c in result.comparison.changes)  # compared by workers
    assert result.compared == ("elasticache", "sagemaker")
    assert (tmp_path / "out/botocore/1.13.1..1.13.3/notes.md").read_text().splitlines()[0] == "markdown 1.13.1..1.13.3"


def test_format_page_writes_a_changelog_page_per_changed_service(tmp_path: Path, cache: Path) -> None:
    from specdiff.compare.pages import changes_on_page
    from specdiff.loaders import load

    watch("botocore:1.13.1,1.13.2", tmp_path, cache, options=WatchOptions(formats=("page",)))
    step = tmp_path / "out/botocore/1.13.1..1.13.2"
    assert sorted(p.name for p in step.iterdir()) == [CHANGES_FILE, "pages"]
    assert [p.name for p in (step / "pages").iterdir()] == ["sagemaker.txt"]  # elasticache did not change
    page = step / "pages/sagemaker.txt"
    # Dated as the release was (the day its wheel was built), like the real page.
    assert page.read_text().splitlines()[0] == "2019/10/24 - Amazon SageMaker Service - 9 updated api methods"
    # specdiff's own page reader reads it back to the same changes.
    again = changes_on_page(load(page))
    step_changes = json.loads((step / CHANGES_FILE).read_text())["changes"]
    assert {(c.operation, c.path) for c in again.changes} == {(c["operation"], c["path"]) for c in step_changes}


def test_fail_on_sets_the_exit_status_once(tmp_path: Path) -> None:
    # A model folder where the newer version lost operations: a breaking change.
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(FIXTURES / "elasticache-1.13.3.json.gz", models / "elasticache-1.0.json.gz")
    shutil.copy(FIXTURES / "elasticache-1.13.2.json.gz", models / "elasticache-2.0.json.gz")
    base = ["watch", str(models), "--out", str(tmp_path / "out"), "--no-patch"]
    never = CliRunner().invoke(app, [*base, "--state", str(tmp_path / "s1"), "--fail-on", "never"])
    assert never.exit_code == 0, never.output
    breaking = CliRunner().invoke(app, [*base, "--state", str(tmp_path / "s2"), "--fail-on", "breaking"])
    assert breaking.exit_code == 1
    assert "elasticache" in breaking.stdout and "breaking" in breaking.stdout
    again = CliRunner().invoke(app, [*base, "--state", str(tmp_path / "s2"), "--fail-on", "breaking"])
    assert again.exit_code == 0  # reported once, not again


def test_accepted_changes_do_not_fail_the_run(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(FIXTURES / "elasticache-1.13.3.json.gz", models / "elasticache-1.0.json.gz")
    shutil.copy(FIXTURES / "elasticache-1.13.2.json.gz", models / "elasticache-2.0.json.gz")
    accepted = tmp_path / "accepted.yml"
    accepted.write_text("ignore:\n  - rule: operation-removed\n    service: elasticache\n    reason: rolled back on purpose\n")
    args = ["watch", str(models), "--out", str(tmp_path / "out"), "--state", str(tmp_path / "state"), "--no-patch"]
    result = CliRunner().invoke(app, [*args, "--ignore", str(accepted)])
    assert result.exit_code == 0, result.output
    changes = json.loads((tmp_path / "out/models/elasticache/1.0..2.0" / CHANGES_FILE).read_text())
    assert {(i["rule"], i["reason"]) for i in changes["ignored"]} == {("operation-removed", "rolled back on purpose")}
    assert "operation-removed" not in {c["rule"] for c in changes["changes"]}


def test_bad_input_stops_before_the_step_and_leaves_the_state(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(FIXTURES / "elasticache-1.13.2.json.gz", models / "elasticache-1.0.json.gz")
    (models / "elasticache-2.0.json").write_text('{"metadata": {}, "operations": ')
    result = CliRunner().invoke(app, ["watch", str(models), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "elasticache-2.0.json" in result.stderr and "Traceback" not in result.output
    assert read_state(tmp_path / "state", "models").tracks["elasticache"].label == "1.0"
    assert not (tmp_path / "out").exists()


def test_no_patch_writes_no_patch(tmp_path: Path, cache: Path) -> None:
    from specdiff.job.steps import default_toolkit

    report = watch("botocore:1.13.2,1.13.3", tmp_path, cache, toolkit=default_toolkit(), options=WatchOptions(patch=False))
    assert [p.name for p in report.steps[0].files] == [CHANGES_FILE, "notes.md"]


def test_a_damaged_state_is_a_clear_error(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "state").mkdir()
    (tmp_path / "state/botocore.json").write_text('{"format": "specdiff-watch-state", "format_version": 1, "tracks": [')
    args = ["watch", "botocore:1.13.1,1.13.2", "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"),
            "--cache", str(cache)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"specdiff: error: {tmp_path / 'state/botocore.json'}:1:68: not a specdiff watch state")
    assert not (tmp_path / "out").exists()


def test_since_latest_records_a_baseline_and_writes_nothing(tmp_path: Path, cache: Path) -> None:
    report = watch("botocore:1.13.1,1.13.2,1.13.3", tmp_path, cache, options=WatchOptions(since="latest"))
    assert report.nothing_new and [v.label for v in report.baselines] == ["1.13.3"]
    assert not (tmp_path / "out").exists()


PAGES = FIXTURES.parent / "pages"


def test_changelog_pages_fed_one_by_one_each_give_their_own_changes(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "README.md").write_text("Pages collected from the changelog site.\n")  # not a page
    runs = []
    for name in ("widgets-2020-01-15.txt", "sagemaker-2019-10-24.txt.gz", "widgets-2020-02-03.txt"):
        shutil.copy(PAGES / name, pages / name)
        runs.append(run_watch(parse_source(str(pages), cache=tmp_path), state_dir=tmp_path / "state",
                              out_dir=tmp_path / "out", toolkit=quick_toolkit()))
    assert [[str(r.step.folder) for r in run.steps] for run in runs] == [
        ["pages/amazon-widget-service/widgets-2020-01-15"],
        ["pages/amazon-sagemaker-service/sagemaker-2019-10-24"],
        ["pages/amazon-widget-service/widgets-2020-02-03"],
    ]
    # The real lossy page: what its deltas show, marked as read from a page.
    sagemaker = json.loads((tmp_path / "out/pages/amazon-sagemaker-service/sagemaker-2019-10-24" / CHANGES_FILE).read_text())
    assert {c["operation"] for c in sagemaker["changes"]} >= {"CreateEndpointConfig", "CreateNotebookInstance"}
    assert {c["source"] for c in sagemaker["changes"]} == {"page"}
    widgets = json.loads((tmp_path / "out/pages/amazon-widget-service/widgets-2020-02-03" / CHANGES_FILE).read_text())
    assert "GetGadgetContent" in {c["operation"] for c in widgets["changes"]}
    state = read_state(tmp_path / "state", "pages")
    assert {t: m.label for t, m in state.tracks.items()} == {
        "amazon-sagemaker-service": "sagemaker-2019-10-24",
        "amazon-widget-service": "widgets-2020-02-03",
    }


@pytest.mark.parametrize(("since", "expected"), [("latest", []), ("2020-01-31", ["widgets-2020-02-03", "widgets-2020-03-09"])])
def test_pages_since(tmp_path: Path, since: str, expected: list[str]) -> None:
    source = Source(kind="pages", name="p", text="p")
    pages = [Version("w", f"widgets-{d}", (d, f"widgets-{d}.txt"), d) for d in ("2020-01-15", "2020-02-03", "2020-03-09")]
    _, steps = plan(source, pages, State("p"), since)
    assert [s.new.label for s in steps] == expected and all(s.old is None for s in steps)


def _versions(track: str, *labels: str) -> list[Version]:
    return [Version(track=track, label=label, sort=(label,), display=label) for label in labels]


@pytest.mark.parametrize(
    ("since", "state", "expected"),
    [
        ("oldest", {}, ["1.0..1.1", "1.1..1.2", "1.2..1.10"]),
        ("latest", {}, []),
        ("1.1", {}, ["1.1..1.2", "1.2..1.10"]),
        ("oldest", {"a": "1.2"}, ["1.2..1.10"]),
        ("oldest", {"a": "1.10"}, []),
        ("oldest", {"a": "1.3"}, ["1.2..1.10"]),  # the marked version is gone: the one before it
        ("oldest", {"a": "0.9"}, ["1.0..1.1", "1.1..1.2", "1.2..1.10"]),  # nothing before it is left
    ],
)
def test_plan(since: str, state: dict[str, str], expected: list[str]) -> None:
    from specdiff.job.state import Mark

    source = Source(kind="models", name="m", text="m")
    marks = {track: Mark(label, (label,)) for track, label in state.items()}
    _, steps = plan(source, _versions("a", "1.0", "1.1", "1.2", "1.10"), State("m", marks), since)
    assert [f"{s.old.label}..{s.new.label}" for s in steps] == expected


def test_the_patch_turns_old_stubs_into_new_ones(tmp_path: Path, cache: Path) -> None:
    from specdiff.job.steps import default_toolkit
    from specdiff.loaders import load
    from specdiff.model import Spec
    from specdiff.stubs import write_stubs

    from dataclasses import replace

    from specdiff.loaders.wheels import botocore_data

    watch("botocore:1.13.2,1.13.3", tmp_path, cache, toolkit=default_toolkit())
    patch = tmp_path / "out/botocore/1.13.2..1.13.3" / PATCH_FILE
    text = patch.read_text()
    # only elasticache changed: only its modules are in it, beside every distribution's version
    assert "elasticache_stubs/" in text and "sagemaker_stubs/" not in text
    assert "specdiff-stubs-sagemaker/pyproject.toml" in text

    def stubs(version: str, folder: Path) -> None:
        spec = load(botocore_data(version, cache, runner=no_pip))
        write_stubs(replace(spec, version=version), folder)

    stubs("1.13.2", tmp_path / "tree")
    stubs("1.13.3", tmp_path / "expected")
    subprocess.run(["git", "apply", "--unsafe-paths", str(patch)], cwd=tmp_path / "tree", check=True)
    assert tree(tmp_path / "tree") == tree(tmp_path / "expected")


def test_the_progress_bar_and_the_summary_table(tmp_path: Path, cache: Path) -> None:
    import io

    from specdiff.job.dashboard import ProgressBar, run_summary, summary_table

    stream = io.StringIO()
    with ProgressBar(stream) as bar:
        report = watch("botocore:1.13.1,1.13.2,1.13.3", tmp_path, cache, progress=bar)
    shown = stream.getvalue()
    assert "botocore/1.13.1..1.13.2: 11 changes" in shown and "botocore/1.13.2..1.13.3" in shown

    plain = summary_table(report, terminal=False)
    header, *rows = plain.splitlines()
    assert header.split() == ["service", "steps", "unchanged", "breaking", "warning", "info"]
    assert [row.split()[:3] for row in rows] == [["elasticache", "2", "1"], ["sagemaker", "2", "1"]]
    assert "\x1b[" not in plain
    rich = summary_table(report, terminal=True)
    assert "changes per service" in rich and "elasticache" in rich and "\x1b[" in rich
    assert run_summary(report) == "botocore: baseline botocore 1.13.1 recorded\nbotocore: 2 step(s) compared\n"


def test_the_watch_skips_the_services_a_catalog_comparison_passes_by(tmp_path: Path) -> None:
    from specdiff.compare.diff import compare
    from specdiff.job.tasks import make_tasks
    from specdiff.loaders import load
    from tests.loaders.test_catalog import catalogs

    old_root, new_root = catalogs(tmp_path)
    versions = [Version("t", label, (label,), label) for label in ("1", "2")]
    tasks, identical, infos = make_tasks((versions[0], old_root), (versions[1], new_root), skip_identical=True)
    old, new = load(old_root), load(new_root)
    compare(old, new)
    passed_by = set(new.services) - set(new.services.loaded)  # type: ignore[attr-defined]
    assert set(identical) == passed_by == {"elasticache", "elasticache-plain"}
    assert {t.service for t in tasks} == set(new.services.loaded)  # type: ignore[attr-defined]
    assert infos is not None and infos[1].services == tuple(sorted(new.services))


def test_formatted_stubs_are_kept_and_black_runs_once_per_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import specdiff.stubs.render as render
    from specdiff.stubs.formatcache import format_cached

    # black runs where a line is past 88 columns (the rest is the templates' own layout)
    note = "  # " + "n" * 84
    files = {"a/x.pyi": f"x:int{note}\n", "b/x.pyi": f"def f( a ):  ...{note}\n"}
    first = format_cached(files, folder=tmp_path)
    assert first == {"a/x.pyi": f"x: int{note}\n", "b/x.pyi": f"def f(\n    a,\n): ...{note}\n"}
    calls = []
    real = render.format_files
    monkeypatch.setattr(render, "format_files", lambda texts, jobs=None: calls.append(dict(texts)) or real(texts, jobs=jobs))
    assert format_cached({**files, "c/y.pyi": f"y:str{note}\n"}, folder=tmp_path) == {**first, "c/y.pyi": f"y: str{note}\n"}
    assert calls == [{"c/y.pyi": f"y:str{note}\n"}]  # only the new text went through black


def test_a_warm_format_cache_gives_the_same_patch(tmp_path: Path, cache: Path) -> None:
    from specdiff.job.steps import default_toolkit

    patches = []
    for run in ("cold", "warm"):
        options = WatchOptions(formatted_cache=tmp_path / "formatted")
        watch("botocore:1.13.2,1.13.3", tmp_path / run, cache, toolkit=default_toolkit(), options=options)
        patches.append((tmp_path / run / "out/botocore/1.13.2..1.13.3" / PATCH_FILE).read_bytes())
    assert patches[0] == patches[1] and b"elasticache" in patches[0]


# A real kill: the CLI in a process of its own, sent SIGKILL (no cleanup of any kind runs)
# just before its fourth output file would have been renamed into place.
_KILLED_RUN = """
import os, signal, sys
real_replace = os.replace
renamed = 0
def replace(src, dst, *args, **kwargs):
    global renamed
    if "out" in os.fspath(dst).split(os.sep):
        renamed += 1
        if renamed == 4:
            os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst, *args, **kwargs)
os.replace = replace
from specdiff.cli import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_a_run_killed_for_real_mid_write_loses_and_repeats_nothing(tmp_path: Path, cache: Path) -> None:
    import sys

    def args(folder: Path) -> list[str]:
        return ["watch", "botocore:1.13.1,1.13.2,1.13.3", "--state", str(folder / "state"),
                "--out", str(folder / "out"), "--cache", str(cache), "--no-patch"]

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    killed = subprocess.run([sys.executable, "-c", _KILLED_RUN, *args(tmp_path / "crashed")], env=env,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == -9, killed.stderr
    step2 = tmp_path / "crashed/out/botocore/1.13.2..1.13.3"
    assert [p.name for p in step2.iterdir() if p.name.endswith(".tmp")]  # a half-done write is left
    assert read_state(tmp_path / "crashed/state", "botocore").tracks["botocore"].label == "1.13.2"

    assert CliRunner().invoke(app, args(tmp_path / "crashed")).exit_code == 0
    assert CliRunner().invoke(app, args(tmp_path / "clean")).exit_code == 0
    assert tree(tmp_path / "crashed") == tree(tmp_path / "clean")  # no temporary file, no loss, nothing twice


def test_severity_overrides_apply_to_the_watch(tmp_path: Path) -> None:
    """elasticache 1.13.3 -> 1.13.2 only removes operations: breaking, unless a project says
    operation-removed is a warning for it."""
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(FIXTURES / "elasticache-1.13.3.json.gz", models / "elasticache-1.0.json.gz")
    shutil.copy(FIXTURES / "elasticache-1.13.2.json.gz", models / "elasticache-2.0.json.gz")
    args = ["watch", str(models), "--out", str(tmp_path / "out"), "--state", str(tmp_path / "state"), "--no-patch"]
    result = CliRunner().invoke(app, [*args, "--severity", "operation-removed=warning"])
    assert result.exit_code == 0, result.output
    changes = json.loads((tmp_path / "out/models/elasticache/1.0..2.0" / CHANGES_FILE).read_text())
    removed = [c for c in changes["changes"] if c["rule"] == "operation-removed"]
    assert removed and {c["severity"] for c in removed} == {"warning"}


# Killed for real inside the formatted-stubs cache (the Nth entry renamed into it), or
# between the two renames that swap a stubs package in (the old one moved aside, the new
# one not yet in place).
_KILLED_AT = """
import os, signal, sys
real_replace = os.replace
seen = 0
def replace(src, dst, *args, **kwargs):
    global seen
    if os.fspath(dst).endswith(sys.argv[1]):
        seen += 1
        if seen == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst, *args, **kwargs)
os.replace = replace
from specdiff.cli import main
main(sys.argv[3:])
"""


def _killed(tmp_path: Path, marker: str, nth: int, args: list[str]) -> None:
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT, marker, str(nth), *args], env=env,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == -9, killed.stderr


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_a_run_killed_while_filling_the_stub_cache_gives_the_same_patch(tmp_path: Path, cache: Path) -> None:
    def args(folder: Path) -> list[str]:
        return ["watch", "botocore:1.13.1,1.13.2", "--state", str(folder / "state"),
                "--out", str(folder / "out"), "--cache", str(folder / "cache")]

    for folder in ("crashed", "clean"):
        shutil.copytree(cache, tmp_path / folder / "cache")
    _killed(tmp_path, ".sealed", 3, args(tmp_path / "crashed"))
    shelf = tmp_path / "crashed/cache/formatted-stubs"
    entries = [p for p in shelf.rglob("*") if p.is_file()]
    assert entries and any(p.name.endswith(".tmp") for p in entries)
    sealed = [p for p in entries if p.name.endswith(".sealed")]
    sealed[0].write_bytes(b"class Planted: ...\n")  # a poisoned entry: dropped, never in the patch
    assert CliRunner().invoke(app, args(tmp_path / "crashed")).exit_code == 0
    assert CliRunner().invoke(app, args(tmp_path / "clean")).exit_code == 0
    assert tree(tmp_path / "crashed/out") == tree(tmp_path / "clean/out")
    assert b"Planted" not in b"".join(tree(tmp_path / "crashed/out").values())


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_stubs_killed_mid_swap_are_whole_after_the_next_run(tmp_path: Path) -> None:
    old, new = str(FIXTURES / "sagemaker-1.13.1.json.gz"), str(FIXTURES / "sagemaker-1.13.2.json.gz")
    out, clean = tmp_path / "stubs", tmp_path / "clean"
    assert CliRunner().invoke(app, ["stubs", old, "-o", str(out), "--no-black"]).exit_code == 0
    # killed at the rename of the new package into place: the old one is already moved aside
    package = str(out / "specdiff-stubs-sagemaker")
    _killed(tmp_path, package, 1, ["stubs", new, "-o", str(out), "--no-black"])
    assert not os.path.exists(package)  # the window a kill can hit: the next run must mend it
    assert sorted(p.name.rsplit("-", 1)[0] for p in out.iterdir() if p.name.startswith(".")) == [
        ".specdiff-stubs-sagemaker.new", ".specdiff-stubs-sagemaker.old"
    ]
    assert CliRunner().invoke(app, ["stubs", new, "-o", str(out), "--no-black"]).exit_code == 0
    assert CliRunner().invoke(app, ["stubs", new, "-o", str(clean), "--no-black"]).exit_code == 0
    assert tree(out) == tree(clean)  # nothing left over, nothing missing
