"""The 政府采购预算表 from text without layout: its rows rebuilt by the table's grammar.

The table prints one amount per row (总计, the last column) under five label columns:
采购品目大类 | 专项名称 | 经济科目 | 采购物品名称 | 采购组织形式. Its rows are the 合计, a
category (一、货物A), a 专项 with its 经济科目, or an item bought with how it is bought. Text
keeps neither the columns nor, always, the rows: two rows come glued on one line
('会议服务 政府集中采购 25.00会议费 50.00'), a merged 专项 cell is printed again beside one
of its items, a wrapped name spreads over the lines above and below its amount, and an
amount can sit on a line of its own above or below its labels.

What is certain is each amount, and the grammar of a row: an amount ends a row; a row with
an ordinal label (一、) is a category, one that says how it is bought (政府集中采购 …,
:data:`~chanhe_budget.templates.vocabulary.PROCUREMENT_METHOD_RE`) an item, any other a 专项.
A line of labels alone belongs to a bare amount beside it; between two rows that print
their own labels it is part of a wrapped name that the text cannot give to either: the names
of both are then written ``?`` (the parser leaves them empty, with a warning), and so is
the name of the row after a name wrapped into it. The parser checks the arithmetic
(合计 = Σ categories = Σ 专项 = Σ items).
"""

from __future__ import annotations

from ..parse.units import is_number
from ..templates.spec import TableSpec, compact
from ..templates.vocabulary import PROCUREMENT_METHOD_RE, TOTAL_LABELS
from .columns import ORDINAL_RE
from .split_rows import UNDECIDED

__all__ = ["procurement_to_rows"]

_LABEL_COLUMNS = 5  # 采购品目大类, 专项名称, 经济科目, 采购物品名称, 采购组织形式


class _Row:
    def __init__(self, labels: list[str], amount: str) -> None:
        self.labels = labels
        self.amount = amount
        self.head: list[str] = []  # the start of its name, printed on the line above
        self.tail: list[str] = []  # the end of its name, printed on the line below
        self.clean = True  # no label line beside it that may be part of its name

    @property
    def nameless(self) -> bool:
        """Printed without its name on its own line: a bare amount, or an item that shows only how it is bought."""
        names = [t for t in self.labels if not PROCUREMENT_METHOD_RE.match(compact(t))]
        return not names

    def needs_head(self) -> bool:
        return self.nameless and not self.head and not self.tail

    def takes_tail(self) -> bool:
        return (self.nameless or bool(self.head)) and not self.tail


def _pieces(lines: list[list[str]]) -> list[_Row | list[str]]:
    """Rows (labels up to an amount) and label fragments (labels after a line's last amount), in order."""
    out: list[_Row | list[str]] = []
    for tokens in lines:
        labels: list[str] = []
        for token in tokens:
            if is_number(token):
                out.append(_Row(labels, token))
                labels = []
            else:
                labels.append(token)
        if labels:
            out.append(labels)
    return out


def _rows(pieces: list[_Row | list[str]]) -> list[_Row]:
    """Give each line of labels alone to the one row beside it that lacks its name; else mark the rows
    around it unclean (and the row after them, into whose line the rest of a wrapped name may be glued)."""
    rows = [p for p in pieces if isinstance(p, _Row)]
    seen = 0  # rows before the current piece
    for k, piece in enumerate(pieces):
        if isinstance(piece, _Row):
            seen += 1
            continue
        above = rows[seen - 1] if seen else None
        after = pieces[k + 1] if k + 1 < len(pieces) else None
        below = after if isinstance(after, _Row) else None
        alone = below is not None and (k == 0 or isinstance(pieces[k - 1], _Row))
        takers = [row for row, fits in ((above, above is not None and above.takes_tail()),
                                        (below, below is not None and below.needs_head())) if fits]
        if alone and len(takers) == 1:
            if not takers[0].labels:
                takers[0].labels = piece  # a bare amount's labels, on the line above or below it
            elif takers[0] is above:
                above.tail = piece
            else:
                below.head = piece
            continue
        for row in rows[max(seen - 1, 0):seen + 2]:
            row.clean = False
    return rows


def _joined(tokens: list[str]) -> list[str]:
    """Tokens of one label split at a space inside brackets ('台式计算机(20', '万以下)') put together."""
    out: list[str] = []
    for token in tokens:
        if out and out[-1].count("(") + out[-1].count("（") > out[-1].count(")") + out[-1].count("）"):
            out[-1] += token
        else:
            out.append(token)
    return out


def _cells(row: _Row, project: list[str]) -> tuple[list[str], list[str]]:
    """The five label cells of a row, and the labels of the 专项 now open."""
    labels = _joined(row.labels)
    if row.head or row.tail:  # a name wrapped around its amount's line: its parts joined
        methods = [t for t in labels if PROCUREMENT_METHOD_RE.match(compact(t))]
        names = [t for t in labels if t not in methods]
        labels = ["".join([*row.head, *names, *row.tail]), *methods]
    first = compact(labels[0]) if labels else ""
    if first in TOTAL_LABELS:
        return [first, "", "", "", ""], project
    if first and ORDINAL_RE.match(first):
        return [" ".join(labels), "", "", "", ""], []  # '一、货物 A' as printed
    methods = [i for i, label in enumerate(labels) if PROCUREMENT_METHOD_RE.match(compact(label))]
    if methods:
        method = methods[-1]
        name = labels[:method]
        if project and name[: len(project)] == project:
            name = name[len(project):]  # the merged 专项 cell printed again beside one of its items
        clean = row.clean and len(name) == 1 and method == len(labels) - 1
        return ["", "", "", name[0] if clean else UNDECIDED, labels[method]], project
    if not row.clean or not labels or len(labels) > 2:  # a wrapped 专项名称 or 经济科目: whose words are whose?
        return ["", UNDECIDED, UNDECIDED, "", ""], labels
    if len(labels) == 1:
        return ["", "", labels[0], "", ""], labels  # the 专项 of the row above, its cell merged
    return ["", labels[0], labels[1], "", ""], labels


def procurement_to_rows(header: str, lines: list[list[str]], spec: TableSpec) -> list[str]:
    """The table's rows as TAB cells: five label cells (``?`` where the text cannot say) and the amount."""
    anchor = spec.anchor[0] if spec.anchor else "总计"
    out = ["\t".join([header, *[""] * _LABEL_COLUMNS]), "\t".join([*[""] * _LABEL_COLUMNS, anchor])]
    project: list[str] = []
    for row in _rows(_pieces(lines)):
        cells, project = _cells(row, project)
        out.append("\t".join([*cells, row.amount]))
    return out

