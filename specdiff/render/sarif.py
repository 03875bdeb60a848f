"""SARIF 2.1.0 (``--format sarif``): the rules with their help, one result per finding, stable fingerprints.

The log is built as data and written as ``json.dumps`` writes it (:mod:`~specdiff.render.jsontext`),
as the change list is: JSON escaping is the encoder's, so no input text can break out of a string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specdiff.compare.changes import Comparison, Severity
from specdiff.render.jsontext import dumps_indented
from specdiff.render.report import Item, Locate, Report, build_report

__all__ = ["LEVELS", "SARIF_SCHEMA", "RuleHelp", "render_sarif", "rule_help", "sarif_log"]

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: A severity as a SARIF level: code scanning shows "error" and "warning" as alerts, "note" as a note.
LEVELS = {Severity.BREAKING: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: The partialFingerprints key: a finding's fingerprint (see :class:`~specdiff.render.report.Item`).
FINGERPRINT_KEY = "specdiffFinding/v1"
#: The one partialFingerprints key code scanning reads. upload-sarif fills it in from the
#: text around the result's line when it is missing, so every finding on one line (a
#: pull-request check puts them all on the pin's) would share it, and the findings of
#: one rule would be one alert: it carries the finding's fingerprint instead, in the
#: action's own ``HASH:OCCURRENCE`` form.
LINE_HASH_KEY = "primaryLocationLineHash"


@dataclass(frozen=True)
class RuleHelp:
    """What SARIF says of one rule: its id, one-line summary, severities by direction, why."""

    id: str
    summary: str
    severities: tuple[tuple[str, str], ...]
    explanation: str


def rule_help() -> tuple[RuleHelp, ...]:
    """Every rule the comparison can emit, from the rule registry (``specdiff rules``), sorted by id."""
    from specdiff.compare.rules import rule_catalog

    return tuple(
        RuleHelp(
            info.rule.value,
            info.summary,
            tuple((direction, severity.value) for direction, severity in info.severities.items()),
            info.explanation,
        )
        for info in rule_catalog()
    )


def render_sarif(comparison: Comparison, *, fail_on: str = "breaking", locate: Locate | None = None) -> str:
    """The SARIF log as text: two-space indent, non-ASCII kept, one trailing newline."""
    log = sarif_log(build_report(comparison, fail_on=fail_on, locate=locate))
    return dumps_indented(log) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of a report: one run, every rule, one result per finding."""
    from specdiff import __version__

    rules = rule_help()
    index = {rule.id: number for number, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "specdiff",
                        "semanticVersion": __version__,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "results": [_result(item, index) for item in report.items],
                "properties": {"old": report.old, "new": report.new, "failOn": report.fail_on},
            }
        ],
    }


def _rule(rule: RuleHelp) -> dict[str, Any]:
    severities = ", ".join(f"{direction}: {severity}" for direction, severity in rule.severities)
    paragraphs = [rule.summary[:1].upper() + rule.summary[1:] + "."]
    if severities:
        paragraphs.append(f"Severity by direction: {severities}.")
    paragraphs += _paragraphs(rule.explanation)
    entry: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(_paragraphs(rule.explanation)) or rule.summary},
        "help": {"text": "\n\n".join(paragraphs), "markdown": "\n\n".join(paragraphs)},
    }
    if rule.severities:
        worst = max((Severity(s) for _, s in rule.severities), key=lambda s: s.rank)
        entry["defaultConfiguration"] = {"level": LEVELS[worst]}
        entry["properties"] = {"severities": dict(rule.severities)}
    return entry


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (code scanning wraps text itself).

    ``literal`` (reStructuredText's code span) becomes Markdown's `literal`, which reads
    as well in plain text.
    """
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")]
    blocks = [block.replace("``", "`") for block in blocks]
    return [block for block in blocks if block]


def _result(item: Item, index: dict[str, int]) -> dict[str, Any]:
    finding = item.finding
    logical = {
        "fullyQualifiedName": ".".join(part for part in (finding.service, finding.subject) if part),
        "kind": "type" if finding.subject_kind == "shape" else "member" if finding.subject else "module",
    }
    location: dict[str, Any] = {}
    if item.location is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": item.location.file}}
        if item.location.line is not None:
            physical["region"] = {"startLine": item.location.line}
        location["physicalLocation"] = physical
    location["logicalLocations"] = [logical]
    result: dict[str, Any] = {
        "ruleId": finding.rule.value,
        "level": LEVELS[finding.severity],
        "message": {"text": item.text},
        "locations": [location],
        "partialFingerprints": {LINE_HASH_KEY: f"{item.fingerprint}:1", FINGERPRINT_KEY: item.fingerprint},
        "properties": {
            "severity": finding.severity.value,
            "service": finding.service,
            "operations": list(finding.operations),
            "partial": finding.partial,
            "failsRun": item.fails,
            "changeFingerprints": list(item.fingerprints),
        },
    }
    if finding.rule.value in index:
        result["ruleIndex"] = index[finding.rule.value]
    return result
