"""Typed stubs for Hostile \"\"\" Service {{ 7*7 }} \\ (../../etc/x, API 2020-01-01)."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, IO

from typing_extensions import NotRequired, TypedDict

from .literals import (
    EmptyEnumType,
    etc_xType,
    from_Type,
)

class ResponseMetadataTypeDef(TypedDict):
    RequestId: str
    HostId: str
    HTTPStatusCode: int
    HTTPHeaders: dict[str, str]
    RetryAttempts: int

class EmptyResponseMetadataTypeDef(TypedDict):
    ResponseMetadata: ResponseMetadataTypeDef

class a_bTypeDef(TypedDict): ...

import_os_system_xTypeDef = TypedDict(
    "import_os_system_xTypeDef",
    {
        "a-b": NotRequired[a_bTypeDef],
    },
)

None_TypeDef = TypedDict(
    "None_TypeDef",
    {
        "__import__('os').system('x')": import_os_system_xTypeDef,
        "../../etc/x": NotRequired[etc_xType],
    },
)

class ResponseMetadata_2TypeDef(TypedDict):
    ResponseMetadata: NotRequired[str]

Shape_1stTypeDef = TypedDict(
    "Shape_1stTypeDef",
    {
        "2nd": NotRequired[str],
    },
)

class TagTypeDef(TypedDict):
    Key: NotRequired[str]
    Value: NotRequired[datetime]

class Tag_2TypeDef(TypedDict):
    Key: str
    Value: NotRequired[datetime | str]

class matchTypeDef(TypedDict):
    """Recursive \"\"\" """

    Self: NotRequired["matchTypeDef"]
    Items: NotRequired[Sequence["matchTypeDef"]]
    Empty: NotRequired[EmptyEnumType]
    Map: NotRequired[Mapping[from_Type, "matchTypeDef"]]
    Loop: NotRequired[Sequence[Mapping[str, Any]]]

class_TypeDef = TypedDict(
    "class_TypeDef",
    {
        "class": str,
        "from": from_Type,
        "None": NotRequired[int],
        "match": matchTypeDef,
        "__import__('os').system('x')": NotRequired[str],
        "a-b": NotRequired[datetime | str],
        "1st": NotRequired[str | bytes | IO[bytes]],
        "ﬁeld": NotRequired[str],
        "field": NotRequired[int],
        "line\nbreak": NotRequired[str],
        "__private": NotRequired[str],
        "Ünïcödé": NotRequired[str],
    },
)

from_outputTypeDef = TypedDict(
    "from_outputTypeDef",
    {
        "type": NotRequired[from_Type],
        "Tags": NotRequired[list[TagTypeDef]],
        "ResponseMetadata": ResponseMetadataTypeDef,
    },
)

class matchOutputTypeDef(TypedDict):
    """Recursive \"\"\" """

    Self: NotRequired["matchOutputTypeDef"]
    Items: NotRequired[list["matchOutputTypeDef"]]
    Empty: NotRequired[EmptyEnumType]
    Map: NotRequired[dict[from_Type, "matchOutputTypeDef"]]
    Loop: NotRequired[list[dict[str, Any]]]
