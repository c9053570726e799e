"""Narrative against tables (X15): every figure the text states, set against the table that holds it.

Each statement of ``Disclosure.narrative`` becomes exactly one audit row, so no
figure is silently dropped: amounts are compared with their table cell, shares
are recomputed from the tables (占 X% = 基本支出 / 支出合计), year-on-year
changes are recomputed from this year's table total and the stated change
(prior = total − change), and a direction word that contradicts the other
figures of its sentence fails. What the document alone cannot confirm
(last year's figures, asset counts) is ``cannot_check`` with the reason.

Which table cell a statement key means is data (:data:`TARGETS`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..key_figures import round_half_up
from ..parse.name_slips import one_char_apart
from ..templates.identities import Cells, keyed, total
from ..templates.spec import compact
from .context import Context, Selection
from .rows import check, compare, fmt, rounding_tolerance

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["TARGETS", "Target", "check_narrative"]


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


_GBE = "general_budget_expenditure"
TARGETS: tuple[Target, ...] = (
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

#: Statements whose figures are checked only against each other: total key → part keys.
INTERNAL_SUMS: dict[str, tuple[str, ...]] = {
    "procurement_total": ("procurement_goods", "procurement_works", "procurement_services"),
    "vehicles": ("vehicles",),  # 共有车辆 N 辆，其中：… — the first count is the sum of the others
}
_NO_TABLE = {
    "procurement_goods": "no table gives 政府采购 by 货物/工程/服务",
    "procurement_works": "no table gives 政府采购 by 货物/工程/服务",
    "procurement_services": "no table gives 政府采购 by 货物/工程/服务",
    "equipment": "no table lists 国有资产 (equipment counts)",
    "vehicles": "no table lists 国有资产 (vehicle counts)",
}
_DESCRIPTIONS = {
    "N01": ("叙述金额与表格一致", "an amount stated in the text equals its table cell"),
    "N02": ("叙述占比按表格重算一致", "a share stated in the text equals the share recomputed from the tables"),
    "N03": ("叙述增减额、增减率与方向词一致", "a stated change, its percentage and direction word agree"),
    "N04": ("叙述个数与表格一致", "a count stated in the text equals the number of table rows"),
    "N05": ("叙述分项之和等于叙述总额", "parts stated in the text sum to the total it states"),
    "N00": ("叙述数字无法对应表格", "a figure of the text that the audit cannot match to a table"),
}


def _row(check_id: str, status: str, statement: dict, **fields) -> dict:
    zh, en = _DESCRIPTIONS[check_id]
    fields.setdefault("evidence", f"line {statement['line']}: {statement['sentence']}")
    return check(check_id, "narrative", zh, en, status, line=statement["line"], **fields)


def _target(statement: dict) -> Target | None:
    for target in TARGETS:
        if target.key != statement["key"]:
            continue
        if target.section and not re.search(target.section, statement["section"] or ""):
            continue
        return target
    return None


def _where(selection: Selection) -> dict:
    """Table and row of the cells a statement is compared with (the column named unless it is the total)."""
    cells = selection.cells
    row = cells.label or None
    if row and cells.columns and cells.columns[0] not in ("total", "amount"):
        row = f"{row} [{'+'.join(cells.columns)}]"
    return {"table": cells.table, "row": row}


def _evidence(statement: dict, *selections: Selection) -> str:
    tables = " / ".join(s.describe() for s in selections if s.value is not None)
    return f"line {statement['line']}: {statement['sentence']}" + (f" | {tables}" if tables else "")


def _amount(ctx: Context, statement: dict, target: Target) -> dict:
    selection = Selection(ctx, target.cells)
    where = _where(selection)
    evidence = _evidence(statement, selection)
    if selection.value is None:
        return _row("N01", selection.status, statement, found=statement["value"], reason=selection.reason,
                    evidence=evidence, **where)
    # the same money printed twice, each rounded to the cent of 万元
    tol = rounding_tolerance([(selection.value, "万元")])
    ok = compare(statement["value"], selection.value, tol)
    return _row("N01", "pass" if ok else "fail", statement, expected=selection.value, found=statement["value"],
                tolerance=tol, evidence=evidence,
                reason="" if ok else f"the text states {statement['printed']}, the table {fmt(selection.value)} 万元",
                **where)


def _count(ctx: Context, statement: dict, target: Target) -> dict:
    selection = Selection(ctx, target.cells)
    where = _where(selection)
    evidence = _evidence(statement, selection)
    if selection.value is None:
        return _row("N04", selection.status, statement, found=statement["value"], reason=selection.reason,
                    evidence=evidence, **where)
    expected = float(len(selection.rows))
    ok = statement["value"] == expected
    return _row("N04", "pass" if ok else "fail", statement, expected=expected, found=statement["value"], tolerance=0.0,
                reason="" if ok else f"the text states {statement['printed']}, the table lists {len(selection.rows)}",
                evidence=evidence, **where)


def _share_tolerance(part: float, whole: float) -> float:
    """Printed share rounding (0.005) plus what the rounding of both amounts can move the share."""
    if not whole:
        return 0.01
    spread = 100 * 0.005 * (1 / abs(whole) + abs(part) / whole**2)
    return round(max(0.01, 0.005 + spread), 4)


def _share(ctx: Context, statement: dict, target: Target) -> dict:
    if target.whole is None:
        return _row("N02", "cannot_check", statement, found=statement["value"],
                    reason=f"the audit does not know what {statement['key']} is a share of")
    part, whole = Selection(ctx, target.cells), Selection(ctx, target.whole)
    where = _where(part)
    if part.value is None or whole.value is None or not whole.value:
        return _row("N02", "cannot_check", statement, found=statement["value"],
                    reason=part.reason or whole.reason or "the base of the share is 0", **where)
    expected = round(part.value / whole.value * 100, 4)
    tol = _share_tolerance(part.value, whole.value)
    ok = compare(statement["value"], expected, tol)
    return _row("N02", "pass" if ok else "fail", statement, expected=expected, found=statement["value"], tolerance=tol,
                reason="" if ok else f"the text states {statement['printed']}; "
                                     f"{fmt(part.value)} / {fmt(whole.value)} = {expected:.2f}%",
                evidence=_evidence(statement, part, whole),
                **where)


def _sentence_key(statement: dict) -> tuple:
    key = statement["key"]
    # statements whose subject is unknown are grouped by their own words, not all together
    return statement["line"], statement["sentence"], key if isinstance(key, str) else f"?{statement['subject']}"


def _changes(ctx: Context, statements: list[dict]) -> dict[int, dict]:
    """Rows for the change statements (amount, percent, flat), keyed by statement position."""
    rows: dict[int, dict] = {}
    by_sentence: dict[tuple, list[int]] = {}
    for i, s in enumerate(statements):
        if s["kind"] in ("change_amount", "change_percent", "change_count"):
            by_sentence.setdefault(_sentence_key(s), []).append(i)
    for positions in by_sentence.values():
        amounts = [i for i in positions if statements[i]["kind"] == "change_amount"]
        percents = [i for i in positions if statements[i]["kind"] == "change_percent"]
        first = statements[positions[0]]
        target = _target({**first, "kind": "amount"})
        this_year = Selection(ctx, target.cells) if target and not target.count else None
        directions = {statements[i]["direction"] for i in positions if statements[i]["direction"]}
        for i in positions:
            rows[i] = _change_row(statements, i, amounts, percents, this_year, directions)
    return rows


def _change_row(statements: list[dict], i: int, amounts: list[int], percents: list[int],
                this_year: Selection | None, directions: set[str]) -> dict:
    s = statements[i]
    year = str(int(s["compared_year"])) if s.get("compared_year") else "previous year's"
    need_prior = f"the change can only be checked against the {year} disclosure"
    moving = directions - {"flat"}
    if "flat" in directions and (moving or any(statements[j]["value"] for j in amounts + percents)):
        return _row("N03", "fail", s, found=s["value"], reason="a direction word says 持平/保持一致 but the sentence "
                                                               "states a change")
    if len(moving) > 1 and "相抵" not in str(s["sentence"]):  # '增减相抵后增加…': changes listed, then netted
        return _row("N03", "fail", s, found=s["value"],
                    reason="direction words contradict each other (增加/减少 in one sentence)")
    if s["direction"] == "flat" or s["kind"] == "change_count" or not (amounts and percents):
        return _row("N03", "cannot_check", s, found=s["value"], reason=need_prior)
    if this_year is None or this_year.value is None:
        return _row("N03", "cannot_check", s, found=s["value"],
                    reason=this_year.reason if this_year is not None else "this year's total is not in a table")
    change, percent = statements[amounts[0]]["value"], statements[percents[0]]["value"]
    total_now = this_year.value
    prior = total_now - change
    where = _where(this_year)
    evidence = f"{_evidence(s, this_year)}; prior = {fmt(total_now)} − ({fmt(change)}) = {fmt(prior)}"
    if prior <= 0:
        return _row("N03", "fail", s, found=s["value"], reason=f"the change implies a prior-year total of {fmt(prior)}",
                    evidence=evidence, **where)
    if s["kind"] == "change_percent":
        expected = round(change / prior * 100, 4)
        spread = 0.005 * (abs(100 * total_now / prior**2) + abs(100 * change / prior**2))
        printed = re.search(r"\.(\d+)", str(statements[percents[0]]["printed"]))
        rounding = 0.5 * 10 ** -(len(printed.group(1)) if printed else 0)  # '下降10%': a percentage printed whole
        tol = round(max(0.01, min(rounding, 0.5) + spread), 4)
        ok = compare(percent, expected, tol)
        reason = "" if ok else f"{fmt(change)} / {fmt(prior)} = {expected:.2f}%, the text states {s['printed']}"
        if (percent > 0) != (change > 0) and percent and change:
            reason = f"direction contradicts the sign: the amount is {fmt(change)}, the percentage {percent:+.2f}%"
        return _row("N03", "pass" if ok else "fail", s, expected=expected, found=percent, tolerance=tol,
                    reason=reason, evidence=evidence, **where)
    expected = round(total_now - total_now / (1 + percent / 100), 4) if percent != -100 else None
    if expected is None:
        return _row("N03", "cannot_check", s, found=change, reason="a fall of 100% leaves no base to recompute")
    printed = re.search(r"\.(\d+)", str(statements[percents[0]]["printed"]))
    rounding = min(0.5 * 10 ** -(len(printed.group(1)) if printed else 0), 0.5)  # '下降10%' is rounded to a whole %
    tol = round(max(0.01, 0.005 + max(0.005, rounding) * abs(total_now / (100 * (1 + percent / 100) ** 2))), 4)
    ok = compare(change, expected, tol)
    return _row("N03", "pass" if ok else "fail", s, expected=expected, found=change, tolerance=tol,
                reason="" if ok else f"the stated {percent:+.2f}% implies a change of {fmt(expected)}",
                evidence=evidence, **where)


def _internal_sums(statements: list[dict]) -> dict[int, dict]:
    rows: dict[int, dict] = {}
    for total_key, part_keys in INTERNAL_SUMS.items():
        for i, s in enumerate(statements):
            if s["key"] != total_key or s["kind"] not in ("amount", "count") or i in rows:
                continue
            same = [j for j, t in enumerate(statements) if j != i and t["line"] == s["line"]
                    and t["key"] in part_keys and t["kind"] == s["kind"] and j not in rows]
            parts = [j for j in same if j > i]
            if not parts:
                continue
            expected = round(sum(statements[j]["value"] for j in parts), 6)
            tol = 0.0 if s["kind"] == "count" else rounding_tolerance((statements[j]["value"], "万元") for j in parts)
            ok = compare(s["value"], expected, tol)
            printed = " + ".join(statements[j]["printed"] for j in parts)
            rows[i] = _row("N05", "pass" if ok else "fail", s, expected=expected, found=s["value"], tolerance=tol,
                           reason="" if ok else f"{s['printed']} ≠ {printed}", table=None, row=s["key"])
            for j in parts:
                why = _NO_TABLE.get(statements[j]["key"], "no table holds this figure")
                rows[j] = _row("N05", "cannot_check", statements[j], found=statements[j]["value"], row=statements[j]["key"],
                               reason=f"{why}; used in the sum checked at line {s['line']} ({s['printed']})")
    return rows


def _same_name(printed: str | None, wanted: str) -> bool:
    a, b = compact(printed or ""), compact(wanted)
    return a == b or one_char_apart(a, b) is not None


def _function_item(ctx: Context, statement: dict) -> dict:
    """'…(类)…(款)…(项)' x 万元 against that 项 of the general-budget (else the department) expenditure table.

    The stated figure must be the table's amount rounded half up to the cent of 万元;
    a figure that is off by less than a cent was truncated (a warning, with both), more
    is a failure. An item found only with one character changed (其它/其他) says so.
    """
    _, section_name, item_name = ([*(statement["subject"] or "").split("|"), "", ""])[:3]
    for table in ("general_budget_expenditure", "expenditure"):
        records = ctx.tables.get(table) or []
        items = [r for r in records if r.get("row_kind") == "item" and _same_name(r.get("name"), item_name)]
        if len({r["code"] for r in items}) > 1:
            sections = {r["code"] for r in records if r.get("level") == "section" and _same_name(r.get("name"),
                                                                                                  section_name)}
            items = [r for r in items if str(r.get("code") or "")[:5] in sections] or items
        if not items:
            continue
        codes = {r["code"] for r in items}
        if len(codes) > 1:
            return _row("N01", "cannot_check", statement, found=statement["value"], table=table, row=item_name,
                        reason=f"{item_name} names several 项 ({', '.join(sorted(codes))}) and its 款 does not "
                               "tell them apart")
        value = sum(float(r.get("total") or 0) for r in items)  # one 项 over several units
        code = codes.pop()
        stated, rounded = statement["value"], round_half_up(value)
        renamed = "" if all(compact(r.get("name") or "") == compact(item_name) for r in items) else \
            f"; the table names it {items[0].get('name')}"
        where = {"table": table, "row": f"{code} {items[0].get('name')}"}
        evidence = f"line {statement['line']}: {statement['sentence']} | {table} {code} = {fmt(value)} 万元"
        if stated == rounded:
            return _row("N01", "pass", statement, expected=rounded, found=stated, tolerance=0.0, evidence=evidence,
                        reason=renamed.lstrip("; "), **where)
        if abs(stated - value) < 0.01:
            return _row("N01", "warn", statement, expected=rounded, found=stated, tolerance=0.0, evidence=evidence,
                        reason=f"the text truncates {value:.4f} 万元 to {statement['printed']} (rounded: {rounded:.2f})"
                               + renamed, **where)
        return _row("N01", "fail", statement, expected=rounded, found=stated, tolerance=0.0, evidence=evidence,
                    reason=f"the text states {statement['printed']} for {item_name}, the table {fmt(value)} 万元"
                           + renamed, **where)
    return _row("N01", "cannot_check", statement, found=statement["value"], row=item_name,
                reason=f"no 项 named {item_name} in the expenditure tables")


def _unmatched(statement: dict) -> dict:
    if statement["kind"] == "threshold":
        return _row("N00", "not_applicable", statement, found=statement["value"],
                    reason=f"{statement['printed']} is a threshold of a definition (以上/以下), not a budget figure")
    if statement["key"] is None:
        return _row("N00", "cannot_check", statement, found=statement["value"],
                    reason=f"the audit cannot tell what {statement['printed']} refers to ({statement['subject']!r})")
    why = _NO_TABLE.get(statement["key"], f"no table holds {statement['key']}")
    return _row("N00", "cannot_check", statement, found=statement["value"], reason=why, row=statement["key"])


def check_narrative(disclosure: Disclosure, ctx: Context | None = None) -> list[dict]:
    """One audit row per narrative statement (N01 amount … N05 internal sum, N00 unmatched)."""
    frame: pd.DataFrame = disclosure.narrative
    if frame.empty:
        return []
    ctx = ctx or Context(disclosure)
    statements = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                  for r in frame.to_dict("records")]
    special = {**_changes(ctx, statements), **_internal_sums(statements)}
    rows: list[dict] = []
    for i, s in enumerate(statements):
        if i in special:
            rows.append(special[i])
            continue
        target = _target(s)
        if s["key"] == "function_item" and s["kind"] == "amount":
            rows.append(_function_item(ctx, s))
        elif target is None or s["kind"] == "threshold":
            rows.append(_unmatched(s))
        elif target.count and s["kind"] == "count":
            rows.append(_count(ctx, s, target))
        elif s["kind"] == "amount" and not target.count:
            rows.append(_amount(ctx, s, target))
        elif s["kind"] == "share":
            rows.append(_share(ctx, s, target))
        else:
            rows.append(_unmatched(s))
    return rows
