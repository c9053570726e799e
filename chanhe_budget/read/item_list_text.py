"""A list of items under groups (the Jiangsu 收入预算总表) from text without layout: group, item, amount.

The table prints 收入总计, then each group as a 小计 row and its items, one amount column; the
group's name is a merged cell printed once, in the middle of its rows. Text keeps the
lines, not the cells, so a group's name comes out

* on the line of its middle row, before the item ('一般公共预算资金 公共财政拨款(补助)资金'),
  or before its 小计 when 小计 is its only row ('政府性基金 小计');
* on a line of its own between its two middle rows, when it has an even number of rows
  ('小计' / '上年结转和结余资金' / '其中：动用上年结转和结余资金').

A group starts at its 小计 line. Its name is the first word of its one two-word line, or
else the line alone in the middle of an odd number of lines that prints no amount; a group
that fits neither is written ``?`` (None, with a warning). A row's two cells wrapped inside
the cell ('一般公共预 公共财政拨款(补助)' / '算资金 资金') are put back together.

An amount printed on a line of its own belongs to the label line above it or below it: each
way is tried, and the identities (a group's 小计 = its items; 收入总计 = the 小计s) keep those
that add up. An amount on which the kept ways disagree is ``?`` (NaN, with a warning).
"""

from __future__ import annotations

import itertools

from ..parse.units import parse_amount
from ..templates.spec import TableSpec, compact
from ..templates.vocabulary import TOTAL_LABELS
from .list_tables import is_number
from .split_rows import UNDECIDED, sum_agrees

__all__ = ["item_list_to_rows"]

_SUBTOTAL = "小计"
_MAX_READINGS = 4096


class _Line:
    def __init__(self, labels: list[str], numbers: list[str]) -> None:
        self.labels = labels
        self.numbers = numbers


def _lines(tokens: list[list[str]]) -> list[_Line]:
    """Label lines with their own numbers, and bare lines of numbers (labels empty)."""
    out: list[_Line] = []
    for line in tokens:
        labels = [t for t in line if not is_number(t)]
        numbers = [t for t in line if is_number(t)]
        above = next((x for x in reversed(out) if x.labels), None)
        if above is not None and not numbers and len(labels) == len(above.labels) == 2 \
                and _SUBTOTAL not in [compact(t) for t in (*labels, *above.labels)]:
            # a group prints its name beside one row at most: two two-word lines in a row (no 小计) are one
            # row whose two cells wrapped ('一般公共预 公共财政拨款(补助)' / '算资金 资金')
            above.labels = [a + b for a, b in zip(above.labels, labels, strict=True)]
            continue
        out.append(_Line(labels, numbers))
    return out


def _join_pieces(lines: list[_Line], known: set[str]) -> list[_Line]:
    """Pieces of labels wrapped inside their cells put back together, where two of them, one after the
    other or with the other column's piece between them ('上年结转和' / '其中:动用上年' / '结余资金' /
    '结转和结余资金'), make a label of the template; lines left without a word are dropped."""
    if not known:
        return lines
    spots = [(i, j) for i, line in enumerate(lines) for j, word in enumerate(line.labels)
             if not _near(word, known) and not compact(word).endswith(TOTAL_LABELS)]
    gone: set[tuple[int, int]] = set()
    for a, (i, j) in enumerate(spots):
        if (i, j) in gone:
            continue
        for i2, j2 in spots[a + 1:a + 3]:
            joined = lines[i].labels[j] + lines[i2].labels[j2]
            if (i2, j2) not in gone and compact(joined) in known:
                lines[i].labels[j] = joined
                gone.add((i2, j2))
                break
    out = []
    for i, line in enumerate(lines):
        words = [w for j, w in enumerate(line.labels) if (i, j) not in gone]
        if words or not line.labels:
            out.append(_Line(words, line.numbers))
        elif line.numbers:
            out.append(_Line([], line.numbers))
    return out


def _readings(lines: list[_Line], uniform: bool) -> list[list[str]]:
    """Ways of giving the bare numbers to the label line above or below — all the same way (``uniform``)
    or each its own: per label line, its amount ('' when blank). Empty when there are too many ways."""
    labelled = [k for k, line in enumerate(lines) if line.labels]
    bare = [k for k, line in enumerate(lines) if not line.labels]
    if 2 ** len(bare) > _MAX_READINGS:
        return []
    out: list[list[str]] = []
    choices = [(-1,) * len(bare), (1,) * len(bare)] if uniform else itertools.product((-1, 1), repeat=len(bare))
    for choice in dict.fromkeys(choices):
        amounts = {k: list(lines[k].numbers) for k in labelled}
        ok = True
        for k, step in zip(bare, choice, strict=True):
            owner = next((j for j in (range(k - 1, -1, -1) if step < 0 else range(k + 1, len(lines)))
                          if lines[j].labels), None)
            if owner is None:
                ok = False
                break
            amounts[owner] += lines[k].numbers
        if ok and all(len(v) <= 1 for v in amounts.values()):
            out.append([(amounts[k] or [""])[0] for k in labelled])
    return out


