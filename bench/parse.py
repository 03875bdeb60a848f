"""Bench the page reader against the floor of any Lark-based reader.

    python bench/parse.py [--runs 7] [--clock cpu|wall] [--profile]

Three pages: the real lossy page (fixtures/pages/sagemaker-2019-10-24.txt.gz, 138 kB) and
two large pages built by repeating its method sections with the methods renamed so that no
two are alike (~1 MB and ~5 MB: reading time must grow linearly with size). On each, in
the same run and on the same normalised text:

- (a) splitting the text into lines (``str.split``): what reading the bytes costs at all;
- (b) a minimal Lark LALR pass that only classifies lines (``start: line*``,
  ``line: LINE _NL``, one regex terminal) and builds its tree: the floor of any reader
  that runs Lark over the page;
- ``parse_page``: the reader (grammar, post-lexer, Transformer, syntax and bullet trees).

Each figure is the median (and the minimum) of ``--runs`` runs after one warm-up (the
parser is built once and cached, as in use), the three taken in turn so that a busy
moment of the machine hits them alike. Time is the process's CPU time
(``time.process_time``): on a shared machine wall time also counts waiting for a core;
``--clock wall`` measures wall time instead. Ratios are against (b), median to median. The aim: within 3x of (b), the real page
well under 50 ms, at least 4 MB/s on the large page, and time per MB flat from 1 to 5 MB.
``--profile`` adds a cProfile of the reader on the ~1 MB page (top 25 by own time).

Then the site corpus (fixtures/pages/site/: real pages in their HTML and four crawl
forms, with the generator's own facts in its manifest), read whole:

- read rate: pages that read / pages (every form);
- agreement, per form, of ``specdiff OLD_MODEL PAGE`` (the trimmed old models beside it)
  with the manifest: facts agreeing / facts; invented (read, not in the manifest); lost
  and not flagged (in the manifest, not read, and the method neither partial nor named
  in the comparison's ``incomplete``);
- time on the largest real page (lightsail, 1.5 MB of HTML) in its whole-page text form,
  against (b) on the same text.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lark import Lark  # noqa: E402

from specdiff.pages.reader import normalise, parse_page  # noqa: E402

REAL_PAGE = ROOT / "fixtures" / "pages" / "sagemaker-2019-10-24.txt.gz"
SITE = ROOT / "fixtures" / "pages" / "site"
FORMS = ("html", "full", "main", "full.dedup", "main.dedup")

FLOOR_GRAMMAR = r"""
start: line*
line: LINE _NL
LINE: /[^\n]+/
_NL: /\n+/
"""

_METHOD = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)(\s+\((?:new|updated)\) Link)", re.M)


def large_page(text: str, target_bytes: int) -> str:
    """The real page's title and summary, then its method sections again and again, renamed."""
    first = _METHOD.search(text)
    assert first is not None
    head, body = text[: first.start()], text[first.start() :]
    if not body.endswith("\n"):
        body += "\n"
    parts: list[str] = []
    size, copy, methods = len(head.encode()), 0, 0
    while size < target_bytes:
        renamed = _METHOD.sub(lambda m: f"{m.group(1)}{copy:05d}{m.group(2)}", body)
        methods += len(_METHOD.findall(body))
        parts.append(renamed)
        size += len(renamed.encode())
        copy += 1
    title, _, rest = head.partition("\n")
    title = re.sub(r"\d+ updated api methods", f"{methods} updated api methods", title)
    return title + "\n" + rest + "".join(parts)


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def timings(work: dict[str, Callable[[], object]], runs: int, clock: Callable[[], float]) -> dict[str, list[float]]:
    """Run each piece of work ``runs`` times, in turn, after one warm-up each."""
    for job in work.values():
        job()  # warm-up: caches, the built parser
    times: dict[str, list[float]] = {label: [] for label in work}
    for _ in range(runs):
        for label, job in work.items():
            start = clock()
            job()
            times[label].append(clock() - start)
    return times


