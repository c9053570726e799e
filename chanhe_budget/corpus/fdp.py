"""Open exports of a corpus: Parquet, CSV (UTF-8 with BOM), Excel, and a Fiscal Data Package.

Why a Fiscal Data Package (FDP v1.0-rc1, a frictionless Tabular Data Package):
other budget tools (OpenSpending and its successors) read it without knowing our
column names, because every column says what it is with a ``columnType`` —
fiscal year, phase, administrative and functional classification levels, the
measured value and its currency. Classification codes are typed ``string`` (a
code such as 2010301 is an identifier, not a number). Amounts stay in 万元, as
everywhere in this package: each amount field says so with ``unit`` and
``factor`` (10000 yuan) — FDP v1 has no standard key for a scale, so these are
documented custom keys. The data dictionary travels inside the package.

Files are written atomically one by one (``exports.write_atomic``), the
``datapackage.json`` last, so a crash never leaves a descriptor pointing at a
half-written file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from ..dictionary import data_dictionary
from ..errors import MissingComponentError, ParameterError
from ..exports import FORMATS, write_atomic, write_tables
from ..templates.spec import TABLE_NAMES

__all__ = [
    "EXPORT_FORMATS",
    "budget_lines",
    "corpus_dictionary",
    "corpus_frames",
    "economic_lines",
    "export_corpus",
    "validate_package",
    "write_fiscal_data_package",
]

EXPORT_FORMATS = (*FORMATS, "fdp")
FDP_VERSION = "1.0.0-rc1"
PHASES = {"budget": "proposed", "final_accounts": "executed"}
_AMOUNT = {"unit": "万元", "factor": 10000}

#: Columns that only the corpus adds: (label_zh, unit, meaning).
_CORPUS_COLUMNS: dict[str, tuple[str, str, str]] = {
    "department": ("部门名称", "", "budget department the row comes from"),
    "year": ("年度", "", "fiscal year of the document"),
    "kind": ("类型", "", "budget (预算) or final_accounts (决算)"),
    "template": ("模板", "", "template the document was read with (henan, …)"),
    "path": ("文件", "", "document the row comes from, as catalogued"),
    "sha256": ("文件摘要", "", "sha256 of the document's bytes"),
}
_YEAR_ON_YEAR_COLUMNS: dict[str, tuple[str, str, str]] = {
    "prior_year": ("上年年度", "", "year of the earlier document"),
    "item_type": ("比较对象类型", "", "figure, function (functional code) or project"),
    "key": ("比较对象", "", "figure name, functional code, or compacted project name"),
    "name": ("名称", "", "label as printed"),
    "current": ("本年数", "万元", "this year's amount (a count for project_count)"),
    "previous": ("上年数", "万元", "previous year's amount, from the previous year's document"),
    "change": ("增减额", "万元", "current − previous; null unless both years give it"),
    "change_pct": ("增减率", "%", "change / previous × 100"),
    "presence": ("出现情况", "", "both, current_only or previous_only"),
    "prior_path": ("上年文件", "", "the previous year's document"),
}
_DOCUMENT_COLUMNS: dict[str, tuple[str, str, str]] = {
    "scope": ("范围", "", "department (部门预算) or unit (单位预算)"),
    "source_url": ("来源网址", "", "where the document was downloaded, when known"),
    "status": ("读取状态", "", "parsed, cached (read from the parse cache) or failed"),
    "warnings": ("警告数", "", "number of parse warnings"),
    "error": ("错误类型", "", "error type when the document could not be read"),
    "reason": ("原因", "", "why the document could not be read"),
}
#: Fields of the FDP resources: name → (type, columnType or None, label_zh, unit, meaning).
_LINE_FIELDS: dict[str, tuple[str, str | None, str, str, str]] = {
    "line_id": ("string", "budget-line-id", "预算行标识", "", "document sha256 prefix and source line"),
    "fiscal_year": ("year", "date:fiscal-year", "预算年度", "", "fiscal year (calendar year in China)"),
    "phase": ("string", "phase:id", "预算阶段", "", "proposed (预算) or executed (决算)"),
    "direction": ("string", "direction", "收支方向", "", "expenditure"),
    "department": ("string", "administrative-classification:generic:level1:label", "部门名称", "",
                   "budget department"),
    "unit_code": ("string", "administrative-classification:generic:level2:code", "单位代码", "",
                  "budget unit code as printed"),
    "unit_name": ("string", "administrative-classification:generic:level2:label", "单位名称", "", "budget unit"),
    "currency": ("string", "value-currency:code", "币种", "", "ISO 4217 currency of the amounts"),
    "source_path": ("string", None, "来源文件", "", "document the line was read from"),
    "source_line": ("integer", None, "来源行号", "", "line of the document's text"),
}
_FUNCTION_FIELDS: dict[str, tuple[str, str | None, str, str, str]] = {
    "functional_class_code": ("string", "functional-classification:generic:level1:code", "功能分类类", "",
                              "支出功能分类 类 (3 digits)"),
    "functional_section_code": ("string", "functional-classification:generic:level2:code", "功能分类款", "",
                                "支出功能分类 款 (5 digits: 类 + 款)"),
    "functional_item_code": ("string", "functional-classification:generic:level3:code", "功能分类项", "",
                             "支出功能分类 项 (7 digits: 类 + 款 + 项)"),
    "functional_item_label": ("string", "functional-classification:generic:level3:label", "项名称", "",
                              "name of the 项 as printed"),
    "amount": ("number", "value", "合计", "万元", "expenditure of the line, all funds"),
    "basic_amount": ("number", None, "基本支出", "万元", "basic expenditure (基本支出) of the line"),
    "project_amount": ("number", None, "项目支出", "万元", "project expenditure (项目支出) of the line"),
}
_ECONOMIC_FIELDS: dict[str, tuple[str, str | None, str, str, str]] = {
    "economic_class_code": ("string", "economic-classification:generic:level1:code", "经济分类类", "",
                            "部门预算支出经济分类 类 (3 digits)"),
    "economic_section_code": ("string", "economic-classification:generic:level2:code", "经济分类款", "",
                              "部门预算支出经济分类 款 (5 digits: 类 + 款)"),
    "economic_section_label": ("string", "economic-classification:generic:level2:label", "款名称", "",
                               "name of the 款 as printed"),
    "gov_economic_code": ("string", None, "政府预算经济分类编码", "", "政府预算支出经济分类 code as printed"),
    "amount": ("number", "value", "总计", "万元", "expenditure of the line, all funds"),
}


# ---------------------------------------------------------------- frames


def corpus_frames(corpus, tables: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The frames a corpus export holds: ``figures`` (the panel), ``documents``, ``year_on_year``, and
    every long table (``tables``, default: each canonical table that some document has)."""
    if tables is not None:
        unknown = [t for t in tables if t not in TABLE_NAMES]
        if unknown:
            raise ParameterError(f"unknown table(s) {', '.join(unknown)}; canonical names: {', '.join(TABLE_NAMES)}")
    names = tables if tables is not None else [t for t in TABLE_NAMES if any(t in d.tables for d in corpus)]
    frames = {"figures": corpus.figures, "documents": corpus.documents, "year_on_year": corpus.year_on_year()}
    frames.update({name: corpus.table(name) for name in names})
    return frames


