"""Cells a row lost, and codes a converter garbled: what the table parsers mark instead of reading as 0.

Why a module of its own: a blank cell is an exact 0 by the templates' convention, so a
cell that is *missing* (the row ends early) or a unit code misread as text (141 → 14l)
must be told apart before it becomes a silent wrong number or an extra project.
"""

from __future__ import annotations

import re

from ..diagnostics import WarningLog
from ..read.source import Line
from .raw_table import RawTable

__all__ = ["GARBLED_CODE_RE", "LOST", "SUMMARY_TOTALS", "missing_cell"]

#: Total rows of a two-sided summary whose amount cell must be there.
SUMMARY_TOTALS = frozenset({"total_income", "total_expenditure", "income_this_year", "expenditure_this_year"})
#: A cell the row does not have at all: read as unreadable (NaN), never as a blank 0.
LOST = "\x00lost"
#: A unit code with a character misread (141 → 14l, I41, 1 41): mostly digits, no Chinese, short.
GARBLED_CODE_RE = re.compile(r"(?=(?:\D*\d){2})[0-9A-Za-z.\-_|]{2,12}")


def missing_cell(raw: RawTable, line: Line, label: str, log: WarningLog) -> str:
    """A total row whose amount cell is missing (the row ends at its label): the amount is unknown, not 0."""
    log.add("missing_cell", f"{raw.spec.label}: {label} has no amount cell (the row ends at its label); "
            "its amount is unknown", line.no, line.text, raw.spec.name)
    return LOST
