"""Year on year: what changed between a department's two disclosures, and whether the narrative says so.

Kept apart from the corpus API because it is knowledge of the documents (which
figures a 比上年 sentence speaks of, how a stated percentage is rounded), not of
how documents are loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..checks.rows import AUDIT_COLUMNS, check
from ..key_figures import FIGURE_LABELS
from ..templates.spec import compact

if TYPE_CHECKING:
    from ..model import Disclosure
    from .collection import Document

__all__ = ["CLAIM_COLUMNS", "CLAIM_FIGURES", "YEAR_ON_YEAR_COLUMNS", "YEAR_ON_YEAR_FIGURES", "changes", "claim_checks"]

#: Figures compared year on year (amounts in 万元, project_count a count).
YEAR_ON_YEAR_FIGURES = (
    "total_income", "total_expenditure", "expenditure_this_year", "general_budget_income", "basic_expenditure",
    "project_expenditure", "personnel_expenditure", "public_expenditure", "three_public_total",
    "operating_expenditure", "procurement_total", "project_count",
)
#: Narrative keys of change statements → the figures they speak of (收支总计各减少 speaks of both totals).
CLAIM_FIGURES: dict[str, tuple[str, ...]] = {
    "total": ("total_income", "total_expenditure"),
    "total_income": ("total_income",),
    "total_expenditure": ("total_expenditure",),
    "expenditure_this_year": ("expenditure_this_year",),
    "general_budget_total": ("general_budget_income",),
    "general_budget_income": ("general_budget_income",),
    "basic_expenditure": ("basic_expenditure",),
    "project_expenditure": ("project_expenditure",),
    "three_public_total": ("three_public_total",),
    "operating_expenditure": ("operating_expenditure",),
    "procurement_total": ("procurement_total",),
}
#: The table each figure is read from (the narrative for the rest), for the evidence of a check.
FIGURE_TABLES: dict[str, str] = {
    "total_income": "summary", "total_expenditure": "summary", "expenditure_this_year": "expenditure",
    "general_budget_income": "summary", "basic_expenditure": "expenditure", "project_expenditure": "expenditure",
    "personnel_expenditure": "general_budget_basic", "public_expenditure": "general_budget_basic",
    "three_public_total": "three_public", "operating_expenditure": "operating_funds", "project_count": "projects",
}
YEAR_ON_YEAR_COLUMNS = ("department", "kind", "year", "prior_year", "item_type", "key", "name", "current", "previous",
                        "change", "change_pct", "presence", "path", "prior_path")
CLAIM_COLUMNS = ("department", "year", "kind", "path", *AUDIT_COLUMNS, "prior_path")


def changes(doc: Document, prior: Document) -> list[dict]:
    """Rows of :data:`YEAR_ON_YEAR_COLUMNS`: every figure, functional code and project of the two years."""
    d, p = doc.disclosure, prior.disclosure
    common = {"department": d.department, "kind": d.kind, "year": d.year, "prior_year": p.year}
    sides = {"figure": ({n: (FIGURE_LABELS[n], d.figures[n]) for n in YEAR_ON_YEAR_FIGURES},
                        {n: (FIGURE_LABELS[n], p.figures[n]) for n in YEAR_ON_YEAR_FIGURES}),
             "function": (_function_lines(d), _function_lines(p)),
             "project": (_project_lines(d), _project_lines(p))}
    rows: list[dict] = []
    for item_type, key, name, current, previous in paired(sides):
        change = None if current is None or previous is None else round(current - previous, 2)
        rows.append({**common, "item_type": item_type, "key": key, "name": name,
                     "current": current, "previous": previous, "change": change,
                     "change_pct": None if change is None or not previous else round(change / previous * 100, 2),
                     "presence": "both" if change is not None else
                     ("current_only" if previous is None else "previous_only"),
                     "path": doc.path, "prior_path": prior.path})
    return rows


Side = dict[str, tuple[str, float | None]]  # key → (name as printed, amount)


def paired(sides: dict[str, tuple[Side, Side]]) -> Iterator[tuple[str, str, str | None, float | None, float | None]]:
    """(item type, key, name, first amount, second amount) of every key either side of each item type
    prints (the first side's keys first, in its order); a key without an amount on either side is left out.
    Year on year (this year, last year) and execution (budget, 决算) compare documents this way."""
    for item_type, (first, second) in sides.items():
        for key in [*first, *(k for k in second if k not in first)]:
            name, a = first.get(key, (None, None))
            other_name, b = second.get(key, (None, None))
            if a is not None or b is not None:
                yield item_type, key, name or other_name, a, b


def claim_checks(doc: Document, prior: Document) -> list[dict]:
    """Rows of :data:`CLAIM_COLUMNS`: each change the narrative states, against the two documents."""
    narrative = doc.disclosure.narrative
    if narrative.empty:
        return []
    claims = narrative[narrative["key"].isin(list(CLAIM_FIGURES))
                       & narrative["kind"].isin(["change_amount", "change_percent"])]
    rows: list[dict] = []
    for claim in claims.to_dict("records"):
        compared = claim["compared_year"]
        if compared == compared and compared is not None and int(compared) != prior.disclosure.year:
            continue  # compares with another year than the one in the corpus
        for figure in CLAIM_FIGURES[claim["key"]]:
            rows.append(_claim_check(claim, figure, doc, prior))
    return rows


# ---------------------------------------------------------------- year-on-year pieces


def _function_lines(d: Disclosure) -> dict[str, tuple[str, float]]:
    """Functional code → (name, total 万元) of the expenditure table, summed over units."""
    frame = d.tables.get("expenditure")
    if frame is None or frame.empty or "code" not in frame:
        return {}
    lines = frame[frame["code"].notna() & ~frame["row_kind"].isin(["unit", "total"])]
    out: dict[str, tuple[str, float]] = {}
    for code, group in lines.groupby("code", sort=False):
        out[str(code)] = (str(group["name"].iloc[0]), round(float(group["total"].sum()), 2))
    return out


def _project_lines(d: Disclosure) -> dict[str, tuple[str, float]]:
    """Compacted project name → (name as printed, total 万元), summed over units."""
    frame = d.tables.get("projects")
    if frame is None or frame.empty or "project_name" not in frame:
        return {}
    projects = frame[(frame["row_kind"] == "project") & frame["project_name"].notna()]
    out: dict[str, tuple[str, float]] = {}
    for name, total in zip(projects["project_name"], projects["total"], strict=True):
        key = compact(str(name))
        previous = out.get(key, (str(name), 0.0))[1]
        out[key] = (str(name), round(previous + float(total), 2))
    return out


def _claim_check(claim: dict, figure: str, doc: Document, prior: Document) -> dict:
    d, p = doc.disclosure, prior.disclosure
    current, previous = d.figures.get(figure), p.figures.get(figure)
    percent = claim["kind"] == "change_percent"
    label, table = FIGURE_LABELS[figure], FIGURE_TABLES.get(figure, "narrative")
    what_zh = "增减率" if percent else "增减额"
    zh = f"叙述所称{label}比 {p.year} 年{what_zh}与两年公开文件实际之差一致"
    en = (f"the stated change in {figure} since {p.year} ({'percent' if percent else '万元'}) matches the "
          "change between the two years' disclosures")
    check_id = f"yoy.{figure}.{claim['kind']}"
    evidence = (f"{claim['sentence']} | {d.year}: {doc.path} ({label} {current}) | "
                f"{p.year}: {prior.path} ({label} {previous})")
    base = {"department": d.department, "year": d.year, "kind": d.kind, "path": doc.path, "prior_path": prior.path}
    expected = float(claim["value"])
    if current is None or previous is None:
        missing = doc.path if current is None else prior.path
        return {**base, **check(check_id, "year_on_year", zh, en, "cannot_check", expected=expected,
                                 reason=f"{label} is not given by {missing}", table=table, row=label,
                                 line=int(claim["line"]), evidence=evidence)}
    change = current - previous
    if percent:
        if previous == 0:
            return {**base, **check(check_id, "year_on_year", zh, en, "not_applicable", expected=expected,
                                     reason=f"{label} was 0 in {p.year}: no percentage change", table=table,
                                     row=label, line=int(claim["line"]), evidence=evidence)}
        found = round(change / previous * 100, 2)
        tolerance = round(max(0.01, 100 * 0.005 * (1 / abs(previous) + abs(current) / previous ** 2) + 0.005), 4)
    else:
        found, tolerance = round(change, 2), 0.01
    ok = abs(found - expected) <= tolerance + 1e-9
    reason = None if ok else (f"the narrative of {doc.path} states {expected:+.2f}{'%' if percent else ' 万元'} against "
                              f"{p.year}, but {prior.path} gives {label} {previous} against {current} this year "
                              f"({found:+.2f}{'%' if percent else ' 万元'})")
    return {**base, **check(check_id, "year_on_year", zh, en, "pass" if ok else "fail", expected=expected,
                                 found=found, tolerance=tolerance, reason=reason or "", table=table, row=label,
                                 line=int(claim["line"]), evidence=evidence)}

