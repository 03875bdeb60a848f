"""Bench the safe writer on the whole-catalog watch step: the step written through
``safewrite`` (folder checks, no FIFOs, umask modes, sealed cache entries) against the same
step with the plain writer it replaced (temporary file, fsync, rename; no checks).

    python bench/safewrite.py [--cache DIR] [--pair 1.35.0 1.35.1] [--repeat 3]

Both variants run in this process, alternating, each in a fresh state and output folder,
with a warm formatted-stubs cache (each variant its own), so that what differs is the
writing. The aim: the ratio within noise of 1.00.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import specdiff.job.state as state_module  # noqa: E402
import specdiff.job.watch as watch_module  # noqa: E402
import specdiff.stubs.formatcache as cache_module  # noqa: E402
from specdiff.job.sources import parse_source  # noqa: E402
from specdiff.job.watch import WatchOptions, run_watch  # noqa: E402
from specdiff.safewrite import write_atomic  # noqa: E402


def plain_write(path: str | Path, content: str | bytes, **_: object) -> None:
    """The writer before: mkstemp (mode 0600), fsync, rename; no checks of any kind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def plain_folder(folder: Path, **_: object) -> Path:
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


def use(variant: str) -> None:
    safe = variant == "safewrite"
    state_module.write_atomic = write_atomic if safe else plain_write  # type: ignore[assignment]
    cache_module.write_atomic = write_atomic if safe else plain_write  # type: ignore[assignment]
    watch_module.check_output = (lambda path, root: None) if not safe else _real_check  # type: ignore[assignment]
    watch_module.ensure_folder = plain_folder if not safe else _real_ensure  # type: ignore[assignment]


_real_check, _real_ensure = watch_module.check_output, watch_module.ensure_folder


def run(variant: str, source_text: str, cache: Path, work: Path) -> float:
    use(variant)
    folder = Path(tempfile.mkdtemp(dir=work))
    options = WatchOptions(formats=("markdown",), jobs=1, formatted_cache=work / f"formatted-{variant}")
    writer = write_atomic if variant == "safewrite" else plain_write
    started = time.perf_counter()
    run_watch(parse_source(source_text, cache=cache), state_dir=folder / "state", out_dir=folder / "out",
              options=options, writer=writer)
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("SPECDIFF_BENCH_CACHE", "/work/cache/wheels")))
    parser.add_argument("--pair", nargs=2, default=["1.35.0", "1.35.1"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source_text = f"botocore:{args.pair[0]},{args.pair[1]}"
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for variant in ("plain", "safewrite"):  # warm each variant's formatted-stubs cache
            run(variant, source_text, args.cache, work)
        times: dict[str, list[float]] = {"plain": [], "safewrite": []}
        for _ in range(args.repeat):
            for variant in ("plain", "safewrite"):
                times[variant].append(run(variant, source_text, args.cache, work))
    plain, safe = statistics.median(times["plain"]), statistics.median(times["safewrite"])
    print(f"whole-catalog step botocore {args.pair[0]} -> {args.pair[1]}, --jobs 1, warm formatted-stubs cache")
    for variant, values in times.items():
        print(f"  {variant:10s} median {statistics.median(values):6.2f} s  runs {', '.join(f'{v:.2f}' for v in values)}")
    print(f"  ratio safewrite / plain: {safe / plain:.3f}")


if __name__ == "__main__":
    main()
