"""A 收支总表 of three column groups (layout ``summary_groups``) read from text without layout.

The Jiangsu 收支预算总表 prints 收入 | 支出·功能分类 | 支出·支出用途, each a label and an
amount. Text without cell boundaries keeps the reading order only: a line is the labels and
amounts of one printed row, left to right, a blank cell leaving no trace
(``1.一般公共预算 9,066.79 二、外交支出 二、项目支出 3,123.68``). What still tells the cells
apart is the grammar of the labels:

* a label starts with its ordinal (``一、``, ``1.``) or is a closing row (当年收入小计, 上年结转资金,
  收入合计 | 当年支出小计, 结转下年资金, 支出合计); its group follows from its words (the template's
  row vocabulary: 基本支出 / 项目支出 / 单位预留机动经费 are 支出用途, other ``…支出`` rows are
  功能分类, the income rows are 收入);
* a label cut inside its cell comes out in pieces, the first above and the rest below the line
  that holds the row's other cells and amounts (``2.政府性基金`` / ``三、国防支出 140.20`` /
  ``预算``): a piece that starts no label ends the open labels in reading order;
* an amount belongs to the label just before it on its line, or to a label cut around its line
  (a group whose label is not printed on that line) that the reading order allows.

Where an amount may belong to more than one label, the table's identities decide: 当年收入小计 =
the income items (1. + 2. = 一、), 功能分类 items = 当年支出小计 = 支出用途 items, 当年 + 结转 =
合计 on both sides, 收入合计 = 支出合计. Every reading that keeps the identities is tried; a cell
on which they disagree, or a cell of a group whose identities no reading keeps, is written
:data:`~.split_rows.UNDECIDED` (the parser leaves it NaN with a warning). Never an amount
given to a label the text does not tie it to.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from ..parse.units import NUMERIC_RE, ZERO_MARKS, parse_amount
from ..templates.spec import TABLE_LABEL_RE, compact
from ..templates.vocabulary import SUMMARY_EXPENDITURE_ROWS, SUMMARY_INCOME_ROWS
from .columns import ORDINAL_RE
from .split_rows import UNDECIDED, sum_agrees

__all__ = ["HEADER", "summary_groups_to_rows"]

#: The column header written for the parser: the words it finds the three groups by.
HEADER = "\t".join(["项目名称", "金额", "功能科目名称", "金额", "支出用途", "金额"])
_GROUPS = ("income", "function", "purpose")
_PURPOSE_KEYS = frozenset({"basic_expenditure", "project_expenditure", "reserve_expenditure"})
_CLOSING_EXPENDITURE = frozenset({"expenditure_this_year", "total_expenditure", "carryover_out"})
_CLOSING_INCOME = frozenset({"income_this_year", "total_income", "carryover_in"})
#: How a whole label ends; a piece that does not is waiting for the rest of its cell.
_COMPLETE = ("支出", "资金", "预算", "拨款", "经费", "小计", "合计", "总计")
#: Closing rows start without an ordinal: their first words.
_CLOSING_START_RE = re.compile(r"^(?:当年|本年|上年|收入合|支出合|结转下年|年终结转)")
_HEADER_WORDS = frozenset({"收入", "支出", "功能分类", "支出用途", "项目名称", "金额", "功能科目名称"})
_SINGLE_CHARS_RE = re.compile(r"(?<!\S)[\u4e00-\u9fff](?: [\u4e00-\u9fff](?!\S)){2,}")
_MAX_READINGS = 4096


@dataclass
class _Label:
    text: str
    lines: list[int] = field(default_factory=list)
    group: str | None = None
    key: str | None = None

    @property
    def complete(self) -> bool:
        return compact(self.text).endswith(_COMPLETE)

    @property
    def center(self) -> float:
        return (min(self.lines) + max(self.lines)) / 2


def _is_number(token: str) -> bool:
    return bool(NUMERIC_RE.match(token)) or (token in ZERO_MARKS and token != "")


def _starts_label(token: str) -> bool:
    return bool(ORDINAL_RE.match(token)) or bool(_CLOSING_START_RE.match(token))


def _key(text: str, patterns: tuple[tuple[str, str], ...]) -> str | None:
    word = compact(ORDINAL_RE.sub("", text))
    return next((name for pattern, name in patterns if re.search(pattern, word)), None)


def _classify(label: _Label) -> None:
    """The label's group and key, from its words (None: the vocabulary does not know it)."""
    key = _key(label.text, SUMMARY_EXPENDITURE_ROWS)
    if key is not None:
        label.group, label.key = ("purpose" if key in _PURPOSE_KEYS else "function"), key
    elif compact(label.text).endswith("支出"):
        label.group = "function"
    else:
        label.key = _key(label.text, SUMMARY_INCOME_ROWS)
        label.group = "income" if label.key is not None else None


