"""Names and literals for generated Python: method names, safe identifiers, quoted text."""

from __future__ import annotations

import html
import keyword
import re
import unicodedata
from collections.abc import Iterable
from types import MappingProxyType

# How botocore turns an operation name into a client method name (``xform_name``), in
# three steps, so that the stubs' methods are the ones boto3 really has, quirks included
# (``ListIPv6Addresses`` -> ``list_i_pv6_addresses``).
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s$")  # "ListARNs": keep "ARNs" one word
_WORD_START = re.compile(r"(.)([A-Z][a-z]+)")  # "...xBucket" -> "...x_Bucket"
_CASE_STEP = re.compile(r"([a-z0-9])([A-Z])")  # "dbI" -> "db_I"

_NOT_IDENTIFIER_CHARS = re.compile(r"[^0-9A-Za-z_]")
_UNDERSCORES = re.compile(r"_+")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")

#: the longest first sentence a docstring keeps, so one runaway paragraph stays short
DOC_LIMIT = 400


# Operation names that botocore's rule would split wrongly, which botocore names by hand
# (its ``_xform_cache``, botocore 1.44.8): the method names boto3 really has. The rule
# cannot be widened to cover them ("WhatsApp" is one word only in the names listed), so
# they are data; tests/stubs/test_xform.py holds every operation of the installed
# botocore's catalog against ``botocore.xform_name``, so a name botocore adds is caught.
_BOTO3_EXCEPTIONS = MappingProxyType(
    {
        "AssociateWhatsAppBusinessAccount": "associate_whatsapp_business_account",
        "CreateCachediSCSIVolume": "create_cached_iscsi_volume",
        "CreateOAuth2Token": "create_oauth2_token",
        "CreateOAuth2TokenWithIAM": "create_oauth2_token_with_iam",
        "CreateStorediSCSIVolume": "create_stored_iscsi_volume",
        "CreateWhatsAppDataset": "create_whatsapp_dataset",
        "CreateWhatsAppFlow": "create_whatsapp_flow",
        "CreateWhatsAppMessageTemplate": "create_whatsapp_message_template",
        "CreateWhatsAppMessageTemplateFromLibrary": "create_whatsapp_message_template_from_library",
        "CreateWhatsAppMessageTemplateMedia": "create_whatsapp_message_template_media",
        "DeleteWhatsAppFlow": "delete_whatsapp_flow",
        "DeleteWhatsAppMessageMedia": "delete_whatsapp_message_media",
        "DeleteWhatsAppMessageTemplate": "delete_whatsapp_message_template",
        "DeprecateWhatsAppFlow": "deprecate_whatsapp_flow",
        "DescribeCachediSCSIVolumes": "describe_cached_iscsi_volumes",
        "DescribeStorediSCSIVolumes": "describe_stored_iscsi_volumes",
        "DisassociateWhatsAppBusinessAccount": "disassociate_whatsapp_business_account",
        "ExecutePartiQLBatch": "execute_partiql_batch",
        "ExecutePartiQLStatement": "execute_partiql_statement",
        "ExecutePartiQLTransaction": "execute_partiql_transaction",
        "GetLinkedWhatsAppBusinessAccount": "get_linked_whatsapp_business_account",
        "GetLinkedWhatsAppBusinessAccountPhoneNumber": "get_linked_whatsapp_business_account_phone_number",
        "GetOTelEnrichment": "get_otel_enrichment",
        "GetWhatsAppBusinessPublicKey": "get_whatsapp_business_public_key",
        "GetWhatsAppCallPermission": "get_whatsapp_call_permission",
        "GetWhatsAppFlow": "get_whatsapp_flow",
        "GetWhatsAppFlowPreview": "get_whatsapp_flow_preview",
        "GetWhatsAppMessageMedia": "get_whatsapp_message_media",
        "GetWhatsAppMessageTemplate": "get_whatsapp_message_template",
        "IntrospectOAuth2TokenWithIAM": "introspect_oauth2_token_with_iam",
        "ListHITsForQualificationType": "list_hits_for_qualification_type",
        "ListLinkedWhatsAppBusinessAccounts": "list_linked_whatsapp_business_accounts",
        "ListWhatsAppFlowAssets": "list_whatsapp_flow_assets",
        "ListWhatsAppFlows": "list_whatsapp_flows",
        "ListWhatsAppMessageTemplates": "list_whatsapp_message_templates",
        "ListWhatsAppTemplateLibrary": "list_whatsapp_template_library",
        "PostWhatsAppMessageMedia": "post_whatsapp_message_media",
        "PublishWhatsAppFlow": "publish_whatsapp_flow",
        "PutWhatsAppBusinessAccountEventDestinations": "put_whatsapp_business_account_event_destinations",
        "PutWhatsAppBusinessPublicKey": "put_whatsapp_business_public_key",
        "RevokeOAuth2TokenWithIAM": "revoke_oauth2_token_with_iam",
        "SendWhatsAppCallEvent": "send_whatsapp_call_event",
        "SendWhatsAppConversionEvent": "send_whatsapp_conversion_event",
        "SendWhatsAppMessage": "send_whatsapp_message",
        "StartOTelEnrichment": "start_otel_enrichment",
        "StopOTelEnrichment": "stop_otel_enrichment",
        "UpdateLinkedWhatsAppBusinessAccountPhoneNumber": "update_linked_whatsapp_business_account_phone_number",
        "UpdateOTelEnrichment": "update_otel_enrichment",
        "UpdateWhatsAppFlow": "update_whatsapp_flow",
        "UpdateWhatsAppFlowAssets": "update_whatsapp_flow_assets",
        "UpdateWhatsAppMessageTemplate": "update_whatsapp_message_template",
    }
)


