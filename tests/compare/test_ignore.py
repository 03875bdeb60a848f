"""Applying an ignore file: each change goes to the first live entry, in file order, that names it."""

from __future__ import annotations

import datetime
import random

import pytest

from specdiff.compare.changes import Rule
from specdiff.compare.diff import compare
from specdiff.compare.ignore import IgnoreEntry, apply_ignores
from specdiff.loaders import load
from tests.notekit import change, comparison
from tests.reportkit import REPO

MODELS = REPO / "fixtures" / "models"

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize("fingerprint_first", [True, False])
def test_the_first_entry_in_the_file_wins_whichever_way_it_names_the_change(fingerprint_first: bool) -> None:
    target = change(rule=Rule.MEMBER_ADDED, path="A.B", shape=None, operation="Op")
    other = change(rule=Rule.MEMBER_ADDED, path="C.D", shape=None, operation="Op")
    by_print = IgnoreEntry(reason="by fingerprint", fingerprint=target.fingerprint)
    by_rule = IgnoreEntry(reason="by rule", rule="member-added", path="A.*")
    entries = (by_print, by_rule) if fingerprint_first else (by_rule, by_print)
    result = apply_ignores(comparison(target, other), entries, today=TODAY)
    assert [(i.change, i.reason) for i in result.ignored] == [(target, "by fingerprint" if fingerprint_first else "by rule")]
    assert result.changes == (other,)


def test_an_expired_entry_ignores_nothing_and_a_later_one_takes_over() -> None:
    target = change(rule=Rule.ENUM_VALUE_ADDED)
    old = IgnoreEntry(reason="old", fingerprint=target.fingerprint, expires=datetime.date(2026, 1, 1), number=1)
    later = IgnoreEntry(reason="later", rule="enum-value-added", number=2)
    result = apply_ignores(comparison(target), (old, later), today=TODAY)
    assert [i.reason for i in result.ignored] == ["later"]
    assert result.expired == ("entry 1: fingerprint " + target.fingerprint + " expired on 2026-01-01 (old)",)


def test_many_entries_over_a_real_comparison_read_as_one_by_one() -> None:
    """Entries of both kinds, overlapping, in shuffled orders: every change goes where
    reading the entries one by one, in order, sends it."""
    subject = compare(load(str(MODELS / "groundstation-1.13.2.json.gz")), load(str(MODELS / "groundstation-1.35.0.json.gz")))
    changes = subject.changes
    rules = sorted({c.rule.value for c in changes})
    winners = set()
    for seed in range(5):
        rng = random.Random(seed)
        entries = [IgnoreEntry(reason=f"print {n}", fingerprint=c.fingerprint) for n, c in enumerate(rng.sample(changes, 20))]
        entries += [IgnoreEntry(reason=f"rule {r} {p}", rule=r, path=p) for r in rules for p in ("*", "config*", "*Id", "*[]*")]
        entries += [IgnoreEntry(reason="no such change", fingerprint="0" * 12), IgnoreEntry(reason="no such op", rule=rules[0], operation="Nothing*")]
        rng.shuffle(entries)
        entries = entries[: len(entries) // 2]  # some changes stay unignored
        result = apply_ignores(subject, entries, today=TODAY)
        firsts = [next((e for e in entries if e.matches(c)), None) for c in changes]  # changes hold dicts: by place
        assert [(i.change, i.reason) for i in result.ignored] == [(c, e.reason) for c, e in zip(changes, firsts) if e]
        assert result.changes == tuple(c for c, e in zip(changes, firsts) if e is None)
        winners |= {e.reason.split()[0] for e in firsts if e}
        assert result.changes and result.ignored
    assert winners == {"print", "rule"}  # both kinds of entry were first somewhere
