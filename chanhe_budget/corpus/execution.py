"""Budget execution across documents: a department-year's budget (预算) against its final accounts (决算).

Kept apart from the corpus API because it is knowledge of the documents: which key
figures of a budget and of a 决算 measure the same money, and that functional codes are
compared as the expenditure tables print them (summed over units).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..key_figures import FIGURE_LABELS
from .year_on_year import _function_lines, paired

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["EXECUTION_COLUMNS", "EXECUTION_FIGURES", "execution_rows"]

#: Key figures a budget plans and a 决算 reports for the same money (amounts in 万元). The totals include the
#: carry-over on both sides (上年结转 / 年初结转和结余); 政府采购 is a budget in one and contracts in the other.
EXECUTION_FIGURES = (
    "total_income", "total_expenditure", "expenditure_this_year", "general_budget_income", "basic_expenditure",
    "project_expenditure", "personnel_expenditure", "public_expenditure", "three_public_total",
    "operating_expenditure", "procurement_total",
)
EXECUTION_COLUMNS = ("department", "year", "item_type", "key", "name", "planned", "actual", "difference", "rate_pct",
                     "presence", "budget_path", "final_path")


def execution_rows(budget: Disclosure, final: Disclosure, budget_path: str | None = None,
                   final_path: str | None = None) -> list[dict]:
    """Rows of :data:`EXECUTION_COLUMNS`: each key figure and each functional code, planned against actual.

    ``planned`` is the budget's amount, ``actual`` the 决算's (万元); ``difference`` = actual − planned;
    ``rate_pct`` = actual / planned × 100 (None when the plan is 0 or either side is missing); ``presence``
    both / budget_only / final_only. Functional codes are those of each document's expenditure table
    (支出预算表 / 支出决算表), summed over units.
    """
    common = {"department": final.department or budget.department, "year": final.year,
              "budget_path": budget_path or budget.source, "final_path": final_path or final.source}
    sides = {
        "figure": ({n: (FIGURE_LABELS[n], budget.figures.get(n)) for n in EXECUTION_FIGURES},
                   {n: (FIGURE_LABELS[n], final.figures.get(n)) for n in EXECUTION_FIGURES}),
        "function": (_function_lines(budget), _function_lines(final)),
    }
    rows: list[dict] = []
    for item_type, key, name, planned, actual in paired(sides):
        difference = None if planned is None or actual is None else round(actual - planned, 2)
        rows.append({**common, "item_type": item_type, "key": key, "name": name,
                     "planned": planned, "actual": actual, "difference": difference,
                     "rate_pct": None if difference is None or not planned else round(actual / planned * 100, 2),
                     "presence": "both" if difference is not None else
                     ("budget_only" if actual is None else "final_only")})
    return rows
