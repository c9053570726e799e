"""Charts of a disclosure and of a corpus, drawn with the CJK font the install brings."""

from __future__ import annotations

from .corpus import (
    plot_scores,
    plot_shares,
    plot_three_public,
    plot_totals,
    plot_year_on_year,
)
from .disclosure import (
    FALLBACK_FAMILY,
    FONT_DISTRIBUTION,
    FONT_FILE,
    FONT_PACKAGE,
    NO_DATA_TEXT,
    cjk_font_path,
    draw_no_data,
    format_amount,
    format_pct,
    minus_sign,
    plot_basic_project_split,
    plot_economic_structure,
    plot_functional_structure,
    plot_personnel_public_split,
    plot_project_amounts,
    prepare_axes,
    setup_cjk_font,
    wrap_label,
)

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
    "plot_scores",
    "plot_shares",
    "plot_three_public",
    "plot_totals",
    "plot_year_on_year",
    "prepare_axes",
    "setup_cjk_font",
    "wrap_label",
]
