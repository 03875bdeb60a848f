"""A mapping by name whose values are built when first read: a catalog's services, a model's shapes and operations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

__all__ = ["BuiltOnRead"]

Source = TypeVar("Source")
Built = TypeVar("Built")


class BuiltOnRead(Mapping[str, Built], Generic[Source, Built]):
    """Names, in name order, each with what its value is built from (``sources``).

    ``len``, ``in`` and iterating the names read nothing; a subclass builds a value in
    ``__getitem__`` and keeps it in ``_built``.
    """

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = sources
        self._names = sorted(sources)
        self._built: dict[str, Built] = {}

    def get(self, name: str, default: Built | None = None) -> Built | None:  # type: ignore[override]
        # Not Mapping.get: it would take a KeyError from inside a build for a name held.
        return self[name] if name in self._sources else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._sources

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self._names)} held, {len(self._built)} built)"
