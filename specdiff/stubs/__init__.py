"""Typed Python stub packages for services: one package per service of a spec."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from specdiff.errors import SpecdiffError, UsageError
from specdiff.model import Spec
from specdiff.safewrite import ensure_folder, new_folder, remove_tree, swap_folder, write_atomic
from specdiff.stubs.naming import NameAllocator, package_name
from specdiff.stubs.render import format_files, render_package
from specdiff.stubs.typedefs import StubModel, build_model

__all__ = ["build_models", "package_names", "render_stubs", "write_stubs"]


def package_names(spec: Spec) -> dict[str, str]:
    """The package (folder) name of each service of a spec: sanitised, unique, stable."""
    packages = NameAllocator()
    return {
        name: packages.take(package_name(name).removesuffix("_stubs"), "_stubs")
        for name in sorted(spec.services)
    }


def build_models(spec: Spec, services: Collection[str] | None = None) -> list[StubModel]:
    """The typing model of every service of a spec (or of the named ones), in name order."""
    packages = package_names(spec)
    return [
        build_model(spec.services[name], package)
        for name, package in packages.items()
        if services is None or name in services
    ]


def render_stubs(
    spec: Spec, *, format: bool = True, jobs: int | None = None, services: Collection[str] | None = None
) -> dict[str, str]:
    """Every file of the stub packages of a spec, by path relative to the output folder.

    ``format=False`` skips black (the text is already close to its style, but not equal);
    ``services`` renders only those services (their package names stay the same).
    """
    files: dict[str, str] = {}
    for model in build_models(spec, services):
        files.update(render_package(model))
    if format:
        files = format_files(files, jobs=jobs)
    return dict(sorted(files.items()))


def write_stubs(spec: Spec, out_dir: str | Path, *, format: bool = True, jobs: int | None = None) -> list[Path]:
    """Render the stubs of a spec and write them under ``out_dir``; the paths written.

    Everything is rendered before anything is written. Each package is then written whole
    into a staging folder beside it and swapped in by renames, so a failure leaves the
    previous package as it was, and files the new version no longer has do not linger.
    """
    root = Path(out_dir)
    files = render_stubs(spec, format=format, jobs=jobs)
    if not files:
        raise UsageError("the input holds no service to write stubs for", source=spec.source)
    targets = [(_inside(root, relative), relative, text) for relative, text in files.items()]
    packages: dict[str, list[tuple[str, str]]] = {}
    for _, relative, text in targets:
        package, _, inner = relative.partition("/")
        packages.setdefault(package, []).append((inner, text))
    try:
        for package, members in sorted(packages.items()):
            _replace_package(root, package, members)
    except OSError as exc:
        raise SpecdiffError(f"cannot write stubs under {root}: {exc.strerror or exc}") from None
    return [path for path, _, _ in targets]


def _replace_package(root: Path, package: str, members: list[tuple[str, str]]) -> None:
    ensure_folder(root)
    staging = new_folder(root, f".{package}.new-")
    try:
        for inner, text in members:
            write_atomic(staging / inner, text, root=staging)
        swap_folder(staging, root / package)
    finally:
        if staging.exists():
            remove_tree(staging)


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would leave ``root``."""
    path = root / relative
    base = root.resolve()
    if ".." in Path(relative).parts or Path(relative).is_absolute() or not path.resolve().is_relative_to(base):
        # names are sanitised, so only a link already in the folder can lead out of it
        raise SpecdiffError(f"refusing to write {path}: it leads outside {root}")
    return path
