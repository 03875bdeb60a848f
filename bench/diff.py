"""Bench `specdiff OLD NEW` over whole botocore catalogs against the floor of the work.

    python bench/diff.py [--pair 1.44.7 1.44.8] [--pair 1.13.2 1.44.8] [--cache DIR]
                         [--repeat 3] [--before CHECKOUT] [--extras]

The wheels are downloaded (pip) into the cache once, outside git: ``--cache``, else
``$SPECDIFF_BENCH_CACHE``, else ``~/.cache/specdiff-bench``. For each pair of releases
(by default two adjacent ones, 1.44.7 -> 1.44.8, and two far apart, 1.13.2 -> 1.44.8),
each measure in a fresh Python process so that none inherits another's heap or caches:

- the floor (``bench/floor.py``): every file's gzip trailer (or size), then only the
  changed services' files parsed: the work a catalog comparison cannot avoid;
- parsing every file of both catalogs (``bench/floor.py --all``): the baseline where
  nearly everything changed;
- ``specdiff OLD NEW`` as the command runs it (load, compare, summary to a file), and
  with ``--format json`` and ``--format markdown``; by default the command compares in
  as many processes as there are CPUs (up to 4), so it is measured with ``--jobs 1``
  too, in one process, and its output must be the same;
- the same comparison with every service of both catalogs built (``load_catalog(...,
  lazy=False)``: no service passed by), in text and JSON, and whether its outputs are
  byte-identical to the command's;
- with ``--before CHECKOUT``: the same three commands run from another checkout of
  specdiff (the code before a change), and whether their outputs are byte-identical.

Every measure runs ``--repeat`` rounds (default 3), interleaved so that a busy spell on
the shared machine hits them alike, and the fastest round counts (the least disturbed
run is the best estimate of the work). ``wall`` is seen from the parent; ``cpu`` is the
child's user + system time from ``os.wait4`` (steadier when other work shares the
cores); peak is its maximum resident set, interpreter and imports included. The goals
printed: two adjacent catalogs within 2x of the floor; two far apart within 3x of
parsing every file.

``--extras`` adds what the bench measured before: snapshots of both catalogs written and
compared, the fixture page loaded as text and as a snapshot, and one plain
``DeepDiff(old_model, new_model)`` per service with a time budget (extrapolated by
bytes when the budget runs out).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchkit import ROOT, each_pair, pair_arguments, run_child

sys.path.insert(0, str(ROOT))

from specdiff.loaders.wheels import botocore_data  # noqa: E402

FLOOR = Path(__file__).resolve().parent / "floor.py"
PAGE = ROOT / "fixtures" / "pages" / "sagemaker-2019-10-24.txt.gz"
FORMATS = ("text", "json", "markdown")


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    cpu: float
    peak_mb: float
    note: str = ""


def measure(name: str, command: Sequence[str], *, code: Path = ROOT) -> Measure:
    """Run ``command`` in a fresh interpreter with ``code`` first on the path; its last stdout line is a note."""
    # cwd too: ``python -c`` puts the working folder first on the path
    child = run_child(command, cwd=code, env={**os.environ, "PYTHONPATH": str(code)})
    if child.returncode != 0:  # every command here runs with --fail-on never
        raise SystemExit(f"{name} failed ({child.returncode}):\n{child.stderr}")
    lines = child.stdout.strip().splitlines()
    return Measure(name, child.seconds, child.cpu_seconds, child.peak_mb, lines[-1] if lines else "")


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code), *args]


COMMAND = """
import sys
from specdiff.cli import main
main(sys.argv[1:])
"""

LOAD = """
import sys
from specdiff.loaders import load
old, new = load(sys.argv[1]), load(sys.argv[2])
built = sum(1 for _ in old.services.values()) + sum(1 for _ in new.services.values())  # every service built
print(f"{len(old.services)} + {len(new.services)} services, {built} built")
"""

LOAD_ONE = """
import sys, time
start = time.perf_counter()
from specdiff.loaders import load
spec = load(sys.argv[1])
print(f"{time.perf_counter() - start:.3f} s in process, imports included")
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


EAGER = """
import sys
from specdiff.compare.diff import compare
from specdiff.loaders import load_catalog
from specdiff.render.changelist import comparison_json
from specdiff.render.summary import render_summary
old, new = load_catalog(sys.argv[1], lazy=False), load_catalog(sys.argv[2], lazy=False)
comparison = compare(old, new)
render = comparison_json if sys.argv[3] == "json" else render_summary
open(sys.argv[4], "w", encoding="utf-8").write(render(comparison))
"""


def best(runs: list[Measure]) -> Measure:
    """The fastest of repeated runs (the least disturbed); CPU the least of the rounds, peak the largest."""
    fastest = min(runs, key=lambda m: m.seconds)
    return Measure(
        fastest.name, fastest.seconds, min(m.cpu for m in runs), max(m.peak_mb for m in runs), fastest.note
    )


@dataclass(frozen=True)
class Planned:
    name: str
    command: list[str]
    code: Path = ROOT
    output: Path | None = None  # a file the command writes, compared across checkouts


