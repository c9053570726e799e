"""The non-amount columns of the tidy tables: which label columns each kind of table row carries,
the columns of the performance-target tables, and each column's Chinese label and meaning.

Why: the parsers build these columns and the data dictionary documents them; keeping
the lists here, with the templates, lets both read one definition instead of
importing each other.
"""

from __future__ import annotations

__all__ = ["DEPARTMENT_PERFORMANCE_COLUMNS", "LABEL_COLUMNS", "LABEL_COLUMN_INFO", "PROJECT_PERFORMANCE_COLUMNS"]

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

#: Columns of ``project_performance`` (one row per indicator) and ``department_performance`` (long form).
PROJECT_PERFORMANCE_COLUMNS = (
    "project_code", "project_name", "category", "project_amount", "government_funds", "special_account",
    "unit_funds", "level", "level_label", "level_source", "indicator", "value", "operator", "number",
    "value_unit", "line",
)
DEPARTMENT_PERFORMANCE_COLUMNS = (
    "part", "level_1", "level_2", "indicator", "value", "operator", "number", "value_unit", "explanation", "line",
)

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
    "group": ("栏目分组", "Jiangsu 收支预算总表: income, function (功能分类) or purpose (支出用途); 收入预算总表: the fund "
                          "group an item is printed under"),
    "economic_item": ("经济科目", "the economic item a 政府采购 专项 is charged to"),
    "item_name": ("采购物品名称", "what is bought"),
    "method": ("采购组织形式", "how it is bought (政府集中采购, 分散自行组织 …)"),
}
