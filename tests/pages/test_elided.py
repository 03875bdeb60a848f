"""Sections botocore did not render ("# This section is too large to render.") read as
sections the page does not show, whether docutils rendered the markup or not."""

from __future__ import annotations

import pytest

from specdiff.pages.reader import parse_page
from tests.pagekit import page

HEAD = """2026/11/20 - AWS WAFV2 - 1 updated api methods

Changes  Update wafv2 client to latest version

CreateWebACL (updated) Link ¶
Changes (request)
{'Rules': [{'Statement': {'ManagedRuleGroupStatement': {'Name': 'string'}}}]}

Creates a WebACL per the specifications provided.

See also: AWS API Documentation

Request Syntax

response = client.create_web_acl(
    Name='string',
    Rules=[
        {
            'Name': 'string',
        },
    ]
)

"""
TAIL = """
rtype
dict
returns
Response Syntax

{
    'Summary': {
        'Name': 'string',
    }
}

Response Structure

  • (dict) --
    • Summary (dict) --
      High-level information about a WebACL.
      • Name (string) --
        The name of the web ACL.
"""
LINK = "`AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/wafv2-2019-07-29/CreateWebACL>`_"
NOTE = "# This section is too large to render.\n# Please see the AWS API Documentation linked below.\n"

#: the elided Parameters block as botocore writes it (markup kept, indented), as docutils
#: renders it and a crawl keeps it, and with the note lines indented under a flush title
FORMS = {
    "markup": "    **Parameters**\n    ::\n\n" + "".join("        " + l + "\n" for l in NOTE.splitlines()) + "\n    " + LINK + "\n",
    "rendered": "Parameters\n\n" + NOTE + "\nAWS API Documentation\n",
    "flush-markup": "**Parameters**\n::\n\n" + "".join("    " + l + "\n" for l in NOTE.splitlines()) + "\n" + LINK + "\n",
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_parameters_too_large_to_render_read_as_not_shown(form: str) -> None:
    result = parse_page(HEAD + FORMS[form] + TAIL)
    (method,) = result.methods
    assert method.not_shown == ("parameters",) and method.partial and not method.lost
    assert method.request_syntax is not None and [m.name for m in method.request_syntax.members] == ["Name", "Rules"]
    assert method.parameters == ()  # the page does not show them
    assert method.returns == "dict" and method.response_syntax is not None
    assert [b.name for b in method.response_structure[0].children] == ["Summary"]
    assert method.changes is not None and not method.changes.partial


def test_every_section_too_large_reads_and_is_named() -> None:
    described = page("widgets-2024-08-20.html").method("DescribeEverything")
    assert described is not None
    assert described.not_shown == ("request-syntax", "parameters", "response-syntax", "response-structure")


def test_a_response_structure_too_large_in_markup_form() -> None:
    tail = TAIL.split("Response Structure")[0] + "    **Response Structure**\n    ::\n\n        " + NOTE.replace("\n", "\n        ").rstrip() + "\n"
    (method,) = parse_page(HEAD + FORMS["rendered"] + tail).methods
    assert method.not_shown == ("parameters", "response-structure") and not method.lost
    assert method.response_structure == () or all(b.name is None for b in method.response_structure)
