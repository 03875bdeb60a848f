"""Reading changelog pages: the grammar's post-lexer and Transformer, the AST, HTML, syntax placement and the outline."""

from __future__ import annotations

__all__ = ["page_to_json", "page_to_outline", "parse_page", "read_page_file"]


def __getattr__(name: str):  # lazily: importing the AST alone should not build the parser
    if name in __all__:
        from specdiff.pages import reader

        return getattr(reader, name)
    raise AttributeError(name)