def snake_case(name: str) -> str:
    """The client method name botocore derives from an operation name."""
    if name in _BOTO3_EXCEPTIONS:
        return _BOTO3_EXCEPTIONS[name]
    if "_" in name:
        return name  # botocore takes a name holding "_" as already converted
    plural = _PLURAL_ACRONYM.search(name)
    if plural is not None:
        name = f"{name[: plural.start()]}_{plural.group().lower()}"
    name = _WORD_START.sub(r"\1_\2", name)
    return _CASE_STEP.sub(r"\1_\2", name).lower()


def _identifier_chars(text: str) -> str:
    """``text`` folded the way Python folds identifiers (NFKC), other characters made ``_``.

    Python reads identifiers through NFKC, so two names that fold together are one name:
    folding first lets the allocator see that collision. Letters outside ASCII that are
    legal in identifiers are kept; everything else becomes ``_``.
    """
    folded = unicodedata.normalize("NFKC", text)
    if folded.isascii():  # nearly every name: one pass, and NFKC leaves ASCII as it is
        return _NOT_IDENTIFIER_CHARS.sub("_", folded)
    chars = []
    for char in folded:
        if char.isascii():
            chars.append(_NOT_IDENTIFIER_CHARS.sub("_", char))
        else:
            chars.append(char if f"a{char}".isidentifier() else "_")
    # NFKC of the result again: a kept character may still fold when it meets its
    # neighbours; Python folds whole identifiers, so must we
    return unicodedata.normalize("NFKC", "".join(chars))


def identifier(text: str, *, fallback: str) -> str:
    """A plain identifier from any text: no leading/trailing/double ``_``, no keyword.

    ``fallback`` stands in for text with no usable character, and goes before text that
    cannot start an identifier (a leading digit).
    """
    name = _UNDERSCORES.sub("_", _identifier_chars(text)).strip("_")
    if not name or not name.isidentifier():
        name = fallback if not name else f"{fallback}_{name}"
    if keyword.iskeyword(name):  # soft keywords ("match") are legal names: boto3 may use them
        name = f"{name}_"
    if not name.isidentifier():  # cannot happen after the steps above; never emit it
        raise ValueError(f"no identifier for {text!r}")
    return name


def method_name(operation: str) -> str:
    """A safe client method name for an operation: botocore's, sanitised."""
    return identifier(snake_case(operation), fallback="operation")


def type_stem(shape: str) -> str:
    """The start of the type names made from a shape name (``Tag`` -> ``Tag``, ``TagTypeDef``)."""
    return identifier(shape, fallback="Shape")


def package_name(service: str) -> str:
    """An ASCII folder and module name for a service's stub package: ``sagemaker_stubs``.

    Folder names stay ASCII lower case so that no file system folds two of them
    together; nothing but ``[a-z0-9_]`` ever reaches a path, so no service name can
    climb out of the output folder.
    """
    folded = unicodedata.normalize("NFKC", service).lower()
    stem = _UNDERSCORES.sub("_", re.sub(r"[^a-z0-9]", "_", folded)).strip("_") or "service"
    if stem[0].isdigit():
        stem = f"s_{stem}"
    return f"{stem}_stubs"


def class_name(package: str) -> str:
    """The client class name for a package: ``sagemaker_stubs`` -> ``SagemakerClient``."""
    words = package.removesuffix("_stubs").split("_")
    return "".join(word[:1].upper() + word[1:] for word in words) + "Client"


# Fixed here rather than read from the keyword module, whose soft keywords grow with
# each Python ("type" in 3.12): the output must not depend on the Python that runs us.
SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})


def is_plain_key(name: str) -> bool:
    """True when a member name can be a TypedDict key in class syntax.

    Class syntax turns keys into identifiers: a keyword (hard or soft) would not parse or
    would read oddly, a ``__name`` would be mangled, and a non-ASCII name could be folded
    by NFKC into another key. Those take the functional syntax, where keys stay strings.
    """
    return (
        name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and name not in SOFT_KEYWORDS
        and not name.startswith("__")
    )


class NameAllocator:
    """Hands out unique identifiers in the order asked, adding ``_2``, ``_3`` on a clash."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used: set[str] = set(reserved)

    def take(self, stem: str, suffix: str = "") -> str:
        name = f"{stem}{suffix}"
        number = 1
        while name in self._used:
            number += 1
            name = f"{stem}_{number}{suffix}"
        self._used.add(name)
        return name


def py_str(text: str) -> str:
    """A Python string literal for any text, double-quoted where black would be."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        literal = f'"{literal[1:-1]}"'
    return literal


def first_sentence(documentation: str) -> str:
    """The first sentence of HTML documentation, as plain one-line text."""
    # a tag becomes a space (so "<p>a</p><p>b</p>" keeps two words), which must not
    # leave a space before punctuation ("<code>x</code>." is "x.")
    text = _SPACE.sub(" ", _TAG.sub(" ", documentation))
    text = _SPACE.sub(" ", html.unescape(_SPACE_BEFORE_PUNCTUATION.sub("", text))).strip()
    if not text:
        return ""
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(sentence) > DOC_LIMIT:
        sentence = sentence[:DOC_LIMIT].rsplit(" ", 1)[0] + " ..."
    return sentence


def docstring(text: str) -> str:
    """A triple-quoted docstring literal holding ``text`` exactly, whatever it contains.

    Backslashes and every double quote are escaped, so no ``\"\"\"`` inside can close the
    string early; characters that are not printable are written as escapes.
    """
    if not text:
        return ""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    if not body.isprintable():
        body = "".join(char if char.isprintable() else repr(char)[1:-1] for char in body)
    text = body.strip()
    if text.endswith('"'):
        text += " "  # black's way: keep an escaped quote clear of the closing quotes
    return f'"""{text}"""'
