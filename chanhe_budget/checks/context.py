"""The tables of a disclosure as the audit reads them: records, row hierarchy, cell selections.

Every numeric check (identities, narrative) picks cells the same way: a
:class:`~chanhe_budget.templates.identities.Cells` selector over plain records, so the
sum, its rounded addends and the lines it came from travel together as
evidence. Tables are small (tens of rows): plain dicts are simpler and far
faster than pandas selections repeated for every check.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from ..templates.identities import CONDITIONS, NON_GENERAL_SOURCES, Cells
from .rows import fmt

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["Context", "Record", "Selection", "cell", "code", "condition", "hierarchy", "line_of", "number", "read_cells",
           "unread"]

Record = dict


#: Warning codes of the reader that mean a cell's value was lost (the cell is NaN in the table).
UNREADABLE_CODES = frozenset({"unreadable_cell", "missing_cell"})


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value) -> float:
    """A cell as a float: blank, text and NaN count as 0 (an exact blank, not a guess: the reader already
    warned about any cell it could not read)."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(result) else result


def cell(record: Record, column: str) -> tuple[float | None, str]:
    """A cell as a float, or ``None`` and why: the one safe getter of the checks.

    A blank cell is an exact 0 (the reader reads it so); a cell the reader could not
    read is NaN (stored as ``None``), and a table may lack the column altogether (a
    mutated or narrower document). Both make the check ``cannot_check`` with the reason,
    never a silent "found 0.00" and never a ``KeyError``.
    """
    if column not in record:
        return None, f"no column {column}"
    value = record[column]
    where = f" (line {record['line']})" if record.get("line") is not None else ""
    if value is None:
        if record.get("_unreadable"):
            return None, f"{column} is unreadable{where} (see the reader's warnings)"
        return 0.0, ""  # a cell the table does not print (the other side of a two-sided table): nothing
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None, f"{column} is not a number{where}: {str(value)[:40]!r}"
    if math.isnan(result) or math.isinf(result):
        return None, f"{column} is unreadable{where}"
    return result, ""


def read_cells(records: list[Record], columns: list[str] | tuple[str, ...]) -> tuple[list[float] | None, str]:
    """Every ``column`` of every record (column by column), or ``None`` and the first reason one is unreadable."""
    values: list[float] = []
    for column in columns:
        for record in records:
            value, why = cell(record, column)
            if value is None:
                return None, why
            values.append(value)
    return values, ""


def unread(ctx: Context, table: str, rows: list[Record], columns) -> bool:
    """Whether a cell of these rows was left NaN by the reader of text without layout (its placement
    undecided): such a cell is unknown, not 0, so a check that needs it cannot be made."""
    return bool(ctx.meta.get(table, {}).get("loose")) and any(r.get(c) is None for r in rows for c in columns)


def code(value) -> str:
    """A classification or unit code without spaces, "" when blank."""
    return "" if _missing(value) else str(value).replace(" ", "")


class Context:
    """The disclosure's tables prepared once for all identities: plain records with their hierarchy.

    Tables are small (tens of rows), so plain dicts are both simpler and far faster
    than pandas selections repeated for every identity.
    """

    def __init__(self, disclosure: Disclosure):
        self.disclosure = disclosure
        self.tables: dict[str, list[Record]] = {}
        self.columns: dict[str, set[str]] = {}
        self.meta: dict[str, dict] = {}
        unreadable = {(w.table, w.line) for w in disclosure.warnings if w.code in UNREADABLE_CODES}
        for name, frame in disclosure.tables.items():
            self.meta[name] = dict(frame.attrs)
            self.columns[name] = set(frame.columns)
            records = [{k: (None if _missing(v) else v) for k, v in r.items()}
                       for r in frame.to_dict("records")]
            for record in records:  # an empty cell of a row the reader warned about is unreadable, not "not printed"
                record["_unreadable"] = (name, record.get("line")) in unreadable
            if "row_kind" in frame.columns and records:
                parents = hierarchy(records)
                has_child = {p for p in parents.values() if p is not None}
                for i, record in enumerate(records):
                    record["_parent"] = parents.get(i)
                    record["_leaf"] = i not in has_child
            self.tables[name] = records
        self.template_tables = {t.name for t in disclosure.template.tables}
        self._conditions: dict[str, tuple[bool | None, str]] = {}
        self._selections: dict[Cells, Selection] = {}

    def select(self, cells: Cells) -> Selection:
        """The cells a selector picks, computed once per selector: narrative statements repeat the
        same targets (every 基本支出 of the text is the same cell), so the audit stays linear in the
        number of statements instead of rescanning a table for each one."""
        found = self._selections.get(cells)
        if found is None:
            found = self._selections[cells] = Selection(self, cells)
        return found

    def absent(self, table: str) -> tuple[str, str]:
        """(status, reason) for a table missing from the document: not_applicable when its template has none."""
        label = self.label(table)
        if table in self.template_tables:
            return "cannot_check", f"{label} ({table}) is not in the document"
        return "not_applicable", f"the {self.disclosure.template.name} template has no {label} ({table})"

    def label(self, table: str) -> str:
        """The table's name in messages (the template's own title in a 决算)."""
        return self.disclosure.template.table_label(table)

    def unit(self, table: str) -> str:
        return self.meta.get(table, {}).get("source_unit") or "万元"

    def condition(self, name: str) -> tuple[bool | None, str]:
        if name not in self._conditions:
            self._conditions[name] = condition(self.disclosure, name)
        return self._conditions[name]


