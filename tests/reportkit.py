"""Helpers for the CI report tests: the sagemaker comparison, hostile findings, workflow-command parsing."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from specdiff.compare.changes import Change, Comparison, Rule, Severity
from specdiff.compare.diff import compare
from specdiff.loaders import load
from tests.notekit import HOSTILE, change, comparison

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "reports"


def sagemaker() -> Comparison:
    """botocore 1.13.1 -> 1.13.2 of SageMaker, read by relative paths (goldens hold no absolute path)."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return compare(load("fixtures/models/sagemaker-1.13.1.json.gz"), load("fixtures/models/sagemaker-1.13.2.json.gz"))
    finally:
        os.chdir(cwd)


def check_golden(name: str, text: str) -> None:
    """``text`` equals the golden file byte for byte (SPECDIFF_REGEN_GOLDEN=1 rewrites it)."""
    golden = GOLDEN / name
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert golden.exists(), f"no golden file {golden}; run with SPECDIFF_REGEN_GOLDEN=1 and check it"
    assert text.encode("utf-8") == golden.read_bytes()


#: What a workflow command must survive, on top of the notes' hostile texts.
HOSTILE_CI = [
    *HOSTILE,
    "::error::injected",
    "\n::error file=x,line=1::injected",
    "100%0A done %25 %3A",
    "a,b:c=d",
    "title=x,line=9",
    "::stop-commands::token",
    "\r::set-output name=x::y",
    "tab\there\x00nul\x1bescape\x7fdel",
    "next\x85line\u2029para\x0bvt\x0cff",
    "]]> </failure> <!-- --> &#10;",
]


def hostile_comparison() -> Comparison:
    """One finding per hostile text, the text in every field a report shows."""
    return comparison(*hostile_changes(HOSTILE_CI))


def hostile_changes(texts: Sequence[str], *, new_type: Callable[[str], str] = lambda text: "string") -> list[Change]:
    """One change per text, the text in every field a report shows; a type change's new
    type is ``new_type(text)``."""
    changes = []
    for n, text in enumerate(texts):
        changes.append(
            change(
                rule=Rule.TYPE_CHANGED if n % 2 else Rule.ENUM_VALUE_ADDED,
                severity=[Severity.BREAKING, Severity.WARNING, Severity.INFO][n % 3],
                service=f"svc{n}{text}",
                operation=f"Op{text}",
                path=f"P{n}.{text}",
                shape=f"S{n}{text}",
                message=f"request P{n}.{text}: {text}",
                **({"old": text, "new": new_type(text)} if n % 2 else {"added": (text, "plain")}),
            )
        )
    return changes


_UNESCAPE = re.compile(r"%(25|0D|0A|3A|2C)")
_CODES = {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}


def unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: _CODES[m.group(1)], text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command line read as the runner reads it: command, properties, message."""
    assert line.startswith("::"), line
    head, separator, data = line[2:].partition("::")
    assert separator, line
    command, _, props = head.partition(" ")
    properties = {}
    for pair in props.split(",") if props else []:
        key, equals, value = pair.partition("=")
        assert equals, (pair, line)
        properties[key] = unescape(value)
    return command, properties, unescape(data)
