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
from ..read.source import Line
from ..read.split_rows import ALTERNATIVE, UNDECIDED
from ..templates.columns import LABEL_COLUMN_INFO, LABEL_COLUMNS
from ..templates.spec import Column, compact
from ..templates.vocabulary import (
    DEPT_ECONOMIC_CLASS_RE,
    FUNCTIONAL_CLASS_RE,
    GOV_ECONOMIC_CLASS_RE,
    SUMMARY_EXPENDITURE_ROWS,
    SUMMARY_INCOME_ROWS,
    TOTAL_LABELS,
)
from .lost_cells import GARBLED_CODE_RE, LOST, SUMMARY_TOTALS, missing_cell
from .pins import Said, narrative_amounts, stated_pins, table_pins
from .placement import Placement, confirmed_bottom, place_rows
from .raw_table import CODE_RE, RawTable
from .units import looks_like_amount, parse_amount, to_wan

__all__ = ["PARSERS", "parser", "raw_to_frame"]

Parser = Callable[[RawTable, WarningLog], pd.DataFrame]
PARSERS: dict[str, Parser] = {}

_SUMMARY_LAYOUTS = ("two_sided", "summary_groups")  # 收支总表s: read first from text, they pin the other tables
#: Gaps inside a label set letter-spaced or cut by the reader ('合 计', '维修 (护) 费'): not part of the name.
_SPACED_RE = re.compile(r"(?<=[\u4e00-\u9fff()（）])\s+(?=[\u4e00-\u9fff()（）])")
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


