"""``specdiff stubs`` and ``specdiff patch``: typed stubs of a spec, and the diff between two specs' stubs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from specdiff.cli.app import app, emit, fail
from specdiff.errors import SpecdiffError


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





@app.command()
def patch(
    old: Annotated[Path, typer.Argument(help="The old version: a model, data folder, page or snapshot.")],
    new: Annotated[Path, typer.Argument(help="The new version.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the patch here instead of standard output.")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-R", help="The patch from NEW's stubs back to OLD's.")] = False,
) -> None:
    """Print a unified diff that turns the stubs of OLD into the stubs of NEW (git apply takes it)."""
    from specdiff.loaders import load
    from specdiff.stubs.patch import stubs_patch

    try:
        text = stubs_patch(load(old), load(new), reverse=reverse)
    except SpecdiffError as error:
        raise fail(error) from None
    emit(text, output)
