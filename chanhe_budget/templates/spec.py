"""What a disclosure template is, as data: table titles, aliases, columns, labels.

A template is the published layout of a family of disclosures (the Henan
14-table 一体化 template, the Shanghai 9-table template, …). Parsers never test a
title or a column label in an if-chain: they look it up here, so a new variant
is mostly a new :class:`Template` instance in ``chanhe_budget/templates/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import UnknownTableError

__all__ = [
    "TABLE_LABELS",
    "TABLE_NAMES",
    "Column",
    "TableSpec",
    "Template",
    "compact",
]

#: Canonical table names (public API) and their Chinese labels.
TABLE_LABELS: dict[str, str] = {
    "summary": "部门收支预算表",
    "income": "部门收入预算表",
    "expenditure": "部门支出预算表",
    "fiscal_appropriation": "财政拨款收支预算表",
    "general_budget_expenditure": "一般公共预算支出预算表",
    "general_budget_basic": "一般公共预算基本支出预算表",
    "economic_summary": "支出经济分类汇总表",
    "three_public": "一般公共预算“三公”经费预算表",
    "gov_fund": "政府性基金支出预算表",
    "state_capital": "国有资本经营支出预算表",
    "operating_funds": "行政(事业)单位机构运转经费预算表",
    "projects": "项目支出预算表",
    "department_performance": "部门(单位)整体绩效目标表",
    "project_performance": "部门预算项目绩效目标表",
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLE_LABELS)

_SPACE_RE = re.compile(r"\s+")


def compact(text: str) -> str:
    """Text with all white space removed and () unified: the form labels are matched in."""
    return _SPACE_RE.sub("", text).replace("（", "(").replace("）", ")").replace("：", ":")


@dataclass(frozen=True)
class Column:
    """One amount column: English name, Chinese label, header words that announce it."""

    name: str
    label: str
    header: tuple[str, ...] = ()
    meaning: str = ""


@dataclass(frozen=True)
class TableSpec:
    """How one table of a template looks.

    ``layout`` picks the parser (``coded``, ``two_sided``, ``halves`` — two halves
    side by side, ``department_performance``, ``project_performance``); ``labels`` says what
    the cells left of the amounts hold (``functional``, ``economic``, ``unit``,
    ``operating``, ``project``, ``none``); ``anchor`` are the header words of the
    first amount column; ``unit`` is the template's usual unit for the table.
    """

    name: str
    title: str
    aliases: tuple[str, ...] = ()
    layout: str = "coded"
    labels: str = "functional"
    anchor: tuple[str, ...] = ("合计", "总计")
    columns: tuple[Column, ...] = ()
    unit: str = "万元"
    fund: str | None = None  # the fund an empty-table note must name
    right_columns: tuple[Column, ...] = ()  # two-sided tables: amounts of the right side
    repeats: bool = False  # one block per item (a form per project): blocks are joined, not duplicates
    #: two-sided tables: row label patterns → key, tried before the national vocabulary (决算 rows differ)
    income_rows: tuple[tuple[str, str], ...] = ()
    expenditure_rows: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return self.title

    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Template:
    """A family of disclosures: how to recognise it and the tables it holds."""

    name: str
    label: str
    markers: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    row_labels: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    kind: str = "budget"

    def spec(self, name: str) -> TableSpec:
        for table in self.tables:
            if table.name == name:
                return table
        raise UnknownTableError(
            f"unknown table {name!r} for template {self.name!r}; "
            f"known: {', '.join(t.name for t in self.tables)}"
        )

    def table_label(self, name: str) -> str:
        """How messages name a table: its canonical label (:data:`TABLE_LABELS`) in a budget template,
        the template's own title otherwise (a 决算 says 支出决算表, not 部门支出预算表)."""
        if self.kind != "budget" and any(t.name == name for t in self.tables):
            return self.spec(name).title
        return TABLE_LABELS.get(name, name)

    @cached_property
    def _titles(self) -> dict[str, TableSpec]:
        return {_QUOTES_RE.sub("", compact(title)): table for table in reversed(self.tables) for title in table.titles()}

    def match_title(self, text: str) -> TableSpec | None:
        """The table whose title (or alias) the text is, ignoring year, numbering, 附件 prefix."""
        if "表" not in text:
            return None
        key = title_key(text)
        return self._titles.get(key) or self._titles.get(_OWNER_PREFIX_RE.sub("", key))


_TITLE_PREFIX_RE = re.compile(
    r"^(?:#+|[-*]\s*|附件\d*[:：]?|附表[\d\-]*[:：]?|表[一二三四五六七八九十\d\-]+[、.．:：]?|[一二三四五六七八九十\d]+[、.．:：])+"
)
#: Everything up to the fiscal year: '2025年…', and '某某局2025年…' where the department comes first.
_YEAR_RE = re.compile(r"^.*?(?:19|20)\d{2}年(?:度)?")
#: A continuation printed with its own title: '部门支出预算表（续）'.
CONTINUED_RE = re.compile(r"[(（]?续(?:表|\d*)?[)）]?$")
_OWNER_PREFIX_RE = re.compile(r"^(?:预算单位|部门|单位)")
#: Quotes are not part of a title's identity: text extractors move them ('财政拨款 三公 经费…' / '“ ”').
_QUOTES_RE = re.compile(r"[“”\"'‘’]")


def title_year(text: str) -> int | None:
    """The year printed in a table title, if any (``2025 年部门收支预算表`` → 2025)."""
    match = re.search(r"((?:19|20)\d{2})\s*年", text)
    return int(match.group(1)) if match else None


def title_key(text: str) -> str:
    """A title reduced to what identifies the table: no numbering, year, owner before the year, （续）."""
    key = _QUOTES_RE.sub("", compact(text)).strip("*#")
    key = _TITLE_PREFIX_RE.sub("", key)
    key = _YEAR_RE.sub("", key, count=1)
    return CONTINUED_RE.sub("", key) if key.endswith(("续", "续)", "续表)", "续表")) else key


def is_continuation(text: str) -> bool:
    """True for a title that marks the rest of a table printed before (…表（续）)."""
    return bool(CONTINUED_RE.search(compact(text).strip("*#"))) and "续" in text
