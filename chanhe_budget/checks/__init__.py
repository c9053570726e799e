"""Stage 5 — checks: the audit of a Disclosure (identities, narrative, completeness, text, score)."""

from __future__ import annotations

from .run import (
    AUDIT_COLUMNS,
    BREAKDOWN_COLUMNS,
    FAMILIES,
    STATUSES,
    audit,
    summarise,
    transparency_score,
)

__all__ = [
    "AUDIT_COLUMNS",
    "BREAKDOWN_COLUMNS",
    "FAMILIES",
    "STATUSES",
    "audit",
    "summarise",
    "transparency_score",
]
