"""botocore releases as inputs: ``botocore==X.Y.Z[:SERVICE]``, or the one pinned in a file (``botocore@FILE``).

A release is read from the wheel cache ``watch`` uses (:mod:`specdiff.loaders.wheels`):
``$SPECDIFF_CACHE``, else ``~/.cache/specdiff/wheels``. A cached release needs no
network; an uncached one is fetched once with pip.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from specdiff.errors import InputError
from specdiff.inputfiles import decode_text, parse_json, read_input_bytes
from specdiff.loaders.wheels import Runner, botocore_data, cached_wheel, default_cache, run_pip
from specdiff.model import Spec

__all__ = ["MAX_PIN_BYTES", "Pin", "is_release", "load_release", "pin_of", "pinned", "release_cache"]

#: The most bytes a requirements or lock file may hold: 16 MiB, refused before it is read.
#: Real ones hold kilobytes; the lock file of a big monorepo a few megabytes.
MAX_PIN_BYTES = 16 << 20

_SERVICE = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_RELEASE_PREFIX = "botocore=="
_PINNED_PREFIX = "botocore@"
# A release number as pip compares them: numbers (bounded, so int() never refuses one) joined by dots.
_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,9}")
# One requirement line pinning botocore exactly (`botocore==1.35.0`, `botocore[crt]===1.35.0 ; ...`,
# `"botocore==1.35.0",` inside pyproject.toml). Linear: no nested repetition, and an extras
# list stops at the next "[" (scanning each "botocore[" to the end of the line was quadratic).
_REQUIREMENT = re.compile(r"(?<![\w.-])botocore(?:\[[^\[\]\n]*\])?[ \t]*===?[ \t]*(\d+(?:\.\d+)*)(?![\w.*])", re.IGNORECASE)
_TOML_NAME = re.compile(r'[ \t]*name[ \t]*=[ \t]*"botocore"[ \t]*$', re.IGNORECASE)
_TOML_VERSION = re.compile(r'[ \t]*version[ \t]*=[ \t]*"(\d+(?:\.\d+)*)"[ \t]*$')
_JSON_KEY = re.compile(r'[ \t]*"botocore"[ \t]*:')


@dataclass(frozen=True)
class Pin:
    """The botocore release a file pins, and the line that says so."""

    version: str
    file: Path
    line: int


def is_release(text: str) -> bool:
    """Whether an input names a release (``botocore==X.Y.Z[:SERVICE]`` or ``botocore@FILE[:SERVICE]``).

    Anything so written is meant as a release (a file of that name is the loader's to
    prefer): a malformed one is refused as a release, not looked for as a file.
    """
    return text.startswith((_RELEASE_PREFIX, _PINNED_PREFIX))


def release_number(text: str, *, source: str) -> str:
    """A botocore release number as pip reads it, written as its wheel is named (``1.35.0``).

    pip compares ``==1.35`` and ``==01.35.0.0`` equal to 1.35.0 and fetches that wheel, so
    the number is read the same way: leading zeros dropped, zeros added or taken off the
    end to make three parts. Anything else is refused (it would reach pip).
    """
    if not _NUMBER.fullmatch(text):
        raise InputError(f"not a botocore release number: {_shown(text)!r} (expected X.Y.Z, like 1.35.0)", source=source)
    parts = [int(part) for part in text.split(".")]
    while len(parts) > 3 and parts[-1] == 0:
        parts.pop()
    if len(parts) > 3:
        raise InputError(f"not a botocore release number: {text!r} (expected X.Y.Z, like 1.35.0)", source=source)
    return ".".join(str(part) for part in parts + [0] * (3 - len(parts)))


def release_cache() -> Path:
    """The wheel cache: ``$SPECDIFF_CACHE`` when set, else the one ``watch`` uses by default."""
    named = os.environ.get("SPECDIFF_CACHE")
    return Path(named) if named else default_cache()


def load_release(text: str, *, cache: Path | None = None, runner: Runner = run_pip) -> Spec:
    """A release as a catalog of every service, or as one service's model after ``:SERVICE``."""
    version, service = _parse(text)
    cache = cache or release_cache()
    try:
        data = botocore_data(version, cache, runner=runner)
    except InputError as error:
        if cached_wheel(version, cache) is not None:  # cached but unreadable: say that, as it is
            raise
        raise InputError(
            f"not in the wheel cache ({cache}), and {error.message}; "
            "fetch it once with network access, or set SPECDIFF_CACHE to a cache that holds it",
            source=text,
        ) from None
    from specdiff.loaders import load_catalog, load_folder_model
    from specdiff.loaders.botocore import find_models

    if service is None:
        catalog = load_catalog(data)
        return Spec(kind="catalog", source=text, services=catalog.services, version=version)
    models = dict(find_models(data))
    if service not in models:
        raise InputError(f"botocore {version} has no service {service!r} ({len(models)} services in it)", source=text)
    model = load_folder_model(models[service], service)
    return Spec(kind="model", source=text, services={service: model}, version=version)


