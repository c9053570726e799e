"""Stage 5: the key figures of FIGURES.md, computed from the tables.

Each figure comes from the table that holds it; the narrative is used only for
what exists nowhere else (prior-year total, 政府采购 when no 政府采购预算表 is printed, and
机构运转经费 when its table is absent). A figure that cannot be found is ``None``, never 0.
Where the provenance of each figure is kept, and which other places confirm it:
:mod:`chanhe_budget.provenance`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import pandas as pd

from .parse.blank_form import NO_AMOUNTS
from .templates.vocabulary import PERSONNEL_CLASSES, PUBLIC_CLASSES

if TYPE_CHECKING:
    from .model import Disclosure

__all__ = ["FIGURE_LABELS", "FIGURE_NAMES", "compute_figures", "round_half_up"]

#: Names of the key figures, in the order of FIGURES.md, with their Chinese labels.
FIGURE_LABELS: dict[str, str] = {
    "department": "部门名称",
    "year": "年度",
    "kind": "类型(预算/决算)",
    "scope": "范围(部门/单位)",
    "unit": "表格金额单位",
    "total_income": "收入总计",
    "total_expenditure": "支出总计",
    "expenditure_this_year": "本年支出合计",
    "general_budget_income": "一般公共预算收入",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "reserve_expenditure": "单位预留机动经费",
    "personnel_expenditure": "人员经费",
    "public_expenditure": "公用经费",
    "three_public_total": "“三公”经费合计",
    "three_public_budget": "“三公”经费预算数(决算)",
    "carryover_end": "年末结转和结余(决算)",
    "operating_expenditure": "机构运转经费/机关运行经费",
    "procurement_total": "政府采购预算",
    "project_count": "项目个数",
    "prior_year_total": "上年收支总计",
    "change_vs_prior": "比上年增减",
    "change_vs_prior_pct": "比上年增减率(%)",
    "basic_share_pct": "基本支出占比(%)",
    "project_share_pct": "项目支出占比(%)",
    "personnel_share_of_basic_pct": "人员经费占基本支出(%)",
    "public_share_of_basic_pct": "公用经费占基本支出(%)",
}
FIGURE_NAMES: tuple[str, ...] = tuple(FIGURE_LABELS)


def round_half_up(value: float) -> float:
    """Half up to the cent, as printed tables round (212.095 → 212.10), ignoring binary noise."""
    value = float(value)
    if not math.isfinite(value) or abs(value) >= 1e15:  # no cent to round to (and Decimal's context would overflow)
        return value
    exact = Decimal(repr(round(value, 8)))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


def _round(value: float | None) -> float | None:
    """Round half up to 2 decimals, as a person reading the table would (212.095 → 212.10).

    The value is first cut to 8 decimals so that binary noise (2120950 × 1e-4 =
    212.09499999…) does not decide the rounding.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round_half_up(value)


def column_list(frame: pd.DataFrame, column: str) -> list:
    """A column of a table as a plain list, read from the frame's block manager without building a
    Series (which deep-copies the table's ``attrs`` on every access and costs more than the lookup);
    the public path when pandas' internals differ."""
    try:
        loc = frame.columns.get_loc(column)
        if isinstance(loc, int):
            values = frame._mgr.iget_values(loc)
            arrow = getattr(values, "_pa_array", None)  # Arrow-backed strings: their own list is the fast one
            return arrow.to_pylist() if arrow is not None else list(values.tolist())
    except (AttributeError, TypeError, ValueError):
        pass
    attrs = frame.attrs
    if not attrs:
        return frame[column].tolist()
    frame.attrs = {}
    try:
        return frame[column].tolist()
    finally:
        frame.attrs = attrs


def _row_value(frame: pd.DataFrame | None, column: str, **where) -> float | None:
    """The ``column`` of the first row whose cells equal ``where`` (plain lists: a few rows, no masks)."""
    if frame is None or frame.empty or column not in frame:
        return None
    keys = [(column_list(frame, key), value) for key, value in where.items()]
    for i, cell in enumerate(column_list(frame, column)):
        if all(values[i] == value for values, value in keys):
            return float(cell)
    return None


def _total_row(frame: pd.DataFrame | None, column: str) -> float | None:
    """The table's 合计 row, else the sum of its top-level rows (classes or units)."""
    if frame is None or column not in frame:
        return None
    if frame.empty:
        return 0.0 if frame.attrs.get("declared_empty") else None
    value = _row_value(frame, column, row_kind="total")
    if value is not None:
        return value
    if frame.attrs.get("loose"):
        return None  # read from text without layout: a missing 合计 may be a missing page, so no sum
    kinds, values = column_list(frame, "row_kind"), column_list(frame, column)
    for kind in ("unit", "class", "project", "item"):
        part = [v for k, v in zip(kinds, values, strict=True) if k == kind]
        if part:
            return float(sum(part))
    return None


