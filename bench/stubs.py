"""Bench `specdiff stubs` on a whole large model against mypy-boto3-builder, in one run.

    python bench/stubs.py [--botocore VERSION] [--service sagemaker] [--cache DIR] [--repeat 3]

The botocore wheel (the newest unless ``--botocore``) is downloaded with pip into the
cache once, outside git: ``--cache``, else ``$SPECDIFF_BENCH_CACHE``, else
``~/.cache/specdiff-bench``. mypy-boto3-builder goes into its own venv under the cache
(``mypy-boto3-builder-venv``), with that same botocore, so both tools read the same model.

Measured, each in a fresh Python process: wall clock, CPU time (user + system, steadier
on a shared machine) and peak memory (the child's maximum resident set size), the last
two from ``os.wait4`` (CPU time includes the child's own workers, such as black's pool).

- ``specdiff stubs MODEL -o DIR --no-black`` and ``specdiff stubs MODEL -o DIR`` (what they
  run: ``write_stubs(load(MODEL), DIR)``, in a fresh interpreter);
- where specdiff's time goes: load, typing model and templates, black (one process and
  the process pool);
- ``mypy --strict`` on specdiff's package (a fresh cache: what a user's first check costs);
- ``mypy_boto3_builder OUT --product boto3-services -s SERVICE`` (the baseline; it also
  formats with black, and writes paginators and waiters that specdiff does not);
- how far the two agree: method names, request keys (and which are required), response keys.

Ratios are the builder's time over specdiff's. The aim: at least 2x with black, 10x
without.
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


def run(name: str, command: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Measure:
    """Run a command to the end; its wall time, CPU time and peak memory. A failure stops the bench."""
    child = run_child(command, cwd=cwd, env=env)
    if child.returncode != 0:
        sys.exit(f"{name} failed (exit {child.returncode}):\n{(child.stdout + child.stderr)[-3000:]}")
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
from specdiff.stubs import build_models
from specdiff.stubs.render import format_files, render_package
model_path, service = sys.argv[1], sys.argv[2]
t0 = time.perf_counter(); spec = load(model_path); t1 = time.perf_counter()
files = {}
for model in build_models(spec):
    files.update(render_package(model))
t2 = time.perf_counter(); one = format_files(files, jobs=1); t3 = time.perf_counter()
pooled = format_files(files); t4 = time.perf_counter()
assert one == pooled
service_ = spec.services[service]
same = sum(files[p] == one[p] for p in files)
print(f"{len(service_.operations)} operations, {len(service_.shapes)} shapes, "
      f"{sum(map(len, one.values())) / 1e6:.2f} MB of stubs in {len(one)} files "
      f"({same} already black-stable as emitted)")
print(f"  {'load the model':44s} {t1 - t0:7.2f}s")
print(f"  {'typing model + templates':44s} {t2 - t1:7.2f}s")
print(f"  {'black, one process':44s} {t3 - t2:7.2f}s")
print(f"  {'black, process pool':44s} {t4 - t3:7.2f}s")
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
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--repeat", type=int, default=3, help="runs of each specdiff measure (the best counts)")
    args = parser.parse_args()
    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    version = args.botocore or newest_botocore(cache)
    data = botocore_data(version, cache)
    models = sorted((data / args.service).glob("*/service-2.json*"))
    if not models:
        sys.exit(f"botocore {version} has no service {args.service!r}")
    model = models[-1]
    python = builder_venv(cache, version)
    print(f"botocore {version}, service {args.service}: {model.relative_to(data)}")

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    breakdown = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BREAKDOWN), str(model), args.service],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    print(breakdown.stdout, end="")

    with tempfile.TemporaryDirectory(prefix="specdiff-bench-stubs-") as scratch:
        work = Path(scratch)

        def specdiff_stubs(name: str, *, black: bool) -> Measure:
            runs = []
            for _ in range(args.repeat):
                out = work / "ours"
                shutil.rmtree(out, ignore_errors=True)
                # what `specdiff stubs` runs, through the library (the CLI adds typer's import)
                code = (
                    "from specdiff.loaders import load; from specdiff.stubs import write_stubs; "
                    f"write_stubs(load({str(model)!r}), {str(out)!r}, format={black})"
                )
                runs.append(run(name, [sys.executable, "-c", code], env=env))
            return min(runs, key=lambda m: m.seconds)

        raw = specdiff_stubs("specdiff stubs --no-black", black=False)
        formatted = specdiff_stubs("specdiff stubs (black)", black=True)
        package = next((work / "ours").glob("*_stubs"))
        checked = run(
            "mypy --strict on specdiff's stubs",
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(work / "mypy-cache"), package.name],
            cwd=work / "ours",
        )
        builder = run(
            "mypy-boto3-builder",
            [str(python), "-m", "mypy_boto3_builder", str(work / "builder"), "--product", "boto3-services",
             "-s", args.service, "--no-smart-version", "-b", version],
        )
        theirs = sum(p.stat().st_size for p in (work / "builder").rglob("*.pyi"))
        ours = sum(p.stat().st_size for p in package.rglob("*.pyi"))
        builder_package = next((work / "builder").rglob("client.pyi")).parent
        agreed = agreement(package, builder_package)

    print()
    print(f"  {'':40s} {'wall':>8s} {'cpu':>8s} {'peak':>7s} {'builder/this wall':>18s} {'cpu':>6s}")
    for measure in (raw, formatted, checked, builder):
        print(f"  {measure.name:40s} {measure.seconds:7.2f}s {measure.cpu_seconds:7.2f}s {measure.peak_mb:5.0f}MB "
              f"{builder.seconds / measure.seconds:17.1f}x {builder.cpu_seconds / measure.cpu_seconds:5.1f}x")
    print(f"\n  stubs written: specdiff {ours / 1e6:.2f} MB (.pyi), builder {theirs / 1e6:.2f} MB (.pyi, with paginators and waiters)")
    print(f"  agreement with the builder: {agreed}")
    aims = [(formatted, 2.0), (raw, 10.0)]
    for measure, aim in aims:
        ratio = builder.seconds / measure.seconds
        cpu_ratio = builder.cpu_seconds / measure.cpu_seconds
        met = "met" if min(ratio, cpu_ratio) >= aim else "NOT met"
        print(f"  aim {aim:.0f}x for {measure.name}: {ratio:.1f}x wall, {cpu_ratio:.1f}x cpu: {met}")


if __name__ == "__main__":
    main()
