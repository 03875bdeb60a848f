"""``specdiff parse``: a changelog page's AST or outline."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from specdiff.cli.app import app, emit, fail
from specdiff.errors import SpecdiffError


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
    from specdiff.pages.reader import page_to_json, page_to_outline, read_page_file

    try:
        ast = read_page_file(page)
    except SpecdiffError as error:
        raise fail(error) from None
    text = page_to_json(ast) if format is ParseFormat.json else page_to_outline(ast)
    emit(text, output)
