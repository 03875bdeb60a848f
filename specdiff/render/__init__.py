"""Rendering a comparison: findings, release notes, the summary, the JSON change list and changelog pages."""
