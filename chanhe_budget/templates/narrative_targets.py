"""Which table cell a figure of the narrative names: data, read by the narrative checks and by the parser.

The audit compares each statement of ``Disclosure.narrative`` with its cell (:mod:`chanhe_budget.checks.narrative`);
the text reader lets the narrative choose among a 合计 row's readings when text without cell boundaries
fits several (:mod:`chanhe_budget.parse.pins`). Both must mean the same cell by the same words, so the
mapping lives here, beside the identities it is written with.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .identities import Cells, keyed, total

__all__ = ["ACTUAL_CELLS", "PLANNED_CELLS", "TARGETS", "Target", "target_for"]


@dataclass(frozen=True)
class Target:
    """The table cells a narrative key refers to; ``whole`` is the base of a share (占 …%).

    ``section`` (a regular expression) restricts the target to statements of
    matching sections: 基本支出 in 一般公共预算 sections is the general-budget figure.
    """

    key: str
    cells: Cells
    whole: Cells | None = None
    section: str | None = None
    count: bool = False  # the figure is a number of rows, not an amount
    kinds: tuple[str, ...] = ()  # only in documents of these kinds (template.kind); empty: every kind


_GBE = "general_budget_expenditure"
_FA = ("final_accounts",)
_FA_FISCAL_INCOME = keyed("summary", ("general_budget", "gov_fund", "state_capital"), "amount", side="income",
                          label="财政拨款收入")
_FA_INCOME = keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计")
TARGETS: tuple[Target, ...] = (
    # 决算 first: the same words name other cells of the 决算 tables
    Target("fiscal_total", keyed("fiscal_appropriation", "total_income", "total", side="income", label="总计"),
           kinds=_FA),
    Target("general_budget_income", _FA_FISCAL_INCOME, _FA_INCOME, kinds=_FA),
    Target("other_income", keyed("summary", "other", "amount", side="income", label="其他收入"), _FA_INCOME, kinds=_FA),
    Target("general_budget_expenditure", total(_GBE, "total"), total("expenditure", "total"), kinds=_FA),
    Target("general_budget_basic", total(_GBE, "basic_total"), kinds=_FA),
    Target("total", keyed("summary", "total_income", "amount", side="income", label="收入总计")),
    Target("total_income", keyed("summary", "total_income", "amount", side="income", label="收入总计")),
    Target("total_expenditure", keyed("summary", "total_expenditure", "amount", side="expenditure", label="支出总计")),
    Target("income_this_year", keyed("summary", "income_this_year", "amount", side="income", label="本年收入合计")),
    Target("expenditure_this_year", total("expenditure", "total")),
    Target("general_budget_income", keyed("summary", "general_budget", "amount", side="income", label="一般公共预算")),
    Target("general_budget_total", keyed("fiscal_appropriation", "expenditure_this_year", "general_budget",
                                         side="expenditure", label="本年支出（一般公共预算）")),
    Target("general_budget_expenditure", total(_GBE, "total")),
    Target("general_budget_basic", total("general_budget_basic", "total")),
    Target("personnel_expenditure", total("general_budget_basic", "personnel"), total("general_budget_basic", "total")),
    Target("public_expenditure", total("general_budget_basic", "public"), total("general_budget_basic", "total")),
    Target("basic_expenditure", total(_GBE, "basic_total"), total(_GBE, "total"), section="一般公共预算|财政拨款"),
    Target("project_expenditure", total(_GBE, "project_total"), total(_GBE, "total"), section="一般公共预算|财政拨款"),
    Target("basic_expenditure", total("expenditure", "basic_total"), total("expenditure", "total")),
    Target("project_expenditure", total("expenditure", "project_total"), total("expenditure", "total")),
    Target("three_public_total", total("three_public", "total")),
    Target("three_public_outbound", total("three_public", "outbound")),
    Target("three_public_reception", total("three_public", "reception")),
    Target("three_public_vehicles", total("three_public", "vehicles")),
    Target("three_public_vehicle_purchase", total("three_public", "vehicle_purchase")),
    Target("three_public_vehicle_operation", total("three_public", "vehicle_operation")),
    Target("operating_expenditure", total("operating_funds", "total")),
    Target("performance_amount", total("projects", "total")),
    Target("project_count", Cells("projects", ("total",), (("row_kind", "project"),), label="项目"), count=True),
    Target("gov_fund", total("gov_fund", "total")),
    Target("state_capital", total("state_capital", "total")),
)


@functools.lru_cache(maxsize=4096)
def target_for(key: str, section: str | None, kind: str | None) -> Target | None:
    """The target of a statement of ``key`` in ``section`` of a document of ``kind`` (``template.kind``): the
    first of :data:`TARGETS` that fits (cached: the audit and the parser ask for every statement)."""
    for target in TARGETS:
        if target.key == key and (not target.kinds or kind in target.kinds) \
                and (not target.section or re.search(target.section, section or "")):
            return target
    return None


#: 决算 keys whose planned figure (预算数) a table prints: the “三公” table's 预算数 columns.
PLANNED_CELLS: dict[str, Cells] = {
    f"three_public_{name}" if name != "total" else "three_public_total": total("three_public", f"{name}_budget")
    for name in ("total", "outbound", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
}
#: The 决算数 cell of a key, where the executions check falls back on a table (the “三公” sub-items).
ACTUAL_CELLS: dict[str, Cells] = {
    f"three_public_{name}" if name != "total" else "three_public_total": total("three_public", name)
    for name in ("total", "outbound", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
}
