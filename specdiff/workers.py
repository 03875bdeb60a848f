"""Worker processes: started from a fork server (or spawned), never forked from a threaded parent."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Sequence
from concurrent.futures import Executor
from multiprocessing.context import BaseContext

from specdiff.errors import SpecdiffError

#: What a worker killed from outside dies of: the kernel's out-of-memory killer and a
#: timeout send SIGKILL, a job being stopped SIGTERM.
KILLED_FROM_OUTSIDE = frozenset({signal.SIGKILL, signal.SIGTERM})


class WorkerCrash(RuntimeError):
    """A worker process that died on its own (a crash of the interpreter or an extension): a bug."""


def worker_context(preload: Sequence[str]) -> BaseContext:
    """The context a process pool starts its workers from: a fork server that has imported
    ``preload`` once (not once per worker), else spawning where there is no fork server.

    Not plain fork: the caller may have threads running (the watch job's progress bar),
    and forking a threaded process can copy into the child a lock another thread holds,
    which nobody will ever release.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        return context
    return multiprocessing.get_context("spawn")


def worker_death(pool: Executor, doing: str) -> Exception:
    """The error to raise for a pool a worker died in (``BrokenProcessPool``), ``doing`` what.

    A worker killed from outside (SIGKILL, SIGTERM: most often the out-of-memory killer
    of a CI runner) is neither bad input nor a bug in specdiff, but the remedy is the
    user's: a clean error, exit 2, that says so. A worker that died any other way
    (SIGSEGV, SIGABRT, an exit status of its own) crashed: an internal error, exit 3.
    """
    # The pool keeps its processes until it is shut down; their exit codes say how they
    # ended. Once a worker dies the pool stops the others with SIGTERM: a signal that is
    # no kill from outside tells the most, then SIGKILL, then SIGTERM. An exit status of
    # a worker's own may be one the broken pool took down after the first (seen under
    # load: 255), so it counts only where no worker died of a signal.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:  # the pool is stopping them: wait a moment for each to be reaped
        if process.exitcode is None and hasattr(process, "join"):
            process.join(timeout=1)
    codes = [process.exitcode for process in processes if process.exitcode not in (None, 0)]
    signalled = [code for code in codes if code < 0]
    crashed = [code for code in signalled if -code not in KILLED_FROM_OUTSIDE] or (
        [] if signalled else [code for code in codes if code > 0]
    )
    if crashed:
        code = crashed[0]
        how = signal.Signals(-code).name if code < 0 and -code in signal.valid_signals() else f"exit status {code}"
        return WorkerCrash(f"a worker process died ({how}) while {doing}")
    killed = sorted({signal.Signals(-code).name for code in signalled})  # SIGKILL before SIGTERM
    how = f" ({killed[0]})" if killed else ""
    return SpecdiffError(f"a worker process was killed{how} while {doing} (out of memory?); try fewer --jobs")
