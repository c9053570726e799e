"""The data dictionary: every output column with its Chinese label, unit and meaning."""

from __future__ import annotations

import pandas as pd

from .key_figures import FIGURE_LABELS
from .parse.narrative import STATEMENT_COLUMNS
from .templates import templates
from .templates.columns import (
    DEPARTMENT_PERFORMANCE_COLUMNS,
    LABEL_COLUMN_INFO,
    LABEL_COLUMNS,
    PROJECT_PERFORMANCE_COLUMNS,
)

__all__ = ["EXECUTION_INFO", "data_dictionary"]

#: Label columns of the layouts of :mod:`chanhe_budget.parse.grouped`.
_GROUPED_LABELS: dict[str, tuple[str, ...]] = {
    "summary_groups": ("side", "group", "item", "key", "row_kind"),
    "item_list": ("row_kind", "group", "item"),
    "procurement": ("row_kind", "category", "project_name", "economic_item", "item_name", "method"),
}



#: Columns of ``Disclosure.executions`` (a 决算's budget against actual, as its narrative states them).
EXECUTION_INFO: dict[str, tuple[str, str, str]] = {
    "key": ("所指项目", "", "vocabulary key; function_item / function_class for a 功能分类 项 / 类"),
    "subject": ("科目", "", "the item's names 类|款|项, else the key"),
    "planned": ("年初预算数", "万元", "the planned amount the text states (年初预算为 …)"),
    "actual": ("决算数", "万元", "the amount spent the text states (支出决算为 …)"),
    "rate_pct": ("完成预算比例", "%", "完成(年初)预算的 X% as stated"),
    "direction": ("决算与预算比较", "", "greater / less / equal, as 决算数大于/小于/等于(持平)预算数 states"),
    "comparison": ("比较原文", "", "the comparison words as printed"),
    "reason": ("差异原因", "", "the 主要原因 the text gives"),
    "line": ("行号", "", "source line of the first statement"),
    "section": ("章节", "", "narrative section title"),
    "sentence": ("句子", "", "the sentence of the first statement"),
}


def data_dictionary() -> pd.DataFrame:
    """Every column of every table: ``table``, ``column``, ``label_zh``, ``unit``, ``meaning``.

    Amount columns are in 万元 whatever the document's printed unit.
    """

    rows: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(table: str, column: str, label: str, unit: str, meaning: str) -> None:
        if (table, column) not in seen:
            seen.add((table, column))
            rows.append({"table": table, "column": column, "label_zh": label, "unit": unit, "meaning": meaning})

    def add_label(table: str, column: str) -> None:
        label, meaning = LABEL_COLUMN_INFO.get(column, (column, ""))
        add(table, column, label, "", meaning)

    for template in templates().values():
        for spec in template.tables:
            if spec.layout in ("coded", "halves"):
                for column in LABEL_COLUMNS[spec.labels]:
                    add_label(spec.name, column)
            elif spec.layout == "two_sided":
                for column in ("side", "item", "key", "row_kind"):
                    add_label(spec.name, column)
            elif spec.layout in _GROUPED_LABELS:  # parse/grouped.py
                for column in _GROUPED_LABELS[spec.layout]:
                    add_label(spec.name, column)
            fixed = {"project_performance": PROJECT_PERFORMANCE_COLUMNS,
                     "department_performance": DEPARTMENT_PERFORMANCE_COLUMNS}.get(spec.layout, ())
            amounts = {c.name: c for c in (*spec.columns, *spec.right_columns)}
            if spec.layout in ("two_sided", "summary_groups") and not spec.right_columns:
                add(spec.name, "amount", "金额", "万元", "amount of the row")
            for column in fixed:
                if column in amounts:
                    c = amounts[column]
                    add(spec.name, column, c.label, "万元", c.meaning)
                elif column == "number":
                    add(spec.name, column, "数值", "as value_unit", LABEL_COLUMN_INFO[column][1])
                else:
                    add_label(spec.name, column)
            for c in amounts.values():
                add(spec.name, c.name, c.label, "万元", c.meaning)
            add_label(spec.name, "line")
    for column in STATEMENT_COLUMNS:
        label, meaning = {"value": ("数值", "amount in 万元, percentage in %, or count"),
                          "key": ("所指项目", "what the figure is about (vocabulary key)"),
                          "kind": ("类型", "amount, percent, share, count, change_amount, change_percent, "
                                           "change_count, threshold, boilerplate (增加（减少）0万元: a placeholder); "
                                           "决算: planned (年初预算), execution_rate "
                                           "(完成预算的 %), comparison (决算数大于/小于/等于预算数, no number)"),
                          "direction": ("增减方向", "increase / decrease / flat"),
                          "compared_year": ("比较年度", "year the change is measured against"),
                          "printed": ("原文", "the number as printed"),
                          "subject": ("主语", "words before the number"),
                          "sentence": ("句子", "the whole sentence"),
                          "section": ("章节", "narrative section title"),
                          "unit": ("单位", "unit as printed"),
                          "line": ("行号", "source line")}[column]
        add("narrative", column, label, "万元" if column == "value" else "", meaning)
    for column, (label, unit, meaning) in EXECUTION_INFO.items():
        add("executions", column, label, unit, meaning)
    for name, label in FIGURE_LABELS.items():
        unit = "%" if name.endswith("_pct") else ("万元" if name not in
                                                  ("department", "year", "kind", "scope", "unit", "project_count")
                                                  else "")
        add("figures", name, label, unit, "key figure (FIGURES.md)")
    return pd.DataFrame(rows, columns=["table", "column", "label_zh", "unit", "meaning"])
