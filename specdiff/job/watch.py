"""The watch job: compare what is new in a source since last time, one step at a time, in order.

A run lists the source's versions, reads the state (the last version dealt with in each
track), and for each new version compares it with the one before it. Each step writes
its outputs into ``OUT/<source>/[<track>/]<from>..<to>/`` through temporary files renamed
into place, and only then moves the state forward. Outputs depend on nothing but the two
inputs, so a run killed halfway and run again rewrites the same bytes and carries on:
nothing is lost, nothing is reported twice.

Catalogs (botocore data folders) are compared service by service: services whose model
files are byte-identical on both sides are skipped, the others are tasks that run in
this process or in a pool of processes (``jobs``); results are merged in service order,
so the outputs do not depend on ``jobs``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from specdiff.compare.changes import Comparison, Severity
from specdiff.compare.verdict import exceeds
from specdiff.errors import SpecdiffError, UsageError
from specdiff.job.sources import (
    Source,
    Version,
    input_path,
    list_versions,
    natural_key,
    safe_label,
)
from specdiff.job.selection import check_reach
from specdiff.job.state import State, advance, locked, read_state, write_state
from specdiff.job.steps import StubChanges, Toolkit, default_toolkit, shared_stub_changes
from specdiff.job.tasks import Outcome, Task, TaskOptions, make_tasks, merge, run_task
from specdiff.loaders.wheels import Runner, release_date, run_pip
from specdiff.safewrite import check_output, ensure_folder, write_atomic
from specdiff.workers import worker_context, worker_death

if TYPE_CHECKING:
    from specdiff.compare.ignore import IgnoreEntry

FailOn = Literal["breaking", "warning", "info", "never"]

#: The file each notes format is written to, inside a step's folder.
NOTES_FILES = {
    "markdown": "notes.md",
    "html": "notes.html",
    "changelog": "changelog.rst",
    "changes-json": "changes-fragment.json",
}
CHANGES_FILE = "changes.json"
PATCH_FILE = "stubs.patch"
#: ``--format page``: one changelog page (FORMAT.md) per changed service, in this folder
PAGE_FORMAT = "page"
PAGES_FOLDER = "pages"
#: The file each CI report format is written to, inside a step's folder.
REPORT_FILES = {"github": "annotations.txt", "junit": "junit.xml", "sarif": "results.sarif"}


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The ``--format`` values, each once, or an error naming the first unknown one."""
    from specdiff.render.notes import FORMATS

    known = (*FORMATS, PAGE_FORMAT, *REPORT_FILES)
    for fmt in formats:
        if fmt not in known:
            raise UsageError(f"unknown --format {fmt!r} (expected: {', '.join(known)})")
    return tuple(dict.fromkeys(formats))

Writer = Callable[[Path, str], None]


@dataclass(frozen=True)
class WatchOptions:
    """How a watch run behaves (the ``specdiff watch`` options)."""

    formats: tuple[str, ...] = ("markdown",)
    fail_on: FailOn = "breaking"
    jobs: int = 1
    #: with no state yet: "oldest" compares from the oldest version the source lists,
    #: "latest" records the newest as the baseline and writes nothing, a version label
    #: takes the newest version at or before it as the baseline.
    since: str = "oldest"
    docs: bool = False
    #: skip services whose model files are byte-identical (they cannot differ)
    skip_identical: bool = True
    #: write the stub patch where both sides are models (typing stubs cost the most time)
    patch: bool = True
    #: where formatted stub files are kept between runs (None: nowhere)
    formatted_cache: Path | None = None
    #: accepted changes (an ignore file's entries), kept out of the notes and of --fail-on
    ignore: tuple[IgnoreEntry, ...] = ()
    #: the day ignore entries expire against (None: today)
    today: date | None = None
    #: per-rule severity overrides, (rule id, level) pairs, applied before ignores and fail-on
    severities: tuple[tuple[str, str], ...] = ()
    #: only these services (globs; empty: all), less the excluded ones, and only these operations
    services: tuple[str, ...] = ()
    exclude_services: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()

    def selects(self, service: str) -> bool:
        """Whether ``--service``/``--exclude-service`` keep a service."""
        from specdiff.compare.selection import name_matches

        if self.services and not name_matches(service, self.services):
            return False
        return not name_matches(service, self.exclude_services)


@dataclass(frozen=True)
class Step:
    """One comparison a run makes: a version against the one before it in its track."""

    source: str
    track: str
    old: Version | None  # None: the new version says its own changes (a changelog page)
    new: Version

    @property
    def folder(self) -> Path:
        """Where the step's outputs go, relative to the output folder (stable names)."""
        parts = [self.source] + ([self.track] if self.track != self.source else [])
        name = self.new.label if self.old is None else f"{self.old.label}..{self.new.label}"
        return Path(*parts, name)


