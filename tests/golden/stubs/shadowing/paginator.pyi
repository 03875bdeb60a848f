"""Typed stubs for Shadows (s3)."""

from botocore.paginate import PageIterator
from typing_extensions import Unpack

from .type_defs import (
    DictPaginateTypeDef,
    EmptyResponseMetadataTypeDef,
    ListPaginateTypeDef,
)

__all__ = (
    "DictPaginator",
    "ListPaginator",
)

class DictPaginator:
    def paginate(
        self, **kwargs: Unpack[DictPaginateTypeDef]
    ) -> PageIterator[EmptyResponseMetadataTypeDef]: ...

class ListPaginator:
    def paginate(
        self, **kwargs: Unpack[ListPaginateTypeDef]
    ) -> PageIterator[EmptyResponseMetadataTypeDef]: ...
