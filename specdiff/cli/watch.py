"""``specdiff watch`` (the scheduled job) and ``specdiff init-ci`` (the files that schedule it)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from specdiff.cli.app import SEVERITY_HELP, FailOn, app, command_settings, conventions, emit, fail, say, use_colour
from specdiff.errors import SpecdiffError


@app.command()
def watch(
    source: Annotated[str, typer.Argument(help="A folder of pages, a folder of models or snapshots, or botocore releases (botocore:1.13.1..1.13.3, botocore:1.13.1,1.13.2, botocore:1.13.1.., botocore:all).")],
    state: Annotated[Path, typer.Option("--state", help="Folder of the state: the last version seen, per source.")],
    out: Annotated[Path, typer.Option("--out", help="Folder the outputs go to, one folder per step: OUT/SOURCE/[TRACK/]FROM..TO/.")],
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Outputs to write (repeatable): markdown, html, changelog, changes-json, page (a changelog page per changed service); for CI: github (annotations.txt), junit (junit.xml), sarif (results.sarif). changes.json is always written.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 when a change of this severity or worse was found in any step. Default: the settings file's fail-on, else breaking.")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", help=SEVERITY_HELP)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes comparing the services of a catalog.")] = 1,
    since: Annotated[str, typer.Option("--since", help="With no state yet: oldest (compare from the oldest version), latest (record the newest, write nothing), or a version to start after.")] = "oldest",
    name: Annotated[Optional[str], typer.Option("--name", help="Name of the source in the state and output folders (default: botocore, or the folder's name).")] = None,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Cache folder: botocore wheels, and stub files once formatted (default: $SPECDIFF_CACHE, else ~/.cache/specdiff/wheels).")] = None,
    docs: Annotated[bool, typer.Option("--docs", help="Report documentation changes too.")] = False,
    patch: Annotated[bool, typer.Option("--patch/--no-patch", help="Write the stub patch (stubs.patch) where both sides are models.")] = True,
    ignore: Annotated[Optional[Path], typer.Option("--ignore", help="YAML or TOML file of accepted changes, each with a reason.")] = None,
    service: Annotated[Optional[list[str]], typer.Option("--service", "-s", help="Only this service (repeatable; * and ? match): the others are not even loaded. One that matches no service the run reads is an error.")] = None,
    exclude_service: Annotated[Optional[list[str]], typer.Option("--exclude-service", help="Leave this service out (repeatable; * and ? match).")] = None,
    operation: Annotated[Optional[list[str]], typer.Option("--operation", help="Only this operation (repeatable; * and ? match). One that matches no operation of the selected services in any release the run reads is an error, before anything is written.")] = None,
) -> None:
    """Compare what is new in SOURCE since the last run, one step at a time, and write each step's outputs."""
    from specdiff.compare.ignore import load_ignore_file
    from specdiff.job.dashboard import (
        ProgressBar,
        StepLines,
        run_summary,
        summary_table,
    )
    from specdiff.job.sources import parse_source
    from specdiff.job.watch import WatchOptions, check_formats, run_watch
    from specdiff.loaders.release import release_cache

    try:
        formats = check_formats(format or ["markdown"])
        settings = command_settings(fail_on, ignore, severity)
        accepted = load_ignore_file(settings.ignore) if settings.ignore is not None else ()
        cache = cache or release_cache()
        options = WatchOptions(
            formats=formats, fail_on=settings.fail_on or "breaking", jobs=jobs, since=since, docs=docs, patch=patch,  # type: ignore[arg-type]
            ignore=accepted, severities=tuple(sorted((r.value, s.value) for r, s in settings.severities.items())),
            formatted_cache=cache / "formatted-stubs",
            services=tuple(service or ()), exclude_services=tuple(exclude_service or ()), operations=tuple(operation or ()),
        )
        watched = parse_source(source, cache=cache, name=name)
        if conventions.quiet:
            report = run_watch(watched, state_dir=state, out_dir=out, options=options)
        elif sys.stderr.isatty():
            with ProgressBar(sys.stderr) as bar:
                report = run_watch(watched, state_dir=state, out_dir=out, options=options, progress=bar)
        else:  # a log: one line per step, as each is done
            report = run_watch(watched, state_dir=state, out_dir=out, options=options, progress=StepLines(sys.stderr))
    except SpecdiffError as error:
        raise fail(error) from None
    if not conventions.quiet:
        sys.stdout.write(summary_table(report, terminal=use_colour(sys.stdout)))
        sys.stdout.write(run_summary(report))
    raise typer.Exit(report.exit_code)





