"""The national 部门决算 (final accounts) template: 9 tables, amounts in 万元.

财政部's 部门决算公开 set is the same all over China (the blank form is
``../shared/specimens/national-final-accounts-template-blank.pdf``): 收入支出决算总表,
收入决算表, 支出决算表, 财政拨款收入支出决算总表, 一般公共预算财政拨款支出决算表,
一般公共预算财政拨款基本支出决算表, 财政拨款“三公”经费支出决算表, 政府性基金预算财政拨款
收入支出决算表 and 国有资本经营预算财政拨款收入支出决算表.

The tables keep the canonical names of the budget tables they correspond to
(``summary``, ``income``, ``expenditure``, …), so the key figures and the
analysis read a 决算 as they read a budget; the columns a 决算 adds are listed
here (上缴上级支出, 经营支出, 对附属单位补助支出; 年初结转和结余, 结余分配,
年末结转和结余; the “三公” table's 预算数 beside each 决算数). The
一般公共预算财政拨款基本支出决算表 prints its rows in two halves side by side and
人员经费合计 / 公用经费合计 on a bottom line (layout ``halves``).

Codes are printed as three cells 类 | 款 | 项 (``201 | 06 | 01``) in the
published tables and as one cumulative code in the blank form (``2010601``);
the parser reads both.
"""

from __future__ import annotations

from .spec import Column as C
from .spec import TableSpec, Template

#: 收入支出决算总表, income side: row label → key (tried before the national vocabulary).
_SUMMARY_INCOME_ROWS = (
    (r"本年收入", "income_this_year"),
    (r"^总计$|收入总计", "total_income"),
    (r"年初.*结转|结转和结余|上年结转", "carryover_in"),
    (r"非财政拨款结余|用事业基金弥补", "reserve_fund"),  # 使用非财政拨款结余（含专用结余）
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"上级补助", "higher_subsidy"),
    (r"附属单位上缴", "subordinate"),
    (r"事业收入", "business"),
    (r"经营收入", "operations"),
    (r"其他收入", "other"),
)
#: 收入支出决算总表 / 财政拨款收入支出决算总表, expenditure side (unmatched rows are 功能分类 类 rows).
_SUMMARY_EXPENDITURE_ROWS = (
    (r"本年支出", "expenditure_this_year"),
    (r"^总计$|支出总计", "total_expenditure"),
    (r"结余分配", "surplus_distribution"),
    (r"年末.*结转|结转和结余|结转下年", "carryover_out"),
)

_SUMMARY_RIGHT = (C("amount", "决算数", ("决算数",), "amount of the row (final accounts)"),)

_INCOME_COLUMNS = (
    C("total", "本年收入合计", ("本年收入合计", "合计"), "income of the row this year, all sources"),
    C("current_fiscal", "财政拨款收入", ("财政拨款收入",), "fiscal appropriation (all budgets)"),
    C("current_higher_subsidy", "上级补助收入", ("上级补助收入",), "subsidy from higher level"),
    C("current_business", "事业收入", ("事业收入",), "business income of public institutions"),
    C("current_operations", "经营收入", ("经营收入",), "operating income of public institutions"),
    C("current_subordinate", "附属单位上缴收入", ("附属单位上缴收入", "附属单位上缴"), "remitted by subordinate units"),
    C("current_other", "其他收入", ("其他收入",), "other income"),
)

_EXPENDITURE_COLUMNS = (
    C("total", "本年支出合计", ("本年支出合计", "合计"), "expenditure of the row this year, all funds"),
    C("basic_total", "基本支出", ("基本支出",), "basic expenditure"),
    C("project_total", "项目支出", ("项目支出",), "project expenditure"),
    C("remit_to_higher", "上缴上级支出", ("上缴上级支出", "上缴上级"),
      "remitted to the higher-level unit (上缴上级支出)"),
    C("business_operations", "经营支出", ("经营支出",),
      "spending of the non-independent business operations of public institutions (经营支出)"),
    C("subsidy_to_subordinate", "对附属单位补助支出", ("对附属单位补助支出", "对附属单位补助"),
      "subsidies paid to subordinate units (对附属单位补助支出)"),
)

_FISCAL_RIGHT = (
    C("total", "合计", ("合计", "决算数"), "total (fiscal appropriation, all budgets)"),
    C("general_budget", "一般公共预算财政拨款", ("一般公共预算",), "general public budget appropriation"),
    C("gov_fund", "政府性基金预算财政拨款", ("政府性基金",), "government fund appropriation"),
    C("state_capital", "国有资本经营预算财政拨款", ("国有资本经营",), "state capital operations appropriation"),
)

_GENERAL_BUDGET_COLUMNS = (
    C("total", "合计", ("合计",), "general-budget appropriation spent"),
    C("basic_total", "基本支出", ("基本支出",), "basic expenditure"),
    C("project_total", "项目支出", ("项目支出",), "project expenditure"),
)

