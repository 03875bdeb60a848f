"""Typed stubs for Shadows (s3)."""

from typing_extensions import Unpack

from .type_defs import (
    DoneWaitTypeDef,
    ReadyWaitTypeDef,
)

__all__ = (
    "DoneWaiter",
    "ReadyWaiter",
)

class DoneWaiter:
    def wait(self, **kwargs: Unpack[DoneWaitTypeDef]) -> None: ...

class ReadyWaiter:
    def wait(self, **kwargs: Unpack[ReadyWaitTypeDef]) -> None: ...
