"""What the text reader could not decide in a list table read from text without layout, and whether
the rows it rebuilt add up.

The readers of :mod:`chanhe_budget.read.procurement_text` and
:mod:`chanhe_budget.read.item_list_text` write ``?`` for a label they cannot give to one row.
Here such a label becomes empty (None) with a warning, and the rebuilt rows are checked
against the table's own arithmetic — 合计 = Σ categories, a category = Σ its 专项, a 专项 =
Σ its items (政府采购预算表); 收入总计 = Σ 小计, a 小计 = Σ its group's items (收入预算总表) —
so that rows the text ran together or lost are reported, never passed on as certain.
"""

from __future__ import annotations

import math

from ..diagnostics import WarningLog
from ..read.split_rows import UNDECIDED, sum_agrees
from .raw_table import RawTable

__all__ = ["check_item_list_text", "check_procurement_text", "undecided_labels"]

_LABELS = ("category", "project_name", "economic_item", "item_name", "method", "group", "item")


def undecided_labels(raw: RawTable, records: list[dict], log: WarningLog) -> None:
    """Labels written ``?`` by the text reader become None, with one warning per row."""
    for record in records:
        lost = [name for name in _LABELS if record.get(name) == UNDECIDED]
        for name in lost:
            record[name] = None
        if lost:
            log.add("ambiguous_label", f"{raw.spec.label}: text without cell boundaries does not show which row "
                    f"the words printed here belong to; {', '.join(lost)} left empty", record["line"], "",
                    raw.spec.name)


def check_procurement_text(raw: RawTable, records: list[dict], log: WarningLog) -> None:
    """Warn where the rebuilt 政府采购预算表 does not add up: a parent row and the rows under it."""
    undecided_labels(raw, records, log)
    levels = {"total": 0, "category": 1, "project": 2, "item": 3}
    for k, record in enumerate(records):
        level = levels.get(record["row_kind"])
        if level is None or level == 3 or math.isnan(record["total"]):
            continue
        children: list[float] = []
        for child in records[k + 1:]:
            child_level = levels.get(child["row_kind"], 3)
            if child_level <= level:
                break
            if child_level == level + 1:
                children.append(child["total"])
        if not children or not sum_agrees(record["total"], sum(children), len(children)):
            log.add("rows_do_not_add_up", f"{raw.spec.label}: {record['row_kind']} {record['total']} is not the sum "
                    f"of the {len(children)} rows under it ({sum(children):.2f}) as rebuilt from text without "
                    "layout; a row may be missing or run together with another", record["line"], "", raw.spec.name)


def check_item_list_text(raw: RawTable, records: list[dict], log: WarningLog) -> None:
    """Warn where the rebuilt list does not add up: 收入总计 = Σ 小计, each 小计 = Σ the items under it."""
    undecided_labels(raw, records, log)
    subtotals: list[float] = []
    for k, record in enumerate(records):
        if record["row_kind"] != "subtotal":
            continue
        items = []
        for child in records[k + 1:]:
            if child["row_kind"] != "item":
                break
            items.append(child["total"])
        subtotals.append(record["total"])
        if not any(math.isnan(v) for v in (record["total"], *items)) \
                and not sum_agrees(record["total"], sum(items), len(items)):
            log.add("rows_do_not_add_up", f"{raw.spec.label}: 小计 {record['total']} is not the sum of the "
                    f"{len(items)} items under it ({sum(items):.2f}) as rebuilt from text without layout; a row may "
                    "be missing or given to another group", record["line"], "", raw.spec.name)
    total = next((r for r in records if r["row_kind"] == "total"), None)
    if total is not None and subtotals and not any(math.isnan(v) for v in (total["total"], *subtotals)) \
            and not sum_agrees(total["total"], sum(subtotals), len(subtotals)):
        log.add("rows_do_not_add_up", f"{raw.spec.label}: {total['item']} {total['total']} is not the sum of the "
                f"小计 rows ({sum(subtotals):.2f}) as rebuilt from text without layout", total["line"], "",
                raw.spec.name)
