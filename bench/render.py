"""Bench every renderer of `specdiff OLD NEW` on one real comparison, against writing the change list as JSON.

    python bench/render.py [--pair 1.44.7 1.44.8] [--pair 1.13.2 1.44.8] [--cache DIR]
                           [--repeat 3] [--docs] [--before CHECKOUT]

For each pair of botocore releases (wheels fetched into the cache once, outside git:
``--cache``, else ``$SPECDIFF_BENCH_CACHE``, else ``~/.cache/specdiff-bench``; by default
two adjacent releases and two far apart) the catalogs are compared once, in this
process, and the comparison is pickled; each measure then runs in a fresh Python process
that unpickles it (and freezes it out of the collector's way, as the command does), so
that only the renderers are timed and every checkout renders the very same comparison:

- the floor: ``json.dumps`` of every change record (``as_dict``), two-space indented as
  ``--format json`` writes it: a renderer has to visit each change at least once;
- grouping into findings alone (``findings.find``), which the summary, the notes and the
  CI reports share;
- every ``--format`` the command has but ``page`` (which also needs the two specs):
  ``text`` (and ``text`` coloured, as on a terminal), ``json``, the notes (``markdown``,
  ``html``, ``changelog``, ``changes-json``) and the CI reports (``github``, ``junit``,
  ``sarif``, located as the command locates them);
- with ``--before CHECKOUT``: the same from another checkout of specdiff (the code
  before a change), side by side, and whether each output is byte-identical.

Each figure is the child's CPU time (``time.process_time``: steadier than the wall clock
on a shared machine) of one call, the least of ``--repeat`` rounds, the rounds of the
checkouts interleaved so that a busy spell hits them alike; each measure runs alone in its
process, as the command renders one format (measured in a row, each would meet the heap
and the collector as the ones before left them). Ratios are against the floor of the same
checkout. ``--docs`` compares with documentation changes too (the
``--docs`` option: twice the changes on far-apart releases).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
import textwrap
from pathlib import Path

from benchkit import ROOT, each_pair, pair_arguments, run_child

sys.path.insert(0, str(ROOT))

from specdiff.loaders.wheels import botocore_data  # noqa: E402

FLOOR = "floor: json.dumps(change records)"
FIND = "findings (find)"
FORMATS = ("text", "text (colour)", "json", "markdown", "html", "changelog", "changes-json", "github", "junit", "sarif")

# One child: unpickle the comparison, time the measures named once, print one JSON line of
# {name: [cpu seconds, sha256 of the output]}. Only what every checkout has is used.
CHILD = """
import gc, hashlib, json, pickle, sys, time

sys.setrecursionlimit(10000)  # a pickled comparison nests as deep as its values
with open(sys.argv[1], "rb") as handle:
    comparison = pickle.load(handle)
gc.freeze()  # as the command does once the comparison exists

from specdiff.render import notes, render_report
from specdiff.render.changelist import comparison_json
from specdiff.render.findings import find
from specdiff.render.locations import Locator
from specdiff.render.summary import render_summary

docs = sys.argv[2] == "docs"


def notes_of(fmt):
    def run():
        notes._last_built = None  # the notes keep the last comparison's view model: build it each time
        return notes.render_notes(comparison, fmt)
    return run


def report(fmt):
    return lambda: render_report(comparison, fmt, fail_on="breaking", locate=Locator(comparison))


measures = {
    "FLOOR": lambda: json.dumps([c.as_dict() for c in comparison.changes], indent=2, ensure_ascii=False),
    "FIND": lambda: find(comparison.changes),
    "text": lambda: render_summary(comparison, docs=docs),
    "text (colour)": lambda: render_summary(comparison, docs=docs, colour=True),
    "json": lambda: comparison_json(comparison),
    **{fmt: notes_of(fmt) for fmt in ("markdown", "html", "changelog", "changes-json")},
    **{fmt: report(fmt) for fmt in ("github", "junit", "sarif")},
}
results = {}
for name in json.loads(sys.argv[3]):
    work = measures[name]
    start = time.process_time()
    out = work()
    seconds = time.process_time() - start
    text = out if isinstance(out, str) else repr(out)  # the findings, compared as their repr (untimed)
    results[name] = [seconds, hashlib.sha256(text.encode("utf-8")).hexdigest()]
