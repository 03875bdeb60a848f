"""The command line: a thin layer over the library; the only place errors become exit codes."""

from __future__ import annotations

import sys

from specdiff.cli import compare, pages, rules, stubs, watch  # noqa: F401  (each registers its commands)
from specdiff.cli.app import app

__all__ = ["app", "main"]

SUBCOMMANDS = {"parse", "compare", "snapshot", "stubs", "patch", "watch", "init-ci", "rules"}


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
