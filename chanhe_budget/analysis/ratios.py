"""Stage 6: the ratio analysis the report notebooks show, as plain DataFrames.

The notebooks hold no analysis code: every table they display comes from a
function here, so the same numbers can be tested, reused in a script, and
trusted to be the ones a report printed. All amounts are in 万元 (the
``Disclosure`` has already converted them); shares and changes are percentages
rounded to 2 decimals, as the documents print them.

Each public function states its columns. Classification names are kept as
data below (national 政府收支分类科目, 类 level) because the functional tables
of many templates print only 项 rows, so a 类 name cannot be read from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..checks import audit, summarise, transparency_score
from ..errors import ChanheBudgetError, ParameterError
from ..key_figures import FIGURE_LABELS
from ..parse.name_slips import one_char_apart
from ..templates.spec import TABLE_LABELS, compact
from ..templates.vocabulary import DEPARTMENT_ECONOMIC_CLASSES, FUNCTIONAL_CLASSES, GOVERNMENT_ECONOMIC_CLASSES

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = [
    "HEADLINES",
    "STATUS_MARKS",
    "AuditResults",
    "audit_results",
    "economic_structure",
    "figure_table",
    "functional_structure",
    "headline_comparison",
    "narrative_checks",
    "operating_items",
    "project_indicators",
    "project_table",
    "table_overview",
    "three_public_and_operating",
]

#: Audit status → the mark a report prints next to a sentence.
STATUS_MARKS: dict[str, str] = {"pass": "✓", "fail": "✗", "warn": "⚠", "not_applicable": "–", "cannot_check": "?"}

#: The document's headline statements: (topic, key figure, narrative keys, narrative kind).
#: The first statement of the narrative with one of the keys and the kind is the one compared.
HEADLINES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("收入总计", "total_income", ("total_income",), "amount"),
    ("支出总计", "total_expenditure", ("total_expenditure",), "amount"),
    ("本年支出合计", "expenditure_this_year", ("expenditure_this_year",), "amount"),
    ("基本支出", "basic_expenditure", ("basic_expenditure",), "amount"),
    ("基本支出占比", "basic_share_pct", ("basic_expenditure",), "share"),
    ("项目支出", "project_expenditure", ("project_expenditure",), "amount"),
    ("项目支出占比", "project_share_pct", ("project_expenditure",), "share"),
    ("人员经费", "personnel_expenditure", ("personnel_expenditure",), "amount"),
    ("人员经费占基本支出", "personnel_share_of_basic_pct", ("personnel_expenditure",), "share"),
    ("公用经费", "public_expenditure", ("public_expenditure",), "amount"),
    ("公用经费占基本支出", "public_share_of_basic_pct", ("public_expenditure",), "share"),
    ("比上年增减", "change_vs_prior", ("total", "total_income", "total_expenditure"), "change_amount"),
    ("比上年增减率", "change_vs_prior_pct", ("total", "total_income", "total_expenditure"), "change_percent"),
)

#: Figures that exist only in the narrative: comparing them with themselves would be a false ✓.
_NARRATIVE_ONLY = {"change_vs_prior": "上年数只见于文字说明，金额无法与表格核对 (prior-year total is only in the text)"}
_TOLERANCE = 0.01  # 万元 or percentage points: one unit in the last printed digit

_HEADLINE_COLUMNS = ["topic", "figure", "computed", "stated", "unit", "difference", "status", "mark",
                     "verdict_source", "note", "line", "sentence"]
_STRUCTURE_COLUMNS = ["name", "code", "amount", "share_pct"]


# --------------------------------------------------------------------------
# Audit (guarded: the audit module is built in parallel with this one)
# --------------------------------------------------------------------------


@dataclass
class AuditResults:
    """The audit of one disclosure: checks, summary, transparency score; ``note`` says why one is missing."""

    frame: pd.DataFrame | None = None
    summary: dict | None = None
    score: float | None = None
    breakdown: pd.DataFrame | None = None
    note: str = ""

    @property
    def available(self) -> bool:
        return self.frame is not None


def audit_results(d: Disclosure) -> AuditResults:
    """Run the audit (:mod:`chanhe_budget.checks`) on ``d``: its rows, summary, score and breakdown.

    A report must still be written when the audit of a damaged document breaks, so a
    :class:`~chanhe_budget.errors.ChanheBudgetError` becomes a visible note instead of a failed run.
    """
    try:
        frame = audit(d)
    except ChanheBudgetError as exc:
        return AuditResults(note=f"审计未能完成 (the audit could not run): {exc}")
    score, breakdown = transparency_score(d, frame)
    return AuditResults(frame=frame, summary=summarise(frame), score=score, breakdown=breakdown)


def narrative_checks(audit_frame: pd.DataFrame | None) -> pd.DataFrame:
    """The audit's narrative-against-table rows, each with its ✓/✗ mark.

    Columns: ``mark``, ``status``, ``line``, ``description_zh``, ``expected``
    (table value), ``found`` (stated value), ``difference``, ``evidence``.
    Amounts in 万元, percentages in %. Empty when there is no audit.
    """
    columns = ["mark", "status", "line", "description_zh", "expected", "found", "difference", "evidence"]
    if audit_frame is None or audit_frame.empty or "family" not in audit_frame:
        return pd.DataFrame(columns=columns)
    rows = audit_frame[audit_frame["family"] == "narrative"].copy()
    rows["mark"] = rows["status"].map(STATUS_MARKS).fillna("?")
    return rows.reindex(columns=columns).reset_index(drop=True)


def _audit_status(audit_frame: pd.DataFrame | None, line: int, stated: float) -> str | None:
    """The audit's status for the narrative statement on ``line`` stating ``stated``, if it checked it."""
    if audit_frame is None or audit_frame.empty or not {"family", "line", "status"} <= set(audit_frame):
        return None
    rows = audit_frame[(audit_frame["family"] == "narrative") & (pd.to_numeric(audit_frame["line"], errors="coerce")
                                                                  == line)]
    for column in ("found", "expected"):
        if column in rows:
            hit = rows[(pd.to_numeric(rows[column], errors="coerce") - stated).abs() < 1e-6]
            if not hit.empty:
                return str(hit["status"].iloc[0])
    return None


