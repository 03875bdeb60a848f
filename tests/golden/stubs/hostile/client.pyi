"""Typed stubs for Hostile \"\"\" Service {{ 7*7 }} \\ (../../etc/x, API 2020-01-01)."""

from collections.abc import Mapping
from typing import Any

from botocore.client import ClientMeta
from botocore.exceptions import ClientError as _ClientError
from typing_extensions import Unpack

from .type_defs import (
    EmptyResponseMetadataTypeDef,
    None_TypeDef,
    ResponseMetadata_2TypeDef,
    Shape_1stTypeDef,
    TagTypeDef,
    Tag_2TypeDef,
    a_bTypeDef,
    class_TypeDef,
    from_outputTypeDef,
    matchOutputTypeDef,
)

__all__ = ("EtcXClient", "EtcXExceptions")

class EtcXClient:
    meta: ClientMeta
    exceptions: EtcXExceptions
    def a_b(self) -> EmptyResponseMetadataTypeDef: ...
    def can_paginate(self, operation_name: str) -> bool: ...
    def class_(self, **kwargs: Any) -> dict[str, Any]: ...
    def close(self) -> None: ...
    def create_thing(self, **kwargs: Unpack[class_TypeDef]) -> from_outputTypeDef:
        """Runs \"\"\"; import os; os.system(\"x\") \"\"\" and {{ 7*7 }} \\"""

    def create_thing_2(self, **kwargs: Unpack[Tag_2TypeDef]) -> TagTypeDef: ...
    def generate_presigned_url(
        self,
        ClientMethod: str,
        Params: Mapping[str, Any] | None = None,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
    ) -> str: ...
    def get_bucket_acl(self, **kwargs: Unpack[Shape_1stTypeDef]) -> dict[str, Any]:
        """Deprecated. Gets the ACL."""

    def import_os_system_x(self, **kwargs: Unpack[None_TypeDef]) -> matchOutputTypeDef:
        """\"\"\" """

    def operation_3_start(
        self, **kwargs: Unpack[a_bTypeDef]
    ) -> ResponseMetadata_2TypeDef: ...
    @property
    def waiter_names(self) -> list[str]: ...

class EtcXExceptions:
    ClientError: type[_ClientError]
