"""Soft consistency: things that are probably wrong but may have an explanation (status ``warn``).

Each warning says why it is only a warning. The soft identities that compare
table cells (三公 against economic codes, 机构运转经费 against 公用经费) are data
in :mod:`chanhe_budget.templates.identities` (ids S02, S04); this module holds the ones
that need the narrative or the printed names:

- S01 capital spending (309/310 资本性支出, e.g. 31007 信息网络及软件购置更新) while the
  stated 政府采购 budget is 0 — such purchases normally go through procurement.
- S03 stale classification names (医疗卫生与计划生育支出, renamed 卫生健康支出 in 2019).
- S05 the 政府采购 budget larger than the whole expenditure (X13).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..templates.spec import TABLE_LABELS, compact
from ..templates.vocabulary import STALE_NAMES, STALE_SINCE
from .rows import described, fmt

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["CAPITAL_CLASSES", "check_soft"]

#: 部门经济分类 classes of capital spending (purchases that normally need 政府采购).
CAPITAL_CLASSES: tuple[str, ...] = ("309", "310")


def _row(check_id: str, status: str, **fields) -> dict:
    return described(check_id, "soft", status, **fields)


def _procurement(d: Disclosure) -> tuple[float | None, int | None]:
    frame = d.narrative
    if frame.empty:
        return None, None
    rows = frame[(frame["key"] == "procurement_total") & (frame["kind"] == "amount")]
    return (None, None) if rows.empty else (float(rows["value"].iloc[0]), int(rows["line"].iloc[0]))


def _capital_rows(d: Disclosure) -> list[tuple[str, float, str, int]]:
    """(table, amount, label, line) of capital spending, from the most complete table that has codes."""
    for name in ("economic_summary", "general_budget_basic"):
        frame = d.tables.get(name)
        if frame is None or frame.empty or "code" not in frame:
            continue
        rows = frame[frame["code_class"].isin(CAPITAL_CLASSES) & (frame["code"].str.len() == 5)
                     & (frame["total"].fillna(0) > 0)]
        return [(name, float(r.total), f"{r.code} {r.name}", int(r.line)) for r in rows.itertuples()]
    return []


def _capital_vs_procurement(d: Disclosure) -> Iterator[dict]:
    procurement, line = _procurement(d)
    capital = _capital_rows(d)
    spent = sum(amount for _, amount, _, _ in capital)
    listed = "; ".join(f"{label} {fmt(amount)} 万元 ({table} line {no})" for table, amount, label, no in capital)
    if procurement is None:
        yield _row("S01", "cannot_check", found=spent, reason="the text states no 政府采购 budget", evidence=listed)
        return
    if spent > 0 and procurement == 0:
        first = capital[0]
        yield _row("S01", "warn", expected=f"政府采购 > 0 for {fmt(spent)} 万元 of capital spending", found=procurement,
                   table=first[0], row=first[2], line=first[3],
                   reason=f"{listed} against a 政府采购 budget of {fmt(procurement)} 万元 (line {line}); equipment and "
                          "software purchases normally go through 政府采购 — unless below the procurement threshold",
                   evidence=listed)
        return
    yield _row("S01", "pass", found=procurement, line=line,
               evidence=f"capital spending {fmt(spent)} 万元; 政府采购 {fmt(procurement)} 万元")


def _stale_names(d: Disclosure) -> Iterator[dict]:
    if d.year is not None and d.year < STALE_SINCE:
        yield _row("S03", "not_applicable", reason=f"the classification was renamed in {STALE_SINCE}; "
                                                  f"a {d.year} document uses the names of its year")
        return
    found = False
    for name, frame in d.tables.items():
        for column in ("item", "name"):
            if column not in frame:
                continue
            cells = [(str(v), line) for v, line in zip(frame[column].tolist(), frame["line"].tolist(), strict=True)
                     if isinstance(v, str)]
            for old, new in STALE_NAMES.items():
                beside = any(new in compact(v) for v, _ in cells)
                for value, line in cells:
                    if old not in compact(value):
                        continue
                    found = True
                    yield _row("S03", "warn", expected=new, found=old, table=name, row=value, line=int(line),
                               reason=f"{old} was renamed {new} in the 2019 classification"
                                      + (f"; {TABLE_LABELS.get(name, name)} also prints {new}" if beside else ""),
                               evidence=f"{name} line {int(line)}: {value}")
    for line in d.lines:
        if line.is_row:
            continue
        for old, new in STALE_NAMES.items():
            if old in compact(line.text):
                found = True
                yield _row("S03", "warn", expected=new, found=old, line=line.no, row=old,
                           reason=f"{old} was renamed {new} in the 2019 classification", evidence=line.text[:120])
    if not found:
        yield _row("S03", "pass", evidence="no renamed classification names")


def _procurement_vs_total(d: Disclosure) -> Iterator[dict]:
    procurement, line = _procurement(d)
    total = d.figures.get("expenditure_this_year")
    if procurement is None or total is None:
        yield _row("S05", "cannot_check", found=procurement, line=line,
                   reason="政府采购 or the expenditure total is not stated")
        return
    ok = procurement <= total + 0.01
    yield _row("S05", "pass" if ok else "warn", expected=total, found=procurement, line=line,
               reason="" if ok else f"政府采购 {fmt(procurement)} exceeds the expenditure total {fmt(total)}",
               evidence=f"政府采购 {fmt(procurement)} 万元; 本年支出合计 {fmt(total)} 万元")


def check_soft(disclosure: Disclosure) -> list[dict]:
    """Soft-consistency rows (S01 capital vs procurement, S03 stale names, S05 procurement vs total)."""
    rows: list[dict] = []
    for finder in (_capital_vs_procurement, _stale_names, _procurement_vs_total):
        rows.extend(finder(disclosure))
    return rows
