"""``specdiff rules``: every rule the comparison can emit, its default severities and why."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from specdiff.cli.app import app, emit


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def rules(
    format: Annotated[RulesFormat, typer.Option("--format", "-f", help="text (one rule a line) or json (with the reasons).")] = RulesFormat.text,
) -> None:
    """List every rule: its id, default severity per direction, and what it finds."""
    from specdiff.compare.rules import rule_catalog

    catalogue = rule_catalog()
    if format is RulesFormat.json:
        document = [
            {
                "rule": info.rule.value,
                "summary": info.summary,
                "severities": {direction: level.value for direction, level in info.severities.items()},
                "explanation": info.explanation,
            }
            for info in catalogue
        ]
        emit(json.dumps(document, indent=2, ensure_ascii=False) + "\n", None)
        return
    width = max(len(info.rule.value) for info in catalogue)
    lines = []
    for info in catalogue:
        levels = ", ".join(f"{direction} {level.value}" for direction, level in info.severities.items())
        lines.append(f"{info.rule.value:<{width}}  {info.summary} [{levels}]")
    emit("\n".join(lines) + "\n", None)