def bench(name: str, text: str, floor: Lark, runs: int, clock: Callable[[], float]) -> dict[str, float]:
    megabytes = len(text.encode("utf-8")) / 1e6
    times = timings(
        {
            "(a) split lines": lambda: text.split("\n"),
            "(b) Lark floor": lambda: floor.parse(text),
            "parse_page": lambda: parse_page(text),
        },
        runs,
        clock,
    )
    medians = {label: statistics.median(values) for label, values in times.items()}
    base = medians["(b) Lark floor"]
    print(f"\n{name}: {megabytes:.2f} MB, {text.count(chr(10))} lines, {runs} runs")
    print(f"  {'':18} {'median ms':>10} {'min ms':>9} {'MB/s':>7} {'ms/MB':>8} {'vs (b)':>7}")
    for label, seconds in medians.items():
        print(
            f"  {label:18} {seconds * 1e3:10.2f} {min(times[label]) * 1e3:9.2f} "
            f"{megabytes / seconds:7.1f} {seconds * 1e3 / megabytes:8.2f} {seconds / base:6.2f}x"
        )
    return {label: seconds / megabytes for label, seconds in medians.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median reported)")
    parser.add_argument("--profile", action="store_true", help="cProfile the reader on the ~1 MB page")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu", help="cpu (default) or wall time")
    args = parser.parse_args()
    clock = CLOCKS[args.clock]

    real = normalise(gzip.decompress(REAL_PAGE.read_bytes()).decode("utf-8"))
    one_mb = large_page(real, 1_000_000)
    five_mb = large_page(real, 5_000_000)
    counted = re.search(r"(\d+) updated api", five_mb)
    assert counted is not None and len(parse_page(five_mb).methods) == int(counted.group(1))

    floor = Lark(FLOOR_GRAMMAR, parser="lalr")
    print(f"clock: {args.clock} time")
    bench("real page", real, floor, args.runs, clock)
    per_mb_1 = bench("large page ~1 MB", one_mb, floor, max(3, args.runs // 2), clock)
    per_mb_5 = bench("large page ~5 MB", five_mb, floor, max(3, args.runs // 2), clock)
    print("\nlinearity (time per MB at ~5 MB / at ~1 MB):")
    for label in per_mb_1:
        print(f"  {label:18} {per_mb_5[label] / per_mb_1[label]:.2f}")

    corpus(floor, max(3, args.runs // 2), clock)

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        parse_page(one_mb)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


def _facts(comparison) -> set[tuple]:
    facts: set[tuple] = set()
    for c in comparison.changes:
        values = c.added if c.rule.value == "enum-value-added" else (None,)
        facts.update((c.rule.value, c.operation, c.direction, c.path, v) for v in values)
    return facts


def _manifest_facts(entry: dict) -> set[tuple]:
    facts: set[tuple] = set()
    for method in entry["methods"]:
        if method["status"] == "new":
            facts.add(("operation-added", method["name"], None, "", None))
        for direction in ("request", "response"):
            shown = method.get(direction, {})
            facts.update(("member-added", method["name"], direction, p, None) for p in shown.get("members_added", ()))
            for path, values in shown.get("enum_values_added", {}).items():
                facts.update(("enum-value-added", method["name"], direction, path, v) for v in values)
    return facts


def corpus(floor: Lark, runs: int, clock: Callable[[], float]) -> None:
    import json

    from specdiff.compare.diff import compare
    from specdiff.compare.pages import changes_on_page
    from specdiff.errors import SpecdiffError
    from specdiff.loaders import load

    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    read = total = 0
    tally = {form: [0, 0, 0, 0] for form in FORMS}  # facts, agreeing, invented, lost unflagged
    for entry in manifest["pages"]:
        expected = _manifest_facts(entry)
        old = None if entry["new_service"] else load(SITE / "models" / f"{entry['service']}-{entry['old']}.json.gz")
        for form in FORMS:
            total += 1
            try:
                page = load(SITE / entry["files"][form])
            except SpecdiffError:
                continue
            read += 1
            comparison = changes_on_page(page) if old is None else compare(old, page)
            got = _facts(comparison)
            partial = {m.name for m in page.page.methods if m.partial}
            unflagged = [
                f for f in expected - got
                if f[1] not in partial and not any(n.startswith(f[1] + ":") for n in comparison.incomplete)
            ]
            counts = tally[form]
            counts[0] += len(expected)
            counts[1] += len(expected & got)
            counts[2] += len(got - expected)
            counts[3] += len(unflagged)
    print(f"\nsite corpus: {len(manifest['pages'])} pages x {len(FORMS)} forms")
    print(f"  read: {read} / {total}")
    print(f"  {'form':12} {'facts':>6} {'agreeing':>9} {'invented':>9} {'lost, not flagged':>18}")
    for form, (facts, agreeing, invented, unflagged) in tally.items():
        print(f"  {form:12} {facts:6} {agreeing:9} {invented:9} {unflagged:18}")
    largest = max(manifest["pages"], key=lambda e: e["sizes"]["html"]["bytes"])
    text = normalise(gzip.decompress((SITE / largest["files"]["full"]).read_bytes()).decode("utf-8"))
    bench(f"largest site page ({largest['name']}, whole-page text)", text, floor, runs, clock)


if __name__ == "__main__":
    main()
