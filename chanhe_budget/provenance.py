"""Where each key figure was read, and which independent places of the document agree with it.

Why: a figure read from the wrong cell looks exactly like a right one. Each key figure of
FIGURES.md is set against every other place of the same document that prints the same
quantity — another table, an identity between cells (基本 + 项目 + 预留 = 合计), the
narrative's own statement — and gets a status:

* ``confirmed``: at least one independent place agrees (and none disagrees);
* ``single``: only one place gives it;
* ``conflict``: places disagree — each is named with its value in ``conflicts``;
* ``absent``: the document does not give it.

A figure whose places disagree is never ``confirmed``, whatever its value. Derived figures
(shares, the change against last year) take the worst status of the figures they are computed
from. The places are data (:data:`FIGURE_PLACES`): cells of a table selected as the audit's
identities select them (:class:`~chanhe_budget.templates.identities.Cells`), sums of economic
classes, and narrative statements by key; a place the document's template does not have is
simply absent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .key_figures import column_list
from .templates.identities import Cells
from .templates.spec import TABLE_LABELS
from .templates.vocabulary import PERSONNEL_CLASSES, PUBLIC_CLASSES

if TYPE_CHECKING:
    from .model import Disclosure

__all__ = ["FIGURE_PLACES", "PROVENANCE_COLUMNS", "STATUSES", "ClassSum", "Difference", "ForKinds", "Narrative",
           "provenance"]

PROVENANCE_COLUMNS = ("figure", "value", "source", "corroborated_by", "conflicts", "status")
STATUSES = ("confirmed", "single", "conflict", "absent")


@dataclass(frozen=True)
class ClassSum:
    """The ``total`` of the 部门经济分类 class rows (301, 303 …) of a table printed with one amount column."""

    table: str
    classes: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class ForKinds:
    """A place that holds the figure only in documents of these kinds (a 决算's income table totals
    this year's income, not 收入总计 with the carry-over)."""

    kinds: tuple[str, ...]
    place: object


@dataclass(frozen=True)
class Difference:
    """A cell less others of the same document: 年末结转和结余 = 支出总计 − 本年支出合计 − 结余分配. The whole
    and the first part must be read; a later part whose row the table does not print counts 0 (结余分配 is
    left out by some forms)."""

    whole: Cells
    parts: tuple[Cells, ...]
    label: str


@dataclass(frozen=True)
class Narrative:
    """The narrative's statements of ``keys`` of one ``kind`` (an amount stated without a change word, or a change)."""

    keys: tuple[str, ...]
    kind: str = "amount"


def _key(table: str, key: str | tuple[str, ...], column: str, side: str, label: str) -> Cells:
    return Cells(table, (column,), (("side", side), ("key", key)), label=label)


def _total(table: str, *columns: str, label: str = "合计") -> Cells:
    return Cells(table, columns, (("row_kind", "total"),), label=label)


_PURPOSE = ("basic_expenditure", "project_expenditure", "reserve_expenditure")

#: For each key figure, the places of a document that print it, in the order the figure is read:
#: the first place that gives the figure's value is its source, the others corroborate it or not.
FIGURE_PLACES: dict[str, tuple] = {
    "total_income": (
        _key("summary", "total_income", "amount", "income", "收入总计"),
        ForKinds(("budget",), _total("income", "total", label="收入总计")),
        _key("summary", "total_expenditure", "amount", "expenditure", "支出总计 (收入总计 = 支出总计)"),
        Narrative(("total_income", "total")),
    ),
    "total_expenditure": (
        _key("summary", "total_expenditure", "amount", "expenditure", "支出总计"),
        _key("summary", "total_income", "amount", "income", "收入总计 (收入总计 = 支出总计)"),
        Narrative(("total_expenditure", "total")),
    ),
    "expenditure_this_year": (
        _total("expenditure", "total"),
        _key("summary", "expenditure_this_year", "amount", "expenditure", "本年支出合计"),
        _total("expenditure", "basic_total", "project_total", "reserve_total", "carryover_out",
               label="基本支出 + 项目支出 (+ 预留 + 结转下年)"),
        _key("summary", _PURPOSE, "amount", "expenditure", "基本 + 项目 + 预留 (支出用途)"),
        _total("economic_summary", "total", label="总计"),
        Narrative(("expenditure_this_year",)),
    ),
    "general_budget_income": (
        _key("summary", "general_budget", "amount", "income", "一般公共预算"),
        _total("income", "current_general_budget", label="一般公共预算"),
        Cells("income", ("total",), (("row_kind", "subtotal"), ("group", "~一般公共预算")), label="一般公共预算资金 小计"),
        _key("fiscal_appropriation", "general_budget", "total", "income", "一般公共预算"),
        _key("fiscal_appropriation", "general_budget", "amount", "income", "一般公共预算"),
        Narrative(("general_budget_income",)),
    ),
    "basic_expenditure": (
        _total("expenditure", "basic_total"),
        _key("summary", "basic_expenditure", "amount", "expenditure", "基本支出"),
        Cells("summary", ("basic_personnel", "basic_public"), (("side", "expenditure"), ("key", "expenditure_this_year")),
              label="本年支出合计 人员经费 + 公用经费"),
        Cells("department_performance", ("number",), (("part", "budget"), ("indicator", "~基本支出")),
              label="资金结构 基本支出"),
        Narrative(("basic_expenditure",)),
    ),
    "project_expenditure": (
        _total("expenditure", "project_total"),
        _key("summary", "project_expenditure", "amount", "expenditure", "项目支出"),
        _key("summary", "expenditure_this_year", "project_total", "expenditure", "本年支出合计 项目支出"),
        _total("projects", "total"),
        Cells("department_performance", ("number",), (("part", "budget"), ("indicator", "~项目支出")),
              label="资金结构 项目支出"),
        Narrative(("project_expenditure",)),
    ),
    "reserve_expenditure": (
        _total("expenditure", "reserve_total"),
        _key("summary", "reserve_expenditure", "amount", "expenditure", "单位预留机动经费"),
        Narrative(("reserve_expenditure",)),
    ),
    "personnel_expenditure": (
        _total("general_budget_basic", "personnel"),
        ClassSum("general_budget_basic", PERSONNEL_CLASSES, "301 + 303"),
        ClassSum("fiscal_appropriation_basic", PERSONNEL_CLASSES, "301 + 303"),
        _total("general_budget_expenditure", "basic_wages", "basic_family", label="工资福利 + 对个人和家庭的补助"),
        Narrative(("personnel_expenditure",)),
    ),
    "public_expenditure": (
        _total("general_budget_basic", "public"),
        ClassSum("general_budget_basic", PUBLIC_CLASSES, "302 + 309 + 310 + 399"),
        ClassSum("fiscal_appropriation_basic", PUBLIC_CLASSES, "302 + 309 + 310 + 399"),
        _total("general_budget_expenditure", "basic_goods_services", "basic_capital", label="商品和服务 + 资本性"),
        Narrative(("public_expenditure",)),
    ),
    "three_public_total": (
        _total("three_public", "total"),
        _total("three_public", "outbound", "vehicles", "reception", label="出国 + 公务用车 + 接待"),
        Narrative(("three_public_total",)),
    ),
    "three_public_budget": (  # 决算: the “三公” table's 预算数, and the narrative's 年初预算
        _total("three_public", "total_budget", label="合计 预算数"),
        _total("three_public", "outbound_budget", "vehicles_budget", "reception_budget",
               label="出国 + 公务用车 + 接待 预算数"),
        Narrative(("three_public_total",), "planned"),
    ),
    "carryover_end": (  # 决算: 收入支出决算总表 年末结转和结余, and what the table's other cells leave for it
        _key("summary", "carryover_out", "amount", "expenditure", "年末结转和结余"),
        Difference(_key("summary", "total_expenditure", "amount", "expenditure", "支出总计"),
                   (_key("summary", "expenditure_this_year", "amount", "expenditure", "本年支出合计"),
                    _key("summary", "surplus_distribution", "amount", "expenditure", "结余分配")),
                   "支出总计 − 本年支出合计 − 结余分配"),
    ),
    "operating_expenditure": (
        _total("operating_funds", "total"),
        _total("three_public", "operating", label="机关运行经费"),
        Narrative(("operating_expenditure",)),
    ),
    "procurement_total": (
        _total("procurement", "total"),
        Narrative(("procurement_total",)),
    ),
    "project_count": (),
    "prior_year_total": (),
    "change_vs_prior": (Narrative(("total",), "change_amount"),),
    "change_vs_prior_pct": (Narrative(("total",), "change_percent"),),
}

_NARRATIVE_KEYS = frozenset(k for places in FIGURE_PLACES.values() for p in places if isinstance(p, Narrative)
                           for k in p.keys)

#: Derived figures and the figures they are computed from.
DERIVED: dict[str, tuple[str, ...]] = {
    "prior_year_total": ("change_vs_prior",),
    "change_vs_prior_pct": ("change_vs_prior", "prior_year_total"),
    "basic_share_pct": ("basic_expenditure", "expenditure_this_year"),
    "project_share_pct": ("project_expenditure", "expenditure_this_year"),
    "personnel_share_of_basic_pct": ("personnel_expenditure", "public_expenditure"),
    "public_share_of_basic_pct": ("personnel_expenditure", "public_expenditure"),
}
_RANK = {"conflict": 0, "absent": 1, "single": 2, "confirmed": 3}
_PER_ADDEND = {"万元": 0.005, "元": 0.00005, "千元": 0.0005, "亿元": 50.0}
_DECIMALS_RE = re.compile(r"\.(\d+)")


@dataclass
class _Found:
    """One place that gives a value: its description, value, tolerance and identity."""

    label: str
    value: float
    tolerance: float
    ident: tuple


class _Reader:
    """Column lists of the document's tables, read once, and its narrative statements by key."""

    def __init__(self, disclosure: Disclosure):
        self.d = disclosure
        self._columns: dict[tuple[str, str], list] = {}
        self._statements: dict[tuple[str, str], list[dict]] | None = None
        self._row_cache: dict[tuple, list[int]] = {}
        self._tables: dict[str, frozenset[str] | None] = {}

    def column(self, table: str, column: str) -> list | None:
        key = (table, column)
        if key not in self._columns:
            names = self._names(table)
            self._columns[key] = column_list(self.d.tables[table], column) if names and column in names else None
        return self._columns[key]

    def _names(self, table: str) -> frozenset[str] | None:
        """The columns of a table (None: absent or without rows), looked up once."""
        if table not in self._tables:
            frame = self.d.tables.get(table)
            self._tables[table] = None if frame is None or not len(frame.index) else frozenset(frame.columns.tolist())
        return self._tables[table]

    def cells(self, cells: Cells) -> _Found | None:
        names = self._names(cells.table)
        if names is None:
            return None
        frame = self.d.tables[cells.table]
        present = [c for c in cells.columns if c in names]
        if not present or (len(cells.columns) == 1 and not present):
            return None
        if len(present) < len(cells.columns) and len(present) <= 1 and len(cells.columns) > 1:
            return None  # a sum of parts the table does not print: no place
        rows = self._rows(cells.table, cells.where)
        if not rows:
            return None
        values = [v for c in present for v in (self.column(cells.table, c)[i] for i in rows)]
        if any(isinstance(v, float) and math.isnan(v) for v in values):
            return None  # a cell the reader could not place (warned): unknown, not 0 — no sum to compare
        numbers = [0.0 if v is None else float(v) for v in values]  # None: blank, 0
        unit = frame.attrs.get("source_unit") or "万元"
        tolerance = max(sum(_PER_ADDEND.get(unit, 0.005) for v in numbers if v), _PER_ADDEND.get(unit, 0.005))
        lines = self.column(cells.table, "line") or []
        where = ", ".join(str(int(lines[i])) for i in rows[:3] if i < len(lines) and not _missing(lines[i]))
        label = (f"{cells.table} {cells.label or '/'.join(cells.columns)} "
                 f"({'/'.join(present)}{self._where(where)})")
        return _Found(label, round(sum(numbers), 6), tolerance, ("cells", cells.table, cells.columns, cells.where))

    def class_sum(self, place: ClassSum) -> _Found | None:
        codes, kinds, totals = (self.column(place.table, c) for c in ("code", "row_kind", "total"))
        if codes is None or kinds is None or totals is None or self.column(place.table, "personnel") is not None:
            return None  # a table with 人员经费/公用经费 columns: its total cell is the place
        rows = [i for i, (c, k) in enumerate(zip(codes, kinds, strict=True)) if k == "class" and isinstance(c, str)]
        if not rows:
            return None
        chosen = [i for i in rows if codes[i] in place.classes]
        if any(isinstance(totals[i], float) and math.isnan(totals[i]) for i in chosen):
            return None  # a class total the reader could not place: unknown, not 0
        numbers = [0.0 if totals[i] is None else float(totals[i]) for i in chosen]
        lines = self.column(place.table, "line") or []
        where = ", ".join(str(int(lines[i])) for i in chosen if not _missing(lines[i]))
        tolerance = max(0.005 * sum(1 for v in numbers if v), 0.005)
        return _Found(f"{place.table} {place.label} ({self._where(where).lstrip('; ')})".replace(" ()", ""),
                      round(sum(numbers), 6), tolerance, ("classes", place.table, place.classes))

    def narrative(self, place: Narrative) -> list[_Found]:
        if self._statements is None:
            self._statements = {}
            frame = self.d.narrative
            if not frame.empty:  # plain column lists: a DataFrame of records costs more than the whole lookup
                keys, kinds = column_list(frame, "key"), column_list(frame, "kind")
                wanted = [i for i, k in enumerate(keys) if k in _NARRATIVE_KEYS]
                if wanted:
                    columns = {c: column_list(frame, c) for c in ("value", "unit", "printed", "direction", "line",
                                                              "sentence")}
                    for i in wanted:
                        record = {c: values[i] for c, values in columns.items()}
                        self._statements.setdefault((keys[i], kinds[i]), []).append(record)
        found: list[_Found] = []
        for key in place.keys:
            for s in self._statements.get((key, place.kind), []):
                if place.kind == "amount" and isinstance(s.get("direction"), str):
                    continue
                text = str(s["sentence"])
                if "其中" in text[: max(text.find(str(s["printed"])), 0)]:
                    continue  # '其中，货物类…259.32万元': a part of what the sentence names first
                decimals = _DECIMALS_RE.search(str(s["printed"]))
                places = len(decimals.group(1)) if decimals else 0
                tolerance = 0.005 if place.kind != "change_percent" else max(0.5 * 10 ** -places, 0.005)
                if place.kind != "change_percent" and s.get("unit") == "亿元":
                    tolerance = 0.5 * 10 ** (4 - places)
                snippet = text if len(text) <= 40 else text[:39] + "…"
                found.append(_Found(f"narrative{self._line(s['line'])}: {snippet}", float(s["value"]), tolerance,
                                    ("narrative", int(s["line"]), str(s["printed"]))))
        return found

    def _rows(self, table: str, where: tuple) -> list[int]:
        """Positions of the rows that match a selector (each condition filters what the previous left)."""
        key = (table, where)
        if key in self._row_cache:
            return self._row_cache[key]
        rows: list[int] | None = None
        for column, value in where:
            values = self.column(table, column)
            if values is None:
                rows = []
                break
            candidates = range(len(values)) if rows is None else rows
            if isinstance(value, tuple):
                rows = [i for i in candidates if values[i] in value]
            elif isinstance(value, str) and value.startswith("~"):
                pattern = re.compile(value[1:])
                rows = [i for i in candidates if isinstance(values[i], str) and pattern.search(values[i])]
            else:
                rows = [i for i in candidates if values[i] == value]
            if not rows:
                break
        self._row_cache[key] = rows or []
        return self._row_cache[key]

    def _line(self, line) -> str:
        if _missing(line):
            return ""
        line = int(line)
        for name, first, last in self.d.parts:
            if first <= line <= last:
                return f" line {line - first + 1} of {name.rsplit('/', 1)[-1]}"
        return f" line {line}"

    def _where(self, lines: str) -> str:
        if not lines:
            return ""
        first = int(lines.split(",")[0])
        located = self._line(first)
        return f"; {located.strip()}" if self.d.parts else f"; line {lines}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _places(reader: _Reader, figure: str) -> list[_Found]:
    found: list[_Found] = []
    for place in FIGURE_PLACES.get(figure, ()):
        if isinstance(place, ForKinds):
            if reader.d.kind not in place.kinds:
                continue
            place = place.place
        if isinstance(place, Cells):
            got = reader.cells(place)
            found.extend([got] if got else [])
        elif isinstance(place, ClassSum):
            got = reader.class_sum(place)
            found.extend([got] if got else [])
        elif isinstance(place, Difference):
            got = _difference(reader, place)
            found.extend([got] if got else [])
        else:
            found.extend(reader.narrative(place))
    return found


def _difference(reader: _Reader, place: Difference) -> _Found | None:
    """The whole less its parts (see :class:`Difference`), with the tolerance of every cell read."""
    whole = reader.cells(place.whole)
    if whole is None:
        return None
    parts = [reader.cells(part) for part in place.parts]
    if parts[0] is None:
        return None
    value = whole.value - sum(p.value for p in parts if p)
    tolerance = whole.tolerance + sum(p.tolerance for p in parts if p)
    return _Found(f"{place.label} ({'; '.join(p.label for p in (whole, *parts) if p)})", round(value, 6), tolerance,
                  ("difference", place.label))


def _judge(value: float, found: list[_Found]) -> tuple[str, list[str], list[str], str]:
    """(source, corroborated_by, conflicts, status) of a value among the places that give it."""
    def agrees(place: _Found) -> bool:
        return abs(place.value - value) <= place.tolerance + 0.005 + 1e-9

    source = next((p for p in found if agrees(p)), None)
    others = [p for p in found if p is not source and (source is None or p.ident != source.ident)]
    agree = [p for p in others if agrees(p)]
    disagree = [p for p in others if not agrees(p)]
    conflicts = [f"{p.label} = {p.value:.2f}" for p in disagree]
    if source is None:
        return "computed", [f"{p.label} = {p.value:.2f}" for p in agree], conflicts, "conflict" if conflicts else "single"
    status = "conflict" if disagree else ("confirmed" if agree else "single")
    return source.label, [f"{p.label} = {p.value:.2f}" for p in agree], conflicts, status


def _metadata_rows(d: Disclosure, figures: dict) -> list[dict]:
    rows = []
    title = compact_title = d.title.replace(" ", "")
    department = figures.get("department")
    if department is None:
        rows.append(_row("department", None, "", [], [], "absent"))
    else:
        source = f"部门 line{_line_text(d, d.segments.department_line)}" if d.segments.department_line else "title"
        places = [f"title: {title[:40]}"] if source != "title" and _same_name(department, compact_title) else []
        rows.append(_row("department", department, source, places, [], "confirmed" if places else "single"))
    year = figures.get("year")
    if year is None:
        rows.append(_row("year", None, "", [], [], "absent"))
    else:
        years = [b for b in d.segments.blocks if b.year]
        agree = [f"{b.spec.name} title ({b.year})" for b in years if b.year == year][:3]
        disagree = [f"{b.spec.name} title ({b.year})" for b in years if b.year != year]
        in_title = str(year) in compact_title
        source = "title" if in_title else (agree.pop(0) if agree else "table titles")
        status = "conflict" if disagree and not agree and not in_title else ("confirmed" if agree else "single")
        rows.append(_row("year", year, source, agree, disagree if status == "conflict" else [], status))
    kind = figures.get("kind")
    word = "决算" if kind == "final_accounts" else "预算"
    titled = [b.spec.name for b in d.segments.blocks if word in b.title][:3]
    rows.append(_row("kind", kind, f"title word {word}" if word in title else "tables' titles",
                     [f"{n} title" for n in titled], [], "confirmed" if titled and word in title else "single"))
    rows.append(_row("scope", figures.get("scope"), "title", [], [], "single"))
    units = [name for name, raw in d.raw_tables.items() if raw.unit == figures.get("unit") and raw.unit_line]
    unit = figures.get("unit")
    rows.append(_row("unit", unit, f"单位 line of {units[0]}" if units else "document",
                     [f"{n} 单位 line" for n in units[1:4]], [],
                     "absent" if unit is None else ("confirmed" if len(units) > 1 else "single")))
    return rows


def _same_name(name: str, text: str) -> bool:
    short = name.replace("中国共产党", "中共").replace("委员会", "委")
    return name in text or short in text or short.removeprefix("中共") in text


def _line_text(d: Disclosure, line: int | None) -> str:
    if line is None:
        return ""
    for name, first, last in d.parts:
        if first <= line <= last:
            return f" {line - first + 1} of {name.rsplit('/', 1)[-1]}"
    return f" {line}"


def _row(figure, value, source, corroborated, conflicts, status) -> dict:
    return {"figure": figure, "value": value, "source": source, "corroborated_by": "; ".join(corroborated),
            "conflicts": "; ".join(conflicts), "status": status}


def provenance(disclosure: Disclosure) -> pd.DataFrame:
    """The provenance frame of a disclosure: one row per key figure (:data:`PROVENANCE_COLUMNS`)."""
    from .key_figures import FIGURE_NAMES

    figures = disclosure.figures
    reader = _Reader(disclosure)
    rows = {row["figure"]: row for row in _metadata_rows(disclosure, figures)}
    for name in FIGURE_NAMES:
        if name in rows:
            continue
        value = figures.get(name)
        if value is None:
            rows[name] = _row(name, None, "", [], [], "absent")
            continue
        if name == "project_count":
            rows[name] = _row(name, value, "projects: project rows", [], [], "single")
            continue
        found = _places(reader, name)
        if name in DERIVED and not found:
            rows[name] = None  # judged from its inputs below
            continue
        source, agree, conflicts, status = _judge(float(value), found)
        rows[name] = _row(name, value, source, agree, conflicts, status)
    for name, inputs in DERIVED.items():
        value = figures.get(name)
        if value is None:
            rows[name] = _row(name, None, "", [], [], "absent")
            continue
        statuses = [rows[i]["status"] for i in inputs if rows.get(i)]
        worst = min(statuses, key=_RANK.get) if statuses else "single"
        own = rows.get(name)
        recipe = f"derived from {', '.join(inputs)}"
        if own is None:
            status = worst if worst != "absent" else "single"
            conflicts = [f"{i} is in conflict" for i in inputs if rows.get(i) and rows[i]["status"] == "conflict"]
            rows[name] = _row(name, value, recipe, [], conflicts, status)
        else:
            status = min((own["status"], worst), key=_RANK.get) if worst != "absent" else own["status"]
            extra = [f"{i} is in conflict" for i in inputs if rows.get(i) and rows[i]["status"] == "conflict"]
            own.update(status=status, conflicts="; ".join(x for x in (own["conflicts"], *extra) if x),
                       source=f"{own['source']} ({recipe})" if own["source"] != "computed" else recipe)
    ordered = [rows[name] for name in FIGURE_NAMES]
    frame = pd.DataFrame({c: [row[c] for row in ordered] for c in PROVENANCE_COLUMNS}, dtype=object)
    frame.attrs["labels"] = {"figure": "关键数字", "value": "数值", "source": "来源", "corroborated_by": "佐证",
                             "conflicts": "矛盾", "status": "状态"}
    frame.attrs["tables"] = {name: TABLE_LABELS.get(name, name) for name in disclosure.tables}
    return frame
