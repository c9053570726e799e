"""Stage 3b: raw cells become tidy DataFrames, one parser per table layout.

Parsers are registered by layout name (``@parser("coded")``), the layout is
chosen by the template data. Amount columns are placed from the header
anchor (the column of 合计/总计), and the cells left of it are read by what
they hold — digits are codes, other text is a name — which is what survives
the cells that the PDF conversion shifts by a column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pandas as pd

from ..diagnostics import WarningLog
from ..dictionary import LABEL_COLUMN_INFO
from ..read.source import Line
from ..templates.spec import Column, compact
from ..templates.vocabulary import (
    DEPT_ECONOMIC_CLASS_RE,
    FUNCTIONAL_CLASS_RE,
    GOV_ECONOMIC_CLASS_RE,
    SUMMARY_EXPENDITURE_ROWS,
    SUMMARY_INCOME_ROWS,
    TOTAL_LABELS,
)
from .raw_table import CODE_RE, RawTable
from .units import looks_like_amount, parse_amount, to_wan

__all__ = ["LABEL_COLUMNS", "PARSERS", "parser", "raw_to_frame"]

Parser = Callable[[RawTable, WarningLog], pd.DataFrame]
PARSERS: dict[str, Parser] = {}

#: Label columns each label kind produces, in order (amount columns follow).
LABEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "functional": ("row_kind", "level", "unit_code", "code", "code_class", "code_section", "code_item", "name"),
    "economic": ("row_kind", "level", "unit_code", "code", "code_class", "code_section", "name",
                 "gov_code", "gov_code_class", "gov_code_section", "gov_name"),
    "unit": ("row_kind", "unit_code", "name"),
    "operating": ("row_kind", "unit_code", "code", "name", "category"),
    "project": ("row_kind", "category", "project_name", "unit_code", "unit_name"),
    "none": ("row_kind",),
}
_ORDINAL_PREFIX_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]\s*)")


def parser(layout: str) -> Callable[[Parser], Parser]:
    """Register a parser for a table layout."""

    def register(func: Parser) -> Parser:
        PARSERS[layout] = func
        return func

    return register


class Labels(dict):
    """Column → Chinese label, in ``DataFrame.attrs``. Never changed once made, so pandas'
    deep copy of ``attrs`` on every derived frame can share it instead of copying it."""

    def __deepcopy__(self, memo: dict) -> Labels:
        return self


def raw_to_frame(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """Parse a raw table with the parser of its layout; attach unit, title and note."""
    frame = PARSERS[raw.spec.layout](raw, log)
    amounts = {c.name: c.label for c in (*raw.spec.columns, *raw.spec.right_columns)}
    labels = Labels({c: amounts.get(c) or LABEL_COLUMN_INFO.get(c, (c,))[0] for c in frame.columns})
    frame.attrs.update(
        labels=labels,
        table=raw.spec.name, label=raw.spec.label, title=raw.title, title_line=raw.title_line,
        unit="万元", source_unit=raw.unit, note=raw.note, declared_empty=raw.declared_empty,
    )
    return frame


# ---------------------------------------------------------------- amounts


def _loose_cells(raw: RawTable, line: Line, start: int, columns: tuple[Column, ...], log: WarningLog) -> list[str]:
    """Amount cells of a row from page text aligned by spaces, where empty cells come and go.

    When the row prints as many numbers as there are columns they are read in order;
    otherwise the row is ambiguous (a blank cell cannot be placed) and is reported.
    """
    filled = [c for c in line.cells[start:] if c.strip()]
    if len(filled) != len(columns) and filled:
        log.add("ambiguous_columns", f"{raw.spec.label}: {len(filled)} numbers for {len(columns)} columns in page "
                "text; read left to right", line.no, line.text, raw.spec.name)
    return [""] * start + filled[: len(columns)] + [""] * max(len(columns) - len(filled), 0)


def _amounts(raw: RawTable, line: Line, start: int, columns: tuple[Column, ...],
             log: WarningLog) -> dict[str, float]:
    if raw.loose and len(line.cells) > start + 1:
        line = Line(line.no, line.text, tuple(_loose_cells(raw, line, start, columns, log)))
    cells = list(line.cells) + [""] * (start + len(columns) - len(line.cells))
    values: dict[str, float] = {}
    for col, column in zip(range(start, start + len(columns)), columns, strict=True):
        value = parse_amount(cells[col])
        if math.isnan(value):
            log.add("unreadable_cell", f"{raw.spec.label}: cannot read {column.label} {cells[col]!r}; left empty",
                    line.no, line.text, raw.spec.name)
        values[column.name] = to_wan(value, raw.unit or "万元")
    extra = [c for c in cells[start + len(columns):] if c.strip()]
    if extra:
        log.add("extra_cells", f"{raw.spec.label}: cells beyond the template's columns ignored: {extra}",
                line.no, line.text, raw.spec.name)
    return values


def _header_has(header: str, column: Column) -> bool:
    """Whether a table's header prints one of the column's words (a column without words always counts)."""
    return not column.header or any(compact(word) in header for word in column.header)


def _columns_of(raw: RawTable, columns: tuple[Column, ...], log: WarningLog) -> tuple[Column, ...]:
    """The template's columns this table prints.

    A document may print a narrower variant of the template's table (合计 / 基本支出 /
    项目支出 without the 人员经费 and 公用经费 split): when the header lacks some columns'
    words and no data row is wider than the columns that remain, those columns are left
    out (absent, not 0) instead of letting the next ones slide into their places. When
    the rows are as wide as the template, the header is the doubtful part and the
    template's positions are kept; either way the difference is a warning.
    """
    header = raw.header_text()
    missing = [c for c in columns if not _header_has(header, c)]
    if not header or not missing:
        return columns
    width = max((max((i for i, c in enumerate(line.cells) if c.strip()), default=-1) - raw.amount_start + 1
                 for line in raw.rows), default=0)
    present = tuple(c for c in columns if c not in missing)
    labels = ", ".join(c.label for c in missing)
    where = raw.header[0].no if raw.header else raw.title_line
    if width <= len(present):
        log.add("columns_absent", f"{raw.spec.label}: the table does not print {labels}; left out", where, "",
                raw.spec.name)
        return present
    log.add("header_mismatch", f"{raw.spec.label}: header lacks {labels}; columns placed by the template",
            where, "", raw.spec.name)
    return columns


# ---------------------------------------------------------------- codes and names


def _digits(cell: str) -> str | None:
    text = cell.replace(" ", "")
    return text if CODE_RE.match(text) or (text.isdigit() and len(text) <= 2) else None


def _split_code(code: str, class_len: int = 3) -> tuple[str, str | None, str | None]:
    return code[:class_len], code[class_len:class_len + 2] or None, code[class_len + 2:class_len + 4] or None


def _level(code: str) -> str:
    return {3: "class", 5: "section", 7: "item"}.get(len(code), "other")


def _groups(cells: list[str]) -> list[tuple[str, str]]:
    """(code, name) groups in reading order: digit cells accumulate, a text cell closes."""
    groups: list[tuple[str, str]] = []
    code = ""
    for cell in cells:
        if not cell.strip():
            continue
        digits = _digits(cell)
        if digits is not None:
            if len(digits) == 1 and len(code) >= 3:
                digits = "0" + digits  # '301 2': the 款 printed without its leading zero
            code += digits
        else:
            groups.append((code, cell.strip()))
            code = ""
    if code:
        groups.append((code, ""))
    return groups


def _functional_labels(cells: list[str], previous: dict) -> dict:
    groups = _groups(cells)
    name = " ".join(n for _, n in groups if n)
    row = dict.fromkeys(LABEL_COLUMNS["functional"])
    row["name"] = name
    first = cells[0].replace(" ", "") if cells else ""
    code = groups[0][0] if groups else ""
    if first.isdigit() and len(first) < 3 and previous.get("code_class") and len(code) in (len(first) + 2, len(first) + 4):
        # '7 11 02' where the 类 was printed damaged: the 类 of the rows above, and say so
        code = previous["code_class"] + code[len(first):]
        row["repaired"] = f"类 printed {first!r}; {previous['code_class']} taken from the rows above"
        first = previous["code_class"]
    whole = len(first) in (5, 7) and first == code and FUNCTIONAL_CLASS_RE.match(first[:3])  # '2013102' in one cell
    if code and (FUNCTIONAL_CLASS_RE.match(first) or whole
                 or (first == "" and len(code) in (2, 4) and previous.get("code_class"))):
        if first == "":  # merged 类 cell printed only on the group's first row
            code = previous["code_class"] + code
        if FUNCTIONAL_CLASS_RE.match(code[:3]):
            row.update(code=code, level=_level(code), row_kind=_level(code))
            row["code_class"], row["code_section"], row["code_item"] = _split_code(code)
            return row
    if code:
        row.update(row_kind="unit", unit_code=code)
    elif compact(name) in TOTAL_LABELS:
        row["row_kind"] = "total"
    else:
        row["row_kind"] = "item"
    return row


def _economic_labels(cells: list[str], previous: dict) -> dict:
    row = dict.fromkeys(LABEL_COLUMNS["economic"])
    groups = _groups(cells)
    if not groups:
        row["row_kind"] = "total"
        return row
    for code, name in groups:
        if code and len(code) <= 2 and previous.get("code_class"):
            code = previous["code_class"] + code
        if DEPT_ECONOMIC_CLASS_RE.match(code[:3]) and row["code"] is None:
            row.update(code=code, name=name, level=_level(code) if len(code) != 5 else "section")
            row["code_class"], row["code_section"], _ = _split_code(code)
        elif GOV_ECONOMIC_CLASS_RE.match(code[:3]):
            row.update(gov_code=code, gov_name=name)
            row["gov_code_class"], row["gov_code_section"], _ = _split_code(code)
        elif code:
            row.update(unit_code=code, name=name)
        elif row["name"] is None and row["code"] is None:
            row["name"] = name
    if row["code"]:
        row["level"] = "class" if len(row["code"]) == 3 else "section"
        row["row_kind"] = row["level"]
    elif row["unit_code"]:
        row["row_kind"] = "unit"
    elif compact(row["name"] or "") in TOTAL_LABELS:
        row["row_kind"] = "total"
    else:
        row["row_kind"] = "item"
    return row


def _unit_labels(cells: list[str], previous: dict) -> dict:
    groups = _groups(cells)
    code, name = (groups[0] if groups else ("", ""))
    kind = "total" if not code and compact(name) in TOTAL_LABELS else ("unit" if code else "item")
    return {"row_kind": kind, "unit_code": code or None, "name": name}


def _operating_labels(cells: list[str], previous: dict) -> dict:
    groups = _groups(cells)
    row = dict.fromkeys(LABEL_COLUMNS["operating"])
    texts = [n for _, n in groups if n]
    code = next((c for c, _ in groups if c), "")
    row["name"] = texts[0] if texts else None
    row["category"] = texts[1] if len(texts) > 1 else None
    if code and DEPT_ECONOMIC_CLASS_RE.match(code[:3]) and len(code) == 5:
        row.update(row_kind="item", code=code, unit_code=previous.get("unit_code"))
    elif code:
        row.update(row_kind="unit", unit_code=code)
    else:
        row["row_kind"] = "total" if compact(row["name"] or "") in TOTAL_LABELS or not texts else "item"
    return row


def _project_labels(cells: list[str], previous: dict) -> dict:
    row = dict.fromkeys(LABEL_COLUMNS["project"])
    groups = _groups(cells)
    texts = [n for _, n in groups if n]
    code = next((c for c, _ in groups if c), "")
    if code:
        row.update(row_kind="unit", unit_code=code, unit_name=texts[0] if texts else None)
    elif not texts or compact(texts[0]) in TOTAL_LABELS:
        row["row_kind"] = "total"
    else:
        row["row_kind"] = "project"
        padded = [c.strip() for c in cells] + ["", "", ""]
        if len(texts) >= 3 or padded[0]:
            row["category"], row["project_name"] = padded[0] or None, padded[1] or None
            row["unit_name"] = " ".join(t for t in padded[2:] if t) or None
        else:
            row["project_name"] = texts[0]
            row["unit_name"] = texts[1] if len(texts) > 1 else None
        row["unit_code"] = previous.get("unit_code")
    return row


def _none_labels(cells: list[str], previous: dict) -> dict:
    return {"row_kind": "total" if not previous else "item"}


_LABEL_READERS = {
    "functional": _functional_labels, "economic": _economic_labels, "unit": _unit_labels,
    "operating": _operating_labels, "project": _project_labels, "none": _none_labels,
}


@parser("coded")
def _coded(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """Tables with label cells (codes, names) left of a block of amount columns."""
    spec = raw.spec
    columns = _columns_of(raw, spec.columns, log)
    reader = _LABEL_READERS[spec.labels]
    records: list[dict] = []
    previous: dict = {}  # what merged cells carry down: the current 类 and the current unit
    for line in raw.rows:
        cells = list(line.cells)
        labels = reader(cells[: raw.amount_start], previous)
        repaired = labels.pop("repaired", None)
        if repaired:
            log.add("code_repaired", f"{spec.label}: {repaired}", line.no, line.text, spec.name)
        amounts = _amounts(raw, line, raw.amount_start, columns, log)
        if labels["row_kind"] == "total" and all(v == 0 for v in amounts.values()) and raw.declared_empty:
            continue  # the blank 合计 row of a table declared empty
        if labels["row_kind"] == "unit":
            previous["unit_code"] = labels["unit_code"]
        elif "unit_code" in labels and labels["unit_code"] is None and labels["row_kind"] != "total":
            labels["unit_code"] = previous.get("unit_code")
        if labels.get("code_class"):
            previous["code_class"] = labels["code_class"]
        previous["seen"] = True
        records.append({**labels, **amounts, "line": line.no})
    return pd.DataFrame.from_records(records, columns=[*LABEL_COLUMNS[spec.labels], *(c.name for c in columns), "line"])


# ---------------------------------------------------------------- two-sided tables


def _row_key(label: str, patterns: tuple[tuple[str, str], ...]) -> str | None:
    key = compact(label)
    for pattern, name in patterns:
        if re.search(pattern, key):
            return name
    return None


def _present_columns(raw: RawTable, columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The leading run of columns whose header words the table prints (templates vary in width)."""
    header = raw.header_text()
    present: list[Column] = []
    for column in columns:
        if not _header_has(header, column):
            break
        present.append(column)
    return tuple(present)