# --------------------------------------------------------------------------
# Headline statements
# --------------------------------------------------------------------------


def _statement(d: Disclosure, keys: tuple[str, ...], kind: str) -> pd.Series | None:
    frame = d.narrative
    if frame.empty:
        return None
    for key in keys:
        rows = frame[(frame["key"] == key) & (frame["kind"] == kind)]
        if not rows.empty:
            return rows.iloc[0]
    return None


def headline_comparison(d: Disclosure, audit_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The document's own headline statements next to the values computed from its tables.

    One row per statement of :data:`HEADLINES` the narrative makes (收支总体,
    基本/项目支出 and their shares, 人员/公用经费 and their shares of basic
    expenditure, the change against last year). Columns:

    - ``topic`` (Chinese), ``figure`` (FIGURES.md name);
    - ``computed``: the key figure computed from the tables; ``stated``: the
      narrative's number (万元 for amounts, % for shares and changes; ``unit``);
    - ``difference`` = stated − computed;
    - ``status`` pass/fail/cannot_check and its ``mark`` ✓/✗/?; taken from the
      audit's narrative rows when ``audit_frame`` has the statement
      (``verdict_source`` "audit"), else compared here within 0.01
      ("figures");
    - ``note``; ``line`` and ``sentence`` of the statement.
    """
    figures = d.figures
    rows = []
    for topic, figure, keys, kind in HEADLINES:
        statement = _statement(d, keys, kind)
        if statement is None:
            continue
        stated = float(statement["value"])
        computed = figures.get(figure)
        note = _NARRATIVE_ONLY.get(figure, "")
        status = _audit_status(audit_frame, int(statement["line"]), stated)
        source = "audit"
        if note:  # a figure only the text gives: the audit's pass checks the text against itself, not the tables
            status, source = "cannot_check", "figures"
        elif status is None:
            source = "figures"
            if computed is None:
                status = "cannot_check"
            else:
                status = "pass" if abs(stated - computed) <= _TOLERANCE + 1e-9 else "fail"
        rows.append({
            "topic": topic, "figure": figure, "computed": computed, "stated": stated,
            "unit": statement["unit"], "difference": None if computed is None else round(stated - computed, 2),
            "status": status, "mark": STATUS_MARKS.get(status, "?"), "verdict_source": source, "note": note,
            "line": int(statement["line"]), "sentence": statement["sentence"],
        })
    return pd.DataFrame(rows, columns=_HEADLINE_COLUMNS)


# --------------------------------------------------------------------------
# Structures
# --------------------------------------------------------------------------


def _numbers(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").fillna(0.0)


def _with_share(frame: pd.DataFrame) -> pd.DataFrame:
    total = frame["amount"].sum()
    frame["amount"] = frame["amount"].round(2)
    frame["share_pct"] = (frame["amount"] / total * 100).round(2) if total else math.nan
    return frame.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)


def _printed_names(rows: pd.DataFrame, level: str) -> dict[str, str]:
    """Names of the rows the table prints at ``level`` (code → name)."""
    printed = rows[rows["level"] == level]
    return dict(zip(printed["code"], printed["name"], strict=True))


def _empty_structure(table: str | None) -> pd.DataFrame:
    frame = pd.DataFrame(columns=_STRUCTURE_COLUMNS)
    frame.attrs["table"] = table
    return frame


def _source_label(d: Disclosure, table: str) -> str:
    """How the report names a source table: the template's own title in a 决算 (支出决算表)."""
    template = getattr(d, "template", None)
    return template.table_label(table) if template is not None else TABLE_LABELS.get(table, table)


def _absent(d: Disclosure, table: str, columns: list[str]) -> pd.DataFrame:
    """An empty result; ``attrs["note"]`` says so when the document's template has no such table
    (a 决算 publishes no 项目支出预算表), so a report says why instead of showing nothing."""
    frame = pd.DataFrame(columns=columns)
    template = getattr(d, "template", None)
    if template is not None and all(spec.name != table for spec in template.tables):
        frame.attrs["note"] = (f"此模板无{TABLE_LABELS.get(table, table)} (the {template.label} template has no "
                               f"{table} table)")
    return frame


def functional_structure(d: Disclosure, level: str = "class", table: str = "expenditure") -> pd.DataFrame:
    """Expenditure by functional classification (支出功能分类) at ``level`` 类, 款 or 项.

    ``level`` is ``"class"`` (类, 3-digit code), ``"section"`` (款, 5 digits)
    or ``"item"`` (项, 7 digits); ``table`` is the functional table used,
    ``"expenditure"`` (all funds, default) or ``"general_budget_expenditure"``.
    Finer rows are summed up to the level asked. Names: as printed where the
    table prints that level, else :data:`FUNCTIONAL_CLASSES` for 类, else the
    class name with the code.

    Returns columns ``name``, ``code``, ``amount`` (万元) and ``share_pct``
    (% of the sum of the rows), largest first; ``attrs["table"]`` names the source table.
    """
    lengths = {"class": 3, "section": 5, "item": 7}
    if level not in lengths:
        raise ParameterError(f"unknown level {level!r}; choose one of {', '.join(lengths)}")
    frame = d.tables.get(table)
    if frame is None or frame.empty or "code" not in frame:
        return _empty_structure(table)
    coded = frame[frame["code"].notna() & frame["level"].isin(["class", "section", "item"])].copy()
    coded["code"] = coded["code"].astype(str)
    finest = next((lv for lv in ("item", "section", "class") if (coded["level"] == lv).any()), None)
    if finest is None:
        return _empty_structure(table)
    rows = coded[coded["level"] == finest]
    width = min(lengths[level], lengths[finest])
    rows = rows.assign(group=rows["code"].str[:width], amount=_numbers(rows["total"]))
    grouped = rows.groupby("group", sort=False).agg(amount=("amount", "sum"), printed=("name", "first"))
    names = dict(zip(grouped.index, grouped["printed"], strict=True)) if width == lengths[finest] \
        else _printed_names(coded, level)
    out = pd.DataFrame({"name": [_name(names.get(code)) or _functional_name(code) for code in grouped.index],
                        "code": grouped.index, "amount": grouped["amount"].to_numpy()})
    out = _with_share(out)
    out.attrs["table"] = table
    out.attrs["source_label"] = _source_label(d, table)
    return out


def _name(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _functional_name(code: str) -> str:
    class_name = FUNCTIONAL_CLASSES.get(code[:3], (f"类 {code[:3]}",))[0]
    return class_name if len(code) == 3 else f"{class_name}（{code}）"


def economic_structure(d: Disclosure, classification: str = "department", level: str = "class") -> pd.DataFrame:
    """Expenditure by economic classification (支出经济分类), 部门 or 政府 scheme.

    ``classification`` is ``"department"`` (部门预算支出经济分类, 3xx codes) or
    ``"government"`` (政府预算支出经济分类, 5xx); ``level`` ``"class"`` (类)
    or ``"section"`` (款, 5-digit code). The source is 支出经济分类汇总表 (all
    funds, basic and project); a template without it falls back to the
    一般公共预算基本支出表 (basic expenditure only) — ``attrs["table"]`` says which.

    Returns columns ``name``, ``code``, ``amount`` (万元), ``share_pct`` (% of
    the sum of the rows), largest first.
    """
    schemes = {"department": ("code", "name", DEPARTMENT_ECONOMIC_CLASSES),
               "government": ("gov_code", "gov_name", GOVERNMENT_ECONOMIC_CLASSES)}
    if classification not in schemes:
        raise ParameterError(f"unknown classification {classification!r}; choose one of {', '.join(schemes)}")
    if level not in ("class", "section"):
        raise ParameterError(f"unknown level {level!r}; choose one of class, section")
    code_column, name_column, class_names = schemes[classification]
    table = next((t for t in ("economic_summary", "general_budget_basic")
                  if t in d.tables and not d.tables[t].empty), None)
    if table is None:
        return _empty_structure(None)
    frame = d.tables[table]
    if code_column not in frame:
        return _empty_structure(table)
    coded = frame[frame[code_column].notna() & frame["row_kind"].isin(["class", "section", "item"])].copy()
    coded[code_column] = coded[code_column].astype(str)
    sections = coded[coded[code_column].str.len() > 3]
    rows = sections if not sections.empty else coded
    width = 3 if level == "class" else 5
    rows = rows.assign(group=rows[code_column].str[:width], amount=_numbers(rows["total"]))
    grouped = rows.groupby("group", sort=False).agg(amount=("amount", "sum"), printed=(name_column, "first"))
    if level == "class":
        names = [class_names.get(code) or _name(printed) or f"类 {code}"
                 for code, printed in zip(grouped.index, grouped["printed"], strict=True)]
    else:
        names = [_name(printed) or code for code, printed in zip(grouped.index, grouped["printed"], strict=True)]
    out = pd.DataFrame({"name": names, "code": grouped.index, "amount": grouped["amount"].to_numpy()})
    out = _with_share(out)
    out.attrs["table"] = table
    out.attrs["source_label"] = _source_label(d, table)
    return out


# --------------------------------------------------------------------------
# Projects
# --------------------------------------------------------------------------


def _performance_name(name: str, amount: float, performance: pd.DataFrame) -> str | None:
    """The name the performance table gives the project: the same, or one character apart with the same amount."""
    key = compact(name)
    names = performance.drop_duplicates("project_name")
    for other in names["project_name"]:
        if compact(other) == key:
            return other
    for other, other_amount in zip(names["project_name"], names["project_amount"], strict=True):
        if one_char_apart(compact(other), key) is not None and abs(float(other_amount) - amount) < _TOLERANCE:
            return other
    return None


def project_table(d: Disclosure) -> pd.DataFrame:
    """Each project of 项目支出预算表 with its amount and how many performance indicators it has.

    Columns: ``project_name``, ``category`` (项目类别), ``amount`` (万元, all
    funds), ``share_pct`` (% of project expenditure), ``performance_name``
    (the name in 项目绩效目标表, which may be printed differently),
    ``performance_amount`` (万元, 资金总额 there), ``n_indicators`` and one
    count column per indicator level (``成本指标``, ``产出指标``, ``效益指标``,
    ``满意度指标``). Largest project first.
    """
    from ..templates.vocabulary import LEVEL_LABELS

    level_columns = list(LEVEL_LABELS.values())
    columns = ["project_name", "category", "amount", "share_pct", "performance_name", "performance_amount",
               "n_indicators", *level_columns]
    projects = d.tables.get("projects")
    if projects is None or projects.empty:
        return _absent(d, "projects", columns)
    rows = projects[projects["row_kind"] == "project"]
    performance = d.tables.get("project_performance")
    if performance is None:
        performance = pd.DataFrame(columns=["project_name", "project_amount", "level"])
    records = []
    for name, category, amount in zip(rows["project_name"], rows["category"], _numbers(rows["total"]), strict=True):
        other = _performance_name(name, amount, performance) if isinstance(name, str) else None
        indicators = performance[performance["project_name"] == other] if other else performance.iloc[0:0]
        record = {"project_name": name, "category": category, "amount": round(float(amount), 2),
                  "performance_name": other,
                  "performance_amount": float(indicators["project_amount"].iloc[0]) if len(indicators) else None,
                  "n_indicators": len(indicators)}
        counts = indicators["level"].value_counts()
        record.update({label: int(counts.get(level, 0)) for level, label in LEVEL_LABELS.items()})
        records.append(record)
    out = pd.DataFrame(records)
    total = out["amount"].sum()
    out["share_pct"] = (out["amount"] / total * 100).round(2) if total else math.nan
    return out.sort_values("amount", ascending=False, kind="stable").reindex(columns=columns).reset_index(drop=True)


def project_indicators(d: Disclosure) -> pd.DataFrame:
    """Every performance indicator of every project, in long form.

    Columns: ``project_name`` (as in 项目绩效目标表), ``project_amount`` (万元),
    ``level_label`` (成本/产出/效益/满意度指标), ``indicator``, ``value`` (target as
    printed), ``operator``, ``number``, ``value_unit``, ``line``.
    """
    columns = ["project_name", "project_amount", "level_label", "indicator", "value", "operator", "number",
               "value_unit", "line"]
    performance = d.tables.get("project_performance")
    if performance is None or performance.empty:
        return _absent(d, "project_performance", columns)
    return performance.reindex(columns=columns).reset_index(drop=True)


# --------------------------------------------------------------------------
# 三公 and 机构运转经费
# --------------------------------------------------------------------------

#: Rows of the 三公 / operating summary: (label, table, column, narrative key).
_THREE_PUBLIC_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("“三公”经费合计", "three_public", "total", "three_public_total"),
    ("因公出国（境）费", "three_public", "outbound", "three_public_outbound"),
    ("公务用车购置及运行费", "three_public", "vehicles", "three_public_vehicles"),
    ("其中：公务用车购置费", "three_public", "vehicle_purchase", "three_public_vehicle_purchase"),
    ("其中：公务用车运行费", "three_public", "vehicle_operation", "three_public_vehicle_operation"),
    ("公务接待费", "three_public", "reception", "three_public_reception"),
    ("机构运转经费", "operating_funds", "total", "operating_expenditure"),
)


def _table_total(d: Disclosure, table: str, column: str) -> float | None:
    frame = d.tables.get(table)
    if frame is None or column not in frame:
        return None
    if frame.empty:
        return 0.0 if frame.attrs.get("declared_empty") else None
    totals = frame[frame["row_kind"] == "total"]
    if not totals.empty:
        return round(float(_numbers(totals[column]).iloc[0]), 2)
    units = frame[frame["row_kind"] == "unit"]
    rows = units if not units.empty else frame
    return round(float(_numbers(rows[column]).sum()), 2)


def three_public_and_operating(d: Disclosure) -> pd.DataFrame:
    """“三公”经费 by component and 机构运转经费: table amount beside what the narrative states.

    Columns: ``item``, ``table_amount`` (万元; 0 when the table is printed
    empty with a note saying there is no such spending, None when the table
    is absent), ``stated`` (万元, the narrative's figure, None if not stated),
    ``change`` (the narrative's change word: increase / decrease / flat),
    ``mark`` (✓ when both agree within 0.01, ✗ when not, ? when one is
    missing), ``line`` and ``sentence`` of the statement.
    """
    narrative = d.narrative
    records = []
    for label, table, column, key in _THREE_PUBLIC_ROWS:
        amount = _table_total(d, table, column)
        stated_rows = narrative[(narrative["key"] == key) & (narrative["kind"] == "amount")] \
            if not narrative.empty else narrative
        change_rows = narrative[(narrative["key"] == key) & (narrative["kind"] == "change_amount")] \
            if not narrative.empty else narrative
        stated = float(stated_rows["value"].iloc[0]) if len(stated_rows) else None
        if amount is None or stated is None:
            mark = "?"
        else:
            mark = "✓" if abs(amount - stated) <= _TOLERANCE + 1e-9 else "✗"
        first = stated_rows.iloc[0] if len(stated_rows) else None
        records.append({
            "item": label, "table_amount": amount, "stated": stated,
            "change": change_rows["direction"].iloc[0] if len(change_rows) else None, "mark": mark,
            "line": None if first is None else int(first["line"]),
            "sentence": None if first is None else first["sentence"],
        })
    return pd.DataFrame(records, columns=["item", "table_amount", "stated", "change", "mark", "line", "sentence"])


def operating_items(d: Disclosure) -> pd.DataFrame:
    """The items of 机构运转经费 (行政(事业)单位机构运转经费预算表).

    Columns: ``code`` (economic code), ``name``, ``category`` (as printed),
    ``amount`` (万元), ``share_pct`` (% of the items' sum), largest first.
    """
    frame = d.tables.get("operating_funds")
    columns = ["code", "name", "category", "amount", "share_pct"]
    if frame is None or frame.empty:
        return _absent(d, "operating_funds", columns)
    kinds = ("item",) if "category" in frame else ("section", "item")  # economic-coded (Jiangsu): the 款 rows
    items = frame[frame["row_kind"].isin(kinds)]
    out = pd.DataFrame({"code": items["code"], "name": items["name"],
                        "category": items["category"] if "category" in items else None,
                        "amount": _numbers(items["total"])})
    return _with_share(out).reindex(columns=columns)


def table_overview(d: Disclosure) -> pd.DataFrame:
    """Which tables of the template the document holds.

    Columns: ``table`` (canonical name), ``label`` (Chinese title), ``rows``
    (parsed rows; None when absent), ``status`` (present / declared empty /
    absent), ``title_line`` (where its title is printed).
    """
    records = []
    for spec in d.template.tables:
        frame = d.tables.get(spec.name)
        if frame is None:
            status = "absent"
        elif frame.empty and frame.attrs.get("declared_empty"):
            status = "declared empty"
        else:
            status = "present"
        records.append({"table": spec.name, "label": spec.label, "rows": None if frame is None else len(frame),
                        "status": status, "title_line": None if frame is None else frame.attrs.get("title_line")})
    return pd.DataFrame(records, columns=["table", "label", "rows", "status", "title_line"])


_STATUS_MARKS = {"confirmed": "✓ confirmed", "single": "· single", "conflict": "✗ conflict", "absent": "– absent"}


def figure_table(d: Disclosure) -> pd.DataFrame:
    """The key figures for display: ``figure``, ``label`` (Chinese), ``value``, ``status`` (✓ confirmed by
    another place of the document, · single, ✗ conflict, – absent; see :mod:`chanhe_budget.provenance`)
    and ``conflicts`` (the places that disagree, with their values)."""
    provenance = d.provenance.set_index("figure")
    return pd.DataFrame({"figure": list(FIGURE_LABELS), "label": list(FIGURE_LABELS.values()),
                         "value": [d.figures.get(name) for name in FIGURE_LABELS],
                         "status": [_STATUS_MARKS.get(provenance.at[name, "status"], "") for name in FIGURE_LABELS],
                         "conflicts": [provenance.at[name, "conflicts"] or "" for name in FIGURE_LABELS]})
