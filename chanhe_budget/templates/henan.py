"""The Henan 预算管理一体化 template: 14 tables, amounts in 万元.

Column lists follow the printed headers of the template (merged header cells
read left to right); the parser checks each header word is present and warns
when a document's header differs.
"""

from __future__ import annotations

from .spec import Column as C
from .spec import TableSpec, Template

_EXPENDITURE_COLUMNS = (
    C("total", "合计", ("合计",), "total expenditure of the row"),
    C("basic_total", "基本支出-小计", ("基本支出",), "basic expenditure"),
    C("basic_wages", "基本支出-人员经费-工资福利支出", ("工资福利支出",), "personnel: wages and benefits (301)"),
    C("basic_family", "基本支出-人员经费-对个人和家庭的补助", ("对个人和家庭的补助",), "personnel: subsidies to households (303)"),
    C("basic_goods_services", "基本支出-公用经费-商品和服务支出", ("商品和服务支出",), "public: goods and services (302)"),
    C("basic_capital", "基本支出-公用经费-资本性支出", ("资本性支出",), "public: capital (310)"),
    C("project_total", "项目支出-小计", ("项目支出",), "project expenditure"),
    C("project_operating", "项目支出-其他运转类", ("其他运转类",), "projects: other operating"),
    C("project_specific", "项目支出-特定目标类", ("特定目标类",), "projects: specific-purpose"),
)

_INCOME_COLUMNS = (
    C("total", "总计", ("总计",), "income this year plus carry-over"),
    C("current_total", "本年收入-合计", ("本年收入",), "income this year"),
    C("current_general_budget", "本年收入-一般公共预算-小计", ("一般公共预算",), "general public budget"),
    C("current_general_budget_fiscal", "本年收入-一般公共预算-其中财政拨款", (), "of which fiscal appropriation"),
    C("current_gov_fund", "本年收入-政府性基金", ("政府性基金",), "government fund"),
    C("current_state_capital", "本年收入-国有资本经营预算", ("国有资本经营预算",), "state capital operations"),
    C("current_special_account", "本年收入-财政专户管理资金收入", ("财政专户管理资金收入",), "special fiscal account"),
    C("current_business", "本年收入-事业收入", ("事业收入",), "business income of public institutions"),
    C("current_operations", "本年收入-事业单位经营收入", ("事业单位经营收入",), "operating income"),
    C("current_higher_subsidy", "本年收入-上级补助收入", ("上级补助收入",), "subsidy from higher level"),
    C("current_subordinate", "本年收入-附属单位上缴收入", ("附属单位上缴收入",), "remitted by subordinate units"),
    C("current_other", "本年收入-其他收入", ("其他收入",), "other income"),
    C("carryover_total", "上年结转结余-合计", ("上年结转结余",), "carry-over from last year"),
    C("carryover_general_budget", "上年结转结余-一般公共预算", (), "carry-over: general public budget"),
    C("carryover_gov_fund", "上年结转结余-政府性基金", (), "carry-over: government fund"),
    C("carryover_state_capital", "上年结转结余-国有资本经营预算", (), "carry-over: state capital"),
    C("carryover_special_account", "上年结转结余-财政专户管理资金", ("财政专户管理资金",), "carry-over: special account"),
    C("carryover_unit_funds", "上年结转结余-单位资金", ("单位资金",), "carry-over: unit funds"),
)

_BASIC_COLUMNS = (
    C("total", "合计", ("合计",), "general-budget basic expenditure"),
    C("personnel", "人员经费", ("人员经费",), "personnel expenditure"),
    C("public", "公用经费", ("公用经费",), "public (office) expenditure"),
)

_ECONOMIC_COLUMNS = (
    C("total", "总计", ("总计",), "all funds"),
    C("general_budget", "一般公共预算-小计", ("一般公共预算",), "general public budget"),
    C("general_budget_fiscal", "一般公共预算-其中财政拨款", ("财政拨款",), "of which fiscal appropriation"),
    C("gov_fund", "政府性基金", ("政府性基金",), "government fund"),
    C("state_capital", "国有资本经营预算", ("经营预算",), "state capital operations"),
    C("carryover", "上年结转结余", ("上年结转结余",), "carry-over"),
    C("special_account", "财政专户管理资金收入", ("财政专户管理资金收入",), "special fiscal account"),
    C("business", "事业收入", ("事业收入",), "business income"),
    C("higher_subsidy", "上级补助收入", ("上级补助收入",), "subsidy from higher level"),
    C("subordinate", "附属单位上缴收入", ("附属单位上缴收入",), "remitted by subordinate units"),
    C("operations", "事业单位经营收入", ("事业单位经营收入",), "operating income"),
    C("other", "其他收入", ("其他收入",), "other income"),
)

