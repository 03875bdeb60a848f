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
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the distributions into (one folder each; pip install DIR/* installs them).")],
    no_black: Annotated[bool, typer.Option("--no-black", help="Skip black (the templates write black's layout; black only reformats statements with over-long lines).")] = False,
    label: Annotated[Optional[str], typer.Option("--label", help="The release INPUT is (e.g. 1.44.8): the distributions' version. Default: the input's own label, else 0.")] = None,
) -> None:
    """Write an installable stub distribution for each service of INPUT, and one typing boto3.client for them."""
    from dataclasses import replace

    from specdiff.loaders import load
    from specdiff.stubs import write_stubs

    try:
        spec = load(input)
        written = write_stubs(replace(spec, version=label) if label is not None else spec, output, format=not no_black)
    except SpecdiffError as error:
        raise fail(error) from None
    folders = sorted({path.relative_to(output).parts[0] for path in written})
    typer.echo(f"wrote {len(written)} files in {len(folders)} distributions under {output}; "
               f"install them with: pip install {output}/*", err=True)


@app.command()
def patch(
    old: Annotated[Path, typer.Argument(help="The old version: a model, data folder, page or snapshot.")],
    new: Annotated[Path, typer.Argument(help="The new version.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the patch here instead of standard output.")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-R", help="The patch from NEW's stubs back to OLD's.")] = False,
    old_label: Annotated[Optional[str], typer.Option("--old-label", help="OLD's release (its distributions' version), as for specdiff stubs --label.")] = None,
    new_label: Annotated[Optional[str], typer.Option("--new-label", help="NEW's release.")] = None,
) -> None:
    """Print a unified diff that turns the stubs of OLD into the stubs of NEW (git apply takes it)."""
    from dataclasses import replace

    from specdiff.loaders import load
    from specdiff.stubs.patch import stubs_patch

    try:
        before, after = load(old), load(new)
        before = replace(before, version=old_label) if old_label is not None else before
        after = replace(after, version=new_label) if new_label is not None else after
        text = stubs_patch(before, after, reverse=reverse)
    except SpecdiffError as error:
        raise fail(error) from None
    emit(text, output)
