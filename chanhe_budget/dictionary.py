"""The data dictionary: every output column with its Chinese label, unit and meaning."""

from __future__ import annotations

import pandas as pd

__all__ = ["EXECUTION_INFO", "LABEL_COLUMN_INFO", "data_dictionary"]

#: Non-amount columns shared by the tables: (Chinese label, meaning).
LABEL_COLUMN_INFO: dict[str, tuple[str, str]] = {
    "row_kind": ("行类型", "total (合计), unit (单位行), class/section/item (类/款/项), project, subtotal, of_which"),
    "level": ("科目级次", "class (类), section (款) or item (项) of the code"),
    "unit_code": ("单位代码", "budget unit code as printed"),
    "unit_name": ("单位名称", "budget unit name"),
    "code": ("科目编码", "classification code, digits joined (functional 7 digits, economic 5 digits)"),
    "code_class": ("类", "class part of the code (功能分类 3 digits / 经济分类 3 digits)"),
    "code_section": ("款", "section part of the code (2 digits)"),
    "code_item": ("项", "item part of the functional code (2 digits)"),
    "name": ("科目名称/单位名称", "name as printed"),
    "gov_code": ("政府预算经济分类编码", "government economic classification code (5xx)"),
    "gov_code_class": ("政府经济分类-类", "class of the government economic code"),
    "gov_code_section": ("政府经济分类-款", "section of the government economic code"),
    "gov_name": ("政府预算经济分类名称", "government economic classification name"),
    "category": ("项目类别/项目分类", "category as printed (e.g. 公用经费项目, 其他运转类)"),
    "project_name": ("项目名称", "project name as printed"),
    "side": ("收/支", "income (收入) or expenditure (支出) side of a two-sided table"),
    "item": ("项目", "row label as printed, ordinal prefix removed"),
    "key": ("行标识", "canonical key of the row (total_income, general_budget, function …)"),
    "line": ("行号", "line of the source text the row was read from"),
    "project_code": ("项目编码", "project code, digit groups joined"),
    "level_label": ("指标级次", "成本/产出/效益/满意度指标"),
    "level_source": ("级次依据", "how the indicator level was decided (column, shifted column, content)"),
    "indicator": ("三级指标/指标名称", "indicator name as printed"),
    "value": ("指标值", "target value as printed"),
    "operator": ("运算符", "≥, ≤, = or empty when the value has no number"),
    "number": ("数值", "number of the target value"),
    "value_unit": ("计量单位", "unit of the target value (万件, %, 小时 …)"),
    "part": ("部分", "year_goal, task, budget or indicator"),
    "level_1": ("一级指标", "first-level indicator"),
    "level_2": ("二级指标", "second-level indicator"),
    "explanation": ("指标值说明", "explanation as printed"),
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
    from .key_figures import FIGURE_LABELS
    from .parse.narrative import STATEMENT_COLUMNS
    from .parse.tables import LABEL_COLUMNS
    from .parse.targets import DEPARTMENT_PERFORMANCE_COLUMNS, PROJECT_PERFORMANCE_COLUMNS
    from .templates import templates

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
            fixed = {"project_performance": PROJECT_PERFORMANCE_COLUMNS,
                     "department_performance": DEPARTMENT_PERFORMANCE_COLUMNS}.get(spec.layout, ())
            amounts = {c.name: c for c in (*spec.columns, *spec.right_columns)}
            if spec.layout == "two_sided" and not spec.right_columns:
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
                                           "change_count, threshold; 决算: planned (年初预算), execution_rate "
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
