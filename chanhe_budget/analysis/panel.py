"""Stage 6b: the ratio analysis across a corpus — the tables and charts of the corpus notebook.

Why: transparency research compares departments and years. The corpus notebook
(``notebooks/corpus_analysis.ipynb``) shows, for the department-years of a
:class:`~chanhe_budget.corpus.Corpus` that pass its filters: totals, the
basic/project and personnel/public shares, “三公” and 机构运转经费, each
document's audit verdict and transparency score, and the real year-on-year
changes between two years' documents. Every table it displays comes from a
function here and every chart from a ``plot_`` function of
:mod:`chanhe_budget.plots.corpus`, so the numbers can
be tested, reused in a script, and trusted to be the ones a report printed.

Filters are a mapping with the keys of :data:`FILTER_KEYS`: ``departments``
(names as read from the documents), ``years`` (fiscal years) and ``template``
(a template name such as ``henan``); empty means all. A named value the corpus
does not hold is a :class:`~chanhe_budget.errors.ParameterError` that lists what
it does hold.

Amounts are in 万元, shares and changes in %.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import CatalogError, ParameterError
from ..key_figures import FIGURE_LABELS

if TYPE_CHECKING:
    from ..corpus.collection import Corpus

__all__ = [
    "CHECK_COLUMNS",
    "FILTER_KEYS",
    "ITEM_TYPES",
    "KIND_LABELS",
    "LABELS",
    "SCORE_COLUMNS",
    "SHARE_PAIRS",
    "THREE_PUBLIC_COLUMNS",
    "UNKNOWN_DEPARTMENT",
    "VIEWS",
    "check_filters",
    "corpus_overview",
    "document_table",
    "execution_table",
    "panel_table",
    "score_table",
    "split_items",
    "three_public_table",
    "view",
    "year_on_year_checks",
    "year_on_year_table",
]

#: The filters a corpus report takes.
FILTER_KEYS = ("departments", "years", "template")
#: What :meth:`Corpus.year_on_year` compares: key figures, functional codes, projects.
ITEM_TYPES = ("figure", "function", "project")
#: The two splits :func:`plot_shares` draws: name → ((share column, label), (share column, label)).
SHARE_PAIRS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "basic_project": (("basic_share_pct", "基本支出"), ("project_share_pct", "项目支出")),
    "personnel_public": (("personnel_share_of_basic_pct", "人员经费"), ("public_share_of_basic_pct", "公用经费")),
}
#: Components of the “三公” table (万元), in the order they are stacked.
THREE_PUBLIC_PARTS: tuple[tuple[str, str], ...] = (
    ("outbound", "因公出国（境）费"), ("reception", "公务接待费"), ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
)
THREE_PUBLIC_COLUMNS = ("department", "year", "kind", "three_public_total", "outbound", "reception", "vehicles",
                        "vehicle_purchase", "vehicle_operation", "operating_expenditure", "path")
SCORE_COLUMNS = ("department", "year", "kind", "template", "transparency_score", "verdict", "n_checks", "n_pass",
                 "n_fail", "n_warn", "n_not_applicable", "n_cannot_check", "yoy_checks", "yoy_fail", "note", "path")
CHECK_COLUMNS = ("mark", "department", "year", "prior_year", "check_id", "description_zh", "expected", "found",
                 "tolerance", "status", "reason", "line", "evidence", "path", "prior_path")
#: Column sets shown by :func:`view` (display only: the tables themselves keep every column).
VIEWS: dict[str, tuple[str, ...]] = {
    "totals": ("department", "year", "kind", "total_income", "total_expenditure", "expenditure_this_year",
               "general_budget_income", "project_count", "prior_year_total", "change_vs_prior",
               "change_vs_prior_pct"),
    "shares": ("department", "year", "kind", "basic_expenditure", "project_expenditure", "basic_share_pct",
               "project_share_pct", "personnel_expenditure", "public_expenditure", "personnel_share_of_basic_pct",
               "public_share_of_basic_pct"),
    "three_public": ("department", "year", "kind", "three_public_total", "outbound", "reception", "vehicles",
                     "vehicle_purchase", "vehicle_operation", "operating_expenditure"),
    "scores": ("department", "year", "kind", "transparency_score", "verdict", "n_checks", "n_pass", "n_fail",
               "n_warn", "n_not_applicable", "n_cannot_check", "yoy_checks", "yoy_fail", "note"),
    "year_on_year": ("department", "kind", "year", "prior_year", "name", "previous", "current", "change",
                     "change_pct", "presence"),
    "year_on_year_coded": ("department", "kind", "year", "prior_year", "key", "name", "previous", "current", "change",
                           "change_pct", "presence"),
    "checks": ("mark", "department", "year", "prior_year", "description_zh", "expected", "found", "reason"),
    "documents": ("department", "year", "kind", "template", "status", "changed_since_filed", "warnings", "path"),
    "execution": ("department", "year", "name", "planned", "actual", "difference", "rate_pct", "presence"),
}
#: Column headers :func:`view` prints (Chinese, as the documents say it); other columns keep their names.
LABELS: dict[str, str] = {
    **FIGURE_LABELS,
    "kind": "类型", "template": "模板", "path": "文件", "status": "读取", "warnings": "解析警告",
    "changed_since_filed": "归档后已变更",
    "outbound": "因公出国（境）费", "reception": "公务接待费", "vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费",
    "transparency_score": "透明度得分", "verdict": "审计结论", "n_checks": "检查项", "n_pass": "通过",
    "n_fail": "未通过", "n_warn": "提示", "n_not_applicable": "不适用", "n_cannot_check": "无法核对",
    "yoy_checks": "跨年核对", "yoy_fail": "跨年未通过", "note": "说明",
    "prior_year": "上年", "name": "项目", "previous": "上年数", "current": "本年数", "change": "增减额",
    "change_pct": "增减率(%)", "presence": "两年均有", "key": "代码",
    "mark": "", "description_zh": "核对内容", "expected": "文件所述", "found": "两年文件之差", "reason": "说明",
    "planned": "预算数", "actual": "决算数", "difference": "决算−预算", "rate_pct": "执行率(%)",
}

KIND_LABELS = {"budget": "预算", "final_accounts": "决算"}
_PRESENCE_LABELS = {"both": "是", "current_only": "仅本年", "previous_only": "仅上年", "budget_only": "仅预算",
                    "final_only": "仅决算"}
UNKNOWN_DEPARTMENT = "（未知部门）"


# --------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------


def check_filters(filters: Mapping[str, Any] | None = None, corpus: Corpus | None = None) -> dict[str, Any]:
    """Normalise (and, given the corpus, check) report filters.

    Returns ``{"departments": [str, …], "years": [int, …], "template": str | None}``;
    a single name or year may be given instead of a list, and empty values mean
    "all". Raises :class:`~chanhe_budget.errors.ParameterError` for an unknown
    key or a value of the wrong type and — with ``corpus`` — for a department,
    year or template the corpus does not hold, or filters that together select
    nothing; the message lists what the corpus holds. A corpus with no readable
    document at all raises :class:`~chanhe_budget.errors.CatalogError` naming the
    failures.
    """
    given = dict(filters or {})
    unknown = sorted(set(given) - set(FILTER_KEYS), key=str)
    if unknown:
        raise ParameterError(f"unknown filter(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(FILTER_KEYS)}")
    template = given.get("template")
    if template is not None and not isinstance(template, str):
        raise ParameterError(f"template must be a template name such as 'henan', got {template!r}")
    out = {"departments": _names(given.get("departments")), "years": _years(given.get("years")),
           "template": (template or "").strip() or None}
    if corpus is not None:
        _check_held(out, corpus)
    return out


def _names(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping | bytes):
        raise ParameterError(f"departments must be a list of department names, got {value!r}")
    names = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ParameterError(f"departments must be a list of department names, got {item!r} in it")
        names.append(item.strip())
    return list(dict.fromkeys(names))


def _years(value: Any) -> list[int]:
    if value is None or value == "" or value == 0:
        return []
    items = [value] if isinstance(value, int | str) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping | bytes):
        raise ParameterError(f"years must be a list of fiscal years such as [2024, 2025], got {value!r}")
    years = []
    for item in items:
        try:
            if isinstance(item, bool) or (isinstance(item, float) and not item.is_integer()):
                raise ValueError
            year = int(str(item).strip()) if isinstance(item, str) else int(item)
        except (TypeError, ValueError):
            raise ParameterError(f"years must be fiscal years such as 2025, got {item!r}") from None
        years.append(year)
    return sorted(set(years))


def _held(panel: pd.DataFrame, limit: int = 12) -> str:
    """What a panel holds: 'department (years); …'."""
    if panel.empty:
        return "nothing"
    parts = []
    for department, group in panel.groupby(panel["department"].fillna(UNKNOWN_DEPARTMENT), sort=True):
        years = ", ".join(str(y) for y in sorted(group["year"].dropna().unique()))
        parts.append(f"{department} ({years or 'year unknown'})")
    more = f"; … ({len(parts) - limit} more)" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _check_held(filters: dict[str, Any], corpus: Corpus) -> None:
    panel = corpus.figures
    if panel.empty:
        failures = corpus.failures
        reasons = "; ".join(f"{row.path}: {row.reason}" for row in failures.head(5).itertuples())
        raise CatalogError(f"the corpus holds no readable document ({len(corpus)} catalogued, {len(failures)} "
                           f"could not be read{': ' + reasons if reasons else ''})")
    held = f"the corpus holds {_held(panel)}"
    departments = set(panel["department"].dropna())
    for name in filters["departments"]:
        if name not in departments:
            close = difflib.get_close_matches(name, sorted(departments), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ParameterError(f"unknown department {name!r}{hint}; {held}")
    years = {int(y) for y in panel["year"].dropna()}
    missing = [y for y in filters["years"] if y not in years]
    if missing:
        raise ParameterError(f"no document of the year(s) {', '.join(map(str, missing))} in the corpus (years held: "
                             f"{', '.join(map(str, sorted(years))) or 'none'}); {held}")
    templates = sorted(set(panel["template"].dropna()))
    if filters["template"] and filters["template"] not in templates:
        raise ParameterError(f"no document of the template {filters['template']!r} in the corpus "
                             f"(templates held: {', '.join(templates) or 'none'})")
    if _select(panel, filters).empty:
        raise ParameterError(f"no department-year matches the filters {_describe(filters)}; {held}")


def _describe(filters: Mapping[str, Any]) -> str:
    parts = [f"{key}={value!r}" for key, value in filters.items() if value]
    return ", ".join(parts) or "(none)"


def _select(panel: pd.DataFrame, filters: Mapping[str, Any] | None) -> pd.DataFrame:
    f = check_filters(filters)
    mask = pd.Series(True, index=panel.index)
    if f["departments"]:
        mask &= panel["department"].isin(f["departments"])
    if f["years"]:
        mask &= panel["year"].isin(f["years"]).fillna(False).astype(bool)
    if f["template"]:
        mask &= panel["template"] == f["template"]
    return panel[mask].reset_index(drop=True)


def _by_path(frame: pd.DataFrame, paths: Iterable[str]) -> pd.DataFrame:
    return frame[frame["path"].isin(list(paths))].reset_index(drop=True)


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def panel_table(corpus: Corpus, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The panel of the selected department-years: one row per document read.

    Columns: those of :attr:`Corpus.figures <chanhe_budget.corpus.Corpus.figures>` — the key
    figures of FIGURES.md (amounts 万元, shares %; ``change_vs_prior`` and ``prior_year_total``
    as the document states them) — then ``template``, ``path``, ``sha256``. Sorted by
    department, year, kind.
    """
    return _select(corpus.figures, filters)


