"""Stage 3c: the two performance-target tables, in long form (one row per indicator).

The project table (部门预算项目绩效目标表) prints four (name, value) column pairs
— 成本/产出/效益/满意度 — and continuation rows for extra indicators; the
conversion shifts these pairs by a column from row to row. So a pair's level is
read from its column (corrected by the shift its project's first row shows) and
then checked against its content: a cost indicator is an amount of money, a
satisfaction indicator speaks of 满意. Every row says how its level was decided.
"""

from __future__ import annotations

import re

import pandas as pd

from ..diagnostics import WarningLog
from ..templates.columns import DEPARTMENT_PERFORMANCE_COLUMNS, PROJECT_PERFORMANCE_COLUMNS
from ..templates.spec import compact
from ..templates.vocabulary import INDICATOR_LEVELS, LEVEL_LABELS
from .raw_table import CODE_RE, RawTable
from .tables import parser
from .units import parse_amount, to_wan

__all__ = ["parse_target_value"]

_VALUE_RE = re.compile(r"^\s*(≥|≤|>=|<=|>|<|=|大于等于|小于等于|不低于|不高于|不少于|不超过)?\s*"
                       r"([+-]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(.*?)\s*$")
_OPERATORS = {">=": "≥", "<=": "≤", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
              "小于等于": "≤", "不高于": "≤", "不超过": "≤"}
_VALUE_START_RE = re.compile(r"^(?:[≥≤<>=]|\d)")
_NUMBERING_RE = re.compile(r"^\d+[、.]\s*")



def parse_target_value(value: str) -> tuple[str | None, float | None, str | None]:
    """Split a printed target into (operator, number, unit).

    ``≥55万件`` → (``≥``, 55.0, ``万件``); ``30万元`` → (``=``, 30.0, ``万元``);
    ``即时响应`` → (None, None, None): no number is invented.
    """
    match = _VALUE_RE.match(value or "")
    if not match:
        return None, None, None
    op, number, unit = match.groups()
    op = _OPERATORS.get(op, op) if op else "="
    unit = unit.strip("()（） ") if unit else unit
    if unit and len(unit) > 6:  # '不低于50人次的个体心理咨询辅导': a sentence, not a unit
        unit = None
    return op, float(number.replace(",", "")), (unit or None)


def _split_joined(cell: str) -> tuple[str, str] | None:
    """``平台正常运行率 ≥99.5%`` printed in one cell → (name, value)."""
    head, sep, tail = cell.rpartition(" ")
    if sep and len(head) >= 2 and (_VALUE_START_RE.match(tail) or len(tail) <= 6):
        return head.strip(), tail.strip()
    return None


def _pairs(cells: list[str], start: int) -> list[tuple[int, str, str]]:
    filled = [(col, cell.strip()) for col, cell in enumerate(cells) if col >= start and cell.strip()]
    pairs: list[tuple[int, str, str]] = []
    i = 0
    while i < len(filled):
        col, name = filled[i]
        if i + 1 < len(filled):
            pairs.append((col, name, filled[i + 1][1]))
            i += 2
            continue
        joined = _split_joined(name)
        pairs.append((col, *(joined or (name, ""))))
        i += 1
    return pairs


def _level_columns(raw: RawTable) -> dict[int, str]:
    columns: dict[int, str] = {}
    for line in raw.header:
        for col, cell in enumerate(line.cells):
            level = INDICATOR_LEVELS.get(compact(cell))
            if level and level not in columns.values():
                columns[col] = level
    return dict(sorted(columns.items()))


def _column_level(col: int, levels: dict[int, str]) -> str | None:
    placed = [level for start, level in levels.items() if start <= col]
    return placed[-1] if placed else (next(iter(levels.values())) if levels else None)


def _decide_level(col: int, name: str, value: str, levels: dict[int, str], offset: int) -> tuple[str | None, str]:
    level = _column_level(col - offset, levels)
    source = "column" if offset == 0 else f"column (row shifted by {offset})"
    if "满意" in name and level != "satisfaction":
        return "satisfaction", "content: the indicator speaks of 满意"
    if level == "cost" and "元" not in value:
        return "output", "content: not an amount of money, so not a cost indicator"
    return level, source


