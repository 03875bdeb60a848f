"""Typed Python stub distributions for services: one per service, and one typing boto3 itself."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from specdiff.errors import SpecdiffError, UsageError
from specdiff.model import Spec
from specdiff.safewrite import ensure_folder, new_folder, remove_tree, swap_folder, write_atomic
from specdiff.stubs.distribution import (
    boto3_distribution,
    boto3_model,
    distribution_folder,
    distribution_version,
    service_distribution,
)
from specdiff.stubs.naming import NameAllocator, class_name, package_name
from specdiff.stubs.render import format_files, render_boto3, render_package, render_pyproject
from specdiff.stubs.typedefs import StubModel, build_model

__all__ = ["build_models", "package_names", "render_stubs", "shared_files", "write_stubs"]


def package_names(spec: Spec) -> dict[str, str]:
    """The package (folder) name of each service of a spec: sanitised, unique, stable."""
    return _packages(spec.services)


def _packages(services: Collection[str]) -> dict[str, str]:
    # "boto3" is the boto3 distribution's (specdiff-stubs-boto3): no service may take it
    packages = NameAllocator({"boto3_stubs"})
    return {name: packages.take(package_name(name).removesuffix("_stubs"), "_stubs") for name in sorted(services)}


def build_models(spec: Spec, services: Collection[str] | None = None) -> list[StubModel]:
    """The typing model of every service of a spec (or of the named ones), in name order."""
    packages = package_names(spec)
    return [
        build_model(spec.services[name], package)
        for name, package in packages.items()
        if services is None or name in services
    ]


def render_stubs(
    spec: Spec,
    *,
    format: bool = True,
    jobs: int | None = None,
    services: Collection[str] | None = None,
    shared: bool = True,
) -> dict[str, str]:
    """Every file of the stub distributions of a spec, by path relative to the output folder.

    One folder per distribution: ``specdiff-stubs-<service>/`` (its ``pyproject.toml`` and
    the ``<service>_stubs`` package) and ``specdiff-stubs-boto3/`` (``boto3-stubs``, which
    types ``boto3.client`` and ``Session.client`` for every service of the spec).

    ``format=False`` skips black (see :func:`specdiff.stubs.render.format_files`);
    ``services`` renders only those services' modules; the files that depend only on the
    spec's service names and version (:func:`shared_files`) are rendered for the whole
    spec unless ``shared=False`` (a spec that is one part of a bigger one).
    """
    files: dict[str, str] = {}
    for model in build_models(spec, services):
        files.update(render_package(model, distribution_folder(model.package)))
    if shared:
        files.update(shared_files(spec.services, distribution_version(spec)))
    if format:
        files = format_files(files, jobs=jobs)
    return dict(sorted(files.items()))


def shared_files(services: Collection[str], version: str) -> dict[str, str]:
    """The files of a distribution set that depend on its service names and version alone:
    each distribution's ``pyproject.toml`` and the distribution typing boto3 (empty for no
    service). So a patch between two catalogs can carry them without rendering a service."""
    packages = _packages(services)
    if not packages:
        return {}
    files = {}
    for name, package in packages.items():
        dist = service_distribution(name, package, version)
        files[f"{dist.folder}/pyproject.toml"] = render_pyproject(dist)
    clients = [(name, package, class_name(package)) for name, package in packages.items()]
    files.update(render_boto3(boto3_distribution(version), boto3_model(clients, version)))
    return files


def write_stubs(spec: Spec, out_dir: str | Path, *, format: bool = True, jobs: int | None = None) -> list[Path]:
    """Render the stub distributions of a spec and write them under ``out_dir``; the paths written.

    Everything is rendered before anything is written. Each distribution is then written whole
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
    for leftover in root.glob(f".{package}.[no][el][wd]-*"):  # of a run killed mid-swap
        if leftover.is_dir() and not leftover.is_symlink():
            remove_tree(leftover)
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
