"""Warnings the parser records instead of raising: each names its line and text.

A doubtful cell is not an exception (the rest of the document is still worth
reading) but it must never vanish: it becomes a :class:`ParseWarning` listed
on the ``Disclosure`` and shown by the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["ParseWarning", "WarningLog"]


@dataclass(frozen=True)
class ParseWarning:
    """One doubtful thing found while reading: a code, a message, where it was."""

    code: str
    message: str
    line: int | None = None
    text: str = ""
    table: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"[{self.code}] {where}{self.message}"


class WarningLog(list):
    """A list of :class:`ParseWarning` with a convenience ``add``."""

    def add(self, code: str, message: str, line: int | None = None, text: str = "",
            table: str | None = None) -> None:
        self.append(ParseWarning(code, message, line, text[:200], table))

    def to_frame(self):
        """The warnings as a DataFrame: code, message, line, text, table."""
        import pandas as pd

        return pd.DataFrame([w.to_dict() for w in self],
                            columns=["code", "message", "line", "text", "table"])
