"""``specdiff compare`` (the main job, ``specdiff OLD NEW``) and ``specdiff snapshot``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from specdiff.cli.app import SEVERITY_HELP, FailOn, app, command_settings, emit, fail, use_colour
from specdiff.compare.changes import Comparison, Severity
from specdiff.errors import SpecdiffError, UsageError
from specdiff.model import Spec
from specdiff.safewrite import write_atomic


class CompareFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    changelog = "changelog"
    changes_json = "changes-json"
    page = "page"
    github = "github"
    junit = "junit"
    sarif = "sarif"


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="The old version: a botocore model, data folder, changelog page or snapshot.")],
    new: Annotated[Optional[Path], typer.Argument(help="The new version, of the same kinds. Left out when OLD is one changelog page: its own deltas are the changes.")] = None,
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="text (a summary), json (the change list), markdown, html, changelog, changes-json (release notes), page (a changelog page), or for CI: github (workflow-command annotations), junit, sarif.")] = CompareFormat.text,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 when a change of this severity or worse is found (never: always 0). Default: the settings file's fail-on, else breaking.")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", help=SEVERITY_HELP)] = None,
    service: Annotated[Optional[list[str]], typer.Option("--service", "-s", help="Only this service (repeatable; * and ? match).")] = None,
    operation: Annotated[Optional[list[str]], typer.Option("--operation", help="Only this operation (repeatable; * and ? match).")] = None,
    ignore: Annotated[Optional[Path], typer.Option("--ignore", help="YAML or TOML file of accepted changes, each with a reason.")] = None,
    docs: Annotated[bool, typer.Option("--docs", help="Report documentation changes too (hidden by default).")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of standard output.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="--format page: the title's date (YYYY/MM/DD); default: the new side's, when known.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Processes comparing two catalogs (default: the CPUs available, up to 4; 1: this process alone). The output is the same for any.")] = None,
) -> None:
    """Compare two versions of an API and report every change that matters to a client."""
    import datetime
    import gc

    from specdiff.compare.diff import compare as compare_specs
    from specdiff.compare.ignore import apply_ignores, load_ignore_file
    from specdiff.compare.selection import check_selection
    from specdiff.compare.settings import override_severities
    from specdiff.compare.verdict import exceeds
    from specdiff.loaders import load
    from specdiff.workers import usable_cpus

    try:
        settings = command_settings(fail_on, ignore, severity)
        threshold_name = settings.fail_on or "breaking"
        entries = load_ignore_file(settings.ignore) if settings.ignore is not None else ()
        if new is None:  # one page on its own: what its deltas say changed
            from specdiff.compare.pages import changes_on_page
            from specdiff.compare.selection import is_page_spec

            new_spec = old_spec = load(old)
            if not is_page_spec(new_spec):
                raise UsageError(f"{old}: give two versions to compare (one input alone must be a changelog page)")
            comparison = changes_on_page(new_spec)
        else:
            # The specs, the services a catalog builds as it is compared and the changes
            # live to the end, and hold next to no cycles: the collector would only rescan
            # them (once paused, the first collection after would scan them all: 1 s of
            # two far-apart catalogs). Frozen, later collections pass them by.
            gc.disable()
            try:
                old_spec, new_spec = load(old), load(new)
                check_selection((old_spec, new_spec), service, operation)  # a typo is an error, not "no changes"
                comparison = compare_specs(old_spec, new_spec, docs=docs, services=service, operations=operation, jobs=jobs or usable_cpus())
            finally:
                gc.freeze()
                gc.enable()
        # severities first: an ignore file and --fail-on see the severities a project chose
        comparison = override_severities(comparison, settings.severities)
        comparison = apply_ignores(comparison, entries, today=datetime.date.today())
        day = date or (_new_side_date(new) if format is CompareFormat.page else None)
        # What the renderers build (findings, view models) lives until the text is written:
        # collections would only rescan it (a tenth to a quarter of a renderer's time).
        gc.disable()
        try:
            text = _render_comparison(comparison, format, old_spec, new_spec, docs=docs, colour=output is None and use_colour(sys.stdout), fail_on=threshold_name, date=day)
        finally:
            gc.enable()
    except SpecdiffError as error:
        raise fail(error) from None
    emit(text, output)
    threshold = None if threshold_name == "never" else Severity(threshold_name)
    raise typer.Exit(1 if exceeds(comparison, threshold) else 0)


def _new_side_date(new: Optional[Path]) -> Optional[str]:
    """The day the new side was released, where it says: an unpacked botocore data folder
    keeps its wheel's build day (a page's own date is its spec's version already)."""
    if new is not None and new.is_dir():
        from specdiff.loaders.wheels import release_date

        return release_date(new)
    return None


def _render_comparison(comparison: Comparison, format: CompareFormat, old: Spec, new: Spec, *, docs: bool, colour: bool, fail_on: str = "breaking", date: Optional[str] = None) -> str:
    from specdiff.render.report import REPORT_FORMATS

    if format.value in REPORT_FORMATS:
        from specdiff.loaders.release import pin_of
        from specdiff.render import render_report
        from specdiff.render.locations import Locator

        pins = {spec.source: pin for spec in (old, new) if (pin := pin_of(spec.source)) is not None}
        anchors = {source: (pin.file, pin.line) for source, pin in pins.items()}
        return render_report(comparison, format.value, fail_on=fail_on, locate=Locator(comparison, anchors=anchors))
    if format is CompareFormat.text:
        from specdiff.render.summary import render_summary

        return render_summary(comparison, docs=docs, colour=colour)
    if format is CompareFormat.json:
        from specdiff.render.changelist import comparison_json

        return comparison_json(comparison)
    if format is CompareFormat.page:
        from specdiff.render.page import render_page

        return render_page(comparison, old, new, date=date)
    from specdiff.render.notes import render_notes

    return render_notes(comparison, format.value)





@app.command()
def snapshot(
    input: Annotated[Path, typer.Argument(help="A botocore model, data folder, changelog page or snapshot.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The snapshot file; gzipped when its name ends in .gz.")],
) -> None:
    """Save what INPUT holds as a snapshot that specdiff reloads fast."""
    from specdiff.loaders import load
    from specdiff.loaders.snapshot import snapshot_bytes

    try:
        spec = load(input)
    except SpecdiffError as error:
        raise fail(error) from None
    write_atomic(output, snapshot_bytes(spec, compress=output.name.endswith(".gz")))
