"""chanhe_budget: Chinese department budget disclosures (部门预算公开) as tidy DataFrames.

Public API::

    import chanhe_budget as cb
    d = cb.read_disclosure("data/raw/2025/<department>.txt")
    d.figures                  # FIGURES.md key figures (万元, %)
    d.tables["expenditure"]    # tidy tables by canonical name
    d.audit()                  # checks as a tidy DataFrame

Heavy libraries (matplotlib, papermill) are imported only by the functions that need them.
"""

from __future__ import annotations

from .checks.run import audit  # the function; a wrapper would be replaced by the submodule once it is imported
from .corpus.collection import Corpus, load_corpus
from .dictionary import data_dictionary
from .errors import (
    AuditFailure,
    CatalogError,
    ChanheBudgetError,
    DecodeError,
    DuplicateDocumentError,
    MissingComponentError,
    NotADisclosureError,
    ParameterError,
    PdfError,
    ReportError,
    SchedulerError,
    UnknownTableError,
)
from .key_figures import FIGURE_NAMES
from .model import Disclosure
from .pipeline import read_disclosure
from .templates.spec import TABLE_LABELS, TABLE_NAMES

__version__ = "0.1.0"

__all__ = [
    "FIGURE_NAMES",
    "TABLE_LABELS",
    "TABLE_NAMES",
    "AuditFailure",
    "CatalogError",
    "ChanheBudgetError",
    "Corpus",
    "DecodeError",
    "Disclosure",
    "DuplicateDocumentError",
    "MissingComponentError",
    "NotADisclosureError",
    "ParameterError",
    "PdfError",
    "ReportError",
    "SchedulerError",
    "UnknownTableError",
    "__version__",
    "audit",
    "data_dictionary",
    "load_corpus",
    "read_disclosure",
]
