"""Cells of a row read from text without layout that another place of the same document decides.

A row read from text prints its non-blank cells and nothing for the blank ones; the
template's identities place its numbers (:mod:`chanhe_budget.parse.placement`), and some
rows still fit several columns. The “三公” table of a 决算 prints one row of 预算数 / 决算数
pairs: two equal numbers are the 预算数 of 合计 and of one item, or their 决算数, and the
table's own arithmetic holds either way. Two other places of the document can choose:

* another table that prints the same money (the template's cross-table identities, such as
  收支总表 事业收入 = 收入预算表 合计 事业收入): :func:`table_pins`;
* the narrative, which states the 合计 row's figures in words (“三公”经费…年初预算为 X 万元，
  支出决算为 Y 万元): :func:`stated_pins`.

Either only *chooses* among the readings of the numbers the table prints: a reading that
disagrees is dropped, and when no reading agrees nothing is — a number the table does not
print is never taken from elsewhere. What the narrative decided is recorded as a warning
(``decided_by_narrative``) naming the sentence, so the reader can see where a cell came from.
"""

from __future__ import annotations

import math

import pandas as pd

from ..diagnostics import WarningLog
from ..read.source import Line
from ..templates.narrative_targets import PLANNED_CELLS, target_for
from ..templates.registry import templates
from ..templates.spec import Column
from .placement import TOTAL_ROW, cells_sum, place_rows, total_row_identities
from .raw_table import RawTable
from .units import from_wan, sum_agrees

__all__ = ["Said", "narrative_amounts", "stated_pins", "table_pins"]

#: What the narrative states of amounts: (key, kind, value in 万元, line, sentence, section) per statement.
Said = tuple[tuple[str, str, float, int, str, str], ...]


def table_pins(raw: RawTable, columns: tuple[Column, ...], frames: dict[str, pd.DataFrame]) -> dict[int, float]:
    """Cells of this table's 合计 row that another table prints too (the template's cross-table identities,
    e.g. 收支总表 事业收入 = 收入预算表 合计 事业收入), in the printed unit: column index → value."""
    index = {c.name: i for i, c in enumerate(columns)}
    pins: dict[int, float] = {}
    for mine, other in total_row_identities(raw.spec.name, raw.template):
        if len(mine) != 1 or len(mine[0].columns) != 1 or mine[0].columns[0] not in index:
            continue
        value = cells_sum(other, frames)
        if value is not None:
            pins[index[mine[0].columns[0]]] = from_wan(value, raw.unit)
    return pins


def _stated_column(table: str, key: str, kind: str, section: str, document_kind: str | None) -> str | None:
    """The column of ``table``'s 合计 row a narrative statement names, as the narrative checks read it: a
    决算数 / amount by its target (:func:`~chanhe_budget.templates.narrative_targets.target_for`), a 年初预算
    by the planned cells (the “三公” table's 预算数 columns). None when it is not a cell of this 合计 row."""
    if kind == "planned":
        cells = PLANNED_CELLS.get(key)
    else:
        target = target_for(key, section, document_kind)
        cells = None if target is None else target.cells
    if cells is not None and cells.table == table and cells.where == TOTAL_ROW and len(cells.columns) == 1:
        return cells.columns[0]
    return None


def narrative_amounts(narrative: pd.DataFrame | None) -> Said:
    """The statements of amounts in 万元 (an amount or a 年初预算) about the document's own year: the only
    ones that can pin a cell. Selected once per document, before its tables are parsed
    (:func:`chanhe_budget.parse.tables.raw_tables_to_frames`), as plain tuples every 合计 row reads."""
    if narrative is None or narrative.empty:
        return ()
    rows = narrative[narrative["kind"].isin(("amount", "planned")) & (narrative["unit"] == "万元")
                     & narrative["compared_year"].isna()]
    return tuple(zip(rows["key"].astype(str), rows["kind"].astype(str), rows["value"], rows["line"], rows["sentence"],
                     (s if isinstance(s, str) else "" for s in rows["section"]), strict=False))


def _stated(raw: RawTable, columns: tuple[Column, ...], said: Said) -> dict[int, tuple]:
    """Column index → (value in the printed unit, line, sentence) of what the narrative states about this
    table's 合计 row; a column stated twice with different values is left out (the text disagrees with
    itself), and so are statements about another year."""
    if not said:
        return {}
    index = {c.name: i for i, c in enumerate(columns)}
    template = templates().get(raw.template or "")
    document_kind = template.kind if template else None
    found: dict[int, list[tuple]] = {}
    for key, kind, value, line, sentence, section in said:
        column = _stated_column(raw.spec.name, key, kind, section, document_kind)
        if column in index and not math.isnan(value):
            found.setdefault(index[column], []).append((from_wan(float(value), raw.unit), line, sentence))
    return {c: said[0] for c, said in found.items() if len({round(v[0], 6) for v in said}) == 1}


def stated_pins(raw: RawTable, line: Line, numbers: list[float], columns: tuple[Column, ...],
                pins: dict[int, float], said: Said, log: WarningLog) -> dict[int, float]:
    """``pins`` and the cells of the 合计 row (printing ``numbers``) that the narrative states, when the
    table's own readings leave some of its cells undecided and one of them agrees with every stated cell;
    else ``pins`` unchanged. What the narrative decided is logged with its sentence."""
    stated = _stated(raw, columns, said)
    if not stated:
        return pins
    before = place_rows([numbers], columns, pinned={0: pins} if pins else None, template=raw.template)[0]
    if not before.undecided:
        return pins
    joint = {**{c: said[0] for c, said in stated.items()}, **pins}
    after = place_rows([numbers], columns, pinned={0: joint}, template=raw.template)[0]
    if any(math.isnan(after.values[c]) or not sum_agrees(after.values[c], v, 1) for c, v in joint.items()):
        return pins  # no reading of the printed numbers agrees with the narrative: it decides nothing
    decided = [c for c in before.undecided if c not in after.undecided]
    if decided:
        cells = ", ".join(f"{columns[c].label} {after.values[c]:.2f}" for c in decided)
        where = sorted({f"line {said[1]}: {said[2]}" for said in stated.values()})
        log.add("decided_by_narrative", f"{raw.spec.label}: {len(numbers)} numbers for {len(columns)} columns in "
                f"text without cell boundaries fit several columns; the narrative states this row, and the "
                f"readings that agree with it decide {cells} ({'; '.join(where)})", line.no, line.text, raw.spec.name)
    return joint
