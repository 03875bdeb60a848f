"""Bench `specdiff stubs` on a large model (or the whole catalog) against mypy-boto3-builder, in one run.

    python bench/stubs.py [--botocore VERSION] [--service sagemaker | --catalog] [--cache DIR] [--repeat 3]

The botocore wheel (the newest unless ``--botocore``) is downloaded with pip into the
cache once, outside git: ``--cache``, else ``$SPECDIFF_BENCH_CACHE``, else
``~/.cache/specdiff-bench``. mypy-boto3-builder goes into its own venv under the cache
(``mypy-boto3-builder-venv``), with that same botocore, so both tools read the same model.

Measured, each in a fresh Python process: wall clock, CPU time (user + system, steadier
on a shared machine) and peak memory (the child's maximum resident set size), the last
two from ``os.wait4`` (CPU time includes the child's own workers, such as black's pool).

- ``specdiff stubs MODEL -o DIR --no-black`` and ``specdiff stubs MODEL -o DIR`` (what they
  run: ``write_stubs(load(MODEL), DIR)``, in a fresh interpreter; black runs on the
  statements with a line past 88 columns only);
- where specdiff's time goes: load, typing model and templates, black where needed, and
  black on every whole file (the confirmation: it must change nothing more);
- ``mypy --strict`` on specdiff's package (a fresh cache: what a user's first check costs);
- ``mypy_boto3_builder OUT --product boto3-services -s SERVICE`` (the baseline; it formats
  with black too; with ``--catalog``, every service);
- how far the two agree: method names, request keys (and which are required), response keys.

Ratios are the builder's time over specdiff's. The aim: at least 20x with black; the
whole catalog with black within 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from benchkit import ROOT, default_cache, run_child

sys.path.insert(0, str(ROOT))

from specdiff.loaders.wheels import botocore_data, run_pip  # noqa: E402


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    cpu_seconds: float  # user + system: steadier than wall time on a shared machine
    peak_mb: float
    failed: bool = False


def run(
    name: str, command: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None, may_fail: bool = False
) -> Measure:
    """Run a command to the end; its wall time, CPU time and peak memory (printed at once,
    so a long bench cut short keeps what it measured). A failure stops the bench."""
    child = run_child(command, cwd=cwd, env=env)
    if child.returncode != 0:
        last = (child.stdout + child.stderr).strip().splitlines()[-1:] or [""]
        if not may_fail:
            sys.exit(f"{name} failed (exit {child.returncode}):\n{(child.stdout + child.stderr)[-3000:]}")
        # the time until it failed: a ratio against it is a lower bound
        print(f"  {name} FAILED after {child.seconds:.0f}s (exit {child.returncode}): {last[0][:200]}", flush=True)
        return Measure(f"{name} (failed: times until then)", child.seconds, child.cpu_seconds, child.peak_mb, failed=True)
    print(f"  measured: {name}: {child.seconds:.2f}s wall, {child.cpu_seconds:.2f}s cpu, {child.peak_mb:.0f}MB", flush=True)
    return Measure(name, child.seconds, child.cpu_seconds, child.peak_mb)


def newest_botocore(cache: Path) -> str:
    """The newest botocore release pip can fetch (its wheel lands in the cache), else the newest cached."""
    run_pip(["download", "--no-deps", "--only-binary=:all:", "-q", "botocore", "-d", str(cache)])
    versions = [m.group(1) for p in cache.glob("botocore-*.whl") if (m := re.match(r"botocore-([\d.]+)-", p.name))]
    if not versions:
        sys.exit(f"no botocore wheel in {cache} and pip could not fetch one")
    return max(versions, key=lambda v: tuple(int(x) for x in v.split(".")))


def builder_venv(cache: Path, version: str) -> Path:
    """A venv holding mypy-boto3-builder and exactly this botocore (its dependencies stay out of ours)."""
    venv = cache / "mypy-boto3-builder-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [str(python), "-c", "import botocore, mypy_boto3_builder; print(botocore.__version__)"],
        capture_output=True, text=True, check=False,
    )
    if installed.returncode != 0 or installed.stdout.strip() != version:
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "mypy-boto3-builder", f"botocore=={version}"],
            check=True,
        )
    return python


BREAKDOWN = """
import sys, time
from specdiff.loaders import load
from specdiff.stubs import build_models, render_stubs
from specdiff.stubs.render import format_files
model_path, service, confirm = sys.argv[1], sys.argv[2], sys.argv[3] == "yes"
t0 = time.perf_counter(); spec = load(model_path); t1 = time.perf_counter()
files = render_stubs(spec, format=False)
t2 = time.perf_counter(); needed = format_files(files); t3 = time.perf_counter()
confirmed = format_files(files, everything=True) if confirm else needed; t4 = time.perf_counter()
assert needed == confirmed, [p for p in files if needed[p] != confirmed[p]][:10]
operations = sum(len(s.operations) for s in spec.services.values())
shapes = sum(len(s.shapes) for s in spec.services.values())
touched = sum(files[p] != needed[p] for p in files)
print(f"{len(spec.services)} services, {operations} operations, {shapes} shapes, "
      f"{sum(map(len, needed.values())) / 1e6:.2f} MB of stubs in {len(needed)} files "
      f"({len(files) - touched} as emitted, {touched} with a statement black reformatted)")
