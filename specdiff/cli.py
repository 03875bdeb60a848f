"""The command line: a thin layer over the library; the only place errors become exit codes."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from specdiff.changes import Comparison, Severity
from specdiff.errors import SpecdiffError, UsageError
from specdiff.model import Spec
from specdiff.output import write_atomic

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Compare AWS API versions (botocore models, changelog pages, snapshots) and "
    "write what changed.\n\nThe main job: specdiff OLD NEW",
)

EXIT_BAD_INPUT = 2


def fail(error: SpecdiffError) -> typer.Exit:
    """Print a one-line error and give the exit for bad input."""
    typer.echo(f"specdiff: error: {error}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


# ---------------------------------------------------------------------------- parse


class ParseFormat(str, Enum):
    json = "json"
    text = "text"


@app.command()
def parse(
    page: Annotated[Path, typer.Argument(help="A changelog page: text or HTML, gzip allowed.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="json (the AST) or text (an outline).")] = ParseFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Read a changelog page and print what it says: its methods, deltas, syntax and parameters."""
    from specdiff.page import page_to_json, page_to_outline, read_page_file

    try:
        ast = read_page_file(page)
    except SpecdiffError as error:
        raise fail(error) from None
    text = page_to_json(ast) if format is ParseFormat.json else page_to_outline(ast)
    _emit(text, output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


# -------------------------------------------------------------------------- compare


class CompareFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    changelog = "changelog"
    changes_json = "changes-json"
    page = "page"


class FailOn(str, Enum):
    breaking = "breaking"
    warning = "warning"
    info = "info"
    never = "never"


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="The old version: a botocore model, data folder, changelog page or snapshot.")],
    new: Annotated[Optional[Path], typer.Argument(help="The new version, of the same kinds. Left out when OLD is one changelog page: its own deltas are the changes.")] = None,
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="text (a summary), json (the change list), markdown, html, changelog, changes-json (release notes) or page (a changelog page).")] = CompareFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a change of this severity or worse is found (never: always 0).")] = FailOn.breaking,
    service: Annotated[Optional[list[str]], typer.Option("--service", "-s", help="Only this service (repeatable; * and ? match).")] = None,
    operation: Annotated[Optional[list[str]], typer.Option("--operation", help="Only this operation (repeatable; * and ? match).")] = None,
    ignore: Annotated[Optional[Path], typer.Option("--ignore", help="YAML or TOML file of accepted changes, each with a reason.")] = None,
    docs: Annotated[bool, typer.Option("--docs", help="Report documentation changes too (hidden by default).")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of standard output.")] = None,
) -> None:
    """Compare two versions of an API and report every change that matters to a client."""
    import datetime
    import gc

    from specdiff.compare import compare as compare_specs
    from specdiff.ignore import apply_ignores, load_ignore_file
    from specdiff.loaders import load
    from specdiff.report import exceeds

    try:
        entries = load_ignore_file(ignore) if ignore is not None else ()
        if new is None:  # one page on its own: what its deltas say changed
            from specdiff.compare import is_page_spec
            from specdiff.pagediff import changes_on_page

            new_spec = old_spec = load(old)
            if not is_page_spec(new_spec):
                raise UsageError(f"{old}: give two versions to compare (one input alone must be a changelog page)")
            comparison = changes_on_page(new_spec)
        else:
            old_spec, new_spec = load(old), load(new)
            gc.freeze()  # the two specs live to the end: keep later collections from rescanning them
            comparison = compare_specs(old_spec, new_spec, docs=docs, services=service, operations=operation)
        comparison = apply_ignores(comparison, entries, today=datetime.date.today())
        text = _render_comparison(comparison, format, old_spec, new_spec, docs=docs, colour=output is None and sys.stdout.isatty())
    except SpecdiffError as error:
        raise fail(error) from None
    _emit(text, output)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    raise typer.Exit(1 if exceeds(comparison, threshold) else 0)


def _render_comparison(comparison: Comparison, format: CompareFormat, old: Spec, new: Spec, *, docs: bool, colour: bool) -> str:
    if format is CompareFormat.text:
        from specdiff.summary import render_summary

        return render_summary(comparison, docs=docs, colour=colour)
    if format is CompareFormat.json:
        from specdiff.report import comparison_json

        return comparison_json(comparison)
    if format is CompareFormat.page:
        from specdiff.pagewriter import render_page

        return render_page(comparison, old, new)
    from specdiff.notes import render_notes

    return render_notes(comparison, format.value)


