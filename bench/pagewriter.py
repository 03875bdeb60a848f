"""Bench ``specdiff OLD NEW --format page`` on the real model pairs in fixtures/models.

    python bench/pagewriter.py [--repeat 5]

For each pair, in one process: the comparison (the baseline), rendering the page, reading
it back with the page reader (the parser is built before timing), and comparing the old
model with the page. Best of ``--repeat`` runs; ratios are against the comparison.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from specdiff.compare.diff import compare
from specdiff.loaders import load
from specdiff.loaders.page import load_page_text
from specdiff.pages.reader import parse_page
from specdiff.render.page import render_page

MODELS = Path(__file__).resolve().parent.parent / "fixtures" / "models"
PAIRS = [
    ("sagemaker-1.13.1", "sagemaker-1.13.2"),
    ("elasticache-1.13.3", "elasticache-1.13.6"),
    ("groundstation-1.13.2", "groundstation-1.35.0"),
]


def best(repeat: int, job: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    parse_page("2020/01/01 - X - api methods\n")  # build the cached parser outside the timings
    print(f"{'pair':45} {'compare':>9} {'render':>16} {'read back':>16} {'OLD PAGE':>16} {'page KB':>8}")
    for old_name, new_name in PAIRS:
        old, new = load(MODELS / f"{old_name}.json.gz"), load(MODELS / f"{new_name}.json.gz")
        base, comparison = best(args.repeat, lambda: compare(old, new))
        render, text = best(args.repeat, lambda: render_page(comparison, old, new))
        cells = [f"{base * 1000:7.1f}ms", _cell(render, base)]
        try:
            read, spec = best(args.repeat, lambda: load_page_text(text, source="bench"))
            again, _ = best(args.repeat, lambda: compare(old, spec))
            cells += [_cell(read, base), _cell(again, base)]
        except Exception as error:  # the reader may reject a page (see the report)
            cells += [f"{type(error).__name__:>16}", f"{'-':>16}"]
        print(f"{old_name + ' -> ' + new_name:45} " + " ".join(f"{c:>9}" if i == 0 else f"{c:>16}" for i, c in enumerate(cells)) + f" {len(text) / 1024:8.0f}")


def _cell(seconds: float, base: float) -> str:
    return f"{seconds * 1000:.1f}ms ({seconds / base:.1f}x)"


if __name__ == "__main__":
    main()
