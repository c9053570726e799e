"""Verdict levels of an audit (fail / warn / pass), and its few real findings, most serious first.

The audit's own summary says "fail" as soon as any check fails, so one
text-quality finding (a copied explanation) fails a document whose every
identity holds. A reader needs levels that mean something:

- ``fail``: an accounting identity, a cross-table check, the narrative against
  the tables, or a required item (completeness) fails — the numbers or the
  disclosure itself are wrong;
- ``warn``: only text-quality or soft findings (a copied sentence, a name
  slip, an unusual pattern), or warnings of any family;
- ``pass``: nothing of either.

The same levels are used in the report's first screen, in ``figures.json``,
in ``reports/index.html`` and in the corpus report's score table. (The
audit's own :func:`~chanhe_budget.checks.run.summarise` keeps its strict
"fail on any failed check" verdict for ``chanhe-budget audit --strict``.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Families whose failed checks fail the document (检查类别 → 结论 fail).
FAIL_FAMILIES = ("identity", "cross_table", "narrative", "completeness")
#: Verdict level → (Chinese label, English label).
LEVELS = {"pass": ("通过", "pass"), "warn": ("需注意", "warn"), "fail": ("未通过", "fail")}
_STATUS_ORDER = {"fail": 0, "warn": 1, "cannot_check": 2, "not_applicable": 3, "pass": 4}


def verdict(frame: pd.DataFrame | None) -> str | None:
    """``"fail"``, ``"warn"`` or ``"pass"`` for an audit frame (None when there is no audit)."""
    if frame is None or "status" not in frame:
        return None
    failed = frame["status"] == "fail"
    if (failed & frame["family"].isin(FAIL_FAMILIES)).any():
        return "fail"
    return "warn" if (failed | (frame["status"] == "warn")).any() else "pass"


def findings(frame: pd.DataFrame | None) -> pd.DataFrame:
    """The real findings, most serious first: fails of :data:`FAIL_FAMILIES` (identities, then narrative …),
    then the other fails and every warning. Each row gets ``level`` (fail/warn). not_applicable and
    cannot_check rows are not findings. Empty when there is no audit."""
    import pandas as pd

    if frame is None or "status" not in frame:
        return pd.DataFrame(columns=["level"])
    rows = frame[frame["status"].isin(["fail", "warn"])].copy()
    serious = (rows["status"] == "fail") & rows["family"].isin(FAIL_FAMILIES)
    rows["level"] = ["fail" if s else "warn" for s in serious]
    family_rank = {f: i for i, f in enumerate(FAIL_FAMILIES)}
    rows["_order"] = [(0 if s else 1, family_rank.get(f, 9) if s else _STATUS_ORDER.get(st, 9))
                      for s, f, st in zip(serious, rows["family"], rows["status"], strict=True)]
    return rows.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def status_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by status: fail, warn, cannot_check, not_applicable, pass (stable within each)."""
    if frame.empty or "status" not in frame:
        return frame
    key = frame["status"].map(lambda s: _STATUS_ORDER.get(s, 9))
    return frame.iloc[key.argsort(kind="stable")]
