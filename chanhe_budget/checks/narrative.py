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

import bisect
import itertools
import math
import re
from typing import TYPE_CHECKING

import pandas as pd

from ..key_figures import round_half_up
from ..parse.name_slips import one_char_apart
from ..templates.narrative_targets import ACTUAL_CELLS, PLANNED_CELLS, TARGETS, Target, target_for
from ..templates.spec import compact
from ..templates.vocabulary import FUNCTIONAL_CLASSES
from .context import Context, Selection
from .rows import compare, described, fmt, rounding_tolerance

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["TARGETS", "Target", "check_narrative"]


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


def _row(check_id: str, status: str, statement: dict, **fields) -> dict:
    fields.setdefault("evidence", f"line {statement['line']}: {statement['sentence']}")
    return described(check_id, "narrative", status, line=statement["line"], **fields)


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


def _blank_table(ctx: Context, table: str) -> bool:
    """A 决算 table printed with its header and no data row, and no note saying why (an emptied table)."""
    records = ctx.tables.get(table)
    return (ctx.disclosure.template.kind == "final_accounts" and records is not None and not records
            and not ctx.meta.get(table, {}).get("declared_empty"))


def _against_blank(ctx: Context, check_id: str, statement: dict, selection: Selection) -> dict:
    """A stated amount against a table printed without its data row: nothing printed reads as 0."""
    ok = abs(statement["value"]) < 0.005
    label = ctx.label(selection.cells.table)
    return _row(check_id, "pass" if ok else "fail", statement, expected=0.0, found=statement["value"], tolerance=0.0,
                reason="" if ok else f"the text states {statement['printed']}; {label} prints no value "
                                     "(its data row is blank and no note says why)",
                **_where(selection))


def _amount(ctx: Context, statement: dict, target: Target) -> dict:
    selection = ctx.select(target.cells)
    where = _where(selection)
    evidence = _evidence(statement, selection)
    if selection.value is None and _blank_table(ctx, target.cells.table):
        return _against_blank(ctx, "N01", statement, selection)
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
    selection = ctx.select(target.cells)
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
    part, whole = ctx.select(target.cells), ctx.select(target.whole)
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
        target = target_for(first["key"], first["section"], ctx.disclosure.template.kind)
        this_year = ctx.select(target.cells) if target and not target.count else None
        directions = {statements[i]["direction"] for i in positions if statements[i]["direction"]}
        for i in positions:
            rows[i] = _change_row(statements, i, amounts, percents, this_year, directions)
            if statements[i]["direction"] == "flat" and rows[i]["status"] == "cannot_check":
                rows[i] = _flat_with_moving_reason(ctx, statements[i]) or rows[i]
    return rows


_MOVING_RE = re.compile(r"减少|增加|下降|增长|上升|降低")


def _flat_with_moving_reason(ctx: Context, statement: dict) -> dict | None:
    """'…总计持平。主要原因：…减少支付。': 持平, explained by a change — the two cannot both be true (warn)."""
    every = ctx.disclosure.lines
    start = bisect.bisect_left(every, statement["line"], key=lambda line: line.no)  # not a rescan per statement
    lines = list(itertools.islice((every[i] for i in range(start, len(every)) if not every[i].is_row), 4))
    text = compact("".join(line.text for line in lines))
    at = text.find(compact(statement["sentence"]))
    if at < 0:
        return None
    after = text[at + len(compact(statement["sentence"])):]
    reason = re.match(r"(?:主要)?原因(?:是|为)?[:：]?([^。]*)", after)
    moving = _MOVING_RE.search(reason.group(1)) if reason else None
    if moving is None:
        return None
    return _row("N03", "warn", statement, found=statement["value"],
                reason=f"the text says 持平 but explains it with a change ('{moving.group(0)}' in: "
                       f"{reason.group(0)[:60]})",
                evidence=f"line {statement['line']}: {statement['sentence']} {reason.group(0)[:80]}")


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
    by_line: dict[object, list[int]] = {}  # statements of one line, found once instead of rescanned per total
    for j, t in enumerate(statements):
        by_line.setdefault(t["line"], []).append(j)
    for total_key, part_keys in INTERNAL_SUMS.items():
        for i, s in enumerate(statements):
            if s["key"] != total_key or s["kind"] not in ("amount", "count") or i in rows:
                continue
            same = [j for j in by_line[s["line"]] if j != i and statements[j]["key"] in part_keys
                    and statements[j]["kind"] == s["kind"] and j not in rows]
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


