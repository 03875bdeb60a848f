"""Typed stubs for Hostile \"\"\" Service {{ 7*7 }} \\ (../../etc/x, API 2020-01-01)."""

__all__ = ()
