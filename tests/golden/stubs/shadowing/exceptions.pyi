"""Typed stubs for Shadows (s3)."""

from botocore.exceptions import ClientError

__all__ = (
    "ClientError_2",
    "S3Exceptions_2",
    "type_2",
)

class ClientError_2(ClientError): ...
class S3Exceptions_2(ClientError): ...
class type_2(ClientError): ...
