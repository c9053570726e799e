"""Charts of a disclosure (:mod:`.disclosure`) and of a corpus (:mod:`.corpus`), drawn with the CJK font the
install brings. The ``plot_`` functions are re-exported here for the notebooks: ``plots.plot_totals(...)``."""

from __future__ import annotations

from .corpus import plot_scores, plot_shares, plot_three_public, plot_totals, plot_year_on_year
from .disclosure import (
    plot_basic_project_split,
    plot_economic_structure,
    plot_functional_structure,
    plot_personnel_public_split,
    plot_project_amounts,
    setup_cjk_font,
)

__all__ = ["plot_basic_project_split", "plot_economic_structure", "plot_functional_structure",
           "plot_personnel_public_split", "plot_project_amounts", "plot_scores", "plot_shares", "plot_three_public",
           "plot_totals", "plot_year_on_year", "setup_cjk_font"]
