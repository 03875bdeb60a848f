"""The Typer application every command registers on, its conventions, and the helpers commands share.

Conventions every command follows: ``-h``/``--help``; ``--version``, ``--color
auto|always|never`` (``NO_COLOR`` turns ``auto`` off) and ``--quiet`` anywhere on the
line (they are global options, moved before the command wherever they are written);
shell completion by ``--install-completion``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TextIO

import typer
from typer.core import TyperGroup

from specdiff.cli.exitstatus import GuardedGroup, report_bad_input
from specdiff.errors import SpecdiffError
from specdiff.safewrite import write_atomic

if TYPE_CHECKING:
    from specdiff.compare.settings import Settings

EXIT_BAD_INPUT = 2

#: global options and whether each takes a value; see :func:`split_global_options`
GLOBAL_OPTIONS = {"--version": False, "--color": True, "--quiet": False, "-q": False}


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass
class Conventions:
    """What the global options said, for the commands of this run."""

    color: Color = Color.auto
    quiet: bool = False


#: set by the app's callback at the start of every run
conventions = Conventions()


def split_global_options(args: list[str]) -> tuple[list[str], list[str]]:
    """The global options wherever they are on the line, and the rest in order.

    ``--`` ends the options: what follows is left as it is (a file named ``--quiet``).
    """
    found: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        name = arg.split("=", 1)[0]
        takes_value = name in GLOBAL_OPTIONS and GLOBAL_OPTIONS[name] and "=" not in arg
        if takes_value and (index + 1 == len(args) or args[index + 1].startswith("-")):
            # no value follows: an empty one, which the parser refuses naming the choices
            # (moved to the front bare, it took the command's name for its value)
            found.append(arg + "=")
        elif name in GLOBAL_OPTIONS:
            found.append(arg)
            if takes_value:
                found.append(args[index + 1])
                index += 1
        else:
            rest.append(arg)
        index += 1
    return found, rest


class _Group(GuardedGroup):
    """The command group: global options are taken from anywhere on the line; whatever a
    command raises ends in exit 2 or 3, never 1 (see :mod:`specdiff.cli.exitstatus`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: click's Context, or Typer's own copy of it
        found, rest = split_global_options(list(args))
        return super().parse_args(ctx, found + rest)


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Compare AWS API versions (botocore models, changelog pages, snapshots) and "
    "write what changed.\n\nThe main job: specdiff OLD NEW",
)


def _print_version(value: bool) -> None:
    if value:
        from specdiff import __version__

        typer.echo(f"specdiff {__version__}")
        raise typer.Exit(0)


@app.callback()
def _conventions(
    version: Annotated[Optional[bool], typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit (anywhere on the line).")] = None,
    color: Annotated[Color, typer.Option("--color", help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")] = Color.auto,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the output asked for (no progress, no tables, no 'wrote' lines).")] = False,
) -> None:
    conventions.color = color
    conventions.quiet = quiet


def use_colour(stream: TextIO) -> bool:
    """Whether to write colour to ``stream``: ``--color``, else a terminal without ``NO_COLOR``."""
    if conventions.color is Color.always:
        return True
    if conventions.color is Color.never or os.environ.get("NO_COLOR"):
        return False
    return _isatty(stream)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def say(message: str) -> None:
    """A progress or status line on standard error, left out with ``--quiet``."""
    if not conventions.quiet:
        typer.echo(message, err=True)


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
