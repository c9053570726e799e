"""Stage 3b, continued: the layouts of tables that are not codes beside amount columns.

* ``summary_groups`` — a 收支总表 printed as three column groups (收入 | 支出·功能分类 | 支出·支出用途,
  the Jiangsu template), each group a label and an amount;
* ``item_list`` — a list of items under groups with their 小计 (the Jiangsu 收入预算总表);
* ``procurement`` — the 政府采购预算表 (品目大类 → 专项 → items bought).

Registered with :func:`~chanhe_budget.parse.tables.parser` when this module is imported (the
pipeline imports it), like the performance-target layouts of :mod:`.targets`.
"""

from __future__ import annotations

import re

import pandas as pd

from ..diagnostics import WarningLog
from ..read.source import Line
from ..read.split_rows import UNDECIDED
from ..templates.spec import Column, compact
from ..templates.vocabulary import SUMMARY_EXPENDITURE_ROWS, SUMMARY_INCOME_ROWS, TOTAL_LABELS
from .list_checks import check_item_list_text, check_procurement_text
from .raw_table import RawTable
from .tables import _ORDINAL_PREFIX_RE, _SPACED_RE, _amounts, _row_key, parser
from .units import looks_like_amount

__all__: list[str] = []


# ---------------------------------------------------------------- three column groups (Jiangsu 收支预算总表)

_GROUP_HEADERS = (("income", ()), ("function", ("功能科目名称", "功能分类")), ("purpose", ("支出用途",)))
_WRAP_DONE = ("支出", "资金", "计", "经费", "预算", "收入", "拨款")


def _group_starts(raw: RawTable) -> tuple[int, int]:
    """Columns where the 功能分类 and the 支出用途 groups start, read from the header rows."""
    function = purpose = None
    for line in raw.header:
        for col, cell in enumerate(line.cells):
            word = compact(cell)
            if function is None and word in ("功能科目名称", "功能分类"):
                function = col
            elif word == "支出用途" or (word == "项目名称" and function is not None and col > function):
                purpose = col if purpose is None else min(purpose, col)
    function = 2 if function is None else function
    return function, (purpose if purpose is not None and purpose > function else function + 2)


def _items(cells: list[str]) -> list[tuple[int, str, str]]:
    """(column, label, first amount after it) of each text cell of a row, left to right."""
    items: list[list] = []
    for col, cell in enumerate(cells):
        text = cell.strip()
        if not text:
            continue
        if looks_like_amount(text) or text == UNDECIDED:  # UNDECIDED: an amount text could not give to one label
            if items and items[-1][2] == "":
                items[-1][2] = text
        else:
            items.append([col, text, ""])
    return [tuple(item) for item in items]


@parser("summary_groups")
def _summary_groups(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """A 收支总表 with three column groups: 收入 | 支出·功能分类 | 支出·支出用途, each a label and an amount.

    Labels decide the row's key (当年收入小计, 收入合计, 一、基本支出 …); the column of a label
    decides its group. A label cut by a page or cell break ('八、社会保障和就' / '业支出',
    '当年收入' / '小计') is joined to the label above it in the same group.
    """
    function_col, purpose_col = _group_starts(raw)
    amount = Column("amount", "金额", ("金额",))
    records: list[dict] = []
    last: dict[str, dict] = {}
    ordinals: dict[str, int] = {}  # the last ordinal of each group (一、二、…): a gap is a row missing
    for line in raw.rows:
        for col, label, number in _items(list(line.cells)):
            group = "income" if col < function_col else ("function" if col < purpose_col else "purpose")
            ordinal = _ordinal(label)
            if ordinal is not None and ordinal != ordinals.get(group, 0) + 1:
                log.add("summary_row_missing", f"{raw.spec.label}: {label} follows ordinal {ordinals.get(group, 0)} "
                        f"of its column group ({group}): a row is missing", line.no, line.text, raw.spec.name)
            ordinals[group] = ordinal or ordinals.get(group, 0)
            side = "income" if group == "income" else "expenditure"
            name = _SPACED_RE.sub("", _ORDINAL_PREFIX_RE.sub("", label).strip())  # '当 年 收 入': spaced out
            previous = last.get(group)
            if not number and previous is not None and not _ORDINAL_PREFIX_RE.match(label) \
                    and (not compact(previous["item"]).endswith(_WRAP_DONE) or compact(name) in ("小计", "合计")):
                previous["item"] += name
                previous["key"] = _summary_group_key(previous["item"], group)
                previous["row_kind"] = _SUMMARY_KINDS.get(previous["key"] or "", "item")
                continue
            value = _amounts(raw, Line(line.no, line.text, (number,)), 0, (amount,), log)["amount"]
            key = _summary_group_key(name, group)
            record = {"side": side, "group": group, "item": name, "key": key,
                      "row_kind": _SUMMARY_KINDS.get(key or "", "item"), "amount": value, "line": line.no}
            records.append(record)
            last[group] = record
    return pd.DataFrame.from_records(records, columns=["side", "group", "item", "key", "row_kind", "amount", "line"])


_SUMMARY_KINDS = {"income_this_year": "subtotal", "expenditure_this_year": "subtotal", "total_income": "total",
                  "total_expenditure": "total", "general_budget_fiscal": "of_which"}


_CN_ORDINAL_RE = re.compile(r"^\s*([一二三四五六七八九十]+)、")
_CN_DIGITS = "一二三四五六七八九"


def _ordinal(label: str) -> int | None:
    """The value of a label's Chinese ordinal (一、 → 1, 十二、 → 12, 二十一、 → 21), None without one."""
    match = _CN_ORDINAL_RE.match(label)
    if match is None:
        return None
    tens, ten, ones = match.group(1).partition("十")
    if not ten:
        return _CN_DIGITS.index(tens) + 1 if len(tens) == 1 else None
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_CN_DIGITS.index(ones) + 1 if ones else 0)


