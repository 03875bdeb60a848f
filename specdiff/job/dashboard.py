"""What a watch run shows a person: a progress bar while it runs, a table per service at the end."""

from __future__ import annotations

import io
import shutil
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from specdiff.compare.verdict import severity_counts
from specdiff.job.watch import RunReport, ServiceTally, Step, StepResult, tally

_COLUMNS = ("service", "steps", "unchanged", "breaking", "warning", "info")


class ProgressBar:
    """A rich progress bar over the services of each step, on a terminal's standard error."""

    def __init__(self, stream: TextIO) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[service]}"),
            console=Console(file=stream),
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start_step(self, step: Step, tasks: int) -> None:
        self._task = self._progress.add_task(str(step.folder), total=max(tasks, 1), service="")

    def advance(self, service: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=1, service=service)

    def end_step(self, result: StepResult) -> None:
        if self._task is not None:
            self._progress.remove_task(self._task)
            self._task = None
        self._progress.console.print(step_line(result), highlight=False)


class StepLines:
    """Progress for a log: one line per step, written as soon as the step is done."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def start_step(self, step: Step, tasks: int) -> None:
        pass

    def advance(self, service: str) -> None:
        pass

    def end_step(self, result: StepResult) -> None:
        self._stream.write(step_line(result) + "\n")
        self._stream.flush()


def step_line(result: StepResult) -> str:
    """One line per step: where its outputs went and what it found."""
    changes = result.comparison.changes
    counts = ", ".join(f"{count} {severity}" for severity, count in severity_counts(changes).items())
    return f"{result.step.folder}: {len(changes)} changes ({counts})"


def run_summary(report: RunReport) -> str:
    """The closing sentence of a run: what it did, or that there was nothing new."""
    lines = [f"{report.source}: baseline {v.track} {v.label} recorded" for v in report.baselines]
    if report.nothing_new:
        lines.append(f"{report.source}: nothing new since the last run")
    else:
        lines.append(f"{report.source}: {len(report.steps)} step(s) compared")
    return "\n".join(lines) + "\n"


def summary_table(report: RunReport, *, terminal: bool, width: int | None = None) -> str:
    """The per-service table: a rich table for a terminal, plain aligned text otherwise."""
    tallies = tally(report)
    rows = [row for row in tallies if row.breaking or row.warning or row.info]
    quiet = len(tallies) - len(rows)
    if not rows and not quiet:
        return ""
    footer = f"{quiet} service(s) without changes\n" if quiet else ""
    if not rows:
        return footer
    if terminal:
        table = Table(*_COLUMNS, title="changes per service")
        for row in rows:
            table.add_row(*_cells(row))
        buffer = io.StringIO()
        columns = width or shutil.get_terminal_size((100, 24)).columns
        Console(file=buffer, width=columns, force_terminal=True).print(table)
        return buffer.getvalue() + footer
    cells = [_COLUMNS, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(_COLUMNS))]
    text = "".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths))).rstrip() + "\n"
        for line in cells
    )
    return text + footer


def _cells(row: ServiceTally) -> tuple[str, ...]:
    return (row.service, str(row.steps), str(row.unchanged), str(row.breaking), str(row.warning), str(row.info))
