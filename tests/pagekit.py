"""Shared helpers for the page reader tests: the fixture pages and their golden ASTs."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from specdiff.pages.ast import Page
from specdiff.pages.reader import page_to_json, read_page_file

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
REAL_PAGE = PAGES / "sagemaker-2019-10-24.txt.gz"

#: every page fixture; each has a golden AST under tests/golden/pages/<stem>.json
FIXTURES = sorted(p.name for p in PAGES.iterdir() if p.name.endswith((".txt", ".txt.gz", ".html")))


@cache
def page(name: str) -> Page:
    """A fixture page, parsed once per test session."""
    return read_page_file(PAGES / name)


def golden_path(name: str) -> Path:
    stem = name.split(".", 1)[0]
    return GOLDEN / f"{stem}.json"


def check_golden(name: str) -> None:
    """The page's JSON equals its golden file byte for byte (SPECDIFF_REGEN_GOLDEN=1 rewrites it)."""
    text = page_to_json(page(name))
    path = golden_path(name)
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with SPECDIFF_REGEN_GOLDEN=1 and check it"
    assert text == path.read_text(encoding="utf-8")
