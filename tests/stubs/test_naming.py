"""Names for generated Python: botocore's method names, safe identifiers, quoted text."""

from __future__ import annotations

import ast
import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from specdiff.stubs.naming import (
    NameAllocator,
    class_name,
    docstring,
    first_sentence,
    identifier,
    is_plain_key,
    method_name,
    package_name,
    py_str,
    snake_case,
    type_stem,
)

# (operation, the method name boto3 really has): botocore's xform_name on real names
BOTO3_NAMES = [
    ("CreateEndpointConfig", "create_endpoint_config"),
    ("DescribeDBInstances", "describe_db_instances"),
    ("ListTagsForResource", "list_tags_for_resource"),
    ("GetBucketAcl", "get_bucket_acl"),
    ("GetBucketACL", "get_bucket_acl"),
    ("GetBucketACLs", "get_bucket_acls"),
    ("ListARNs", "list_arns"),
    ("DescribeDBClusterParameterGroups", "describe_db_cluster_parameter_groups"),
    ("CreateVPCEndpoint", "create_vpc_endpoint"),
    ("GetAPIKeys", "get_api_keys"),
    ("ListIPv6Addresses", "list_i_pv6_addresses"),  # boto3's own quirk, kept
    ("UploadS3Object", "upload_s3_object"),
    ("HTTPRequest", "http_request"),
    ("X509Certificate", "x509_certificate"),
    ("ListMLModels", "list_ml_models"),
    ("CreatePresignedNotebookInstanceUrl", "create_presigned_notebook_instance_url"),
    ("already_snake", "already_snake"),
    # names botocore converts by hand, not by its rule
    ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
    ("ExecutePartiQLStatement", "execute_partiql_statement"),
    ("ListHITsForQualificationType", "list_hits_for_qualification_type"),
    ("GetOTelEnrichment", "get_otel_enrichment"),
    ("SendWhatsAppMessage", "send_whatsapp_message"),
    ("A", "a"),
]


@pytest.mark.parametrize(("operation", "expected"), BOTO3_NAMES)
def test_snake_case_matches_botocore(operation: str, expected: str) -> None:
    assert snake_case(operation) == expected


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        ("__import__('os').system('x')", "import_os_system_x"),
        ("class", "class_"),
        ("None", "none"),
        ("match", "match"),  # a soft keyword is a legal method name
        ("a-b", "a_b"),
        ("3Start", "operation_3_start"),
        ("", "operation"),
        ("ＣｒｅａｔｅThing", "create_thing"),  # NFKC folds the full-width letters
    ],
)
def test_method_name_is_safe(operation: str, expected: str) -> None:
    assert method_name(operation) == expected


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("Tag", "Tag"),
        ("class", "class_"),
        ("None", "None_"),
        ("1st", "Shape_1st"),
        ("../../etc/x", "etc_x"),
        ("a-b", "a_b"),
        ("Ｔａｇ", "Tag"),
        ("ﬁeld", "field"),
        ("Ünïcödé", "Ünïcödé"),
        ("\u200b", "Shape"),
    ],
)
def test_type_stem(shape: str, expected: str) -> None:
    assert type_stem(shape) == expected


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("sagemaker", "sagemaker_stubs"),
        ("../../etc/x", "etc_x_stubs"),
        ("/abs/path", "abs_path_stubs"),
        ("..", "service_stubs"),
        ("s3 control", "s3_control_stubs"),
        ("9lives", "s_9lives_stubs"),
        ("Ünï", "n_stubs"),
    ],
)
def test_package_name_never_leaves_the_folder(service: str, expected: str) -> None:
    name = package_name(service)
    assert name == expected
    assert name.isascii() and name.isidentifier() and "/" not in name and "." not in name


def test_class_name() -> None:
    assert class_name("sagemaker_stubs") == "SagemakerClient"
    assert class_name("etc_x_stubs") == "EtcXClient"


def test_allocator_settles_clashes_in_order() -> None:
    names = NameAllocator(reserved={"ResponseMetadataTypeDef"})
    assert names.take("Tag", "TypeDef") == "TagTypeDef"
    assert names.take(type_stem("Ｔａｇ"), "TypeDef") == "Tag_2TypeDef"
    assert names.take("Tag", "TypeDef") == "Tag_3TypeDef"
    assert names.take("ResponseMetadata", "TypeDef") == "ResponseMetadata_2TypeDef"


@pytest.mark.parametrize(
    ("key", "plain"),
    [
        ("Name", True),
        ("class", False),
        ("None", False),
        ("match", False),
        ("type", False),
        ("a-b", False),
        ("1st", False),
        ("__private", False),
        ("ﬁeld", False),
        ("Ünï", False),
    ],
)
def test_plain_keys(key: str, plain: bool) -> None:
    assert is_plain_key(key) is plain


@given(st.text())
def test_identifier_is_always_an_identifier(text: str) -> None:
    name = identifier(text, fallback="X")
    assert name.isidentifier() and not keyword.iskeyword(name)


@given(st.text())
def test_py_str_round_trips(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


@given(st.text())
def test_docstring_holds_any_text_and_nothing_else(text: str) -> None:
    literal = docstring(text)
    if not text.strip():
        return
    module = ast.parse(literal)
    assert len(module.body) == 1 and isinstance(module.body[0], ast.Expr)
    assert ast.literal_eval(literal).strip() == text.strip()


def test_docstring_escapes_breakers() -> None:
    literal = docstring('Ends """; import os; os.system("x") """ \\')
    assert ast.literal_eval(literal) == 'Ends """; import os; os.system("x") """ \\'
    assert literal.count('"""') == 2


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Creates an endpoint. Then more.</p>", "Creates an endpoint."),
        ("<p>Writes to <code>stdout</code>.</p>", "Writes to stdout."),
        ("<p>A &lt;tag&gt; &amp; more</p>", "A <tag> & more"),
        ("<p>One</p><p>Two</p>", "One Two"),
        ("", ""),
        ("  <p> </p> ", ""),
    ],
)
def test_first_sentence(html: str, expected: str) -> None:
    assert first_sentence(html) == expected


def test_first_sentence_is_bounded() -> None:
    sentence = first_sentence("<p>" + "word " * 500 + "</p>")
    assert len(sentence) <= 410 and sentence.endswith("...")