def _parse(text: str) -> tuple[str, str | None]:
    """The version and service an input names; a pin file is read for its version."""
    if text.startswith(_RELEASE_PREFIX):
        source = _shown(text, 60)  # the argument itself: kept short enough to leave room for what is wrong
        number, colon, name = text[len(_RELEASE_PREFIX) :].partition(":")
        if not number:
            raise InputError("no release number after botocore== (expected botocore==X.Y.Z[:SERVICE])", source=source)
        version = release_number(number, source=source)
        if colon and not name:
            raise InputError("name a service after ':' (botocore==X.Y.Z:SERVICE, like botocore==1.35.0:s3)", source=source)
        if colon and not re.fullmatch(_SERVICE, name):
            raise InputError(f"not a service name: {_shown(name)!r} (letters, digits, '.', '_' and '-', like s3)", source=source)
        return version, name or None
    file, service = _pin_target(text)
    return pinned(file).version, service


def _shown(text: str, limit: int = 40) -> str:
    """Input text as an error message quotes it: cut short past ``limit`` characters."""
    return text if len(text) <= limit else text[:limit] + "..."


def _pin_target(text: str) -> tuple[Path, str | None]:
    """``botocore@FILE[:SERVICE]``: the file (which may itself hold a colon) and the service."""
    rest = text[len(_PINNED_PREFIX) :]
    if not rest:
        raise InputError("name the file that pins botocore: botocore@requirements.txt", source=text)
    head, colon, tail = rest.rpartition(":")
    if colon and head and re.fullmatch(_SERVICE, tail) and not Path(rest).exists():
        return Path(head), tail
    return Path(rest), None


def pin_of(text: str) -> Pin | None:
    """The pin behind a ``botocore@FILE`` input (for pointing annotations at it), else ``None``."""
    if not text.startswith(_PINNED_PREFIX):
        return None
    try:
        return pinned(_pin_target(text)[0])
    except InputError:
        return None


def pinned(file: Path) -> Pin:
    """The botocore version a requirements, constraints or lock file pins exactly.

    Requirements and constraints files (and a pyproject.toml's dependency strings) pin it
    as ``botocore==X``; poetry.lock, uv.lock and pylock.toml hold a ``[[package]]`` whose
    ``name`` is botocore and whose ``version`` follows; Pipfile.lock holds
    ``"botocore": {"version": "==X"}``. Anything but an exact pin is refused: a range
    names no single release to compare.
    """
    source = str(file)
    text = decode_text(read_input_bytes(file, limit=MAX_PIN_BYTES, kind="a pin file"), source)
    lines = text.splitlines()
    if text.lstrip().startswith("{"):
        return _pipfile_lock(text, lines, file)
    in_botocore_package = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_botocore_package = False
        if _TOML_NAME.fullmatch(line):
            in_botocore_package = True
            continue
        if in_botocore_package:
            version = _TOML_VERSION.fullmatch(line)
            if version:
                return Pin(release_number(version.group(1), source=source), file, number)
            continue
        if stripped.startswith("#"):
            continue
        match = _REQUIREMENT.search(line.split(" #", 1)[0])
        if match:
            return Pin(release_number(match.group(1), source=source), file, number)
    raise InputError("pins no botocore release (expected botocore==X.Y.Z, or botocore in a lock file)", source=source)


def _pipfile_lock(text: str, lines: list[str], file: Path) -> Pin:
    source = str(file)
    document = parse_json(text, source)
    for section in ("default", "develop"):
        packages = document.get(section) if isinstance(document, dict) else None
        entry = packages.get("botocore") if isinstance(packages, dict) else None
        if isinstance(entry, dict) and isinstance(entry.get("version"), str):
            version = entry["version"].removeprefix("==")
            if not re.fullmatch(r"[\d.]+", version):
                raise InputError(f"botocore is not pinned to one release ({_shown(entry['version'])!r})", source=source)
            line = next((n for n, l in enumerate(lines, start=1) if _JSON_KEY.match(l)), 1)
            return Pin(release_number(version, source=source), file, line)
    raise InputError("pins no botocore release (no botocore in default or develop)", source=source)