# ------------------------------------------------------------------------- snapshot


@app.command()
def snapshot(
    input: Annotated[Path, typer.Argument(help="A botocore model, data folder, changelog page or snapshot.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The snapshot file; gzipped when its name ends in .gz.")],
) -> None:
    """Save what INPUT holds as a snapshot that specdiff reloads fast."""
    from specdiff.loaders import load
    from specdiff.loaders.snapshot import snapshot_bytes

    try:
        spec = load(input)
    except SpecdiffError as error:
        raise fail(error) from None
    write_atomic(output, snapshot_bytes(spec, compress=output.name.endswith(".gz")))


# ---------------------------------------------------------------------------- stubs


@app.command()
def stubs(
    input: Annotated[Path, typer.Argument(help="A botocore model, data folder, changelog page or snapshot.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write one <service>_stubs package per service into.")],
    no_black: Annotated[bool, typer.Option("--no-black", help="Skip black (faster; the text is close to black's style already).")] = False,
) -> None:
    """Write a typed Python stub package (client, TypedDicts, Literals) for each service of INPUT."""
    from specdiff.loaders import load
    from specdiff.stubs import write_stubs

    try:
        written = write_stubs(load(input), output, format=not no_black)
    except SpecdiffError as error:
        raise fail(error) from None
    typer.echo(f"wrote {len(written)} files under {output}", err=True)


# ---------------------------------------------------------------------------- patch


@app.command()
def patch(
    old: Annotated[Path, typer.Argument(help="The old version: a model, data folder, page or snapshot.")],
    new: Annotated[Path, typer.Argument(help="The new version.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the patch here instead of standard output.")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-R", help="The patch from NEW's stubs back to OLD's.")] = False,
) -> None:
    """Print a unified diff that turns the stubs of OLD into the stubs of NEW (git apply takes it)."""
    from specdiff.loaders import load
    from specdiff.patch import stubs_patch

    try:
        text = stubs_patch(load(old), load(new), reverse=reverse)
    except SpecdiffError as error:
        raise fail(error) from None
    _emit(text, output)


# ---------------------------------------------------------------------------- watch


@app.command()
def watch(
    source: Annotated[str, typer.Argument(help="A folder of pages, a folder of models or snapshots, or botocore releases (botocore:1.13.1..1.13.3, botocore:1.13.1,1.13.2, botocore:1.13.1.., botocore:all).")],
    state: Annotated[Path, typer.Option("--state", help="Folder of the state: the last version seen, per source.")],
    out: Annotated[Path, typer.Option("--out", help="Folder the outputs go to, one folder per step: OUT/SOURCE/[TRACK/]FROM..TO/.")],
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Notes to write (repeatable): markdown, html, changelog, changes-json, page (a changelog page per changed service). changes.json is always written.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a change of this severity or worse was found in any step.")] = FailOn.breaking,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes comparing the services of a catalog.")] = 1,
    since: Annotated[str, typer.Option("--since", help="With no state yet: oldest (compare from the oldest version), latest (record the newest, write nothing), or a version to start after.")] = "oldest",
    name: Annotated[Optional[str], typer.Option("--name", help="Name of the source in the state and output folders (default: botocore, or the folder's name).")] = None,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Cache folder: botocore wheels, and stub files once formatted (default: ~/.cache/specdiff/wheels).")] = None,
    docs: Annotated[bool, typer.Option("--docs", help="Report documentation changes too.")] = False,
    patch: Annotated[bool, typer.Option("--patch/--no-patch", help="Write the stub patch (stubs.patch) where both sides are models.")] = True,
    ignore: Annotated[Optional[Path], typer.Option("--ignore", help="YAML or TOML file of accepted changes, each with a reason.")] = None,
) -> None:
    """Compare what is new in SOURCE since the last run, one step at a time, and write each step's outputs."""
    from specdiff.dashboard import ProgressBar, StepLines, run_summary, summary_table
    from specdiff.ignore import load_ignore_file
    from specdiff.job import WatchOptions, check_formats, run_watch
    from specdiff.sources import parse_source
    from specdiff.wheels import default_cache

    try:
        formats = check_formats(format or ["markdown"])
        accepted = load_ignore_file(ignore) if ignore is not None else ()
        cache = cache or default_cache()
        options = WatchOptions(
            formats=formats, fail_on=fail_on.value, jobs=jobs, since=since, docs=docs, patch=patch, ignore=accepted,
            formatted_cache=cache / "formatted-stubs",
        )
        watched = parse_source(source, cache=cache, name=name)
        if sys.stderr.isatty():
            with ProgressBar(sys.stderr) as bar:
                report = run_watch(watched, state_dir=state, out_dir=out, options=options, progress=bar)
        else:  # a log: one line per step, as each is done
            report = run_watch(watched, state_dir=state, out_dir=out, options=options, progress=StepLines(sys.stderr))
    except SpecdiffError as error:
        raise fail(error) from None
    sys.stdout.write(summary_table(report, terminal=sys.stdout.isatty()))
    sys.stdout.write(run_summary(report))
    raise typer.Exit(report.exit_code)


