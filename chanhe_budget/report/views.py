"""What the notebook cells call to show things: title block, escaped tables, the audit section, charts.

Document text is untrusted: it is shown only through escaped HTML.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ..analysis.ratios import AuditResults
    from ..model import Disclosure


def heading(d: Disclosure, source: str | os.PathLike | None = None) -> Any:
    """The report's title block as escaped HTML: department, year, template, source file, warnings."""
    from IPython.display import HTML

    esc = html.escape
    rows = [("部门 Department", d.department or "—"), ("年度 Year", d.year or "—"), ("标题 Title", d.title or "—"),
            ("模板 Template", d.template.label), ("文件 Source", Path(source).name if source else d.source or "—"),
            ("解析警告 Parse warnings", len(d.warnings))]
    body = "".join(f"<tr><th style='text-align:left'>{esc(str(k))}</th><td>{esc(str(v))}</td></tr>" for k, v in rows)
    return HTML(f"<h1>{esc(str(d.year or ''))} {esc(d.department or '')} 部门预算比率分析</h1><table>{body}</table>")


def table(frame: pd.DataFrame | None, caption: str = "", *, empty: str = "（无数据 no data）") -> Any:
    """A DataFrame as escaped HTML (cells and caption), amounts with 2 decimals, no index."""
    from IPython.display import HTML

    from ..templates.spec import TABLE_LABELS

    source = TABLE_LABELS.get(frame.attrs.get("table", "")) if frame is not None else None
    caption = f"{caption}（来源 source: {source}）" if caption and source else caption
    cap = f"<p><b>{html.escape(caption)}</b></p>" if caption else ""
    if frame is None or frame.empty:
        return HTML(f"{cap}<p>{html.escape(empty)}</p>")
    body = frame.to_html(index=False, escape=True, na_rep="", float_format=lambda v: f"{v:,.2f}", border=0)
    return HTML(cap + body)


def audit_view(audit: AuditResults) -> Any:
    """The audit section: verdict and counts, transparency score and its deductions, the checks not passed.

    When the audit could not run, its note says why instead.
    """
    import pandas as pd
    from IPython.display import HTML

    from ..analysis.ratios import STATUS_MARKS, narrative_checks

    if not audit.available:
        return HTML(f"<p>{html.escape(audit.note)}</p>")
    parts = [table(pd.DataFrame([audit.summary or {}]), "审计结论 Audit summary").data]
    if audit.score is not None:
        parts.append(f"<p><b>透明度得分 Transparency score: {html.escape(_fmt(audit.score))} / 100</b></p>")
    parts.append(table(audit.breakdown, "得分明细 Score breakdown").data)
    parts.append(table(narrative_checks(audit.frame), "文字说明与表格核对 Narrative against tables").data)
    frame = audit.frame
    others = frame[(frame["status"] != "pass") & (frame["family"] != "narrative")].copy()
    others.insert(0, "mark", others["status"].map(STATUS_MARKS))
    shown = [c for c in ("mark", "check_id", "family", "description_zh", "expected", "found", "reason", "table",
                         "line", "evidence") if c in others]
    parts.append(table(others[shown], "未通过的检查 Checks not passed", empty="（全部通过 all passed）").data)
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


def chart(plot: Callable[..., Any], data: Any, **kwargs: Any) -> Chart:
    """Draw ``plot(data, ax=..., **kwargs)`` (a :mod:`chanhe_budget.plotting` function) and render it to PNG.

    The figure is made without pyplot and rendered once, at 100 dpi: the
    inline backend would render it again to show it, and saving would render
    it a third time. Label columns (``name``, ``project_name``) are escaped
    for mathtext, so a name with ``$`` from a document shows as printed.
    """
    import io

    import pandas as pd
    from matplotlib.figure import Figure

    if isinstance(data, pd.DataFrame):
        data = data.copy()
        for column in ("name", "project_name"):
            if column in data:
                data[column] = data[column].map(_literal)
        size = (8.0, max(3.0, 0.45 * len(data) + 1.2))  # the ranked bars of plotting, one row per bar
    else:
        size = (6.0, 4.5)
    fig = Figure(figsize=size, layout="constrained")
    plot(data, ax=fig.subplots(), **kwargs)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return Chart(buffer.getvalue(), fig)


def _fmt(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value):
        return f"{value:,.2f}"
    return "—"
