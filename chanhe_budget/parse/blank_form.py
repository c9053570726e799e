"""A document whose tables print no amount at all: a blank form, not a department that spent 0.

The template's rule that a blank cell is 0 is right inside a table that prints amounts (a
department without 事业收入 leaves that column blank). It is wrong for a document that prints
no amount anywhere — the national 决算 template as published blank, a form filled in with
``XXX`` placeholders: its 合计 rows read 0, and 收入总计 0.00 would be a confident wrong figure.
:func:`prints_no_amount` tells such a document; the pipeline warns (``no_amounts``) and the key
figures leave the money figures None (:func:`chanhe_budget.key_figures.compute_figures`).
"""

from __future__ import annotations

import pandas as pd

from ..read.split_rows import UNDECIDED
from .raw_table import RawTable
from .units import looks_like_amount

__all__ = ["NO_AMOUNTS", "prints_no_amount"]

#: The warning code of a document whose tables print no amount.
NO_AMOUNTS = "no_amounts"


def _printed(raw: RawTable) -> bool:
    """Whether a row of the table prints an amount (a number or a zero mark such as 0.00 or -) where its
    amounts are; the code-and-name halves of a ``halves`` table interleave codes with amounts, so there
    only the parsed frame can tell."""
    if raw.spec.layout == "halves":
        return False
    return any(cell.strip() == UNDECIDED or looks_like_amount(cell)
               for line in raw.rows for cell in line.cells[raw.amount_start:])


def _amounts(frame: pd.DataFrame) -> bool:
    """Whether a parsed table holds an amount other than 0 (a NaN is a cell the reader could not find or
    read, which the raw cells show when it was printed)."""
    numbers = frame.select_dtypes("number").drop(columns=["line"], errors="ignore")
    return bool((numbers.fillna(0) != 0).any().any())


def prints_no_amount(raw_tables: dict[str, RawTable], tables: dict[str, pd.DataFrame]) -> bool:
    """True when the document prints table rows but no amount in any of them (every cell blank)."""
    if not any(len(frame) for frame in tables.values()):
        return False  # no table row read at all: another problem, reported as such
    return not any(_printed(raw) for raw in raw_tables.values()) \
        and not any(_amounts(frame) for frame in tables.values())