print(f"  {'load the model':52s} {t1 - t0:7.2f}s")
print(f"  {'typing model + templates':52s} {t2 - t1:7.2f}s")
print(f"  {'black where a line outgrows 88 columns':52s} {t3 - t2:7.2f}s")
if confirm:
    print(f"  {'black on every whole file (confirms: same bytes)':52s} {t4 - t3:7.2f}s")
"""


def _typed_dicts(path: Path) -> dict[str, dict[str, bool]]:
    """TypedDict name -> {key: required} of a type_defs.pyi (class and functional forms)."""
    found: dict[str, dict[str, bool]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = {
                f.target.id: not ast.unparse(f.annotation).startswith("NotRequired")
                for f in node.body
                if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)
            }
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.value.args) == 2:
            keys = node.value.args[1]
            if isinstance(keys, ast.Dict) and isinstance(node.targets[0], ast.Name):
                found[node.targets[0].id] = {
                    ast.literal_eval(k): not ast.unparse(v).startswith("NotRequired")
                    for k, v in zip(keys.keys, keys.values)
                    if k is not None
                }
    return found


def _client_methods(path: Path) -> dict[str, ast.FunctionDef]:
    return {
        f.name: f
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name.endswith("Client")
        for f in node.body
        if isinstance(f, ast.FunctionDef)
    }


def agreement(ours: Path, theirs: Path) -> str:
    """How far specdiff's types agree with the builder's: methods, request keys, response keys."""
    our_methods, their_methods = _client_methods(ours / "client.pyi"), _client_methods(theirs / "client.pyi")
    our_types, their_types = _typed_dicts(ours / "type_defs.pyi"), _typed_dicts(theirs / "type_defs.pyi")
    # the operations: botocore's own and injected members take positional parameters
    our_methods = {n: f for n, f in our_methods.items() if len(f.args.args) == 1 and not f.decorator_list}
    shared = sorted(our_methods.keys() & their_methods.keys())
    requests = responses = required = compared = 0
    for name in shared:
        ours_fn, theirs_fn = our_methods[name], their_methods[name]
        kwargs = ours_fn.args.kwarg
        request = ast.unparse(kwargs.annotation).removeprefix("Unpack[")[:-1] if kwargs and kwargs.annotation else None
        our_keys = our_types.get(request, {}) if request else {}
        # the builder spells requests as keyword-only parameters, optional ones with a default
        their_keys = {a.arg: d is None for a, d in zip(theirs_fn.args.kwonlyargs, theirs_fn.args.kw_defaults)}
        requests += our_keys == their_keys
        their_response = their_types.get(ast.unparse(theirs_fn.returns)) if theirs_fn.returns else None
        our_response = our_types.get(ast.unparse(ours_fn.returns)) if ours_fn.returns else None
        if their_response is not None and our_response is not None:
            compared += 1
            responses += our_response.keys() == their_response.keys()
            required += our_response == their_response
    return (
        f"{len(shared)} of {len(our_methods)} methods named alike; request keys and required ones "
        f"equal in {requests}/{len(shared)}; response keys equal in {responses}/{compared}, "
        f"and which are required in {required}/{compared} (the builder makes most top-level "
        "response keys required; specdiff follows the model's required list)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--botocore", help="botocore release (default: the newest)")
    parser.add_argument("--service", default="sagemaker")
    parser.add_argument("--catalog", action="store_true", help="every service of the release (the builder too)")
    parser.add_argument("--no-builder", action="store_true", help="skip the builder (no ratios)")
    parser.add_argument("--no-confirm", action="store_true", help="skip black on every whole file (the breakdown's last step)")
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--repeat", type=int, default=3, help="runs of each specdiff measure (the best counts)")
    args = parser.parse_args()
    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    version = args.botocore or newest_botocore(cache)
    data = botocore_data(version, cache)
    if args.catalog:
        model, what = data, "the whole catalog"
    else:
        models = sorted((data / args.service).glob("*/service-2.json*"))
        if not models:
            sys.exit(f"botocore {version} has no service {args.service!r}")
        model, what = models[-1], f"service {args.service}: {models[-1].relative_to(data)}"
    python = None if args.no_builder else builder_venv(cache, version)
    print(f"botocore {version}, {what}", flush=True)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    breakdown = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BREAKDOWN), str(model), args.service, "no" if args.no_confirm else "yes"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if breakdown.returncode != 0:
        sys.exit(f"the breakdown failed:\n{breakdown.stderr[-3000:]}")
    print(breakdown.stdout, end="", flush=True)

    with tempfile.TemporaryDirectory(prefix="specdiff-bench-stubs-") as scratch:
        work = Path(scratch)

        def specdiff_stubs(name: str, *, black: bool) -> Measure:
            runs = []
            for _ in range(args.repeat):
                out = work / "ours"
                shutil.rmtree(out, ignore_errors=True)
                # what `specdiff stubs` runs, through the library (the CLI adds typer's import)
                code = (
                    "from dataclasses import replace; from specdiff.loaders import load; "
                    "from specdiff.stubs import write_stubs; "
                    f"write_stubs(replace(load({str(model)!r}), version={version!r}), {str(out)!r}, format={black})"
                )
                runs.append(run(name, [sys.executable, "-c", code], env=env))
            return min(runs, key=lambda m: m.seconds)

        raw = specdiff_stubs("specdiff stubs --no-black", black=False)
        formatted = specdiff_stubs("specdiff stubs (black where needed)", black=True)
        measures = [raw, formatted]
        ours = sum(p.stat().st_size for p in (work / "ours").rglob("*.pyi"))
        if not args.catalog:
            package = next((work / "ours").glob(f"*/{args.service.replace('-', '_')}_stubs"))
            measures.append(run(
                "mypy --strict on specdiff's stubs",
                [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(work / "mypy-cache"), package.name],
                cwd=package.parent,
            ))
        builder = None
        if python is not None:
            services = [] if args.catalog else ["-s", args.service]
            builder = run(
                "mypy-boto3-builder",
                [str(python), "-m", "mypy_boto3_builder", str(work / "builder"), "--product", "boto3-services",
                 *services, "--no-smart-version", "-b", version],
                may_fail=args.catalog,  # a catalog the builder cannot finish still bounds its time
            )
            measures.append(builder)
            theirs = sum(p.stat().st_size for p in (work / "builder").rglob("*.pyi"))
            if not args.catalog and not builder.failed:
                builder_package = next((work / "builder").rglob("client.pyi")).parent
                agreed = agreement(package, builder_package)

    print()
    print(f"  {'':44s} {'wall':>8s} {'cpu':>8s} {'peak':>7s} {'builder/this wall':>18s} {'cpu':>6s}")
    for measure in measures:
        ratio = f"{builder.seconds / measure.seconds:17.1f}x {builder.cpu_seconds / measure.cpu_seconds:5.1f}x" if builder else ""
        print(f"  {measure.name:44s} {measure.seconds:7.2f}s {measure.cpu_seconds:7.2f}s {measure.peak_mb:5.0f}MB {ratio}")
    print(f"\n  stubs written: specdiff {ours / 1e6:.2f} MB (.pyi)" + (f", builder {theirs / 1e6:.2f} MB (.pyi)" if builder else ""))
    if builder and not args.catalog and not builder.failed:
        print(f"  agreement with the builder: {agreed}")
    if builder:
        ratio, cpu_ratio = builder.seconds / formatted.seconds, builder.cpu_seconds / formatted.cpu_seconds
        met = "met" if min(ratio, cpu_ratio) >= 20 else "NOT met"
        bound = "at least " if builder.failed else ""
        print(f"  aim 20x for {formatted.name}: {bound}{ratio:.1f}x wall, {bound}{cpu_ratio:.1f}x cpu: {met}"
              + (" (the builder failed before the end: its time until then)" if builder.failed else ""))
    if args.catalog:
        print(f"  aim: the whole catalog with black within 60 s: {formatted.seconds:.1f}s: "
              f"{'met' if formatted.seconds <= 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