_THREE_PUBLIC_COLUMNS = (
    C("total", "“三公”经费合计", ("“三公”经费合计",), "three public expenses, total"),
    C("outbound", "因公出国(境)费", ("因公出国(境)费",), "official travel abroad"),
    C("vehicles", "公务用车购置及运行费-小计", ("公务用车购置及运行费",), "official vehicles, total"),
    C("vehicle_purchase", "公务用车购置费", ("公务用车购置费",), "vehicle purchase"),
    C("vehicle_operation", "公务用车运行费", ("公务用车运行",), "vehicle operation"),
    C("reception", "公务接待费", ("公务接待费",), "official reception"),
)

_OPERATING_COLUMNS = (
    C("total", "合计", ("合计",), "operating funds, all sources"),
    C("general_budget", "一般公共预算资金-小计", ("一般公共预算资金",), "general public budget"),
    C("general_budget_fiscal", "一般公共预算资金-财政拨款", ("财政拨款",), "fiscal appropriation"),
    C("general_budget_fees", "一般公共预算资金-纳入预算管理的行政事业性收费", ("行政事业性收费",), "administrative fees"),
    C("general_budget_special", "一般公共预算资金-专项收入", ("专项收入",), "earmarked income"),
    C("general_budget_assets", "一般公共预算资金-国有资产资源有偿使用收入", ("国有资产资源有偿使用收入",), "asset income"),
    C("general_budget_other", "一般公共预算资金-其他一般公共预算资金", ("其他一般公共预算资金",), "other"),
    C("gov_fund", "政府性基金预算资金-小计", ("政府性基金预算资金",), "government fund"),
    C("gov_fund_own", "政府性基金预算资金-政府性基金", (), "government fund, own"),
    C("gov_fund_transfer", "政府性基金预算资金-一般性转移支付资金", ("一般性转移支付资金",), "transfer payments"),
    C("state_capital", "国有资本经营预算", ("国有资本经营预算",), "state capital operations"),
    C("special_account", "财政专户管理资金收入", ("财政专户管理资金收入",), "special fiscal account"),
    C("unit_funds", "单位资金-小计", ("单位资金",), "unit funds"),
    C("unit_business", "单位资金-事业收入资金", ("事业收入资金",), "business income"),
    C("unit_higher_subsidy", "单位资金-上级补助收入资金", ("上级补助收入资金",), "subsidy from higher level"),
    C("unit_subordinate", "单位资金-附属单位上缴收入资金", ("附属单位上缴收入资金",), "remitted by subordinate units"),
    C("unit_operations", "单位资金-事业单位经营收入资金", ("事业单位经营收入资金",), "operating income"),
    C("special_account_carryover", "财政专户管理资金结余结转", ("财政专户管理资金结余结转",), "special account carry-over"),
    C("unit_funds_carryover", "单位资金结余结转", ("单位资金结余结转",), "unit funds carry-over"),
)

_PROJECT_COLUMNS = (
    C("total", "合计", ("合计",), "project amount, all funds"),
    C("current_general_budget", "本年拨款-一般公共预算", ("本年拨款",), "this year: general public budget"),
    C("current_gov_fund", "本年拨款-政府性基金预算", ("政府性基金预算",), "this year: government fund"),
    C("current_state_capital", "本年拨款-国有资本经营预算", ("国有资本经营预算",), "this year: state capital"),
    C("carryover_general_budget", "财政拨款结转结余-一般公共预算", ("财政拨款结转结余",), "carry-over: general budget"),
    C("carryover_gov_fund", "财政拨款结转结余-政府性基金预算", (), "carry-over: government fund"),
    C("carryover_state_capital", "财政拨款结转结余-国有资本经营预算", (), "carry-over: state capital"),
    C("special_account", "财政专户管理资金", ("财政专户管理资金",), "special fiscal account"),
    C("unit_funds", "单位资金", ("单位资金",), "unit funds"),
)

