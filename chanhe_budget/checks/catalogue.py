"""Every audit check's description, Chinese and English, in one catalogue keyed by check id.

Why: a researcher reads the audit by its descriptions, and the report, the CLI and
the corpus all print them; one table keeps the wording consistent and shows at a
glance which checks exist. Identity checks describe themselves in their data
(:mod:`chanhe_budget.templates.identities`).
"""

from __future__ import annotations

__all__ = ["DESCRIPTIONS", "describe"]

#: check id → (description_zh, description_en).
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    # narrative
    "N01": ("叙述金额与表格一致", "an amount stated in the text equals its table cell"),
    "N02": ("叙述占比按表格重算一致", "a share stated in the text equals the share recomputed from the tables"),
    "N03": ("叙述增减额、增减率与方向词一致", "a stated change, its percentage and direction word agree"),
    "N04": ("叙述个数与表格一致", "a count stated in the text equals the number of table rows"),
    "N05": ("叙述分项之和等于叙述总额", "parts stated in the text sum to the total it states"),
    "N00": ("叙述数字无法对应表格", "a figure of the text that the audit cannot match to a table"),
    # text_quality
    "T01": ("名称一字之差（疑似笔误或识别错误）", "a name printed with one character changed"),
    "T02": ("说明文字照抄其他项目", "an explanation copied from another item"),
    "C30": ("未替换的模板占位符", "template placeholders left in the text"),
    "T04": ("表格标题年度与文件年度不符", "a table title with another year than the document"),
    "T05": ("词语重复", "a doubled word"),
    # soft
    "S01": ("有资本性支出（设备、信息网络购置）而政府采购预算为 0", "capital spending while the procurement budget is 0"),
    "S03": ("使用已停用的科目名称", "a classification name no longer in use"),
    "S05": ("政府采购预算不超过支出总额", "the procurement budget does not exceed total expenditure"),
    "N06": ("完成预算的比例按决算数 / 预算数重算一致", "a stated execution rate (完成预算的 X%) equals actual / planned"),
    "N07": ("决算数大于/小于/等于预算数 与数字一致", "the words 决算数大于/小于/等于预算数 agree with the two amounts"),
    "N08": ("叙述的年初预算数与表格预算数一致", "a planned amount (年初预算) stated in the text equals the table's 预算数"),
    "T06": ("文中年度与文件年度一致", "the year the text gives the document (or a 决算's reporting date) is its year"),
    "T07": ("标点重复", "punctuation printed twice"),
    # completeness (checklist of disclosure-rules.md §1.3)
    "C01": ("标题含单位、年度和“部门预算”", "title names the unit, the year and 部门预算"),
    "C02": ("部门概况：主要职责", "part one describes the department's duties"),
    "C03": ("机构设置 / 预算单位构成", "organisation and budget units described"),
    "C04": ("人员构成（编制 / 实有人数）", "staffing (posts, staff in post) stated"),
    "C05": ("财预〔2016〕143号 规定的 8 张表齐全（决算：全国部门决算 9 张表）",
            "the national tables are present (8 of a budget, 9 of final accounts)"),
    "C06": ("模板全部表格齐全", "every table of the template is present"),
    "C07": ("空表列示并说明，说明写明本表资金", "an empty table is shown with a note naming its fund"),
    "C08": ("一般公共预算支出按功能分类公开到项", "general-budget expenditure by function down to 项"),
    "C09": ("基本支出按经济分类公开到款", "basic expenditure by economic class down to 款"),
    "C10": ("支出分基本支出和项目支出", "expenditure split into basic and project"),
    "C11": ("收支总体情况及增减变化", "overall income and expenditure with the change on last year"),
    "C12": ("说明增减变化原因", "the reason of the change is given"),
    "C13": ("财政拨款收支情况说明", "fiscal appropriation explained"),
    "C14": ("一般公共预算支出按（类）（款）（项）说明", "general-budget expenditure explained per 项"),
    "C15": ("基本支出分人员经费和公用经费说明", "basic expenditure split into personnel and public"),
    "C16": ("“三公”经费表分出国、用车购置、用车运行、接待", "the 三公 table splits its components"),
    "C17": ("“三公”经费增减变化及原因", "the change of 三公 is stated and explained"),
    "C18": ("“三公”经费分项金额说明", "each 三公 component is stated in the text"),
    "C19": ("机关运行经费 / 机构运转经费 说明金额", "operating funds explained with the amount"),
    "C19b": ("机构运转经费增减变化及原因", "the change of operating funds and its reason"),
    "C21": ("政府采购总额及货物、工程、服务", "procurement total split into goods, works, services"),
    "C23": ("国有资产占用情况", "state assets held (vehicles, equipment, date)"),
    "C24": ("绩效目标设置情况（项目数、金额）", "performance targets: coverage stated"),
    "C25": ("整体及项目绩效目标表，每个项目有指标", "performance tables attached, every project covered"),
    "C26": ("专项转移支付情况", "special transfer payments stated (or none)"),
    "C27": ("名词解释（财政拨款收入、基本支出、项目支出、三公、运行经费）", "glossary defines the key terms"),
    "C28": ("名词解释与正文用词一致", "the glossary defines the terms the text uses"),
    "C29": ("每张表注明金额单位", "every table declares its unit"),
    "C31": ("批复后 20 日内公开", "published within 20 days of approval"),
    "C32": ("在部门网站或统一平台公开", "published on the department site or the unified portal"),
    "C33": ("表格可机读（有文字层）", "tables machine-readable (text layer)"),
    "C34": ("决算：完成年初预算情况及决算数与预算数差异原因",
             "final accounts: execution against the budget stated, each difference of 决算数 and 预算数 explained"),
}


def describe(check_id: str) -> tuple[str, str]:
    """The (Chinese, English) description of a check; a check id missing here is a programming error."""
    return DESCRIPTIONS[check_id]
