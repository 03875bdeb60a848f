"""What the bench scripts share: the cache their wheels go into, and measuring one child process."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_cache() -> Path:
    """Where wheels are downloaded once, outside git: ``$SPECDIFF_BENCH_CACHE``, else ``~/.cache/specdiff-bench``."""
    configured = os.environ.get("SPECDIFF_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "specdiff-bench"


@dataclass(frozen=True)
class Child:
    """What one child process printed, and what it cost."""

    seconds: float  # wall clock, seen from the parent
    cpu_seconds: float  # user + system, its own workers included (steadier on a shared machine)
    peak_mb: float  # its maximum resident set size
    returncode: int
    stdout: str
    stderr: str


def run_child(command: Sequence[str], *, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> Child:
    """Run a command to its end and measure it.

    CPU time and peak memory come from ``os.wait4``: the rusage of that one child
    (``RUSAGE_CHILDREN`` would give the maximum over every child waited for so far).
    Standard error goes to a file, not a second pipe: a child that fills one pipe while
    the parent reads the other would wait forever.
    """
    # Bytecode is written and reused, as in any installed copy (pip compiles at install):
    # where the shell says not to write it, every child would compile every module anew,
    # and the first round of each measure writes it for the fastest round to count.
    env = {key: value for key, value in (os.environ if env is None else env).items() if key != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        with process.stdout:
            out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read()
    return Child(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        returncode=process.returncode,
        stdout=out.decode("utf-8", errors="replace"),
        stderr=err.decode("utf-8", errors="replace"),
    )


#: The release pairs a catalog bench measures unless told: two adjacent, two far apart.
DEFAULT_PAIRS = (("1.44.7", "1.44.8"), ("1.13.2", "1.44.8"))


def pair_arguments(description: str) -> argparse.ArgumentParser:
    """The options every bench over pairs of botocore releases takes: --pair, --cache, --before."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--pair", nargs=2, action="append", metavar=("OLD", "NEW"), help="Two botocore releases (repeatable).")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--before", type=Path, default=None, help="Another checkout of specdiff to measure alongside.")
    return parser


def each_pair(options: argparse.Namespace, bench_pair: Callable[[str, str, Path, argparse.Namespace], None]) -> None:
    """Run ``bench_pair(old, new, cache, options)`` for each pair asked for (or the default ones)."""
    if options.before is not None:
        options.before = options.before.resolve()
    cache = options.cache or default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    for old, new in options.pair or DEFAULT_PAIRS:
        bench_pair(old, new, cache, options)
