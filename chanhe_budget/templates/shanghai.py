"""The Shanghai 普陀 template: 9 tables, tables 1–8 in 元, table 9 and the narrative in 万元.

Titles carry a 部门 / 预算单位 / 单位 prefix (部门预算 vs 单位预算); the template
lists them without it and :meth:`Template.match_title` strips the prefix.
"""

from __future__ import annotations

from .spec import Column as C
from .spec import TableSpec, Template

_FUNCTIONAL_COLUMNS = (
    C("total", "合计", ("合计",), "total expenditure of the row"),
    C("basic_total", "基本支出", ("基本支出",), "basic expenditure"),
    C("project_total", "项目支出", ("项目支出",), "project expenditure"),
)

_INCOME_COLUMNS = (
    C("total", "合计", ("合计",), "income of the row"),
    C("current_fiscal", "财政拨款收入", ("财政拨款收入",), "fiscal appropriation (all budgets)"),
    C("current_business", "事业收入", ("事业收入",), "business income of public institutions"),
    C("current_operations", "事业单位经营收入", ("事业单位经营收入",), "operating income"),
    C("current_other", "其他收入", ("其他收入",), "other income"),
)

_SUMMARY_RIGHT = (
    C("amount", "预算数/合计", ("预算数", "合计"), "amount of the row"),
    C("basic_personnel", "基本支出-人员经费", ("人员经费",), "basic: personnel"),
    C("basic_public", "基本支出-公用经费", ("公用经费",), "basic: public"),
    C("project_total", "项目支出", ("项目支出",), "project expenditure"),
)

_FISCAL_RIGHT = (
    C("total", "合计", ("合计", "预算数"), "total"),
    C("general_budget", "一般公共预算", ("一般公共预算",), "general public budget"),
    C("gov_fund", "政府性基金预算", ("政府性基金",), "government fund"),
    C("state_capital", "国有资本经营预算", ("国有资本经营",), "state capital operations"),
)

_BASIC_COLUMNS = (
    C("total", "合计", ("合计",), "general-budget basic expenditure"),
    C("personnel", "人员经费", ("人员经费",), "personnel expenditure"),
    C("public", "公用经费", ("公用经费",), "public (office) expenditure"),
)

_THREE_PUBLIC_COLUMNS = (
    C("total", "“三公”经费合计", ("合计",), "three public expenses, total"),
    C("outbound", "因公出国(境)费", ("因公出国(境)费",), "official travel abroad"),
    C("reception", "公务接待费", ("公务接待费",), "official reception"),
    C("vehicles", "公务用车购置及运行费-小计", ("公务用车购置及运行费",), "official vehicles, total"),
    C("vehicle_purchase", "公务用车购置费", ("购置费",), "vehicle purchase"),
    C("vehicle_operation", "公务用车运行费", ("运行费",), "vehicle operation"),
    C("operating", "机关运行经费预算数", ("机关运行经费",), "operating expenditure of the organs (机关运行经费)"),
)

SHANGHAI = Template(
    name="shanghai",
    label="上海市普陀区部门(单位)预算公开模板(9 表)",
    markers=("财务收支预算总表", "机关运行经费预算表", "支出功能分类预算表"),
    tables=(
        TableSpec("summary", "财务收支预算总表", ("财务收支预算表",), layout="two_sided", labels="none",
                  anchor=("预算数", "金额"), right_columns=_SUMMARY_RIGHT, unit="元"),
        TableSpec("income", "收入预算总表", (), anchor=("合计",), columns=_INCOME_COLUMNS, unit="元"),
        TableSpec("expenditure", "支出预算总表", (), columns=_FUNCTIONAL_COLUMNS, unit="元"),
        TableSpec("fiscal_appropriation", "财政拨款收支预算总表", (), layout="two_sided", labels="none",
                  anchor=("预算数", "金额"), right_columns=_FISCAL_RIGHT, unit="元"),
        TableSpec("general_budget_expenditure", "一般公共预算支出功能分类预算表", (), columns=_FUNCTIONAL_COLUMNS,
                  unit="元"),
        TableSpec("gov_fund", "政府性基金预算支出功能分类预算表", (), columns=_FUNCTIONAL_COLUMNS, unit="元",
                  fund="政府性基金"),
        TableSpec("state_capital", "国有资本经营预算支出功能分类预算表", (), columns=_FUNCTIONAL_COLUMNS, unit="元",
                  fund="国有资本经营"),
        TableSpec("general_budget_basic", "一般公共预算基本支出部门预算经济分类预算表", (), labels="economic",
                  columns=_BASIC_COLUMNS, unit="元"),
        TableSpec("three_public", "“三公”经费和机关运行经费预算表", ('"三公"经费和机关运行经费预算表',), labels="none",
                  anchor=("“三公”经费预算数", '"三公"经费预算数', "合计"), columns=_THREE_PUBLIC_COLUMNS, fund="三公"),
        TableSpec("project_performance", "财政项目支出绩效目标填报表", ("项目支出绩效目标表", "项目绩效目标申报表"),
                  layout="project_form", labels="none", anchor=(), unit="元", repeats=True),
    ),
    optional=("project_performance",),
)
