"""Project settings: per-rule severities, fail-on and the ignore file, from the command line
and from ``[tool.specdiff]`` in pyproject.toml or a ``specdiff.toml``.

```toml
[tool.specdiff]                 # in specdiff.toml the same keys stand at the top (or here)
fail-on = "warning"
ignore = "accepted.yaml"        # relative to the file that names it

[tool.specdiff.severity]
enum-value-added = "info"       # rule id = breaking | warning | info
error-removed = "breaking"
```

``--severity RULE=LEVEL`` (repeatable) wins over the file, ``--fail-on`` and ``--ignore``
likewise. A severity override replaces the rule's default at every direction and is
applied to the comparison before the ignore file and before ``--fail-on`` are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specdiff.compare.changes import Comparison, IgnoredChange, Rule, Severity
from specdiff.errors import InputError, UsageError
from specdiff.inputfiles import read_regular_file

__all__ = ["CONFIG_FILES", "MAX_SETTINGS_BYTES", "Settings", "find_settings", "load_settings", "override_severities", "parse_severities"]

#: where settings are looked for, in the working folder, first found wins
CONFIG_FILES = ("specdiff.toml", "pyproject.toml")
FAIL_ON = ("breaking", "warning", "info", "never")
#: The most bytes a settings file may hold (a pyproject.toml holds kilobytes)
MAX_SETTINGS_BYTES = 16 << 20
_KEYS = frozenset({"fail-on", "ignore", "severity"})


@dataclass(frozen=True)
class Settings:
    """What a settings file (or the command line) says; ``None``: not said."""

    fail_on: str | None = None
    ignore: Path | None = None
    severities: Mapping[Rule, Severity] = field(default_factory=dict)
    #: the file they came from ("" for none)
    source: str = ""

    def over(self, base: Settings) -> Settings:
        """These settings, falling back on ``base`` for what they do not say."""
        return Settings(
            fail_on=self.fail_on if self.fail_on is not None else base.fail_on,
            ignore=self.ignore if self.ignore is not None else base.ignore,
            severities={**base.severities, **self.severities},
            source=self.source or base.source,
        )


def _rule(name: Any, source: str) -> Rule:
    try:
        return Rule(name)
    except ValueError:
        raise UsageError(f"{source}: unknown rule {name!r} (specdiff rules lists them)") from None


def _level(value: Any, source: str, rule: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(f"{source}: severity of {rule} must be breaking, warning or info, not {value!r}") from None


def parse_severities(items: Sequence[str], source: str = "--severity") -> dict[Rule, Severity]:
    """``RULE=LEVEL`` items as overrides (a later item for one rule wins)."""
    overrides = {}
    for item in items:
        name, equals, level = item.partition("=")
        if not equals:
            raise UsageError(f"{source}: expected RULE=LEVEL, got {item!r}")
        rule = _rule(name.strip(), source)
        overrides[rule] = _level(level.strip(), source, rule.value)
    return overrides


def override_severities(comparison: Comparison, overrides: Mapping[Rule, Severity]) -> Comparison:
    """The comparison with each overridden rule's changes at the severity asked for."""
    if not overrides:
        return comparison

    def moved(change: Any) -> Any:
        level = overrides.get(change.rule)
        return change if level is None or level is change.severity else dataclasses.replace(change, severity=level)

    return dataclasses.replace(
        comparison,
        changes=tuple(moved(c) for c in comparison.changes),
        ignored=tuple(IgnoredChange(moved(i.change), i.reason) for i in comparison.ignored),
    )


def find_settings(folder: Path) -> Settings:
    """The settings of ``specdiff.toml`` or ``pyproject.toml``'s ``[tool.specdiff]`` in ``folder``."""
    for name in CONFIG_FILES:
        path = folder / name
        if path.is_file():
            settings = load_settings(path)
            if settings.source or name == "specdiff.toml":
                return settings
    return Settings()


def load_settings(path: Path) -> Settings:
    """Read one settings file; a pyproject.toml without ``[tool.specdiff]`` says nothing."""
    source = str(path)
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    # Bounded, and a regular file only: read before any command runs, it must not hang on a FIFO.
    data = read_regular_file(path, limit=MAX_SETTINGS_BYTES, kind="a settings file")
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read settings ({exc.__class__.__name__})", source=source) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", source=source) from None
    table = document.get("tool", {}).get("specdiff")
    if table is None:
        if path.name == "pyproject.toml":
            return Settings()
        table = {k: v for k, v in document.items() if k != "tool"}
    if not isinstance(table, dict):
        raise InputError("[tool.specdiff] must be a table", source=source)
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InputError(f"unknown setting {unknown[0]!r} (expected fail-on, ignore, severity)", source=source)
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise InputError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}", source=source)
    ignore = table.get("ignore")
    if ignore is not None and not isinstance(ignore, str):
        raise InputError("ignore must be a file name", source=source)
    levels = table.get("severity", {})
    if not isinstance(levels, dict):
        raise InputError("[tool.specdiff.severity] must be a table of rule = level", source=source)
    try:
        severities = {_rule(name, source): _level(level, source, name) for name, level in levels.items()}
    except UsageError as error:
        raise InputError(str(error).removeprefix(f"{source}: "), source=source) from None
    return Settings(
        fail_on=fail_on,
        ignore=(path.parent / ignore) if ignore else None,
        severities=severities,
        source=source,
    )
