"""Stage 3a: a table block becomes raw cells — header rows, data rows, unit, notes.

Nothing is interpreted yet beyond telling header rows from data rows, so this
is the stage to inspect when a table parses badly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import WarningLog
from ..read.source import Line
from ..templates.spec import TableSpec, compact
from ..templates.vocabulary import EMPTY_NOTE_RE, TOTAL_LABELS
from .segment import TableBlock
from .units import find_unit, looks_like_amount

__all__ = ["CODE_RE", "RawTable", "block_to_raw"]

CODE_RE = re.compile(r"^\d{3,}$")
_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_NOTE_RE = re.compile(r"^(?:注|说明|备注)\s*[:：\d(（]")
_YEAR_CELL_RE = re.compile(r"^(?:19|20)\d{2}(?:年)?$")
_FORM_LAYOUTS = frozenset({"department_performance", "project_form"})  # key-value forms: every row is data


@dataclass
class RawTable:
    """The cells of one table before interpretation."""

    spec: TableSpec
    title: str
    title_line: int
    unit: str | None
    unit_line: int | None
    header: list[Line] = field(default_factory=list)
    rows: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    amount_start: int = 0
    year: int | None = None
    loose: bool = False  # cells from page text aligned by spaces: empty cells are not reliable
    template: str | None = None  # the template read with: whose identities place a loose row's amounts

    @property
    def note(self) -> str:
        return "\n".join(line.text for line in self.notes)

    @property
    def declared_empty(self) -> bool:
        """True when a note says the table has no data (故本表无数据)."""
        return bool(EMPTY_NOTE_RE.search(self.note))

    def header_text(self) -> str:
        return compact("".join("".join(line.cells) for line in self.header))


def _anchor_column(rows: list[Line], spec: TableSpec) -> int:
    anchors = {compact(a) for a in spec.anchor}
    for line in rows:
        for col, cell in enumerate(line.cells):
            if compact(cell) in anchors:
                return col
    return 0


def _is_data_row(line: Line, amount_start: int) -> bool:
    cells = line.cells
    for col, cell in enumerate(cells):
        text = cell.replace(" ", "")
        if not text:
            continue
        if col < amount_start and (CODE_RE.match(text) or text in TOTAL_LABELS):
            return True
        if col >= amount_start and looks_like_amount(text) and not _YEAR_CELL_RE.match(text) and text != "-":
            return True
    first = next((c for c in cells if c.strip()), "")
    return bool(_ORDINAL_RE.match(first))


def block_to_raw(block: TableBlock, default_unit: str | None, log: WarningLog, loose: bool = False,
                 template: str | None = None) -> RawTable:
    """Split a block into unit line, header rows, data rows and notes."""
    raw = RawTable(block.spec, block.title, block.title_line, None, None, year=block.year, loose=loose,
                   template=template)
    grid: list[Line] = []
    in_notes = False
    for line in block.lines:
        if line.is_blank:
            continue
        text = line.text if not line.is_row else " ".join(c for c in line.cells if c)
        unit = find_unit(text) if raw.unit is None and not grid else None
        if unit:
            raw.unit, raw.unit_line = unit, line.no
            continue
        in_notes = in_notes or bool(_NOTE_RE.match(text))
        if in_notes or (grid and not line.is_row):
            raw.notes.append(line)
            continue
        if not line.is_row:
            continue  # text before the grid: 部门名称, (2025 年度)
        if not any(c.strip() for c in line.cells):
            continue
        if compact(line.cells[0]).startswith(("部门名称", "单位名称", "预算主管部门")) and not grid:
            continue
        grid.append(line)
    if raw.unit is None:
        if default_unit is not None and block.spec.layout not in _FORM_LAYOUTS:
            log.add("unit_inherited", f"{block.spec.label}: no 单位 line; using {default_unit} from the document",
                    block.title_line, block.title, block.spec.name)
        raw.unit = default_unit
    raw.amount_start = _anchor_column(grid[:6], block.spec)
    for n, line in enumerate(grid):
        if _is_data_row(line, raw.amount_start) or block.spec.layout in _FORM_LAYOUTS:
            raw.header, raw.rows = grid[:n], grid[n:]
            break
    else:
        raw.header = grid
    return raw