# ------------------------------------------------------------------ hierarchy


def hierarchy(records: list[Record]) -> dict[int, int | None]:
    """Parent of each row (by position), ``None`` for the 合计 row and orphans.

    Units nest by code prefix (141001 under 141); other rows belong to the last
    unit row above them and nest by classification code prefix (2010301 under
    20103 under 201); rows with no coded parent hang from their unit, or from the
    合计 row when the table prints no unit rows.
    """
    kinds = [r.get("row_kind") for r in records]
    codes = [code(r.get("code")) for r in records]
    unit_codes = [code(r.get("unit_code")) for r in records]
    total = next((i for i, k in enumerate(kinds) if k == "total"), None)
    parent: dict[int, int | None] = {}
    units = [i for i, k in enumerate(kinds) if k == "unit"]
    unit_at: dict[str, list[int]] = defaultdict(list)  # unit code → unit rows, to find parents by prefix
    for u in units:
        if unit_codes[u]:
            unit_at[unit_codes[u]].append(u)
    for u in units:
        parent[u] = _longest_prefix(unit_codes[u], unit_at, total)
    groups: dict[int | None, list[int]] = defaultdict(list)
    group: int | None = None
    for i, kind in enumerate(kinds):
        if kind == "unit":
            group = i
        elif kind != "total":
            groups[group].append(i)
    for g, rows in groups.items():
        code_at: dict[str, list[int]] = defaultdict(list)
        for i in rows:
            if codes[i]:
                code_at[codes[i]].append(i)
        for i in rows:
            parent[i] = _longest_prefix(codes[i], code_at, g if g is not None else total)
    if total is not None:
        parent[total] = None
    return parent


def _longest_prefix(own: str, index: dict[str, list[int]], default: int | None) -> int | None:
    """The row whose code is the longest proper prefix of ``own`` (the first such row when several print
    it), else ``default``. Looks up each shorter prefix in an index instead of scanning every row, so
    the hierarchy of a table is linear in its rows."""
    for length in range(len(own) - 1, 0, -1):
        rows = index.get(own[:length])
        if rows:
            return rows[0]
    return default


# ------------------------------------------------------------------ cell selection


def matches(record: Record, where: tuple[tuple[str, object], ...]) -> bool:
    for column, value in where:
        cell = record.get(column)
        if isinstance(value, tuple):
            if cell not in value:
                return False
        elif isinstance(value, str) and value.startswith("~"):
            if cell is None or not re.search(value[1:], str(cell)):
                return False
        elif cell != value:
            return False
    return True