_BASIC_COLUMNS = (
    C("total", "决算数", ("决算数",),
      "amount spent; on the 合计 row the sum of 人员经费合计 and 公用经费合计 (the table prints no 合计)"),
    C("personnel", "人员经费", (), "personnel expenditure: the rows of the 人员经费 half, and 人员经费合计"),
    C("public", "公用经费", (), "public (office) expenditure: the rows of the 公用经费 half, and 公用经费合计"),
)

#: “三公” table: 预算数 and 决算数 side by side for each item; the 决算数 columns carry the
#: names the budget tables use, so ``total`` is what was spent.
_THREE_PUBLIC_ITEMS = (
    ("total", "“三公”经费合计", ("合计",), "three public expenses, total"),
    ("outbound", "因公出国(境)费", ("因公出国",), "official travel abroad"),
    ("vehicles", "公务用车购置及运行(维护)费-小计", ("公务用车购置及运行",), "official vehicles, total"),
    ("vehicle_purchase", "公务用车购置费", ("购置费",), "vehicle purchase"),
    ("vehicle_operation", "公务用车运行(维护)费", ("运行",), "vehicle operation"),
    ("reception", "公务接待费", ("公务接待费",), "official reception"),
)
_THREE_PUBLIC_COLUMNS = tuple(
    column
    for name, label, header, meaning in _THREE_PUBLIC_ITEMS
    for column in (C(f"{name}_budget", f"{label}-预算数", (*header, "预算数"), f"{meaning}: budget (预算数)"),
                   C(name, f"{label}-决算数", (*header, "决算数"), f"{meaning}: spent (决算数)"))
)

_FUND_COLUMNS = (
    C("carryover_begin", "年初结转和结余", ("年初结转和结余", "年初结转"), "carry-over at the start of the year"),
    C("income_this_year", "本年收入", ("本年收入",), "appropriation received this year"),
    C("total", "本年支出-小计", ("本年支出",), "spent this year"),
    C("basic_total", "本年支出-基本支出", ("基本支出",), "spent this year: basic"),
    C("project_total", "本年支出-项目支出", ("项目支出",), "spent this year: projects"),
    C("carryover_end", "年末结转和结余", ("年末结转和结余", "年末结转"), "carry-over at the end of the year"),
)

FINAL_ACCOUNTS = Template(
    name="final_accounts",
    label="全国部门决算公开模板(9 表)",
    markers=("部门决算", "收入支出决算总表", "财政拨款收入支出决算总表"),
    kind="final_accounts",
    tables=(
        TableSpec("summary", "收入支出决算总表", ("部门收入支出决算总表", "收支决算总表", "收入支出决算表"),
                  layout="two_sided", labels="none", anchor=("决算数", "金额"), right_columns=_SUMMARY_RIGHT,
                  income_rows=_SUMMARY_INCOME_ROWS, expenditure_rows=_SUMMARY_EXPENDITURE_ROWS),
        TableSpec("income", "收入决算表", ("部门收入决算表",), anchor=("本年收入合计", "合计"),
                  columns=_INCOME_COLUMNS),
        TableSpec("expenditure", "支出决算表", ("部门支出决算表",), anchor=("本年支出合计", "合计"),
                  columns=_EXPENDITURE_COLUMNS),
        TableSpec("fiscal_appropriation", "财政拨款收入支出决算总表", ("财政拨款收支决算总表", "财政拨款收入支出决算表"),
                  layout="two_sided", labels="none", anchor=("决算数", "金额"), right_columns=_FISCAL_RIGHT,
                  income_rows=_SUMMARY_INCOME_ROWS, expenditure_rows=_SUMMARY_EXPENDITURE_ROWS),
        TableSpec("general_budget_expenditure", "一般公共预算财政拨款支出决算表",
                  ("一般公共预算财政拨款支出决算明细表",), anchor=("合计",), columns=_GENERAL_BUDGET_COLUMNS),
        TableSpec("general_budget_basic", "一般公共预算财政拨款基本支出决算表",
                  ("一般公共预算财政拨款基本支出决算明细表",), layout="halves", labels="economic",
                  anchor=("决算数",), columns=_BASIC_COLUMNS),
        TableSpec("three_public", "财政拨款“三公”经费支出决算表",
                  ('财政拨款"三公"经费支出决算表', "一般公共预算财政拨款“三公”经费支出决算表",
                   '一般公共预算财政拨款"三公"经费支出决算表'),
                  labels="none", anchor=("预算数",), columns=_THREE_PUBLIC_COLUMNS, fund="三公"),
        TableSpec("gov_fund", "政府性基金预算财政拨款收入支出决算表", ("政府性基金预算财政拨款支出决算表",),
                  anchor=("年初结转和结余", "年初结转"), columns=_FUND_COLUMNS, fund="政府性基金"),
        TableSpec("state_capital", "国有资本经营预算财政拨款收入支出决算表", ("国有资本经营预算财政拨款支出决算表",),
                  anchor=("年初结转和结余", "年初结转"), columns=_FUND_COLUMNS, fund="国有资本经营"),
    ),
)
