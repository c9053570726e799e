"""Amounts and units: the one place where 元/亿元 become 万元.

Cells are read here too, because reading a number and knowing its unit are the
same concern: a cell that cannot be read must be reported, never turned into 0.
"""

from __future__ import annotations

import math
import re

from ..templates.vocabulary import UNIT_FACTORS

__all__ = ["AMOUNT_RE", "MAX_AMOUNT", "NUMERIC_RE", "UNIT_LABEL_RE", "ZERO_MARKS", "find_unit", "from_wan", "is_number",
           "looks_like_amount", "parse_amount", "sum_agrees", "to_wan"]

#: Cells that print a zero: blank, dashes.
ZERO_MARKS = frozenset({"", "-", "—", "–", "--", "——", "－", "/", "0", "0.0", "0.00"})
#: An amount as printed: thousands separators in their places, or none (``1,234.50``, ``1234.5``).
AMOUNT_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
#: Anything a cell prints as a number, separators possibly misplaced (``12,34``): used to tell
#: number cells from label cells when reading page text, never to read a value.
NUMERIC_RE = re.compile(r"^[-+]?[\d,]*\d(?:\.\d+)?$")
#: The start of a unit line (``单位：``, ``金额单位:``), whatever unit follows.
UNIT_LABEL_RE = re.compile(r"(?:金额)?单位\s*[:：]")
_UNIT_LINE_RE = re.compile(UNIT_LABEL_RE.pattern + r"\s*(亿元|万元|千元|元)")


def is_number(token: str) -> bool:
    """A token of page text that prints a number (:data:`NUMERIC_RE`) or a zero mark: an amount, not a label."""
    return bool(NUMERIC_RE.match(token)) or token in ZERO_MARKS - {""}


def sum_agrees(total: float, parts: float, addends: int) -> bool:
    """Whether a sum of ``addends`` amounts rounded to the cent of 万元 matches its printed total:
    0.0051 per addend, at least 0.011 (False when either is NaN)."""
    return abs(total - parts) <= max(0.011, 0.0051 * addends)


def looks_like_amount(cell: str) -> bool:
    """True for a printed number (thousands separators allowed) or a zero mark."""
    cell = cell.strip()
    return bool(AMOUNT_RE.match(cell)) or cell in ZERO_MARKS - {""}


def parse_amount(cell: str) -> float:
    """The value of a cell: blank or a dash is 0.0; an unreadable cell is NaN.

    NaN (not 0) is what keeps an unreadable cell from becoming a silent wrong number;
    callers turn it into a warning.
    """
    cell = cell.strip().replace(" ", "")
    if cell in ZERO_MARKS:
        return 0.0
    value = math.nan
    if AMOUNT_RE.match(cell):
        value = float(cell.replace(",", ""))
    elif cell.startswith("(") and cell.endswith(")") and AMOUNT_RE.match(cell[1:-1]):
        value = -float(cell[1:-1].replace(",", ""))
    return value if abs(value) < MAX_AMOUNT else math.nan  # beyond any budget: a garbled cell, not a number


#: The largest amount read as a number, in the printed unit (10¹⁵ 元 is a thousand times any national budget):
#: beyond it a cell is garbled (digits run together), and rounding it would fail.
MAX_AMOUNT = 1e15


def to_wan(value: float, unit: str) -> float:
    """Convert an amount printed in ``unit`` to 万元."""
    try:
        multiply, divide = UNIT_FACTORS[unit]
    except KeyError:
        raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNIT_FACTORS)}") from None
    return value * multiply / divide


def from_wan(value: float, unit: str | None) -> float:
    """Convert an amount in 万元 to ``unit`` (None: the document printed no unit, read as 万元)."""
    multiply, divide = UNIT_FACTORS[unit or "万元"]
    return value * divide / multiply


def find_unit(text: str) -> str | None:
    """The unit declared by a ``单位：万元`` line, or None."""
    match = _UNIT_LINE_RE.search(text)
    return match.group(1) if match else None