class Selection:
    """Cells picked by a :class:`Cells` selector: their sum, their addends, why not, where from."""

    def __init__(self, ctx: Context, cells: Cells):
        self.cells = cells
        self.value: float | None = None
        self.addends: list[tuple[float, str]] = []
        self.reason = ""
        self.status = "cannot_check"  # why no value: cannot_check, or not_applicable when the template lacks it
        self.rows: list[Record] = []
        records = ctx.tables.get(cells.table)
        label = ctx.label(cells.table)
        if records is None:
            self.status, self.reason = ctx.absent(cells.table)
            return
        unit = ctx.unit(cells.table)
        if not records:
            if ctx.meta[cells.table].get("declared_empty") or not cells.required:
                self.value = 0.0
            else:
                self.reason = f"{label} ({cells.table}) has no rows"
            return
        missing = [c for c in cells.columns if c not in ctx.columns[cells.table]]
        if missing:
            self.status = "not_applicable"
            self.reason = f"{label} ({cells.table}) of this template has no column {', '.join(missing)}"
            return
        rows = [r for r in records if matches(r, cells.where)]
        if ctx.meta[cells.table].get("rows_unread") and cells.where != (("row_kind", "total"),):
            self.reason = f"{label} ({cells.table}): its rows were not read from text without layout"
            return
        if not rows and cells.required:
            self.reason = f"no {cells.label or 'matching'} row in {label} ({cells.table})"
            return
        self.rows = rows
        if unread(ctx, cells.table, rows, cells.columns):
            self.reason = f"{label} ({cells.table}): a cell read from text without layout was left undecided (NaN)"
            return
        values, why = read_cells(rows, cells.columns)
        if values is None:
            self.reason = f"{label} ({cells.table}): {why}"
            return
        self.addends = [(v, unit) for v in values]
        self.value = round(sum(values), 6)

    @property
    def lines(self) -> list[int]:
        return [int(r["line"]) for r in self.rows if r.get("line") is not None]

    def describe(self) -> str:
        name = self.cells.label or "/".join(self.cells.columns)
        where = f" (line {', '.join(map(str, self.lines))})" if self.lines else ""
        return f"{self.cells.table} {name} {fmt(self.value)}{where}"


def condition(disclosure: Disclosure, name: str) -> tuple[bool | None, str]:
    """Whether a named condition of :data:`CONDITIONS` holds, and the evidence (None: unknown)."""
    summary = disclosure.tables.get("summary")
    income = disclosure.tables.get("income")
    if name == "only_general_budget":
        if summary is not None and not summary.empty:
            rows = summary[(summary["side"] == "income") & summary["key"].isin(NON_GENERAL_SOURCES)
                           & (summary["amount"].fillna(0).abs() > 0)]
            found = "; ".join(f"{r.item} {fmt(r.amount)}" for r in rows.itertuples())
            return rows.empty, found or "收支总表 shows only 一般公共预算 income"
        if income is not None and not income.empty:
            row = income[income["row_kind"] == "total"].head(1)
            if not row.empty:
                other = [c for c in income.columns if c.startswith(("current_", "carryover_"))
                         and c not in ("current_total", "current_general_budget", "current_general_budget_fiscal")]
                extra = {c: number(row[c].iloc[0]) for c in other if number(row[c].iloc[0])}
                found = "; ".join(f"{c} {fmt(v)}" for c, v in extra.items())
                return not extra, found or "收入预算表 shows only 一般公共预算"
        return None, "neither 收支总表 nor 收入预算表 is readable"
    if name == "no_non_fiscal_general_budget":
        pairs = []
        if summary is not None and not summary.empty:
            gb = summary[(summary["side"] == "income") & (summary["key"] == "general_budget")]["amount"]
            fiscal = summary[(summary["side"] == "income") & (summary["key"] == "general_budget_fiscal")]["amount"]
            if not gb.empty and not fiscal.empty:
                pairs.append(("收支总表", number(gb.iloc[0]), number(fiscal.iloc[0])))
        if not pairs and income is not None and not income.empty:
            row = income[income["row_kind"] == "total"].head(1)
            if not row.empty:
                pairs.append(("收入预算表", number(row["current_general_budget"].iloc[0]),
                              number(row["current_general_budget_fiscal"].iloc[0])))
        if not pairs:
            return None, "no table prints 其中：财政拨款 beside 一般公共预算"
        where, gb_value, fiscal_value = pairs[0]
        holds = abs(gb_value - fiscal_value) <= 0.01
        return holds, f"{where}: 一般公共预算 {fmt(gb_value)}, 其中：财政拨款 {fmt(fiscal_value)}"
    if name == "all_spending_general_budget":
        from ..key_figures import _all_spending_general_budget

        holds, evidence = _all_spending_general_budget(disclosure.tables)
        missing = evidence.endswith("is missing")
        return (None if missing else holds), evidence
    raise KeyError(f"unknown condition {name!r}; known: {', '.join(CONDITIONS)}")


def line_of(record: Record | None) -> int | None:
    """The source line of a record, or None."""
    return None if record is None or record.get("line") is None else int(record["line"])
