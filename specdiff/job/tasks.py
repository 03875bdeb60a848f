"""The work of one step, in tasks: two whole inputs, or one service of two catalogs.

A task is what a worker process gets: it loads both sides itself (nothing large crosses
between processes), compares them and renders their stubs. Errors travel back as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from specdiff.compare.changes import Comparison, InputInfo
from specdiff.errors import SpecdiffError, UsageError
from specdiff.job.sources import Version
from specdiff.job.steps import StubChanges, Toolkit
from specdiff.model import Spec

if TYPE_CHECKING:
    from specdiff.compare.ignore import IgnoreEntry


@dataclass(frozen=True)
class Side:
    """One side of a task: a whole input, or one service's model inside a data folder."""

    path: Path | None  # None: the service is not on this side
    display: str
    version: str
    service: str | None = None  # set: a service of a catalog
    date: str | None = None  # the release day (YYYY/MM/DD), where known: for pages


@dataclass(frozen=True)
class Task:
    service: str | None
    old: Side | None  # None: the new side says its own changes (a page)
    new: Side

    @property
    def size(self) -> int:
        """Bytes to read: how long the task will take, roughly."""
        sides = (self.old, self.new)
        return sum(s.path.stat().st_size for s in sides if s is not None and s.path is not None and s.path.is_file())


@dataclass(frozen=True)
class TaskOptions:
    """What every task of a run does besides comparing."""

    docs: bool = False
    pages: bool = False  # write a changelog page per changed service
    ignore: tuple[IgnoreEntry, ...] = ()
    today: date | None = None
    #: per-rule severity overrides, (rule id, level) pairs (plain data: tasks go to workers)
    severities: tuple[tuple[str, str], ...] = ()
    #: --service/--exclude-service/--operation globs (a catalog's tasks are chosen before)
    services: tuple[str, ...] = ()
    exclude_services: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    service: str | None
    comparison: Comparison
    stubs: StubChanges | None = None  # None: no patch (a side is not a model)
    pages: tuple[tuple[str, str], ...] = ()  # (service, changelog page)
    error: str | None = None


def make_tasks(
    old: tuple[Version, Path] | None,
    new: tuple[Version, Path],
    *,
    skip_identical: bool,
    date: str | None = None,
) -> tuple[list[Task], tuple[str, ...], tuple[InputInfo, InputInfo] | None]:
    """The tasks of a step (each side a version and its path; no old side for a page).

    ``date`` is the new version's release day, where known. For two catalogs, also the
    services skipped as identical (the same files: :func:`specdiff.loaders.catalog.same_files`)
    and both sides' info.
    """
    new_version, new_path = new
    if old is None:
        return [Task(None, None, Side(new_path, new_version.display, new_version.label, date=date))], (), None
    old_version, old_path = old
    if not (old_path.is_dir() and new_path.is_dir()):
        whole = Task(
            None,
            Side(old_path, old_version.display, old_version.label),
            Side(new_path, new_version.display, new_version.label, date=date),
        )
        return [whole], (), None
    from specdiff.loaders.catalog import find_services, same_files

    # The same files, by the same test, as a comparison of two catalogs passes by.
    old_files, new_files = find_services(old_path), find_services(new_path)
    tasks: list[Task] = []
    identical: list[str] = []
    for service in sorted(old_files.keys() | new_files.keys()):
        before, after = old_files.get(service), new_files.get(service)
        if skip_identical and before and after and same_files(before, after):
            identical.append(service)
            continue
        tasks.append(
            Task(
                service,
                Side(before.model if before else None, old_version.display, old_version.label, service),
                Side(after.model if after else None, new_version.display, new_version.label, service, date=date),
            )
        )
    infos = (_catalog_info(old_version, old_files), _catalog_info(new_version, new_files))
    return tasks, tuple(identical), infos


def _catalog_info(version: Version, models: Mapping[str, object]) -> InputInfo:
    # What compare() would say of the whole catalog, built without loading it.
    return InputInfo(kind="catalog", source=version.display, services=tuple(sorted(models)), version=version.label)


