"""Stage 6c: budget execution — what a 决算 (final accounts) spent against what was planned.

Why: researchers read a 决算 for the gap between the plan and the outcome. A 决算
prints the plan beside the outcome in two places: tables with 预算数 and 决算数 side
by side (the “三公” table; any table with 年初预算 / 调整预算 columns), and the
narrative's '年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%' for the
一般公共预算 total and for each of its 项. This module puts both in one table, and
gives the overview a 决算 reader wants first (spent vs planned, carry-over, the 三公
budget against actual). Between a budget and the 决算 of the same department-year,
see :meth:`chanhe_budget.Corpus.execution`.

A budget states no execution: the functions return an empty frame whose
``attrs["note"]`` says why (the report prints it instead of a table).
Amounts in 万元, rates in %.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from ..templates.spec import compact

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["EXECUTION_COLUMNS", "OVERVIEW_COLUMNS", "execution_rates", "final_accounts_overview",
           "paired_columns"]

EXECUTION_COLUMNS = ("source", "table", "item", "code", "planned", "actual", "difference", "rate_pct",
                     "stated_rate_pct", "direction", "reason", "line")
OVERVIEW_COLUMNS = ("item", "planned", "actual", "difference", "rate_pct", "note")
_BUDGET_NOTE = "预算文件不含执行数据 (a budget states no execution: read the 决算 of the same year)"
#: Budget-side column suffixes of tables that print 预算数 beside 决算数 (``total_budget`` beside ``total``).
_PLANNED_SUFFIXES = ("_budget", "_initial_budget", "_adjusted_budget")
_NARRATIVE_ITEMS = {
    "general_budget_expenditure": "一般公共预算财政拨款支出", "three_public_total": "“三公”经费合计",
    "three_public_outbound": "因公出国(境)费", "three_public_vehicles": "公务用车购置及运行(维护)费",
    "three_public_vehicle_purchase": "公务用车购置费", "three_public_vehicle_operation": "公务用车运行(维护)费",
    "three_public_reception": "公务接待费", "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
}


def _number(value: object) -> float | None:
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def _rate(planned: float | None, actual: float | None) -> float | None:
    return None if planned in (None, 0) or actual is None else round(actual / planned * 100, 2)


def _empty(columns: tuple[str, ...], note: str) -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(columns))
    frame.attrs["note"] = note
    return frame


def paired_columns(d: Disclosure, table: str) -> list[tuple[str, str, str]]:
    """(planned column, actual column, label) of a table that prints 预算数 beside 决算数."""
    frame = d.tables.get(table)
    if frame is None:
        return []
    labels = frame.attrs.get("labels") or {}
    pairs = []
    for column in frame.columns:
        for suffix in _PLANNED_SUFFIXES:
            if column.endswith(suffix) and column[: -len(suffix)] in frame.columns:
                actual = column[: -len(suffix)]
                label = str(labels.get(actual, actual)).replace("-决算数", "")
                pairs.append((column, actual, label))
    return pairs


def _table_lines(d: Disclosure) -> list[dict]:
    rows = []
    for name, frame in d.tables.items():
        for planned_col, actual_col, label in paired_columns(d, name):
            for record in frame.to_dict("records"):
                planned, actual = _number(record.get(planned_col)), _number(record.get(actual_col))
                row_label = record.get("name") if isinstance(record.get("name"), str) else None
                rows.append({"source": "table", "table": name, "item": f"{row_label} {label}" if row_label else label,
                             "code": record.get("code") if isinstance(record.get("code"), str) else None,
                             "planned": planned, "actual": actual,
                             "difference": None if planned is None or actual is None else round(actual - planned, 2),
                             "rate_pct": _rate(planned, actual), "stated_rate_pct": None, "direction": None,
                             "reason": None, "line": record.get("line")})
    return rows


def _item_code(d: Disclosure, subject: str) -> str | None:
    """The 功能分类 code of a '类|款|项' subject, from the general-budget (else the department) table."""
    names = [compact(part) for part in subject.split("|")]
    for table in ("general_budget_expenditure", "expenditure"):
        frame = d.tables.get(table)
        if frame is None or frame.empty or "code" not in frame:
            continue
        items = frame[(frame["level"] == "item") & (frame["name"].map(lambda n: compact(str(n))) == names[-1])]
        if len(items["code"].unique()) == 1:
            return str(items["code"].iloc[0])
    return None


def _narrative_lines(d: Disclosure) -> list[dict]:
    rows = []
    for record in d.executions.to_dict("records"):
        planned, actual = _number(record["planned"]), _number(record["actual"])
        if record["key"] == "function_item":
            item, code = record["subject"].split("|")[-1], _item_code(d, record["subject"])
        else:
            item, code = _NARRATIVE_ITEMS.get(record["key"], record["subject"]), None
        rows.append({"source": "narrative", "table": None, "item": item, "code": code, "planned": planned,
                     "actual": actual,
                     "difference": None if planned is None or actual is None else round(actual - planned, 2),
                     "rate_pct": _rate(planned, actual), "stated_rate_pct": _number(record["rate_pct"]),
                     "direction": record["direction"], "reason": record["reason"], "line": record["line"]})
    return rows


def execution_rates(d: Disclosure) -> pd.DataFrame:
    """Every line of a 决算 with a planned and an actual amount, and its execution rate.

    Columns (:data:`EXECUTION_COLUMNS`): ``source`` (``table`` — a table printing 预算数 beside
    决算数, such as the “三公” table; ``narrative`` — '年初预算为 X 万元，支出决算为 Y 万元'), ``table``,
    ``item``, ``code`` (功能分类 code of a 项 where known), ``planned`` and ``actual`` (万元), ``difference``
    (actual − planned), ``rate_pct`` (actual / planned × 100, None when the plan is 0), ``stated_rate_pct``
    (the 完成预算的 % the text states), ``direction`` (greater / less / equal as the text says it),
    ``reason`` (the 主要原因 the text gives), ``line``. Empty, with ``attrs["note"]``, for a budget.
    """
    if d.kind != "final_accounts":
        return _empty(EXECUTION_COLUMNS, _BUDGET_NOTE)
    rows = _table_lines(d) + _narrative_lines(d)
    if not rows:
        return _empty(EXECUTION_COLUMNS, "这份决算既无预算数与决算数并列的表格，文字也未说明年初预算 "
                                         "(no table or sentence of this 决算 gives a planned amount)")
    return pd.DataFrame(rows, columns=list(EXECUTION_COLUMNS))


def final_accounts_overview(d: Disclosure) -> pd.DataFrame:
    """What a 决算 reader wants first: spent against planned, the carry-over, the “三公” budget against actual.

    Columns (:data:`OVERVIEW_COLUMNS`): ``item``, ``planned`` and ``actual`` (万元), ``difference``
    (actual − planned), ``rate_pct`` (actual / planned × 100), ``note`` (where the figure comes from).
    Rows: 本年收入合计 and 本年支出合计; 一般公共预算财政拨款支出 against its 年初预算 (as the text
    states it); “三公”经费 决算数 against 预算数 (its table); 年初 and 年末结转和结余 and 结余分配 (the
    收入支出决算总表). Empty, with ``attrs["note"]``, for a budget.
    """
    if d.kind != "final_accounts":
        return _empty(OVERVIEW_COLUMNS, _BUDGET_NOTE)
    f = d.figures
    summary = d.tables.get("summary")

    def summary_row(key: str) -> float | None:
        if summary is None or summary.empty:
            return None
        rows = summary[summary["key"] == key]
        return None if rows.empty else _number(rows["amount"].iloc[0])

    rows: list[dict] = []

    def add(item: str, planned: float | None, actual: float | None, note: str) -> None:
        rows.append({"item": item, "planned": planned, "actual": actual,
                     "difference": None if planned is None or actual is None else round(actual - planned, 2),
                     "rate_pct": _rate(planned, actual), "note": note})

    add("本年收入合计 Income this year", None, summary_row("income_this_year"), "收入支出决算总表")
    add("本年支出合计 Expenditure this year", None, f["expenditure_this_year"], "支出决算表 / 收入支出决算总表")
    general = d.executions[d.executions["key"] == "general_budget_expenditure"] if not d.executions.empty else None
    if general is not None and not general.empty:
        record = general.iloc[0]
        add("一般公共预算财政拨款支出 General-budget spending", _number(record["planned"]), _number(record["actual"]),
            f"年初预算 and 决算 as the text states them (line {int(record['line'])})"
            + (f"; stated 完成 {record['rate_pct']:.2f}%" if _number(record["rate_pct"]) is not None else ""))
    add("“三公”经费 Three public expenses", f["three_public_budget"], f["three_public_total"],
        d.figure_sources.get("three_public_total") or d.figure_sources.get("three_public_budget")
        or "财政拨款“三公”经费支出决算表 (预算数 / 决算数)")
    add("年初结转和结余 Carry-over at the start", None, summary_row("carryover_in"), "收入支出决算总表")
    add("结余分配 Surplus distribution", None, summary_row("surplus_distribution"), "收入支出决算总表")
    add("年末结转和结余 Carry-over at the end", None, f["carryover_end"],
        d.figure_sources.get("carryover_end", "收入支出决算总表"))
    return pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))
