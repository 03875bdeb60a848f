"""Bench the watch job over the whole botocore catalog between two consecutive releases.

    python bench/job.py [--cache DIR] [--pair 1.13.1 1.13.2] [--pair 1.35.0 1.35.1]

Wheels are downloaded into the cache (outside git) once. For each pair, in one run:

- load alone: both catalogs loaded whole, every service built (the baseline);
- the job end to end (list, plan, compare, notes, change list, stub patch, state), in a
  fresh state and output folder, with ``--jobs 1`` and ``--jobs 2``;
- without the stub patch, and with every service compared (no skipping of
  byte-identical models, no patch): what comparing and noting the whole catalog costs;
- the same with the formatted stub files kept from a run before (``--cache``);
- the state's own cost: reading and writing the state file, and a run with nothing new.

Ratios are of wall time against load alone; cpu is the CPU time of the run and its
worker processes (what the run costs when other work shares the cores). The aim: the whole catalog's notes within 3x of loading
alone, and state handling too small to measure against a step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specdiff.job.sources import parse_source  # noqa: E402
from specdiff.job.state import read_state, write_state  # noqa: E402
from specdiff.job.watch import WatchOptions, run_watch  # noqa: E402
from specdiff.loaders import load  # noqa: E402


def load_whole(path: Path):  # type: ignore[no-untyped-def]
    """A catalog with every service built (a data folder loads lazily since it can)."""
    from specdiff.loaders import load_catalog

    try:
        return load_catalog(path, lazy=False)
    except TypeError:  # a checkout from before lazy catalogs: load() builds everything
        return load(path)
from specdiff.loaders.wheels import botocore_data  # noqa: E402


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def cpu_text(cpu: float, jobs: int) -> str:
    # Pool workers are children of the fork server, not of this process: their CPU time
    # cannot be read here, so a run with workers shows none rather than a wrong figure.
    return f"{cpu:7.2f}s" if jobs == 1 else "     n/a"


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool workers, black's pool)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bench_pair(old: str, new: str, cache: Path, repeat: int) -> None:
    old_data, new_data = botocore_data(old, cache), botocore_data(new, cache)  # unpacked once, outside the timings
    load_time, load_cpu = None, 0.0
    for _ in range(repeat):
        cpu_before = cpu_seconds()
        elapsed, _ = timed(lambda: (load_whole(old_data), load_whole(new_data)))
        if load_time is None or elapsed < load_time:
            load_time, load_cpu = elapsed, cpu_seconds() - cpu_before
    assert load_time is not None
    services = len(load(new_data).services)
    print(f"\nbotocore {old} -> {new}: {services} services")
    print(f"  {'':44s} {'wall':>8s} {'ratio':>6s} {'cpu':>8s}")
    print(f"  {'load both catalogs alone':44s} {load_time:7.2f}s  1.00x {load_cpu:7.2f}s")

    source_text = f"botocore:{old},{new}"
    formats = ("markdown", "changes-json")
    runs = [
        ("job --jobs 1 (end to end)", WatchOptions(formats=formats, jobs=1)),
        ("job --jobs 2 (end to end)", WatchOptions(formats=formats, jobs=2)),
        ("job --jobs 1 --no-patch", WatchOptions(formats=formats, jobs=1, patch=False)),
        # Typing stubs of every service would take minutes (black): these runs leave the
        # patch out to show what comparing and noting every service costs.
        ("job --jobs 1, every service, --no-patch", WatchOptions(formats=formats, jobs=1, skip_identical=False, patch=False)),
        ("job --jobs 2, every service, --no-patch", WatchOptions(formats=formats, jobs=2, skip_identical=False, patch=False)),
    ]
    # Stub files once formatted, kept between runs: warmed by one untimed run of the same
    # step, so this is the bound where both sides were formatted before; a nightly run,
    # whose old side was the night before's new side, sits about halfway.
    warm = Path(tempfile.mkdtemp(prefix="specdiff-bench-formatted-"))
    runs.append(("job --jobs 1, formatted stubs kept (warm)", WatchOptions(formats=formats, jobs=1, formatted_cache=warm)))
    with tempfile.TemporaryDirectory() as scratch:
        run_watch(
            parse_source(source_text, cache=cache),
            state_dir=Path(scratch) / "state",
            out_dir=Path(scratch) / "out",
            options=WatchOptions(formats=formats, formatted_cache=warm),
        )
    outputs: dict[str, dict[str, bytes]] = {}
    for label, options in runs:
        best = None
        cpu = 0.0
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as scratch:
                folder = Path(scratch)
                source = parse_source(source_text, cache=cache)
                cpu_before = cpu_seconds()
                elapsed, report = timed(
                    lambda: run_watch(source, state_dir=folder / "state", out_dir=folder / "out", options=options)
                )
                if best is None or elapsed < best:
                    best, cpu = elapsed, cpu_seconds() - cpu_before
                tree = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
                (step,) = report.steps
                if label.endswith("(end to end)") or label.endswith("(warm)"):
                    outputs[label] = tree
                # The state: read it, write it, and a run with nothing new.
                state_read, state = timed(lambda: read_state(folder / "state", source.name))
                state_write, _ = timed(lambda: write_state(folder / "state", state))
                idle, idle_report = timed(
                    lambda: run_watch(source, state_dir=folder / "state", out_dir=folder / "out", options=options)
                )
                assert idle_report.nothing_new
        assert best is not None
        changed = len(step.compared)
        print(
            f"  {label:44s} {best:7.2f}s {best / load_time:5.2f}x {cpu_text(cpu, options.jobs)}  "
            f"({changed} services compared, {len(step.comparison.changes)} changes)"
        )
    shutil.rmtree(warm, ignore_errors=True)
    same = outputs["job --jobs 1 (end to end)"] == outputs["job --jobs 2 (end to end)"]
    print(f"  --jobs 2 outputs byte-identical to --jobs 1: {same}")
    print(f"  warm outputs byte-identical to cold: {outputs['job --jobs 1 (end to end)'] == outputs[runs[-1][0]]}")
    print(
        f"  state: read {state_read * 1000:.2f} ms, write {state_write * 1000:.2f} ms "
        f"({(state_read + state_write) / best * 100:.3f}% of a step); a run with nothing new: {idle:.3f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/work/cache/wheels"), help="botocore wheel cache")
    parser.add_argument("--pair", nargs=2, action="append", metavar=("OLD", "NEW"), help="consecutive releases")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    args = parser.parse_args()
    pairs = args.pair or [("1.13.1", "1.13.2")]
    for old, new in pairs:
        bench_pair(old, new, args.cache, args.repeat)


if __name__ == "__main__":
    main()
