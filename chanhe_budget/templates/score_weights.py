"""Weights of the transparency score (部门预算公开指数, 0–100), kept as data a researcher can change.

Design (disclosure-rules.md §2.4, our own index — not a published one): five
components after the five dimensions of 财政部's 专项检查 —

=============  ======  ===========================================================
component      weight  what earns the points
=============  ======  ===========================================================
完整性          35      checklist items present (C02–C07, C11–C13, C17–C19b, C21, C23–C28)
细化程度        20      detail: 项/款 level, 基本/项目 split, per-item explanations (C08–C10, C14–C16)
准确/一致       25      share of identities, cross-table checks, narrative figures and text
                       checks that pass, by family (:data:`ACCURACY_FAMILIES`)
及时性          10      C31 published within 20 days of 批复 — not checkable from the text
可用性          10      form: title (C01), units (C29), no placeholders (C30), portal (C32),
                       machine-readable (C33)
=============  ======  ===========================================================

Scoring of one item: E-items earn 0 or 1, W-items 0, 0.5 or 1 (the credit the
completeness check prints in ``found``); an item checked on several tables
(C07, C10, C29) earns the mean; a rule of the accuracy families earns the
credit of its worst instance (pass 1, warn 0.5, fail 0) and a family the mean
over its rules. Items are weighted equally inside a component unless
:data:`ITEM_WEIGHTS` says otherwise.

What the text cannot show (C31 timeliness, C32 portal, C33 for a text
conversion) is not guessed: with :data:`UNCHECKABLE` = ``"rescale"`` (the
default, as the Open Budget Survey excludes "not applicable" answers) its
weight is shared among the checkable items of its component, and a component
with nothing checkable (及时性) passes its weight to the other components in
proportion to theirs — so the score is out of the 90 checkable points, scaled
to 100. ``"zero"`` scores such items 0, ``"full"`` gives them full points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ACCURACY_EXCLUDE", "ACCURACY_FAMILIES", "COMPONENTS", "COMPONENTS_BY_KIND", "CREDIT",
           "FINAL_ACCOUNTS_COMPONENTS", "ITEM_WEIGHTS", "UNCHECKABLE", "Component"]


@dataclass(frozen=True)
class Component:
    """One component of the score: its weight and the checks (ids, or ``family:<name>``) it is made of."""

    name: str
    label: str
    weight: float
    items: tuple[str, ...] = field(default_factory=tuple)


#: Credit of a check by status (completeness rows use the credit in ``found`` instead).
CREDIT: dict[str, float] = {"pass": 1.0, "warn": 0.5, "fail": 0.0}

#: Accuracy (准确/一致) is split by check family; the weights add up to the component's 25.
ACCURACY_FAMILIES: dict[str, float] = {"identity": 8.0, "cross_table": 7.0, "narrative": 6.0, "text_quality": 4.0}
#: Checks of an accuracy family scored elsewhere (placeholders belong to 可用性).
ACCURACY_EXCLUDE: tuple[str, ...] = ("C30",)

COMPONENTS: tuple[Component, ...] = (
    Component("completeness", "完整性", 35.0,
              ("C02", "C03", "C04", "C05", "C06", "C07", "C11", "C12", "C13", "C17", "C18", "C19", "C19b", "C21",
               "C23", "C24", "C25", "C26", "C27", "C28")),
    Component("detail", "细化程度", 20.0, ("C08", "C09", "C10", "C14", "C15", "C16")),
    Component("accuracy", "准确/一致", 25.0, tuple(f"family:{name}" for name in ACCURACY_FAMILIES)),
    Component("timeliness", "及时性", 10.0, ("C31",)),
    Component("usability", "可用性", 10.0, ("C01", "C29", "C30", "C32", "C33")),
)

#: A 决算 (final accounts) is scored on the same five components; its checklist differs: no 绩效目标表
#: (C25) or 专项转移支付 (C26), and C34 — 完成年初预算 stated and every difference between 决算数 and
#: 预算数 explained — counts towards 完整性.
FINAL_ACCOUNTS_COMPONENTS: tuple[Component, ...] = (
    Component("completeness", "完整性", 35.0,
              ("C02", "C03", "C04", "C05", "C06", "C07", "C11", "C12", "C13", "C17", "C18", "C19", "C19b", "C21",
               "C23", "C24", "C27", "C28", "C34")),
    Component("detail", "细化程度", 20.0, ("C08", "C09", "C10", "C14", "C15", "C16")),
    Component("accuracy", "准确/一致", 25.0, tuple(f"family:{name}" for name in ACCURACY_FAMILIES)),
    Component("timeliness", "及时性", 10.0, ("C31",)),
    Component("usability", "可用性", 10.0, ("C01", "C29", "C30", "C32", "C33")),
)

#: The components by kind of document (``Template.kind``).
COMPONENTS_BY_KIND: dict[str, tuple[Component, ...]] = {"budget": COMPONENTS,
                                                         "final_accounts": FINAL_ACCOUNTS_COMPONENTS}

#: Relative weight of an item inside its component (default 1); accuracy families use ACCURACY_FAMILIES.
ITEM_WEIGHTS: dict[str, float] = {f"family:{name}": weight for name, weight in ACCURACY_FAMILIES.items()}

#: How to score what the text cannot show: "rescale" (default), "zero" or "full".
UNCHECKABLE: str = "rescale"