_FISCAL_RIGHT_COLUMNS = (
    C("total", "合计", ("合计",), "total"),
    C("general_budget", "一般公共预算-小计", ("一般公共预算",), "general public budget"),
    C("general_budget_fiscal", "一般公共预算-其中财政拨款", ("财政拨款",), "of which fiscal appropriation"),
    C("gov_fund", "政府性基金", ("政府性基金",), "government fund"),
    C("state_capital", "国有资本经营预算", ("国有资本经营预算",), "state capital operations"),
)

_PERFORMANCE_AMOUNTS = (
    C("project_amount", "项目金额-资金总额", ("资金总额",), "project amount, all funds"),
    C("government_funds", "项目金额-政府预算资金", ("政府预算资金",), "government budget funds"),
    C("special_account", "项目金额-财政专户管理资金", ("财政专户管理资金",), "special fiscal account"),
    C("unit_funds", "项目金额-单位资金", ("单位资金",), "unit funds"),
)

HENAN = Template(
    name="henan",
    label="河南省预算管理一体化部门预算公开模板(14 表)",
    markers=("支出经济分类汇总表", "部门预算项目绩效目标表", "机构运转经费"),
    tables=(
        TableSpec("summary", "部门收支预算表", ("部门收支总表", "收支预算总表", "部门收支预算总表"),
                  layout="two_sided", labels="none", anchor=("金额", "预算数", "本年预算数", "预算金额")),
        TableSpec("income", "部门收入预算表", ("部门收入总表", "收入预算表"), labels="unit", anchor=("总计",),
                  columns=_INCOME_COLUMNS),
        TableSpec("expenditure", "部门支出预算表", ("部门支出总表", "支出预算表"), columns=_EXPENDITURE_COLUMNS),
        TableSpec("fiscal_appropriation", "财政拨款收支预算表", ("财政拨款收支总表", "财政拨款收支总体情况表"),
                  layout="two_sided", labels="none", anchor=("金额", "预算数", "本年预算数", "预算金额"),
                  right_columns=_FISCAL_RIGHT_COLUMNS),
        TableSpec("general_budget_expenditure", "一般公共预算支出预算表", ("一般公共预算支出表",),
                  columns=_EXPENDITURE_COLUMNS),
        TableSpec("general_budget_basic", "一般公共预算基本支出预算表", ("一般公共预算基本支出表",),
                  labels="economic", columns=_BASIC_COLUMNS),
        TableSpec("economic_summary", "支出经济分类汇总表", ("部门支出经济分类汇总表",), labels="economic",
                  anchor=("总计",), columns=_ECONOMIC_COLUMNS),
        TableSpec("three_public", "一般公共预算“三公”经费预算表",
                  ('一般公共预算"三公"经费预算表', "一般公共预算“三公”经费支出预算表", "“三公”经费预算表",
                   "一般公共预算“三公”经费支出表"),
                  layout="coded", labels="none", anchor=("“三公”经费合计", '"三公"经费合计', "合计"),
                  columns=_THREE_PUBLIC_COLUMNS, fund="三公"),
        TableSpec("gov_fund", "政府性基金支出预算表", ("政府性基金预算支出表", "政府性基金预算支出预算表"),
                  columns=_EXPENDITURE_COLUMNS, fund="政府性基金"),
        TableSpec("state_capital", "国有资本经营支出预算表", ("国有资本经营预算支出表", "国有资本经营预算支出预算表"),
                  columns=_EXPENDITURE_COLUMNS, fund="国有资本经营"),
        TableSpec("operating_funds", "行政(事业)单位机构运转经费预算表", ("机构运转经费预算表", "机关运行经费预算表"),
                  labels="operating", columns=_OPERATING_COLUMNS),
        TableSpec("projects", "项目支出预算表", ("部门项目支出预算表",), labels="project", columns=_PROJECT_COLUMNS),
        TableSpec("department_performance", "部门(单位)整体绩效目标表", ("部门整体绩效目标表", "单位整体绩效目标表"),
                  layout="department_performance", labels="none", anchor=()),
        TableSpec("project_performance", "部门预算项目绩效目标表", ("项目绩效目标表", "预算项目绩效目标表"),
                  layout="project_performance", labels="none", anchor=("资金总额",),
                  columns=_PERFORMANCE_AMOUNTS),
    ),
)
