"""How a dead worker is reported, from the exit codes of the pool's processes; work forked into children."""

from __future__ import annotations

import faulthandler
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from specdiff.errors import SpecdiffError
from specdiff.workers import WorkerCrash, can_fork, run_forked, worker_death


def _pool(*codes: int | None) -> Any:
    return SimpleNamespace(_processes={i: SimpleNamespace(exitcode=code) for i, code in enumerate(codes)})


@pytest.mark.parametrize(
    ("codes", "kind", "how"),
    [
        ((-9, 255, None), SpecdiffError, "killed (SIGKILL)"),  # a worker the broken pool took down after
        ((255, -9), SpecdiffError, "killed (SIGKILL)"),
        ((-15, -9, 0), SpecdiffError, "killed (SIGKILL)"),
        ((-15,), SpecdiffError, "killed (SIGTERM)"),
        ((255, -11, -15), WorkerCrash, "died (SIGSEGV)"),
        ((-9, -6), WorkerCrash, "died (SIGABRT)"),
        ((0, 3), WorkerCrash, "died (exit status 3)"),
    ],
)
def test_the_first_death_is_named(codes: tuple[int | None, ...], kind: type, how: str) -> None:
    error = worker_death(_pool(*codes), "comparing x")
    assert type(error) is kind and how in str(error)


class _RacingWorker:
    """A fork-server worker whose code two readers would race for: a join here, while the
    pool's thread has not yet read it, loses the race and takes it as 255."""

    def __init__(self) -> None:
        self.exitcode: int | None = None

    def join(self, timeout: float | None = None) -> None:
        if self.exitcode is None:
            self.exitcode = 255


def test_the_pools_own_thread_reaps_its_workers_first() -> None:
    killed, stopped = _RacingWorker(), _RacingWorker()

    def reap() -> None:  # the pool's thread, a moment late: the killed worker, then the sibling it stopped
        time.sleep(0.2)
        killed.exitcode, stopped.exitcode = -signal.SIGKILL, -signal.SIGTERM

    manager = threading.Thread(target=reap)
    manager.start()
    pool: Any = SimpleNamespace(_processes={0: killed, 1: stopped}, _executor_manager_thread=manager)
    error = worker_death(pool, "comparing x")
    assert type(error) is SpecdiffError and "killed (SIGKILL)" in str(error)


# ------------------------------------------------------------------ run_forked

def needs_fork(test: Any) -> Any:
    """A test of forked work: run where work is forked, and left with no child behind it."""
    test = pytest.mark.usefixtures("no_child_left")(test)
    return pytest.mark.skipif(not can_fork(), reason="work is forked on Linux alone, with no other thread")(test)


def _where(share: int) -> tuple[int, int]:
    return share, os.getpid()


@needs_fork
def test_forked_work_comes_back_in_share_order_from_other_processes() -> None:
    results = run_forked(_where, [10, 11, 12], "testing")
    assert [share for share, _ in results] == [10, 11, 12]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3  # the first share here, each other in a child


def _fail_in_child(share: int) -> int:
    if share:
        raise ValueError(f"share {share} went wrong")
    return share


@needs_fork
def test_an_exception_in_a_child_is_a_crash_with_its_traceback() -> None:
    with pytest.raises(WorkerCrash) as error:
        run_forked(_fail_in_child, [0, 1], "testing")
    assert "while testing" in str(error.value)
    assert "ValueError: share 1 went wrong" in str(error.value) and "_fail_in_child" in str(error.value)


def _die(share: int) -> int:
    if share == 1:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    if share == 2:
        faulthandler.disable()  # pytest's would print this child's stack
        os.kill(os.getpid(), signal.SIGSEGV)
    if share == 3:
        os._exit(3)
    return share


@needs_fork
@pytest.mark.parametrize(
    ("share", "kind", "how"),
    [(1, SpecdiffError, "killed (SIGKILL)"), (2, WorkerCrash, "died (SIGSEGV)"), (3, WorkerCrash, "died (exit status 3)")],
)
def test_a_child_that_dies_is_named_by_how(share: int, kind: type, how: str) -> None:
    with pytest.raises(kind) as error:
        run_forked(_die, [0, share], "testing")
    assert type(error.value) is kind and how in str(error.value) and "while testing" in str(error.value)


def _slow_unless_first(share: int) -> int:
    if share == 0:
        raise KeyError("this process failed")
    time.sleep(60)  # a child still at work when this process fails
    return share


@needs_fork
def test_children_are_stopped_and_reaped_when_this_process_fails() -> None:
    started = time.monotonic()
    with pytest.raises(KeyError):
        run_forked(_slow_unless_first, [0, 1, 2], "testing")
    assert time.monotonic() - started < 30


def _slow_in_child(share: int) -> int:
    if share:
        time.sleep(60)
    return share


@needs_fork
def test_an_interrupt_while_waiting_for_a_child_stops_it() -> None:
    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, 0.5)  # Ctrl-C while this process waits on the child
    try:
        with pytest.raises(KeyboardInterrupt):
            run_forked(_slow_in_child, [0, 1], "testing")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 30  # not the child's 60 s


def _big(share: int) -> bytes:
    return bytes([share]) * 5_000_000  # far more than a pipe holds: the child waits to be read


@needs_fork
def test_a_result_larger_than_a_pipe_comes_back_whole() -> None:
    assert run_forked(_big, [1, 2, 3], "testing") == [_big(1), _big(2), _big(3)]


def test_no_fork_where_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()


def _children() -> set[int]:
    """This process's children, running or not yet reaped (other tests may have left some)."""
    return {int(pid) for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()}


@pytest.fixture
def no_child_left() -> Iterator[None]:
    """The test leaves no child behind it, running or unreaped."""
    before = _children()
    yield
    assert _children() <= before
