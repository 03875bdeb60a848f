"""What a watch run's ``--service`` and ``--operation`` globs reach, checked by name before any step.

A glob that matches nothing is a typo, and a typo must not pass as "no changes". Over a
run of many steps the rule is: a ``--service`` glob must match a service, and an
``--operation`` glob an operation of a selected service, in something the run reads (the
first step's old side, or any step's new side); one that matches only in a later release
is no error. The check runs before the run writes anything (state or step), and is
cheap: names only, read from the raw model JSON (the ``operations`` keys), a catalog's
service read again only where its files changed since the side before, and the sides
read only until every glob has matched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from fnmatch import fnmatchcase
from functools import partial
from pathlib import Path
from specdiff.compare.selection import check_services
from specdiff.errors import UsageError
from specdiff.inputfiles import decode_text, parse_json, read_input_bytes
from specdiff.job.sources import Source, Version, input_path
from specdiff.loaders.catalog import ServiceFiles, find_services, same_files
from specdiff.loaders.wheels import Runner, run_pip

__all__ = ["check_reach"]

#: a step's two sides (no old side: a page says its own changes)
Sides = tuple[Version | None, Version]
#: a service's operation names that the globs given may match (all of them, or fewer)
Names = Callable[[Sequence[str]], tuple[str, ...]]


def check_reach(
    source: Source,
    steps: Sequence[Sides],
    *,
    services: Sequence[str],
    operations: Sequence[str],
    selects: Callable[[str], bool],
    runner: Runner = run_pip,
) -> None:
    """Refuse a ``--service``/``--operation`` glob that matches nothing the run's steps read
    (``selects``: whether ``--service``/``--exclude-service`` keep a service)."""
    services, operations = list(services), list(operations)
    if not steps or not (services or operations):
        return  # a run with nothing to compare reads nothing to check against
    seen: set[str] = set()
    last: dict[str, ServiceFiles] = {}  # a catalog's services, as last read
    for version in _sides(steps):
        for name, names_of in _services(input_path(source, version, runner=runner), last):
            seen.add(name)
            services = [pattern for pattern in services if not fnmatchcase(name, pattern)]
            if operations and selects(name):
                ops = names_of(operations)
                operations = [pattern for pattern in operations if not any(fnmatchcase(op, pattern) for op in ops)]
        if not services and not operations:
            return
    check_services(sorted(seen), services)
    raise UsageError(f"--operation {operations[0]!r} matches no operation of the services compared")


def _sides(steps: Sequence[Sides]) -> Iterator[Version]:
    """Each version the steps read, once, in the order the run reads them."""
    done: set[tuple[str, str]] = set()
    for step in steps:
        for version in step:
            if version is not None and (version.track, version.label) not in done:
                done.add((version.track, version.label))
                yield version


def _services(path: Path, last: dict[str, ServiceFiles]) -> Iterator[tuple[str, Names]]:
    """The services of one side, each with how to get its operation names (``last``: a
    catalog's services as the side before held them, updated)."""
    if path.is_dir():  # a catalog: each model read raw, and only where it changed
        for name, files in find_services(path).items():
            yield name, partial(_changed_names, last.get(name), files)
            last[name] = files
        return
    from specdiff.loaders import load  # a model, snapshot or page: what the step reads anyway

    for name, service in load(path).services.items():
        yield name, partial(_names, tuple(service.operations))


def _names(names: tuple[str, ...], patterns: Sequence[str]) -> tuple[str, ...]:
    return names


def _changed_names(before: ServiceFiles | None, files: ServiceFiles, patterns: Sequence[str]) -> tuple[str, ...]:
    """The operation names of a catalog's service that ``patterns`` may match; none where
    they were read before (the same files as the side before)."""
    if before is not None and same_files(before, files):
        return ()
    source = str(files.model)
    data = read_input_bytes(files.model)
    if not any(_may_hold(data, pattern) for pattern in patterns):
        return ()  # no operation name here can match: not worth parsing
    document = parse_json(decode_text(data, source), source)
    operations = document.get("operations") if isinstance(document, dict) else None
    # a model without operations, or a damaged one, names none: its step says what is wrong
    return tuple(operations) if isinstance(operations, dict) else ()


def _may_hold(data: bytes, pattern: str) -> bool:
    """False only when no JSON key in ``data`` can match ``pattern``: a name that matches
    holds the pattern's longest run without wildcards, and a key is written as it is
    unless an escape spells it (then, or with a character set, it may match)."""
    if "[" in pattern or b"\\u" in data:
        return True
    longest = max(pattern.replace("?", "*").split("*"), key=len)
    if not longest.isprintable() or any(c in longest for c in '"\\/'):
        return True  # characters JSON may write escaped, even without \u
    return longest.encode("utf-8") in data