def _summary_group_key(label: str, group: str) -> str | None:
    if group == "income":
        return _row_key(label, SUMMARY_INCOME_ROWS)
    key = _row_key(label, SUMMARY_EXPENDITURE_ROWS)
    return key or ("function" if group == "function" else None)


# ---------------------------------------------------------------- item lists (Jiangsu 收入预算总表)


@parser("item_list")
def _item_list(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """A list of items under groups (收入总计; 一般公共预算资金 › 小计, 公共财政拨款(补助)资金 …), one amount.

    ``group`` is the group printed in the first label cell (carried down its merged rows),
    ``item`` the label in the next; a group's 小计 row is ``subtotal``, 收入总计 the ``total``.
    """
    columns = raw.spec.columns
    records: list[dict] = []
    group: str | None = None
    for line in raw.rows:
        cells = list(line.cells)
        labels = [c.strip() for c in cells[: raw.amount_start]]
        texts = [t for t in labels if t and not looks_like_amount(t)]
        if labels and labels[0] and not looks_like_amount(labels[0]):
            group = labels[0] if len(texts) > 1 or compact(texts[0]) not in _LIST_TOTALS else None
        item = texts[-1] if texts else ""
        word = compact(item)
        kind = "total" if word in _LIST_TOTALS else ("subtotal" if word in ("小计", "合计") else "item")
        if kind == "total":
            group = None
        amounts = _amounts(raw, line, raw.amount_start, columns, log)
        records.append({"row_kind": kind, "group": group if kind != "total" else None, "item": item, **amounts,
                        "line": line.no})
    if raw.loose:
        check_item_list_text(raw, records, log)
    return pd.DataFrame.from_records(records, columns=["row_kind", "group", "item", *(c.name for c in columns), "line"])


_LIST_TOTALS = ("收入总计", "支出总计", "总计", "收入合计")


# ---------------------------------------------------------------- procurement (政府采购预算表)


@parser("procurement")
def _procurement(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """政府采购预算表: 合计, the categories (一、货物A …), each 专项 with its 经济科目, and the items bought.

    The amount is the last column (总计); the label cells are read by position: 采购品目大类,
    专项名称, 经济科目, 采购物品名称, 采购组织形式.
    """
    columns = raw.spec.columns
    records: list[dict] = []
    category = project = None
    for line in raw.rows:
        cells = [c.strip() for c in line.cells]
        if any(compact(c) in ("采购品目大类", "采购物品名称") for c in cells):
            continue  # the header printed again on a continuation page
        labels = (cells[: raw.amount_start] + [""] * 5)[:5]
        amounts = _amounts(raw, line, raw.amount_start, columns, log)
        if compact(labels[0]) in TOTAL_LABELS or (not any(labels) and not records):
            kind = "total"
            labels = [labels[0], "", "", "", ""]  # the last word of a wrapped header ('采购组织形' / '式') is no method
        elif labels[0]:
            kind, category, project = "category", compact(_ORDINAL_PREFIX_RE.sub("", labels[0])), None  # 货物 A: 货物A
        elif labels[3] or labels[4]:
            kind = "item"
        else:
            kind = "project"
            project = labels[1] or project
        records.append({"row_kind": kind, "category": category if kind != "total" else None,
                        "project_name": project if kind in ("project", "item") else None,
                        "economic_item": labels[2] or None, "item_name": labels[3] or None,
                        "method": labels[4] or None, **amounts, "line": line.no})
    if raw.loose:
        check_procurement_text(raw, records, log)
    return pd.DataFrame.from_records(records, columns=["row_kind", "category", "project_name", "economic_item",
                                                      "item_name", "method", *(c.name for c in columns), "line"])
