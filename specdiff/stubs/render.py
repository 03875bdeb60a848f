"""Rendering stub distributions from the templates under templates/stubs/, and black where needed."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import TYPE_CHECKING

import jinja2

from specdiff.packagedata import template_environment
from specdiff.stubs.distribution import Boto3Model, Distribution, toml_str
from specdiff.stubs.naming import py_str
from specdiff.stubs.typedefs import StubModel
from specdiff.workers import worker_context, worker_death

if TYPE_CHECKING:
    from black.mode import Mode

#: the files of a package, each from its template (py.typed is empty and needs none)
MODULES = ("__init__.pyi", "client.pyi", "exceptions.pyi", "literals.pyi", "paginator.pyi", "type_defs.pyi", "waiter.pyi")

# Unless a pool saves black this much text's worth of time, starting worker processes
# (and copying the text to them) costs more than it gains.
_PARALLEL_MIN_SAVING = 200_000


# A line that is one name (an imported name, a subscript's lone argument), already inside
# brackets: black has nowhere left to split it, and leaves it long.
_UNSPLITTABLE = re.compile(r" +[A-Za-z_][A-Za-z0-9_.]*( as [A-Za-z_][A-Za-z0-9_]*)?,?")


@cache
def black_mode() -> Mode:
    """One fixed black mode, so the output never depends on a user's black configuration."""
    from black.mode import (  # on first use: --no-black skips black's import
        Mode,
        TargetVersion,
    )

    return Mode(target_versions={TargetVersion.PY310}, line_length=88, is_pyi=True)


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment for stub templates (``stubs/...``): Python, not HTML, so no
    autoescape; every value arrives quoted by py_str or docstring."""
    env = template_environment()
    env.filters["py_str"] = py_str
    env.filters["toml_str"] = toml_str
    return env


def render_package(model: StubModel, folder: str) -> dict[str, str]:
    """The unformatted modules of one service's package, by path relative to the output folder."""
    env = environment()
    root = f"{folder}/{model.package}"
    files = {f"{root}/{module}": env.get_template(f"stubs/{module}.j2").render(model=model) for module in MODULES}
    files[f"{root}/py.typed"] = ""
    return files


def render_pyproject(dist: Distribution) -> str:
    """A distribution's ``pyproject.toml``: hatchling builds it, so ``pip install FOLDER`` works."""
    return environment().get_template("stubs/pyproject.toml.j2").render(dist=dist)


def render_boto3(dist: Distribution, model: Boto3Model) -> dict[str, str]:
    """The distribution typing ``boto3``: a partial stub-only package (PEP 561), so the
    modules it does not hold (``boto3.s3.transfer``...) still come from boto3 itself."""
    env = environment()
    root = f"{dist.folder}/{dist.package}"
    return {
        f"{dist.folder}/pyproject.toml": render_pyproject(dist),
        f"{root}/__init__.pyi": env.get_template("stubs/boto3/__init__.pyi.j2").render(model=model),
        f"{root}/session.pyi": env.get_template("stubs/boto3/session.pyi.j2").render(model=model),
        f"{root}/py.typed": "partial\n",
    }


def format_file(text: str) -> str:
    """One file through black (the fixed mode), whole."""
    import black

    return black.format_str(text, mode=black_mode()) if text else text


def needs_black(block: str) -> bool:
    """Whether black could change a top-level statement the templates wrote.

    The templates write black's layout (exploded brackets with trailing commas, black's
    splits of long signatures and keys), which holds while every line fits in 88
    columns. A longer line (a long name or literal from the model) is where black would
    split differently, so such a statement goes through black. Docstring lines are never
    split by black and do not count.
    """
    for line in block.split("\n"):
        if _columns_at_most(line) > 88 and not line.lstrip().startswith('"""') and not _UNSPLITTABLE.fullmatch(line):
            return True
    return False


def _columns_at_most(line: str) -> int:
    """An upper bound of the columns black measures a line at.

    Black counts a wide (East Asian) character as two columns, so a line short in
    characters can still be too wide for it. An ASCII line is exactly its length; any
    other line is taken at two columns a character, which sends the rare non-ASCII
    statement to black rather than guessing black's width table.
    """
    return len(line) if line.isascii() else 2 * len(line)


def top_level_blocks(text: str) -> list[str]:
    """A module's text cut before each top-level statement (decorators stay with what they
    decorate; closing brackets at column 0 belong to the statement they close)."""
    starts = [0]
    offset = 0
    previous = ""
    for line in text.splitlines(keepends=True):
        if offset and line[:1] not in ("", " ", "\n", ")", "]", "}", "#") and not previous.startswith("@"):
            starts.append(offset)
        if line.strip():
            previous = line
        offset += len(line)
    starts.append(len(text))
    return [text[a:b] for a, b in zip(starts, starts[1:]) if b > a]


def format_block(block: str) -> str:
    """One top-level statement through black, its trailing blank lines kept as written."""
    import black

    body = block.rstrip("\n")
    return black.format_str(body + "\n", mode=black_mode()).rstrip("\n") + block[len(body):]


def format_where_needed(text: str) -> str:
    """A module with black run on the statements that need it (``needs_black``), alone.

    Black lays out a top-level statement the same on its own as in its module; the
    blank lines between statements are the templates' own, kept as written.
    """
    return "".join(format_block(b) if needs_black(b) else b for b in top_level_blocks(text))


def format_files(files: Mapping[str, str], *, jobs: int | None = None, everything: bool = False) -> dict[str, str]:
    """The ``.pyi`` files through black: only the statements that need it
    (``format_where_needed``), or with ``everything`` each file whole, to confirm that
    black would change nothing else; in parallel processes when there is much to format."""
    result = dict(files)
    modules = sorted(path for path in files if path.endswith(".pyi"))
    if everything:
        texts = [files[path] for path in modules]
        result.update(zip(modules, _map(format_file, texts, jobs)))
        return result
    # only the statements that need black travel (to a pool, where they are many)
    blocks = {path: top_level_blocks(files[path]) for path in modules}
    places = [(path, i) for path in modules for i, block in enumerate(blocks[path]) if needs_black(block)]
    for (path, i), text in zip(places, _map(format_block, [blocks[path][i] for path, i in places], jobs)):
        blocks[path][i] = text
    result.update({path: "".join(blocks[path]) for path in {path for path, _ in places}})
    return result


def _map(function: Callable[[str], str], texts: list[str], jobs: int | None) -> list[str]:
    """``function`` over texts, in worker processes when that saves time."""
    workers = min(len(texts), jobs or os.cpu_count() or 1)
    total = sum(map(len, texts))
    # a pool takes at least as long as its biggest text: one giant text gains nothing
    saving = total - max(max(map(len, texts), default=0), total / max(workers, 1))
    if workers <= 1 or saving < _PARALLEL_MIN_SAVING:
        return [function(text) for text in texts]
    # the biggest texts first, so the pool is never left waiting on one late giant
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    with ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(["black", "specdiff.stubs.render"])) as pool:
        try:
            formatted = dict(zip(order, pool.map(function, [texts[i] for i in order])))
        except BrokenProcessPool:
            raise worker_death(pool, "formatting stubs") from None
    return [formatted[i] for i in range(len(texts))]
