"""The functions a watch step is made of: comparison, notes, change list, stub patch, page changes.

They come as one injected :class:`Toolkit` so that the job machinery can be tested with
tiny fake steps; :func:`default_toolkit` gives specdiff's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from specdiff.compare.changes import Comparison, InputInfo
from specdiff.model import Spec

StubChanges = dict[str, tuple[Optional[str], Optional[str]]]


@dataclass(frozen=True)
class Toolkit:
    """The functions a step is made of; injected so that the job machinery can be tested alone.

    They must be module-level functions (a process pool sends them to its workers by name).
    """

    compare: Callable[..., Comparison]
    render_notes: Callable[[Comparison, str], str]
    render_changes: Callable[[Comparison], str]
    #: the stub files that differ between two specs, unformatted: path -> (before, after),
    #: None where a side has no such file (run per service, in the workers) ...
    stub_changes: Callable[[Spec, Spec], StubChanges] | None = None
    #: ... and the patch of those files once formatted, all services together, formatting
    #: in as many processes as the int says, keeping formatted files in the folder given
    render_patch: Callable[[StubChanges, int, Optional[Path]], str] | None = None
    #: what one changelog page says on its own (its deltas): a page source's steps
    page_changes: Callable[[Spec], Comparison] | None = None
    #: a changelog page (FORMAT.md) of one service's changes, for ``--format page``:
    #: called with the comparison, both specs and ``date=`` the release day or None
    render_page: Callable[..., str] | None = None


def default_toolkit() -> Toolkit:
    """specdiff's own comparison, notes, change list and stub patch."""
    from specdiff.compare.diff import compare
    from specdiff.compare.pages import changes_on_page
    from specdiff.render.changelist import comparison_json
    from specdiff.render.notes import render_notes
    from specdiff.render.page import render_page

    return Toolkit(
        compare=compare,
        render_notes=render_notes,
        render_changes=comparison_json,
        stub_changes=stub_changes,
        render_patch=stub_patch,
        page_changes=changes_on_page,
        render_page=render_page,
    )


def stub_changes(old: Spec, new: Spec) -> StubChanges:
    """The stub files that differ between two specs, as rendered before formatting.

    Formatting (black) is nearly all the cost of stubs, and a release changes few files.
    Black formats a file on its own, so a file equal before formatting is equal after:
    only the files that differ need formatting, and the patch is the one of the fully
    formatted trees (``specdiff patch``). Only services whose model differs are rendered
    at all, as ``specdiff patch`` does: two whole catalogs cost their changed services.
    """
    from specdiff.stubs import render_stubs
    from specdiff.stubs.patch import changed_services

    changed = changed_services(old, new)
    # a task's specs may be one service of a catalog: the files shared by the whole set
    # of distributions come from shared_stub_changes, over the whole step
    before = render_stubs(old, format=False, services=changed, shared=False)
    after = render_stubs(new, format=False, services=changed, shared=False)
    return {
        path: (before.get(path), after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    }


def shared_stub_changes(old: InputInfo, new: InputInfo) -> StubChanges:
    """The distribution files that depend only on each side's services and version (every
    ``pyproject.toml``, the boto3 stubs): what :func:`stub_changes` leaves out."""
    from specdiff.stubs import shared_files
    from specdiff.stubs.distribution import version_of

    before, after = shared_files(old.services, version_of(old.version)), shared_files(new.services, version_of(new.version))
    return {
        path: (before.get(path), after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    }


def stub_patch(changes: StubChanges, jobs: int = 1, formatted_cache: Path | None = None) -> str:
    """The patch of changed stub files: each formatted (biggest first, ``jobs`` processes), then diffed.

    ``formatted_cache`` keeps formatted files between runs (see :mod:`specdiff.stubs.formatcache`).
    """
    from specdiff.stubs.formatcache import format_cached
    from specdiff.stubs.patch import diff_files, render_patch

    texts = {f"{side}/{path}": text for path, pair in changes.items() for side, text in zip("ab", pair) if text is not None}
    formatted = format_cached(texts, jobs=jobs, folder=formatted_cache)
    before = {path: formatted[f"a/{path}"] for path, (text, _) in changes.items() if text is not None}
    after = {path: formatted[f"b/{path}"] for path, (_, text) in changes.items() if text is not None}
    return render_patch(diff_files(before, after))
