"""Real site pages, as the site's generator wrote them and as text crawls leave them.

fixtures/pages/site/ holds each page as HTML and in four crawl forms (whole-page text and
main-content text, each with and without line de-duplication), with a manifest of what
the generator itself knew: the methods, their statuses and the facts each delta shows.
"""

from __future__ import annotations

import json
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
