"""What the notebook cells call to show things: title block, escaped tables, the audit section, charts.

Document text is untrusted: it is shown only through escaped HTML.
"""

from __future__ import annotations

import html
import math
import numbers
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.ratios import STATUS_MARKS, narrative_checks
from ..checks.levels import LEVELS, status_order, verdict
from ..templates.spec import TABLE_LABELS

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ..analysis.ratios import AuditResults
    from ..model import Disclosure


def heading(d: Disclosure, source: str | os.PathLike | None = None) -> Any:
    """The document's particulars as an escaped table: department, year, title, template, source file, warnings.

    (The page title and the headline figures are :func:`~chanhe_budget.report.first_screen.first_screen`.)
    """
    from IPython.display import HTML

    if isinstance(source, list | tuple):  # a publication printed in several files
        source_name = " + ".join(Path(part).name for part in source)
    else:
        source_name = Path(source).name if source else d.source
    rows = [("部门 Department", d.department), ("年度 Year", d.year), ("标题 Title", d.title),
            ("模板 Template", d.template.label), ("文件 Source", source_name),
            ("解析警告 Parse warnings", len(d.warnings))]
    body = "".join(f"<tr><th>{html.escape(str(k))}</th><td class='text'>{html.escape('' if v is None else str(v))}"
                   f"</td></tr>" for k, v in rows)
    return HTML(f"<table class='cb-table'>{body}</table>")


#: Column names that hold counts (shown as integers): n_…, …_count, rows, line, row, 个数, 数量.
_COUNT_RE = re.compile(r"(?:^n_|_count$|^count$|^rows?$|^lines?$|个数|数量|行号)")


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like cells
        return False


def _number(value: object, integer: bool = False) -> str:
    """2 decimals with thousands separators, never ``-0.00``; integers as plain integers."""
    number = float(value)  # type: ignore[arg-type]
    if integer:  # counts, years and codes: no thousands separator (a year is 2024, not 2,024)
        return str(round(number))
    number = round(number, 2)
    return f"{0.0 if number == 0 else number:,.2f}"


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)  # numpy numbers register as Real


