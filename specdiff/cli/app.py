"""The Typer application every command registers on, and the helpers commands share."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from specdiff.errors import SpecdiffError
from specdiff.safewrite import write_atomic

if TYPE_CHECKING:
    from specdiff.compare.settings import Settings

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


def command_settings(fail_on: FailOn | None, ignore: Path | None, severity: list[str] | None) -> Settings:
    """The options given, over the settings file of the working folder (CONFIG_FILES)."""
    from specdiff.compare.settings import Settings, find_settings, parse_severities

    given = Settings(
        fail_on=fail_on.value if fail_on is not None else None,
        ignore=ignore,
        severities=parse_severities(severity or ()),
    )
    return given.over(find_settings(Path.cwd()))


SEVERITY_HELP = "Report a rule at this severity: RULE=breaking|warning|info (repeatable; over [tool.specdiff.severity])."
