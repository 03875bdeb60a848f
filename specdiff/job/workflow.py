"""Scheduled and pull-request runs: GitHub Actions workflows and a crontab, from templates."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import jinja2

from specdiff.errors import UsageError
from specdiff.packagedata import template_environment

StateStore = Literal["cache", "commit"]
Trigger = Literal["schedule", "pull-request"]

_CRON_FIELD = re.compile(r"[0-9*/,\-]+")
# What pip is given to install specdiff: a requirement, a git URL, a path. One shell word
# (quoted anyway), never an option of pip's own.
_INSTALL = re.compile(r"[A-Za-z0-9_.\[\]=<>!~,+:/@#%\-]+")
# A repository file a workflow names in a hashFiles() expression and in `paths:`.
_REPO_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*")
# The package index has no specdiff: a workflow installing it by name fails on its first run.
_UNPUBLISHED = re.compile(r"specdiff(?:\[[^\]]*\])?(?:[=<>!~].*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Action:
    """An action a workflow uses, pinned to the commit of a release (the tag only says which)."""

    name: str
    commit: str
    version: str

    @property
    def uses(self) -> str:
        return f"{self.name}@{self.commit}"


# The current majors (all on the node24 runtime), each pinned to its release's commit:
# a tag can be moved, a commit cannot. Taken from the actions' own repositories (the
# commit each release tag points at); update them together, with the version beside.
CHECKOUT = Action("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1")
SETUP_PYTHON = Action("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")
CACHE = Action("actions/cache", "27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5")
CACHE_RESTORE = Action("actions/cache/restore", CACHE.commit, CACHE.version)
CACHE_SAVE = Action("actions/cache/save", CACHE.commit, CACHE.version)
UPLOAD_ARTIFACT = Action("actions/upload-artifact", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0")
UPLOAD_SARIF = Action("github/codeql-action/upload-sarif", "8aad20d150bbac5944a9f9d289da16a4b0d87c1e", "v4.36.2")
ACTIONS = {a.name: a for a in (CHECKOUT, SETUP_PYTHON, CACHE, CACHE_RESTORE, CACHE_SAVE, UPLOAD_ARTIFACT, UPLOAD_SARIF)}


@dataclass(frozen=True)
class CiSettings:
    """What a scheduled watch (or a pull-request check) runs, and how it keeps its state."""

    source: str = "botocore:all"
    state_dir: str = ".specdiff/state"
    out_dir: str = "specdiff-out"
    #: botocore wheels, and (in formatted-stubs/) stub files once formatted
    cache_dir: str = ".specdiff/wheels"
    formats: tuple[str, ...] = ("markdown",)
    fail_on: str = "breaking"
    jobs: int = 2  # hosted runners have two cores
    #: the first run records the newest release as its baseline instead of all history
    since: str = "latest"
    schedule: str = "17 6 * * *"
    python: str = "3.12"
    #: what pip installs to get specdiff: a git URL pinned to a commit, or a path
    install: str = "."
    state_store: StateStore = "cache"
    workdir: str = "/srv/specdiff"  # crontab: the folder the command runs in
    trigger: Trigger = "schedule"
    #: pull-request mode: the requirements or lock file that pins botocore
    pin_file: str = "requirements.txt"
    services: tuple[str, ...] = ()
    exclude_services: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    #: pull-request mode: upload the SARIF to code scanning (needs security-events: write)
    code_scanning: bool = False

    @property
    def watch_formats(self) -> tuple[str, ...]:
        """The formats the watch writes: those asked for, and the notes and annotations the workflow shows."""
        return tuple(dict.fromkeys((*self.formats, "markdown", "github")))


def _filters(settings: CiSettings) -> list[str]:
    args: list[str] = []
    for pattern in settings.services:
        args += ["--service", pattern]
    for pattern in settings.exclude_services:
        args += ["--exclude-service", pattern]
    for pattern in settings.operations:
        args += ["--operation", pattern]
    return args


def command_args(settings: CiSettings) -> list[str]:
    """The ``specdiff watch`` command a scheduled run executes, as arguments."""
    args = ["specdiff", "watch", settings.source, "--state", settings.state_dir, "--out", settings.out_dir]
    for fmt in settings.watch_formats:
        args += ["--format", fmt]
    args += ["--fail-on", settings.fail_on, "--jobs", str(settings.jobs), "--since", settings.since]
    if settings.source.startswith("botocore"):
        args += ["--cache", settings.cache_dir]
    return args + _filters(settings)


def command_line(settings: CiSettings) -> str:
    """The same command as one shell line, every argument quoted where it needs to be."""
    return shlex.join(command_args(settings))


def pull_request_args(settings: CiSettings, base: str, head: str, fmt: str, fail_on: str) -> list[str]:
    """The comparison a pull-request run makes: the botocore ``base`` pins against the one ``head`` pins."""
    return ["specdiff", f"botocore@{base}", f"botocore@{head}", "--format", fmt, "--fail-on", fail_on, *_filters(settings)]


def render_workflow(settings: CiSettings) -> str:
    """A GitHub Actions workflow: the watch on a schedule, or the check of a pull request's botocore."""
    _check(settings)
    if settings.trigger == "pull-request":
        return _environment().get_template("ci/github-pull-request.yml.j2").render(
            settings=settings,
            actions=ACTIONS,
            notes=_shell_words(pull_request_args(settings, "$base", "$head", "markdown", "never")),
            annotations=_shell_words(pull_request_args(settings, "$base", "$head", "github", settings.fail_on)),
            sarif=_shell_words(pull_request_args(settings, "$base", "$head", "sarif", "never")),
        )
    return _environment().get_template("ci/github-workflow.yml.j2").render(
        settings=settings, actions=ACTIONS, command=command_line(settings), botocore=settings.source.startswith("botocore")
    )