def _class_row(ctx: Context, name: str) -> tuple[str | None, dict | None]:
    """The 类 row of 一般公共预算财政拨款支出决算表 (else the expenditure table) a class name names."""
    wanted = compact(name)
    codes = {code for code, names in FUNCTIONAL_CLASSES.items() if any(compact(n) == wanted for n in names)}
    for table in ("general_budget_expenditure", "expenditure"):
        for record in ctx.tables.get(table) or []:
            if record.get("level") != "class":
                continue
            if record.get("code") in codes or _same_name(record.get("name"), name):
                return table, record
    return None, None


def _function_class(ctx: Context, statement: dict) -> dict:
    """'一般公共服务支出（类）2106.66万元，占71.73%' against that 类 of the general-budget table (决算 结构情况)."""
    name = statement["subject"] or ""
    table, record = _class_row(ctx, name)
    check_id = "N02" if statement["kind"] == "share" else "N01"
    if record is None:
        return _row(check_id, "cannot_check", statement, found=statement["value"], row=name,
                    reason=f"no 类 named {name} in the expenditure tables")
    amount = float(record.get("total") or 0)
    where = {"table": table, "row": f"{record.get('code')} {record.get('name')}"}
    if statement["kind"] != "share":
        tol = rounding_tolerance([(amount, "万元")])
        ok = compare(statement["value"], amount, tol)
        return _row("N01", "pass" if ok else "fail", statement, expected=amount, found=statement["value"], tolerance=tol,
                    reason="" if ok else f"the text states {statement['printed']} for {name}, the table {fmt(amount)} 万元",
                    evidence=f"line {statement['line']}: {statement['sentence']} | {table} {where['row']} {fmt(amount)}",
                    **where)
    whole = next((float(r.get("total") or 0) for r in ctx.tables.get(table) or [] if r.get("row_kind") == "total"), None)
    if not whole:
        return _row("N02", "cannot_check", statement, found=statement["value"], reason=f"{table} prints no 合计", **where)
    expected = round(amount / whole * 100, 4)
    tol = _share_tolerance(amount, whole)
    ok = compare(statement["value"], expected, tol)
    return _row("N02", "pass" if ok else "fail", statement, expected=expected, found=statement["value"], tolerance=tol,
                reason="" if ok else f"the text states {statement['printed']} for {name}; "
                                     f"{fmt(amount)} / {fmt(whole)} = {expected:.2f}%",
                evidence=f"line {statement['line']}: {statement['sentence']} | {table} {where['row']} {fmt(amount)} "
                         f"of 合计 {fmt(whole)}", **where)


# ------------------------------------------------------------------ 决算: budget against actual

def _planned(ctx: Context, statement: dict) -> dict:
    """N08: a stated 年初预算 against the table's 预算数, where a table prints one (the “三公” table)."""
    cells = PLANNED_CELLS.get(statement["key"])
    if cells is None:
        return _row("N08", "cannot_check", statement, found=statement["value"], row=statement["subject"] or None,
                    reason="no table of a 决算 prints the 年初预算 of this item: only the text states it")
    selection = ctx.select(cells)
    if selection.value is None and _blank_table(ctx, cells.table):
        return _against_blank(ctx, "N08", statement, selection)
    if selection.value is None:
        return _row("N08", selection.status, statement, found=statement["value"], reason=selection.reason,
                    **_where(selection))
    tol = rounding_tolerance([(selection.value, "万元")])
    ok = compare(statement["value"], selection.value, tol)
    return _row("N08", "pass" if ok else "fail", statement, expected=selection.value, found=statement["value"],
                tolerance=tol, evidence=_evidence(statement, selection), **_where(selection),
                reason="" if ok else f"the text states 预算 {statement['printed']}, the table 预算数 {fmt(selection.value)}")


def _execution_of(d: Disclosure, statement: dict) -> dict | None:
    """The execution record (Disclosure.executions) a planned / rate / comparison statement belongs to."""
    frame = d.executions
    if frame.empty:
        return None
    item = statement["subject"] if statement["key"] in ("function_item", "function_class") else statement["key"]
    rows = frame[(frame["key"] == statement["key"]) & (frame["subject"] == item) & (frame["line"] <= statement["line"])]
    return None if rows.empty else rows.iloc[-1].to_dict()


def _stated_or_table(ctx: Context, statement: dict, value: float | None, cells_by_key: dict, table_word: str,
                     text_word: str, where: list[str]) -> float | None:
    """The text's figure when it states one, else the table cell ``cells_by_key`` names; ``where`` says which."""
    if value is not None and not math.isnan(value):
        where.append(f"{text_word} {fmt(value)} as stated")
        return value
    cells = cells_by_key.get(statement["key"])
    if cells is None or not ctx.tables.get(cells.table):
        return None
    value = ctx.select(cells).value
    where.append(f"{table_word} {fmt(value)} from {cells.table}")
    return value


