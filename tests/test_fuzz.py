"""Fuzzing every reader: mutated pages (text and HTML), models, ignore files and state files
each end in a result or the project's error (SpecdiffError), within a time bound.

A crash would be exit 3, never a wrong exit 1, but it is still a bug: here any exception
other than SpecdiffError fails the test, and so does an input taking longer than
``TIME_BOUND`` seconds (a super-linear path). A model that loads is also compared with its
seed and rendered (JSON change list, Markdown notes, a page), so mutations reach the
comparison and the writers as well as the loaders.

The CI profile (the default) runs a fixed seed (``derandomize``) with a bounded budget:
``EXAMPLES`` inputs per reader, 1,300 in all, in about half a minute on two cores. The long
local profile runs 20 times as many, from a new random seed each run::

    SPECDIFF_FUZZ=long .venv/bin/python -m pytest tests/test_fuzz.py -q

(``SPECDIFF_FUZZ_EXAMPLES=N`` sets the per-reader count for either profile.)
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import time
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specdiff.errors import SpecdiffError

ROOT = Path(__file__).resolve().parents[1]
LONG = os.environ.get("SPECDIFF_FUZZ") == "long"
EXAMPLES = int(os.environ.get("SPECDIFF_FUZZ_EXAMPLES", 6000 if LONG else 300))
TIME_BOUND = 5.0  # seconds for one input; the slowest seen takes well under a tenth of it

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the bound is checked by hand: hypothesis' deadline reruns the input, flaky on a busy machine
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

# Bytes and text that mean something to one reader or another.
TOKENS = [
    b"{", b"}", b"[", b"]", b'"', b":", b",", b"\\", b"\\ud800", b"\\u0000", b"null", b"true", b"1e999", b"-0",
    b"9" * 400, b"<", b">", b"</details>", b"<![CDA x]>", b"<details>", b"&#0;", b"&", b"\n", b"\r", b"\t", b" " * 64,
    b"\x00", b"\xff", b"\xed\xa0\x80", "•".encode(), "\u00a0".encode(), b"*", b"?", b"- ", b"  ", b"2026-02-30",
    b"expires: ", b"shape", b'"shape": ["x"]', b'"pattern": 5', b"{{", b"}}", b"'", b"#",
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few cuts, insertions, repeats and flips at random places."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "repeat", "flip", "truncate", "nest"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS) | st.binary(max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "repeat":
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end] * draw(st.integers(1, 20))
        elif action == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[at:]
        elif action == "nest":
            depth = draw(st.integers(1, 3000))
            data[at:at] = b"[" * depth + b"]" * depth
    return bytes(data)


def _seed(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _bounded(work: Callable[[], object]) -> None:
    started = time.monotonic()
    try:
        work()
    except SpecdiffError:
        pass
    elapsed = time.monotonic() - started
    assert elapsed < TIME_BOUND, f"one input took {elapsed:.1f} s"


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- pages

PAGE_TEXT = _seed(ROOT / "fixtures" / "pages" / "widgets-2020-01-15.txt")
PAGE_HTML = _seed(ROOT / "fixtures" / "pages" / "widgets-2020-03-09.html")


def _load_and_render(path: Path) -> None:
    from specdiff.compare.pages import changes_on_page
    from specdiff.compare.selection import is_page_spec
    from specdiff.loaders import load
    from specdiff.render.changelist import comparison_json
    from specdiff.render.notes import render_notes

    spec = load(path)
    if is_page_spec(spec):
        comparison = changes_on_page(spec)
        comparison_json(comparison).encode("utf-8")
        render_notes(comparison, "markdown").encode("utf-8")


@FUZZ
@given(data=mutated(PAGE_TEXT))
def test_page_text(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "page.txt", data)
    _bounded(lambda: _load_and_render(path))


@FUZZ
@given(data=mutated(PAGE_HTML))
def test_page_html(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "page.html", data)
    _bounded(lambda: _load_and_render(path))


# ----------------------------------------------------------------------------- models

MODEL = _seed(ROOT / "tests" / "hostile" / "tiny.json")
REAL_MODEL = _seed(ROOT / "fixtures" / "models" / "groundstation-1.13.2.json.gz")


def _compare_with_seed(path: Path, seed: Path) -> None:
    from specdiff.compare.diff import compare
    from specdiff.loaders import load
    from specdiff.render.changelist import comparison_json
    from specdiff.render.notes import render_notes
    from specdiff.render.page import render_page

    new = load(path)
    old = load(seed)
    try:
        comparison = compare(old, new)
    except SpecdiffError:
        return  # two different services, say: a usage error
    comparison_json(comparison).encode("utf-8")
    render_notes(comparison, "markdown").encode("utf-8")
    render_page(comparison, old, new).encode("utf-8")


@FUZZ
@given(data=mutated(MODEL))
def test_small_model(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "model.json", data)
    seed = _write(tmp_path, "seed.json", MODEL)
    _bounded(lambda: _compare_with_seed(path, seed))


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 1))
@given(data=mutated(REAL_MODEL))
def test_real_model(tmp_path: Path, data: bytes) -> None:
    from specdiff.loaders import load

    path = _write(tmp_path, "groundstation.json", data)
    _bounded(lambda: load(path))


# ----------------------------------------------------------------------------- ignore files

IGNORE_YAML = (
    b"ignore:\n"
    b"  - fingerprint: 3f0c2a9b1d4e\n"
    b"    reason: the new values are for a region we do not use\n"
    b"  - rule: enum-value-added\n"
    b'    path: "ProductionVariants[].*"\n'
    b"    service: sagemaker\n"
    b'    operation: "Describe*"\n'
    b"    reason: we map unknown instance types\n"
    b"    expires: 2026-12-31\n"
)
IGNORE_TOML = (
    b'[[ignore]]\nrule = "enum-value-added"\npath = "*.Status"\nreason = "accepted"\nexpires = 2026-12-31\n'
    b'[[ignore]]\nfingerprint = "3f0c2a9b1d4e"\nreason = "known"\n'
)


def _apply_ignores(path: Path) -> None:
    from specdiff.compare.changes import Change, Comparison, InputInfo, Rule, Severity
    from specdiff.compare.ignore import apply_ignores, load_ignore_file

    entries = load_ignore_file(path)
    change = Change(
        rule=Rule.ENUM_VALUE_ADDED, severity=Severity.INFO, service="sagemaker", operation="DescribeX",
        direction="response", path="ProductionVariants[].Status" + "*" * 50, message="m",
    )
    info = InputInfo(kind="model", source="x", services=("sagemaker",))
    apply_ignores(Comparison(old=info, new=info, changes=(change,)), entries, today=datetime.date(2026, 1, 1))


@FUZZ
@given(data=mutated(IGNORE_YAML))
def test_ignore_yaml(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "accepted.yaml", data)
    _bounded(lambda: _apply_ignores(path))


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 1))
@given(data=mutated(IGNORE_TOML))
def test_ignore_toml(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "accepted.toml", data)
    _bounded(lambda: _apply_ignores(path))


# ----------------------------------------------------------------------------- state files

STATE = json.dumps(
    {
        "format": "specdiff-watch-state",
        "format_version": 1,
        "source": "botocore",
        "tracks": {"botocore": {"label": "1.13.2", "sort": ["1.13.2"]}, "pages": {"label": "a", "sort": ["2020-01-01", "a.txt"]}},
    },
    indent=2,
).encode()


def _read_state(folder: Path) -> None:
    from specdiff.job.state import read_state

    state = read_state(folder, "botocore")
    for mark in state.tracks.values():
        mark.order  # what planning compares: must work for anything read


@FUZZ
@given(data=mutated(STATE))
def test_state_file(tmp_path: Path, data: bytes) -> None:
    _write(tmp_path, "botocore.json", data)
    _bounded(lambda: _read_state(tmp_path))


def test_the_ci_budget_is_at_least_a_thousand_inputs() -> None:
    per_reader = [EXAMPLES, EXAMPLES, EXAMPLES, max(EXAMPLES // 3, 1), EXAMPLES, max(EXAMPLES // 3, 1), EXAMPLES]
    assert sum(per_reader) >= 1000 or "SPECDIFF_FUZZ_EXAMPLES" in os.environ
