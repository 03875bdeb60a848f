"""``--format junit``: a test case per finding, failures at or above --fail-on, XML that parses back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from specdiff.render.junit import render_junit
from specdiff.render.locations import Locator
from specdiff.render.report import build_report
from tests.notekit import comparison
from tests.reportkit import REPO, check_golden, hostile_comparison, sagemaker


def test_sagemaker_junit_matches_golden_and_parses() -> None:
    compared = sagemaker()
    text = render_junit(compared, fail_on="warning", locate=Locator(compared, root=REPO))
    check_golden("sagemaker-1.13.1-1.13.2.junit.xml", text)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "3"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "sagemaker"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "NotebookInstanceAcceleratorType: 3 enum values added",
        "ProductionVariantAcceleratorType: 3 enum values added",
        "ProductionVariantInstanceType: 18 enum values added",
    ]
    failure = cases[2].find("failure")
    assert failure is not None and failure.get("type") == "enum-value-added"
    assert "ml.r5d.24xlarge" in (failure.text or "")


@pytest.mark.parametrize(("fail_on", "failures"), [("info", 3), ("warning", 3), ("breaking", 0), ("never", 0)])
def test_failures_are_the_findings_at_or_above_fail_on(fail_on: str, failures: int) -> None:
    root = ET.fromstring(render_junit(sagemaker(), fail_on=fail_on))
    assert root.get("failures") == str(failures)
    assert len(root.findall(".//failure")) == failures
    assert len(root.findall(".//testcase")) == 3
    # a finding that passes still says what it is
    assert len(root.findall(".//system-out")) == 3 - failures


def test_hostile_text_reads_back_exactly() -> None:
    compared = hostile_comparison()
    report = build_report(compared, fail_on="info")
    root = ET.fromstring(render_junit(compared, fail_on="info").encode("utf-8"))
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert len(cases) == len(report.items)
    for item in report.items:
        name = item.headline.removeprefix(item.finding.service).lstrip(": ")
        case = cases[_xml(name)]
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("message") == _xml(item.headline)
        assert (failure.text or "").startswith(_xml(item.text))


def _xml(text: str) -> str:
    # XML cannot hold most C0 controls: they become U+FFFD; a parser reads \r\n as \n in text
    import re

    return re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", text)


def test_no_findings_is_an_empty_report() -> None:
    root = ET.fromstring(render_junit(comparison()))
    assert root.get("tests") == "0" and root.findall("testsuite") == []
