"""Rendering stub distributions from the templates under templates/stubs/, and black where needed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

import jinja2

from specdiff.packagedata import template_environment
from specdiff.stubs.distribution import Boto3Model, Distribution, toml_str
from specdiff.stubs.naming import py_str
from specdiff.stubs.typedefs import StubModel
from specdiff.workers import worker_context

if TYPE_CHECKING:
    from black.mode import Mode

#: the files of a package, each from its template (py.typed is empty and needs none)
MODULES = ("__init__.pyi", "client.pyi", "exceptions.pyi", "literals.pyi", "paginator.pyi", "type_defs.pyi", "waiter.pyi")

# Unless a pool saves black this much text's worth of time, starting worker processes
# (and copying the text to them) costs more than it gains.
_PARALLEL_MIN_SAVING = 200_000


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
        if len(line) > 88 and not line.lstrip().startswith('"""'):
            return True
    return False


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


def format_where_needed(text: str) -> str:
    """A module with black run on the statements that need it (``needs_black``), alone.

    Black lays out a top-level statement the same on its own as in its module; the
    blank lines between statements are the templates' own, kept as written.
    """
    if not any(needs_black(block) for block in top_level_blocks(text)):
        return text
    import black

    out = []
    for block in top_level_blocks(text):
        if needs_black(block):
            body = block.rstrip("\n")
            trailing = block[len(body):]
            block = black.format_str(body + "\n", mode=black_mode()).rstrip("\n") + trailing
        out.append(block)
    return "".join(out)


def format_files(files: Mapping[str, str], *, jobs: int | None = None, everything: bool = False) -> dict[str, str]:
    """The ``.pyi`` files through black: where needed (``format_where_needed``), or with
    ``everything`` each file whole, to confirm that black would change nothing else;
    in parallel processes when there is much text to format."""
    formatter = format_file if everything else format_where_needed
    result = dict(files)
    pending = {path: text for path, text in files.items() if path.endswith(".pyi")}
    if not everything:
        # finding what needs black is cheap; only those files are worth a process
        pending = {path: text for path, text in pending.items() if any(map(needs_black, top_level_blocks(text)))}
    paths = sorted(pending)
    texts = [pending[path] for path in paths]
    workers = min(len(paths), jobs or os.cpu_count() or 1)
    total = sum(map(len, texts))
    # a pool takes at least as long as its biggest file: one giant file gains nothing
    saving = total - max(max(map(len, texts), default=0), total / max(workers, 1))
    if workers > 1 and saving >= _PARALLEL_MIN_SAVING:
        # the biggest files first, so the pool is never left waiting on one late giant
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(["black", "specdiff.stubs.render"])) as pool:
            formatted = dict(zip(order, pool.map(formatter, [texts[i] for i in order])))
        result.update({path: formatted[i] for i, path in enumerate(paths)})
    else:
        result.update({path: formatter(text) for path, text in zip(paths, texts)})
    return result
