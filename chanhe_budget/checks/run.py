"""Audit a disclosure: identities, narrative against tables, completeness, text, soft checks, score.

The whole audit, top to bottom::

    identities (templates/identities.py as data, identities.py the engine)
    + narrative against tables (narrative.py)
    + completeness against the disclosure rules (completeness.py)
    + text quality (text.py)
    + soft consistency (soft.py)
    → one tidy DataFrame, one row per check (columns: :data:`AUDIT_COLUMNS`)
    → summarise() and transparency_score() read that frame

Nothing raises on a finding unless ``strict=True`` — then every failure is in
the exception, as pandera's lazy validation does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..errors import AuditFailure, ParameterError
from .completeness import check_completeness
from .context import Context
from .identities import check_identities
from .narrative import check_narrative
from .rows import AUDIT_COLUMNS, FAMILIES, STATUSES, check, missing_column_reason
from .score import BREAKDOWN_COLUMNS, score_frame
from .soft import check_soft
from .text import check_text

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["AUDIT_COLUMNS", "BREAKDOWN_COLUMNS", "FAMILIES", "STATUSES", "audit", "summarise", "transparency_score"]

_FAMILY_ORDER = {name: i for i, name in enumerate(FAMILIES)}


def audit(disclosure: Disclosure, strict: bool = False) -> pd.DataFrame:
    """Run every check on a disclosure; one row per check.

    Columns (:data:`AUDIT_COLUMNS`): ``check_id`` (rule id: I.. within a table,
    X.. between tables, N.. narrative, C.. checklist, T.. text, S.. soft),
    ``family`` (identity, cross_table, narrative, completeness, text_quality,
    soft), ``description_zh``/``description_en``, ``expected``/``found`` (万元,
    %, counts; for completeness the credit 1/0.5/0), ``difference`` (found −
    expected), ``tolerance`` (the rounding envelope), ``status`` (pass, fail,
    warn, not_applicable, cannot_check — the last two always with a ``reason``),
    ``reason``, and the evidence: ``table`` and ``row``, or ``line`` and
    ``evidence`` text.

    ``strict=True`` raises :class:`~chanhe_budget.errors.AuditFailure` listing
    every failed check (``exc.failures`` is the DataFrame of failed rows).
    """
    if not isinstance(strict, bool):
        raise ParameterError(f"strict must be True or False, found {strict!r}")
    ctx = Context(disclosure)
    rows: list[dict] = []
    for family, run in (("identity", lambda: check_identities(disclosure, ctx=ctx)),
                        ("narrative", lambda: check_narrative(disclosure, ctx)),
                        ("completeness", lambda: list(check_completeness(disclosure))),
                        ("text_quality", lambda: check_text(disclosure)),
                        ("soft", lambda: check_soft(disclosure))):
        try:
            rows.extend(run())
        except KeyError as exc:  # a mutated table broke a whole family: one row says so, the others still run
            rows.append(check(f"{family}.error", "audit", "审计检查无法完成", f"the {family} checks could not run",
                              "cannot_check", reason=missing_column_reason(exc, f"the {family} checks")))
    frame = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    for column in ("difference", "tolerance"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame.attrs.update(source=disclosure.source, department=disclosure.department, year=disclosure.year,
                       kind=disclosure.template.kind)
    if strict:
        failures = frame[frame["status"] == "fail"]
        if not failures.empty:
            raise AuditFailure(_failure_message(disclosure, failures), failures=failures.reset_index(drop=True))
    return frame


def _failure_message(disclosure: Disclosure, failures: pd.DataFrame) -> str:
    lines = [f"{len(failures)} check(s) failed on {disclosure.source or disclosure.department}:"]
    for row in failures.itertuples():
        where = " ".join(x for x in (row.table, row.row, "" if pd.isna(row.line) else f"line {row.line}")
                         if isinstance(x, str) and x)
        lines.append(f"  {row.check_id} [{row.family}] {where}: {row.reason or row.description_en}")
    return "\n".join(lines)


def summarise(frame: pd.DataFrame) -> dict:
    """Counts by status, the verdict (``"fail"`` when any check fails) and the transparency score.

    Keys: verdict, n_checks, n_pass, n_fail, n_warn, n_not_applicable,
    n_cannot_check, score.
    """
    counts = frame["status"].value_counts()
    summary = {"verdict": "fail" if counts.get("fail", 0) else "pass", "n_checks": len(frame)}
    for status in STATUSES:
        summary[f"n_{status}"] = int(counts.get(status, 0))
    summary["score"] = score_frame(frame)[0]
    return summary


def transparency_score(disclosure: Disclosure, frame: pd.DataFrame | None = None) -> tuple[float, pd.DataFrame]:
    """The transparency score 0–100 and its itemised breakdown.

    Breakdown columns (:data:`BREAKDOWN_COLUMNS`): component, item, weight
    (effective points the item can earn; they add up to 100), points,
    deduction, reason. Weights are data in :mod:`chanhe_budget.score_weights`.
    """
    if frame is None:
        frame = audit(disclosure)
    return score_frame(frame)