def corpus_overview(corpus: Corpus, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """One row about the corpus: ``documents`` (catalogued), ``read``, ``from_cache``, ``failed``,
    ``selected`` (department-years passing the filters), ``departments``, ``years``, ``filters``."""
    panel = panel_table(corpus, filters)
    docs = corpus.documents
    years = sorted(int(y) for y in panel["year"].dropna().unique())
    return pd.DataFrame([{
        "documents": len(docs), "read": int((docs["status"] != "failed").sum()),
        "from_cache": int((docs["status"] == "cached").sum()), "failed": int((docs["status"] == "failed").sum()),
        "selected": len(panel), "departments": int(panel["department"].nunique()),
        "years": ", ".join(map(str, years)), "filters": _describe(check_filters(filters)),
    }])


def document_table(corpus: Corpus, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The selected documents as catalogued: the columns of :attr:`Corpus.documents
    <chanhe_budget.corpus.Corpus.documents>` (``path``, ``department``, ``year``, ``kind``, ``scope``,
    ``template``, ``sha256``, ``source_url``, ``status``, ``warnings``, ``error``, ``reason``)."""
    return _by_path(corpus.documents, panel_table(corpus, filters)["path"])


def three_public_table(corpus: Corpus, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """“三公” and 机构运转经费 per selected department-year (万元): :data:`THREE_PUBLIC_COLUMNS`.

    Components come from each document's “三公” table (its 合计 row, else the sum of
    its unit rows); a document whose “三公” total is 0 has 0 in every component. A
    missing value is null, never 0.
    """
    panel = panel_table(corpus, filters)
    stacked = corpus.table("three_public")
    parts = ["outbound", "reception", "vehicles", "vehicle_purchase", "vehicle_operation"]
    rows = []
    for record in panel.to_dict("records"):
        row = {"department": record["department"], "year": record["year"], "kind": record["kind"],
               "three_public_total": record["three_public_total"],
               "operating_expenditure": record["operating_expenditure"], "path": record["path"]}
        lines = stacked[stacked["path"] == record["path"]] if "path" in stacked else stacked.iloc[0:0]
        for kind in ("total", "unit", "item"):
            chosen = lines[lines["row_kind"] == kind] if "row_kind" in lines else lines.iloc[0:0]
            if not chosen.empty:
                break
        for part in parts:
            if part in chosen and not chosen.empty and chosen[part].notna().any():
                row[part] = round(float(pd.to_numeric(chosen[part], errors="coerce").sum()), 2)
            elif record["three_public_total"] == 0:
                row[part] = 0.0
            else:
                row[part] = None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(THREE_PUBLIC_COLUMNS))
    for column in THREE_PUBLIC_COLUMNS[3:-1]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


def score_table(corpus: Corpus, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Each selected document's audit verdict and transparency score (0–100): :data:`SCORE_COLUMNS`.

    The counts and the score are :func:`chanhe_budget.checks.summarise` of the document's
    own audit; ``yoy_checks`` / ``yoy_fail`` count the year-on-year checks of its narrative
    against the previous year's document (:meth:`Corpus.year_on_year_checks
    <chanhe_budget.corpus.Corpus.year_on_year_checks>`). A document whose audit cannot run
    gets verdict ``error``, no score, and the reason in ``note``.
    """
    from ..checks.levels import verdict
    from ..checks.run import audit, summarise

    panel = panel_table(corpus, filters)
    documents = {}
    for doc in corpus.records:
        documents.setdefault(doc.path, doc)
    yoy = corpus.year_on_year_checks()
    rows = []
    for record in panel.to_dict("records"):
        row = {key: record[key] for key in ("department", "year", "kind", "template", "path")}
        try:
            checked = audit(documents[record["path"]].disclosure)
            summary = summarise(checked)
            row.update({key: summary.get(key) for key in SCORE_COLUMNS if key in summary}, note=None,
                       transparency_score=summary.get("score"), verdict=verdict(checked))  # the reports' levels
        except Exception as exc:  # one document's audit must not cost the others their scores
            row.update(verdict="error", transparency_score=None, note=f"{type(exc).__name__}: {exc}")
        checks = yoy[yoy["path"] == record["path"]]
        row["yoy_checks"] = len(checks)
        row["yoy_fail"] = int((checks["status"] == "fail").sum())
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(SCORE_COLUMNS))
    frame["transparency_score"] = pd.to_numeric(frame["transparency_score"], errors="coerce").astype("float64")
    for column in ("year", "n_checks", "n_pass", "n_fail", "n_warn", "n_not_applicable", "n_cannot_check",
                   "yoy_checks", "yoy_fail"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def year_on_year_table(corpus: Corpus, filters: Mapping[str, Any] | None = None,
                       item_type: str | None = None) -> pd.DataFrame:
    """The real change between each selected document and the same department's previous-year document.

    The rows of :meth:`Corpus.year_on_year <chanhe_budget.corpus.Corpus.year_on_year>` whose
    current-year document is selected (the previous year need not be): ``department``, ``kind``,
    ``year``, ``prior_year``, ``item_type``, ``key``, ``name``, ``current``, ``previous``,
    ``change`` (万元, a count for project_count), ``change_pct`` (%), ``presence``, ``path``,
    ``prior_path``. ``item_type`` keeps only ``figure``, ``function`` or ``project`` rows.
    """
    if item_type is not None and item_type not in ITEM_TYPES:
        raise ParameterError(f"unknown item_type {item_type!r}; allowed: {', '.join(ITEM_TYPES)}")
    frame = _by_path(corpus.year_on_year(), panel_table(corpus, filters)["path"])
    return split_items(frame)[item_type] if item_type else frame


def execution_table(corpus: Corpus, filters: Mapping[str, Any] | None = None,
                    item_type: str | None = None) -> pd.DataFrame:
    """Budget against final accounts of the same department-year (:meth:`Corpus.execution
    <chanhe_budget.corpus.Corpus.execution>`), for the department-years whose 决算 is selected.

    Columns: ``department``, ``year``, ``item_type`` (figure / function), ``key``, ``name``, ``planned``
    (预算, 万元), ``actual`` (决算, 万元), ``difference``, ``rate_pct`` (%), ``presence``, ``budget_path``,
    ``final_path``. ``item_type`` keeps only ``figure`` or ``function`` rows.
    """
    if item_type is not None and item_type not in ("figure", "function"):
        raise ParameterError(f"unknown item_type {item_type!r}; allowed: figure, function")
    frame = corpus.execution()
    selected = set(panel_table(corpus, filters)["path"])
    frame = frame[frame["final_path"].isin(selected)].reset_index(drop=True)
    return frame[frame["item_type"] == item_type].reset_index(drop=True) if item_type else frame


def split_items(year_on_year: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A year-on-year (or execution) table split by ``item_type``: ``{"figure": …, "function": …, "project": …}``."""
    return {kind: year_on_year[year_on_year["item_type"] == kind].reset_index(drop=True) for kind in ITEM_TYPES}


def year_on_year_checks(corpus: Corpus, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The change each selected document's narrative states, against the change between the two documents.

    Columns :data:`CHECK_COLUMNS`: ``mark`` (✓ ✗ ? –), ``department``, ``year``, ``prior_year``,
    ``check_id``, ``description_zh``, ``expected`` (stated: 万元 or %), ``found`` (computed from
    both documents), ``tolerance``, ``status``, ``reason``, ``line``, ``evidence`` (names both
    documents), ``path``, ``prior_path``.
    """
    from .ratios import STATUS_MARKS

    checks = _by_path(corpus.year_on_year_checks(), panel_table(corpus, filters)["path"])
    years = corpus.figures.drop_duplicates("path").set_index("path")["year"]
    checks["mark"] = checks["status"].map(STATUS_MARKS).fillna("?")
    checks["prior_year"] = checks["prior_path"].map(years).astype("Int64")
    checks["year"] = pd.to_numeric(checks["year"], errors="coerce").astype("Int64")
    return checks.reindex(columns=list(CHECK_COLUMNS))


def view(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The columns of :data:`VIEWS` ``[name]`` that ``frame`` has, headed by their :data:`LABELS`; for display.

    ``kind`` is left out when every row is of the same kind, ``note`` and
    ``reason`` when they are empty; kinds and presence are said in Chinese.
    """
    if name not in VIEWS:
        raise ParameterError(f"unknown view {name!r}; allowed: {', '.join(VIEWS)}")
    columns = [c for c in VIEWS[name] if c in frame.columns]
    if "kind" in columns and frame["kind"].nunique(dropna=False) <= 1:
        columns.remove("kind")
    columns = [c for c in columns if c not in ("note", "reason") or frame[c].notna().any()]
    shown = frame[columns].copy()
    for column, words in (("kind", KIND_LABELS), ("presence", _PRESENCE_LABELS)):
        if column in shown:
            shown[column] = shown[column].map(lambda value, words=words: words.get(value, value))
    shown.columns = [LABELS.get(c, c) for c in columns]
    shown.attrs = {}
    return shown