def render_crontab(settings: CiSettings) -> str:
    """A crontab entry running the same command as the workflow."""
    _check(settings)
    if settings.trigger != "schedule":
        raise UsageError("a crontab runs on a schedule: --cron takes no --on pull-request")
    return _environment().get_template("ci/crontab.j2").render(settings=settings, command=command_line(settings))


def _shell_words(args: list[str]) -> str:
    """Arguments as a shell line, where ``$base``/``$head`` stay variables (double-quoted)."""
    words = []
    for arg in args:
        if "$base" in arg or "$head" in arg:
            words.append('"' + arg.replace("$base", "${base}").replace("$head", "${head}") + '"')
        else:
            words.append(shlex.quote(arg))
    return " ".join(words)


# The option each setting comes from, for errors.
_OPTIONS = {
    "source": "--source", "state_dir": "--state", "out_dir": "--out", "cache_dir": "--cache", "formats": "--format",
    "fail_on": "--fail-on", "since": "--since", "schedule": "--schedule", "python": "--python", "install": "--install",
    "state_store": "--keep-state", "workdir": "--workdir", "trigger": "--on", "pin_file": "--pin-file",
    "services": "--service", "exclude_services": "--exclude-service", "operations": "--operation",
}
# What would end a value's line: a YAML line (a `run: |` script's end, then any YAML at
# all), a crontab entry, a shell command. Quoting keeps none of them on the line.
_LINE_BREAKER = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _check_lines(settings: CiSettings) -> None:
    for field, option in _OPTIONS.items():
        value = getattr(settings, field)
        for text in value if isinstance(value, tuple) else (value,):
            found = _LINE_BREAKER.search(text) if isinstance(text, str) else None
            if found:
                raise UsageError(
                    f"{option}: a line break or control character (U+{ord(found.group()):04X}) cannot be written "
                    "into a workflow or crontab: the text after it would be read as more of the file"
                )