def _pair(ctx: Context, statement: dict) -> tuple[float | None, float | None, str]:
    """(planned, actual, where from) for a statement: the text's figures, else the table's 预算数 / 决算数."""
    record = _execution_of(ctx.disclosure, statement) or {}
    where: list[str] = []
    planned = _stated_or_table(ctx, statement, record.get("planned"), PLANNED_CELLS, "预算数", "年初预算", where)
    actual = _stated_or_table(ctx, statement, record.get("actual"), ACTUAL_CELLS, "决算数", "决算", where)
    return planned, actual, "; ".join(where)


def _decimals(printed: str) -> int:
    number = re.sub(r"[^\d.]", "", printed)
    return len(number.split(".", 1)[1]) if "." in number else 0


def _execution_rate(ctx: Context, statement: dict) -> dict:
    """N06: 完成预算的 X% against 决算 / 预算 × 100 (the text's amounts, else the table's)."""
    planned, actual, source = _pair(ctx, statement)
    row = statement["subject"] if statement["key"] in ("function_item", "function_class") else statement["key"]
    if planned is None or actual is None:
        return _row("N06", "cannot_check", statement, found=statement["value"], row=row,
                    reason="neither the text nor a table gives both the 预算数 and the 决算数")
    if planned == 0:
        return _row("N06", "warn" if actual == 0 else "fail", statement, found=statement["value"], row=row,
                    reason=f"完成预算的{statement['printed']} of a budget of 0 ({source}): the rate is undefined",
                    evidence=f"line {statement['line']}: {statement['sentence']}")
    expected = round(actual / planned * 100, 4)
    tol = round(0.5 * 10 ** -_decimals(statement["printed"]) + 100 * 0.005 * (1 / planned + abs(actual) / planned**2), 4)
    ok = compare(statement["value"], expected, tol)
    return _row("N06", "pass" if ok else "fail", statement, expected=expected, found=statement["value"], tolerance=tol,
                row=row, reason="" if ok else f"the text states {statement['printed']}; {fmt(actual)} / {fmt(planned)} = "
                                              f"{expected:.2f}%",
                evidence=f"line {statement['line']}: {statement['sentence']} | {source}")


_WORDS = {"greater": "大于", "less": "小于", "equal": "等于"}


def _comparison(ctx: Context, statement: dict) -> dict:
    """N07: 决算数大于/小于/等于(基本持平)预算数 against the two amounts of the same item."""
    planned, actual, source = _pair(ctx, statement)
    row = statement["subject"] if statement["key"] in ("function_item", "function_class") else statement["key"]
    if planned is None or actual is None:
        return _row("N07", "cannot_check", statement, row=row, found=statement["printed"],
                    reason="the item's 预算数 and 决算数 are not both known")
    difference = round(actual - planned, 6)
    roughly = "基本" in (statement["printed"] or "")
    tolerance = max(0.01, 0.01 * abs(planned)) if roughly else 0.01
    truth = "equal" if abs(difference) <= tolerance + 1e-9 else ("greater" if difference > 0 else "less")
    ok = truth == statement["direction"]
    reason = ""
    if not ok:
        reason = (f"the text says {statement['printed']}, but 决算 {fmt(actual)} is {_WORDS[truth]} 预算 {fmt(planned)} "
                  f"(difference {difference:+.2f})")
        if statement["direction"] == "equal" and re.search(r"原因", statement["sentence"] or ""):
            reason += "; it also gives a reason for a difference it says does not exist"
    return _row("N07", "pass" if ok else "fail", statement, expected=_WORDS[truth], found=_WORDS[statement["direction"]],
                tolerance=tolerance, row=row, reason=reason,
                evidence=f"line {statement['line']}: {statement['sentence']} | {source}")


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
    kind = disclosure.template.kind
    rows: list[dict] = []
    for i, s in enumerate(statements):
        if i in special:
            rows.append(special[i])
            continue
        target = target_for(s["key"], s["section"], kind)
        if s["kind"] == "planned":
            rows.append(_planned(ctx, s))
        elif s["kind"] == "execution_rate":
            rows.append(_execution_rate(ctx, s))
        elif s["kind"] == "comparison":
            rows.append(_comparison(ctx, s))
        elif s["key"] == "function_class" and s["kind"] in ("amount", "share"):
            rows.append(_function_class(ctx, s))
        elif s["key"] == "function_item" and s["kind"] == "amount":
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