def run_task(task: Task, toolkit: Toolkit, options: TaskOptions) -> Outcome:
    """Load both sides, compare them, render their stubs and pages: what a worker process does."""
    try:
        new = _selected(load_side(task.new), options)
        if task.old is None:
            if toolkit.page_changes is None:
                raise UsageError("this toolkit cannot read a page's own changes")
            return Outcome(task.service, _accepted(_only_operations(toolkit.page_changes(new), options), options))
        old = _selected(load_side(task.old), options)
        # Ignores apply here, before the pages, which show only what is not accepted.
        only = {"operations": options.operations} if options.operations else {}
        comparison = _accepted(toolkit.compare(old, new, docs=options.docs, **only), options)
        stubs: StubChanges | None = None
        pages: tuple[tuple[str, str], ...] = ()
        if _modelled(old) and _modelled(new):
            if toolkit.stub_changes is not None:
                stubs = toolkit.stub_changes(old, new)
            if options.pages and toolkit.render_page is not None:
                pages = tuple(_pages(comparison, old, new, toolkit.render_page, task.new.date))
    except SpecdiffError as error:
        # Errors travel back as text: a pickled exception would lose its source and line.
        return Outcome(task.service, Comparison(old=_no_info(), new=_no_info(), changes=()), error=str(error))
    return Outcome(task.service, comparison, stubs, pages)


def _selected(spec: Spec, options: TaskOptions) -> Spec:
    """The spec without the services --service/--exclude-service leave out."""
    if not (options.services or options.exclude_services):
        return spec
    from specdiff.compare.selection import name_matches

    kept = {  # by name first: a catalog builds only the services asked for
        name: spec.services[name]
        for name in spec.services
        if (not options.services or name_matches(name, options.services))
        and not name_matches(name, options.exclude_services)
    }
    return replace(spec, services=kept)


def _only_operations(comparison: Comparison, options: TaskOptions) -> Comparison:
    """A page's own changes kept to the --operation globs, by the rule a comparison keeps them."""
    if not options.operations:
        return comparison
    from specdiff.compare.selection import operation_kept

    kept = tuple(c for c in comparison.changes if operation_kept(c, options.operations))
    return replace(comparison, changes=kept)


def _accepted(comparison: Comparison, options: TaskOptions) -> Comparison:
    if options.severities:  # before the ignores, as specdiff compare does
        from specdiff.compare.changes import Rule, Severity
        from specdiff.compare.settings import override_severities

        overrides = {Rule(rule): Severity(level) for rule, level in options.severities}
        comparison = override_severities(comparison, overrides)
    if not options.ignore:
        return comparison
    from specdiff.compare.ignore import apply_ignores

    return apply_ignores(comparison, options.ignore, today=options.today or date.today())


def _pages(
    comparison: Comparison, old: Spec, new: Spec, render: Callable[..., str], date: str | None
) -> Iterator[tuple[str, str]]:
    """One changelog page per service with changes (a page is about one service)."""
    for service in sorted({c.service for c in comparison.changes}):
        own = replace(comparison, changes=tuple(c for c in comparison.changes if c.service == service))
        yield service, render(own, old, new, date=date)


def load_side(side: Side) -> Spec:
    """The spec of one side of a task."""
    from specdiff.loaders import load, load_folder_model

    if side.service is None:
        assert side.path is not None
        return replace(load(side.path), source=side.display, version=side.version)
    services = {}
    if side.path is not None:
        services[side.service] = load_folder_model(side.path, side.service)
    return Spec(kind="catalog", source=side.display, services=services, version=side.version)


def _modelled(spec: Spec) -> bool:
    return spec.content_kind in ("model", "catalog")


def _no_info() -> InputInfo:
    return InputInfo(kind="catalog", source="", services=())


def merge(comparisons: Sequence[Comparison], infos: tuple[InputInfo, InputInfo]) -> Comparison:
    """One comparison of two catalogs from its per-service parts, as ``compare`` would give it."""

    def gather(attr: str) -> tuple[str, ...]:
        return tuple(sorted({item for c in comparisons for item in getattr(c, attr)}))

    return Comparison(
        old=infos[0],
        new=infos[1],
        changes=tuple(c for part in comparisons for c in part.changes),
        ignored=tuple(i for part in comparisons for i in part.ignored),
        expired=gather("expired"),
        unobservable=gather("unobservable"),
        only_old=gather("only_old"),
        only_new=gather("only_new"),
        incomplete=tuple(i for part in comparisons for i in part.incomplete),
    )
