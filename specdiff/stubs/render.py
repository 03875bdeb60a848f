"""Rendering a stub package's files from the templates under templates/stubs/, then black."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

import jinja2

from specdiff.packagedata import template_environment
from specdiff.stubs.naming import py_str
from specdiff.stubs.typedefs import StubModel
from specdiff.workers import worker_context

if TYPE_CHECKING:
    from black.mode import Mode

#: the files of a package, each from its template (py.typed is empty and needs none)
MODULES = ("__init__.pyi", "client.pyi", "literals.pyi", "type_defs.pyi")

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
    return env


def render_package(model: StubModel) -> dict[str, str]:
    """The unformatted files of one package, by path relative to the output folder."""
    env = environment()
    files = {f"{model.package}/{module}": env.get_template(f"stubs/{module}.j2").render(model=model) for module in MODULES}
    files[f"{model.package}/py.typed"] = ""
    return files


def format_file(text: str) -> str:
    """One file through black (the fixed mode)."""
    import black

    return black.format_str(text, mode=black_mode()) if text else text


def format_files(files: Mapping[str, str], *, jobs: int | None = None) -> dict[str, str]:
    """Every file through black, once each, in parallel processes when there is much text."""
    paths = sorted(files)
    texts = [files[path] for path in paths]
    workers = min(len(paths), jobs or os.cpu_count() or 1)
    total = sum(map(len, texts))
    # a pool takes at least as long as its biggest file: one giant file gains nothing
    saving = total - max(max(map(len, texts), default=0), total / max(workers, 1))
    if workers > 1 and saving >= _PARALLEL_MIN_SAVING:
        # the biggest files first, so the pool is never left waiting on one late giant
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(["black", "specdiff.stubs.render"])) as pool:
            formatted = dict(zip(order, pool.map(format_file, [texts[i] for i in order])))
        return {path: formatted[i] for i, path in enumerate(paths)}
    return {path: format_file(text) for path, text in zip(paths, texts)}
