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

import filecmp
import json
from datetime import date
from functools import partial
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Optional, Protocol

from specdiff.changes import Change, Comparison, InputInfo, Severity
from specdiff.errors import SpecdiffError, UsageError
from specdiff.model import Service, Spec
from specdiff.output import write_atomic
from specdiff.sources import Source, Version, input_path, list_versions, natural_key
from specdiff.state import State, advance, read_state, write_state
from specdiff.wheels import Runner, run_pip

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

Writer = Callable[[Path, str], None]
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
    #: in as many processes as the int says
    render_patch: Callable[[StubChanges, int], str] | None = None
    #: what one changelog page says on its own (its deltas): a page source's steps
    page_changes: Callable[[Spec], Comparison] | None = None


def default_toolkit() -> Toolkit:
    """specdiff's own comparison, notes, change list and stub patch."""
    from specdiff.compare import compare
    from specdiff.notes import render_notes
    from specdiff.pagediff import changes_on_page

    return Toolkit(
        compare=compare,
        render_notes=render_notes,
        render_changes=changes_json,
        stub_changes=stub_changes,
        render_patch=stub_patch,
        page_changes=changes_on_page,
    )


def stub_changes(old: Spec, new: Spec) -> StubChanges:
    """The stub files that differ between two specs, as rendered before formatting.

    Formatting (black) is nearly all the cost of stubs, and a release changes few files.
    Black formats a file on its own, so a file equal before formatting is equal after:
    only the files that differ need formatting, and the patch is the one of the fully
    formatted trees (``specdiff patch``).
    """
    from specdiff.stubs import render_stubs

    before, after = render_stubs(old, format=False), render_stubs(new, format=False)
    return {
        path: (before.get(path), after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    }


def stub_patch(changes: StubChanges, jobs: int = 1) -> str:
    """The patch of changed stub files: each formatted (biggest first, ``jobs`` processes), then diffed."""
    from specdiff.patch import diff_files, render_patch
    from specdiff.stubs.render import format_files

    texts = {f"{side}/{path}": text for path, pair in changes.items() for side, text in zip("ab", pair) if text is not None}
    formatted = format_files(texts, jobs=jobs)
    before = {path: formatted[f"a/{path}"] for path, (text, _) in changes.items() if text is not None}
    after = {path: formatted[f"b/{path}"] for path, (_, text) in changes.items() if text is not None}
    return render_patch(diff_files(before, after))


def changes_json(comparison: Comparison) -> str:
    """The change list of CONTRACT.md (``specdiff OLD NEW --format json``)."""
    from specdiff.report import comparison_json

    return comparison_json(comparison)


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
    #: accepted changes (an ignore file's entries), kept out of the notes and of --fail-on
    ignore: tuple[Any, ...] = ()
    #: the day ignore entries expire against (a date; None: today)
    today: Any = None


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
        return any(failing(r.comparison.changes, self.fail_on) for r in self.steps)

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


def failing(changes: Sequence[Change], fail_on: FailOn) -> bool:
    """True when a change is at or above the ``--fail-on`` severity."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(c.severity.rank >= threshold for c in changes)


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
    tracks: dict[str, list[Version]] = {}
    for version in versions:
        tracks.setdefault(version.track, []).append(version)
    for track, listed in sorted(tracks.items()):
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
    tracks: dict[str, list[Version]] = {}
    for version in versions:
        tracks.setdefault(version.track, []).append(version)
    for track, listed in sorted(tracks.items()):
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
    """Run the watch once: every new step of every track, in order, moving the state per step."""
    toolkit = toolkit or default_toolkit()
    if not options.patch:
        toolkit = replace(toolkit, stub_changes=None, render_patch=None)
    progress = progress or _Silent()
    state = read_state(state_dir, source.name)
    versions = list_versions(source, runner=runner)
    if not versions:
        raise UsageError("the source holds no versions", source=source.text)
    baselines, steps = plan(source, versions, state, options.since)
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


@contextmanager
def _pool(jobs: int) -> Iterator[Executor | None]:
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


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
    tasks, identical, infos = _tasks(step, old_path, new_path, skip_identical=options.skip_identical)
    progress.start_step(step, len(tasks))
    outcomes = _run_tasks(tasks, toolkit, options, pool, progress)
    comparison = _merge([o.comparison for o in outcomes], infos) if infos else outcomes[0].comparison
    patch = None
    if toolkit.render_patch is not None and all(o.stubs is not None for o in outcomes):
        # Formatted here, all services together: the biggest files of the step spread
        # over the processes, whichever service they belong to.
        changed: StubChanges = {}
        for outcome in outcomes:
            changed.update(outcome.stubs or {})
        patch = toolkit.render_patch(dict(sorted(changed.items())), options.jobs)
    if options.ignore:
        from specdiff.ignore import apply_ignores

        comparison = apply_ignores(comparison, options.ignore, today=options.today or date.today())
    files = write_step(out_dir / step.folder, comparison, patch, options.formats, toolkit, writer)
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
) -> tuple[Path, ...]:
    """Write a step's outputs, each atomically; the same comparison always gives the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(".*.tmp"):  # temporary files of a run killed mid-write
        leftover.unlink(missing_ok=True)
    written: list[Path] = []
    outputs: list[tuple[str, Callable[[], str]]] = [(CHANGES_FILE, partial(toolkit.render_changes, comparison))]
    for fmt in formats:
        outputs.append((NOTES_FILES.get(fmt, f"notes.{fmt}"), partial(toolkit.render_notes, comparison, fmt)))
    if patch is not None:
        outputs.append((PATCH_FILE, partial(str, patch)))
    for name, render in outputs:
        path = folder / name
        writer(path, render())
        written.append(path)
    return tuple(written)


# ------------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Side:
    """One side of a task: a whole input, or one service's model inside a data folder."""

    path: Path | None  # None: the service is not on this side
    display: str
    version: str
    service: str | None = None  # set: a service of a catalog


@dataclass(frozen=True)
class Task:
    service: str | None
    old: Side | None  # None: the new side says its own changes (a page)
    new: Side


@dataclass(frozen=True)
class Outcome:
    service: str | None
    comparison: Comparison
    stubs: StubChanges | None  # None: no patch (a side is not a model)
    error: str | None = None


def _tasks(
    step: Step, old_path: Path | None, new_path: Path, *, skip_identical: bool
) -> tuple[list[Task], tuple[str, ...], tuple[InputInfo, InputInfo] | None]:
    """The tasks of a step; for two catalogs, also the services skipped and both sides' info."""
    if step.old is None or old_path is None:
        return [Task(None, None, Side(new_path, step.new.display, step.new.label))], (), None
    if not (old_path.is_dir() and new_path.is_dir()):
        old = Side(old_path, step.old.display, step.old.label)
        new = Side(new_path, step.new.display, step.new.label)
        return [Task(None, old, new)], (), None
    from specdiff.loaders.botocore import find_models

    old_models, new_models = dict(find_models(old_path)), dict(find_models(new_path))
    tasks: list[Task] = []
    identical: list[str] = []
    for service in sorted(set(old_models) | set(new_models)):
        before, after = old_models.get(service), new_models.get(service)
        if skip_identical and before and after and filecmp.cmp(before, after, shallow=False):
            identical.append(service)
            continue
        tasks.append(
            Task(
                service,
                Side(before, step.old.display, step.old.label, service),
                Side(after, step.new.display, step.new.label, service),
            )
        )
    infos = (_catalog_info(step.old, old_models), _catalog_info(step.new, new_models))
    return tasks, tuple(identical), infos


def _catalog_info(version: Version, models: dict[str, Path]) -> InputInfo:
    return InputInfo(kind="catalog", source=version.display, services=tuple(sorted(models)), version=version.label)


def _run_tasks(
    tasks: list[Task], toolkit: Toolkit, options: WatchOptions, pool: Executor | None, progress: Progress
) -> list[Outcome]:
    docs = options.docs
    if pool is None or len(tasks) < 2:
        outcomes = []
        for task in tasks:
            outcomes.append(_checked(run_task(task, toolkit, docs)))
            progress.advance(task.service or "")
        return outcomes
    futures: list[Future[Outcome]] = [pool.submit(run_task, task, toolkit, docs) for task in tasks]
    results = []
    # Collected in submission order (service order), whatever order they finish in.
    for task, future in zip(tasks, futures):
        results.append(_checked(future.result()))
        progress.advance(task.service or "")
    return results


def _checked(outcome: Outcome) -> Outcome:
    if outcome.error is not None:
        raise SpecdiffError(outcome.error)
    return outcome


def run_task(task: Task, toolkit: Toolkit, docs: bool) -> Outcome:
    """Load both sides, compare them and render their stubs: what a worker process does."""
    try:
        new = load_side(task.new)
        if task.old is None:
            if toolkit.page_changes is None:
                raise UsageError("this toolkit cannot read a page's own changes")
            return Outcome(task.service, toolkit.page_changes(new), None)
        old = load_side(task.old)
        comparison = toolkit.compare(old, new, docs=docs)
        stubs = None
        if toolkit.stub_changes is not None and _modelled(old) and _modelled(new):
            stubs = toolkit.stub_changes(old, new)
    except SpecdiffError as error:
        # Errors travel back as text: a pickled exception would lose its source and line.
        return Outcome(task.service, Comparison(old=_no_info(), new=_no_info(), changes=()), None, str(error))
    return Outcome(task.service, comparison, stubs)


def load_side(side: Side) -> Spec:
    """The spec of one side of a task."""
    from specdiff.loaders import load

    if side.service is None:
        assert side.path is not None
        return replace(load(side.path), source=side.display, version=side.version)
    services = {}
    if side.path is not None:
        services[side.service] = _service_model(side.path, side.service)
    return Spec(kind="catalog", source=side.display, services=services, version=side.version)


def _service_model(path: Path, name: str) -> Service:
    from specdiff.errors import InputError
    from specdiff.loaders import decode_text, read_input_bytes
    from specdiff.loaders.botocore import looks_like_model, service_from_model

    text = decode_text(read_input_bytes(path), str(path))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", source=str(path), line=exc.lineno, column=exc.colno) from None
    if not looks_like_model(document):
        raise InputError("not a botocore service model", source=str(path))
    return service_from_model(document, source=str(path), name=name)


def _modelled(spec: Spec) -> bool:
    kind = spec.origin_kind if spec.kind == "snapshot" and spec.origin_kind else spec.kind
    return kind in ("model", "catalog")


def _no_info() -> InputInfo:
    return InputInfo(kind="catalog", source="", services=())


def _merge(comparisons: Sequence[Comparison], infos: tuple[InputInfo, InputInfo]) -> Comparison:
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
    "RunReport",
    "ServiceTally",
    "Step",
    "StepResult",
    "Toolkit",
    "WatchOptions",
    "default_toolkit",
    "failing",
    "plan",
    "run_step",
    "run_watch",
    "tally",
    "write_step",
]
