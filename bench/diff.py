"""Bench `specdiff OLD NEW` over the whole botocore catalog between two releases.

    python bench/diff.py [--old 1.35.0] [--new 1.35.1] [--cache DIR] [--deepdiff-budget 120]

The two wheels are downloaded (pip) into the cache once, outside git: ``--cache``, else
``$SPECDIFF_BENCH_CACHE``, else ``~/.cache/specdiff-bench``. In one run, each measured in
a fresh Python process so that no measurement inherits another's heap or caches:

- load alone: both catalogs loaded by ``specdiff.loaders.load`` (the baseline);
- ``specdiff OLD NEW`` as the command runs it (load, compare, summary to a file), and
  with ``--format json``;
- the same from snapshots of the two catalogs (``specdiff snapshot``), and loading the
  snapshots alone; and the fixture changelog page loaded as text and as a snapshot;
- one plain ``DeepDiff(old_model, new_model)`` per service over the raw model JSON, with a
  time budget: when the budget runs out, the total is extrapolated from the JSON bytes
  done (time per byte times all bytes), and the output says so.

The specdiff measures run ``--repeat`` rounds (default 3), interleaved, and the fastest
round counts: the machine may be shared, and the least disturbed run is the best
estimate of the work itself. Time is wall-clock in the parent. Peak memory is the child's maximum resident set size
from ``os.wait4`` (the rusage of that one child: ``RUSAGE_CHILDREN`` would give the
maximum over every child waited for so far). It includes the interpreter and imports,
which is what a user's process costs. Ratios are against load alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from benchkit import ROOT, default_cache, run_child

sys.path.insert(0, str(ROOT))

from specdiff.loaders.wheels import botocore_data  # noqa: E402


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    peak_mb: float
    note: str = ""


def measure(name: str, code: str, *args: str) -> Measure:
    """Run ``code`` in a fresh interpreter; its last stdout line (if any) is a note."""
    child = run_child(
        [sys.executable, "-c", textwrap.dedent(code), *args], env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    if child.returncode != 0:  # every command here runs with --fail-on never
        raise SystemExit(f"{name} failed ({child.returncode}):\n{child.stderr}")
    lines = child.stdout.strip().splitlines()
    return Measure(name, child.seconds, child.peak_mb, lines[-1] if lines else "")


LOAD = """
import sys
from specdiff.loaders import load
old, new = load(sys.argv[1]), load(sys.argv[2])
print(f"{len(old.services)} + {len(new.services)} services")
"""

LOAD_ONE = """
import sys, time
start = time.perf_counter()
from specdiff.loaders import load
spec = load(sys.argv[1])
print(f"{time.perf_counter() - start:.3f} s in process, imports included")
"""

PAGE = ROOT / "fixtures" / "pages" / "sagemaker-2019-10-24.txt.gz"

COMMAND = """
import sys
from specdiff.cli import main
main(sys.argv[1:])
"""

DEEPDIFF = """
import gzip, json, sys, time
from deepdiff import DeepDiff
from specdiff.loaders.botocore import find_models
from pathlib import Path

old_root, new_root, budget = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])

def read(path):
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\\x1f\\x8b" else data

old, new = dict(find_models(old_root)), dict(find_models(new_root))
names = sorted(old.keys() & new.keys())
total_bytes = sum(len(read(old[n])) for n in names)
done = done_bytes = 0
spent = 0.0
for name in names:
    a, b = read(old[name]), read(new[name])
    left, right = json.loads(a), json.loads(b)
    start = time.perf_counter()
    DeepDiff(left, right)
    spent += time.perf_counter() - start
    done += 1
    done_bytes += len(a)
    if spent > budget:
        break