def corpus_dictionary() -> pd.DataFrame:
    """:func:`chanhe_budget.data_dictionary` plus the columns a corpus adds (document keys on every long
    table, the panel's provenance, ``documents``, ``year_on_year`` and the FDP resources):
    ``table``, ``column``, ``label_zh``, ``unit``, ``meaning``."""
    base = data_dictionary()
    rows = []
    for table in TABLE_NAMES:
        rows += [(table, c, *_CORPUS_COLUMNS[c]) for c in ("department", "year", "kind", "template", "path")]
    rows += [("figures", c, *_CORPUS_COLUMNS[c]) for c in ("template", "path", "sha256")]
    rows += [("documents", c, *(_CORPUS_COLUMNS.get(c) or _DOCUMENT_COLUMNS[c]))
             for c in ("path", "department", "year", "kind", "scope", "template", "sha256", "source_url", "status",
                       "warnings", "error", "reason")]
    rows += [("year_on_year", c, *(_CORPUS_COLUMNS.get(c) or _YEAR_ON_YEAR_COLUMNS[c]))
             for c in ("department", "kind", "year", "prior_year", "item_type", "key", "name", "current", "previous",
                       "change", "change_pct", "presence", "path", "prior_path")]
    for resource, fields in (("budget_lines", {**_LINE_FIELDS, **_FUNCTION_FIELDS}),
                             ("economic_lines", {**_LINE_FIELDS, **_ECONOMIC_FIELDS})):
        rows += [(resource, name, label, unit, meaning) for name, (_, _, label, unit, meaning) in fields.items()]
    extra = pd.DataFrame(rows, columns=["table", "column", "label_zh", "unit", "meaning"])
    return pd.concat([base, extra], ignore_index=True).drop_duplicates(["table", "column"]).reset_index(drop=True)