@dataclass(frozen=True)
class ServiceTally:
    """What happened to one service over a run."""

    service: str
    steps: int = 0
    unchanged: int = 0
    breaking: int = 0
    warning: int = 0
    info: int = 0


@dataclass(frozen=True)
class StepResult:
    step: Step
    comparison: Comparison
    files: tuple[Path, ...]
    compared: tuple[str, ...]  # services compared
    identical: tuple[str, ...]  # services skipped as byte-identical


@dataclass(frozen=True)
class RunReport:
    """What a watch run did, for the command's messages and exit status."""

    source: str
    baselines: tuple[Version, ...] = ()
    steps: tuple[StepResult, ...] = ()
    fail_on: FailOn = "breaking"

    @property
    def nothing_new(self) -> bool:
        return not self.steps

    @property
    def failed(self) -> bool:
        """True when a step found a change at or above the ``--fail-on`` severity."""
        threshold = None if self.fail_on == "never" else Severity(self.fail_on)
        return any(exceeds(r.comparison, threshold) for r in self.steps)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


class Progress(Protocol):
    """What a run tells a progress display."""

    def start_step(self, step: Step, tasks: int) -> None: ...

    def advance(self, service: str) -> None: ...

    def end_step(self, result: StepResult) -> None: ...


class _Silent:
    def start_step(self, step: Step, tasks: int) -> None:
        pass

    def advance(self, service: str) -> None:
        pass

    def end_step(self, result: StepResult) -> None:
        pass


# ---------------------------------------------------------------------------- planning


def plan(source: Source, versions: Sequence[Version], state: State, since: str) -> tuple[list[Version], list[Step]]:
    """The baselines to record (tracks seen for the first time) and the steps to run, in order.

    A changelog page is a step on its own: its deltas are the changes of its release, so
    no page is a mere baseline, and no page is compared with the one before.
    """
    if source.kind == "pages":
        return _plan_pages(source, versions, state, since)
    baselines: list[Version] = []
    steps: list[Step] = []
    for track, listed in _by_track(versions):
        mark = state.tracks.get(track)
        if mark is not None:
            before = [v for v in listed if v.order <= mark.order]
            newer = [v for v in listed if v.order > mark.order]
            if not newer:
                continue
            if before:
                base = before[-1]
            else:  # every version up to the mark is gone from the source: start anew
                base, newer = newer[0], newer[1:]
                baselines.append(base)
        else:
            base = _baseline(listed, since)
            newer = [v for v in listed if v.order > base.order]
            baselines.append(base)
        for version in newer:
            steps.append(Step(source=source.name, track=track, old=base, new=version))
            base = version
    return baselines, steps


def _by_track(versions: Sequence[Version]) -> list[tuple[str, list[Version]]]:
    tracks: dict[str, list[Version]] = {}
    for version in versions:
        tracks.setdefault(version.track, []).append(version)
    return sorted(tracks.items())


def check_since(since: str) -> None:
    """``--since`` is a word the job knows or a version or date (it starts with a digit):
    a typo (``oldets``) would otherwise be taken for a version before or after them all."""
    if since not in ("oldest", "latest") and not since[:1].isdigit():
        raise UsageError(f"--since {since!r}: expected oldest, latest, or a version or date to start after")


def _baseline(listed: list[Version], since: str) -> Version:
    if since == "oldest":
        return listed[0]
    if since == "latest":
        return listed[-1]
    at_or_before = [v for v in listed if _at_or_before(v, since)]
    return at_or_before[-1] if at_or_before else listed[0]


def _at_or_before(version: Version, since: str) -> bool:
    # The first part of the sort text is the version (or a page's date): what --since names.
    return natural_key(version.sort[0]) <= natural_key(since)


def _plan_pages(source: Source, versions: Sequence[Version], state: State, since: str) -> tuple[list[Version], list[Step]]:
    baselines: list[Version] = []
    steps: list[Step] = []
    for track, listed in _by_track(versions):
        mark = state.tracks.get(track)
        if mark is not None:
            newer = [v for v in listed if v.order > mark.order]
        elif since == "oldest":
            newer = listed
        elif since == "latest":
            baselines.append(listed[-1])
            newer = []
        else:
            newer = [v for v in listed if not _at_or_before(v, since)]
        steps.extend(Step(source=source.name, track=track, old=None, new=v) for v in newer)
    return baselines, steps


# ----------------------------------------------------------------------------- running


