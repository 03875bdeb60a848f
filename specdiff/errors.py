"""The project's one exception hierarchy; only the CLI turns it into output and an exit code."""

from __future__ import annotations


class SpecdiffError(Exception):
    """Anything specdiff reports to a user as a clean one-line error (exit status 2)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(SpecdiffError):
    """An input that cannot be read or is not of a kind specdiff knows."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.line = line
        self.column = column

    def where(self) -> str:
        place = self.source or "<input>"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


class JSONSyntaxError(InputError):
    """Text that is not JSON, at a given line and column (a reader may then try it as a page)."""


class PageSyntaxError(InputError):
    """A changelog page that does not follow the page format at a given line and column."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        context: str = "",
    ) -> None:
        super().__init__(message, source=source, line=line, column=column)
        self.context = context


class UsageError(SpecdiffError):
    """Inputs that are each readable but cannot be used together (two services, say)."""


class OutputError(SpecdiffError):
    """An output that cannot be written where it was asked for (a full disk, a link leading out)."""
