"""Renderers: a comparison written out as a summary, notes, a change list, a page or a CI report."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from specdiff.compare.changes import Comparison
    from specdiff.render.report import Locate

__all__ = ["render_report"]


def render_report(comparison: Comparison, fmt: str, *, fail_on: str = "breaking", locate: Locate | None = None) -> str:
    """A CI report by its format name: ``github`` (annotations), ``junit`` or ``sarif``."""
    if fmt == "github":
        from specdiff.render.github import render_github as render
    elif fmt == "junit":
        from specdiff.render.junit import render_junit as render
    elif fmt == "sarif":
        from specdiff.render.sarif import render_sarif as render
    else:
        raise ValueError(f"not a CI report format: {fmt!r}")
    return render(comparison, fail_on=fail_on, locate=locate)