@parser("project_performance")
def _project_performance(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """部门预算项目绩效目标表 → one row per indicator, project amounts repeated."""
    levels = _level_columns(raw)
    spec = raw.spec
    amount_end = raw.amount_start + len(spec.columns)
    first_level_col = min(levels) if levels else amount_end
    records: list[dict] = []
    project: dict | None = None
    offset = 0
    for line in raw.rows:
        cells = list(line.cells)
        head = [c.strip() for c in cells[: raw.amount_start]] + [""] * 3
        code = head[0].replace(" ", "")
        pairs = _pairs(cells, amount_end)
        coded = bool(code and CODE_RE.match(code))
        if coded or (not code and head[1] and head[2]):  # a project printed without its code starts too
            if coded and not head[2] and not pairs:
                continue  # a unit row (单位编码 / 单位名称) of the table
            if not coded:
                log.add("project_without_code", f"{spec.label}: project {head[1]!r} has no project code",
                        line.no, line.text, spec.name)
            amounts = {c.name: _cell_amount(cells, raw.amount_start + i, raw, line, log)
                       for i, c in enumerate(spec.columns)}
            project = {"project_code": code or None, "project_name": head[1] or None, "category": head[2] or None,
                       **amounts}
            offset = (pairs[0][0] - first_level_col) % 2 if pairs else 0  # level columns come in pairs
        elif project is None:
            if pairs:
                log.add("orphan_indicator", "indicator row before any project; skipped", line.no, line.text, spec.name)
            continue
        for col, name, value in pairs:
            level, source = _decide_level(col, name, value, levels, offset)
            if not value:
                log.add("indicator_without_value", f"indicator {name!r} has no value", line.no, line.text, spec.name)
            op, number, unit = parse_target_value(value)
            records.append({**project, "level": level, "level_label": LEVEL_LABELS.get(level or ""),
                            "level_source": source, "indicator": name, "value": value or None,
                            "operator": op, "number": number, "value_unit": unit, "line": line.no})
    return pd.DataFrame.from_records(records, columns=PROJECT_PERFORMANCE_COLUMNS)


def _cell_amount(cells: list[str], col: int, raw: RawTable, line, log: WarningLog) -> float:
    value = parse_amount(cells[col] if col < len(cells) else "")
    if value != value:  # NaN
        log.add("unreadable_cell", f"{raw.spec.label}: cannot read amount {cells[col]!r}", line.no, line.text,
                raw.spec.name)
    return to_wan(value, raw.unit or "万元")


@parser("department_performance")
def _department_performance(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """部门（单位）整体绩效目标表 → goal, tasks, budget lines and indicators, one row each."""
    records: list[dict] = []
    part = None
    group = None
    level_1 = level_2 = None
    for line in raw.rows:
        cells = [c.strip() for c in line.cells]
        first = compact(cells[0]) if cells else ""
        filled = [c for c in cells if c]
        if first.startswith("年度履职目标"):
            records.append(_dept_record("year_goal", None, None, "年度履职目标", " ".join(filled[1:]), line.no))
            continue
        if first.startswith("年度主要任务"):
            part = "task"
            continue
        if first.startswith("预算情况"):
            part = "budget"
        if first.startswith("一级指标"):
            part = "indicator"
            continue
        if part == "task":
            if len(filled) >= 2:
                records.append(_dept_record("task", None, filled[0], filled[0], filled[1], line.no))
        elif part == "budget":
            texts = [c for c in cells[1:] if c and not _is_number(c)]
            numbers = [c for c in cells[1:] if c and _is_number(c)]
            label = texts[-1] if texts else None
            if len(texts) > 1:
                group = _NUMBERING_RE.sub("", texts[0]).rstrip(":：")
            elif label and label.endswith((":", "：")):
                group = _NUMBERING_RE.sub("", label).rstrip(":：")
                continue
            if label:
                rec = _dept_record("budget", "预算情况", group, label, numbers[-1] if numbers else "", line.no)
                records.append(rec)
        elif part == "indicator":
            if len(filled) == 1 and records and records[-1]["part"] == "indicator" and not cells[0]:
                records[-1]["explanation"] = (records[-1]["explanation"] or "") + filled[0]
                continue  # the rest of an explanation cut by a page break
            if len(cells) == 4:  # one cell of the five lost in conversion: find which
                cells = [*cells, ""] if cells[0].endswith("指标") else ["", *cells]
            cells += [""] * (5 - len(cells))
            level_1 = cells[0] or level_1
            level_2 = cells[1] or level_2
            if not cells[2]:
                continue
            rec = _dept_record("indicator", level_1, level_2, cells[2], cells[3], line.no)
            rec["explanation"] = cells[4] or None
            records.append(rec)
    return pd.DataFrame.from_records(records, columns=DEPARTMENT_PERFORMANCE_COLUMNS)


def _is_number(cell: str) -> bool:
    value = parse_amount(cell)
    return value == value and any(ch.isdigit() for ch in cell)


def _dept_record(part: str, level_1, level_2, indicator: str, value: str, line: int) -> dict:
    op, number, unit = parse_target_value(value) if value else (None, None, None)
    return {"part": part, "level_1": level_1, "level_2": level_2, "indicator": indicator, "value": value or None,
            "operator": op, "number": number, "value_unit": unit, "explanation": None, "line": line}


_FORM_AMOUNT_RE = re.compile(r"项目资金(?:\((万元|元)\))?")


def _form_value(cells: list[str], words: list[str], label: str) -> str | None:
    """The first filled cell after the cell that reads ``label`` (``words``: the cells compacted)."""
    if label not in words:
        return None
    i = words.index(label)
    return next((c for c in cells[i + 1:] if c.strip()), None)


@parser("project_form")
def _project_form(raw: RawTable, log: WarningLog) -> pd.DataFrame:
    """Shanghai 财政项目支出绩效目标填报表: one form per project → rows like the Henan project table."""
    records: list[dict] = []
    project: dict = {}
    unit = raw.unit or "元"
    level_1 = None
    in_indicators = False
    for line in raw.rows:
        cells = [c.strip() for c in line.cells]
        words = [compact(c) for c in cells]
        joined = "".join(words)
        name = _form_value(cells, words, "项目名称")
        if name:
            project = {"project_code": None, "project_name": name, "category": _form_value(cells, words, "项目类别"),
                       "project_amount": None, "government_funds": None, "special_account": None, "unit_funds": None}
            in_indicators, level_1 = False, None
            continue
        match = _FORM_AMOUNT_RE.search(joined)
        if match and match.group(1):
            unit = match.group(1)
        for label, column in (("项目资金总额", "project_amount"), ("其中:财政资金", "government_funds"),
                              ("其他资金", "unit_funds")):
            value = _form_value(cells, words, label)
            if value is not None and project and project.get(column) is None:
                amount = parse_amount(value)
                if amount != amount:
                    log.add("unreadable_cell", f"{raw.spec.label}: cannot read {label} {value!r}", line.no,
                            line.text, raw.spec.name)
                project[column] = to_wan(amount, unit)
        if "一级指标" in cells:
            in_indicators = True
            continue
        if not in_indicators or not project:
            continue
        filled = [c for c in cells if c]
        if len(filled) < 2:
            continue
        level_1 = next((c for c in cells[:2] if c in INDICATOR_LEVELS), level_1)
        level_2 = cells[2] if len(cells) > 2 else ""
        indicator = cells[3] if len(cells) > 3 and cells[3] else None
        if indicator is None:
            continue
        value = filled[-1] if filled[-1] != indicator else None
        level = INDICATOR_LEVELS.get(level_2) or INDICATOR_LEVELS.get(level_1 or "")
        source = "column: 二级指标" if level_2 in INDICATOR_LEVELS else "column: 一级指标"
        op, number, value_unit = parse_target_value(value or "")
        records.append({**project, "level": level, "level_label": LEVEL_LABELS.get(level or ""),
                        "level_source": source, "indicator": indicator, "value": value, "operator": op,
                        "number": number, "value_unit": value_unit, "line": line.no})
    return pd.DataFrame.from_records(records, columns=PROJECT_PERFORMANCE_COLUMNS)
