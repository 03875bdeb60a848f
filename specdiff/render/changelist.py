"""The comparison as JSON (``--format json``): CONTRACT.md's document, deterministic to the byte.

The document is ``{"old", "new", "summary", "changes", "ignored", "expired",
"unobservable", "only_old", "only_new", "incomplete"}``; docs/comparison.md describes
it and docs/change-record.schema.json is its JSON Schema.
"""

from __future__ import annotations

from typing import Any

from specdiff.compare.changes import Comparison
from specdiff.compare.verdict import severity_counts
from specdiff.render.jsontext import dumps_indented

__all__ = ["REPORT_VERSION", "comparison_document", "comparison_json"]

#: Bumped when the document changes in a way a script reading it would notice.
REPORT_VERSION = 1


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The JSON-ready document, keys in a fixed order and every list sorted."""
    counts = severity_counts(comparison.changes)
    summary: dict[str, Any] = {
        **counts,
        "total": len(comparison.changes),
        "ignored": len(comparison.ignored),
        "expired": len(comparison.expired),
        "partial": comparison.old.partial or comparison.new.partial,
    }
    ignored = sorted(comparison.ignored, key=lambda i: (i.change.sort_key, i.change.message))
    return {
        "report_version": REPORT_VERSION,
        "old": comparison.old.as_dict(),
        "new": comparison.new.as_dict(),
        "summary": summary,
        "changes": [change.as_dict() for change in comparison.changes],
        "ignored": [{**item.change.as_dict(), "reason": item.reason} for item in ignored],
        "expired": sorted(comparison.expired),
        "unobservable": sorted(comparison.unobservable),
        "only_old": sorted(comparison.only_old),
        "only_new": sorted(comparison.only_new),
        "incomplete": sorted(comparison.incomplete),
    }


def comparison_json(comparison: Comparison) -> str:
    """The document as text: two-space indent, non-ASCII kept, one trailing newline."""
    return dumps_indented(comparison_document(comparison)) + "\n"