def pair_plan(old_data: Path, new_data: Path, out: Path, before: Path | None, extras: bool) -> list[Planned]:
    old, new = str(old_data), str(new_data)
    plan = [
        Planned("floor: trailers + parse changed", [sys.executable, str(FLOOR), old, new]),
        Planned("parse every file", [sys.executable, str(FLOOR), old, new, "--all"]),
    ]
    for fmt in ("text", "json"):  # the same outputs with no service passed by: every one built and compared
        target = out / f"eager.{fmt}"
        plan.append(Planned(f"every service built, --format {fmt}", python(EAGER, old, new, fmt, str(target)), ROOT, target))
    checkouts = [("", ROOT)] + ([("before: ", before)] if before is not None else [])
    for prefix, code in checkouts:
        for fmt in FORMATS:
            target = out / f"{prefix.strip(': ') or 'now'}.{fmt}"
            args = [old, new, "--format", fmt, "-o", str(target), "--fail-on", "never"]
            plan.append(Planned(f"{prefix}specdiff OLD NEW --format {fmt}", python(COMMAND, *args), code, target))
    # the command in this process alone: the CPU it costs, and the same output as shared out
    args = [old, new, "--jobs", "1", "-o", str(out / "one.text"), "--fail-on", "never"]
    plan.append(Planned("specdiff OLD NEW --jobs 1 (one process)", python(COMMAND, *args), ROOT, out / "one.text"))
    if extras:
        old_snap, new_snap = out / "old.json.gz", out / "new.json.gz"
        plan += [
            Planned("load both catalogs", python(LOAD, old, new)),
            Planned("specdiff snapshot OLD (write)", python(COMMAND, "snapshot", old, "-o", str(old_snap))),
            Planned("specdiff snapshot NEW (write)", python(COMMAND, "snapshot", new, "-o", str(new_snap))),
            Planned("load both snapshots", python(LOAD, str(old_snap), str(new_snap))),
            Planned(
                "specdiff OLD.snap NEW.snap (summary)",
                python(COMMAND, str(old_snap), str(new_snap), "-o", str(out / "snap.text"), "--fail-on", "never"),
            ),
            Planned("load the fixture page (lossy sagemaker page)", python(LOAD_ONE, str(PAGE))),
            Planned("snapshot the page (write)", python(COMMAND, "snapshot", str(PAGE), "-o", str(out / "page.json.gz"))),
            Planned("load the page's snapshot", python(LOAD_ONE, str(out / "page.json.gz"))),
        ]
    return plan


def bench_pair(old_version: str, new_version: str, cache: Path, options: argparse.Namespace) -> None:
    old_data, new_data = botocore_data(old_version, cache), botocore_data(new_version, cache)
    print(f"\nbotocore {old_version} -> {new_version}: {old_data} -> {new_data}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        plan = pair_plan(old_data, new_data, out, options.before, options.extras)
        runs: dict[str, list[Measure]] = {p.name: [] for p in plan}
        for round_number in range(options.repeat):  # interleaved, so a busy spell hits all alike
            for p in plan:
                runs[p.name].append(measure(p.name, p.command, code=p.code))
            print(f"  round {round_number + 1}/{options.repeat} done", flush=True)
        measures = {p.name: best(runs[p.name]) for p in plan}
        import json

        total = json.loads((out / "now.json").read_text())["summary"]["total"]
        identical = {
            fmt: (out / f"now.{fmt}").read_bytes() == (out / f"before.{fmt}").read_bytes()
            for fmt in FORMATS
            if options.before is not None
        }
        eager_same = {fmt: (out / f"now.{fmt}").read_bytes() == (out / f"eager.{fmt}").read_bytes() for fmt in ("text", "json")}
        one_same = (out / "now.text").read_bytes() == (out / "one.text").read_bytes()
    if options.extras:
        name = f"plain DeepDiff per service (budget {options.deepdiff_budget:.0f} s)"
        measures[name] = measure(name, python(DEEPDIFF, str(old_data), str(new_data), str(options.deepdiff_budget)))

    floor = measures["floor: trailers + parse changed"]
    parse_all = measures["parse every file"]
    width = max(len(name) for name in measures)
    print(f"  {total} changes; fastest of {options.repeat} rounds (cpu: least of the rounds; peak: largest)")
    print(f"  {'measure':<{width}}  {'wall s':>7}  {'cpu s':>6}  {'x floor':>7}  {'x parse':>7}  {'peak MB':>7}  note")
    for m in measures.values():
        print(
            f"  {m.name:<{width}}  {m.seconds:7.2f}  {m.cpu:6.2f}  {m.seconds / floor.seconds:7.2f}  "
            f"{m.seconds / parse_all.seconds:7.2f}  {m.peak_mb:7.0f}  {m.note}"
        )
    summary = measures["specdiff OLD NEW --format text"]
    print(
        f"  specdiff OLD NEW: {summary.seconds / floor.seconds:.2f}x the floor (goal for adjacent releases: <= 2), "
        f"{summary.seconds / parse_all.seconds:.2f}x parsing every file (goal far apart: <= 3); "
        f"by cpu {summary.cpu / floor.cpu:.2f}x and {summary.cpu / parse_all.cpu:.2f}x"
    )
    one = measures["specdiff OLD NEW --jobs 1 (one process)"]
    print(
        f"  in one process (--jobs 1): {one.seconds / floor.seconds:.2f}x the floor, "
        f"{one.seconds / parse_all.seconds:.2f}x parsing every file; by cpu {one.cpu / floor.cpu:.2f}x and {one.cpu / parse_all.cpu:.2f}x"
    )
    print("  outputs byte-identical with every service built: " + ", ".join(f"{k} {v}" for k, v in eager_same.items()))
    print(f"  output byte-identical in one process (--jobs 1): text {one_same}")
    if identical:
        print("  outputs byte-identical to the before checkout: " + ", ".join(f"{k} {v}" for k, v in identical.items()))


def main() -> None:
    parser = pair_arguments(__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="Rounds of every measure; the fastest counts.")
    parser.add_argument("--extras", action="store_true", help="Snapshots, the page and plain DeepDiff too.")
    parser.add_argument("--deepdiff-budget", type=float, default=120.0, help="Seconds of DeepDiff before extrapolating.")
    each_pair(parser.parse_args(), bench_pair)


if __name__ == "__main__":
    main()
