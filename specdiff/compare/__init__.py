"""Comparing two specs: changed shapes, reachability, the rules, page comparisons, ignore files and verdicts."""

from __future__ import annotations

__all__ = ["compare"]


def __getattr__(name: str):  # lazily: the change records alone should not import deepdiff
    if name == "compare":
        from specdiff.compare.diff import compare

        return compare
    raise AttributeError(name)