print(json.dumps(results))
""".replace('"FLOOR"', json.dumps(FLOOR)).replace('"FIND"', json.dumps(FIND))

COMPARE = """
import pickle, sys
sys.setrecursionlimit(10000)
from specdiff.compare.diff import compare
from specdiff.loaders import load
comparison = compare(load(sys.argv[1]), load(sys.argv[2]), docs=sys.argv[4] == "docs")
with open(sys.argv[3], "wb") as handle:
    pickle.dump(comparison, handle, protocol=pickle.HIGHEST_PROTOCOL)
print(len(comparison.changes))
"""


def run_python(code: str, args: list[str], checkout: Path) -> str:
    """Run ``code`` in a fresh interpreter with ``checkout`` first on the path; its standard output."""
    command = [sys.executable, "-c", textwrap.dedent(code), *args]
    child = run_child(command, cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)})
    if child.returncode != 0:
        raise SystemExit(f"{checkout}: failed ({child.returncode}):\n{child.stderr}")
    return child.stdout


def bench_pair(old_version: str, new_version: str, cache: Path, options: argparse.Namespace) -> None:
    old_data, new_data = botocore_data(old_version, cache), botocore_data(new_version, cache)
    docs = "docs" if options.docs else "nodocs"
    checkouts = {"now": ROOT, **({"before": options.before} if options.before is not None else {})}
    with tempfile.TemporaryDirectory() as scratch:
        pickled = Path(scratch) / "comparison.pickle"
        count = run_python(COMPARE, [str(old_data), str(new_data), str(pickled), docs], ROOT).strip()
        print(f"\nbotocore {old_version} -> {new_version}{' with --docs' if options.docs else ''}: {count} changes", flush=True)
        rounds: dict[str, list[dict[str, list]]] = {name: [] for name in checkouts}
        for number in range(options.repeat):  # interleaved, so a busy spell hits every checkout alike
            for name, checkout in checkouts.items():
                measured: dict[str, list] = {}
                for measure in (FLOOR, FIND, *FORMATS):  # each alone in its process, as the command runs one
                    out = run_python(CHILD, [str(pickled), docs, json.dumps([measure])], checkout)
                    measured.update(json.loads(out.splitlines()[-1]))
                rounds[name].append(measured)
            print(f"  round {number + 1}/{options.repeat} done", flush=True)
    best = {name: {m: min(r[m][0] for r in runs) for m in runs[0]} for name, runs in rounds.items()}
    digests = {name: runs[0] for name, runs in rounds.items()}
    names = (FLOOR, FIND, *FORMATS)
    width = max(len(n) for n in names)
    header = f"  {'measure':<{width}}  {'cpu s':>6}  {'x floor':>7}"
    if "before" in best:
        header += f"  {'before s':>8}  {'x floor':>7}  {'speed-up':>8}  identical"
    print(header)
    for measure in names:
        now = best["now"][measure]
        line = f"  {measure:<{width}}  {now:6.3f}  {now / best['now'][FLOOR]:7.2f}"
        if "before" in best:
            before = best["before"][measure]
            same = digests["now"][measure][1] == digests["before"][measure][1]
            line += f"  {before:8.3f}  {before / best['before'][FLOOR]:7.2f}  {before / now:7.2f}x  {'yes' if same else 'NO'}"
        print(line)


def main() -> None:
    parser = pair_arguments(__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="Rounds of every measure; the least CPU time counts.")
    parser.add_argument("--docs", action="store_true", help="Compare with documentation changes too.")
    each_pair(parser.parse_args(), bench_pair)


if __name__ == "__main__":
    main()
