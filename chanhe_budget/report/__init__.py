"""Reports: papermill runs of the notebooks, HTML export, atomic report folders and the index."""

from __future__ import annotations

from ..checks.levels import findings, verdict
from .batch import BuildSummary, build_all
from .build import build_corpus_report, build_or_reuse, build_report
from .execute import (
    EXECUTION_TIMEOUT,
    START_TIMEOUT,
    execute_notebook,
    export_html,
    project_kernel_manager,
    skip_slow_optional_imports,
)
from .first_screen import first_screen, previous_year
from .index import write_index
from .names import safe_name
from .outputs import save_corpus_outputs, save_outputs
from .parameters import (
    CORPUS_NOTEBOOK,
    DISCLOSURE_EXTENSIONS,
    NOTEBOOK,
    available_disclosures,
    notebook_path,
    resolve_disclosure,
    validate_corpus_parameters,
    validate_parameters,
)
from .views import Chart, audit_view, chart, heading, html_table, table

__all__ = [
    "CORPUS_NOTEBOOK",
    "DISCLOSURE_EXTENSIONS",
    "EXECUTION_TIMEOUT",
    "NOTEBOOK",
    "START_TIMEOUT",
    "BuildSummary",
    "Chart",
    "audit_view",
    "available_disclosures",
    "build_all",
    "build_corpus_report",
    "build_or_reuse",
    "build_report",
    "chart",
    "execute_notebook",
    "export_html",
    "findings",
    "first_screen",
    "heading",
    "html_table",
    "notebook_path",
    "previous_year",
    "project_kernel_manager",
    "resolve_disclosure",
    "safe_name",
    "save_corpus_outputs",
    "save_outputs",
    "skip_slow_optional_imports",
    "table",
    "validate_corpus_parameters",
    "validate_parameters",
    "verdict",
    "write_index",
]
