"""Release notes of a comparison: findings grouped by shape, counts and a semver bump, laid out by templates."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Any, Literal

import jinja2

from specdiff.compare.changes import (
    Change,
    Comparison,
    IgnoredChange,
    InputInfo,
    Rule,
    Severity,
)
from specdiff.packagedata import template_environment
from specdiff.render.escaping import md_code, md_escape, rst_escape, rst_literal
from specdiff.render.findings import OPERATION_RULES, Finding, find

__all__ = [
    "FORMATS",
    "Bump",
    "Notes",
    "build_notes",
    "changes_fragments",
    "recommend_bump",
    "render_notes",
]

FORMATS = ("markdown", "html", "changelog", "changes-json")

_TEMPLATES = {
    "markdown": "notes/markdown.md.j2",
    "html": "notes/html.html.j2",
    "changelog": "notes/changelog.rst.j2",
}

BumpLevel = Literal["major", "minor", "patch", "none"]
_BUMP_ORDER: tuple[BumpLevel, ...] = ("none", "patch", "minor", "major")

#: What each rule says happened, for headings ("3 enum values added") and for the list of
#: what a page could not observe.
RULE_LABELS: dict[str, str] = {
    "service-added": "services added",
    "service-removed": "services removed",
    "operation-added": "operations added",
    "operation-removed": "operations removed",
    "operation-deprecated": "operations deprecated",
    "member-added": "members added",
    "member-removed": "members removed",
    "member-became-required": "members that became required",
    "member-became-optional": "members that became optional",
    "member-deprecated": "members deprecated",
    "type-changed": "type changes",
    "enum-value-added": "enum values added",
    "enum-value-removed": "enum values removed",
    "constraint-tightened": "constraints tightened",
    "constraint-loosened": "constraints loosened",
    "documentation-changed": "documentation changes",
    "protocol-changed": "protocol changes",
    "service-id-changed": "serviceId changes",
    "endpoint-changed": "endpoint changes",
    "endpoint-host-prefix-changed": "endpoint host prefix changes",
    "http-binding-changed": "HTTP binding changes",
    "auth-changed": "auth changes",
    "error-added": "errors added",
    "error-removed": "errors removed",
    "error-changed": "error shape changes",
    "checksum-changed": "checksum changes",
    "request-compression-changed": "request compression changes",
    "context-param-changed": "endpoint context parameter changes",
    "operation-idempotent-changed": "idempotency changes of operations",
    "member-location-changed": "members moved between URI, query string, headers and body",
    "member-wire-name-changed": "serialised name changes",
    "wire-format-changed": "wire format changes",
    "idempotency-token-added": "idempotency tokens added",
    "idempotency-token-removed": "idempotency tokens removed",
    "member-default-changed": "default value changes",
    "streaming-changed": "streaming changes",
    "eventstream-changed": "event stream changes",
    "document-changed": "document type changes",
    "union-changed": "union changes",
    "sensitive-changed": "sensitivity changes",
    "paginator-added": "paginators added",
    "paginator-removed": "paginators removed",
    "paginator-changed": "paginators changed",
    "waiter-added": "waiters added",
    "waiter-removed": "waiters removed",
    "waiter-changed": "waiters changed",
}

# How a botocore-style changelog line says each rule (for one name, for several), followed
# by the names it concerns.
_CHANGELOG_VERBS: dict[str, tuple[str, str]] = {
    "service-added": ("new service", "new service"),
    "service-removed": ("removes the service", "removes the service"),
    "operation-added": ("adds operation", "adds operations"),
    "operation-removed": ("removes operation", "removes operations"),
    "operation-deprecated": ("deprecates operation", "deprecates operations"),
    "member-added": ("adds member", "adds members"),
    "member-removed": ("removes member", "removes members"),
    "member-became-required": ("makes member required:", "makes members required:"),
    "member-became-optional": ("makes member optional:", "makes members optional:"),
    "member-deprecated": ("deprecates", "deprecates"),
    "type-changed": ("changes the type of", "changes the type of"),
    "enum-value-added": ("adds enum values to", "adds enum values to"),
    "enum-value-removed": ("removes enum values from", "removes enum values from"),
    "constraint-tightened": ("tightens constraints on", "tightens constraints on"),
    "constraint-loosened": ("loosens constraints on", "loosens constraints on"),
    "documentation-changed": ("updates documentation of", "updates documentation of"),
    "protocol-changed": ("changes the protocol", "changes the protocol"),
    "http-binding-changed": ("changes the HTTP binding of", "changes the HTTP binding of"),
    "auth-changed": ("changes the auth of", "changes the auth of"),
    "error-added": ("adds errors to", "adds errors to"),
    "error-removed": ("removes errors from", "removes errors from"),
    "member-location-changed": ("moves", "moves"),
    "member-wire-name-changed": ("renames on the wire", "renames on the wire"),
    "paginator-added": ("adds a paginator to", "adds paginators to"),
    "paginator-removed": ("removes the paginator of", "removes the paginators of"),
    "waiter-added": ("adds waiter", "adds waiters"),
    "waiter-removed": ("removes waiter", "removes waiters"),
}
_CHANGELOG_NAMES = 5

_SEVERITY_TITLES = {
    Severity.BREAKING: "Breaking",
    Severity.WARNING: "Warning",
    Severity.INFO: "Info",
}
_SEVERITIES_FIRST_WORST = (Severity.BREAKING, Severity.WARNING, Severity.INFO)


# --------------------------------------------------------------------------- view model


@dataclass(frozen=True)
class Section:
    """The findings of one severity within a service."""

    severity: Severity
    title: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class OperationEntry:
    """A finding as one operation meets it: at the severity of that operation's places."""

    number: int
    severity: Severity


