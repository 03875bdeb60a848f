"""Where the grammars and templates are, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

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


def template_environment(**options: Any) -> jinja2.Environment:
    """A Jinja environment over ``templates/``, set up the way every output wants it.

    Strict about undefined names (a typo must fail, not print nothing), block tags that
    leave no blank lines behind, the template's last newline kept, and no autoescape
    (only HTML wants it, and asks); ``options`` add to these or replace them.
    """
    import jinja2  # here, not at the top: the page reader finds its grammar here too

    settings: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(str(resource_dir("templates"))),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "autoescape": False,
    }
    return jinja2.Environment(**{**settings, **options})