def budget_lines(corpus) -> pd.DataFrame:
    """The FDP's main resource: one row per 项-level line of each document's expenditure table (支出预算表).

    Columns: see :data:`_LINE_FIELDS` and :data:`_FUNCTION_FIELDS` (amounts 万元). Documents whose
    expenditure table does not go down to 项 contribute nothing here (their rows stay in the long tables).
    """
    rows = []
    for doc, d in _unique_documents(corpus):
        frame = d.tables.get("expenditure")
        if frame is None or frame.empty:
            continue
        units = _unit_names(frame)
        for row in frame[frame["level"] == "item"].to_dict("records"):
            code = str(row["code"])
            rows.append({**_line_keys(doc, d, row, units), "functional_class_code": code[:3],
                         "functional_section_code": code[:5], "functional_item_code": code,
                         "functional_item_label": row["name"], "amount": row["total"],
                         "basic_amount": row["basic_total"], "project_amount": row["project_total"]})
    return _typed(pd.DataFrame(rows, columns=[*_LINE_FIELDS, *_FUNCTION_FIELDS]), {**_LINE_FIELDS, **_FUNCTION_FIELDS})


def economic_lines(corpus) -> pd.DataFrame:
    """One row per 款-level line of each document's 支出经济分类汇总表 (amounts 万元)."""
    rows = []
    for doc, d in _unique_documents(corpus):
        frame = d.tables.get("economic_summary")
        if frame is None or frame.empty or "code" not in frame:
            continue
        units = _unit_names(frame)
        for row in frame[frame["level"] == "section"].to_dict("records"):
            code = str(row["code"])
            rows.append({**_line_keys(doc, d, row, units), "economic_class_code": code[:3],
                         "economic_section_code": code, "economic_section_label": row["name"],
                         "gov_economic_code": None if pd.isna(row["gov_code"]) else str(row["gov_code"]),
                         "amount": row["total"]})
    return _typed(pd.DataFrame(rows, columns=[*_LINE_FIELDS, *_ECONOMIC_FIELDS]), {**_LINE_FIELDS, **_ECONOMIC_FIELDS})


def _unique_documents(corpus):
    seen = set()
    for doc in corpus.records:
        if doc.disclosure is not None and doc.sha256 not in seen:
            seen.add(doc.sha256)
            yield doc, doc.disclosure


def _unit_names(frame: pd.DataFrame) -> dict:
    units = frame[frame["row_kind"] == "unit"]
    return {str(code): name for code, name in zip(units["unit_code"], units["name"], strict=True)}


def _line_keys(doc, d, row: dict, units: dict) -> dict:
    unit = None if pd.isna(row["unit_code"]) else str(row["unit_code"])
    return {"line_id": f"{(doc.sha256 or '')[:12]}-L{row['line']}", "fiscal_year": d.year,
            "phase": PHASES.get(d.kind, d.kind), "direction": "expenditure", "department": d.department,
            "unit_code": unit, "unit_name": units.get(unit), "currency": "CNY", "source_path": doc.path,
            "source_line": row["line"]}


def _typed(frame: pd.DataFrame, fields: dict) -> pd.DataFrame:
    for name, (kind, *_rest) in fields.items():
        if kind in ("integer", "year"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
        elif kind == "number":  # 6 decimals of 万元 = 0.01 元: drops the float noise of 元 → 万元 (2.6300000000000003)
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64").round(6)
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


# ---------------------------------------------------------------- writing


def export_corpus(corpus, out_dir: str | os.PathLike, formats: tuple[str, ...] | list[str] = ("csv",), *,
                  tables: list[str] | None = None) -> list[Path]:
    """Write the panel, the documents, year-on-year and the long tables in each of ``formats``
    (csv — UTF-8 with BOM, xlsx — one workbook, parquet; each with the data dictionary) and, for ``fdp``,
    a Fiscal Data Package in ``<out_dir>/fdp``. Returns the paths written."""
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise ParameterError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(EXPORT_FORMATS)}")
    out = Path(out_dir)
    paths: list[Path] = []
    frames = corpus_frames(corpus, tables) if any(f != "fdp" for f in formats) else {}
    for fmt in formats:
        if fmt == "fdp":
            paths += write_fiscal_data_package(corpus, out / "fdp")
        else:
            paths += write_tables(frames, out, fmt, dictionary=corpus_dictionary())
    return paths


