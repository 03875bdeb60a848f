"""Typed stubs for Shadows (s3)."""

from collections.abc import Mapping, Sequence

from botocore.response import StreamingBody
from typing_extensions import NotRequired, TypedDict

class ResponseMetadataTypeDef(TypedDict):
    RequestId: str
    HostId: str
    HTTPStatusCode: int
    HTTPHeaders: dict[str, str]
    RetryAttempts: int

class EmptyResponseMetadataTypeDef(TypedDict):
    ResponseMetadata: ResponseMetadataTypeDef

class PaginatorConfigTypeDef(TypedDict):
    MaxItems: NotRequired[int]
    PageSize: NotRequired[int]
    StartingToken: NotRequired[str]

class WaiterConfigTypeDef(TypedDict):
    Delay: NotRequired[int]
    MaxAttempts: NotRequired[int]

OutTypeDef = TypedDict(
    "OutTypeDef",
    {
        "Body": NotRequired[StreamingBody],
        "type": NotRequired[str],
        "ResponseMetadata": ResponseMetadataTypeDef,
    },
)

ReqTypeDef = TypedDict(
    "ReqTypeDef",
    {
        "str": str,
        "int": NotRequired[int],
        "dict": NotRequired[Mapping[str, str]],
        "list": NotRequired[Sequence[str]],
    },
)

class DictPaginateTypeDef(ReqTypeDef):
    PaginationConfig: NotRequired[PaginatorConfigTypeDef]

class ListPaginateTypeDef(ReqTypeDef):
    PaginationConfig: NotRequired[PaginatorConfigTypeDef]

class DoneWaitTypeDef(ReqTypeDef):
    WaiterConfig: NotRequired[WaiterConfigTypeDef]

class ReadyWaitTypeDef(ReqTypeDef):
    WaiterConfig: NotRequired[WaiterConfigTypeDef]
