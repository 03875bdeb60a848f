"""Scheduled runs of the watch: a GitHub Actions workflow and a crontab, from templates."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from functools import cache
from typing import Literal

import jinja2

from specdiff.errors import UsageError
from specdiff.packagedata import template_environment

StateStore = Literal["cache", "commit"]

_CRON_FIELD = re.compile(r"[0-9*/,\-]+")
_PACKAGE = re.compile(r"[A-Za-z0-9_.\-\[\]=<>!~,+:/@]+")


@dataclass(frozen=True)
class CiSettings:
    """What a scheduled watch runs, and how it keeps its state between runs."""

    source: str = "botocore:all"
    state_dir: str = ".specdiff/state"
    out_dir: str = "specdiff-out"
    cache_dir: str = ".specdiff/wheels"
    formats: tuple[str, ...] = ("markdown",)
    fail_on: str = "breaking"
    jobs: int = 2  # hosted runners have two cores
    #: the first run records the newest release as its baseline instead of all history
    since: str = "latest"
    schedule: str = "17 6 * * *"
    python: str = "3.12"
    package: str = "specdiff"
    state_store: StateStore = "cache"
    workdir: str = "/srv/specdiff"  # crontab: the folder the command runs in


def command_args(settings: CiSettings) -> list[str]:
    """The ``specdiff watch`` command a scheduled run executes, as arguments."""
    args = ["specdiff", "watch", settings.source, "--state", settings.state_dir, "--out", settings.out_dir]
    for fmt in settings.formats:
        args += ["--format", fmt]
    args += ["--fail-on", settings.fail_on, "--jobs", str(settings.jobs), "--since", settings.since]
    if settings.source.startswith("botocore"):
        args += ["--cache", settings.cache_dir]
    return args


def command_line(settings: CiSettings) -> str:
    """The same command as one shell line, every argument quoted where it needs to be."""
    return shlex.join(command_args(settings))


def render_workflow(settings: CiSettings) -> str:
    """A GitHub Actions workflow that runs the watch on a schedule and keeps its state."""
    _check(settings)
    return _environment().get_template("ci/github-workflow.yml.j2").render(
        settings=settings, command=command_line(settings)
    )


def render_crontab(settings: CiSettings) -> str:
    """A crontab entry running the same command as the workflow."""
    _check(settings)
    return _environment().get_template("ci/crontab.j2").render(settings=settings, command=command_line(settings))


def _check(settings: CiSettings) -> None:
    fields = settings.schedule.split()
    if len(fields) != 5 or not all(_CRON_FIELD.fullmatch(f) for f in fields):
        raise UsageError(f"not a cron schedule of five numeric fields: {settings.schedule!r}")
    if not _PACKAGE.fullmatch(settings.package):
        raise UsageError(f"not a pip requirement: {settings.package!r}")
    from specdiff.job.watch import check_formats

    check_formats(settings.formats)
    if settings.state_store not in ("cache", "commit"):
        raise UsageError(f"state is kept by 'cache' or 'commit', not {settings.state_store!r}")


@cache
def _environment() -> jinja2.Environment:
    # Workflows are full of GitHub's own ${{ ... }} expressions: the CI templates use
    # [[ ... ]] and [% ... %] so that both can be written as they are.
    env = template_environment(
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
    )
    env.filters["shell"] = shlex.quote
    env.filters["yaml"] = json.dumps  # a JSON string is a YAML string, quoted and escaped
    env.filters["cron"] = lambda text: text.replace("%", "\\%")  # cron reads % as a newline
    return env
