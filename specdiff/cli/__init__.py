"""The command line: a thin layer over the library; the only place errors become exit codes."""

from __future__ import annotations

import os
import sys

from specdiff.cli import compare, pages, rules, stubs, watch  # noqa: F401  (each registers its commands)
from specdiff.cli.app import app, split_global_options
from specdiff.cli.exitstatus import DEBUG_ENV, EXIT_INTERNAL, report_internal

__all__ = ["app", "main"]

SUBCOMMANDS = {"parse", "compare", "snapshot", "stubs", "patch", "watch", "init-ci", "rules"}


def main(argv: list[str] | None = None) -> None:
    """Entry point: ``specdiff OLD NEW`` is short for ``specdiff compare OLD NEW``.

    Exit statuses: 0, 1 (a change at or above --fail-on), 2 (bad input or usage), 3 (an
    internal error; ``--debug``, anywhere before ``--``, prints its traceback).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    end = args.index("--") if "--" in args else len(args)
    debug = "--debug" in args[:end]
    if debug:
        args = [a for a in args[:end] if a != "--debug"] + args[end:]
    for stream in (sys.stdout, sys.stderr):  # text from input never crashes a write to a terminal
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    # Global options (--version, --color, --quiet) may sit anywhere: set aside, they do
    # not hide the command (`specdiff --quiet OLD NEW`); the app takes them from the front.
    found, args = split_global_options(args)
    if args and args[0] not in SUBCOMMANDS and args[0] not in ("--help", "-h", "--install-completion", "--show-completion"):
        args.insert(0, "compare")
    before = os.environ.get(DEBUG_ENV)
    if debug:
        os.environ[DEBUG_ENV] = "1"  # read where the error is reported, also in the app's own tests
    try:
        app(args=found + args, prog_name="specdiff")
    except SystemExit:
        raise
    except BaseException as error:  # outside any command: parsing the arguments, or exiting
        if isinstance(error, KeyboardInterrupt):
            sys.exit(130)
        report_internal(error)
        sys.exit(EXIT_INTERNAL)
    finally:
        if debug and before is None:
            os.environ.pop(DEBUG_ENV, None)