class StateStore(str, Enum):
    cache = "cache"
    commit = "commit"


class Trigger(str, Enum):
    schedule = "schedule"
    pull_request = "pull-request"


@app.command("init-ci")
def init_ci(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write (default: .github/workflows/specdiff.yml, or specdiff-pr.yml with --on pull-request; with --cron, standard output).")] = None,
    on: Annotated[Trigger, typer.Option("--on", help="schedule: watch new releases on a schedule; pull-request: check a pull request that changes the botocore pinned in --pin-file.")] = Trigger.schedule,
    cron: Annotated[bool, typer.Option("--cron", help="Write a crontab entry instead of a GitHub workflow.")] = False,
    source: Annotated[str, typer.Option("--source", help="What to watch (as for specdiff watch).")] = "botocore:all",
    state: Annotated[str, typer.Option("--state", help="The state folder, kept between runs.")] = ".specdiff/state",
    out: Annotated[str, typer.Option("--out", help="The output folder (uploaded as an artifact).")] = "specdiff-out",
    cache: Annotated[str, typer.Option("--cache", help="The cache folder: botocore wheels and formatted stubs, kept between runs.")] = ".specdiff/wheels",
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Outputs to write (repeatable); markdown (for the job summary) and github (the annotations) are always written.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Fail the run on changes of this severity or worse.")] = FailOn.breaking,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes (hosted runners have 2 cores).")] = 2,
    since: Annotated[str, typer.Option("--since", help="First run with no state: latest (baseline only), oldest, or a version.")] = "latest",
    schedule: Annotated[str, typer.Option("--schedule", help="Cron schedule, five fields (UTC on GitHub).")] = "17 6 * * *",
    python: Annotated[str, typer.Option("--python", help="Python version of the runner.")] = "3.12",
    install: Annotated[Optional[str], typer.Option("--install", "--package", help="What pip installs to get specdiff: a git URL pinned to a commit or a path in the repository (default: the git URL and commit this specdiff comes from, or . when the repository is specdiff's own).")] = None,
    pin_file: Annotated[str, typer.Option("--pin-file", help="--on pull-request: the requirements or lock file that pins botocore.")] = "requirements.txt",
    keep_state: Annotated[StateStore, typer.Option("--keep-state", help="Keep the state in the Actions cache, or commit it back to the repository.")] = StateStore.cache,
    workdir: Annotated[str, typer.Option("--workdir", help="--cron: the folder the command runs in.")] = "/srv/specdiff",
    service: Annotated[Optional[list[str]], typer.Option("--service", "-s", help="Only this service (repeatable; * and ? match).")] = None,
    exclude_service: Annotated[Optional[list[str]], typer.Option("--exclude-service", help="Leave this service out (repeatable; * and ? match).")] = None,
    operation: Annotated[Optional[list[str]], typer.Option("--operation", help="Only this operation (repeatable; * and ? match).")] = None,
    code_scanning: Annotated[bool, typer.Option("--code-scanning", help="--on pull-request: also upload the SARIF report to GitHub code scanning.")] = False,
) -> None:
    """Write a GitHub Actions workflow (a scheduled watch, or a pull-request check of the pinned botocore), or a crontab entry."""
    import specdiff
    from specdiff.job.workflow import CiSettings, default_install, render_crontab, render_workflow

    try:
        if install is None:
            install = "." if cron else default_install(Path(specdiff.__file__).resolve().parent, Path.cwd())
        settings = CiSettings(
            source=source,
            state_dir=state,
            out_dir=out,
            cache_dir=cache,
            formats=tuple(dict.fromkeys(format or ["markdown"])),
            fail_on=fail_on.value,
            jobs=jobs,
            since=since,
            schedule=schedule,
            python=python,
            install=install,
            state_store=keep_state.value,
            workdir=workdir,
            trigger=on.value,  # type: ignore[arg-type]
            pin_file=pin_file,
            services=tuple(service or ()),
            exclude_services=tuple(exclude_service or ()),
            operations=tuple(operation or ()),
            code_scanning=code_scanning,
        )
        text = render_crontab(settings) if cron else render_workflow(settings)
    except SpecdiffError as error:
        raise fail(error) from None
    if output is None and not cron:
        name = "specdiff-pr.yml" if on is Trigger.pull_request else "specdiff.yml"
        output = Path(".github/workflows") / name
    emit(text, output)
    if output is not None:
        say(f"wrote {output}")
