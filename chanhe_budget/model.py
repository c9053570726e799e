"""The ``Disclosure``: what one parsed document holds, every stage kept for inspection."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from .diagnostics import WarningLog
from .errors import UnknownTableError
from .parse.raw_table import RawTable
from .parse.segment import Section, Segments
from .read.source import Line
from .templates.spec import TABLE_LABELS, Template

__all__ = ["Disclosure"]


@dataclass(eq=False)
class Disclosure:
    """One parsed budget disclosure.

    ``tables`` maps canonical names (see ``chanhe_budget.TABLE_NAMES``) to tidy
    DataFrames with amounts in 万元; ``narrative`` lists every figure the text
    states; ``figures`` is the flat record of FIGURES.md; ``warnings`` every
    doubtful thing met while reading, with its line. The intermediate stages
    (``lines``, ``segments``, ``raw_tables``) are kept so a notebook can inspect
    what the parser saw.
    """

    source: str | None
    encoding: str
    template: Template
    title: str
    department: str | None
    year: int | None
    kind: str
    scope: str
    unit: str | None
    lines: list[Line] = field(repr=False)
    segments: Segments = field(repr=False)
    raw_tables: dict[str, RawTable] = field(repr=False)
    tables: dict[str, pd.DataFrame] = field(repr=False)
    narrative: pd.DataFrame = field(repr=False)
    warnings: WarningLog = field(repr=False)
    source_kind: str = "text"
    input_format: str = "tsv"  # pdf, markdown, tsv, layout_text, plain_text, page_json (read.formats)
    #: The files of a publication printed as several parts, as (name, first line, last line) of the joined text.
    parts: tuple = ()
    #: How the template was chosen: tables found, missing, score (see :func:`chanhe_budget.templates.registry.detect`).
    detection: object = field(default=None, repr=False)

    @property
    def sections(self) -> list[Section]:
        """Narrative sections: heading, level, line span and text."""
        return self.segments.sections

    @cached_property
    def figures(self) -> dict:
        """The key figures of FIGURES.md (amounts in 万元, shares in %), ``None`` where unknown."""
        from .key_figures import compute_figures

        return compute_figures(self)

    @cached_property
    def provenance(self) -> pd.DataFrame:
        """One row per key figure: ``figure``, ``value``, ``source`` (table, row, column, or narrative line),
        ``corroborated_by`` (the independent places that agree), ``conflicts`` (those that disagree, with
        their values) and ``status`` — ``confirmed``, ``single``, ``conflict`` or ``absent``."""
        from .provenance import provenance

        return provenance(self)

    @property
    def role(self) -> str:
        """``complete``, or ``tables`` for a tables part read alone (no narrative statement at all)."""
        return "tables" if self.narrative.empty and not self.parts else "complete"

    def line_source(self, line: int | None) -> str | None:
        """The file a line of the (joined) text came from, for a publication read from several parts."""
        if line is None:
            return None
        for name, first, last in self.parts:
            if first <= line <= last:
                return name
        return self.source

    @cached_property
    def figure_sources(self) -> dict[str, str]:
        """Where a key figure came from when not from its usual table (a fallback), or why it is null."""
        from .key_figures import compute_figures

        sources: dict[str, str] = {}
        compute_figures(self, sources)
        return sources

    @cached_property
    def executions(self) -> pd.DataFrame:
        """Budget against actual as the narrative of a 决算 states it (年初预算 X, 决算 Y, 完成 Z%, 决算数
        大于/小于/等于预算数 and the reason): one row per item, see
        :func:`chanhe_budget.parse.narrative.statements_to_executions`."""
        from .parse.narrative import statements_to_executions

        return statements_to_executions(self.narrative)

    @property
    def metadata(self) -> dict:
        """Where the figures come from: source, encoding, detected template, title, counts."""
        detection = self.detection
        return {
            "source": self.source, "source_kind": self.source_kind, "input_format": self.input_format,
            "encoding": self.encoding,
            "template": self.template.name, "template_label": self.template.label, "title": self.title,
            "department": self.department, "year": self.year, "kind": self.kind, "scope": self.scope,
            "unit": self.unit, "tables": list(self.tables), "warnings": len(self.warnings),
            "parts": [name for name, _, _ in self.parts],
            "template_score": getattr(detection, "score", None),
            "tables_missing": list(getattr(detection, "missing", ())),
            "figure_sources": dict(self.figure_sources),
        }

    def table(self, name: str) -> pd.DataFrame:
        """One table by canonical name; a clear error lists the names when it is unknown or absent."""
        if name not in TABLE_LABELS:
            raise UnknownTableError(f"unknown table {name!r}; canonical names: {', '.join(TABLE_LABELS)}")
        if name not in self.tables:
            raise UnknownTableError(
                f"table {name!r} ({TABLE_LABELS[name]}) is not in this document; present: {', '.join(self.tables)}"
            )
        return self.tables[name]

    def audit(self, strict: bool = False) -> pd.DataFrame:
        """Run every check on this disclosure (see :func:`chanhe_budget.checks.audit`)."""
        from .checks.run import audit

        return audit(self, strict=strict)

    def warnings_frame(self) -> pd.DataFrame:
        """The warnings as a DataFrame: code, message, line, text, table."""
        return self.warnings.to_frame()

    def __repr__(self) -> str:
        return (f"Disclosure({self.department!r}, year={self.year}, template={self.template.name!r}, "
                f"tables={len(self.tables)}, warnings={len(self.warnings)})")
