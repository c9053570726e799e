"""The accounting identities of a disclosure, as data (disclosure-rules.md section 4).

Each identity is one record: an id (I.. within a table, X.. between tables,
S.. soft), its Chinese and English description, its family and the cells it
compares — a table, a row selector and one or more columns. Nothing here
computes: :mod:`chanhe_budget.checks.identities` evaluates every record with one
engine, so adding an identity (or a template with other tables) is a data
change. Ids follow the reference note (I01–I16, X01–X14) so a reader can look
the rule up.

Row selectors are ``(column, value)`` pairs: a tuple value means "one of", a
string starting with ``~`` is a regular expression searched in the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CONDITIONS",
    "FINAL_ACCOUNTS_IDENTITIES",
    "IDENTITIES",
    "ByClass",
    "ByCode",
    "Cells",
    "Equal",
    "Identity",
    "ProjectMatch",
    "RollUp",
    "RowSum",
]


@dataclass(frozen=True)
class Cells:
    """Cells of one table: the rows ``where`` selects, the ``columns`` summed over them.

    ``required``: when no row matches, the check cannot be made (else the cells count as 0,
    for rows a template may leave out, such as 事业收入 in a department without it).
    """

    table: str
    columns: tuple[str, ...]
    where: tuple[tuple[str, object], ...] = ()
    required: bool = True
    label: str = ""


@dataclass(frozen=True, kw_only=True)
class Identity:
    """What every identity has. ``when`` names a condition (see :data:`CONDITIONS`) under
    which the identity holds by design; when it does not hold the check is
    ``otherwise`` (``not_applicable``, or a weaker comparison such as ``le``)."""

    id: str
    family: str
    zh: str
    en: str
    compare: str = "eq"
    when: str | None = None
    otherwise: str = "not_applicable"
    severity: str = "fail"  # status of a breach: "fail", or "warn" for soft identities
    templates: tuple[str, ...] = ()  # only for these templates' layouts (empty: every template)
    except_templates: tuple[str, ...] = ()  # not for these templates (their tables hold it otherwise)
    kinds: tuple[str, ...] = ("budget",)  # the kinds of document (template.kind) the identity is about
    #: one printed cell against the same amount printed elsewhere: a difference within the rounding
    #: envelope is still a ``warn`` (the same money rounded two ways), not a pass
    exact: bool = False

    def applies_to(self, template: str, kind: str | None) -> bool:
        """Whether the identity is about a document read with ``template`` (its name), of ``kind`` (template.kind)."""
        return (not self.templates or template in self.templates) and template not in self.except_templates \
            and kind in self.kinds


@dataclass(frozen=True, kw_only=True)
class Equal(Identity):
    """One comparison: the sum of ``left`` against the sum of all ``right`` cells."""

    left: Cells
    right: tuple[Cells, ...]


@dataclass(frozen=True, kw_only=True)
class RowSum(Identity):
    """Per row of each table: column ``total`` against the sum of columns ``parts``."""

    tables: tuple[str, ...]
    total: str
    parts: tuple[str, ...]
    where: tuple[tuple[str, object], ...] = ()
    distinct: tuple[str, ...] = ()  # keep the first row of each distinct value (one row per project)


@dataclass(frozen=True, kw_only=True)
class RollUp(Identity):
    """Per column: each parent row against the sum of its children — 项 → 款 → 类 by code
    prefix, coded rows → their 单位 row, sub-units → unit (by code prefix), top rows → 合计."""

    tables: tuple[str, ...]
    columns: tuple[str, ...] = ()  # default: every amount column of the table


@dataclass(frozen=True, kw_only=True)
class ByClass(Identity):
    """Per 功能分类 类: rows of a two-sided table (matched to a class by name) against the
    class amounts of a coded table."""

    left: Cells
    right: Cells


@dataclass(frozen=True, kw_only=True)
class ByCode(Identity):
    """Per classification code of ``left``: its amount against the same code in ``right``."""

    left: Cells
    right: Cells


@dataclass(frozen=True, kw_only=True)
class ProjectMatch(Identity):
    """Per project of 项目支出预算表: its amount against 项目绩效目标表 (``what="amount"``),
    or against its own 成本指标 where that states an amount (``what="cost"``)."""

    what: str


# ------------------------------------------------------------------ selector shorthands


def total(table: str, *columns: str) -> Cells:
    """The 合计 row of a table."""
    return Cells(table, columns, (("row_kind", "total"),), label="合计")


def keyed(table: str, key: str | tuple[str, ...], *columns: str, side: str | None = None,
          required: bool = True, label: str = "") -> Cells:
    """Rows of a two-sided table by canonical key (``key`` column), optionally one side."""
    where: tuple[tuple[str, object], ...] = (("key", key),)
    if side:
        where = (("side", side), *where)
    return Cells(table, columns, where, required=required, label=label or (key if isinstance(key, str) else ""))


def budget_line(pattern: str, label: str) -> Cells:
    """A 预算情况 line of 部门（单位）整体绩效目标表, by its label."""
    return Cells("department_performance", ("number",), (("part", "budget"), ("indicator", "~" + pattern)),
                 label=label)


#: Conditions under which an identity holds by design, with the reason printed when they do not.
CONDITIONS: dict[str, tuple[str, str]] = {
    "only_general_budget": (
        "部门收入只有一般公共预算拨款（无政府性基金、国有资本经营、财政专户、事业收入、上年结转等）",
        "other funds exist, so the department tables cover more money than the general budget",
    ),
    "all_spending_general_budget": (
        "本年支出全部为一般公共预算财政拨款支出（收入支出决算总表 本年支出合计 = 一般公共预算财政拨款支出决算表 合计）",
        "part of this year's spending is not 一般公共预算财政拨款, so the department tables cover more money",
    ),
    "no_non_fiscal_general_budget": (
        "一般公共预算收入全部为财政拨款（“其中：财政拨款”等于一般公共预算）",
        "part of the general budget is not 财政拨款, so a 其中：财政拨款 cell may be smaller than its row",
    ),
}

_FUNCTIONAL_TABLES = ("expenditure", "general_budget_expenditure", "gov_fund", "state_capital")
_SUMMARY_SOURCES = ("general_budget", "gov_fund", "state_capital", "special_account", "business", "operations",
                    "higher_subsidy", "subordinate", "other")
_NON_GENERAL_SOURCES = _SUMMARY_SOURCES[1:]
#: 收支总表 income row → 收入预算表 column (the same money printed twice).
_SUMMARY_TO_INCOME = (
    ("gov_fund", "current_gov_fund", "政府性基金"),
    ("state_capital", "current_state_capital", "国有资本经营预算"),
    ("special_account", "current_special_account", "财政专户管理资金"),
    ("business", "current_business", "事业收入"),
    ("operations", "current_operations", "事业单位经营收入"),
    ("higher_subsidy", "current_higher_subsidy", "上级补助收入"),
    ("subordinate", "current_subordinate", "附属单位上缴收入"),
    ("other", "current_other", "其他收入"),
    ("carryover_in", "carryover_total", "上年结转结余"),
)
#: “三公” component → the 部门经济分类 codes that carry the same spending (X11).
_THREE_PUBLIC_CODES = (
    ("outbound", ("30212",), "因公出国（境）费", "30212 因公出国（境）费用"),
    ("reception", ("30217",), "公务接待费", "30217 公务接待费"),
    ("vehicle_operation", ("30231",), "公务用车运行费", "30231 公务用车运行维护费"),
    ("vehicle_purchase", ("30913", "31013"), "公务用车购置费", "30913/31013 公务用车购置"),
)

_PURPOSE_KEYS = ("basic_expenditure", "project_expenditure", "reserve_expenditure")

#: The Jiangsu template's own identities (tests/golden/jiangsu_specimens.md, "Identities that hold"):
#: a third spending category (单位预留机动经费), totals by 支出用途, the “三公” table's 合计 with
#: 会议费 and 培训费, the income list's 小计 rows, one-column functional and economic tables.
JIANGSU_IDENTITIES: tuple[Identity, ...] = (
    RowSum(id="J01", family="identity", zh="合计 = 基本支出 + 项目支出 + 单位预留机动经费（+ 结转下年资金）",
           en="total = basic + project + reserve kept by the units (+ carried to next year)",
           tables=("expenditure",), total="total",
           parts=("basic_total", "project_total", "reserve_total", "carryover_out"), templates=("jiangsu",)),
    Equal(id="J02", family="identity", zh="收支总表 当年支出小计 = 基本支出 + 项目支出 + 单位预留机动经费（支出用途）",
          en="summary expenditure this year = basic + project + reserve (by use)",
          left=keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="当年支出小计"),
          right=(keyed("summary", _PURPOSE_KEYS, "amount", side="expenditure", label="支出用途"),),
          templates=("jiangsu",)),
    *(Equal(id="J03", family="cross_table", zh=f"收支总表 {label} = 支出预算总表 {label}",
            en=f"summary {key} = expenditure table {column}",
            left=keyed("summary", key, "amount", side="expenditure", label=label), right=(total("expenditure", column),),
            templates=("jiangsu",))
      for key, column, label in (("basic_expenditure", "basic_total", "基本支出"),
                                 ("project_expenditure", "project_total", "项目支出"),
                                 ("reserve_expenditure", "reserve_total", "单位预留机动经费"))),
    Equal(id="J04", family="identity", zh="财政拨款收支总表 支出合计 = 基本支出 + 项目支出 + 单位预留机动经费",
          en="fiscal appropriation table: total expenditure = basic + project + reserve",
          left=keyed("fiscal_appropriation", "total_expenditure", "amount", side="expenditure", label="支出合计"),
          right=(keyed("fiscal_appropriation", _PURPOSE_KEYS, "amount", side="expenditure", label="支出用途"),),
          templates=("jiangsu",)),
    Equal(id="J05", family="identity", zh="收支总表 一、财政拨款 = 一般公共预算 + 政府性基金预算",
          en="summary fiscal appropriation = general budget + government fund",
          left=keyed("summary", "fiscal_appropriation", "amount", side="income", label="一、财政拨款"),
          right=(keyed("summary", ("general_budget", "gov_fund"), "amount", side="income", label="1. + 2."),),
          templates=("jiangsu",)),
    RowSum(id="J06", family="identity", zh="“三公”经费表 合计 = “三公”经费小计 + 会议费 + 培训费",
           en="three public table: first total = three public expenses + meetings + training",
           tables=("three_public",), total="total_with_meetings", parts=("total", "meetings", "training"),
           templates=("jiangsu",)),
    Equal(id="J07", family="identity", zh="收入预算总表 收入总计 = 各资金小计之和",
          en="income table: total = sum of the group subtotals",
          left=total("income", "total"),
          right=(Cells("income", ("total",), (("row_kind", "subtotal"),), label="各小计"),), templates=("jiangsu",)),
    Equal(id="J08", family="cross_table", zh="财政拨款收支总表 收入合计 = 财政拨款支出预算表 合计",
          en="fiscal appropriation income = fiscal appropriation expenditure table total",
          left=keyed("fiscal_appropriation", "total_income", "amount", side="income", label="收入合计"),
          right=(total("fiscal_appropriation_expenditure", "total"),), templates=("jiangsu",)),
    Equal(id="J09", family="cross_table", zh="财政拨款收支总表 基本支出 = 财政拨款基本支出预算表 合计",
          en="fiscal appropriation basic = fiscal appropriation basic table total",
          left=keyed("fiscal_appropriation", "basic_expenditure", "amount", side="expenditure", label="基本支出"),
          right=(total("fiscal_appropriation_basic", "total"),), templates=("jiangsu",)),
    RollUp(id="J10", family="identity", zh="项 → 款 → 类 → 合计 逐级汇总（财政拨款表）",
           en="per column: the 财政拨款 tables roll up to their total",
           tables=("fiscal_appropriation_expenditure", "fiscal_appropriation_basic"), templates=("jiangsu",)),
)

IDENTITIES: tuple[Identity, ...] = (
    # ------------------------------------------------------------ T1 部门收支预算表
    Equal(id="I01", family="identity", zh="收入总计 = 本年收入合计 + 上年结转结余（+ 用事业基金弥补收支差额）",
          en="total income = income this year + carry-over (+ reserve fund)",
          left=keyed("summary", "total_income", "amount", side="income", label="收入总计"),
          right=(keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计"),
                 keyed("summary", ("carryover_in", "reserve_fund"), "amount", side="income", required=False,
                       label="上年结转结余"))),
    Equal(id="I02", family="identity", zh="支出总计 = 本年支出合计 + 年终结转结余",
          en="total expenditure = expenditure this year + carry-over to next year",
          left=keyed("summary", "total_expenditure", "amount", side="expenditure", label="支出总计"),
          right=(keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
                 keyed("summary", "carryover_out", "amount", side="expenditure", required=False,
                       label="年终结转结余"))),
    Equal(id="I03", family="identity", zh="收入总计 = 支出总计", en="total income = total expenditure",
          left=keyed("summary", "total_income", "amount", side="income", label="收入总计"),
          right=(keyed("summary", "total_expenditure", "amount", side="expenditure", label="支出总计"),)),
    Equal(id="I04", family="identity", zh="本年收入合计 = 各收入来源之和",
          en="income this year = sum of the income sources",
          left=keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计"),
          right=(keyed("summary", _SUMMARY_SOURCES, "amount", side="income", label="各收入来源"),)),
    Equal(id="I04b", family="identity", zh="其中：财政拨款 ≤ 一般公共预算", compare="le",
          en="of which fiscal appropriation ≤ general budget",
          left=keyed("summary", "general_budget_fiscal", "amount", side="income", required=False,
                     label="其中：财政拨款"),
          right=(keyed("summary", "general_budget", "amount", side="income", label="一般公共预算"),)),
    Equal(id="I05", family="identity", zh="本年支出合计 = 各功能分类（类）支出之和",
          en="expenditure this year = sum of the functional classes",
          left=keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
          right=(keyed("summary", "function", "amount", side="expenditure", label="各类支出"),)),
    # ------------------------------------------------------------ T2 部门收入预算表
    RowSum(id="I06a", family="identity", zh="总计 = 本年收入合计 + 上年结转结余（每行）",
           en="per row: total = income this year + carry-over",
           tables=("income",), total="total", parts=("current_total", "carryover_total")),
    RowSum(id="I06b", family="identity", zh="本年收入合计 = 各收入来源之和（每行）",
           en="per row: income this year = sum of the sources",
           tables=("income",), total="current_total",
           parts=("current_general_budget", "current_gov_fund", "current_state_capital", "current_special_account",
                  "current_business", "current_operations", "current_higher_subsidy", "current_subordinate",
                  "current_other")),
    RowSum(id="I06c", family="identity", zh="上年结转结余合计 = 各来源之和（每行）",
           en="per row: carry-over = sum of its sources",
           tables=("income",), total="carryover_total",
           parts=("carryover_general_budget", "carryover_gov_fund", "carryover_state_capital",
                  "carryover_special_account", "carryover_unit_funds")),
    RowSum(id="I06d", family="identity", zh="其中：财政拨款 = 一般公共预算（每行；有非财政拨款资金时为 ≤）",
           en="per row: of which fiscal appropriation = general budget (≤ when the general budget has other money)",
           tables=("income",), total="current_general_budget_fiscal", parts=("current_general_budget",),
           when="no_non_fiscal_general_budget", otherwise="le"),
    RollUp(id="I06e", family="identity", zh="各单位之和 = 合计（每列）", en="per column: units sum to the total",
           tables=("income",), except_templates=("jiangsu",)),
    RowSum(id="I06f", family="identity", zh="合计 = 财政拨款收入 + 事业收入 + 事业单位经营收入 + 其他收入（每行）",
           en="per row: total = fiscal appropriation + business + operating + other income (income by function)",
           tables=("income",), total="total", templates=("shanghai",),
           parts=("current_fiscal", "current_business", "current_operations", "current_other")),
    RowSum(id="I05b", family="identity", zh="收支总表支出方：合计 = 人员经费 + 公用经费 + 项目支出（每行）",
           en="per expenditure row of the summary: total = personnel + public + project",
           tables=("summary",), total="amount", parts=("basic_personnel", "basic_public", "project_total"),
           templates=("shanghai",),
           where=(("side", "expenditure"),)),
    # ------------------------------------------------------------ T3/T5/T9/T10 coded expenditure tables
    RowSum(id="I07", family="identity", zh="合计 = 基本支出 + 项目支出（每行）",
           en="per row: total = basic + project expenditure",
           tables=_FUNCTIONAL_TABLES, total="total", parts=("basic_total", "project_total"),
           except_templates=("jiangsu",)),  # Jiangsu has a third category: J01
    RowSum(id="I07b", family="identity",
           zh="基本支出 = 人员经费（工资福利 + 对个人和家庭的补助）+ 公用经费（商品和服务 + 资本性）（每行）",
           en="per row: basic = personnel (wages, household subsidies) + public (goods and services, capital)",
           tables=_FUNCTIONAL_TABLES, total="basic_total",
           parts=("basic_wages", "basic_family", "basic_goods_services", "basic_capital")),
    RowSum(id="I07c", family="identity", zh="项目支出 = 其他运转类 + 特定目标类（每行）",
           en="per row: project = other operating + specific-purpose",
           tables=_FUNCTIONAL_TABLES, total="project_total", parts=("project_operating", "project_specific")),
    RollUp(id="I08", family="identity", zh="项 → 款 → 类 → 单位 → 合计 逐级汇总（每列）",
           en="per column: items roll up to sections, classes, units and the total",
           tables=_FUNCTIONAL_TABLES),
    # ------------------------------------------------------------ T4 财政拨款收支预算表
    Equal(id="I09a", family="identity", zh="本年收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算拨款",
          en="income this year = general budget + government fund + state capital",
          left=keyed("fiscal_appropriation", "income_this_year", "total", side="income", label="本年收入"),
          right=(keyed("fiscal_appropriation", ("general_budget", "gov_fund", "state_capital"), "total",
                       side="income", label="各拨款"),)),
    Equal(id="I09b", family="identity", zh="上年结转 = 各拨款上年结转之和",
          en="carry-over = sum of the carried-over appropriations",
          left=keyed("fiscal_appropriation", "carryover_in", "total", side="income", required=False, label="上年结转"),
          right=(keyed("fiscal_appropriation", ("carryover_general_budget", "carryover_gov_fund",
                                                "carryover_state_capital"), "total", side="income", required=False,
                       label="各拨款上年结转"),)),
    Equal(id="I09c", family="identity", zh="收入合计 = 本年收入 + 上年结转",
          en="total income = income this year + carry-over",
          left=keyed("fiscal_appropriation", "total_income", "total", side="income", label="收入合计"),
          right=(keyed("fiscal_appropriation", "income_this_year", "total", side="income", label="本年收入"),
                 keyed("fiscal_appropriation", "carryover_in", "total", side="income", required=False,
                       label="上年结转"))),
    RowSum(id="I09d", family="identity", zh="合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算（每个支出行）",
           en="per expenditure row: total = general budget + government fund + state capital",
           tables=("fiscal_appropriation",), total="total", parts=("general_budget", "gov_fund", "state_capital"),
           where=(("side", "expenditure"),)),
    *(Equal(id="I09e", family="identity", zh=f"本年支出 = 各功能分类支出之和（{label}）",
            en=f"expenditure this year = sum of the functional classes ({column})",
            left=keyed("fiscal_appropriation", "expenditure_this_year", column, side="expenditure",
                       label=f"本年支出（{label}）"),
            right=(keyed("fiscal_appropriation", "function", column, side="expenditure", label="各类支出"),))
      for column, label in (("total", "合计"), ("general_budget", "一般公共预算"),
                            ("general_budget_fiscal", "其中：财政拨款"), ("gov_fund", "政府性基金"),
                            ("state_capital", "国有资本经营预算"))),
    *(Equal(id="I09f", family="identity", zh=f"支出合计 = 本年支出 + 年终结转结余（{label}）",
            en=f"total expenditure = expenditure this year + carry-over ({column})",
            left=keyed("fiscal_appropriation", "total_expenditure", column, side="expenditure",
                       label=f"支出合计（{label}）"),
            right=(keyed("fiscal_appropriation", "expenditure_this_year", column, side="expenditure", label="本年支出"),
                   keyed("fiscal_appropriation", "carryover_out", column, side="expenditure", required=False,
                         label="年终结转结余")))
      for column, label in (("total", "合计"), ("general_budget", "一般公共预算"),
                            ("general_budget_fiscal", "其中：财政拨款"), ("gov_fund", "政府性基金"),
                            ("state_capital", "国有资本经营预算"))),
    Equal(id="I09g", family="identity", zh="收入合计 = 支出合计", en="total income = total expenditure",
          left=keyed("fiscal_appropriation", "total_income", "total", side="income", label="收入合计"),
          right=(keyed("fiscal_appropriation", "total_expenditure", "total", side="expenditure", label="支出合计"),)),
    *(Equal(id="I09h", family="identity", zh=f"{label}：本年收入 + 上年结转 = 本年支出 + 年终结转",
            en=f"{column}: income this year + carry-over = expenditure this year + carry-over to next year",
            left=keyed("fiscal_appropriation", (key, f"carryover_{key}"), "total", side="income", required=False,
                       label=f"{label}收入"),
            right=(keyed("fiscal_appropriation", ("expenditure_this_year", "carryover_out"), column,
                         side="expenditure", label=f"{label}支出"),))
      for key, column, label in (("general_budget", "general_budget", "一般公共预算"),
                                 ("gov_fund", "gov_fund", "政府性基金"),
                                 ("state_capital", "state_capital", "国有资本经营预算"))),
    Equal(id="I09i", family="identity", zh="其中：财政拨款 ≤ 一般公共预算拨款（收入）", compare="le",
          en="income: of which fiscal appropriation ≤ general budget",
          left=keyed("fiscal_appropriation", "general_budget_fiscal", "total", side="income", required=False,
                     label="其中：财政拨款"),
          right=(keyed("fiscal_appropriation", "general_budget", "total", side="income", label="一般公共预算拨款"),)),
    RowSum(id="I09j", family="identity", zh="其中：财政拨款 = 一般公共预算（每个支出行；有非财政拨款资金时为 ≤）",
           en="per expenditure row: of which fiscal appropriation = general budget (≤ with other general-budget money)",
           tables=("fiscal_appropriation",), total="general_budget_fiscal", parts=("general_budget",),
           where=(("side", "expenditure"),), when="no_non_fiscal_general_budget", otherwise="le"),
    # ------------------------------------------------------------ T6 一般公共预算基本支出预算表
    RowSum(id="I11a", family="identity", zh="合计 = 人员经费 + 公用经费（每行）",
           en="per row: total = personnel + public expenditure",
           tables=("general_budget_basic",), total="total", parts=("personnel", "public")),
    RollUp(id="I11b", family="identity", zh="款 → 类 → 合计 逐级汇总（每列）",
           en="per column: sections roll up to classes and the total", tables=("general_budget_basic",)),
    Equal(id="I11c", family="identity", zh="人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助",
          en="personnel = 301 wages and benefits + 303 subsidies to households",
          left=total("general_budget_basic", "personnel"),
          right=(Cells("general_budget_basic", ("total",), (("code_class", ("301", "303")), ("_leaf", True)),
                       required=False, label="301 + 303"),)),
    Equal(id="I11d", family="identity", zh="公用经费 = 302 商品和服务支出 + 309/310 资本性支出 + 399 其他",
          en="public = 302 goods and services + 309/310 capital + 399 other",
          left=total("general_budget_basic", "public"),
          right=(Cells("general_budget_basic", ("total",), (("code_class", ("302", "309", "310", "399")),
                                                            ("_leaf", True)), required=False,
                       label="302 + 309 + 310 + 399"),)),
    # ------------------------------------------------------------ T7 支出经济分类汇总表
    RowSum(id="I12a", family="identity", zh="总计 = 各资金来源之和（每行）", en="per row: total = sum of the fund sources",
           tables=("economic_summary",), total="total",
           parts=("general_budget", "gov_fund", "state_capital", "carryover", "special_account", "business",
                  "higher_subsidy", "subordinate", "operations", "other")),
    RowSum(id="I12b", family="identity", zh="其中：财政拨款 = 一般公共预算（每行；有非财政拨款资金时为 ≤）",
           en="per row: of which fiscal appropriation = general budget (≤ with other general-budget money)",
           tables=("economic_summary",), total="general_budget_fiscal", parts=("general_budget",),
           when="no_non_fiscal_general_budget", otherwise="le"),
    RollUp(id="I12c", family="identity", zh="款 → 类 → 单位 → 合计 逐级汇总（每列）",
           en="per column: sections roll up to classes, units and the total", tables=("economic_summary",)),
    # ------------------------------------------------------------ T8 “三公”经费预算表
    RowSum(id="I13a", family="identity", zh="“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
           en="three public expenses = travel abroad + official vehicles + reception",
           tables=("three_public",), total="total", parts=("outbound", "vehicles", "reception")),
    RowSum(id="I13b", family="identity", zh="公务用车购置及运行费 = 购置费 + 运行费",
           en="official vehicles = purchase + operation",
           tables=("three_public",), total="vehicles", parts=("vehicle_purchase", "vehicle_operation")),
    # ------------------------------------------------------------ T11 机构运转经费预算表
    RowSum(id="I14a", family="identity", zh="合计 = 各资金来源之和（每行）", en="per row: total = sum of the fund sources",
           tables=("operating_funds",), total="total",
           parts=("general_budget", "gov_fund", "state_capital", "special_account", "unit_funds",
                  "special_account_carryover", "unit_funds_carryover")),
    RowSum(id="I14b", family="identity",
           zh="一般公共预算资金 = 财政拨款 + 行政事业性收费 + 专项收入 + 国有资产资源有偿使用收入 + 其他（每行）",
           en="per row: general budget = appropriation + fees + earmarked + asset income + other",
           tables=("operating_funds",), total="general_budget",
           parts=("general_budget_fiscal", "general_budget_fees", "general_budget_special", "general_budget_assets",
                  "general_budget_other")),
    RowSum(id="I14c", family="identity", zh="单位资金 = 事业收入 + 上级补助 + 附属单位上缴 + 经营收入（每行）",
           en="per row: unit funds = business + higher subsidy + subordinate + operations",
           tables=("operating_funds",), total="unit_funds",
           parts=("unit_business", "unit_higher_subsidy", "unit_subordinate", "unit_operations")),
    RollUp(id="I14d", family="identity", zh="机构运转经费：各项目 → 单位 → 合计（每列）",
           en="operating funds: items roll up to units and the total", tables=("operating_funds",)),
    # ------------------------------------------------------------ T12 项目支出预算表
    RowSum(id="I15a", family="identity", zh="合计 = 各资金来源之和（每行）", en="per row: total = sum of the fund sources",
           tables=("projects",), total="total",
           parts=("current_general_budget", "current_gov_fund", "current_state_capital", "carryover_general_budget",
                  "carryover_gov_fund", "carryover_state_capital", "special_account", "unit_funds")),
    RollUp(id="I15b", family="identity", zh="各项目 → 单位 → 合计（每列）", en="projects roll up to units and the total",
           tables=("projects",)),
    # ------------------------------------------------------------ T13/T14 绩效目标表
    RowSum(id="I16a", family="identity", zh="项目金额：资金总额 = 政府预算资金 + 财政专户管理资金 + 单位资金（每个项目）",
           en="per project: amount = government funds + special account + unit funds",
           tables=("project_performance",), total="project_amount",
           parts=("government_funds", "special_account", "unit_funds"), distinct=("project_code", "project_name")),
    ProjectMatch(id="I16b", family="identity", what="cost", zh="项目金额与其成本指标所列金额一致",
                 en="a project's amount agrees with the amount its cost indicator states"),
    Equal(id="I16c", family="identity", zh="整体绩效目标表：部门预算总额 = 各资金来源之和",
          en="department targets: budget total = sum of the fund sources",
          left=budget_line("部门预算总额", "部门预算总额"),
          right=(Cells("department_performance", ("number",), (("part", "budget"), ("level_2", "~资金来源")),
                       label="资金来源"),)),
    Equal(id="I16d", family="identity", zh="整体绩效目标表：部门预算总额 = 基本支出 + 项目支出",
          en="department targets: budget total = basic + project",
          left=budget_line("部门预算总额", "部门预算总额"),
          right=(Cells("department_performance", ("number",), (("part", "budget"), ("level_2", "~资金结构")),
                       label="资金结构"),)),
    # ------------------------------------------------------------ between tables
    Equal(id="X01", family="cross_table", zh="收支总表 收入总计 = 收入预算表 总计",
          en="summary total income = income table total",
          left=keyed("summary", "total_income", "amount", side="income", label="收入总计"),
          right=(total("income", "total"),)),
    Equal(id="X01b", family="cross_table", zh="收支总表 本年收入合计 = 收入预算表 本年收入合计",
          en="summary income this year = income table income this year",
          left=keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计"),
          right=(total("income", "current_total"),)),
    Equal(id="X01c", family="cross_table", zh="收支总表 一般公共预算 = 收入预算表 一般公共预算",
          en="summary general budget = income table general budget",
          left=keyed("summary", "general_budget", "amount", side="income", label="一般公共预算"),
          right=(total("income", "current_general_budget"),)),
    Equal(id="X01d", family="cross_table", zh="收支总表 其中：财政拨款 = 收入预算表 其中：财政拨款",
          en="summary of which fiscal appropriation = income table fiscal appropriation",
          left=keyed("summary", "general_budget_fiscal", "amount", side="income", label="其中：财政拨款"),
          right=(total("income", "current_general_budget_fiscal"),)),
    *(Equal(id="X01e", family="cross_table", zh=f"收支总表 {label} = 收入预算表 {label}",
            en=f"summary {key} = income table {column}",
            left=keyed("summary", key, "amount", side="income", required=False, label=label),
            right=(total("income", column),))
      for key, column, label in _SUMMARY_TO_INCOME),
    Equal(id="X02", family="cross_table", zh="收支总表 本年支出合计 = 支出预算表 合计",
          en="summary expenditure this year = expenditure table total",
          left=keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
          right=(total("expenditure", "total"),)),
    ByClass(id="X02b", family="cross_table", zh="收支总表 各类支出 = 支出预算表 该类合计",
            en="summary expenditure per functional class = expenditure table class total",
            left=keyed("summary", "function", "amount", side="expenditure"), right=Cells("expenditure", ("total",))),
    Equal(id="X03", family="cross_table", zh="收支总表 一般公共预算 = 财政拨款收支表 一般公共预算拨款",
          en="summary general budget = fiscal table general budget income",
          left=keyed("summary", "general_budget", "amount", side="income", label="一般公共预算"),
          right=(keyed("fiscal_appropriation", "general_budget", "total", side="income", label="一般公共预算拨款"),)),
    Equal(id="X03b", family="cross_table", zh="收支总表 其中：财政拨款 = 财政拨款收支表 其中：财政拨款",
          en="summary of which fiscal appropriation = fiscal table of which fiscal appropriation",
          left=keyed("summary", "general_budget_fiscal", "amount", side="income", required=False,
                     label="其中：财政拨款"),
          right=(keyed("fiscal_appropriation", "general_budget_fiscal", "total", side="income", required=False,
                       label="其中：财政拨款"),)),
    Equal(id="X03c", family="cross_table", zh="收支总表 政府性基金/国有资本经营 = 财政拨款收支表 对应拨款",
          en="summary government fund and state capital = fiscal table appropriations",
          left=keyed("summary", ("gov_fund", "state_capital"), "amount", side="income", required=False,
                     label="政府性基金 + 国有资本经营"),
          right=(keyed("fiscal_appropriation", ("gov_fund", "state_capital"), "total", side="income",
                       required=False, label="政府性基金 + 国有资本经营"),)),
    Equal(id="X04", family="cross_table", zh="财政拨款收支表 一般公共预算支出 = 一般公共预算支出表 合计",
          en="fiscal table general-budget expenditure = general-budget expenditure table total",
          left=keyed("fiscal_appropriation", "expenditure_this_year", "general_budget", side="expenditure",
                     label="本年支出"),
          right=(total("general_budget_expenditure", "total"),)),
    ByClass(id="X04b", family="cross_table", zh="财政拨款收支表 各类一般公共预算支出 = 一般公共预算支出表 该类合计",
            en="fiscal table general budget per class = general-budget expenditure table class total",
            left=keyed("fiscal_appropriation", "function", "general_budget", side="expenditure"),
            right=Cells("general_budget_expenditure", ("total",))),
    Equal(id="X05", family="cross_table", zh="财政拨款收支表 政府性基金支出 = 政府性基金支出预算表 合计",
          en="fiscal table government fund = government fund table total",
          left=keyed("fiscal_appropriation", "expenditure_this_year", "gov_fund", side="expenditure", label="本年支出"),
          right=(total("gov_fund", "total"),)),
    Equal(id="X05b", family="cross_table", zh="财政拨款收支表 国有资本经营支出 = 国有资本经营支出预算表 合计",
          en="fiscal table state capital = state capital table total",
          left=keyed("fiscal_appropriation", "expenditure_this_year", "state_capital", side="expenditure",
                     label="本年支出"),
          right=(total("state_capital", "total"),)),
    Equal(id="X06", family="cross_table", zh="一般公共预算支出表 基本支出 = 一般公共预算基本支出表 合计",
          en="general-budget expenditure basic = general-budget basic table total",
          left=total("general_budget_expenditure", "basic_total"), right=(total("general_budget_basic", "total"),)),
    Equal(id="X06b", family="cross_table", zh="一般公共预算支出表 人员经费 = 基本支出表 人员经费",
          en="general-budget expenditure personnel (wages + households) = basic table personnel",
          left=total("general_budget_expenditure", "basic_wages", "basic_family"),
          right=(total("general_budget_basic", "personnel"),)),
    Equal(id="X06c", family="cross_table", zh="一般公共预算支出表 公用经费 = 基本支出表 公用经费",
          en="general-budget expenditure public (goods and services + capital) = basic table public",
          left=total("general_budget_expenditure", "basic_goods_services", "basic_capital"),
          right=(total("general_budget_basic", "public"),)),
    Equal(id="X07", family="cross_table", zh="支出预算表 项目支出 = 项目支出预算表 合计",
          en="expenditure table project expenditure = projects table total",
          left=total("expenditure", "project_total"), right=(total("projects", "total"),)),
    Equal(id="X07b", family="cross_table", zh="一般公共预算支出表 项目支出 = 项目支出预算表 一般公共预算部分",
          en="general-budget project expenditure = general-budget part of the projects table",
          left=total("general_budget_expenditure", "project_total"),
          right=(total("projects", "current_general_budget", "carryover_general_budget"),)),
    *(Equal(id="X08", family="cross_table", zh=f"支出预算表 {label} = 一般公共预算支出表 {label}（仅有一般公共预算时）",
            en=f"expenditure table {column} = general-budget expenditure table {column} (general budget only)",
            left=total("expenditure", column), right=(total("general_budget_expenditure", column),),
            when="only_general_budget")
      for column, label in (("total", "合计"), ("basic_total", "基本支出"), ("project_total", "项目支出"))),
    Equal(id="X08b", family="cross_table", zh="收支总表 本年支出合计 = 财政拨款收支表 本年支出（仅有财政拨款时）",
          en="summary expenditure this year = fiscal table expenditure this year (appropriations only)",
          left=keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
          right=(keyed("fiscal_appropriation", "expenditure_this_year", "total", side="expenditure",
                       label="本年支出"),), when="only_general_budget"),
    ByCode(id="X09", family="cross_table", compare="le", zh="一般公共预算支出表 各科目 ≤ 支出预算表 同科目",
           en="per functional code: general-budget expenditure ≤ department expenditure",
           left=Cells("general_budget_expenditure", ("total",)), right=Cells("expenditure", ("total",))),
    Equal(id="X10", family="cross_table", zh="支出经济分类汇总表 总计 = 支出预算表 合计",
          en="economic classification summary total = expenditure table total",
          left=total("economic_summary", "total"), right=(total("expenditure", "total"),)),
    Equal(id="X10b", family="cross_table", zh="支出经济分类汇总表 一般公共预算 = 一般公共预算支出表 合计",
          en="economic summary general budget = general-budget expenditure table total",
          left=total("economic_summary", "general_budget"), right=(total("general_budget_expenditure", "total"),)),
    ByCode(id="X10c", family="cross_table", compare="le", zh="基本支出表 各经济科目 ≤ 支出经济分类汇总表 同科目",
           en="per economic code: general-budget basic ≤ economic classification summary",
           left=Cells("general_budget_basic", ("total",)), right=Cells("economic_summary", ("total",))),
    ProjectMatch(id="X14", family="cross_table", what="amount",
                 zh="项目支出预算表 各项目金额 = 项目绩效目标表 资金总额",
                 en="each project's amount in the projects table = its amount in the project targets table"),
    Equal(id="X14b", family="cross_table", zh="整体绩效目标表 部门预算总额 = 支出预算表 合计",
          en="department targets budget total = expenditure table total",
          left=budget_line("部门预算总额", "部门预算总额"), right=(total("expenditure", "total"),)),
    Equal(id="X14c", family="cross_table", zh="整体绩效目标表 基本支出 = 支出预算表 基本支出",
          en="department targets basic = expenditure table basic",
          left=budget_line("基本支出", "基本支出"), right=(total("expenditure", "basic_total"),)),
    Equal(id="X14d", family="cross_table", zh="整体绩效目标表 项目支出 = 支出预算表 项目支出",
          en="department targets project = expenditure table project",
          left=budget_line("项目支出", "项目支出"), right=(total("expenditure", "project_total"),)),
    # ------------------------------------------------------------ soft (warnings)
    *(Equal(id="S02", family="soft", severity="warn", when="only_general_budget", otherwise="le",
            zh=f"“三公”{label} 与经济分类 {codes_label} 一致",
            en=f"three public {column} agrees with economic code(s) {', '.join(codes)}",
            left=total("three_public", column),
            right=(Cells("economic_summary", ("total",), (("code", codes),), required=False, label=codes_label),))
      for column, codes, label, codes_label in _THREE_PUBLIC_CODES),
    Equal(id="S04", family="soft", severity="warn", zh="机构运转经费 与 公用经费 一致",
          en="operating funds agree with public expenditure of the general-budget basic table",
          left=total("operating_funds", "total"), right=(total("general_budget_basic", "public"),),
          except_templates=("jiangsu",)),  # 机关运行经费 took project money in until 2017: not comparable
    ByCode(id="S04b", family="soft", severity="warn", zh="机构运转经费 各项目 = 基本支出表 同科目",
           en="per economic code: operating funds item = general-budget basic amount",
           left=Cells("operating_funds", ("total",)), right=Cells("general_budget_basic", ("total",)),
           except_templates=("jiangsu",)),
    *JIANGSU_IDENTITIES,
)


#: Summary income rows that are not the general budget: their presence means other funds (condition data).
NON_GENERAL_SOURCES: tuple[str, ...] = (*_NON_GENERAL_SOURCES, "carryover_in", "reserve_fund")


# ------------------------------------------------------------------ 决算 (final accounts)
#: Ids FI.. within a table, FX.. between tables, FS.. soft: the national 部门决算 set (templates/final_accounts.py).

_FA = ("final_accounts",)
_FA_SOURCES = ("general_budget", "gov_fund", "state_capital", "higher_subsidy", "business", "operations",
               "subordinate", "other")
#: 收入支出决算总表 income row → 收入决算表 column (the same money printed twice).
_FA_SUMMARY_TO_INCOME = (
    ("higher_subsidy", "current_higher_subsidy", "上级补助收入"),
    ("business", "current_business", "事业收入"),
    ("operations", "current_operations", "经营收入"),
    ("subordinate", "current_subordinate", "附属单位上缴收入"),
    ("other", "current_other", "其他收入"),
)
_FA_THREE_PUBLIC_CODES = (
    ("outbound", ("30212",), "因公出国（境）费", "30212 因公出国（境）费用"),
    ("reception", ("30217",), "公务接待费", "30217 公务接待费"),
    ("vehicle_operation", ("30231",), "公务用车运行费", "30231 公务用车运行维护费"),
    ("vehicle_purchase", ("31013",), "公务用车购置费", "31013 公务用车购置"),
)

FINAL_ACCOUNTS_IDENTITIES: tuple[Identity, ...] = (
    # ------------------------------------------------------------ 收入支出决算总表
    Equal(id="FI01", family="identity", kinds=_FA,
          zh="收入总计 = 本年收入合计 + 使用非财政拨款结余（用事业基金弥补收支差额）+ 年初结转和结余",
          en="total income = income this year + non-fiscal balances used (reserve fund) + carry-over at the start",
          left=keyed("summary", "total_income", "amount", side="income", label="总计"),
          right=(keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计"),
                 keyed("summary", ("reserve_fund", "carryover_in"), "amount", side="income", required=False,
                       label="使用非财政拨款结余 + 年初结转和结余"))),
    Equal(id="FI02", family="identity", kinds=_FA, zh="支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
          en="total expenditure = expenditure this year + surplus distribution + carry-over at the end",
          left=keyed("summary", "total_expenditure", "amount", side="expenditure", label="总计"),
          right=(keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
                 keyed("summary", ("surplus_distribution", "carryover_out"), "amount", side="expenditure",
                       required=False, label="结余分配 + 年末结转和结余"))),
    Equal(id="FI03", family="identity", kinds=_FA, zh="收入总计 = 支出总计", en="total income = total expenditure",
          left=keyed("summary", "total_income", "amount", side="income", label="收入总计"),
          right=(keyed("summary", "total_expenditure", "amount", side="expenditure", label="支出总计"),)),
    Equal(id="FI04", family="identity", kinds=_FA, zh="本年收入合计 = 各收入来源之和",
          en="income this year = sum of the income sources",
          left=keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计"),
          right=(keyed("summary", _FA_SOURCES, "amount", side="income", label="各收入来源"),)),
    Equal(id="FI05", family="identity", kinds=_FA, zh="本年支出合计 = 各功能分类（类）支出之和",
          en="expenditure this year = sum of the functional classes",
          left=keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
          right=(keyed("summary", "function", "amount", side="expenditure", label="各类支出"),)),
    # ------------------------------------------------------------ 收入决算表
    RowSum(id="FI06", family="identity", kinds=_FA,
           zh="本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入（每行）",
           en="per row: income this year = fiscal appropriation + higher subsidy + business + operations "
              "+ subordinate + other",
           tables=("income",), total="total",
           parts=("current_fiscal", "current_higher_subsidy", "current_business", "current_operations",
                  "current_subordinate", "current_other")),
    RollUp(id="FI07", family="identity", kinds=_FA, zh="收入决算表：项 → 款 → 类 → 合计 逐级汇总（每列）",
           en="income table: items roll up to sections, classes and the total", tables=("income",)),
    # ------------------------------------------------------------ 支出决算表
    RowSum(id="FI08", family="identity", kinds=_FA,
           zh="本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出（每行）",
           en="per row: expenditure this year = basic + project + remitted to higher level + business operations "
              "+ subsidies to subordinate units",
           tables=("expenditure",), total="total",
           parts=("basic_total", "project_total", "remit_to_higher", "business_operations", "subsidy_to_subordinate")),
    RollUp(id="FI09", family="identity", kinds=_FA, zh="支出决算表：项 → 款 → 类 → 合计 逐级汇总（每列）",
           en="expenditure table: items roll up to sections, classes and the total", tables=("expenditure",)),
    # ------------------------------------------------------------ 财政拨款收入支出决算总表
    Equal(id="FI10", family="identity", kinds=_FA,
          zh="财政拨款 本年收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算财政拨款",
          en="fiscal table: income this year = general budget + government fund + state capital",
          left=keyed("fiscal_appropriation", "income_this_year", "total", side="income", label="本年收入合计"),
          right=(keyed("fiscal_appropriation", ("general_budget", "gov_fund", "state_capital"), "total",
                       side="income", label="各财政拨款"),)),
    Equal(id="FI11", family="identity", kinds=_FA, zh="年初财政拨款结转和结余 = 各拨款年初结转和结余之和",
          en="fiscal table: carry-over at the start = sum of the carried-over appropriations",
          left=keyed("fiscal_appropriation", "carryover_in", "total", side="income", required=False,
                     label="年初财政拨款结转和结余"),
          right=(keyed("fiscal_appropriation", ("carryover_general_budget", "carryover_gov_fund",
                                                "carryover_state_capital"), "total", side="income", required=False,
                       label="各拨款年初结转和结余"),)),
    Equal(id="FI12", family="identity", kinds=_FA, zh="财政拨款 收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
          en="fiscal table: total income = income this year + carry-over at the start",
          left=keyed("fiscal_appropriation", "total_income", "total", side="income", label="总计"),
          right=(keyed("fiscal_appropriation", "income_this_year", "total", side="income", label="本年收入合计"),
                 keyed("fiscal_appropriation", "carryover_in", "total", side="income", required=False,
                       label="年初财政拨款结转和结余"))),
    RowSum(id="FI13", family="identity", kinds=_FA,
           zh="合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算财政拨款（每个支出行）",
           en="per expenditure row: total = general budget + government fund + state capital",
           tables=("fiscal_appropriation",), total="total", parts=("general_budget", "gov_fund", "state_capital"),
           where=(("side", "expenditure"),)),
    *(Equal(id="FI14", family="identity", kinds=_FA, zh=f"财政拨款 本年支出合计 = 各功能分类支出之和（{label}）",
            en=f"fiscal table: expenditure this year = sum of the functional classes ({column})",
            left=keyed("fiscal_appropriation", "expenditure_this_year", column, side="expenditure",
                       label=f"本年支出合计（{label}）"),
            right=(keyed("fiscal_appropriation", "function", column, side="expenditure", label="各类支出"),))
      for column, label in (("total", "合计"), ("general_budget", "一般公共预算"), ("gov_fund", "政府性基金"),
                            ("state_capital", "国有资本经营"))),
    *(Equal(id="FI15", family="identity", kinds=_FA,
            zh=f"财政拨款 支出总计 = 本年支出合计 + 年末财政拨款结转和结余（{label}）",
            en=f"fiscal table: total expenditure = expenditure this year + carry-over at the end ({column})",
            left=keyed("fiscal_appropriation", "total_expenditure", column, side="expenditure", label=f"总计（{label}）"),
            right=(keyed("fiscal_appropriation", "expenditure_this_year", column, side="expenditure",
                         label="本年支出合计"),
                   keyed("fiscal_appropriation", "carryover_out", column, side="expenditure", required=False,
                         label="年末财政拨款结转和结余")))
      for column, label in (("total", "合计"), ("general_budget", "一般公共预算"), ("gov_fund", "政府性基金"),
                            ("state_capital", "国有资本经营"))),
    Equal(id="FI16", family="identity", kinds=_FA, zh="财政拨款 收入总计 = 支出总计",
          en="fiscal table: total income = total expenditure",
          left=keyed("fiscal_appropriation", "total_income", "total", side="income", label="收入总计"),
          right=(keyed("fiscal_appropriation", "total_expenditure", "total", side="expenditure", label="支出总计"),)),
    # ------------------------------------------------------------ 一般公共预算财政拨款支出决算表
    RowSum(id="FI17", family="identity", kinds=_FA, zh="合计 = 基本支出 + 项目支出（每行）",
           en="per row: total = basic + project expenditure", tables=("general_budget_expenditure",), total="total",
           parts=("basic_total", "project_total")),
    RollUp(id="FI18", family="identity", kinds=_FA, zh="一般公共预算财政拨款支出决算表：项 → 款 → 类 → 合计（每列）",
           en="general-budget expenditure: items roll up to sections, classes and the total",
           tables=("general_budget_expenditure",)),
    # ------------------------------------------------------------ 一般公共预算财政拨款基本支出决算表
    RollUp(id="FI19", family="identity", kinds=_FA, zh="基本支出决算表：款 → 类 → 人员经费合计 / 公用经费合计（每列）",
           en="basic expenditure: sections roll up to classes and to the 人员经费 / 公用经费 totals",
           tables=("general_budget_basic",)),
    Equal(id="FI20", family="identity", kinds=_FA, zh="人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助",
          en="personnel total = 301 wages and benefits + 303 subsidies to households",
          left=total("general_budget_basic", "personnel"),
          right=(Cells("general_budget_basic", ("total",), (("code_class", ("301", "303")), ("_leaf", True)),
                       required=False, label="301 + 303"),)),
    Equal(id="FI21", family="identity", kinds=_FA,
          zh="公用经费合计 = 302 商品和服务支出 + 310 资本性支出（+ 307/309/399）",
          en="public total = 302 goods and services + 310 capital (+ 307/309/399)",
          left=total("general_budget_basic", "public"),
          right=(Cells("general_budget_basic", ("total",), (("code_class", ("302", "307", "309", "310", "399")),
                                                            ("_leaf", True)), required=False,
                       label="302 + 310 (+ 307/309/399)"),)),
    # ------------------------------------------------------------ 财政拨款“三公”经费支出决算表
    *(RowSum(id="FI22", family="identity", kinds=_FA,
             zh=f"“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费（{label}）",
             en=f"three public expenses = travel abroad + official vehicles + reception ({label})",
             tables=("three_public",), total=f"total{suffix}",
             parts=(f"outbound{suffix}", f"vehicles{suffix}", f"reception{suffix}"))
      for suffix, label in (("_budget", "预算数"), ("", "决算数"))),
    *(RowSum(id="FI23", family="identity", kinds=_FA, zh=f"公务用车购置及运行费 = 购置费 + 运行费（{label}）",
             en=f"official vehicles = purchase + operation ({label})", tables=("three_public",),
             total=f"vehicles{suffix}", parts=(f"vehicle_purchase{suffix}", f"vehicle_operation{suffix}"))
      for suffix, label in (("_budget", "预算数"), ("", "决算数"))),
    # ------------------------------------------------------------ 政府性基金 / 国有资本经营预算财政拨款收入支出决算表
    RowSum(id="FI24", family="identity", kinds=_FA, zh="本年支出 = 基本支出 + 项目支出（每行）",
           en="per row: expenditure this year = basic + project", tables=("gov_fund", "state_capital"),
           total="total", parts=("basic_total", "project_total")),
    RollUp(id="FI25", family="identity", kinds=_FA, zh="项 → 款 → 类 → 合计 逐级汇总（每列）",
           en="per column: items roll up to sections, classes and the total", tables=("gov_fund", "state_capital")),
    # ------------------------------------------------------------ between tables
    Equal(id="FX01", family="cross_table", kinds=_FA, exact=True, zh="收入支出决算总表 本年收入合计 = 收入决算表 合计",
          en="summary income this year = income table total",
          left=keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计"),
          right=(total("income", "total"),)),
    Equal(id="FX02", family="cross_table", kinds=_FA,
          zh="收入支出决算总表 三项财政拨款收入 = 收入决算表 财政拨款收入",
          en="summary fiscal appropriations (general budget + fund + state capital) = income table fiscal appropriation",
          left=keyed("summary", ("general_budget", "gov_fund", "state_capital"), "amount", side="income",
                     label="财政拨款收入"),
          right=(total("income", "current_fiscal"),)),
    *(Equal(id="FX03", family="cross_table", kinds=_FA, exact=True, zh=f"收入支出决算总表 {label} = 收入决算表 {label}",
            en=f"summary {key} = income table {column}",
            left=keyed("summary", key, "amount", side="income", required=False, label=label),
            right=(total("income", column),))
      for key, column, label in _FA_SUMMARY_TO_INCOME),
    Equal(id="FX04", family="cross_table", kinds=_FA, exact=True, zh="收入支出决算总表 本年支出合计 = 支出决算表 合计",
          en="summary expenditure this year = expenditure table total",
          left=keyed("summary", "expenditure_this_year", "amount", side="expenditure", label="本年支出合计"),
          right=(total("expenditure", "total"),)),
    ByClass(id="FX05", family="cross_table", kinds=_FA, exact=True, zh="收入支出决算总表 各类支出 = 支出决算表 该类合计",
            en="summary expenditure per functional class = expenditure table class total",
            left=keyed("summary", "function", "amount", side="expenditure"), right=Cells("expenditure", ("total",))),
    Equal(id="FX06", family="cross_table", kinds=_FA, exact=True,
          zh="收入支出决算总表 一般公共预算财政拨款收入 = 财政拨款收入支出决算总表 一般公共预算财政拨款",
          en="summary general-budget appropriation = fiscal table general-budget appropriation",
          left=keyed("summary", "general_budget", "amount", side="income", label="一般公共预算财政拨款收入"),
          right=(keyed("fiscal_appropriation", "general_budget", "total", side="income", label="一般公共预算财政拨款"),)),
    Equal(id="FX07", family="cross_table", kinds=_FA, exact=True,
          zh="财政拨款收入支出决算总表 一般公共预算本年支出 = 一般公共预算财政拨款支出决算表 合计",
          en="fiscal table general-budget expenditure this year = general-budget expenditure table total",
          left=keyed("fiscal_appropriation", "expenditure_this_year", "general_budget", side="expenditure",
                     label="本年支出合计（一般公共预算）"),
          right=(total("general_budget_expenditure", "total"),)),
    ByClass(id="FX08", family="cross_table", kinds=_FA, exact=True,
            zh="财政拨款收入支出决算总表 各类一般公共预算支出 = 一般公共预算财政拨款支出决算表 该类合计",
            en="fiscal table general budget per class = general-budget expenditure table class total",
            left=keyed("fiscal_appropriation", "function", "general_budget", side="expenditure"),
            right=Cells("general_budget_expenditure", ("total",))),
    Equal(id="FX09", family="cross_table", kinds=_FA,
          zh="一般公共预算财政拨款支出决算表 基本支出 = 基本支出决算表 人员经费合计 + 公用经费合计",
          en="general-budget basic expenditure = personnel total + public total of the basic expenditure table",
          left=total("general_budget_expenditure", "basic_total"),
          right=(total("general_budget_basic", "personnel"), total("general_budget_basic", "public"))),
    *(Equal(id="FX10", family="cross_table", kinds=_FA, when="all_spending_general_budget",
            zh=f"支出决算表 {label} = 一般公共预算财政拨款支出决算表 {label}（本年支出全部为一般公共预算时）",
            en=f"expenditure table {column} = general-budget expenditure table {column} (all spending general budget)",
            left=total("expenditure", column), right=(total("general_budget_expenditure", column),))
      for column, label in (("total", "合计"), ("basic_total", "基本支出"), ("project_total", "项目支出"))),
    ByCode(id="FX11", family="cross_table", kinds=_FA, compare="le",
           zh="一般公共预算财政拨款支出决算表 各科目 ≤ 支出决算表 同科目",
           en="per functional code: general-budget expenditure ≤ department expenditure",
           left=Cells("general_budget_expenditure", ("total",)), right=Cells("expenditure", ("total",))),
    Equal(id="FX12", family="cross_table", kinds=_FA, exact=True,
          zh="财政拨款收入支出决算总表 政府性基金本年支出 = 政府性基金预算财政拨款收入支出决算表 本年支出",
          en="fiscal table government fund expenditure = government fund table expenditure",
          left=keyed("fiscal_appropriation", "expenditure_this_year", "gov_fund", side="expenditure",
                     label="本年支出合计（政府性基金）"),
          right=(total("gov_fund", "total"),)),
    Equal(id="FX13", family="cross_table", kinds=_FA, exact=True,
          zh="财政拨款收入支出决算总表 国有资本经营本年支出 = 国有资本经营预算财政拨款收入支出决算表 本年支出",
          en="fiscal table state capital expenditure = state capital table expenditure",
          left=keyed("fiscal_appropriation", "expenditure_this_year", "state_capital", side="expenditure",
                     label="本年支出合计（国有资本经营）"),
          right=(total("state_capital", "total"),)),
    Equal(id="FX14", family="cross_table", kinds=_FA, compare="le",
          zh="年初财政拨款结转和结余 ≤ 收入支出决算总表 年初结转和结余",
          en="fiscal carry-over at the start ≤ all-funds carry-over at the start",
          left=keyed("fiscal_appropriation", "carryover_in", "total", side="income", required=False,
                     label="年初财政拨款结转和结余"),
          right=(keyed("summary", "carryover_in", "amount", side="income", required=False, label="年初结转和结余"),)),
    Equal(id="FX15", family="cross_table", kinds=_FA, compare="le",
          zh="年末财政拨款结转和结余 ≤ 收入支出决算总表 年末结转和结余",
          en="fiscal carry-over at the end ≤ all-funds carry-over at the end",
          left=keyed("fiscal_appropriation", "carryover_out", "total", side="expenditure", required=False,
                     label="年末财政拨款结转和结余"),
          right=(keyed("summary", "carryover_out", "amount", side="expenditure", required=False,
                       label="年末结转和结余"),)),
    # ------------------------------------------------------------ soft (warnings)
    *(Equal(id="FS01", family="soft", severity="warn", kinds=_FA, compare="le",
            zh=f"基本支出决算表 {codes_label} ≤ “三公”经费 {label} 决算数",
            en=f"basic expenditure code(s) {', '.join(codes)} ≤ three public {column} spent",
            left=Cells("general_budget_basic", ("total",), (("code", codes),), required=False, label=codes_label),
            right=(total("three_public", column),))
      for column, codes, label, codes_label in _FA_THREE_PUBLIC_CODES),
)

IDENTITIES = (*IDENTITIES, *FINAL_ACCOUNTS_IDENTITIES)
