"""Where the grammars and templates are, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """Return the folder ``grammars`` or ``templates``.

    A wheel carries them inside the package; an editable install or a checkout has them
    at the top of the repository, beside the package.
    """
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"specdiff is installed without its {name}/ folder")