class _Group:
    """A group: its label lines (indexes into the label lines), its name, the line printing only its
    name (if any) and its rows (label line, item)."""

    def __init__(self, members: list[int], labels: list[list[str]], names: set[str], items: set[str]) -> None:
        self.name = UNDECIDED
        self.label_line: int | None = None
        two = [k for k in members if len(labels[k]) >= 2]
        if len(two) == 1 and len(labels[two[0]]) == 2:
            self.name = labels[two[0]][0]
            self.rows = [(k, labels[k][1] if k == two[0] else "".join(labels[k])) for k in members]
            return
        # a line alone that is a group name of the template and no item, else the line alone in the middle
        alone = [k for k in members if len(labels[k]) == 1 and names and _near(labels[k][0], names)
                 and not _near(labels[k][0], items)]
        if not two and len(alone) == 1:
            self.label_line = alone[0]
        elif not two and len(members) % 2 == 1 and len(members) >= 3:
            self.label_line = members[len(members) // 2]  # between its two middle rows
        if self.label_line is not None:
            self.name = "".join(labels[self.label_line])
        # a line of several words in a group that fits neither shape: its last word is the row's item, if any
        self.rows = [(k, labels[k][-1]) for k in members if k != self.label_line]


def _groups(labels: list[list[str]], names: set[str], items: set[str]) -> tuple[int | None, list[_Group], list[int]]:
    """The 总计 line, the groups (each from its 小计 line), and label lines before the first group."""
    total = 0 if labels and compact("".join(labels[0])).endswith(TOTAL_LABELS) \
        and _SUBTOTAL not in labels[0] else None
    starts = [k for k, line in enumerate(labels) if _SUBTOTAL in [compact(t) for t in line]]
    first = starts[0] if starts else len(labels)
    stray = list(range(0 if total is None else 1, first))
    groups = [_Group(list(range(a, b)), labels, names, items)
              for a, b in zip(starts, [*starts[1:], len(labels)], strict=True)]
    return total, groups, stray


def _adds_up(amounts: list[str], total: int | None, groups: list[_Group], labels: list[list[str]]) -> bool:
    values = [parse_amount(a) for a in amounts]
    subtotals = []
    for group in groups:
        if group.label_line is not None and amounts[group.label_line]:
            return False  # the line of a group's name prints no amount
        rows = [k for k, _ in group.rows]
        head = next((k for k in rows if _SUBTOTAL in [compact(t) for t in labels[k]]), None)
        if head is None:
            continue
        parts = [values[k] for k in rows if k != head]
        if not sum_agrees(values[head], sum(parts), len(parts)):
            return False
        subtotals.append(values[head])
    return total is None or sum_agrees(values[total], sum(subtotals), len(subtotals))


def _near(word: str, known: set[str]) -> bool:
    """The word is one of the template's labels, or one with a character more, less or different (a
    typo the document prints: 财政转专户管理资金)."""
    word = compact(word)
    if not known or word in known:
        return True
    for label in known:
        if abs(len(label) - len(word)) > 1:
            continue
        short, long_ = sorted((word, label), key=len)
        if len(short) == len(long_):
            if sum(a != b for a, b in zip(short, long_, strict=True)) <= 1:
                return True
        elif any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))):
            return True
    return False


def item_list_to_rows(header: str, tokens: list[list[str]], spec: TableSpec,
                      known: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The list as TAB cells ``group, item, amount`` (``?`` where the text cannot say), after a header row.

    ``known`` are the template's (group, item) rows: a group or item label that is none of them (nor one
    with a typo) is a piece of a label wrapped inside its cell, whose row the text cannot rebuild: its
    cells are ``?``."""
    anchor = spec.anchor[0] if spec.anchor else "金额"
    out = ["\t".join([header, "", ""]), "\t".join(["", "", anchor])]
    lines = _lines(tokens)
    names, items = {compact(g) for g, _ in known}, {compact(i) for _, i in known}
    lines = _join_pieces(lines, names | items)
    labels = [line.labels for line in lines if line.labels]
    total, groups, stray = _groups(labels, names, items)
    # an extractor sets a table's amounts all a little lower (or higher) than their labels: the ways that give
    # every bare amount in the same direction first, each its own way when none of those adds up
    kept: list[list[str]] = []
    for uniform in (True, False):
        readings = _readings(lines, uniform)
        kept = [r for r in readings if _adds_up(r, total, groups, labels)]
        if kept:
            break
    # none adds up (a row lost, or the document's own slip): an amount on its label's line is still that
    # line's; one printed alone is undecided unless every way gives it to the same line
    kept = kept or readings
    amounts = [r[0] if len({*r}) == 1 else UNDECIDED for r in zip(*kept, strict=True)] if kept \
        else [UNDECIDED] * len(labels)

    if total is not None:
        out.append("\t".join(["".join(labels[total]), "", amounts[total]]))
    rows = [(UNDECIDED, "".join(labels[k]), k) for k in stray]
    rows += [(group.name, item, k) for group in groups for k, item in group.rows]
    for name, item, k in rows:
        name = name if name != UNDECIDED and _near(name, names) else UNDECIDED
        item = item if item != UNDECIDED and _near(item, items) else UNDECIDED
        amount = UNDECIDED if item == UNDECIDED and not amounts[k] else amounts[k]  # a row, or a piece of a label?
        out.append("\t".join([name, item, amount]))
    return out
