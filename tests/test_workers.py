"""How a dead worker is reported, from the exit codes of the pool's processes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from specdiff.errors import SpecdiffError
from specdiff.workers import WorkerCrash, worker_death


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