def _label_col(cells: list[str], start: int, stop: int) -> int | None:
    """The first cell in [start, stop) that holds text rather than an amount."""
    return next((c for c in range(start, min(stop, len(cells))) if cells[c].strip() and not looks_like_amount(cells[c])),
                None)


@parser("two_sided")
def _two_sided(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """收支总表-like tables: income items and amounts on the left, expenditure on the right.

    Labels are found as the first text cell of each side and the left amount as the
    first number after it, so the extra empty cells of page text aligned by spaces
    (pdftotext) do not move them; the right side's several amount columns are read
    by position, as the ruled tables print them.
    """
    right_columns = _present_columns(raw, raw.spec.right_columns) or (Column("amount", "金额", ("金额",)),)
    anchors = {compact(a) for a in raw.spec.anchor}
    anchor_row = next((h for h in raw.header if len(h.cells) > raw.amount_start
                       and compact(h.cells[raw.amount_start]) in anchors), None)
    right_label = raw.amount_start + 1
    if anchor_row is not None:
        right_label = next((c for c in range(raw.amount_start + 1, len(anchor_row.cells))
                            if compact(anchor_row.cells[c]) == "项目"), right_label)
    records: list[dict] = []
    carry = False
    for line in raw.rows:
        cells = list(line.cells) + [""] * (right_label + 2 + len(right_columns))
        left = _label_col(cells, 0, right_label)
        right = _label_col(cells, right_label, len(cells))
        for side, col in (("income", left), ("expenditure", right)):
            if col is None:
                continue
            label = cells[col]
            if side == "income":
                key = _row_key(label, SUMMARY_INCOME_ROWS)
                if key == "carryover_in":
                    carry = True
                elif carry and key not in {"total_income", "income_this_year", None}:
                    key = f"carryover_{key}"
                number = next((c for c in cells[col + 1:right_label] if c.strip()), "")
                amount = _amounts(raw, Line(line.no, line.text, (number,)), 0, (right_columns[0],), log)
                values = {c.name: (amount[c.name] if c is right_columns[0] else math.nan) for c in right_columns}
            else:
                key = _row_key(label, SUMMARY_EXPENDITURE_ROWS) or "function"
                rest = cells[col + 1:]
                if len(right_columns) == 1:
                    rest = [next((c for c in rest if c.strip()), "")]
                values = _amounts(raw, Line(line.no, line.text, tuple(rest)), 0, right_columns, log)
            kind = {"income_this_year": "subtotal", "expenditure_this_year": "subtotal", "total_income": "total",
                    "total_expenditure": "total", "general_budget_fiscal": "of_which"}.get(key or "", "item")
            records.append({"side": side, "item": _ORDINAL_PREFIX_RE.sub("", label).strip(), "key": key,
                            "row_kind": kind, **values, "line": line.no})
    columns = ["side", "item", "key", "row_kind", *(c.name for c in right_columns), "line"]
    return pd.DataFrame.from_records(records, columns=columns)


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
        if looks_like_amount(text):
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
    for line in raw.rows:
        for col, label, number in _items(list(line.cells)):
            group = "income" if col < function_col else ("function" if col < purpose_col else "purpose")
            side = "income" if group == "income" else "expenditure"
            name = _CJK_GAP_RE.sub("", _ORDINAL_PREFIX_RE.sub("", label).strip())  # '当 年 收 入': spaced out
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


_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_SUMMARY_KINDS = {"income_this_year": "subtotal", "expenditure_this_year": "subtotal", "total_income": "total",
                  "total_expenditure": "total", "general_budget_fiscal": "of_which"}


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
        elif labels[0]:
            kind, category, project = "category", _ORDINAL_PREFIX_RE.sub("", labels[0]), None
        elif labels[3] or labels[4]:
            kind = "item"
        else:
            kind = "project"
            project = labels[1] or project
        records.append({"row_kind": kind, "category": category if kind != "total" else None,
                        "project_name": project if kind in ("project", "item") else None,
                        "economic_item": labels[2] or None, "item_name": labels[3] or None,
                        "method": labels[4] or None, **amounts, "line": line.no})
    return pd.DataFrame.from_records(records, columns=["row_kind", "category", "project_name", "economic_item",
                                                      "item_name", "method", *(c.name for c in columns), "line"])