def run_watch(
    source: Source,
    *,
    state_dir: Path,
    out_dir: Path,
    options: WatchOptions = WatchOptions(),
    toolkit: Toolkit | None = None,
    progress: Progress | None = None,
    writer: Writer = write_atomic,
    runner: Runner = run_pip,
) -> RunReport:
    """Run the watch once: every new step of every track, in order, moving the state per step.

    With ``options.jobs`` above 1, workers start from a fork server: a script that calls
    this must guard its own code with ``if __name__ == "__main__":``.
    """
    toolkit = toolkit or default_toolkit()
    if not options.patch:
        toolkit = replace(toolkit, stub_changes=None, render_patch=None)
    progress = progress or _Silent()
    check_since(options.since)
    with locked(state_dir, source.name):
        state = read_state(state_dir, source.name)
        versions = list_versions(source, runner=runner)
        baselines, steps = plan(source, versions, state, options.since)
        # a --service/--operation typo is an error before anything is written
        check_reach(
            source, [(step.old, step.new) for step in steps], services=options.services,
            operations=options.operations, selects=options.selects, runner=runner,
        )
        for base in baselines:
            state = advance(state, base)
        if baselines:
            write_state(state_dir, state)
        results: list[StepResult] = []
        with _pool(options.jobs) as pool:
            for step in steps:
                result = run_step(
                    source, step, out_dir, options=options, toolkit=toolkit, pool=pool, progress=progress,
                    writer=writer, runner=runner,
                )
                # The state moves only now that every output of the step is in place.
                state = advance(state, step.new)
                write_state(state_dir, state)
                results.append(result)
                progress.end_step(result)
    return RunReport(source=source.name, baselines=tuple(baselines), steps=tuple(results), fail_on=options.fail_on)


#: Less model data than this is compared in this process even with --jobs: starting the
#: workers (about a second) would cost more than they save.
POOL_MIN_BYTES = 16_000_000

#: what a worker imports, once in the fork server rather than in each worker (deepdiff,
#: jinja2 and black come with them)
_WORKER_MODULES = [
    "specdiff.job.tasks",
    "specdiff.compare.diff",
    "specdiff.render.notes",
    "specdiff.compare.pages",
    "specdiff.render.page",
    "specdiff.stubs",
    "specdiff.loaders.page",
]


@contextmanager
def _pool(jobs: int) -> Iterator[Executor | None]:
    if jobs <= 1:
        yield None
        return
    # A run on a terminal has the progress bar's thread going: see worker_context.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context(_WORKER_MODULES))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # a failed step: drop the tasks not started
        raise
    pool.shutdown(wait=True)


def run_step(
    source: Source,
    step: Step,
    out_dir: Path,
    *,
    options: WatchOptions,
    toolkit: Toolkit,
    pool: Executor | None = None,
    progress: Progress | None = None,
    writer: Writer = write_atomic,
    runner: Runner = run_pip,
) -> StepResult:
    """Compare one step and write all its outputs (the caller moves the state afterwards)."""
    progress = progress or _Silent()
    old_path = input_path(source, step.old, runner=runner) if step.old is not None else None
    new_path = input_path(source, step.new, runner=runner)
    before = (step.old, old_path) if step.old is not None and old_path is not None else None
    released = release_date(new_path) if source.kind == "botocore" else None
    tasks, identical, infos = make_tasks(
        before, (step.new, new_path), skip_identical=options.skip_identical, date=released
    )
    # Services left out are not even loaded: a team watching three services pays for three.
    tasks = [task for task in tasks if task.service is None or options.selects(task.service)]
    identical = tuple(service for service in identical if options.selects(service))
    progress.start_step(step, len(tasks))
    outcomes = _run_tasks(tasks, toolkit, options, pool, progress, doing=f"comparing {step.folder.as_posix()}")
    comparison = merge([o.comparison for o in outcomes], infos) if infos else outcomes[0].comparison
    patch = None
    if toolkit.render_patch is not None and all(o.stubs is not None for o in outcomes):
        # Formatted here, all services together: the biggest files of the step spread
        # over the processes, whichever service they belong to.
        changed: StubChanges = {}
        for outcome in outcomes:
            changed.update(outcome.stubs or {})
        changed.update(shared_stub_changes(comparison.old, comparison.new))
        patch = toolkit.render_patch(dict(sorted(changed.items())), options.jobs, options.formatted_cache)
    pages = tuple(page for outcome in outcomes for page in outcome.pages)
    files = write_step(
        out_dir / step.folder, comparison, patch, options.formats, toolkit, writer, pages=pages,
        fail_on=options.fail_on, root=out_dir,
    )
    if infos:
        compared = tuple(t.service for t in tasks if t.service)
    else:
        compared = tuple(sorted(set(comparison.old.services) | set(comparison.new.services)))
    return StepResult(step=step, comparison=comparison, files=files, compared=compared, identical=identical)


