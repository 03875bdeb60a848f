"""SDK patches: a git-style unified diff that turns the stubs of one spec into another's."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from specdiff.model import Spec

__all__ = ["FileDiff", "changed_services", "diff_files", "render_patch", "stub_diffs", "stubs_patch"]

_NO_NEWLINE = "\\ No newline at end of file"


@dataclass(frozen=True)
class FileDiff:
    """One file's part of a patch: its path (relative, no prefix), status and hunk lines."""

    path: str
    status: Literal["added", "removed", "modified"]
    hunks: tuple[str, ...]  # "@@ ... @@", " ", "-", "+" and "\\ No newline" lines, no line ends


def diff_files(old: Mapping[str, str], new: Mapping[str, str], *, context: int = 3) -> list[FileDiff]:
    """The files that differ between two file maps (path -> text), in path order."""
    diffs = []
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        status: Literal["added", "removed", "modified"] = (
            "added" if before is None else "removed" if after is None else "modified"
        )
        hunks = _hunks(before or "", after or "", context)
        diffs.append(FileDiff(path=path, status=status, hunks=tuple(hunks)))
    return diffs


def _hunks(before: str, after: str, context: int) -> list[str]:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = []
    # the file headers come from the template; difflib's own "---"/"+++" are skipped
    for line in list(difflib.unified_diff(a, b, n=context, lineterm=""))[2:]:
        if line.startswith("@@"):
            lines.append(line)
        elif line.endswith("\n"):
            lines.append(line[:-1])
        else:  # the file's last line has no line end: git marks it so
            lines.extend((line, _NO_NEWLINE))
    return lines


def render_patch(diffs: list[FileDiff]) -> str:
    """The patch text (``a/``/``b/`` prefixes, /dev/null for added and removed files)."""
    from specdiff.stubs.render import environment

    return environment().get_template("stubs/patch.diff.j2").render(files=diffs)


def changed_services(old: Spec, new: Spec) -> set[str]:
    """The services whose stubs can differ: those whose model or package name differs.

    An equal service has equal stubs, so rendering only these makes a catalog with a few
    changed services cost a few services, not the catalog.
    """
    from specdiff.loaders.catalog import unchanged
    from specdiff.stubs import package_names

    old_packages, new_packages = package_names(old), package_names(new)
    return {
        name
        for name in old.services.keys() | new.services.keys()
        if old_packages.get(name) != new_packages.get(name)
        # two catalogs' services of the same files are equal: not even read
        or (not unchanged(old.services, new.services, name) and old.services.get(name) != new.services.get(name))
    }


def stub_diffs(old: Spec, new: Spec, *, format: bool = True) -> list[FileDiff]:
    """The stub files that differ between two specs (only changed services are rendered)."""
    from specdiff.stubs import render_stubs

    changed = changed_services(old, new)
    before = render_stubs(old, format=format, services=changed)
    after = render_stubs(new, format=format, services=changed)
    return diff_files(before, after)


def stubs_patch(old: Spec, new: Spec, *, reverse: bool = False, format: bool = True) -> str:
    """A patch that ``git apply`` takes to turn stubs(old) into stubs(new) (or back)."""
    diffs = stub_diffs(new, old, format=format) if reverse else stub_diffs(old, new, format=format)
    return render_patch(diffs)