def html_table(frame: pd.DataFrame) -> str:
    """A DataFrame as an escaped HTML table that reads well: blank cells for missing values (never
    ``None``, ``nan`` or ``<NA>``), amounts with 2 decimals and no ``-0.00``, integer columns and counts
    as integers, numbers right-aligned (``class="num"``) and text left-aligned (``class="text"``)."""
    import pandas as pd

    esc = html.escape
    integer_columns = set()
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_integer_dtype(series):
            integer_columns.add(column)
        elif pd.api.types.is_float_dtype(series) and _COUNT_RE.search(str(column)):
            values = series.dropna()
            if (values == values.round()).all():
                integer_columns.add(column)
    head = "".join(f"<th>{esc(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if _missing(value):
                cells.append("<td></td>")
            elif _is_number(value):
                cells.append(f"<td class='num'>{_number(value, column in integer_columns)}</td>")
            else:
                cells.append(f"<td class='text'>{esc(str(value))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table class='cb-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def table(frame: pd.DataFrame | None, caption: str = "", *, empty: str = "（无数据 no data）") -> Any:
    """A DataFrame as escaped HTML (:func:`html_table`) with its caption and the table it comes from
    (``attrs["source_label"]``, else the label of ``attrs["table"]``); an empty one shows its
    ``attrs["note"]`` (why there is nothing), else ``empty``."""
    from IPython.display import HTML


    source = (frame.attrs.get("source_label") or TABLE_LABELS.get(frame.attrs.get("table", ""))) \
        if frame is not None else None
    caption = f"{caption}（来源 source: {source}）" if caption and source else caption
    cap = f"<p><b>{html.escape(caption)}</b></p>" if caption else ""
    if frame is None or frame.empty:
        note = frame.attrs.get("note") if frame is not None else None  # why there is nothing (a 决算 has no …)
        return HTML(f"{cap}<p>{html.escape(note or empty)}</p>")
    return HTML(cap + html_table(frame))


def _folded(frame: pd.DataFrame, caption: str, empty: str) -> str:
    """Fails and warnings in a table; cannot_check and not_applicable rows folded away below it."""

    frame = status_order(frame)
    shown = frame[frame["status"].isin(["fail", "warn"])] if "status" in frame else frame
    rest = frame.drop(shown.index)
    parts = [table(shown, caption, empty=empty).data]
    for status, label in (("cannot_check", "无法核对 cannot be checked"), ("not_applicable", "不适用 not applicable"),
                          ("pass", "通过 passed")):
        rows = rest[rest["status"] == status] if "status" in rest else rest.iloc[0:0]
        if not rows.empty:
            parts.append(f"<details><summary>{html.escape(label)}: {len(rows)}</summary>{html_table(rows)}</details>")
    return "".join(parts)


def audit_view(audit: AuditResults) -> Any:
    """The audit section: verdict and counts, transparency score and its deductions, the narrative checked
    against the tables, and the checks not passed — fails and warnings first, the rest folded away.

    When the audit could not run, its note says why instead.
    """
    import pandas as pd
    from IPython.display import HTML


    if not audit.available:
        return HTML(f"<p>{html.escape(audit.note)}</p>")
    summary = dict(audit.summary or {})
    level = verdict(audit.frame)
    summary["verdict"] = level
    parts = [f"<p class='cb-verdict cb-{level}'>审计结论 Audit verdict: {html.escape(' '.join(LEVELS[level]))}</p>",
             table(pd.DataFrame([summary]), "审计结论 Audit summary").data]
    if audit.score is not None:
        parts.append(f"<p><b>透明度得分 Transparency score: {html.escape(_fmt(audit.score))} / 100</b></p>")
    parts.append(table(audit.breakdown, "得分明细 Score breakdown").data)
    parts.append(_folded(narrative_checks(audit.frame), "文字说明与表格核对 Narrative against tables",
                         "（全部一致 all agree）"))
    frame = audit.frame
    others = frame[(frame["status"] != "pass") & (frame["family"] != "narrative")].copy()
    others.insert(0, "mark", others["status"].map(STATUS_MARKS))
    shown = [c for c in ("mark", "status", "check_id", "family", "description_zh", "expected", "found", "reason",
                         "table", "line", "evidence") if c in others]
    parts.append(_folded(others[shown], "未通过的检查 Checks not passed", "（全部通过 all passed）"))
    return HTML("".join(parts))


def _literal(text: object) -> object:
    """Text matplotlib must not read as mathtext: ``$`` is escaped."""
    return text.replace("$", r"\$") if isinstance(text, str) else text


@dataclass(frozen=True)
class Chart:
    """A chart rendered once to PNG: shown in the notebook (``_repr_png_``) and saved from the same bytes."""

    png: bytes = field(repr=False)  # the notebook's text/plain is the repr: not the image again, as bytes
    figure: Figure = field(repr=False)

    def _repr_png_(self) -> bytes:
        return self.png


#: What a chart covers, by the table its data comes from: said under its title, so a Shanghai economic
#: chart (basic expenditure only) is not read as the Henan one (all funds).
SCOPE_NOTES = {
    "general_budget_basic": "仅一般公共预算基本支出 basic expenditure only",
    "economic_summary": "全部资金 all funds",
    "expenditure": "全部资金 all funds",
}


def _lacks_data(data: Any) -> bool:
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data.empty or ("amount" in data and not data["amount"].notna().any())
    return data is None


def chart(plot: Callable[..., Any], data: Any, **kwargs: Any) -> Chart | None:
    """Draw ``plot(data, ax=..., **kwargs)`` (a :mod:`chanhe_budget.plots` function) and render it to PNG.

    None — no chart, not an empty box — when the document has no data for it
    (an empty table, or no amount at all). The title gets the scope of the
    table the data comes from (:data:`SCOPE_NOTES`, by ``data.attrs["table"]``).
    The figure is made without pyplot and rendered once, at 100 dpi: the
    inline backend would render it again to show it, and saving would render
    it a third time. Label columns (``name``, ``project_name``) are escaped
    for mathtext, so a name with ``$`` from a document shows as printed.
    """
    import io

    import pandas as pd
    from matplotlib.figure import Figure

    if _lacks_data(data):
        return None
    scope = None
    if isinstance(data, pd.DataFrame):
        scope = SCOPE_NOTES.get(data.attrs.get("table", ""))
        data = data.copy()
        for column in ("name", "project_name"):
            if column in data:
                data[column] = data[column].map(_literal)
        size = (8.0, max(3.0, 0.45 * len(data) + 1.2))  # the ranked bars of plotting, one row per bar
    else:
        size = (6.0, 4.5)
    fig = Figure(figsize=size, layout="constrained")
    ax = plot(data, ax=fig.subplots(), **kwargs)
    if scope and ax is not None:
        ax.set_title(f"{ax.get_title()}\n（{scope}）")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return Chart(buffer.getvalue(), fig)


def _fmt(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value):
        return f"{value:,.2f}"
    return "—"