def _check(settings: CiSettings) -> None:
    _check_lines(settings)
    fields = settings.schedule.split()
    if len(fields) != 5 or not all(_CRON_FIELD.fullmatch(f) for f in fields):
        raise UsageError(f"not a cron schedule of five numeric fields: {settings.schedule!r}")
    check_install(settings.install)
    from specdiff.job.watch import check_formats

    check_formats(settings.formats)
    if settings.state_store not in ("cache", "commit"):
        raise UsageError(f"state is kept by 'cache' or 'commit', not {settings.state_store!r}")
    if settings.trigger not in ("schedule", "pull-request"):
        raise UsageError(f"a workflow runs on 'schedule' or 'pull-request', not {settings.trigger!r}")
    if settings.code_scanning and settings.trigger != "pull-request":
        # code scanning takes a result only with a file; a scheduled watch's releases have none
        raise UsageError("--code-scanning goes with --on pull-request, whose findings sit on the pin file")
    if not _REPO_FILE.fullmatch(settings.pin_file) or ".." in settings.pin_file.split("/"):
        raise UsageError(f"not a file path inside the repository: {settings.pin_file!r}")


def check_install(install: str) -> str:
    """What pip installs, refused where it cannot work: not one word, an option, or the unpublished name."""
    if not _INSTALL.fullmatch(install) or install.startswith("-"):
        raise UsageError(f"not a pip requirement, URL or path: {install!r}")
    if _UNPUBLISHED.fullmatch(install):
        raise UsageError(
            f"--install {install!r}: specdiff is not published on the package index; install it from a git URL "
            "pinned to a commit (git+https://github.com/OWNER/specdiff@COMMIT) or a path in the repository"
        )
    return install


def default_install(package_dir: Path, cwd: Path) -> str:
    """Where a workflow installs specdiff from unless told: the source this specdiff runs from.

    Installed from git (pip records it in ``direct_url.json``): that URL at that commit.
    Run from a git checkout with a remote: the remote's URL at the checked-out commit.
    Else, if the repository the workflow is written into holds specdiff itself: ``.``.
    Never the package name: the index does not have it.
    """
    recorded = _recorded_vcs_url()
    if recorded:
        return recorded
    source = package_dir.parent
    if (source / "pyproject.toml").is_file():
        remote = _git(source, "remote", "get-url", "origin")
        commit = _git(source, "rev-parse", "HEAD")
        url = _https_url(remote) if remote else None
        if url and commit and re.fullmatch(r"[0-9a-f]{40}", commit):
            return f"git+{url}@{commit}"
    own = cwd / "pyproject.toml"
    if own.is_file() and re.search(r'(?m)^name\s*=\s*"specdiff"', own.read_text(encoding="utf-8", errors="replace")):
        return "."
    raise UsageError(
        "cannot tell where the workflow should install specdiff from: pass --install with a git URL pinned "
        "to a commit (git+https://github.com/OWNER/specdiff@COMMIT) or a path in the repository"
    )


def _recorded_vcs_url() -> str | None:
    from importlib import metadata

    try:
        text = metadata.distribution("specdiff").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        record = json.loads(text or "{}")
    except json.JSONDecodeError:
        return None
    vcs = record.get("vcs_info") or {}
    url, commit = record.get("url"), vcs.get("commit_id")
    if vcs.get("vcs") == "git" and isinstance(url, str) and isinstance(commit, str) and url.startswith("https://"):
        return f"git+{url}@{commit}"
    return None


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _https_url(remote: str) -> str | None:
    """A remote as an https URL pip can fetch without keys (``git@host:o/r.git`` too)."""
    scp = re.fullmatch(r"git@([A-Za-z0-9.\-]+):([A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)", remote)
    if scp:
        return f"https://{scp.group(1)}/{scp.group(2)}"
    if re.fullmatch(r"https://[A-Za-z0-9.\-]+/[A-Za-z0-9_.\-/]+", remote):
        return remote
    return None


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
    env.filters["uses"] = lambda action: f"{action.uses} # {action.version}"
    # a string literal of a GitHub expression: single-quoted, a quote doubled
    env.filters["expr"] = lambda text: "'" + str(text).replace("'", "''") + "'"
    return env
