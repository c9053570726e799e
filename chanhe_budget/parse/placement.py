"""Placing the amounts of a row read from text without cell boundaries, by the template's identities.

Text extracted from a PDF without its rulings (pdfplumber ``extract_text()``, text copied
from a viewer, ``pdftotext -layout`` whose columns drift from page to page) prints the
non-blank cells of a row and nothing for the blank ones. A row of a 合计 / 基本支出 /
项目支出 table that prints two numbers may be 合计 and 基本支出 or 合计 and 项目支出: the
text alone cannot say, and reading left to right is a confident guess that is wrong
about half the time.

What can say is the table's own arithmetic, taken from the template's identities
(:mod:`chanhe_budget.templates.identities`): each row's total equals the sum of its parts
(:class:`RowSum`), and each parent row equals the sum of its children (:class:`RollUp`:
项 → 款 → 类 → 合计). Every order-preserving placement of the printed numbers into the
columns is a candidate; the row identities keep those that add up, and the roll-up keeps
the combinations of sibling rows that add up to their parent. A cell on which all the
remaining candidates agree is read; a cell on which they disagree is NaN, with a warning
naming the row — never a guess that looks certain.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from ..diagnostics import WarningLog
from ..templates.identities import IDENTITIES, Cells, Equal, RowSum
from ..templates.registry import TEMPLATES
from ..templates.spec import Column
from .units import sum_agrees

__all__ = ["TOTAL_ROW", "Placement", "cells_sum", "confirm_by_other_tables", "confirmed_bottom", "place_rows",
           "row_identities", "total_row_identities"]

_MAX_COMBINATIONS = 20000  # sibling groups with more joint readings than this are left undecided


@dataclass
class Placement:
    """The amounts of one row in the template's column order (NaN: undecided), and why."""

    values: list[float]
    undecided: list[int]  # column indexes the identities could not decide
    extra: list[float]  # numbers beyond the template's columns


def row_identities(columns: Sequence[Column], side: str | None = None,
                   template: str | None = None) -> list[tuple[int, tuple[int, ...]]]:
    """See :func:`_row_identities` (cached: the same columns come back for every row)."""
    return _row_identities(tuple(c.name for c in columns), side, template)


@functools.lru_cache(maxsize=256)
def _row_identities(names: tuple[str, ...], side: str | None,
                    template: str | None) -> list[tuple[int, tuple[int, ...]]]:
    """(total, parts) column indexes of the template's per-row identities that apply to these columns.

    An identity applies when its total and every one of its parts are columns of the table
    (a part the table does not print would silently count as 0), and to the ``template`` the
    table is read with: another template's identity over the same column names may not hold
    (合计 = 基本支出 + 项目支出 everywhere but in Jiangsu, where 单位预留机动经费 is a third part);
    without a template, every template's. Identities that hold only under a condition
    (``when``) are left out, since a placement must not depend on them.
    """
    index = {name: i for i, name in enumerate(names)}
    out: list[tuple[int, tuple[int, ...]]] = []
    for identity in IDENTITIES:
        if not isinstance(identity, RowSum) or identity.when or identity.compare != "eq":
            continue
        if template is not None and not identity.applies_to(template, _kind(template)):
            continue
        if identity.where and dict(identity.where).get("side") != side:
            continue
        if identity.total in index and all(p in index for p in identity.parts):
            rule = (index[identity.total], tuple(index[p] for p in identity.parts))
            if rule not in out:
                out.append(rule)
    return out


def _kind(template: str) -> str | None:
    """budget or final_accounts: the kind of document a template reads (None for a name no template has)."""
    return next((t.kind for t in TEMPLATES if t.name == template), None)


def _close(a: float, b: float, addends: int) -> bool:
    if math.isnan(a) or math.isnan(b):
        return True  # an unreadable cell neither confirms nor refutes
    return sum_agrees(a, b, addends)


def _candidates(numbers: list[float], width: int, rules: list[tuple[int, tuple[int, ...]]]) -> list[tuple[float, ...]]:
    """Distinct value vectors of every placement of ``numbers`` that satisfies the row rules."""
    if len(numbers) >= width:
        return [tuple(numbers[:width])]
    every: dict[tuple[float, ...], None] = {}  # distinct, in the order met
    kept: list[tuple[float, ...]] = []
    for positions in itertools.combinations(range(width), len(numbers)):
        vector = [0.0] * width
        for p, v in zip(positions, numbers, strict=True):
            vector[p] = v
        values = tuple(vector)
        if values in every:
            continue
        every[values] = None
        if all(_close(values[t], sum(values[p] for p in parts), len(parts)) for t, parts in rules):
            kept.append(values)
    return kept or list(every)