@dataclass(frozen=True)
class OperationRow:
    """An operation of a service and the findings that reach it (the by-operation index)."""

    name: str
    findings: tuple[OperationEntry, ...]


@dataclass(frozen=True)
class ServiceNotes:
    """Everything notes say about one service."""

    name: str
    sections: tuple[Section, ...]
    operations: tuple[OperationRow, ...]
    finding_count: int
    change_count: int
    changelog_category: str
    changelog_description: str


@dataclass(frozen=True)
class CountRow:
    label: str
    findings: int
    changes: int
    ignored: int


@dataclass(frozen=True)
class Side:
    """One input as the notes name it: a short label, and its services (or how many)."""

    role: Literal["old", "new"]
    label: str
    info: InputInfo
    services: str


@dataclass(frozen=True)
class Bump:
    """The semver bump recommended for an SDK that mirrors the API, and why."""

    level: BumpLevel
    reason: str
    lower_bound: str
    ignored_note: str


@dataclass(frozen=True)
class Notes:
    """What every notes format lays out; built once from a comparison by :func:`build_notes`."""

    title: str
    old: InputInfo
    new: InputInfo
    sides: tuple[Side, ...]
    counts: tuple[CountRow, ...]
    finding_count: int
    change_count: int
    service_names: tuple[str, ...]
    operation_count: int
    bump: Bump
    services: tuple[ServiceNotes, ...]
    ignored: tuple[IgnoredChange, ...]
    expired: tuple[str, ...]
    unobservable: tuple[tuple[str, str], ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]
    incomplete: tuple[str, ...]
    partial_findings: int


# ------------------------------------------------------------------------------ rendering


