"""Where a finding sits in the repository: the input file (and line) a CI annotation points at."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePosixPath

from specdiff.compare.changes import Comparison, InputInfo
from specdiff.render.findings import OPERATION_RULES, Finding

__all__ = ["Location", "Locator", "repository_root"]

# One JSON key at the start of a line, as pretty-printed models hold them: `  "Name": {`
# (its indentation, its name). No part of it crosses a line break.
# Linear: a quoted run of non-quote, non-backslash characters or escapes, then a colon.
_KEY = r'"((?:[^"\\\n]|\\.)*)"[ \t]*:'
_KEY_LINE = re.compile(r"^([ \t]*)" + _KEY, re.MULTILINE)
_GZIP = b"\x1f\x8b"


@cache
def _key_line_within(indent: int) -> re.Pattern[str]:
    """:data:`_KEY_LINE`, for keys indented ``indent`` characters at most."""
    return re.compile(rf"^([ \t]{{0,{indent}}})" + _KEY, re.MULTILINE)


@dataclass(frozen=True)
class Location:
    """A file relative to the repository root (``/`` separated), and a line in it when known."""

    file: str
    line: int | None = None


def repository_root() -> Path:
    """The checkout CI runs in: ``$GITHUB_WORKSPACE`` on GitHub Actions, else the current folder."""
    return Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())


class Locator:
    """Finds, for each finding, the file of the repository it is about.

    A side that is a model file in the repository gives its path and the line where the
    finding's shape (or operation) is defined, when the file is plain pretty-printed JSON
    (a gzipped file gets no line: its lines are not the ones a reviewer sees). A data
    folder gives the service's model file in it. ``anchors`` fix the file and line of
    inputs that are not files themselves, by source (a release pinned in a requirements
    file: the pin's line). The new side is preferred; a finding the new side no longer has (a removal)
    falls back to the old one. Inputs outside the repository give no location at all.
    """

    def __init__(
        self,
        comparison: Comparison,
        *,
        root: Path | None = None,
        anchors: Mapping[str, tuple[Path, int | None]] | None = None,
    ) -> None:
        self._root = (root or repository_root()).resolve()
        self._sides: Sequence[InputInfo] = (comparison.new, comparison.old)
        self._anchors = dict(anchors or {})
        self._lines: dict[Path, dict[tuple[str, str], int] | None] = {}
        # a data folder is listed, and a path resolved, once per service, not once per finding
        self._models: dict[tuple[str, str], Path | None] = {}
        self._relatives: dict[Path, str | None] = {}

    def __call__(self, finding: Finding) -> Location | None:
        fallback: Location | None = None
        for side in self._sides:
            if side.source in self._anchors:
                file, line = self._anchors[side.source]
                anchored = self._relative(file)
                if anchored is not None:
                    return Location(anchored, line)
                continue
            path = self._model_file(side, finding.service)
            if path is None:
                continue
            relative = self._relative(path)
            if relative is None:
                continue
            line = self._line(path, finding)
            if line is not None:
                return Location(relative, line)
            fallback = fallback or Location(relative)
        return fallback

    @cached_property
    def _existing(self) -> dict[str, Path]:
        return {side.source: Path(side.source) for side in self._sides if side.source and Path(side.source).exists()}

    def _model_file(self, side: InputInfo, service: str) -> Path | None:
        key = (side.source, service)
        if key not in self._models:
            self._models[key] = self._find_model_file(side, service)
        return self._models[key]

    def _find_model_file(self, side: InputInfo, service: str) -> Path | None:
        path = self._existing.get(side.source)
        if path is None or self._relative(path) is None:  # outside the repository: no location
            return None
        if path.is_file():
            return path if service in side.services else None
        # A data folder: <service>/<api-version>/service-2.json[.gz], the newest API version.
        safe = PurePosixPath(service).name
        if safe != service or service.startswith("."):
            return None
        models = sorted((path / service).glob("*/service-2.json*"))
        return models[-1] if models else None

    def _relative(self, path: Path) -> str | None:
        if path not in self._relatives:
            try:
                self._relatives[path] = path.resolve().relative_to(self._root).as_posix()
            except ValueError:
                self._relatives[path] = None
        return self._relatives[path]

    def _line(self, path: Path, finding: Finding) -> int | None:
        if path not in self._lines:
            self._lines[path] = _definition_lines(path)
        lines = self._lines[path]
        if not lines:
            return None
        if finding.rule in OPERATION_RULES:
            names = [("operations", op) for op in finding.operations]
        elif finding.subject_kind == "shape":
            names = [("shapes", finding.subject.split(".", 1)[0])]
        else:
            names = [("operations", op) for op in finding.operations]
        for name in names:
            if name in lines:
                return lines[name]
        return None


def _definition_lines(path: Path) -> dict[tuple[str, str], int] | None:
    """The line of each operation and shape definition in a pretty-printed model file.

    Definitions are the keys one level inside the model's own ``"operations"`` and
    ``"shapes"`` (a key indented no deeper than any before it, not one nested in the
    metadata): the first key met after a section opens sets the indentation of its
    definitions.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(2)
            if head == _GZIP:  # told by its first bytes, not read whole
                return None
            data = head + handle.read()
    except OSError:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    found: dict[tuple[str, str], int] = {}
    section: str | None = None
    section_indent = -1
    member_indent: int | None = None
    shallowest = len(text)  # no key of the model itself is indented deeper than a key before it
    number, counted, position = 1, 0, 0  # the line number of the text up to ``counted``
    while True:
        # Inside a section whose definitions' indentation is known, the keys nested deeper
        # say nothing: the next line that matters is indented no deeper than a definition.
        known = section is not None and member_indent is not None
        match = (_key_line_within(member_indent) if known else _KEY_LINE).search(text, position)  # type: ignore[arg-type]
        if match is None:
            break
        number += text.count("\n", counted, match.start())
        counted, position = match.start(), match.end()
        indent, key = len(match.group(1)), match.group(2)
        shallowest = min(shallowest, indent)
        if section is not None and indent <= section_indent:
            section = None
        if section is None:
            if key in ("operations", "shapes") and indent == shallowest:  # the model's own key, not a nested one
                section, section_indent, member_indent = key, indent, None
            continue
        if member_indent is None and indent > section_indent:
            member_indent = indent
        if indent == member_indent:
            found.setdefault((section, key), number)
    return found if len(text.split("\n", 2)) > 2 else None