estimate = spent * total_bytes / done_bytes
print(f"{done}/{len(names)} services in {spent:.1f} s of DeepDiff; whole catalog extrapolated by bytes: {estimate:.0f} s")
"""


def best(runs: list[Measure]) -> Measure:
    """The fastest of repeated runs (the least disturbed by other work on the machine)."""
    fastest = min(runs, key=lambda m: m.seconds)
    return Measure(fastest.name, fastest.seconds, max(m.peak_mb for m in runs), fastest.note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", default="1.35.0")
    parser.add_argument("--new", default="1.35.1")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="Rounds of the specdiff measures; the fastest counts.")
    parser.add_argument("--deepdiff-budget", type=float, default=120.0, help="Seconds of DeepDiff before extrapolating.")
    options = parser.parse_args()
    cache = options.cache or default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    old_data = botocore_data(options.old, cache)
    new_data = botocore_data(options.new, cache)
    print(f"botocore {options.old} -> {options.new}: {old_data} -> {new_data}")

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        old_snap, new_snap = out / "old.json.gz", out / "new.json.gz"
        report = out / "report.json"
        plan = [
            ("load both catalogs (baseline)", LOAD, (str(old_data), str(new_data))),
            ("specdiff OLD NEW (summary)", COMMAND, (str(old_data), str(new_data), "-o", str(out / "summary.txt"), "--fail-on", "never")),
            ("specdiff OLD NEW --format json", COMMAND, (str(old_data), str(new_data), "--format", "json", "-o", str(report), "--fail-on", "never")),
            ("specdiff snapshot OLD (write)", COMMAND, ("snapshot", str(old_data), "-o", str(old_snap))),
            ("specdiff snapshot NEW (write)", COMMAND, ("snapshot", str(new_data), "-o", str(new_snap))),
            ("load both snapshots", LOAD, (str(old_snap), str(new_snap))),
            ("specdiff OLD.snap NEW.snap (summary)", COMMAND, (str(old_snap), str(new_snap), "-o", str(out / "summary2.txt"), "--fail-on", "never")),
            ("load the fixture page (lossy sagemaker page)", LOAD_ONE, (str(PAGE),)),
            ("snapshot the page (write)", COMMAND, ("snapshot", str(PAGE), "-o", str(out / "page.json.gz"))),
            ("load the page's snapshot", LOAD_ONE, (str(out / "page.json.gz"),)),
        ]
        runs: dict[str, list[Measure]] = {name: [] for name, _, _ in plan}
        for round_number in range(options.repeat):  # rounds interleaved, so a busy spell hits all alike
            for name, code, args in plan:
                runs[name].append(measure(name, code, *args))
            print(f"round {round_number + 1}/{options.repeat} done", flush=True)
        measures = [best(runs[name]) for name, _, _ in plan]
        import json

        total = json.loads(report.read_text())["summary"]["total"]
        measures[2] = Measure(measures[2].name, measures[2].seconds, measures[2].peak_mb, f"{total} changes")
    measures.append(measure(
        f"plain DeepDiff per service (budget {options.deepdiff_budget:.0f} s)",
        DEEPDIFF, str(old_data), str(new_data), str(options.deepdiff_budget),
    ))
    baseline = measures[0]

    width = max(len(m.name) for m in measures)
    print(f"\nfastest of {options.repeat} rounds; peak = largest of the rounds")
    print(f"{'measure':<{width}}  {'seconds':>8}  {'x load':>7}  {'peak MB':>8}  note")
    for m in measures:
        print(f"{m.name:<{width}}  {m.seconds:8.2f}  {m.seconds / baseline.seconds:7.2f}  {m.peak_mb:8.0f}  {m.note}")
    deepdiff = measures[-1]
    if "extrapolated" in deepdiff.note:
        estimate = float(deepdiff.note.rsplit(":", 1)[1].strip().rstrip("s").strip())
        print(f"\nplain DeepDiff, whole catalog (extrapolated): ~{estimate:.0f} s = "
              f"{estimate / baseline.seconds:.0f}x load alone, {estimate / measures[1].seconds:.0f}x specdiff OLD NEW")


if __name__ == "__main__":
    main()
