"""Charts of a budget disclosure, with the Chinese text set in Noto Sans SC.

The font is not taken from the system: it comes with the package
``pylopdf-fonts-zh-cn`` (a data-only wheel with Noto Sans SC 2.004, SIL Open
Font License 1.1, licence text in its ``.dist-info/licenses/LICENSE``), which
is one of this project's dependencies.  :func:`setup_cjk_font` registers it
with matplotlib; every plot function calls it, so a caller need not.

Each plot function takes a pandas object (or, for the splits, the ``figures``
mapping), draws on ``ax`` or on a new figure when ``ax`` is None, and returns
the axes.  Nothing is saved or shown here.  All amounts are in 万元
(ten thousand yuan).  A missing amount (None, NaN, ``pd.NA``) never raises: an
empty chart shows "无数据 (no data)" in its centre.

Only this module imports matplotlib; ``import chanhe_budget`` does not.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.resources
import math
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import pandas as pd
from matplotlib import font_manager

from chanhe_budget.errors import FontError, ParameterError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "FALLBACK_FAMILY",
    "FONT_DISTRIBUTION",
    "FONT_FILE",
    "FONT_PACKAGE",
    "NO_DATA_TEXT",
    "cjk_font_path",
    "draw_no_data",
    "format_amount",
    "format_pct",
    "minus_sign",
    "plot_basic_project_split",
    "plot_economic_structure",
    "plot_functional_structure",
    "plot_personnel_public_split",
    "plot_project_amounts",
    "prepare_axes",
    "setup_cjk_font",
    "wrap_label",
]

#: Import name and distribution name of the package that ships the font.
FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_DISTRIBUTION = "pylopdf-fonts-zh-cn"
#: The font file inside that package: Noto Sans SC Regular (OpenType/CFF, one face).
FONT_FILE = "NotoSansSC-Regular.otf"
#: Second family in ``font.family``: matplotlib's own font, for anything else.
FALLBACK_FAMILY = "DejaVu Sans"
#: What an empty chart shows.
NO_DATA_TEXT = "无数据 (no data)"

_UNICODE_MINUS = 0x2212
_LABEL_WIDTH = 16  # characters per line of a bar label before it wraps

_state: dict[str, Any] = {}
_resources = contextlib.ExitStack()  # keeps a font extracted from a zip alive
atexit.register(_resources.close)


# --------------------------------------------------------------------------
# Font
# --------------------------------------------------------------------------


def cjk_font_path() -> Path:
    """Return the path of the shipped Noto Sans SC file.

    Found through :mod:`importlib.resources`, so it works wherever the font
    package is installed (a zipped install is extracted to a temporary file
    for the life of the process).

    Raises:
        FontError: the font package is not installed, or lacks the font file.
    """
    cached = _state.get("path")
    if cached is not None:
        return cached
    hint = (
        f"the CJK font for charts comes from the package {FONT_DISTRIBUTION!r}, "
        f"a dependency of chanhe_budget; install it with "
        f"`pip install {FONT_DISTRIBUTION}` (or reinstall chanhe_budget)"
    )
    try:
        resource = importlib.resources.files(FONT_PACKAGE).joinpath(FONT_FILE)
    except ModuleNotFoundError as exc:
        raise FontError(
            f"No CJK font: {FONT_PACKAGE} is not installed; {hint}."
        ) from exc
    if not resource.is_file():
        raise FontError(
            f"No CJK font: {FONT_FILE} is missing from {FONT_PACKAGE}; {hint}."
        )
    path = Path(_resources.enter_context(importlib.resources.as_file(resource)))
    _state["path"] = path
    return path


def _registered_family(path: Path) -> str | None:
    """The family name matplotlib knows the file at *path* by, if registered."""
    wanted = str(path)
    for entry in font_manager.fontManager.ttflist:
        if entry.fname == wanted:
            return entry.name
    return None


def setup_cjk_font() -> str:
    """Make matplotlib set Chinese text in the shipped Noto Sans SC font.

    Registers the font file with ``matplotlib.font_manager.fontManager`` (once
    per process), sets ``rcParams["font.family"]`` to ``[<family>, "DejaVu
    Sans"]`` and ``rcParams["axes.unicode_minus"]`` to whether the font has
    U+2212 MINUS SIGN.  The rcParams are set again on every call, so it also
    repairs them after ``matplotlib.rcdefaults()`` or an ``rc_context``.
    Safe to call any number of times.

    Returns:
        The family name, ``"Noto Sans SC"``.

    Raises:
        FontError: the font cannot be found or matplotlib cannot load it.
    """
    path = cjk_font_path()
    family = _registered_family(path)
    if family is None:
        ttflist = font_manager.fontManager.ttflist
        n_before = len(ttflist)
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError) as exc:
            raise FontError(
                f"matplotlib cannot load the CJK font {path}: {exc}"
            ) from exc
        # findfont takes the first of equally good matches: move the shipped
        # face to the front so that a system font of the same family name can
        # never be picked instead.  (addfont has just emptied findfont's cache.)
        added = ttflist[n_before:]
        del ttflist[n_before:]
        ttflist[:0] = added
        family = _registered_family(path)
        if family is None:  # pragma: no cover - addfont always appends an entry
            raise FontError(f"matplotlib did not register the CJK font {path}")
    has_minus = _state.get("has_minus")
    if has_minus is None:
        has_minus = _UNICODE_MINUS in font_manager.get_font(path).get_charmap()
        _state["has_minus"] = has_minus
    matplotlib.rcParams["font.family"] = [family, FALLBACK_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = has_minus
    _state["family"] = family
    return family


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _new_ax(ax: Axes | None, n_bars: int = 2, horizontal: bool = False) -> Axes:
    """Return *ax*, or the axes of a new figure sized for *n_bars* bars."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    figsize = (8.0, max(3.0, 0.45 * n_bars + 1.2)) if horizontal else (6.0, 4.5)
    _fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return new_ax


def prepare_axes(ax: Axes | None, n_bars: int = 2, horizontal: bool = False) -> Axes:
    family = setup_cjk_font()
    ax = _new_ax(ax, n_bars, horizontal)
    # The title, axis labels and ticks of an axes made before setup_cjk_font
    # keep the font they were made with: give them the CJK font too.
    families = [family, FALLBACK_FAMILY]
    ax.tick_params(labelfontfamily=families)
    for text in (ax.title, ax.xaxis.label, ax.yaxis.label):
        text.set_fontfamily(families)
    return ax


def _to_number(value: Any, what: str) -> float | None:
    """*value* as a float; None for a missing one (None, NaN, pd.NA, NaT)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        raise TypeError(
            f"{what}: expected an amount in 万元, got the boolean {value!r}"
        )
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            return None
        value = text
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what}: expected an amount in 万元, got {value!r}") from exc
    if math.isnan(number):
        return None
    return number


def minus_sign(text: str) -> str:
    """Use U+2212 for the minus sign, as matplotlib's own ticks do."""
    if matplotlib.rcParams["axes.unicode_minus"]:
        return text.replace("-", "\u2212")
    return text


def format_amount(value: float) -> str:
    return minus_sign(f"{value:,.2f}")


def format_pct(value: float) -> str:
    return minus_sign(f"{value:.1f}%")


def draw_no_data(ax: Axes, title: str) -> Axes:
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        NO_DATA_TEXT,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize="large",
        color="0.4",
    )
    return ax


