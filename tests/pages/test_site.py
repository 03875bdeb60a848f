"""Real site pages, as the site's generator wrote them and as text crawls leave them.

fixtures/pages/site/ holds each page as HTML and in four crawl forms (whole-page text and
main-content text, each with and without line de-duplication), with a manifest of what
the generator itself knew: the methods, their statuses and the facts each delta shows.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from specdiff.pages.ast import Page
from specdiff.pages.reader import read_page_file

SITE = Path(__file__).resolve().parent.parent.parent / "fixtures" / "pages" / "site"
FORMS = ("html", "full", "main", "full.dedup", "main.dedup")


@cache
def manifest() -> dict:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


def entries() -> list[tuple[str, str]]:
    return [(p["name"], form) for p in manifest()["pages"] for form in FORMS]


def entry(name: str) -> dict:
    return next(p for p in manifest()["pages"] if p["name"] == name)


@cache
def site_page(name: str, form: str) -> Page:
    return read_page_file(SITE / entry(name)["files"][form])


@pytest.mark.parametrize("name,form", entries())
def test_every_form_reads_with_the_methods_and_statuses_of_the_manifest(name: str, form: str) -> None:
    page = site_page(name, form)
    expected = [(m["name"], m["status"]) for m in entry(name)["methods"]]
    got = [(m.name, m.status) for m in page.methods]
    if form.startswith("main"):
        # main-content extraction may drop a method: then it is absent, in order, never wrong
        assert [m for m in expected if m in got] == got
        assert page.lossy or got == expected
    else:
        assert got == expected
    title = entry(name)["title"]
    assert (page.title.date.replace("-", "/"), page.title.service) == (entry(name)["date"], entry(name)["service_full_name"])
    assert page.title.service in title


@pytest.mark.parametrize("name,form", [e for e in entries() if e[1] != "html"])
def test_the_chrome_before_the_title_is_skipped_and_reported(name: str, form: str) -> None:
    page = site_page(name, form)
    assert page.skipped.before > 0 and page.skipped.start == page.skipped.before + 1
    if form.startswith("full"):
        assert page.skipped.after > 0  # the site's footer
    assert page.methods[0].line > page.skipped.start


@pytest.mark.parametrize("name,form", [e for e in entries() if "dedup" not in e[1]])
def test_a_whole_crawl_loses_nothing(name: str, form: str) -> None:
    page = site_page(name, form)
    assert not page.lost and not any(m.lost for m in page.methods)
    assert not page.lossy


@pytest.mark.parametrize("name,form", [e for e in entries() if "dedup" in e[1]])
def test_a_de_duplicated_crawl_says_it_is_lossy(name: str, form: str) -> None:
    page = site_page(name, form)
    if len(page.methods) > 1:  # one method repeats nothing a reader could miss
        assert page.lossy


# ---------------------------------------------------------------------------- comparisons

ADDITIONS = {"operation-added", "member-added", "enum-value-added"}
MODELS = SITE / "models"


def manifest_facts(name: str) -> set[tuple]:
    """The generator's own facts of a page: new methods, added members, added enum values."""
    facts: set[tuple] = set()
    for method in entry(name)["methods"]:
        if method["status"] == "new":
            facts.add(("operation-added", method["name"], None, "", None))
            continue
        for direction in ("request", "response"):
            shown = method.get(direction, {})
            for path in shown.get("members_added", ()):
                facts.add(("member-added", method["name"], direction, path, None))
            for path, values in shown.get("enum_values_added", {}).items():
                facts.update(("enum-value-added", method["name"], direction, path, v) for v in values)
    return facts


def comparison_facts(comparison) -> set[tuple]:
    facts: set[tuple] = set()
    for c in comparison.changes:
        if c.rule.value == "enum-value-added":
            facts.update((c.rule.value, c.operation, c.direction, c.path, v) for v in c.added)
        else:
            facts.add((c.rule.value, c.operation, c.direction, c.path, None))
    return facts


def old_model(name: str) -> Path:
    """The previous release's model of the page's service, trimmed to the page's methods."""
    return MODELS / f"{entry(name)['service']}-{entry(name)['old']}.json.gz"


@pytest.mark.parametrize("name,form", [e for e in entries() if not entry(e[0])["new_service"]])
def test_against_the_old_model_a_page_invents_nothing_and_flags_what_it_lost(name: str, form: str) -> None:
    from specdiff.compare.diff import compare
    from specdiff.loaders import load

    page_spec = load(SITE / entry(name)["files"][form])
    comparison = compare(load(old_model(name)), page_spec)
    expected, got = manifest_facts(name), comparison_facts(comparison)
    assert got - expected == set()  # zero invented
    if "dedup" not in form:
        assert got == expected  # every fact
        assert comparison.incomplete == ()
    assert page_spec.page is not None
    partial = {m.name for m in page_spec.page.methods if m.partial}
    for fact in expected - got:  # lost, and flagged: the method is partial or incomplete
        assert fact[1] in partial or any(note.startswith(fact[1] + ":") for note in comparison.incomplete), fact


@pytest.mark.parametrize("name,form", entries())
def test_a_page_alone_reports_exactly_its_additions(name: str, form: str) -> None:
    from specdiff.compare.pages import changes_on_page
    from specdiff.loaders import load

    comparison = changes_on_page(load(SITE / entry(name)["files"][form]))
    assert {c.rule.value for c in comparison.changes} <= ADDITIONS
    expected = manifest_facts(name)
    added = {(f[1], f[2], f[3]) for f in expected if f[0] == "member-added"}
    for change in comparison.changes:
        for fact in comparison_facts(replace(comparison, changes=(change,))) - expected:
            # a dict of sketches reads two ways on a page alone: the change says which other
            assert change.rule.value == "member-added" and "a page alone cannot tell" in change.message, fact
            outer = change.message.split("(or ", 1)[1].split(" was added", 1)[0].split(" or ")
            assert any((change.operation, change.direction, o) in added for o in outer), fact
            assert all(change.path.startswith(o + ".") for o in outer), fact
    assert "type-changed" in comparison.unobservable and "member-removed" in comparison.unobservable


REASONS = ("lost", "not rendered", "cut short", "[partial]", "may be lost")


@pytest.mark.parametrize("name,form", [e for e in entries() if "dedup" in e[1]])
def test_the_outline_says_why_each_partial_method_is_partial(name: str, form: str) -> None:
    from specdiff.pages.outline import outline

    blocks = outline(site_page(name, form)).split("\n\n")[1:]
    for method, block in zip(site_page(name, form).methods, blocks):
        head, _, rest = block.partition("\n")
        assert head.startswith(f"{method.name} ({method.status})")
        if method.partial:
            assert any(reason in rest for reason in REASONS), block
