"""The methods botocore and boto3 add to a client class, or take from it, beyond its operations.

botocore builds a client class from the operations, then lets handlers registered for
``creating-client-class[.<service id>]`` edit the class's attributes; boto3's Session
registers more. This table is what those handlers do (botocore 1.44.8's
``handlers.BUILTIN_HANDLERS`` and ``signers``, boto3 1.44.8's
``Session._register_default_handlers`` and ``s3.inject``), with each method's signature
as the function that is injected takes it. Keyed by the service id as botocore spells it
in event names (``ServiceId.hyphenize()``: "Lex Runtime V2" -> ``lex-runtime-v2``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Injected:
    """One injected method: its parameters after ``self`` and its return annotation."""

    name: str
    params: tuple[str, ...]
    response: str


_TRANSFER_TAIL = (
    "ExtraArgs: Mapping[str, Any] | None = None",
    "Callback: Callable[[int], object] | None = None",
    "Config: Any | None = None",
)

#: every client (botocore's ``add_generate_presigned_url``)
EVERY_CLIENT = (
    Injected(
        "generate_presigned_url",
        (
            "ClientMethod: str",
            "Params: Mapping[str, Any] | None = None",
            "ExpiresIn: int = 3600",
            "HttpMethod: str | None = None",
        ),
        "str",
    ),
)

#: by service id: methods added (boto3's transfer methods for s3, botocore's signers)
BY_SERVICE: MappingProxyType[str, tuple[Injected, ...]] = MappingProxyType(
    {
        "s3": (
            Injected(
                "generate_presigned_post",
                (
                    "Bucket: str",
                    "Key: str",
                    "Fields: Mapping[str, Any] | None = None",
                    "Conditions: Sequence[Any] | None = None",
                    "ExpiresIn: int = 3600",
                ),
                "dict[str, Any]",
            ),
            Injected("upload_file", ("Filename: str | PathLike[str]", "Bucket: str", "Key: str", *_TRANSFER_TAIL), "None"),
            Injected("download_file", ("Bucket: str", "Key: str", "Filename: str | PathLike[str]", *_TRANSFER_TAIL), "None"),
            Injected(
                "copy",
                (
                    "CopySource: Mapping[str, str]",
                    "Bucket: str",
                    "Key: str",
                    "ExtraArgs: Mapping[str, Any] | None = None",
                    "Callback: Callable[[int], object] | None = None",
                    "SourceClient: Any | None = None",
                    "Config: Any | None = None",
                ),
                "None",
            ),
            Injected("upload_fileobj", ("Fileobj: IO[bytes]", "Bucket: str", "Key: str", *_TRANSFER_TAIL), "None"),
            Injected("download_fileobj", ("Bucket: str", "Key: str", "Fileobj: IO[bytes]", *_TRANSFER_TAIL), "None"),
        ),
        "rds": (
            Injected(
                "generate_db_auth_token",
                ("DBHostname: str", "Port: int", "DBUsername: str", "Region: str | None = None"),
                "str",
            ),
        ),
        "dsql": (
            Injected(
                "generate_db_connect_auth_token",
                ("Hostname: str", "Region: str | None = None", "ExpiresIn: int = 900"),
                "str",
            ),
            Injected(
                "generate_db_connect_admin_auth_token",
                ("Hostname: str", "Region: str | None = None", "ExpiresIn: int = 900"),
                "str",
            ),
        ),
    }
)

#: by service id: operation methods botocore deletes (they need HTTP/2, which it lacks)
REMOVED: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "lex-runtime-v2": frozenset({"start_conversation"}),
        "qbusiness": frozenset({"chat"}),
        "bedrock-runtime": frozenset({"invoke_model_with_bidirectional_stream"}),
        "connecthealth": frozenset({"start_medical_scribe_listening_session"}),
        "polly": frozenset({"start_speech_synthesis_stream"}),
    }
)

#: where the names the injected signatures use come from
SOURCES = MappingProxyType(
    {
        "Any": "typing",
        "IO": "typing",
        "Callable": "collections.abc",
        "Mapping": "collections.abc",
        "Sequence": "collections.abc",
        "PathLike": "os",
    }
)


def service_event_id(service_id: str, name: str) -> str:
    """The id botocore's class events use for a service: its serviceId hyphenized, else its name."""
    return service_id.lower().replace(" ", "-") if service_id else name
