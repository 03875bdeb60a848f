"""Worker processes: started from a fork server (or spawned), or forked from a parent with no other thread."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from specdiff.errors import SpecdiffError

if TYPE_CHECKING:  # multiprocessing itself only where a pool is started (10 ms of every start-up)
    from concurrent.futures import Executor
    from multiprocessing.context import BaseContext

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
    import multiprocessing

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
    # The pool's own thread reaps its workers once one has died: wait for it to be done
    # before joining any here. Two readers of a fork-server worker's sentinel race, and
    # the one that loses takes the code as 255 (seen under load, for the killed worker
    # itself, which then read as a sibling the pool stopped with SIGTERM).
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None and hasattr(manager, "join"):
        manager.join(timeout=5)
    for process in processes:  # what the pool's thread did not reap: wait a moment for each
        if process.exitcode is None and hasattr(process, "join"):
            process.join(timeout=1)
    return _death([process.exitcode for process in processes], doing)


def _death(exit_codes: Sequence[int | None], doing: str) -> Exception:
    """The error for workers that ended with ``exit_codes`` (a signal as its negative), one of them dying."""
    codes = [code for code in exit_codes if code not in (None, 0)]
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


# ------------------------------------------------------------------ forked children

Share = TypeVar("Share")
Result = TypeVar("Result")


def can_fork() -> bool:
    """True where work may be forked into children: Linux, and no other thread running.

    A fork copies only the calling thread: a lock another thread held stays held in the
    child forever (see :func:`worker_context`). macOS has fork, but its system libraries
    are not safe across one; there, and on Windows, work stays in this process.
    """
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def usable_cpus(limit: int = 4) -> int:
    """The CPUs this process may run on, up to ``limit``: the default number of processes to compare in.

    Past four, the comparison's own share is no longer what takes longest (the summary,
    written by one process, is).
    """
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    return max(1, min(count, limit))


def run_forked(work: Callable[[Share], Result], shares: Sequence[Share], doing: str) -> list[Result]:
    """``work(share)`` for every share: the first in this process, each other in a child
    forked from it; the results in the order of ``shares``.

    A fork shares this process's memory copy-on-write, so nothing but the result crosses
    (pickled, through a pipe): no interpreter to start, no module imported again, and the
    children see the inputs exactly as this process does, lazily read catalogs included.
    ``work`` should return its errors rather than raise them where their order matters
    (the first of them in serial order is the one to report): an exception a child raises
    is a crash here, exit 3, with the child's traceback; a child killed from outside
    (the out-of-memory killer) is the clean error of :func:`worker_death`.
    Call only where :func:`can_fork`.
    """
    children: list[tuple[int, int]] = []  # (pid, the read end of its pipe)
    try:
        for share in shares[1:]:
            children.append(_fork(work, share))
        results = [work(shares[0])] if shares else []
        while children:
            pid, reader = children.pop(0)  # _collect closes the pipe and reaps the child, come what may
            results.append(_collect(pid, reader, doing))
        return results
    finally:  # this process failed or was interrupted: its children's work is moot
        for pid, reader in children:
            os.close(reader)
            _stop(pid)


def _stop(pid: int) -> None:
    """Kill a child and reap it (it may have ended already)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _fork(work: Callable[[Share], Result], share: Share) -> tuple[int, int]:
    reader, writer = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # else what is buffered here could be written twice
        stream.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs this process's exit handlers
        status = 1
        try:
            os.close(reader)
            try:
                payload = pickle.dumps(("ok", work(share)), protocol=pickle.HIGHEST_PROTOCOL)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # noqa: BLE001 (sent to the parent whole, as a crash)
                text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
                payload = pickle.dumps(("crash", text))
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)  # here, at once: a later child must not inherit it (the pipe would never end)
    return pid, reader


def _collect(pid: int, reader: int, doing: str) -> Any:
    try:
        with os.fdopen(reader, "rb") as pipe:
            payload = pipe.read()
    except BaseException:  # interrupted while waiting: not for the child to finish its share
        _stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not payload:
        raise _death([code or 1], doing)
    kind, value = pickle.loads(payload)
    if kind == "crash":
        raise WorkerCrash(f"a worker process failed while {doing}:\n{value}")
    return value  # what the child's work returned, unpickled
