"""The Typer application every command registers on, and the helpers commands share."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from specdiff.cli.exitstatus import EXIT_BAD_INPUT, GuardedGroup, report_bad_input
from specdiff.errors import SpecdiffError
from specdiff.safewrite import write_atomic

app = typer.Typer(
    cls=GuardedGroup,  # whatever a command raises ends in exit 2 or 3, never 1
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Compare AWS API versions (botocore models, changelog pages, snapshots) and "
    "write what changed.\n\nThe main job: specdiff OLD NEW",
)

__all__ = ["EXIT_BAD_INPUT", "FailOn", "app", "emit", "fail"]


def fail(error: SpecdiffError) -> typer.Exit:
    """Print a one-line error and give the exit for bad input."""
    return report_bad_input(error)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


class FailOn(str, Enum):
    breaking = "breaking"
    warning = "warning"
    info = "info"
    never = "never"
