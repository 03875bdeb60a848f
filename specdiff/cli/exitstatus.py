"""Exit statuses: every error a command raises becomes one line on stderr and a status CI can trust.

0 nothing at or above ``--fail-on``; 1 something was; 2 bad input or usage; 3 an internal
error (a bug: one line, and a file holding the traceback). A crash must never exit 1,
which CI reads as "a breaking change was found".
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback

import typer
import typer.core

from specdiff.errors import SpecdiffError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # the shell's status for a run stopped by Ctrl-C (128 + SIGINT)

#: set (by ``--debug`` or SPECDIFF_DEBUG=1) to print an internal error's traceback on stderr
DEBUG_ENV = "SPECDIFF_DEBUG"


def report_bad_input(error: SpecdiffError) -> typer.Exit:
    """Print a one-line error and give the exit for bad input."""
    typer.echo(f"specdiff: error: {_one_line(str(error))}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def report_internal(error: BaseException) -> typer.Exit:
    """Print one line about a bug, keep its traceback in a file (or print it with --debug)."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    summary = _one_line(f"{type(error).__name__}: {error}")
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        sys.stderr.write(text)
        where = "the traceback is above"
    else:
        where = _save_traceback(text)
    typer.echo(f"specdiff: internal error: {summary} ({where})", err=True)
    return typer.Exit(EXIT_INTERNAL)


def _save_traceback(text: str) -> str:
    try:
        fd, path = tempfile.mkstemp(prefix="specdiff-traceback-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
    except OSError:
        return "rerun with --debug to see the traceback"
    return f"traceback in {path}; --debug prints it"


def _one_line(text: str, limit: int = 500) -> str:
    line = " ".join(text.split()) or "(no message)"
    return line if len(line) <= limit else line[: limit - 1] + "…"


class GuardedGroup(typer.core.TyperGroup):
    """The app's command group: whatever a command raises ends in exit 2 or 3, never 1."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except typer.Exit:
            raise
        except typer.TyperException as error:
            if error.exit_code == EXIT_BAD_INPUT:
                raise  # a usage error: printed with the usage line
            typer.echo(f"specdiff: error: {_one_line(error.format_message())}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except SpecdiffError as error:
            raise report_bad_input(error) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo("specdiff: interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as error:
            raise report_internal(error) from None
