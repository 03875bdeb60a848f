"""Property: real site pages damaged as crawls damage them read, and invent nothing.

Damage: site chrome before the title and a footer after the page, lines a de-duplicating
crawl drops (a line whose text appeared earlier on the page), lines merged into one.
Whatever the damage, the reader gives a Page or the project's PageSyntaxError, never
another exception; and where de-duplication only removed lines, every fact read (along
the page's old model) is a fact of the undamaged page, the generator's own.
"""

from __future__ import annotations

import gzip
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specdiff.compare.diff import compare
from specdiff.errors import PageSyntaxError
from specdiff.loaders import load
from specdiff.loaders.page import load_page_text
from specdiff.pages.ast import Page
from specdiff.pages.reader import parse_page
from tests.pages.test_site import SITE, comparison_facts, entry, manifest_facts, old_model

#: small real pages of several years and services, with deltas of every kind between them
PAGES = (
    "sts-1.31.10-1.31.11",
    "cloud9-1.15.0-1.15.1",
    "ssm-sap-1.35.0-1.35.1",
    "pcs-1.40.0-1.40.1",
    "organizations-1.41.3-1.41.4",
    "route53-1.23.20-1.23.21",
    "omics-1.44.7-1.44.8",
)
CHROME = ("    Amazon Something", "", "  • API Changes", "  • Services", "Skip to content", "2020-01-01", "")
FOOTER = ("", "AWS API Changes Built for Builders by Builders.", "Privacy | Terms")


@cache
def lines_of(name: str) -> tuple[str, ...]:
    """The main-content text of a page (no chrome: the damage adds its own)."""
    text = gzip.decompress((SITE / entry(name)["files"]["main"]).read_bytes()).decode("utf-8")
    return tuple(text.split("\n"))


def repeated(lines: tuple[str, ...] | list[str]) -> list[int]:
    """The lines a de-duplicating crawl may drop: their stripped text appeared earlier."""
    seen: set[str] = set()
    out = []
    for i, line in enumerate(lines):
        key = line.strip()
        if key and key in seen:
            out.append(i)
        seen.add(key)
    return out


@st.composite
def deduplicated(draw: st.DrawFn) -> tuple[str, str]:
    """A page with some (or all) of its repeated lines dropped: lines removed, nothing else."""
    name = draw(st.sampled_from(PAGES))
    lines = list(lines_of(name))
    candidates = repeated(lines)
    if draw(st.booleans()):
        dropped = set(candidates)  # the whole de-duplication
    else:
        dropped = set(draw(st.lists(st.sampled_from(candidates), max_size=60))) if candidates else set()
    return name, "\n".join(line for i, line in enumerate(lines) if i not in dropped)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    name, text = draw(deduplicated())
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 4))):  # lines merged: a break lost
        if len(lines) > 2:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i : i + 2] = [lines[i] + draw(st.sampled_from(["", " "])) + lines[i + 1].lstrip()]
    before = list(CHROME[: draw(st.integers(0, len(CHROME)))])
    after = list(FOOTER[: draw(st.integers(0, len(FOOTER)))])
    return "\n".join(before + lines + after)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged())
def test_a_crawl_damaged_page_gives_a_page_or_the_projects_error(text: str) -> None:
    try:
        result = parse_page(text, source="crawl.txt")
    except PageSyntaxError as error:
        assert error.source == "crawl.txt" and error.line is not None and error.line >= 1
        return
    assert isinstance(result, Page)
    for method in result.methods:  # whatever was lost says where, inside the text
        for lost in method.lost:
            assert 1 <= lost.line <= text.count("\n") + 1 and lost.reason


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(deduplicated())
def test_where_de_duplication_only_removed_lines_nothing_is_invented(case: tuple[str, str]) -> None:
    name, text = case
    page_spec = load_page_text(text, source="dedup.txt")  # a de-duplicated page always reads
    comparison = compare(load(old_model(name)), page_spec)
    assert comparison_facts(comparison) <= manifest_facts(name)
    assert page_spec.page is not None
    read = {m.name for m in page_spec.page.methods}
    assert read <= {m["name"] for m in entry(name)["methods"]}
