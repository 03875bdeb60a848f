"""The command line: a thin layer over the library; the only place errors become exit codes."""

from __future__ import annotations

import sys

from specdiff.cli import compare, pages, rules, stubs, watch  # noqa: F401  (each registers its commands)
from specdiff.cli.app import app, split_global_options

__all__ = ["app", "main"]

SUBCOMMANDS = {"parse", "compare", "snapshot", "stubs", "patch", "watch", "init-ci", "rules"}


def main(argv: list[str] | None = None) -> None:
    """Entry point: ``specdiff OLD NEW`` is short for ``specdiff compare OLD NEW``."""
    # Global options (--version, --color, --quiet) may sit anywhere: set aside, they do
    # not hide the command (`specdiff --quiet OLD NEW`); the app takes them from the front.
    found, args = split_global_options(list(sys.argv[1:] if argv is None else argv))
    if args and args[0] not in SUBCOMMANDS and args[0] not in ("--help", "-h", "--install-completion", "--show-completion"):
        args.insert(0, "compare")
    app(args=found + args, prog_name="specdiff")