def wrap_label(label: str) -> str:
    return textwrap.fill(label, width=_LABEL_WIDTH, break_long_words=True) or label


# --------------------------------------------------------------------------
# Two-part splits
# --------------------------------------------------------------------------


def _plot_split(
    figures: Mapping[str, Any] | None,
    parts: tuple[tuple[str, str], ...],
    title: str,
    ax: Axes | None,
) -> Axes:
    ax = prepare_axes(ax)
    figures = figures if figures is not None else {}
    values = [_to_number(figures.get(key), key) for key, _label in parts]
    labels = [label for _key, label in parts]
    if all(v is None for v in values):
        return draw_no_data(ax, title)

    present = [v for v in values if v is not None]
    total = sum(present)
    show_pct = len(present) == len(values) and total > 0
    heights = [v if v is not None else 0.0 for v in values]
    bars = ax.bar(labels, heights, color=["#4C72B0", "#DD8452", "#55A868"][: len(heights)], width=0.55)
    bar_texts = []
    for v in values:
        if v is None:
            bar_texts.append("无数据")
        elif show_pct:
            bar_texts.append(f"{format_amount(v)} 万元\n{format_pct(100.0 * v / total)}")
        else:
            bar_texts.append(f"{format_amount(v)} 万元")
    ax.bar_label(bars, labels=bar_texts, padding=3)
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.margins(y=0.2)
    ax.set_title(title)
    ax.set_ylabel("金额（万元）")
    return ax


