"""The transparency score: the audit frame turned into 0–100 points with every deduction itemised.

The weights and the rules are data in :mod:`chanhe_budget.score_weights`;
this module only applies them, so the breakdown can always be traced back to
audit rows (the ``reason`` of a deduction quotes them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..errors import ParameterError
from ..templates import score_weights as W

__all__ = ["BREAKDOWN_COLUMNS", "score_frame"]

BREAKDOWN_COLUMNS = ("component", "item", "weight", "points", "deduction", "reason")
_UNCHECKED = ("not_applicable", "cannot_check")


@dataclass
class _Item:
    component: W.Component
    item: str
    label: str
    nominal: float
    credit: float | None  # None: not checkable
    reason: str


def _row_credit(row: pd.Series) -> float:
    if row["family"] == "completeness" and isinstance(row["found"], int | float) and not math.isnan(row["found"]):
        return float(row["found"])
    return W.CREDIT[row["status"]]


def _reasons(rows: pd.DataFrame, limit: int = 3) -> str:
    bad = rows[~rows["status"].isin(("pass", *_UNCHECKED))]
    texts = []
    for row in bad.head(limit).itertuples():
        table = row.table if isinstance(row.table, str) else ""
        where = f"line {int(row.line)}" if row.line is not None and not pd.isna(row.line) else table
        texts.append(f"{row.check_id}{' ' + where if where else ''}: {row.reason or row.status}")
    more = len(bad) - limit
    return "; ".join(texts) + (f"; and {more} more" if more > 0 else "")


def _check_item(frame: pd.DataFrame, component: W.Component, item: str) -> _Item:
    rows = frame[frame["check_id"] == item]
    nominal = W.ITEM_WEIGHTS.get(item, 1.0)
    label = item if rows.empty else f"{item} {rows['description_zh'].iloc[0]}"
    checked = rows[~rows["status"].isin(_UNCHECKED)]
    if checked.empty:
        why = rows["reason"].iloc[0] if not rows.empty else "the audit made no such check"
        return _Item(component, item, label, nominal, None, f"not checkable: {why}")
    credit = float(checked.apply(_row_credit, axis=1).mean())
    return _Item(component, item, label, nominal, credit, _reasons(checked) if credit < 1 else "")


def _family_item(frame: pd.DataFrame, component: W.Component, item: str) -> _Item:
    family = item.split(":", 1)[1]
    rows = frame[(frame["family"] == family) & ~frame["check_id"].isin(W.ACCURACY_EXCLUDE)
                 & ~frame["status"].isin(_UNCHECKED)]
    nominal = W.ITEM_WEIGHTS.get(item, 1.0)
    label = f"{family} checks"
    if rows.empty:
        return _Item(component, item, label, nominal, None, f"not checkable: no {family} check could be made")
    per_rule = rows.groupby("check_id")["status"].agg(lambda s: min(W.CREDIT[x] for x in s))
    credit = float(per_rule.mean())
    failed = per_rule[per_rule < 1]
    reason = ""
    if len(failed):
        reason = (f"{len(failed)} of {len(per_rule)} rules not met ({', '.join(failed.index)}): "
                  + _reasons(rows[rows["check_id"].isin(failed.index)]))
    return _Item(component, item, f"{label} ({len(per_rule)} rules)", nominal, credit, reason)


def score_frame(frame: pd.DataFrame, policy: str | None = None, kind: str | None = None) -> tuple[float, pd.DataFrame]:
    """Score an audit frame: (score 0–100, breakdown with :data:`BREAKDOWN_COLUMNS`).

    ``kind`` (``"budget"`` or ``"final_accounts"``; default: the frame's ``attrs["kind"]``, set by the
    audit) picks the components of :data:`~chanhe_budget.templates.score_weights.COMPONENTS_BY_KIND`.

    ``weight`` is the effective weight of an item after what is not checkable has
    been shared out (the weights add up to 100); ``points`` what it earned;
    ``deduction`` the difference, explained in ``reason``.
    """
    policy = policy or W.UNCHECKABLE
    if policy not in ("rescale", "zero", "full"):
        raise ParameterError(f"unknown policy {policy!r} for uncheckable items; allowed: rescale, zero, full")
    kind = kind or frame.attrs.get("kind") or "budget"
    if kind not in W.COMPONENTS_BY_KIND:
        raise ParameterError(f"unknown kind {kind!r}; allowed: {', '.join(W.COMPONENTS_BY_KIND)}")
    components = W.COMPONENTS_BY_KIND[kind]
    items = [(_family_item if i.startswith("family:") else _check_item)(frame, c, i)
             for c in components for i in c.items]
    weights: dict[int, float] = {}
    for component in components:
        members = [k for k, it in enumerate(items) if it.component is component]
        share = sum(items[k].nominal for k in members)
        checkable = [k for k in members if items[k].credit is not None]
        base = checkable if policy == "rescale" else members
        base_share = sum(items[k].nominal for k in base) or share
        for k in members:
            weights[k] = component.weight * items[k].nominal / base_share if k in base else 0.0
    if policy == "rescale":
        total = sum(weights.values())
        weights = {k: w * 100 / total for k, w in weights.items()} if total else weights
    records = []
    earned = 0.0
    for k, it in enumerate(items):
        weight = weights[k]
        if it.credit is None:
            points = weight if policy == "full" else 0.0
            note = {"rescale": "; its weight is shared by the checkable items",
                    "zero": "; scored 0", "full": "; given full points"}[policy]
            reason = it.reason + note
        else:
            points = weight * it.credit
            reason = it.reason
        earned += points
        records.append({"component": f"{it.component.label} {it.component.name}", "item": it.label,
                        "weight": round(weight, 3), "points": round(points, 3),
                        "deduction": round(weight - points, 3), "reason": reason})
    breakdown = pd.DataFrame(records, columns=list(BREAKDOWN_COLUMNS))
    score = round(earned, 1)
    return score, breakdown