def write_step(
    folder: Path,
    comparison: Comparison,
    patch: str | None,
    formats: Sequence[str],
    toolkit: Toolkit,
    writer: Writer = write_atomic,
    *,
    pages: Sequence[tuple[str, str]] = (),
    fail_on: str = "breaking",
    root: Path | None = None,
) -> tuple[Path, ...]:
    """Write a step's outputs, each atomically; the same comparison always gives the same bytes.

    Nothing is written outside ``root`` (the output folder; default ``folder``): a link
    planted on the way out of it is an error, not a path to follow.
    """
    root = root or folder
    ensure_folder(folder, root=root)
    for parent, _, names in os.walk(folder):  # temporary files of a run killed mid-write
        for leftover in names:
            if leftover.startswith(".") and leftover.endswith(".tmp"):
                (Path(parent) / leftover).unlink(missing_ok=True)
    written: list[Path] = []
    outputs: list[tuple[str, Callable[[], str]]] = [(CHANGES_FILE, partial(toolkit.render_changes, comparison))]
    for fmt in formats:
        if fmt in REPORT_FILES:
            from specdiff.render import render_report
            from specdiff.render.locations import Locator

            # a step over files in the repository points its findings at them
            locate = Locator(comparison)
            outputs.append((REPORT_FILES[fmt], partial(render_report, comparison, fmt, fail_on=fail_on, locate=locate)))
        elif fmt != PAGE_FORMAT:
            outputs.append((NOTES_FILES.get(fmt, f"notes.{fmt}"), partial(toolkit.render_notes, comparison, fmt)))
    for service, page in sorted(pages):
        outputs.append((f"{PAGES_FOLDER}/{safe_label(service)}.txt", partial(str, page)))
    if patch is not None:
        outputs.append((PATCH_FILE, partial(str, patch)))
    for name, render in outputs:
        path = folder / name
        check_output(path, root=root)  # no FIFO, device or way out, whatever the writer
        writer(path, render())
        written.append(path)
    return tuple(written)


def _run_tasks(
    tasks: list[Task], toolkit: Toolkit, options: WatchOptions, pool: Executor | None, progress: Progress,
    *, doing: str,
) -> list[Outcome]:
    settings = TaskOptions(
        docs=options.docs, pages=PAGE_FORMAT in options.formats, ignore=options.ignore, today=options.today,
        severities=options.severities,
        services=options.services, exclude_services=options.exclude_services, operations=options.operations,
    )
    if pool is None or len(tasks) < 2 or sum(t.size for t in tasks) < POOL_MIN_BYTES:
        outcomes = []
        for task in tasks:
            outcomes.append(_checked(run_task(task, toolkit, settings)))
            progress.advance(task.service or "")
        return outcomes
    # The biggest services first, so that no worker is left with a giant at the end; the
    # results are taken in service order, whatever order they finish in.
    futures: dict[int, Future[Outcome]] = {
        index: pool.submit(run_task, tasks[index], toolkit, settings)
        for index in sorted(range(len(tasks)), key=lambda i: -tasks[i].size)
    }
    results = []
    for index, task in enumerate(tasks):
        try:
            outcome = futures[index].result()
        except BrokenProcessPool:
            # which task the dead worker held is unknown: the step is named, not a service
            raise worker_death(pool, doing) from None
        results.append(_checked(outcome))
        progress.advance(task.service or "")
    return results


def _checked(outcome: Outcome) -> Outcome:
    if outcome.error is not None:
        raise SpecdiffError(outcome.error)
    return outcome


# ----------------------------------------------------------------------------- summary


def tally(report: RunReport) -> list[ServiceTally]:
    """Per service, over every step of the run: steps compared, unchanged, changes by severity."""
    rows: dict[str, dict[str, int]] = {}

    def row(service: str) -> dict[str, int]:
        return rows.setdefault(service, {"steps": 0, "unchanged": 0, "breaking": 0, "warning": 0, "info": 0})

    for result in report.steps:
        services = result.compared
        for service in services:
            row(service)["steps"] += 1
        for service in result.identical:
            row(service)["steps"] += 1
            row(service)["unchanged"] += 1
        changed = {c.service for c in result.comparison.changes}
        for service in services:
            if service not in changed:
                row(service)["unchanged"] += 1
        for change in result.comparison.changes:
            row(change.service)[change.severity.value] += 1
    return [ServiceTally(service=name, **counts) for name, counts in sorted(rows.items())]


__all__ = [
    "CHANGES_FILE",
    "NOTES_FILES",
    "PATCH_FILE",
    "REPORT_FILES",
    "RunReport",
    "ServiceTally",
    "Step",
    "StepResult",
    "Toolkit",
    "WatchOptions",
    "default_toolkit",
    "plan",
    "run_step",
    "run_watch",
    "tally",
    "write_step",
]
