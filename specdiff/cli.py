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