def write_fiscal_data_package(corpus, out_dir: str | os.PathLike, *, name: str = "chanhe-budget-corpus",
                              title: str = "部门预算公开 corpus (chanhe_budget)") -> list[Path]:
    """Write a Fiscal Data Package: ``budget_lines.csv`` (functional classification), ``economic_lines.csv``,
    ``figures.csv`` (the panel), ``data_dictionary.csv`` and ``datapackage.json`` (written last).

    CSVs are plain UTF-8 (no BOM: frictionless tools expect it so). Returns the paths written.
    """
    out = Path(out_dir)
    dictionary = corpus_dictionary()
    lines_fields = {**_LINE_FIELDS, **_FUNCTION_FIELDS}
    economic_fields = {**_LINE_FIELDS, **_ECONOMIC_FIELDS}
    panel = corpus.figures.copy()
    resources = [
        ("budget_lines", budget_lines(corpus), _schema(lines_fields, primary_key="line_id")),
        ("economic_lines", economic_lines(corpus), _schema(economic_fields, primary_key="line_id")),
        ("figures", panel, _panel_schema(panel, dictionary)),
        ("data_dictionary", dictionary, _schema({c: ("string", None, c, "", "") for c in dictionary.columns})),
    ]
    paths = []
    descriptors = []
    for resource, frame, schema in resources:
        path = write_atomic(out / f"{resource}.csv", lambda p, f=frame: f.to_csv(p, index=False, encoding="utf-8"))
        paths.append(path)
        descriptors.append({"name": resource, "path": f"{resource}.csv", "profile": "tabular-data-resource",
                            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    years = sorted(int(y) for y in panel["year"].dropna().unique())
    package = {
        "name": name, "title": title, "profile": "tabular-data-package",
        "description": "Key figures and budget lines of Chinese department budget disclosures (部门预算公开), "
                       "read by chanhe_budget. Amounts in 万元 (field keys unit/factor: × 10000 = yuan).",
        "countryCode": "CN", "fiscalDataPackage": FDP_VERSION,
        "fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"} if years else None,
        "resources": descriptors,
    }
    package = {k: v for k, v in package.items() if v is not None}
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    paths.append(write_atomic(out / "datapackage.json", lambda p: p.write_text(text, encoding="utf-8")))
    return paths


def _schema(fields: dict, primary_key: str | None = None) -> dict:
    out = []
    for name, (kind, column_type, label, unit, meaning) in fields.items():
        field = {"name": name, "type": kind, "title": label}
        if meaning:
            field["description"] = meaning
        if column_type:
            field["columnType"] = column_type
        if unit == "万元":
            field.update(_AMOUNT)
        out.append(field)
    schema = {"fields": out}
    if primary_key:
        schema["primaryKey"] = [primary_key]
    return schema


def _panel_schema(panel: pd.DataFrame, dictionary: pd.DataFrame) -> dict:
    info = dictionary[dictionary["table"] == "figures"].set_index("column")
    fields = {}
    for column in panel.columns:
        dtype = panel[column].dtype
        kind = "integer" if pd.api.types.is_integer_dtype(dtype) else (
            "number" if pd.api.types.is_float_dtype(dtype) else "string")
        column_type = {"year": "date:fiscal-year", "department": "administrative-classification:generic:level1:label"}
        label, unit, meaning = (info.loc[column, ["label_zh", "unit", "meaning"]] if column in info.index
                                else (column, "", ""))
        fields[column] = ("year" if column == "year" else kind, column_type.get(column), label, unit, meaning)
    return _schema(fields)


def validate_package(path: str | os.PathLike) -> list[str]:
    """Validate a ``datapackage.json`` with frictionless; returns the errors as text (empty: valid)."""
    try:
        from frictionless import validate
    except ImportError:
        raise MissingComponentError("validating a data package needs frictionless: pip install frictionless") from None
    report = validate(str(path))
    if report.valid:
        return []
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] or \
        [error.message for error in report.errors]
