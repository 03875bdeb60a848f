"""Typed stubs for Shadows (s3)."""

from builtins import (
    dict as _dict,
    int as _int,
    list as _list,
    object as _object,
    str as _str,
    type as _type,
)
from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from typing import Any as _Any, IO

from typing_extensions import Unpack as _Unpack

from .exceptions import (
    ClientError_2,
    S3Exceptions_2,
    type_2,
)
from .type_defs import (
    EmptyResponseMetadataTypeDef,
    OutTypeDef,
    ReqTypeDef,
)

__all__ = ("S3Client", "S3Exceptions")

class S3Client:
    def Any(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def ClientMeta(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def ListPaginator(
        self, **kwargs: _Unpack[ReqTypeDef]
    ) -> EmptyResponseMetadataTypeDef: ...
    def Literal(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def ReadyTypeDef(
        self, **kwargs: _Unpack[ReqTypeDef]
    ) -> EmptyResponseMetadataTypeDef: ...
    def ReadyWaiter(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def StreamingBody(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def Unpack(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def bool(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def can_paginate(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def close(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def copy(
        self,
        CopySource: Mapping[_str, _str],
        Bucket: _str,
        Key: _str,
        ExtraArgs: Mapping[_str, _Any] | None = None,
        Callback: Callable[[_int], _object] | None = None,
        SourceClient: _Any | None = None,
        Config: _Any | None = None,
    ) -> None: ...
    def dict(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def download_file(
        self,
        Bucket: _str,
        Key: _str,
        Filename: _str | PathLike[_str],
        ExtraArgs: Mapping[_str, _Any] | None = None,
        Callback: Callable[[_int], _object] | None = None,
        Config: _Any | None = None,
    ) -> None: ...
    def download_fileobj(
        self,
        Bucket: _str,
        Key: _str,
        Fileobj: IO[bytes],
        ExtraArgs: Mapping[_str, _Any] | None = None,
        Callback: Callable[[_int], _object] | None = None,
        Config: _Any | None = None,
    ) -> None: ...
    def exceptions(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def generate_presigned_post(
        self,
        Bucket: _str,
        Key: _str,
        Fields: Mapping[_str, _Any] | None = None,
        Conditions: Sequence[_Any] | None = None,
        ExpiresIn: _int = 3600,
    ) -> _dict[_str, _Any]: ...
    def generate_presigned_url(
        self,
        ClientMethod: _str,
        Params: Mapping[_str, _Any] | None = None,
        ExpiresIn: _int = 3600,
        HttpMethod: _str | None = None,
    ) -> _str: ...
    def get_paginator(
        self, **kwargs: _Unpack[ReqTypeDef]
    ) -> EmptyResponseMetadataTypeDef: ...
    def get_waiter(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def int(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def list(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def meta(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def object(self, **kwargs: _Unpack[ReqTypeDef]) -> EmptyResponseMetadataTypeDef: ...
    def overload(
        self, **kwargs: _Unpack[ReqTypeDef]
    ) -> EmptyResponseMetadataTypeDef: ...
    def str(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def type(self, **kwargs: _Unpack[ReqTypeDef]) -> OutTypeDef: ...
    def upload_file(
        self,
        Filename: _str | PathLike[_str],
        Bucket: _str,
        Key: _str,
        ExtraArgs: Mapping[_str, _Any] | None = None,
        Callback: Callable[[_int], _object] | None = None,
        Config: _Any | None = None,
    ) -> None: ...
    def upload_fileobj(
        self,
        Fileobj: IO[bytes],
        Bucket: _str,
        Key: _str,
        ExtraArgs: Mapping[_str, _Any] | None = None,
        Callback: Callable[[_int], _object] | None = None,
        Config: _Any | None = None,
    ) -> None: ...
    @property
    def waiter_names(self) -> _list[_str]: ...

class S3Exceptions:
    ClientError: _type[ClientError_2]
    S3Exceptions: _type[S3Exceptions_2]
    type: _type[type_2]
