"""Knowledge of the documents, as data: the Template type, each province's template, identities,
vocabulary and score weights. :data:`TEMPLATES` lists the templates explicitly."""

from __future__ import annotations

from .registry import TEMPLATES, detect_template, templates
from .spec import TABLE_LABELS, TABLE_NAMES, Column, TableSpec, Template, compact

__all__ = ["TABLE_LABELS", "TABLE_NAMES", "TEMPLATES", "Column", "TableSpec", "Template", "compact", "detect_template",
           "templates"]
