"""Worker processes: started from a fork server (or spawned), never forked from a threaded parent."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from multiprocessing.context import BaseContext


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
