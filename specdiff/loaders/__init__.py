"""Read any input specdiff accepts into a :class:`~specdiff.model.Spec`, by its content."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from specdiff.errors import InputError, JSONSyntaxError
from specdiff.inputfiles import decode_text, named_json, parse_json, read_input_bytes
from specdiff.loaders.botocore import (
    PAGINATORS_FILENAMES,
    WAITERS_FILENAMES,
    beside,
    layout_name,
    load_model_document,
    looks_like_model,
    paginators_from_document,
    service_from_model,
    waiters_from_document,
)
from specdiff.loaders.catalog import CatalogServices, ServiceFiles, find_services
from specdiff.loaders.shapes import fully_built
from specdiff.model import Paginator, Service, Spec, Waiter

__all__ = ["collector_paused", "load", "load_catalog", "load_folder_model", "read_input_bytes", "decode_text"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a spec is built (or two are compared).

    Loading builds hundreds of thousands of acyclic objects (a catalog: ~90k shapes), and
    each allocation burst triggers collections that rescan the whole growing heap: with
    the collector on, loading a catalog takes about twice as long.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(path: str | Path) -> Spec:
    """Load one input: a model, a data folder, a page (text or HTML), a snapshot, or a
    botocore release (``botocore==1.35.0[:SERVICE]``, ``botocore@requirements.txt``)."""
    with collector_paused():
        from specdiff.loaders.release import is_release, load_release

        # os.path.exists: a name too long to be a file is no file (Path.exists raises)
        if is_release(str(path)) and not os.path.exists(path):
            return load_release(str(path))
        return _load(Path(path))


def _load(path: Path) -> Spec:
    source = str(path)
    if path.is_dir():
        return load_catalog(path)
    data = read_input_bytes(path)
    if not data.strip():
        raise InputError("empty file: expected a botocore model, a changelog page or a snapshot", source=source)
    if b"\x00" in data[:4096]:
        raise InputError("binary data: expected a botocore model, a changelog page or a snapshot", source=source)
    text = decode_text(data, source)
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            document = parse_json(text, source)
        except JSONSyntaxError:
            # Not JSON after all: a file named *.json is meant as JSON, and its error says
            # where it breaks; any other is read as a page (one may open with "{" or "[").
            if named_json(path):
                raise
        else:
            return _load_json(document, source, path)
    from specdiff.loaders.page import (
        load_page_text,  # the page reader builds a Lark parser
    )

    return load_page_text(text, source=source)


def _load_json(document: Any, source: str, path: Path) -> Spec:
    if looks_like_model(document):
        # A model file in a botocore layout is named by its folder, as botocore names it,
        # and its paginators and waiters sit beside it; any other file is named by its metadata.
        paginators, waiters = _client_files(beside(path, PAGINATORS_FILENAMES), beside(path, WAITERS_FILENAMES))
        return load_model_document(
            document, source=source, name=layout_name(path), paginators=paginators, waiters=waiters
        )
    if isinstance(document, dict) and document.get("format") == "specdiff-snapshot":
        from specdiff.loaders.snapshot import spec_from_snapshot

        return spec_from_snapshot(document, source=source)
    raise InputError(
        "JSON that is neither a botocore service model nor a specdiff snapshot", source=source
    )


def load_catalog(folder: str | Path, *, lazy: bool = True) -> Spec:
    """Every service model in a botocore data folder (``<service>/<api-version>/service-2.json``).

    The services are a :class:`~specdiff.loaders.catalog.CatalogServices`: each is built
    when first read, and a comparison passes by those whose files two catalogs share.
    ``lazy=False`` builds every service and every shape now, into plain dicts (what a
    comparison then compares in full: the same result, the slow way).
    """
    source, folder = str(folder), Path(folder)
    files = find_services(folder)
    if not files:
        raise InputError(
            "folder holds no botocore models (expected <service>/<api-version>/service-2.json[.gz])",
            source=source,
        )
    services = CatalogServices(files, _catalog_service)
    if not lazy:
        with collector_paused():
            built = {name: fully_built(service) for name, service in services.items()}
            return Spec(kind="catalog", source=source, services=built)
    return Spec(kind="catalog", source=source, services=services)  # type: ignore[arg-type]


def _catalog_service(files: ServiceFiles) -> Service:
    with collector_paused():  # the files beside the model are known from the folder's listing
        return _folder_model(files.model, files.name, files.paginators, files.waiters)


def load_folder_model(path: Path, name: str) -> Service:
    """One model file of a data folder, as :func:`load_catalog` reads it: named ``name``."""
    with collector_paused():
        return _folder_model(path, name, beside(path, PAGINATORS_FILENAMES), beside(path, WAITERS_FILENAMES))


def _folder_model(path: Path, name: str, paginators_file: Path | None, waiters_file: Path | None) -> Service:
    source = str(path)
    document = _read_json(path)
    if not looks_like_model(document):
        raise InputError("not a botocore service model", source=source)
    paginators, waiters = _client_files(paginators_file, waiters_file)
    return service_from_model(document, source=source, name=name, paginators=paginators, waiters=waiters, lazy=True)


def _client_files(paginators_file: Path | None, waiters_file: Path | None) -> tuple[dict[str, Paginator], dict[str, Waiter]]:
    """The paginators and waiters of a model's ``paginators-1.json``/``waiters-2.json``."""
    paginators: dict[str, Paginator] = {}
    waiters: dict[str, Waiter] = {}
    if paginators_file is not None:
        paginators = paginators_from_document(_read_json(paginators_file), source=str(paginators_file))
    if waiters_file is not None:
        waiters = waiters_from_document(_read_json(waiters_file), source=str(waiters_file))
    return paginators, waiters


def _read_json(path: Path) -> Any:
    source = str(path)
    return parse_json(decode_text(read_input_bytes(path), source), source)
