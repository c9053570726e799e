"""The Jiangsu provincial template (省级部门预算公开, 2017–2019): 12 tables, amounts in 万元.

What sets it apart from the Henan and Shanghai templates, all as data below:

* the summary 收支预算总表 has three column groups — 收入 / 支出·功能分类 / 支出·支出用途 —
  read by the ``summary_groups`` layout;
* a third spending category beside 基本支出 and 项目支出: 单位预留机动经费
  (``reserve_total`` → the key figure ``reserve_expenditure``; 基本 + 项目 + 预留 = 合计);
* the 支出预算总表 is one row of totals, without codes or a functional split;
* the basic-expenditure tables print one 金额 column by economic code: 人员经费 and 公用经费
  are the 301 + 303 and 302 (+ 309/310/399) classes (``vocabulary.PERSONNEL_CLASSES``);
* the “三公” table's first 合计 adds 会议费 and 培训费: ``total`` is the “三公”经费 小计
  (the second column), the first one is ``total_with_meetings``;
* 财政拨款支出预算表, 财政拨款基本支出预算表 and 政府采购预算表 are tables of their own.

Titles are printed bare, after a label line (表一, 公开01表, 公开表一), with the TOC numbering
fused (一、收支预算总表) or with a qualifier (（功能科目）); :func:`~.spec.title_key` strips
them all. tests/golden/jiangsu_specimens.md describes every table of the 8 specimens.
"""

from __future__ import annotations

from .spec import Column as C
from .spec import TableSpec, Template

_AMOUNT = (C("total", "金额", ("金额",), "amount of the row"),)

_EXPENDITURE_COLUMNS = (
    C("total", "合计", ("合计",), "expenditure, all categories"),
    C("basic_total", "基本支出", ("基本支出",), "basic expenditure"),
    C("project_total", "项目支出", ("项目支出",), "project expenditure"),
    C("reserve_total", "单位预留机动经费", ("单位预留机动经费", "预留机动"), "reserve kept by the units (单位预留机动经费)"),
    C("carryover_out", "结转下年资金", ("结转下年",), "carried over to next year"),
)

_THREE_PUBLIC_COLUMNS = (
    C("total_with_meetings", "合计(含会议费、培训费)", ("合计",), "three public expenses plus meetings and training"),
    C("total", "“三公”经费-小计", ("“三公”经费", '"三公"经费'), "three public expenses, total"),
    C("outbound", "因公出国(境)费", ("因公出国",), "official travel abroad"),
    C("vehicles", "公务用车购置及运行维护费-小计", ("公务用车购置及运行",), "official vehicles, total"),
    C("vehicle_purchase", "公务用车购置费", ("公务用车购置",), "vehicle purchase"),
    C("vehicle_operation", "公务用车运行维护费", ("公务用车运行",), "vehicle operation"),
    C("reception", "公务接待费", ("公务接待",), "official reception"),
    C("meetings", "会议费", ("会议费", "会议"), "meetings"),
    C("training", "培训费", ("培训费",), "training"),
)

_FISCAL_RIGHT = (C("amount", "金额", ("金额",), "amount of the row"),)

_OPERATING_COLUMNS = (C("total", "机关运行经费支出", ("机关运行经费",), "operating expenditure of the organs"),)

_PROCUREMENT_COLUMNS = (C("total", "总计", ("总计",), "procurement budget of the row"),)

JIANGSU = Template(
    name="jiangsu",
    label="江苏省省级部门预算公开模板(12 表, 含单位预留机动经费)",
    markers=("单位预留机动经费", "“三公”经费、会议费、培训费支出预算表", "一般公共预算机关运行经费支出预算表"),
    tables=(
        TableSpec("summary", "收支预算总表", (), layout="summary_groups", labels="none", anchor=("金额",),
                  confirm=("功能分类", "支出用途", "功能科目名称")),
        TableSpec("income", "收入预算总表", (), layout="item_list", labels="none", anchor=("金额",),
                  columns=_AMOUNT, confirm=("项目名称",)),
        TableSpec("expenditure", "支出预算总表", (), labels="none", anchor=("合计",), columns=_EXPENDITURE_COLUMNS,
                  confirm=("基本支出", "单位预留机动经费")),
        TableSpec("fiscal_appropriation", "财政拨款收支预算总表", (), layout="two_sided", labels="none",
                  anchor=("金额",), right_columns=_FISCAL_RIGHT, confirm=("支出用途", "项目名称")),
        TableSpec("fiscal_appropriation_expenditure", "财政拨款支出预算表", (), anchor=("金额",), columns=_AMOUNT,
                  confirm=("功能科目",)),
        TableSpec("fiscal_appropriation_basic", "财政拨款基本支出预算表", (), labels="economic", anchor=("金额",),
                  columns=_AMOUNT, confirm=("科目编码", "科目名称")),
        TableSpec("gov_fund", "财政拨款政府性基金支出预算表", ("政府性基金支出预算表", "政府性基金财政拨款支出预算表"),
                  anchor=("金额",), columns=_AMOUNT, fund="政府性基金", confirm=("功能科目",)),
        TableSpec("general_budget_expenditure", "一般公共预算支出预算表", (), anchor=("金额",), columns=_AMOUNT,
                  confirm=("功能科目",)),
        TableSpec("general_budget_basic", "一般公共预算基本支出预算表", (), labels="economic", anchor=("金额",),
                  columns=_AMOUNT, confirm=("科目编码", "科目名称")),
        TableSpec("operating_funds", "一般公共预算机关运行经费支出预算表", ("机关运行经费支出预算表",),
                  labels="economic", anchor=("机关运行经费支出",), columns=_OPERATING_COLUMNS),
        TableSpec("three_public", "一般公共预算“三公”经费、会议费、培训费支出预算表",
                  ("“三公”经费、会议费、培训费支出预算表", '"三公"经费、会议费、培训费支出预算表',
                   '一般公共预算"三公"经费、会议费、培训费支出预算表'),
                  labels="none", anchor=("合计",), columns=_THREE_PUBLIC_COLUMNS, fund="三公",
                  confirm=("会议费", "培训费", "因公出国")),
        TableSpec("procurement", "政府采购预算表", ("政府采购支出预算表",), layout="procurement", labels="none",
                  anchor=("总计",), columns=_PROCUREMENT_COLUMNS, confirm=("采购品目", "采购物品", "采购组织"),
                  continues=True),
    ),
    # 收入预算总表 (H2 of tests/golden/jiangsu_specimens.md):债务资金 is gone in 2019
    row_labels={"income": (
        ("一般公共预算资金", "小计"), ("一般公共预算资金", "公共财政拨款(补助)资金"), ("一般公共预算资金", "专项收入"),
        ("政府性基金", "小计"),
        ("财政专户管理资金", "小计"), ("财政专户管理资金", "专户管理教育收费"), ("财政专户管理资金", "其他非税收入"),
        ("其他资金", "小计"), ("其他资金", "事业收入"), ("其他资金", "经营收入"), ("其他资金", "其他收入"),
        ("其他资金", "债务资金(银行贷款)"),
        ("上年结转和结余资金", "小计"), ("上年结转和结余资金", "其中:动用上年结转和结余资金"),
    )},
)
