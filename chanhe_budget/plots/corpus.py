"""Charts of a corpus: totals, shares, “三公”, audit scores and year-on-year changes across department-years.

Why: the corpus notebook shows the tables of :mod:`chanhe_budget.analysis.panel`
as charts; each ``plot_`` function draws on the ``ax`` it is given (or on a new
figure), returns it, and never saves or shows. Chinese text is set in the shipped
Noto Sans SC (:func:`chanhe_budget.plots.disclosure.setup_cjk_font`).
Amounts are in 万元, shares and changes in %. Only these functions import matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.panel import KIND_LABELS, SHARE_PAIRS, THREE_PUBLIC_PARTS, UNKNOWN_DEPARTMENT
from ..errors import ParameterError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_scores",
    "plot_shares",
    "plot_three_public",
    "plot_totals",
    "plot_year_on_year",
]


def _literal(text: str) -> str:
    """Text matplotlib must not read as mathtext (department names come from documents)."""
    return text.replace("$", r"\$")


def _year_text(year: Any) -> str:
    return "年度不明" if year is None or pd.isna(year) else str(int(year))


def _row_labels(frame: pd.DataFrame) -> tuple[list[str], str | None]:
    """Bar labels for department-years, and the department when all rows share one (it goes in the title)."""
    from .disclosure import wrap_label

    departments = [UNKNOWN_DEPARTMENT if d is None or pd.isna(d) else _literal(str(d)) for d in frame["department"]]
    kinds = list(frame["kind"]) if "kind" in frame else [None] * len(frame)
    several_kinds = len(set(kinds)) > 1
    suffix = [f" {KIND_LABELS.get(k, k or '')}" if several_kinds else "" for k in kinds]
    years = [_year_text(y) for y in frame["year"]]
    if len(set(departments)) == 1:
        return [f"{y}{s}" for y, s in zip(years, suffix, strict=True)], departments[0] if departments else None
    return [wrap_label(f"{d} {y}{s}") for d, y, s in zip(departments, years, suffix, strict=True)], None


def _title(ax: Axes, title: str, department: str | None) -> None:
    ax.set_title(f"{title}\n{department}" if department else title)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series([float("nan")] * len(frame), index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


_COLORS = ("#4C72B0", "#DD8452", "#55A868", "#8172B3", "#937860")


def _plot_stacked(frame: pd.DataFrame | None, parts: tuple[tuple[str, str], ...], title: str, ax: Axes | None, *,
                  percent: bool) -> Axes:
    """One horizontal stacked bar per row (department-year); rows without any part are left out and counted."""
    from .disclosure import draw_no_data, format_amount, format_pct, prepare_axes

    n_rows = 0 if frame is None else len(frame)
    ax = prepare_axes(ax, n_bars=n_rows, horizontal=True)
    if frame is None or frame.empty:
        return draw_no_data(ax, title)
    values = pd.DataFrame({column: _numbers(frame, column) for column, _ in parts})
    keep = values.notna().any(axis=1).to_numpy()
    labels, department = _row_labels(frame)
    labels = [label for label, k in zip(labels, keep, strict=True) if k]
    values = values[keep].fillna(0.0)
    n_missing = int((~keep).sum())
    if values.empty:
        return draw_no_data(ax, title)
    positions = list(range(len(values)))
    left = [0.0] * len(values)
    for (column, label), color in zip(parts, _COLORS, strict=False):
        widths = values[column].tolist()
        bars = ax.barh(positions, widths, left=left, height=0.6, color=color, label=label)
        if percent:
            ax.bar_label(bars, labels=[format_pct(w) if w >= 8 else "" for w in widths], label_type="center",
                         color="white", fontsize="small")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    if not percent:
        ax.bar_label(bars, labels=[format_amount(total) for total in left], padding=3)
        high = max(left)
        if min(left) >= 0:  # amounts: the axis starts at 0, and an all-zero chart still has a scale
            ax.set_xlim(0, high * 1.18 if high > 0 else 1.0)
        else:
            ax.margins(x=0.18)
        ax.set_xlabel("金额（万元）" + (f"；另有 {n_missing} 项无数据" if n_missing else ""))
    else:
        ax.set_xlim(0, 100)
        ax.set_xlabel("占比（%）" + (f"；另有 {n_missing} 项无数据" if n_missing else ""))
    ax.set_yticks(positions, labels=labels)
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")  # beside the bars
    _title(ax, title, department)
    return ax


def plot_shares(panel: pd.DataFrame | None, ax: Axes | None = None, *, pair: str = "basic_project",
                title: str | None = None) -> Axes:
    """One 100 % bar per department-year: 基本支出/项目支出 (``pair="basic_project"``) or
    人员经费/公用经费 of basic expenditure (``pair="personnel_public"``).

    Args:
        panel: :func:`panel_table` (columns ``department``, ``year``, and the share columns of
            :data:`SHARE_PAIRS`, in %).
        ax: axes to draw on; a new figure, sized to the rows, when None.
        pair: which split, a key of :data:`SHARE_PAIRS`.
        title: chart title; default "基本支出与项目支出占比" or "人员经费与公用经费占比".

    Returns:
        The axes drawn on; "无数据 (no data)" when no row has the shares.
    """
    if pair not in SHARE_PAIRS:
        raise ParameterError(f"unknown pair {pair!r}; allowed: {', '.join(SHARE_PAIRS)}")
    parts = SHARE_PAIRS[pair]
    default = f"{parts[0][1]}与{parts[1][1]}占比" + ("（占基本支出）" if pair == "personnel_public" else "")
    return _plot_stacked(panel, parts, title or default, ax, percent=True)


def plot_totals(panel: pd.DataFrame | None, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """One bar per department-year: 基本支出 and 项目支出 stacked, their sum (万元) at the end.

    Args:
        panel: :func:`panel_table` (``department``, ``year``, ``basic_expenditure``,
            ``project_expenditure``, 万元).
        ax: axes to draw on; a new figure, sized to the rows, when None.
        title: chart title; default "本年支出：基本支出与项目支出".

    Returns:
        The axes drawn on; "无数据 (no data)" when no row has either amount.
    """
    parts = (("basic_expenditure", "基本支出"), ("project_expenditure", "项目支出"))
    return _plot_stacked(panel, parts, title or "本年支出：基本支出与项目支出", ax, percent=False)


def plot_three_public(table: pd.DataFrame | None, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """One bar per department-year: the “三公” components stacked, the total (万元) at the end.

    Args:
        table: :func:`three_public_table` (``outbound``, ``reception``, ``vehicle_purchase``,
            ``vehicle_operation``, 万元).
        ax: axes to draw on; a new figure, sized to the rows, when None.
        title: chart title; default "“三公”经费".

    Returns:
        The axes drawn on; "无数据 (no data)" when no row has a component.
    """
    return _plot_stacked(table, THREE_PUBLIC_PARTS, title or "“三公”经费", ax, percent=False)


def plot_scores(scores: pd.DataFrame | None, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """One bar per department-year: the transparency score (0–100), coloured by the audit verdict.

    Args:
        scores: :func:`score_table` (``department``, ``year``, ``transparency_score``, ``verdict``).
        ax: axes to draw on; a new figure, sized to the rows, when None.
        title: chart title; default "透明度得分".

    Returns:
        The axes drawn on; "无数据 (no data)" when no row has a score.
    """
    from .disclosure import draw_no_data, prepare_axes

    title = title or "透明度得分"
    ax = prepare_axes(ax, n_bars=0 if scores is None else len(scores), horizontal=True)
    if scores is None or scores.empty:
        return draw_no_data(ax, title)
    values = _numbers(scores, "transparency_score")
    keep = values.notna().to_numpy()
    if not keep.any():
        return draw_no_data(ax, title)
    labels, department = _row_labels(scores)
    verdicts = list(scores["verdict"]) if "verdict" in scores else [None] * len(scores)
    shown = [(label, value, verdict) for label, value, verdict, k in zip(labels, values, verdicts, keep, strict=True)
             if k]
    positions = list(range(len(shown)))
    colors = [{"pass": "#55A868", "warn": "#DD8452", "fail": "#C44E52"}.get(v, "0.6") for _, _, v in shown]
    bars = ax.barh(positions, [v for _, v, _ in shown], height=0.6, color=colors)
    ax.bar_label(bars, labels=[f"{v:.1f}" for _, v, _ in shown], padding=3)
    ax.set_yticks(positions, labels=[label for label, _, _ in shown])
    ax.invert_yaxis()
    ax.set_xlim(0, 108)
    n_missing = int((~keep).sum())
    ax.set_xlabel("得分（满分 100）；绿：通过，橙：需注意（文字质量），红：未通过（勾稽、文字与表格、完整性）"
                  + (f"；另有 {n_missing} 项无得分" if n_missing else ""))
    _title(ax, title, department)
    return ax


def plot_year_on_year(year_on_year: pd.DataFrame | None, ax: Axes | None = None, *, value: str = "change_pct",
                      title: str | None = None) -> Axes:
    """Horizontal bars of the real change of each key figure against the previous year's document.

    Args:
        year_on_year: :func:`year_on_year_table` (``figure`` rows are drawn; columns
            ``department``, ``year``, ``prior_year``, ``key``, ``name``, ``change`` (万元),
            ``change_pct`` (%), ``presence``).
        ax: axes to draw on; a new figure, sized to the rows, when None.
        value: ``"change_pct"`` (bars in %, comparable across departments) or ``"change"`` (万元).
        title: chart title; default "比上年增减（两年文件计算）".

    Returns:
        The axes drawn on; bars in one neutral colour (a rise is not always good), each labelled with the change in
        万元 and %. Rows without the value (e.g. a percentage against 0) are left out and counted;
        "无数据 (no data)" when nothing can be drawn.
    """
    from .disclosure import draw_no_data, minus_sign, prepare_axes, wrap_label

    if value not in ("change_pct", "change"):
        raise ParameterError(f"unknown value {value!r}; allowed: change_pct, change")
    title = title or "比上年增减（两年文件计算）"
    rows = year_on_year
    if rows is not None and "item_type" in rows:
        rows = rows[rows["item_type"] == "figure"]
    if rows is not None and "presence" in rows:
        rows = rows[rows["presence"] == "both"]
    ax = prepare_axes(ax, n_bars=0 if rows is None else len(rows), horizontal=True)
    if rows is None or rows.empty:
        return draw_no_data(ax, title)
    values = _numbers(rows, value)
    keep = values.notna().to_numpy()
    rows, values = rows[keep], values[keep]
    n_missing = int((~keep).sum())
    if rows.empty:
        return draw_no_data(ax, title)
    pairs = list(zip(rows["department"], rows["year"], rows["prior_year"], strict=True))
    changes = _numbers(rows, "change").tolist()
    percents = _numbers(rows, "change_pct").tolist()
    texts = []
    for change, pct, key in zip(changes, percents, rows["key"], strict=True):
        amount = minus_sign(f"{change:+,.0f} 个" if key == "project_count" else f"{change:+,.2f} 万元")
        texts.append(amount if pd.isna(pct) else f"{amount}（{minus_sign(f'{pct:+.2f}%')}）")
    heights = values.tolist()
    keys = list(rows["key"])
    order = list(dict.fromkeys(keys))  # one row of the chart per figure, in the table's order
    names = dict(zip(keys, (str(n) for n in rows["name"]), strict=True))
    groups = list(dict.fromkeys(pairs))
    if len(groups) == 1:  # one comparison: bars coloured by the sign of the change
        department, year, prior = groups[0]
        title = f"{title}\n{_literal(str(department))} {_year_text(year)} 比 {_year_text(prior)}"
        # one neutral colour: whether a rise is good depends on the figure (三公 up is not), the labels give the sign
        bars = ax.barh([order.index(k) for k in keys], heights, height=0.6, color="#4C72B0")
        ax.bar_label(bars, labels=texts, padding=3, fontsize="small")
    else:  # several: per figure, one bar per department-year, coloured by department-year
        import matplotlib

        palette = matplotlib.colormaps["tab10" if len(groups) <= 10 else "tab20"]
        step = 0.8 / len(groups)
        for j, group in enumerate(groups):
            chosen = [i for i, pair in enumerate(pairs) if pair == group]
            department, year, prior = group
            bars = ax.barh([order.index(keys[i]) + (j - (len(groups) - 1) / 2) * step for i in chosen],
                           [heights[i] for i in chosen], height=step * 0.9, color=palette(j % palette.N),
                           label=wrap_label(f"{_literal(str(department))} {_year_text(year)} 比 {_year_text(prior)}"))
            ax.bar_label(bars, labels=[texts[i] for i in chosen], padding=2, fontsize="x-small")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(range(len(order)), labels=[names[k] for k in order])
    ax.invert_yaxis()
    low, high = min(0.0, *heights), max(0.0, *heights)
    span = (high - low) or 1.0
    ax.set_xlim(low - 0.5 * span, high + 0.5 * span)  # room for the labels on either side of 0
    xlabel = "比上年增减率（%）" if value == "change_pct" else "比上年增减（万元）"
    ax.set_xlabel(xlabel + (f"；另有 {n_missing} 项无法计算" if n_missing else ""))
    ax.set_title(title)
    return ax