def render_notes(comparison: Comparison, fmt: str) -> str:
    """Release notes of ``comparison`` as ``markdown``, ``html``, ``changelog`` or ``changes-json``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown notes format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    notes = _notes_of(comparison)
    if fmt == "changes-json":
        return _changes_json(notes)
    return _environment().get_template(_TEMPLATES[fmt]).render(notes=notes)


# The watch writes several formats of one comparison in a row, and building the notes
# costs as much as laying them out (31k changes: 1.1 s a build): the last comparison's
# notes are kept, by identity (a comparison is immutable), so they are built once.
_last_built: tuple[Comparison, Notes] | None = None


def _notes_of(comparison: Comparison) -> Notes:
    global _last_built
    if _last_built is None or _last_built[0] is not comparison:
        _last_built = (comparison, build_notes(comparison))
    return _last_built[1]


@cache
def _environment() -> jinja2.Environment:
    """The one template environment of the notes; HTML templates (``*.html.j2``) autoescape."""
    env = template_environment(
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
    )
    env.filters["md"] = md_escape
    env.filters["code"] = md_code
    env.filters["rst"] = rst_escape
    env.filters["plural"] = _plural
    env.filters["commas"] = _commas
    return env


def _commas(names: Iterable[str]) -> str:
    """Names joined by commas as one text, escaped where it is printed like any other.

    Jinja's own ``join`` looks at every item for HTML markup when the template
    autoescapes: the operations of 47k changes took it 0.5 s of the HTML notes.
    """
    return ", ".join(names)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _changes_json(notes: Notes) -> str:
    """The ``.changes`` fragment(s): one object for one service, else a list of them.

    ``json.dumps`` rather than a template: the fragment is data that botocore's tooling
    reads back, its layout is fixed (``json.dumps(..., indent=2)`` is what botocore's
    ``scripts/new-change`` writes), and a template would only re-implement JSON quoting.
    """
    fragments = [_fragment(service) for service in notes.services]
    payload: Any = fragments[0] if len(fragments) == 1 else fragments
    return json.dumps(payload, indent=2) + "\n"


def _fragment(service: ServiceNotes) -> dict[str, str]:
    return {
        "type": "api-change",
        "category": service.changelog_category,
        "description": service.changelog_description,
    }


def changes_fragments(comparison: Comparison) -> dict[str, str]:
    """``.changes/next-release`` files, one per changed service: file name -> content.

    botocore names them ``api-change-<service>-<random>.json``; the number here comes from
    the content so that the same comparison always writes the same files.
    """
    notes = _notes_of(comparison)
    files: dict[str, str] = {}
    for service in notes.services:
        content = json.dumps(_fragment(service), indent=2) + "\n"
        number = int(hashlib.sha256(content.encode("utf-8")).hexdigest()[:8], 16) % 100000
        safe = "".join(ch for ch in service.name if ch.isascii() and ch.isalnum()) or "service"
        files[f"api-change-{safe}-{number}.json"] = content
    return files


# ------------------------------------------------------------------------------- building


def build_notes(comparison: Comparison) -> Notes:
    """Group, count and rank the changes of a comparison into what notes show."""
    by_service: dict[str, list[Finding]] = defaultdict(list)
    for finding in find(comparison.changes):
        by_service[finding.service].append(finding)
    services = tuple(
        _service_notes(name, by_service[name], comparison) for name in sorted(by_service)
    )
    ordered = tuple(f for s in services for sec in s.sections for f in sec.findings)
    operations = {(c.service, c.operation) for c in comparison.changes if c.operation}
    labels = [_side_label(comparison.old), _side_label(comparison.new)]
    if labels[0] == labels[1]:  # two folders both called "data": their paths tell them apart
        labels = [comparison.old.source, comparison.new.source]
    names = tuple(s.name for s in services)
    return Notes(
        title=f"Release notes: {', '.join(names) or _services_of(comparison)}",
        old=comparison.old,
        new=comparison.new,
        sides=(
            Side("old", labels[0], comparison.old, _service_list(comparison.old.services)),
            Side("new", labels[1], comparison.new, _service_list(comparison.new.services)),
        ),
        counts=_counts(ordered, comparison),
        finding_count=len(ordered),
        change_count=len(comparison.changes),
        service_names=names,
        operation_count=len(operations),
        bump=recommend_bump(comparison),
        services=services,
        ignored=tuple(sorted(comparison.ignored, key=lambda i: i.change.sort_key)),
        expired=tuple(comparison.expired),
        unobservable=tuple((rule, RULE_LABELS.get(rule, rule)) for rule in comparison.unobservable),
        only_old=tuple(comparison.only_old),
        only_new=tuple(comparison.only_new),
        incomplete=tuple(comparison.incomplete),
        partial_findings=sum(1 for f in ordered if f.partial),
    )


def _services_of(comparison: Comparison) -> str:
    names = sorted(set(comparison.old.services) | set(comparison.new.services))
    return ", ".join(names) or "no services"


_LISTED_SERVICES = 5


def _service_list(names: Sequence[str]) -> str:
    """A side's services by name, or only how many for a catalog of dozens."""
    if len(names) <= _LISTED_SERVICES:
        return ", ".join(names)
    return f"{len(names)} services"


def _side_label(side: InputInfo) -> str:
    """A short name for one side: its release label, else its file name."""
    return side.version or PurePath(side.source).name or side.source