def _read_lines(lines: list[list[str]]) -> tuple[list[_Label], list[list[tuple[str, object]]]]:
    """Labels put together from their pieces, and each line as its items in reading order: ('label', _Label)
    where a label starts, ('piece', _Label) where a piece of a cut label is printed, ('amount', text)."""
    labels: list[_Label] = []
    items: list[list[tuple[str, object]]] = []
    for i, tokens in enumerate(lines):
        tokens = _SINGLE_CHARS_RE.sub(lambda m: m.group(0).replace(" ", ""), " ".join(tokens)).split()
        row: list[tuple[str, object]] = []
        if all(compact(t) in _HEADER_WORDS for t in tokens):
            tokens = []  # the header printed again
        fed: set[int] = set()  # open labels given a piece on this line
        for token in tokens:
            if _is_number(token):
                row.append(("amount", token))
                continue
            if token.endswith("表") or TABLE_LABEL_RE.match(token):
                continue  # the next title (表二, 收入预算总表) glued to the last row
            last = row[-1][1] if row and row[-1][0] == "label" else None
            if isinstance(last, _Label) and last.lines[0] == i and ORDINAL_RE.fullmatch(compact(last.text)):
                last.text += token  # '1. 一般公': the ordinal printed apart from its words
                continue
            if not _starts_label(token):
                waiting = [n for n, lab in enumerate(labels)  # cut on a line above (or a page before)
                           if not lab.complete and n not in fed and max(lab.lines) >= i - 2]
                if waiting:
                    label = labels[waiting[0]]
                    label.text += token
                    label.lines.append(i)
                    fed.add(waiting[0])
                    row.append(("piece", label))
                    continue
                if compact(token) in ("小计", "合计") and labels and not labels[-1].text.endswith("计") \
                        and max(labels[-1].lines) >= i - 1:
                    labels[-1].text += token  # '当年支出' / '小计'
                    labels[-1].lines.append(i)
                    continue
            label = _Label(token, [i])
            labels.append(label)
            row.append(("label", label))
        items.append(row)
    for label in labels:
        _classify(label)
    return labels, items


def _candidates(labels: list[_Label], items: list[list[tuple[str, object]]]) -> list[tuple[str, int, list[int]]]:
    """(amount, line, indexes of the labels it may belong to) for every amount, in reading order.

    The label printed just before an amount may own it; so may a label cut around its line,
    in a group that no label printed on the line takes and that lies, in reading order, between
    the groups of the labels printed before and after the amount."""
    index = {id(label): n for n, label in enumerate(labels)}
    order = {g: k for k, g in enumerate(_GROUPS)}
    out: list[tuple[str, int, list[int]]] = []
    for i, row in enumerate(items):
        printed = {label.group for kind, label in row if kind == "label"}
        for p, (kind, amount) in enumerate(row):
            if kind != "amount":
                continue
            before = [lab for k, lab in row[:p] if k != "amount"]
            after = [lab for k, lab in row[p + 1:] if k != "amount"]
            low = order[before[-1].group] if before and before[-1].group else -1
            high = order[after[0].group] if after and after[0].group else len(_GROUPS)
            options: list[int] = []
            if p and row[p - 1][0] != "amount":
                options.append(index[id(row[p - 1][1])])
            for n, label in enumerate(labels):
                cut = len(set(label.lines)) > 1 and min(label.lines) <= i <= max(label.lines)
                if n not in options and cut and label.group is not None and label.group not in printed \
                        and low < order[label.group] < high:
                    options.append(n)
            out.append((str(amount), i, options))
    return out


def _checks(labels: list[_Label]) -> list[tuple[list[int], list[int]]]:
    """The table's identities as (total labels, part labels): Σ parts = Σ totals."""
    by_key = {lab.key: n for n, lab in enumerate(labels) if lab.key}
    closing = _CLOSING_INCOME | _CLOSING_EXPENDITURE
    income = [n for n, lab in enumerate(labels) if lab.group == "income" and lab.key not in closing]
    tops = [n for n in income if not re.match(r"^\d", labels[n].text)]
    checks: list[tuple[list[int], list[int]]] = []
    for parent in tops:
        children: list[int] = []
        for n in income[income.index(parent) + 1:]:
            if n in tops:
                break
            children.append(n)
        if children:
            checks.append(([parent], children))  # 一、财政拨款 = 1.一般公共预算 + 2.政府性基金预算
    this_in, this_out = by_key.get("income_this_year"), by_key.get("expenditure_this_year")
    if this_in is not None and tops:
        checks.append(([this_in], tops))
    for group in ("function", "purpose"):
        parts = [n for n, lab in enumerate(labels) if lab.group == group and lab.key not in closing]
        if this_out is not None and parts:
            checks.append(([this_out], parts))
    for total, this, carry in (("total_income", this_in, "carryover_in"),
                               ("total_expenditure", this_out, "carryover_out")):
        if by_key.get(total) is not None and this is not None:
            checks.append(([by_key[total]], [this, *([by_key[carry]] if carry in by_key else [])]))
    if "total_income" in by_key and "total_expenditure" in by_key:
        checks.append(([by_key["total_income"]], [by_key["total_expenditure"]]))
    return checks


