"""National budget vocabulary shared by all templates, kept as data.

Row labels, narrative subjects, classification code shapes and performance
indicator levels are the same words whichever province prints the tables.
Each list is ordered: the first pattern that matches wins.
"""

from __future__ import annotations

import re

#: Rows of the two-sided 收支总表 (left: income sources) → key.
SUMMARY_INCOME_ROWS: tuple[tuple[str, str], ...] = (
    (r"本年收入|当年收入", "income_this_year"),
    (r"收入总计|^收入合计$|^总计$", "total_income"),
    (r"上年结转|结转结余|上年结余", "carryover_in"),
    (r"其中[:：]?财政拨款", "general_budget_fiscal"),
    (r"财政拨款(?:收入)?$", "fiscal_appropriation"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政专户", "special_account"),
    (r"事业单位经营收入|经营收入", "operations"),
    (r"事业收入", "business"),
    (r"上级补助", "higher_subsidy"),
    (r"附属单位上缴", "subordinate"),
    (r"用事业基金弥补", "reserve_fund"),
    (r"其他收入|单位资金|其他资金", "other"),
)

#: Rows of the right-hand side of the 收支总表 / 财政拨款收支表 (expenditure) → key.
SUMMARY_EXPENDITURE_ROWS: tuple[tuple[str, str], ...] = (
    (r"本年支出|当年支出", "expenditure_this_year"),
    (r"支出总计|^支出合计$|^总计$", "total_expenditure"),
    (r"年终结转|结转下年|年末结转", "carryover_out"),
    (r"(?:^|、)基本支出$", "basic_expenditure"),  # 支出用途 rows (Jiangsu): by spending category, not by function
    (r"(?:^|、)项目支出$", "project_expenditure"),
    (r"预留机动经费$", "reserve_expenditure"),
)

#: 部门经济分类 classes of 人员经费 and of 公用经费 (for basic-expenditure tables printed with one
#: amount column by economic code instead of 人员经费 / 公用经费 columns).
PERSONNEL_CLASSES: tuple[str, ...] = ("301", "303")
PUBLIC_CLASSES: tuple[str, ...] = ("302", "309", "310", "399")

#: What a narrative figure is about: subject text → key. Checked on the words before the number.
NARRATIVE_SUBJECTS: tuple[tuple[str, str], ...] = (
    (r"\(款\)(?:支出)?$", "economic_item"),  # '(8)公务接待费(款)支出16万元': a 款 of the basic table
    (r"财政拨款收入支出总计|财政拨款收支总计", "fiscal_total"),  # 决算: 财政拨款收入支出决算总表 总计
    (r"收支总计|收支总预算|收支预算总额|收入支出总计", "total"),
    (r"收入总计|收入总预算", "total_income"),
    (r"支出总计|支出总预算", "total_expenditure"),
    (r"一般公共预算收支预算|财政拨款收支|财政拨款收入支出", "general_budget_total"),
    (r"一般公共预算(?:财政)?(?:拨款)?基本支出|财政拨款基本支出", "general_budget_basic"),
    (r"预留机动经费", "reserve_expenditure"),
    (r"一般公共预算(?:财政)?(?:拨款)?支出", "general_budget_expenditure"),
    (r"“三公”经费财政拨款支出|\"三公\"经费财政拨款支出", "three_public_total"),  # 决算: not 财政拨款支出
    (r"财政拨款支出", "fiscal_expenditure"),
    (r"一般公共预算(?:财政)?(?:拨款)?收入|财政拨款收入", "general_budget_income"),
    (r"收入合计|本年收入", "income_this_year"),
    (r"(?<!基金)(?<!资金)(?<!拨款)(?<!经营)收入预算$", "total_income"),  # Shanghai: '…局收入预算1,212.12万元'
    (r"(?:^|年)支出预算$", "total_expenditure"),  # Shanghai: '支出预算1,212.12万元', not 财政拨款支出预算
    (r"^[(（]?[一1]?[)）.、]?收入预算总计$", "total_income"),  # Jiangsu: '(一)收入预算总计10,150.48万元'
    (r"^[(（]?[二2]?[)）.、]?支出预算总计$", "total_expenditure"),
    (r"支出合计|本年支出", "expenditure_this_year"),
    (r"人员经费", "personnel_expenditure"),
    (r"公用经费", "public_expenditure"),
    (r"基本支出", "basic_expenditure"),
    (r"项目支出", "project_expenditure"),
    (r"因公出国", "three_public_outbound"),
    (r"公务接待", "three_public_reception"),
    (r"公务用车购置费", "three_public_vehicle_purchase"),
    (r"公务用车运行", "three_public_vehicle_operation"),
    (r"公务用车购置及运行", "three_public_vehicles"),
    (r"三公", "three_public_total"),
    (r"机构运转经费|机关运行经费", "operating_expenditure"),
    (r"其他收入", "other_income"),
    (r"中小企业|小微企业|预留(?:的)?政府采购", "procurement_sme"),  # '面向中小企业预留政府采购项目预算金额': a part of the procurement budget
    (r"政府采购货物|货物类政府采购|拟(?:采)?购(?:买)?货物", "procurement_goods"),
    (r"政府采购工程|工程类政府采购|拟(?:采)?购(?:买)?工程", "procurement_works"),
    (r"政府采购服务|服务类政府采购|拟(?:采)?购(?:买)?服务", "procurement_services"),
    (r"货物采购", "procurement_goods"),  # 决算: '货物采购金额4.79万元'
    (r"工程采购", "procurement_works"),
    (r"服务采购", "procurement_services"),
    (r"政府采购", "procurement_total"),
    (r"涉及", "performance_amount"),  # '涉及预算拨款 … 万元', '涉及项目预算资金 … 万元'
    (r"项目", "project_count"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"车辆|公务用车|执法执勤用车|特种专业技术用车|其他用车", "vehicles"),
    (r"设备", "equipment"),
)

#: A sentence about the total of the budget, before its amount or its change: '收入、支出预算总计',
#: '收、支预算总计各增加', '收支总计各减少'. Only such a sentence states the change of the total.
TOTAL_SUBJECT_RE = re.compile(r"收入?、?支出?(?:预算)?总(?:计|预算|额)|收支预算总额|收支总预算")
#: The subject that makes a total-looking sentence one about a part: '财政拨款收、支总计各增加'.
PART_TOTAL_RE = re.compile(r"财政拨款|一般公共预算|政府性基金")
#: A change printed as a template placeholder: '增加（减少）0万元', '增长（减少）0%'.
BOILERPLATE_CHANGE_RE = re.compile(r"(?:增加|增长|减少|下降)[(（](?:增加|增长|减少|下降|降低)[)）](?:[─—-]+\d{1,3}[─—-]+)?\W*$")
#: 决算 narratives: how the text names the planned figure (年初预算为 X 万元), the actual one
#: (支出决算为 Y 万元) and the execution rate (完成年初预算的 Z%), as the clause before the number ends.
PLANNED_CLAUSE_RE = re.compile(r"(?:年初|全年|调整(?:后)?)?预算(?:数)?(?:为|是|[:：])?$")
ACTUAL_CLAUSE_RE = re.compile(r"决算(?:数)?(?:为|是|[:：])?$")
EXECUTION_RATE_CLAUSE_RE = re.compile(r"完成(?:年初|全年|调整(?:后)?)?预算(?:数)?的?$")
#: 决算数 against 预算数 in words: 决算数大于/小于/等于预算数, 决算数与预算数(基本)持平.
BUDGET_COMPARISON_RE = re.compile(
    r"决算数?(?P<word>大于|小于|等于|高于|低于|超过|超出|少于|多于)(?:年初)?预算数?"
    r"|(?:决算数?)?与(?:年初)?预算数?(?P<flat>(?:基本)?(?:持平|一致|相等|相同))")
#: The direction a comparison word states: greater, less or equal.
COMPARISON_WORDS: dict[str, str] = {
    "大于": "greater", "高于": "greater", "超过": "greater", "超出": "greater", "多于": "greater",
    "小于": "less", "低于": "less", "少于": "less", "等于": "equal",
}

#: Direction words of a year-on-year statement.
DIRECTION_WORDS: tuple[tuple[str, str], ...] = (
    (r"增加|增长|上升|提高|增", "increase"),
    (r"减少|下降|降低|减", "decrease"),
    (r"持平|保持一致|无变化|一致", "flat"),
)

#: Units a narrative number may carry, and their kind.
NARRATIVE_UNITS: dict[str, str] = {
    "亿元": "amount", "万元": "amount", "元": "amount", "%": "percent",
    "个": "count", "辆": "count", "套": "count", "项": "count", "人": "count", "家": "count",
}

#: Performance-indicator levels (一级/二级 names) → English level.
INDICATOR_LEVELS: dict[str, str] = {
    "成本指标": "cost", "产出指标": "output", "效益指标": "benefit", "满意度指标": "satisfaction",
}
LEVEL_LABELS: dict[str, str] = {v: k for k, v in INDICATOR_LEVELS.items()}

#: Classification code shapes: 功能分类 类 codes are 2xx, 部门经济分类 3xx, 政府经济分类 5xx.
FUNCTIONAL_CLASS_RE = re.compile(r"^2\d{2}$")
DEPT_ECONOMIC_CLASS_RE = re.compile(r"^3\d{2}$")
GOV_ECONOMIC_CLASS_RE = re.compile(r"^5\d{2}$")

#: Labels that mark a total row.
TOTAL_LABELS: tuple[str, ...] = ("合计", "总计", "小计")

#: A note that declares a table empty.
EMPTY_NOTE_RE = re.compile(r"本表无数据|本表为空|为空表|空表|无数据|没有数据")

#: Fund names an empty-table note may name.
FUNDS: tuple[str, ...] = ("政府性基金", "国有资本经营", "三公")

#: The year of the 支出功能分类 edition that renamed the classes below: earlier documents use the old names.
STALE_SINCE = 2019
#: Stale (renamed) functional class names → current names.
STALE_NAMES: dict[str, str] = {
    "医疗卫生与计划生育支出": "卫生健康支出",
    "文化体育与传媒支出": "文化旅游体育与传媒支出",
    "国土海洋气象等支出": "自然资源海洋气象等支出",
}

#: Units of amounts and their factor to 万元, as (multiply, divide): dividing 元 by 10000
#: keeps 26300 元 = 2.63 exactly as printed, where × 1e-4 gives 2.6300000000000003.
UNIT_FACTORS: dict[str, tuple[int, int]] = {"元": (1, 10000), "千元": (1, 10), "万元": (1, 1), "亿元": (10000, 1)}

#: How narrative headings end when the converter printed them as plain lines (Shanghai PDFs):
#: '上海市普陀区财政局主要职能', '2025年部门预算编制说明', '其他相关情况说明'.
HEADING_ENDINGS: tuple[str, ...] = ("主要职能", "主要职责", "机构设置", "名词解释", "编制说明", "情况说明",
                                   "预算情况", "单位构成", "部门概况")

#: 支出功能分类 类 codes and names (2025 edition; names after “:” are older names or the
#: short forms some tables print). Used to place the rows of two-sided tables by class.
FUNCTIONAL_CLASSES: dict[str, tuple[str, ...]] = {
    "201": ("一般公共服务支出",),
    "202": ("外交支出",),
    "203": ("国防支出",),
    "204": ("公共安全支出",),
    "205": ("教育支出",),
    "206": ("科学技术支出",),
    "207": ("文化旅游体育与传媒支出", "文化体育旅游与传媒支出", "文化体育与传媒支出"),
    "208": ("社会保障和就业支出",),
    "209": ("社会保险基金支出",),
    "210": ("卫生健康支出", "医疗卫生与计划生育支出"),
    "211": ("节能环保支出",),
    "212": ("城乡社区支出", "城乡社区事务支出"),
    "213": ("农林水支出", "农林水事务支出"),
    "214": ("交通运输支出",),
    "215": ("资源勘探工业信息等支出", "资源勘探信息等支出"),
    "216": ("商业服务业等支出",),
    "217": ("金融支出",),
    "219": ("援助其他地区支出",),
    "220": ("自然资源海洋气象等支出", "国土海洋气象等支出"),
    "221": ("住房保障支出",),
    "222": ("粮油物资储备支出",),
    "223": ("国有资本经营预算支出",),
    "224": ("灾害防治及应急管理支出",),
    "227": ("预备费",),
    "229": ("其他支出",),
    "230": ("转移性支出",),
    "231": ("债务还本支出",),
    "232": ("债务付息支出",),
    "233": ("债务发行费用支出",),
    "234": ("抗疫特别国债安排的支出",),
}

#: 部门预算支出经济分类 类 (3xx).
DEPARTMENT_ECONOMIC_CLASSES: dict[str, str] = {
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "307": "债务利息及费用支出",
    "309": "资本性支出（基本建设）", "310": "资本性支出", "311": "对企业补助（基本建设）", "312": "对企业补助",
    "313": "对社会保障基金补助", "399": "其他支出",
}

#: 政府预算支出经济分类 类 (5xx).
GOVERNMENT_ECONOMIC_CLASSES: dict[str, str] = {
    "501": "机关工资福利支出", "502": "机关商品和服务支出", "503": "机关资本性支出（一）",
    "504": "机关资本性支出（二）", "505": "对事业单位经常性补助", "506": "对事业单位资本性补助",
    "507": "对企业补助", "508": "对企业资本性支出", "509": "对个人和家庭的补助", "510": "对社会保障基金补助",
    "511": "债务利息及费用支出", "512": "债务还本支出", "513": "转移性支出", "514": "预备费及预留",
    "599": "其他支出",
}


#: Spellings of one department's name that differ only in how its party or congress prefix is written:
#: '中国共产党江苏省委员会办公厅', '中共江苏省委办公厅' and '江苏省委办公厅' are one department.
DEPARTMENT_ALIASES: tuple[tuple[str, str], ...] = (("中国共产党", "中共"), ("委员会", "委"), ("人民代表大会常务委员会", "人大常委会"))


def department_key(name: str | None) -> str:
    """A department's name reduced to what identifies it across spellings (aliases, the 中共 prefix)."""
    key = re.sub(r"\s+", "", name or "").strip("-*#")
    for long, short in DEPARTMENT_ALIASES:
        key = key.replace(long, short)
    return key.removeprefix("中共")


def same_department(a: str | None, b: str | None) -> bool:
    """True when two printed names are one department (equal keys, or one names it in full within the other)."""
    ka, kb = department_key(a), department_key(b)
    return bool(ka and kb) and (ka == kb or (min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka)))

#: How a 政府采购预算表 says an item is bought (its 采购组织形式 column): 政府集中采购, 部门集中采购,
#: 分散自行组织, and the short forms of the tables' own note (集中采购、部门集中采购和分散采购).
PROCUREMENT_METHOD_RE = re.compile(r"^(?:(?:政府|部门)?集中采购|分散(?:自行)?(?:组织|采购)|自行采购|委托代理采购)$")