def _class_sum(frame: pd.DataFrame | None, classes: tuple[str, ...]) -> float | None:
    """Sum of the ``total`` of the 部门经济分类 class rows (301, 303 …) of a one-column basic table.

    None when the table is absent or prints no class row at all (nothing to add up); a class the
    table does not print counts 0, as a blank would.
    """
    if frame is None or frame.empty or "code" not in frame or "total" not in frame:
        return None
    rows = [(c, v) for c, v, k in zip(column_list(frame, "code"), column_list(frame, "total"),
                                     column_list(frame, "row_kind"), strict=True) if k == "class" and isinstance(c, str)]
    if not rows:
        return None
    return float(sum(v for c, v in rows if c in classes and not (isinstance(v, float) and math.isnan(v))))


def _summary(frame: pd.DataFrame | None, key: str) -> float | None:
    if frame is None or frame.empty:
        return None
    column = "amount" if "amount" in frame else "total"
    return _row_value(frame, column, key=key)


def _project_count(projects: pd.DataFrame | None) -> int | None:
    """Projects listed in 项目支出预算表; unknown (None) when the table is absent or no row of it could be
    read — a table that lost its rows is not a department without projects (the reader warned)."""
    if projects is None or (projects.empty and not projects.attrs.get("declared_empty")):
        return None
    return int((projects["row_kind"] == "project").sum())


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole * 100


def _narrative(disclosure: Disclosure, key: str, kinds=("amount",)) -> float | None:
    frame = disclosure.narrative
    if frame.empty:
        return None
    rows = frame[(frame["key"] == key) & frame["kind"].isin(kinds)]
    return None if rows.empty else float(rows["value"].iloc[0])


def _prior(disclosure: Disclosure, totals: dict[str, float | None]) -> tuple[float | None, float | None]:
    frame = disclosure.narrative
    if frame.empty:
        return None, None
    for key in ("total", "total_income", "total_expenditure"):
        rows = frame[(frame["key"] == key) & (frame["kind"] == "change_amount")]
        if rows.empty:
            continue
        this_year = totals.get("total_expenditure" if key == "total_expenditure" else "total_income")
        if this_year is None:
            this_year = _narrative(disclosure, key) or _narrative(disclosure, "total_income")
        if this_year is None:
            return None, None
        change = float(rows["value"].iloc[0])
        return this_year - change, change
    # Shanghai states the change of 财政拨款收入 only; it is the change of the whole budget
    # when this year's income is all 财政拨款 (and only then).
    rows = frame[(frame["key"] == "general_budget_income") & (frame["kind"] == "change_amount")]
    fiscal, total = totals.get("general_budget_income"), totals.get("total_income")
    if not rows.empty and fiscal is not None and total is not None and abs(fiscal - total) < 0.005:
        change = float(rows["value"].iloc[0])
        return total - change, change
    return None, None


def _all_spending_general_budget(t: dict) -> tuple[bool, str]:
    """Whether all of this year's spending was 一般公共预算财政拨款 (决算: 收入支出决算总表 本年支出合计 equals
    the 合计 of 一般公共预算财政拨款支出决算表), and the evidence."""
    this_year = _summary(t.get("summary"), "expenditure_this_year")
    general = _total_row(t.get("general_budget_expenditure"), "total")
    if this_year is None or general is None:
        return False, "收入支出决算总表 本年支出合计 or the 一般公共预算财政拨款支出决算表 合计 is missing"
    holds = abs(this_year - general) <= 0.01 + 1e-9
    return holds, (f"收入支出决算总表 本年支出合计 {this_year:.2f} {'=' if holds else '≠'} "
                   f"一般公共预算财政拨款支出决算表 合计 {general:.2f}")


def _final_accounts_figures(disclosure: Disclosure, out: dict, sources: dict) -> None:
    """What a 决算 gives beyond a budget, and its fallbacks (each fallback says where the figure came from)."""
    t = disclosure.tables
    if t.get("expenditure") is None and t.get("general_budget_expenditure") is not None:
        # 支出决算表 absent: 基本/项目 of 一般公共预算财政拨款支出决算表 are the department's only when all of
        # this year's spending was general budget (then every row of the two tables is the same).
        holds, evidence = _all_spending_general_budget(t)
        for name, column in (("basic_expenditure", "basic_total"), ("project_expenditure", "project_total")):
            if holds:
                out[name] = _total_row(t["general_budget_expenditure"], column)
                sources[name] = f"一般公共预算财政拨款支出决算表 合计 ({column}): 支出决算表 absent; {evidence}"
            else:
                sources[name] = f"null: 支出决算表 absent and not all spending is 一般公共预算 ({evidence})"
    three_public = t.get("three_public")
    printed = three_public is not None and (not three_public.empty or three_public.attrs.get("declared_empty"))
    if printed:
        out["three_public_budget"] = _total_row(three_public, "total_budget")
    else:
        why = "is absent" if three_public is None else "prints no row and no note saying why"
        sources["three_public_budget"] = f"null: the “三公” table {why}; the narrative's figure is not used"
        out["three_public_total"] = _narrative(disclosure, "three_public_total")
        sources["three_public_total"] = (f"narrative (the “三公” table {why})" if out["three_public_total"] is not None
                                         else f"null: the “三公” table {why} and the narrative states no 决算数")
    summary = t.get("summary")
    out["carryover_end"] = _summary(summary, "carryover_out")
    if out["carryover_end"] is None and out["total_expenditure"] is not None \
            and out["expenditure_this_year"] is not None:
        out["carryover_end"] = out["total_expenditure"] - out["expenditure_this_year"] \
            - (_summary(summary, "surplus_distribution") or 0.0)
        sources["carryover_end"] = "支出总计 − 本年支出合计 − 结余分配 (no 年末结转和结余 row)"