def _family(codes: list[str | None], kinds: list[str]) -> dict[int, list[int]]:
    """Parent row → child rows: 项 → 款 → 类 by code prefix, 类 → the 合计 row (when there are no 单位 rows)."""
    children: dict[int, list[int]] = {}
    total = next((i for i, k in enumerate(kinds) if k == "total"), None)
    has_units = "unit" in kinds
    for i, code in enumerate(codes):
        if not code:
            continue
        if len(code) > 3:
            parent = next((j for j in range(i - 1, -1, -1) if codes[j] == code[:-2]), None)
        else:
            parent = None if has_units else total
        if parent is not None:
            children.setdefault(parent, []).append(i)
    return children


def _solve_family(options: list[list[tuple[float, ...]]], width: int) -> list[set[int]] | None:
    """Which options of each row (parent first, then its children) take part in a reading that adds up.

    A depth-first search over the children with per-column partial sums; when every amount
    is non-negative a branch is cut as soon as a column overshoots the parent or can no
    longer reach it. None when the search would take too long (the family stays undecided).
    """
    kids = options[1:]
    nonnegative = all(v >= 0 for row in options for cand in row for v in cand if not math.isnan(v))
    # the most any remaining children can still add, per column
    reach = [[0.0] * width for _ in range(len(kids) + 1)]
    for k in range(len(kids) - 1, -1, -1):
        reach[k] = [reach[k + 1][c] + max((cand[c] for cand in kids[k] if not math.isnan(cand[c])), default=0.0)
                    for c in range(width)]
    used: list[set[int]] = [set() for _ in options]
    budget = [_MAX_COMBINATIONS * 10]
    tol = max(0.011, 0.0051 * len(kids))

    def walk(parent: tuple[float, ...], k: int, partial: list[float], chosen: list[int]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if k == len(kids):
            if all(_close(parent[c], partial[c], len(kids)) for c in range(width)):
                for row, option in enumerate(chosen, start=1):
                    used[row].add(option)
                return True
            return False
        found = False
        bound = reach[k + 1]
        for o, cand in enumerate(kids[k]):
            nxt = [p + (0.0 if v != v else v) for p, v in zip(partial, cand, strict=True)]
            if nonnegative and not all(t != t or (s <= t + tol and s + r >= t - tol)
                                       for s, t, r in zip(nxt, parent, bound, strict=True)):
                continue
            found = walk(parent, k + 1, nxt, [*chosen, o]) or found
            if budget[0] < 0:
                return found
        return found

    for p, parent in enumerate(options[0]):
        if walk(parent, 0, [0.0] * width, []):
            used[0].add(p)
        if budget[0] < 0:
            return None
    return used


def _roll_up(candidates: list[list[tuple[float, ...]]], children: dict[int, list[int]], width: int) -> None:
    """Keep, for each family (a parent and its children), the readings whose columns add up."""
    for _ in range(8):
        changed = False
        for parent, kids in children.items():
            rows = [parent, *kids]
            if all(len(candidates[r]) == 1 for r in rows):
                continue
            used = _solve_family([candidates[r] for r in rows], width)
            if used is None or not used[0]:
                continue  # too many readings, or the document does not add up here: nothing decided
            for r, keep in zip(rows, used, strict=True):
                if len(keep) < len(candidates[r]):
                    candidates[r] = [cand for o, cand in enumerate(candidates[r]) if o in keep]
                    changed = True
        if not changed:
            return


def place_rows(numbers: list[list[float]], columns: Sequence[Column], codes: list[str | None] | None = None,
               kinds: list[str] | None = None, side: str | None = None,
               pinned: dict[int, dict[int, float]] | None = None,
               alternatives: dict[int, list[list[float]]] | None = None,
               template: str | None = None) -> list[Placement]:
    """Place each row's printed numbers (in reading order) into the table's columns.

    ``codes`` and ``kinds`` (the rows' classification codes and row kinds, when the table
    has them) let the roll-up decide between readings; without them only the per-row
    identities decide. ``pinned`` holds cells known from another table (row → column →
    value, in the printed unit), such as the 合计 row of 收入预算表 that 收支总表 prints too:
    readings that disagree with them are dropped (unless none agrees).
    ``alternatives`` holds, for a row whose numbers the text
    printed on two lines, every order of them that adds up (row → orders): each is placed.
    ``template`` names the template whose identities apply (default: every template's).
    """
    width = len(columns)
    rules = row_identities(columns, side, template)
    # a row with a number that could not be read (or whose row the text could not tell) cannot be placed:
    # where its other numbers go depends on where that one was, so every cell is unknown
    candidates = [[(math.nan,) * width] if len(row) < width and any(math.isnan(v) for v in row)
                  else _candidates(row, width, rules) for row in numbers]
    for row, readings in (alternatives or {}).items():  # the same numbers in other orders that add up too
        candidates[row] = list(dict.fromkeys(c for reading in readings for c in _candidates(reading, width, rules)))
    for row, cells in (pinned or {}).items():
        agree = [cand for cand in candidates[row] if all(_close(cand[c], v, 1) for c, v in cells.items())]
        if agree:
            candidates[row] = agree
    if codes is not None and kinds is not None:
        _roll_up(candidates, _family(codes, kinds), width)
    out: list[Placement] = []
    for row, cands in zip(numbers, candidates, strict=True):
        values: list[float] = []
        undecided: list[int] = []
        for c in range(width):
            seen = {v[c] for v in cands}
            if len(seen) == 1:
                values.append(seen.pop())
            else:
                values.append(math.nan)
                undecided.append(c)
        out.append(Placement(values, undecided, row[width:]))
    return out


def cells_sum(cells: tuple[Cells, ...], frames: dict[str, pd.DataFrame]) -> float | None:
    """The sum of cells of tables already parsed, or None when any is missing, unread or ambiguous."""
    total = 0.0
    for part in cells:
        frame = frames.get(part.table)
        if frame is None or frame.empty or any(c not in frame for c in (*part.columns, *(w for w, _ in part.where))):
            return None
        if any(isinstance(wanted, str) and wanted.startswith("~") for _, wanted in part.where):
            return None
        keys = [(frame[column].tolist(), wanted) for column, wanted in part.where]
        values = [frame[column].tolist() for column in part.columns]
        found = False
        for i in range(len(frame)):
            if all(cells[i] in wanted if isinstance(wanted, tuple) else cells[i] == wanted for cells, wanted in keys):
                found = True
                for column in values:
                    if column[i] != column[i]:
                        return None  # NaN: not read
                    total += float(column[i])
        if not found:
            return None
    return total


#: The ``where`` of a table's 合计 row in the template's identities.
TOTAL_ROW = (("row_kind", "total"),)


def total_row_identities(table: str, template: str | None) -> Iterator[tuple[tuple[Cells, ...], tuple[Cells, ...]]]:
    """(mine, other) of each unconditional cross-table identity (an Equal, compared ``eq``) of ``template``
    (None: of every template) one side of which is cells of ``table``'s 合计 row: ``mine`` that side,
    ``other`` the cells it must equal."""
    for identity in IDENTITIES:
        if not isinstance(identity, Equal) or identity.compare != "eq" or identity.when:
            continue
        if template is not None and not identity.applies_to(template, _kind(template)):
            continue
        for mine, other in (((identity.left,), identity.right), (identity.right, (identity.left,))):
            if all(c.table == table and c.where == TOTAL_ROW for c in mine):
                yield mine, other


def confirm_by_other_tables(table: str, totals: dict[str, float], frames: dict[str, pd.DataFrame],
                            template: str | None = None) -> list[bool]:
    """Whether each template identity between this table's 合计 row (``totals``: column → value) and tables
    already read can be checked and holds: one verdict per identity that could be checked."""
    verdicts: list[bool] = []
    for mine, other in total_row_identities(table, template):
        if not all(set(c.columns) <= set(totals) for c in mine):
            continue
        value = cells_sum(other, frames)
        if value is not None:
            own = sum(totals[column] for c in mine for column in c.columns)
            verdicts.append(_close(own, value, sum(len(c.columns) for c in mine)))
    return verdicts


def confirmed_bottom(table: str, label: str, sums: dict[str, float], frames: dict[str, pd.DataFrame],
                     log: WarningLog, line: int | None, template: str | None = None) -> dict[str, float]:
    """The bottom line of a two-halves table (人员经费合计, 公用经费合计) read from text, kept only when
    another table agrees (a template identity such as 一般公共预算财政拨款支出决算表 基本支出 = 人员经费合计 +
    公用经费合计); else NaN with a warning: text cannot show which amount stands under which label as
    surely as a ruled cell does."""
    verdicts = confirm_by_other_tables(table, {**sums, "total": sums["personnel"] + sums["public"]}, frames, template)
    if verdicts and all(verdicts):
        return sums
    why = "another table disagrees" if verdicts else "no other table read from this text confirms them"
    log.add("unconfirmed_total", f"{label}: 人员经费合计 / 公用经费合计 read from text without layout, "
            f"but {why}; left empty (NaN)", line, "", table)
    return {name: math.nan for name in sums}
