"""Bench release notes against the JSON change list of the same comparison.

    python bench/notes.py [--old 1.13.1] [--new 1.35.0] [--service sagemaker] [--cache DIR]
                          [--synthetic 1000 10000 50000]

For one service between two botocore releases (wheels fetched into the cache once,
outside git: ``--cache``, else ``$SPECDIFF_BENCH_CACHE``, else ``~/.cache/specdiff-bench``),
and for synthetic comparisons of growing size, in one run:

- the baseline: the ``--format json`` change list (``as_dict`` of every change, dumped);
- grouping into findings alone (``specdiff.render.findings.find``) and the whole view model
  (``build_notes``);
- each notes format (``render_notes``), the view model included.

The synthetic comparisons (enum changes over 300 services, 97 operations, 41 shapes)
show that the cost grows with the number of changes and not faster. Each figure is the
best of ``--repeat`` runs in this process; ratios are against the baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchkit import ROOT, default_cache

sys.path.insert(0, str(ROOT))

from specdiff.compare.changes import Change, Comparison, InputInfo, Rule, Severity  # noqa: E402
from specdiff.compare.diff import compare  # noqa: E402
from specdiff.loaders import load  # noqa: E402
from specdiff.loaders.wheels import botocore_data  # noqa: E402
from specdiff.render.findings import find  # noqa: E402
from specdiff.render.notes import FORMATS, build_notes, render_notes  # noqa: E402


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def change_list(comparison: Comparison) -> str:
    return json.dumps([c.as_dict() for c in comparison.changes], indent=2)


def measure(label: str, comparison: Comparison, repeat: int) -> None:
    baseline = best_of(repeat, lambda: change_list(comparison))
    findings = len(find(comparison.changes))
    print(f"\n{label}: {len(comparison.changes)} changes, {findings} findings")
    print(f"  {'json change list (baseline)':32} {baseline * 1000:9.1f} ms   1.0x")
    rows: list[tuple[str, Callable[[], object]]] = [
        ("findings (find)", lambda: find(comparison.changes)),
        ("view model (build_notes)", lambda: build_notes(comparison)),
    ]
    rows += [
        (f"render_notes {fmt}", lambda fmt=fmt: render_notes(comparison, fmt)) for fmt in FORMATS
    ]
    for name, work in rows:
        seconds = best_of(repeat, work)
        print(f"  {name:32} {seconds * 1000:9.1f} ms {seconds / baseline:5.1f}x")


def synthetic(size: int) -> Comparison:
    changes = [
        Change(
            Rule.ENUM_VALUE_ADDED,
            Severity.INFO if i % 3 else Severity.WARNING,
            f"svc{i % 300}",
            f"Op{i % 97}",
            "request" if i % 3 else "response",
            f"P{i % 13}.X",
            "enum values added",
            shape=f"S{i % 41}",
            added=(f"v{i % 7}",),
            removed=(),
        )
        for i in range(size)
    ]
    changes.sort(key=lambda c: c.sort_key)
    side = InputInfo("catalog", "synthetic", ())
    return Comparison(side, side, tuple(changes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="1.13.1")
    parser.add_argument("--new", default="1.35.0")
    parser.add_argument("--service", default="sagemaker")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", type=int, nargs="*", default=[1000, 10000, 50000])
    options = parser.parse_args()
    cache = options.cache or default_cache()
    cache.mkdir(parents=True, exist_ok=True)

    def model(version: str) -> Path:
        folder = botocore_data(version, cache) / options.service
        return sorted(folder.glob("*/service-2.json*"))[-1]

    real = compare(load(model(options.old)), load(model(options.new)))
    measure(f"{options.service} {options.old} -> {options.new}", real, options.repeat)
    for size in options.synthetic:
        measure(f"synthetic {size}", synthetic(size), options.repeat)


if __name__ == "__main__":
    main()