def compute_figures(disclosure: Disclosure, sources: dict | None = None) -> dict:
    """The key figures of a disclosure (FIGURES.md): amounts in 万元, shares in %.

    ``sources``, when given, is filled with a note for each figure read from somewhere other than its
    usual table (a fallback), or left null for a stated reason.
    """
    sources = {} if sources is None else sources
    t = disclosure.tables
    summary = t.get("summary")
    expenditure = t.get("expenditure")
    basic = t.get("general_budget_basic")
    out: dict = dict.fromkeys(FIGURE_NAMES)
    out.update(department=disclosure.department, year=disclosure.year, kind=disclosure.kind,
               scope=disclosure.scope, unit=disclosure.unit)
    out["total_income"] = _summary(summary, "total_income")
    out["total_expenditure"] = _summary(summary, "total_expenditure")
    out["expenditure_this_year"] = _total_row(expenditure, "total")
    if out["expenditure_this_year"] is None:
        out["expenditure_this_year"] = _summary(summary, "expenditure_this_year")
    gb = _summary(summary, "general_budget")
    out["general_budget_income"] = gb if gb is not None else _total_row(t.get("income"), "current_general_budget")
    out["basic_expenditure"] = _total_row(expenditure, "basic_total")
    out["project_expenditure"] = _total_row(expenditure, "project_total")
    out["reserve_expenditure"] = _total_row(expenditure, "reserve_total")  # None: the template has no reserve
    if basic is not None and "personnel" not in basic and "code" in basic:  # one 金额 column by economic code
        out["personnel_expenditure"] = _class_sum(basic, PERSONNEL_CLASSES)
        out["public_expenditure"] = _class_sum(basic, PUBLIC_CLASSES)
    else:
        out["personnel_expenditure"] = _total_row(basic, "personnel")
        out["public_expenditure"] = _total_row(basic, "public")
    out["three_public_total"] = _total_row(t.get("three_public"), "total")
    operating = t.get("operating_funds")
    three_public = t.get("three_public")
    if operating is not None:
        out["operating_expenditure"] = _total_row(operating, "total")
    elif three_public is not None and "operating" in three_public:  # Shanghai: 机关运行经费 in table 9
        out["operating_expenditure"] = _total_row(three_public, "operating")
    else:
        out["operating_expenditure"] = _narrative(disclosure, "operating_expenditure")
        if out["operating_expenditure"] is not None:
            sources["operating_expenditure"] = "narrative (no table of the template holds it)"
    if disclosure.template.kind == "final_accounts":
        _final_accounts_figures(disclosure, out, sources)
    procurement = _total_row(t.get("procurement"), "total")
    out["procurement_total"] = procurement if procurement is not None else _narrative(disclosure, "procurement_total")
    projects = t.get("projects")
    out["project_count"] = _project_count(projects)
    prior, change = _prior(disclosure, out)
    out["prior_year_total"] = prior
    out["change_vs_prior"] = change
    out["change_vs_prior_pct"] = _share(change, prior)
    out["basic_share_pct"] = _share(out["basic_expenditure"], out["expenditure_this_year"])
    out["project_share_pct"] = _share(out["project_expenditure"], out["expenditure_this_year"])
    basic_total = None if out["personnel_expenditure"] is None or out["public_expenditure"] is None else \
        out["personnel_expenditure"] + out["public_expenditure"]
    out["personnel_share_of_basic_pct"] = _share(out["personnel_expenditure"], basic_total)
    out["public_share_of_basic_pct"] = _share(out["public_expenditure"], basic_total)
    blank_form = any(w.code == NO_AMOUNTS for w in disclosure.warnings)
    for name in FIGURE_NAMES[5:]:
        if name == "project_count":
            continue
        if blank_form and out[name] == 0:  # a blank cell of a form that prints no amount anywhere is not a 0
            out[name] = None
            sources[name] = "null: the tables print no amount anywhere (a blank form?); their blank cells are not 0"
        out[name] = _round(out[name])
    return out