def _in_order(labels: list[_Label], amounts: list[tuple[str, int, list[int]]], reading: tuple[int, ...]) -> bool:
    """Whether a reading gives each label one amount at most, and the amounts of a line to groups left to right."""
    taken = [n for n in reading if n >= 0]
    if len(taken) != len(set(taken)):
        return False
    for k in range(len(amounts) - 1):
        a, b = reading[k], reading[k + 1]
        if amounts[k][1] == amounts[k + 1][1] and a >= 0 and b >= 0 \
                and _GROUPS.index(labels[a].group) >= _GROUPS.index(labels[b].group):
            return False
    return True


def _decide(labels: list[_Label], amounts: list[tuple[str, int, list[int]]]) -> list[str]:
    """Each label's amount cell: the amount every reading that keeps the identities gives it, blank, or UNDECIDED."""
    checks = _checks(labels)
    options = [opts or [-1] for _, _, opts in amounts]  # -1: an amount no label can take
    readings = list(itertools.islice(itertools.product(*options), _MAX_READINGS + 1))
    if len(readings) > _MAX_READINGS:
        return [UNDECIDED] * len(labels)
    readings = [r for r in readings if _in_order(labels, amounts, r)]
    kept: list[tuple[int, ...]] = []
    doubtful: set[int] = set()
    for reading in readings:
        values = [0.0] * len(labels)
        for (amount, _, _), n in zip(amounts, reading, strict=True):
            if n >= 0:
                values[n] = parse_amount(amount)
        failed = [total + parts for total, parts in checks
                  if any(math.isnan(values[n]) for n in total + parts)
                  or not sum_agrees(sum(values[t] for t in total), sum(values[p] for p in parts), len(parts))]
        if -1 in reading:
            doubtful.update(range(len(labels)))  # an amount no label can take: nothing is certain
        elif not failed:
            kept.append(reading)
        doubtful.update(n for check in failed for n in check)
    pool = kept or readings
    cells: list[str] = []
    for n in range(len(labels)):
        seen = {next((amounts[k][0] for k, m in enumerate(r) if m == n), "") for r in pool}
        cells.append(seen.pop() if len(seen) == 1 and (kept or n not in doubtful) else UNDECIDED)
    return cells


def summary_groups_to_rows(lines: list[list[str]]) -> list[str]:
    """TAB rows ``收入 label | amount | 功能分类 label | amount | 支出用途 label | amount`` for the
    ``summary_groups`` parser (after :data:`HEADER`), from the tokens of the table's text lines.

    A printed row is the labels whose pieces centre on the same line; closing rows of the
    expenditure side (当年支出小计, 结转下年资金, 支出合计) go in the 功能分类 cells, where the
    table's merged cell starts."""
    labels, items = _read_lines(lines)
    if any(label.group is None for label in labels):
        cells = [UNDECIDED] * len(labels)  # a label the vocabulary does not know: its group, and so its cells, unknown
    else:
        cells = _decide(labels, _candidates(labels, items))
    rows: dict[float, list[str]] = {}
    whole = sorted({label.lines[0] for label in labels if len(set(label.lines)) == 1})
    for label, cell in zip(labels, cells, strict=True):
        line = label.center
        inside = [w for w in whole if min(label.lines) <= w <= max(label.lines)]
        if len(set(label.lines)) > 1 and inside:  # a cut label: in the row of the whole labels printed beside it
            line = min(inside, key=lambda w: abs(w - label.center))
        row = rows.setdefault(line, [""] * 6)
        k = 2 * _GROUPS.index(label.group or "income")
        while row[k]:  # two labels of one group centred on one line: a row of their own
            row = rows.setdefault(line + 0.001 * (len(rows) + 1), [""] * 6)
        row[k], row[k + 1] = label.text, cell
    return [HEADER, *("\t".join(rows[c]) for c in sorted(rows))]