def _service_notes(name: str, findings: list[Finding], comparison: Comparison) -> ServiceNotes:
    by_severity: dict[Severity, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_severity[finding.severity].append(finding)
    sections = tuple(
        Section(severity, _SEVERITY_TITLES[severity], tuple(by_severity[severity]))
        for severity in _SEVERITIES_FIRST_WORST
        if by_severity[severity]
    )
    by_operation: dict[str, dict[int, Severity]] = defaultdict(dict)
    for finding in findings:
        for place in finding.places:
            for operation in place.operations:
                seen = by_operation[operation].get(finding.number)
                if seen is None or place.severity.rank > seen.rank:
                    by_operation[operation][finding.number] = place.severity
    return ServiceNotes(
        name=name,
        sections=sections,
        operations=tuple(
            OperationRow(op, tuple(OperationEntry(n, sev) for n, sev in sorted(entries.items())))
            for op, entries in sorted(by_operation.items())
        ),
        finding_count=len(findings),
        change_count=sum(f.change_count for f in findings),
        changelog_category=rst_literal(name),
        changelog_description=_changelog_description(findings, comparison),
    )


def _counts(findings: Sequence[Finding], comparison: Comparison) -> tuple[CountRow, ...]:
    # one pass over each list, not one per severity
    found = Counter(f.severity for f in findings)
    changed = Counter(c.severity for c in comparison.changes)
    ignored = Counter(i.change.severity for i in comparison.ignored)
    rows = [
        CountRow(label=severity.value, findings=found[severity], changes=changed[severity], ignored=ignored[severity])
        for severity in _SEVERITIES_FIRST_WORST
    ]
    rows.append(CountRow("total", len(findings), len(comparison.changes), len(comparison.ignored)))
    return tuple(rows)


# ------------------------------------------------------------------------------ semver


def bump_level(changes: Iterable[Change]) -> BumpLevel:
    """Major if anything breaks, minor if the API changed otherwise, patch if only docs did."""
    level: BumpLevel = "none"
    for change in changes:
        if change.severity is Severity.BREAKING:
            return "major"
        step: BumpLevel = "patch" if change.rule is Rule.DOCUMENTATION_CHANGED else "minor"
        if _BUMP_ORDER.index(step) > _BUMP_ORDER.index(level):
            level = step
    return level


_BUMP_REASONS: dict[BumpLevel, str] = {
    "major": (
        "at least one change is breaking: code written against the old API can fail "
        "against the new one, so an SDK that mirrors the API must say so with a major version."
    ),
    "minor": (
        "nothing breaking was found, but the API changed beyond its documentation "
        "(additions, deprecations, or warnings such as new values in responses): existing "
        "code keeps working, so a minor version; read the warnings for code that matches "
        "response values exhaustively."
    ),
    "patch": "only documentation changed: the API a client calls is the same.",
    "none": "no changes were found.",
}


def recommend_bump(comparison: Comparison) -> Bump:
    """The semver bump for an SDK that mirrors the API, with the reasoning notes print."""
    level = bump_level(comparison.changes)
    lower_bound = ""
    if comparison.unobservable and level != "major":
        lower_bound = (
            "This is a lower bound: one side is a changelog page, which cannot show "
            "removals, requiredness or constraint changes (listed below), so a breaking "
            "change cannot be ruled out."
        )
    ignored_note = ""
    with_ignored = bump_level([*comparison.changes, *(i.change for i in comparison.ignored)])
    if _BUMP_ORDER.index(with_ignored) > _BUMP_ORDER.index(level):
        ignored_note = (
            f"Counting the ignored changes it would be {with_ignored}: an ignore file "
            "accepts a change, it does not make the change compatible."
        )
    return Bump(level, _BUMP_REASONS[level], lower_bound, ignored_note)


# --------------------------------------------------------------------------- changelog


def _changelog_description(findings: Sequence[Finding], comparison: Comparison) -> str:
    """One botocore-style line: what changed, breaking first, names as RST literals."""
    sentences: list[str] = []
    grouped: dict[tuple[Severity, Rule], list[Finding]] = defaultdict(list)
    for finding in findings:  # one pass, not one per severity and rule
        grouped[(finding.severity, finding.rule)].append(finding)
    for severity in _SEVERITIES_FIRST_WORST:
        clauses: list[str] = []
        for rule in Rule:
            chosen = grouped.get((severity, rule))
            if not chosen:
                continue
            if rule in OPERATION_RULES:
                names = sorted({op for f in chosen for op in f.operations})
            else:
                # a finding about an operation or a service as a whole has no subject: its
                # operations stand for it
                names = sorted(
                    {f.subject for f in chosen if f.subject}
                    | {op for f in chosen if not f.subject for op in f.operations}
                )
            words = rule.value.replace("-", " ") + ":"
            one, many = _CHANGELOG_VERBS.get(rule.value, (words, words))
            verb = one if len(names) == 1 else many
            clauses.append(f"{verb} {_name_list(names)}".rstrip(" :"))
        if clauses:
            sentence = "; ".join(clauses)
            sentence = sentence[0].upper() + sentence[1:] + "."
            sentences.append(f"Breaking: {sentence}" if severity is Severity.BREAKING else sentence)
    if any(f.partial for f in findings):
        sentences.append("Some changes were read from a page only in part.")
    if comparison.unobservable:
        sentences.append(
            "Removals and requiredness changes cannot be seen on a changelog page and were not checked."
        )
    return " ".join(sentences)


def _name_list(names: Sequence[str]) -> str:
    shown = [rst_literal(n) for n in names[:_CHANGELOG_NAMES]]
    if len(names) > _CHANGELOG_NAMES:
        shown.append(f"{len(names) - _CHANGELOG_NAMES} more")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
