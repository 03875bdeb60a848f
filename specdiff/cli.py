"""The command line: a thin layer over the library; the only place errors become exit codes."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from specdiff.errors import SpecdiffError
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


# ---------------------------------------------------------------------------- watch


class WatchFailOn(str, Enum):
    breaking = "breaking"
    warning = "warning"
    info = "info"
    never = "never"


@app.command()
def watch(
    source: Annotated[str, typer.Argument(help="A folder of pages, a folder of models or snapshots, or botocore releases (botocore:1.13.1..1.13.3, botocore:1.13.1,1.13.2, botocore:1.13.1..).")],
    state: Annotated[Path, typer.Option("--state", help="Folder of the state: the last version seen, per source.")],
    out: Annotated[Path, typer.Option("--out", help="Folder the outputs go to, one folder per step: OUT/SOURCE/[TRACK/]FROM..TO/.")],
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Notes to write (repeatable): markdown, html, changelog, changes-json. changes.json is always written.")] = None,
    fail_on: Annotated[WatchFailOn, typer.Option("--fail-on", help="Exit 1 when a change of this severity or worse was found in any step.")] = WatchFailOn.breaking,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes comparing the services of a catalog.")] = 1,
    since: Annotated[str, typer.Option("--since", help="With no state yet: oldest (compare from the oldest version), latest (record the newest, write nothing), or a version to start after.")] = "oldest",
    name: Annotated[Optional[str], typer.Option("--name", help="Name of the source in the state and output folders (default: botocore, or the folder's name).")] = None,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Botocore wheel cache (default: ~/.cache/specdiff/wheels).")] = None,
    docs: Annotated[bool, typer.Option("--docs", help="Report documentation changes too.")] = False,
) -> None:
    """Compare what is new in SOURCE since the last run, one step at a time, and write each step's outputs."""
    from specdiff.dashboard import ProgressBar, run_summary, step_line, summary_table
    from specdiff.job import WatchOptions, run_watch
    from specdiff.notes import FORMATS
    from specdiff.sources import parse_source
    from specdiff.wheels import default_cache

    formats = tuple(dict.fromkeys(format or ["markdown"]))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise fail(SpecdiffError(f"unknown --format {unknown[0]!r} (expected: {', '.join(FORMATS)})"))
    options = WatchOptions(formats=formats, fail_on=fail_on.value, jobs=jobs, since=since, docs=docs)
    terminal = sys.stderr.isatty()
    try:
        watched = parse_source(source, cache=cache or default_cache(), name=name)
        if terminal:
            with ProgressBar(sys.stderr) as bar:
                report = run_watch(watched, state_dir=state, out_dir=out, options=options, progress=bar)
        else:
            report = run_watch(watched, state_dir=state, out_dir=out, options=options)
            for result in report.steps:
                typer.echo(step_line(result), err=True)
    except SpecdiffError as error:
        raise fail(error) from None
    sys.stdout.write(summary_table(report, terminal=sys.stdout.isatty()))
    sys.stdout.write(run_summary(report))
    raise typer.Exit(report.exit_code)


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