def raw_tables_to_frames(raw_tables: dict[str, RawTable], log: WarningLog,
                         narrative: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Parse every table. Tables read from text without layout are parsed after the two-sided ones, so
    that their 合计 row can be checked against 收支总表 (the same money printed twice) while placing, and
    against what the ``narrative`` (its statements) says of it (:mod:`chanhe_budget.parse.pins`)."""
    frames: dict[str, pd.DataFrame] = {}
    said = narrative_amounts(narrative)
    order = sorted(raw_tables, key=lambda n: raw_tables[n].loose and raw_tables[n].spec.layout not in _SUMMARY_LAYOUTS)
    for name in order:
        frames[name] = raw_to_frame(raw_tables[name], log, frames, said)
    return {name: frames[name] for name in raw_tables}


def raw_to_frame(raw: RawTable, log: WarningLog, frames: dict[str, pd.DataFrame] | None = None,
                 said: Said = ()) -> pd.DataFrame:
    """Parse a raw table with the parser of its layout; attach unit, title and note.

    ``frames`` (tables parsed already) lets a table read from text without layout place its
    amounts by the identities it shares with them, and ``said`` (the narrative's amounts) its 合计 row."""
    parse = PARSERS[raw.spec.layout]
    if parse is _coded:
        frame = _coded(raw, log, frames, said)
    elif parse is _halves:
        frame = _halves(raw, log, frames)
    else:
        frame = parse(raw, log)
    amounts = {c.name: c.label for c in (*raw.spec.columns, *raw.spec.right_columns)}
    labels = Labels({c: amounts.get(c) or LABEL_COLUMN_INFO.get(c, (c,))[0] for c in frame.columns})
    frame.attrs.update(
        labels=labels,
        table=raw.spec.name, label=raw.spec.label, title=raw.title, title_line=raw.title_line,
        unit="万元", source_unit=raw.unit, note=raw.note, declared_empty=raw.declared_empty, loose=raw.loose,
    )
    if raw.loose and frame.empty and not raw.declared_empty:
        log.add("table_unread", f"{raw.spec.label}: no row read from text without layout (layout "
                f"{raw.spec.layout!r}); the figures it holds are left empty", raw.title_line, raw.title, raw.spec.name)
    elif frame.empty and not raw.declared_empty:  # all rows lost: its figures are unknown, not 0
        log.add("table_without_rows", f"{raw.spec.label}: no data row could be read; its figures are unknown",
                raw.title_line, raw.title, raw.spec.name)
    if raw.loose and "row_kind" in frame and len(frame) and "total" not in set(frame["row_kind"]) \
            and raw.spec.layout == "coded":
        log.add("total_row_missing", f"{raw.spec.label}: no 合计 row in text without layout (a page or a row may be "
                "missing); its total is left empty rather than summed from the rows", raw.title_line, raw.title,
                raw.spec.name)
    return frame


# ---------------------------------------------------------------- amounts


def _numbers(raw: RawTable, line: Line, start: int, log: WarningLog) -> list[float]:
    """The printed numbers of a row without cell boundaries, in reading order (NaN: unreadable)."""
    values = []
    for cell in line.cells[start:]:
        if not cell.strip():
            continue
        value = parse_amount(cell)
        if cell.strip() == UNDECIDED:
            log.add("ambiguous_row", f"{raw.spec.label}: text without cell boundaries does not show which row or "
                    "label an amount printed here belongs to; left empty (NaN)", line.no, line.text, raw.spec.name)
        elif math.isnan(value):
            log.add("unreadable_cell", f"{raw.spec.label}: cannot read {cell!r}; left empty", line.no, line.text,
                    raw.spec.name)
        values.append(value)
    return values


def _readings(raw: RawTable, line: Line, log: WarningLog) -> list[list[float]]:
    """A row's numbers, or the readings of them the text reader found to add up (split by ALTERNATIVE)."""
    cells = list(line.cells[raw.amount_start:])
    if ALTERNATIVE not in cells:
        return [_numbers(raw, line, raw.amount_start, log)]
    out: list[list[float]] = [[]]
    for cell in cells:
        if cell == ALTERNATIVE:
            out.append([])
        elif cell.strip():
            out[-1].append(parse_amount(cell))
    return out


def _placed(raw: RawTable, line: Line, columns: tuple[Column, ...], placed: Placement, log: WarningLog,
            printed: int) -> dict[str, float]:
    """Amounts of a row whose numbers were placed by the identities; what they left undecided is NaN."""
    if placed.undecided:
        names = ", ".join(columns[c].label for c in placed.undecided)
        log.add("ambiguous_columns", f"{raw.spec.label}: {printed} numbers for {len(columns)} columns in text without "
                f"cell boundaries; the identities cannot tell where they belong: {names} left empty (NaN)",
                line.no, line.text, raw.spec.name)
    if placed.extra:
        log.add("extra_cells", f"{raw.spec.label}: numbers beyond the template's columns ignored: {placed.extra}",
                line.no, line.text, raw.spec.name)
    return {c.name: to_wan(v, raw.unit or "万元") for c, v in zip(columns, placed.values, strict=True)}


def _amounts(raw: RawTable, line: Line, start: int, columns: tuple[Column, ...],
             log: WarningLog, placed: Placement | None = None, side: str | None = None) -> dict[str, float]:
    if placed is None and raw.loose and len(line.cells) > start + 1:
        numbers = _numbers(raw, line, start, log)
        placed = place_rows([numbers], columns, side=side, template=raw.template)[0]
    if placed is not None:
        return _placed(raw, line, columns, placed, log, sum(1 for c in line.cells[start:] if c.strip()))
    cells = list(line.cells) + [""] * (start + len(columns) - len(line.cells))
    values: dict[str, float] = {}
    for col, column in zip(range(start, start + len(columns)), columns, strict=True):
        value = parse_amount(cells[col])
        if cells[col].strip() == UNDECIDED:
            log.add("ambiguous_row", f"{raw.spec.label}: text without cell boundaries does not show which label "
                    f"{column.label} printed here belongs to; left empty (NaN)", line.no, line.text, raw.spec.name)
        elif math.isnan(value) and cells[col] != LOST:  # a lost cell was reported as missing already
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
            groups.append((code, _SPACED_RE.sub("", cell.strip())))  # '合 计': letter-spaced, one word
            code = ""
    if code:
        groups.append((code, ""))
    return groups


#: Header words printed in the same ruled row as the 合计 (决算 tables: '类 | 款 | 项 | 合计 | …').
_CODE_HEADER_WORDS = frozenset({"类", "款", "项"})


def _functional_labels(cells: list[str], previous: dict) -> dict:
    cells = ["" if c.strip() in _CODE_HEADER_WORDS else c for c in cells]
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
    cumulative = len(first) in (5, 7) and first == code and FUNCTIONAL_CLASS_RE.match(first[:3]) is not None \
        and bool(previous.get("code_class")) and first.startswith(previous["code_class"])  # '2050205' in one cell
    if code and (FUNCTIONAL_CLASS_RE.match(first) or cumulative
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
    padded = [c.strip() for c in cells] + ["", "", ""]
    if not code and not padded[0] and len(texts) >= 2 and GARBLED_CODE_RE.fullmatch(texts[0].replace(" ", "")):
        row.update(row_kind="unit", unit_code=texts[0], unit_name=texts[1],
                   repaired=f"unit code {texts[0]!r} is not a number; the row is read as a unit, not a project")
    elif code:
        row.update(row_kind="unit", unit_code=code, unit_name=texts[0] if texts else None)
    elif not texts or compact(texts[0]) in TOTAL_LABELS:
        row["row_kind"] = "total"
    else:
        row["row_kind"] = "project"
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
def _coded(raw: RawTable, log: WarningLog, frames: dict[str, pd.DataFrame] | None = None,
           said: Said = ()) -> pd.DataFrame:
    """Tables with label cells (codes, names) left of a block of amount columns."""
    spec = raw.spec
    columns = _columns_of(raw, spec.columns, log)
    reader = _LABEL_READERS[spec.labels]
    labelled: list[dict] = []
    previous: dict = {}  # what merged cells carry down: the current 类 and the current unit
    for line in raw.rows:
        labels = reader(list(line.cells[: raw.amount_start]), previous)
        if labels["row_kind"] == "unit":
            previous["unit_code"] = labels["unit_code"]
        elif "unit_code" in labels and labels["unit_code"] is None and labels["row_kind"] != "total":
            labels["unit_code"] = previous.get("unit_code")
        if labels.get("code_class"):
            previous["code_class"] = labels["code_class"]
        previous["seen"] = True
        labelled.append(labels)
    placements = None
    if raw.loose:  # every row's numbers placed at once, so that the roll-up (children sum to the parent) decides
        readings = [_readings(raw, line, log) for line in raw.rows]
        numbers = [r[0] for r in readings]
        total_row = next((n for n, labels in enumerate(labelled) if labels["row_kind"] == "total"), None)
        short = any(len(row) < len(columns) for row in numbers)
        pins = table_pins(raw, columns, frames or {}) if total_row is not None and short else {}
        if total_row is not None and short:  # the narrative may decide what the identities cannot
            pins = stated_pins(raw, raw.rows[total_row], numbers[total_row], columns, pins,
                               said, log)
        placements = place_rows(numbers, columns,
                                [labels.get("code") for labels in labelled], [labels["row_kind"] for labels in labelled],
                                pinned={total_row: pins} if pins else None, template=raw.template,
                                alternatives={n: r for n, r in enumerate(readings) if len(r) > 1})
        if not any(_header_has(raw.header_text(), c) for c in columns if c.header):
            # no column word in the header: the lines are not the table's, or not in its order
            log.add("header_unknown", f"{spec.label}: none of the template's column words in the header of text "
                    "without layout; its amounts are left empty (NaN)", raw.title_line, raw.title, spec.name)
            placements = [Placement([math.nan] * len(columns), [], p.extra) for p in placements]
    records: list[dict] = []
    for n, (line, labels) in enumerate(zip(raw.rows, labelled, strict=True)):
        repaired = labels.pop("repaired", None)
        if repaired:
            log.add("code_repaired", f"{spec.label}: {repaired}", line.no, line.text, spec.name)
        amounts = _amounts(raw, line, raw.amount_start, columns, log, placements[n] if placements else None)
        if labels["row_kind"] == "total" and all(v == 0 for v in amounts.values()) and raw.declared_empty:
            continue  # the blank 合计 row of a table declared empty
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
                key = _row_key(label, raw.spec.income_rows + SUMMARY_INCOME_ROWS)
                if key == "carryover_in":
                    carry = True
                elif carry and key not in {"total_income", "income_this_year", None}:
                    key = f"carryover_{key}"
                number = next((c for c in cells[col + 1:right_label] if c.strip()), "")
                if not number and col + 1 >= len(line.cells) and key in SUMMARY_TOTALS:
                    number = missing_cell(raw, line, label, log)
                amount = _amounts(raw, Line(line.no, line.text, (number,)), 0, (right_columns[0],), log)
                values = {c.name: (amount[c.name] if c is right_columns[0] else math.nan) for c in right_columns}
            else:
                key = _row_key(label, raw.spec.expenditure_rows + SUMMARY_EXPENDITURE_ROWS) or "function"
                rest = cells[col + 1:]
                if len(right_columns) == 1:
                    rest = [next((c for c in rest if c.strip()), "")]
                if col + 1 >= len(line.cells) and key in SUMMARY_TOTALS:
                    rest = [missing_cell(raw, line, label, log), *rest[1:]]
                values = _amounts(raw, Line(line.no, line.text, tuple(rest)), 0, right_columns, log,
                                  side="expenditure")
            kind = {"income_this_year": "subtotal", "expenditure_this_year": "subtotal", "total_income": "total",
                    "total_expenditure": "total", "general_budget_fiscal": "of_which"}.get(key or "", "item")
            records.append({"side": side, "item": _ORDINAL_PREFIX_RE.sub("", label).strip(), "key": key,
                            "row_kind": kind, **values, "line": line.no})
    columns = ["side", "item", "key", "row_kind", *(c.name for c in right_columns), "line"]
    return pd.DataFrame.from_records(records, columns=columns)


# ---------------------------------------------------------------- two halves side by side


#: Bottom-line labels of a half, and the amount column they total (决算: 人员经费合计 | 公用经费合计).
_HALF_TOTALS: tuple[tuple[str, str], ...] = (("人员经费", "personnel"), ("公用经费", "public"))
_PERSONNEL_CLASSES = ("301", "303")


def _half_spans(raw: RawTable) -> list[tuple[int, int]]:
    """(first label cell, amount cell) of each half: the anchor columns of the header, left to right."""
    anchors = {compact(a) for a in raw.spec.anchor}
    for line in raw.header:
        columns = [j for j, cell in enumerate(line.cells) if compact(cell) in anchors]
        if len(columns) >= 2:
            return [(0 if k == 0 else columns[k - 1] + 1, column) for k, column in enumerate(columns)]
    return [(0, raw.amount_start)]


@parser("halves")
def _halves(raw: RawTable, log: WarningLog, frames: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """A table printed as two halves side by side (一般公共预算财政拨款基本支出决算表: 人员经费 on the
    left, 公用经费 on the right, each ``类 | 款 | 科目名称 | 决算数``) with a bottom line
    ``人员经费合计 … 公用经费合计 …``.

    Rows come out as one economic table (left half, then right half): ``total`` is the printed
    决算数, ``personnel`` / ``public`` the same amount in the column of the half it is printed in
    (by the half's bottom label, else by class: 301/303 personnel). The bottom line becomes the 合计
    row: ``personnel`` and ``public`` as printed, ``total`` their sum — the table prints no 合计 of
    its own (``attrs["derived_total"]`` says so).
    """
    spec = raw.spec
    spans = _half_spans(raw)
    halves: list[list[tuple[dict, float, int]]] = [[] for _ in spans]
    bottoms: list[tuple[str | None, float, int | None]] = [(None, 0.0, None) for _ in spans]
    amount_column = spec.columns[0]
    for line in raw.rows:
        cells = list(line.cells)
        for k, (start, amount_at) in enumerate(spans):
            labels = [_SPACED_RE.sub("", c) for c in cells[start:amount_at]]
            amount_cell = cells[amount_at] if amount_at < len(cells) else ""
            if not any(c.strip() for c in labels) and not amount_cell.strip():
                continue
            value = _amounts(raw, Line(line.no, line.text, (amount_cell,)), 0, (amount_column,), log)[amount_column.name]
            label = compact("".join(labels))
            bottom = next((kind for word, kind in _HALF_TOTALS if label.startswith(word)), None)
            if bottom is not None or label in TOTAL_LABELS:
                bottoms[k] = (bottom, value, line.no)
                continue
            previous = halves[k][-1][0] if halves[k] else {}
            halves[k].append((_economic_labels(labels, previous), value, line.no))
    kinds = [bottom for bottom, _, _ in bottoms]
    if raw.loose and not any(halves):
        log.add("halves_rows_unread", f"{spec.label}: in this text the rows of the two halves are not each on a "
                "line of their own (amounts apart from their names); only the bottom line's totals are read",
                raw.title_line, raw.title, spec.name)
    records: list[dict] = []
    for k, rows in enumerate(halves):
        for labels, value, no in rows:
            kind = kinds[k] or ("personnel" if labels.get("code_class") in _PERSONNEL_CLASSES else "public")
            records.append({**labels, "total": value, "personnel": value if kind == "personnel" else 0.0,
                            "public": value if kind == "public" else 0.0, "line": no})
    printed = [(kind, value, no) for kind, value, no in bottoms if no is not None]
    if printed:
        total = dict.fromkeys(LABEL_COLUMNS[spec.labels])
        total.update(row_kind="total", name="合计")
        sums = {"personnel": 0.0, "public": 0.0}
        for kind, value, _ in printed:
            sums[kind or "public"] += value
        if raw.loose:
            sums = confirmed_bottom(raw.spec.name, raw.spec.label, sums, frames or {}, log, printed[0][2], raw.template)
        records.append({**total, "total": round(sums["personnel"] + sums["public"], 6), **sums,
                        "line": printed[0][2]})
    frame = pd.DataFrame.from_records(records, columns=[*LABEL_COLUMNS[spec.labels],
                                                        *(c.name for c in spec.columns), "line"])
    if raw.loose and not any(halves):
        frame.attrs["rows_unread"] = True  # the audit cannot check what needs the rows (checks.context)
    if printed:
        frame.attrs["derived_total"] = ("合计 row: total = 人员经费合计 + 公用经费合计 as printed on the bottom line; "
                                        "the table prints no 合计 of its own")
    return frame

