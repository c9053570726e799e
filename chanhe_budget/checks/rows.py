"""What one audit check looks like, and the rounding envelope every numeric check uses.

All check families (identities, narrative, completeness, text, soft) build their
rows here, so the audit frame has one fixed set of columns and every row says
where its evidence is (table and row, or line) — a researcher must be able to
cite it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from .catalogue import describe

__all__ = [
    "AUDIT_COLUMNS",
    "FAMILIES",
    "STATUSES",
    "check",
    "compare",
    "described",
    "fmt",
    "missing_column_reason",
    "rounding_tolerance",
    "row_label",
]

AUDIT_COLUMNS: tuple[str, ...] = (
    "check_id", "family", "description_zh", "description_en", "expected", "found", "difference", "tolerance",
    "status", "reason", "table", "row", "line", "evidence",
)
FAMILIES: tuple[str, ...] = ("identity", "cross_table", "narrative", "completeness", "text_quality", "soft",
                             "year_on_year", "audit")
STATUSES: tuple[str, ...] = ("pass", "fail", "warn", "not_applicable", "cannot_check")

#: Rounding allowed per printed addend, in 万元, by the unit the table is printed in:
#: half a cent of 万元 for 万元 tables, 1 元 for 元 tables (a 元 table may print integers).
PER_ADDEND: dict[str, float] = {"万元": 0.005, "元": 0.0001, "千元": 0.0005, "亿元": 50.0}
#: The smallest tolerance of a comparison, by unit (one printed unit of the last digit).
MINIMUM: dict[str, float] = {"万元": 0.01, "元": 0.0001, "千元": 0.001, "亿元": 100.0}
_EPS = 1e-9


def rounding_tolerance(addends: Iterable[tuple[float, str | None]]) -> float:
    """The rounding envelope of a sum, in 万元: 0.005 per non-zero rounded addend, at least 0.01.

    ``addends`` are (value, source unit) pairs. A zero is not a rounded addend (a
    blank cell is exactly 0), so only non-zero values count; tables printed in 元
    allow 1 元 per addend instead of half a cent of 万元.
    """
    total = 0.0
    floor = 0.0
    for value, unit in addends:
        unit = unit or "万元"
        floor = max(floor, MINIMUM.get(unit, 0.01))
        if value and not math.isnan(value):
            total += PER_ADDEND.get(unit, 0.005)
    return round(max(total, floor or MINIMUM["万元"]), 6)


def compare(found: float, expected: float, tolerance: float, how: str = "eq") -> bool:
    """True when ``found`` meets ``expected`` within ``tolerance``: ``eq`` (=), ``le`` (≤) or ``ge`` (≥)."""
    difference = round(found - expected, 6)
    if how == "le":
        return difference <= tolerance + _EPS
    if how == "ge":
        return difference >= -tolerance - _EPS
    return abs(difference) <= tolerance + _EPS


def fmt(value: float | None) -> str:
    """An amount as the tables print it (2 decimals), or an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.2f}"


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def row_label(row: pd.Series) -> str:
    """How a table row is named in the audit: code and name, unit code and name, project or item label."""
    kind = _text(row.get("row_kind"))
    if kind == "total" and not _text(row.get("item")):
        return _text(row.get("name")) or "合计"
    if kind == "project" and _text(row.get("project_name")):
        return str(row["project_name"]).strip()
    parts: list[str] = []
    for column in ("code", "unit_code") if kind != "unit" else ("unit_code",):
        text = _text(row.get(column))
        if text:
            parts.append(text)
            break
    for column in ("item", "project_name", "name", "indicator"):
        text = _text(row.get(column))
        if text:
            parts.append(text)
            break
    return " ".join(parts) or (kind or "")


def check(check_id: str, family: str, zh: str, en: str, status: str, *, expected=None, found=None,
          difference: float | None = None, tolerance: float | None = None, reason: str = "",
          table: str | None = None, row: str | None = None, line: int | None = None, evidence: str = "") -> dict:
    """One audit row. not_applicable and cannot_check must say why."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; known: {', '.join(STATUSES)}")
    if status in ("not_applicable", "cannot_check") and not reason:
        raise ValueError(f"{check_id}: a {status} check needs a reason")
    if difference is None and isinstance(expected, int | float) and isinstance(found, int | float):
        difference = round(float(found) - float(expected), 6)
    return {
        "check_id": check_id, "family": family, "description_zh": zh, "description_en": en,
        "expected": expected, "found": found, "difference": difference, "tolerance": tolerance,
        "status": status, "reason": reason, "table": table, "row": row,
        "line": int(line) if line is not None and not (isinstance(line, float) and math.isnan(line)) else None,
        "evidence": evidence,
    }


def missing_column_reason(exc: KeyError, what: str) -> str:
    """Why a check could not run on a mutated or narrower table: the column (or key) it needs is absent.

    Every check reads columns by name; a document whose table lacks one (a lost header, a
    template variant) makes the check ``cannot_check`` with this reason instead of an exception.
    """
    missing = exc.args[0] if exc.args else exc
    return f"{what}: a table lacks the column or row {missing!r} this check needs"


def described(check_id: str, family: str, status: str, **fields) -> dict:
    """:func:`check` with the descriptions of :data:`~chanhe_budget.checks.catalogue.DESCRIPTIONS`."""
    zh, en = describe(check_id)
    return check(check_id, family, zh, en, status, **fields)