def plot_basic_project_split(
    figures: Mapping[str, Any] | None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Bar chart of 基本支出 against 项目支出, each with its share of the two (of the three, with a third
    bar for ``reserve_expenditure`` when the figures have one: the Jiangsu 单位预留机动经费).

    Args:
        figures: mapping with ``"basic_expenditure"`` and
            ``"project_expenditure"``, amounts in 万元 (numbers, Decimals or
            numeric strings; None / NaN / absent key = missing).
        ax: axes to draw on; a new figure is made when None.
        title: chart title; default "基本支出与项目支出".

    Returns:
        The axes drawn on.  With both amounts missing it shows
        "无数据 (no data)"; with one missing, that bar is marked 无数据 and no
        percentages are shown.
    """
    parts: tuple[tuple[str, str], ...] = (("basic_expenditure", "基本支出"), ("project_expenditure", "项目支出"))
    reserve = (figures or {}).get("reserve_expenditure")
    if reserve is not None:  # a template with a third spending category (Jiangsu 单位预留机动经费): its own bar
        parts = (*parts, ("reserve_expenditure", "单位预留机动经费"))
    default = "基本支出、项目支出与单位预留机动经费" if len(parts) == 3 else "基本支出与项目支出"
    return _plot_split(figures, parts, title or default, ax)


def plot_personnel_public_split(
    figures: Mapping[str, Any] | None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Bar chart of 人员经费 against 公用经费, each with its share of the two.

    Args:
        figures: mapping with ``"personnel_expenditure"`` and
            ``"public_expenditure"``, amounts in 万元 (None / NaN / absent key =
            missing).
        ax: axes to draw on; a new figure is made when None.
        title: chart title; default "人员经费与公用经费".

    Returns:
        The axes drawn on ("无数据 (no data)" when both amounts are missing).
    """
    return _plot_split(
        figures,
        (("personnel_expenditure", "人员经费"), ("public_expenditure", "公用经费")),
        title or "人员经费与公用经费",
        ax,
    )


# --------------------------------------------------------------------------
# Ranked horizontal bars
# --------------------------------------------------------------------------


def _plot_ranked(
    data: pd.DataFrame | pd.Series | None,
    label_col: str,
    title: str,
    ax: Axes | None,
) -> Axes:
    if data is None:
        return draw_no_data(prepare_axes(ax), title)
    if isinstance(data, pd.Series):
        data = pd.DataFrame(
            {label_col: data.index.astype(str), "amount": data.to_numpy()}
        )
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"expected a pandas DataFrame with columns {label_col!r} and 'amount', "
            f"got {type(data).__name__}"
        )
    missing_cols = [c for c in (label_col, "amount") if c not in data.columns]
    if missing_cols:
        raise ParameterError(
            f"the table lacks column(s) {missing_cols}; expected columns "
            f"{label_col!r} (label) and 'amount' (万元), got {list(data.columns)}"
        )

    rows: list[tuple[str, float]] = []
    n_missing = 0
    for label, amount in zip(data[label_col], data["amount"], strict=True):
        number = _to_number(amount, f"amount of {label!r}")
        if number is None:
            n_missing += 1
            continue
        rows.append(("" if label is None or label is pd.NA else str(label), number))
    ax = prepare_axes(ax, n_bars=len(rows), horizontal=True)
    if not rows:
        return draw_no_data(ax, title)

    rows.sort(key=lambda r: r[1], reverse=True)  # largest first (at the top)
    labels = [wrap_label(r[0]) for r in rows]
    amounts = [r[1] for r in rows]
    positions = range(len(rows))
    bars = ax.barh(positions, amounts, color="#4C72B0", height=0.6)
    ax.set_yticks(list(positions), labels=labels)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[format_amount(a) for a in amounts], padding=3)
    if min(amounts) < 0:
        ax.axvline(0, color="0.3", linewidth=0.8)
    ax.margins(x=0.18)
    ax.set_title(title)
    xlabel = "金额（万元）"
    if n_missing:
        xlabel += f"；另有 {n_missing} 项无数据"
    ax.set_xlabel(xlabel)
    return ax


def plot_functional_structure(
    df: pd.DataFrame | pd.Series | None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of expenditure by functional classification, largest first.

    Args:
        df: DataFrame with columns ``name`` (the Chinese 功能分类 label, e.g.
            "一般公共服务支出") and ``amount`` (万元).  A Series indexed by name
            with amounts as values is accepted too.  Rows whose amount is
            missing are left out and counted under the axis.
        ax: axes to draw on; a new figure, sized to the rows, when None.
        title: chart title; default "支出功能分类结构".

    Returns:
        The axes drawn on ("无数据 (no data)" when there is no amount at all).

    Raises:
        ParameterError: ``df`` lacks the ``name`` or ``amount`` column.
    """
    return _plot_ranked(df, "name", title or "支出功能分类结构", ax)


def plot_economic_structure(
    df: pd.DataFrame | pd.Series | None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of expenditure by economic classification, largest first.

    Args:
        df: DataFrame with columns ``name`` (the Chinese 经济分类 label, e.g.
            "工资福利支出") and ``amount`` (万元); or a Series indexed by name.
            Rows whose amount is missing are left out and counted under the
            axis.
        ax: axes to draw on; a new figure, sized to the rows, when None.
        title: chart title; default "支出经济分类结构".

    Returns:
        The axes drawn on ("无数据 (no data)" when there is no amount at all).

    Raises:
        ParameterError: ``df`` lacks the ``name`` or ``amount`` column.
    """
    return _plot_ranked(df, "name", title or "支出经济分类结构", ax)


def plot_project_amounts(
    df: pd.DataFrame | pd.Series | None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of the amount of each project, largest first.

    Args:
        df: DataFrame with columns ``project_name`` (Chinese project name) and
            ``amount`` (万元); or a Series indexed by project name.  Rows whose
            amount is missing are left out and counted under the axis; long
            names wrap.
        ax: axes to draw on; a new figure, sized to the rows, when None.
        title: chart title; default "项目支出金额".

    Returns:
        The axes drawn on ("无数据 (no data)" when there is no amount at all).

    Raises:
        ParameterError: ``df`` lacks the ``project_name`` or ``amount`` column.
    """
    return _plot_ranked(df, "project_name", title or "项目支出金额", ax)