# -------------------------------------------------------------------------- init-ci


class StateStore(str, Enum):
    cache = "cache"
    commit = "commit"


@app.command("init-ci")
def init_ci(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write (default: .github/workflows/specdiff.yml; with --cron, standard output).")] = None,
    cron: Annotated[bool, typer.Option("--cron", help="Write a crontab entry instead of a GitHub workflow.")] = False,
    source: Annotated[str, typer.Option("--source", help="What to watch (as for specdiff watch).")] = "botocore:all",
    state: Annotated[str, typer.Option("--state", help="The state folder, kept between runs.")] = ".specdiff/state",
    out: Annotated[str, typer.Option("--out", help="The output folder (uploaded as an artifact).")] = "specdiff-out",
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Notes to write (repeatable).")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Fail the run on changes of this severity or worse.")] = FailOn.breaking,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes (hosted runners have 2 cores).")] = 2,
    since: Annotated[str, typer.Option("--since", help="First run with no state: latest (baseline only), oldest, or a version.")] = "latest",
    schedule: Annotated[str, typer.Option("--schedule", help="Cron schedule, five fields (UTC on GitHub).")] = "17 6 * * *",
    python: Annotated[str, typer.Option("--python", help="Python version of the runner.")] = "3.12",
    package: Annotated[str, typer.Option("--package", help="What pip installs to get specdiff.")] = "specdiff",
    keep_state: Annotated[StateStore, typer.Option("--keep-state", help="Keep the state in the Actions cache, or commit it back to the repository.")] = StateStore.cache,
    workdir: Annotated[str, typer.Option("--workdir", help="--cron: the folder the command runs in.")] = "/srv/specdiff",
) -> None:
    """Write a scheduled job running specdiff watch: a GitHub Actions workflow, or a crontab entry."""
    from specdiff.ci import CiSettings, render_crontab, render_workflow

    settings = CiSettings(
        source=source,
        state_dir=state,
        out_dir=out,
        formats=tuple(dict.fromkeys(format or ["markdown"])),
        fail_on=fail_on.value,
        jobs=jobs,
        since=since,
        schedule=schedule,
        python=python,
        package=package,
        state_store=keep_state.value,
        workdir=workdir,
    )
    try:
        text = render_crontab(settings) if cron else render_workflow(settings)
    except SpecdiffError as error:
        raise fail(error) from None
    if output is None and not cron:
        output = Path(".github/workflows/specdiff.yml")
    _emit(text, output)
    if output is not None:
        typer.echo(f"wrote {output}", err=True)


# ------------------------------------------------------------------------ entry point

SUBCOMMANDS = {"parse", "compare", "snapshot", "stubs", "patch", "watch", "init-ci"}


def main(argv: list[str] | None = None) -> None:
    """Entry point: ``specdiff OLD NEW`` is short for ``specdiff compare OLD NEW``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in SUBCOMMANDS and args[0] not in ("--help", "-h", "--version"):
        args.insert(0, "compare")
    if args[:1] == ["--version"]:
        from specdiff import __version__

        print(f"specdiff {__version__}")
        return
    app(args=args, prog_name="specdiff")
