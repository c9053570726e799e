"""What a disclosure template is, as data: table titles, aliases, columns, labels.

A template is the published layout of a family of disclosures (the Henan
14-table 一体化 template, the Shanghai 9-table template, …). Parsers never test a
title or a column label in an if-chain: they look it up here, so a new variant
is mostly a new :class:`Template` instance in ``chanhe_budget/templates/``.
"""

from __future__ import annotations

import functools
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
    "fiscal_appropriation_expenditure": "财政拨款支出预算表",
    "fiscal_appropriation_basic": "财政拨款基本支出预算表",
    "procurement": "政府采购预算表",
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLE_LABELS)

_SPACE_RE = re.compile(r"\s+")
#: Header words every kind of table prints: they confirm no table in particular.
_GENERIC_HEADER_WORDS = frozenset({"合计", "总计", "小计", "金额", "预算数", "本年预算数", "预算金额", "项目"})


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
    #: Header words of which the table must print at least one to be taken for this table (its title
    #: alone is not enough). Default: the distinctive header words of its columns (see :meth:`header_words`).
    confirm: tuple[str, ...] = ()
    #: A table that may run over several pages under the same title again (not a duplicate).
    continues: bool = False

    @property
    def label(self) -> str:
        return self.title

    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    @cached_property
    def header_words(self) -> tuple[str, ...]:
        """Compacted words one of which the table's header rows must print (empty: no header to confirm)."""
        if self.confirm:
            return tuple(compact(w) for w in self.confirm)
        words = {compact(w) for c in (*self.columns, *self.right_columns) for w in c.header}
        words |= {compact(w) for w in self.anchor}
        if self.layout == "two_sided":  # 收入 | 支出 side by side, whatever the amount columns are called
            words |= {"收入", "支出"}
        return tuple(sorted(words - _GENERIC_HEADER_WORDS))


@dataclass(frozen=True)
class Template:
    """A family of disclosures: how to recognise it and the tables it holds."""

    name: str
    label: str
    markers: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    #: Rows a table of the family prints, by table: (group, item) pairs of an ``item_list`` (the text reader
    #: tells a whole label from a wrapped piece of one by them).
    row_labels: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    kind: str = "budget"
    #: Tables a document of the family may leave out without looking less like it (they do not
    #: count in the share of the template's tables that detection requires).
    optional: tuple[str, ...] = ()

    @property
    def expected(self) -> tuple[str, ...]:
        """The tables every document of the family prints (detection scores against these)."""
        return tuple(t.name for t in self.tables if t.name not in self.optional)

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
        """The table whose title (or alias) the text is, ignoring numbering and labels (表一, 公开01表,
        附表N, 一、), the year, the department named before the title, a qualifier after it
        (（功能科目）) and a 部门:/单位: line glued to it."""
        if "表" not in text:
            return None
        cache = self._match_cache
        if text in cache:
            return cache[text]
        key = _QUOTES_RE.sub("", title_key(text))  # quotes moved away by extractors: '财政拨款 三公 经费…'
        found = self._titles.get(key) or self._titles.get(_OWNER_PREFIX_RE.sub("", key))
        if found is None and len(key) >= 6 and key.endswith("表"):
            for title, spec in self._titles_by_length:  # '某某厅收支预算总表': an owner before it
                if key.endswith(title) and _ORGANISATION_RE.search(key[: -len(title)]):
                    found = spec
                    break
        if len(cache) < 4096:
            cache[text] = found
        return found

    @cached_property
    def _match_cache(self) -> dict[str, TableSpec | None]:
        return {}

    @cached_property
    def _titles_by_length(self) -> tuple[tuple[str, TableSpec], ...]:
        return tuple(sorted(self._titles.items(), key=lambda item: -len(item[0])))


_NUMERAL = r"[一二三四五六七八九十\d\-]+"
_TITLE_PREFIX_RE = re.compile(
    r"^(?:#+|[-*]\s*|附件\d*[:：]?|附表[\d\-]*[:：]?|(?:公开|预算公开)?表" + _NUMERAL + r"[、.．:：]?"
    r"|公开" + _NUMERAL + r"表[、.．:：]?|[一二三四五六七八九十\d]+[、.．:：])+"
)
#: A label printed on its own line beside a title: 表一, 公开01表, 公开表一, 附表3, 附件2.
TABLE_LABEL_RE = re.compile(r"^(?:(?:公开|预算公开)?表" + _NUMERAL + r"|公开" + _NUMERAL + r"表|附表[\d\-]+|附件\d+)[:：]?$")
#: A qualifier printed after the title: （功能科目）, （经济科目）, （一般公共预算）.
_QUALIFIER_RE = re.compile(r"(?<=表)\([^()续]{2,10}\)$")
#: The 部门:/单位: line printed on the title's own line: '…预算表(功能科目)部门:某厅 单位:万元'.
_GLUED_META_RE = re.compile(r"(?<=[表)])(?:编制|预算)?(?:部门|单位)(?:名称)?:.*$")
#: How the name of an organisation ends, when it is printed before a title without a year.
_ORGANISATION_RE = re.compile(r"(?:厅|局|院|委员会|委|会|部|办公室|办|室|处|中心|所|站|队|社|馆|校|政府|街道办事处|镇|乡)$")
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


@functools.lru_cache(maxsize=8192)
def title_key(text: str) -> str:
    """A title reduced to what identifies the table: no numbering, year, owner before the year, （续）."""
    key = compact(text).strip("*#")
    key = _TITLE_PREFIX_RE.sub("", key)
    key = _YEAR_RE.sub("", key, count=1)
    key = _GLUED_META_RE.sub("", key)
    key = CONTINUED_RE.sub("", key) if key.endswith(("续", "续)", "续表)", "续表")) else key
    return _QUALIFIER_RE.sub("", key)


def is_continuation(text: str) -> bool:
    """True for a title that marks the rest of a table printed before (…表（续）)."""
    return bool(CONTINUED_RE.search(compact(text).strip("*#"))) and "续" in text
