"""A table printed as two halves side by side (layout ``halves``), read from text without layout.

The 决算's 一般公共预算财政拨款基本支出决算表 prints 人员经费 rows on the left and 公用经费 rows
on the right, each ``类 款 科目名称 决算数``, and a bottom line ``人员经费合计 … 公用经费合计 …``.
Where the text keeps each printed row on one line (``301 01 基本工资 262.33 302 01 办公费 21.21``)
the grammar reads it: a half starts at its 类 code, its name follows, then at most one amount —
an amount always follows the name it belongs to. A half is told from the other by its class
(the left half's rows continue the left half's class, the right half's the right one's).

Where the text does not (a cell's amount on a line of its own, codes on one line and names on
the next — the PDF centres each cell in a tall row, and the extractor cuts lines by height),
no grammar says which amount is whose, and the rows are not written: only the bottom line,
whose labels and amounts stand together, is read, and the parser warns that the rows were not
(``halves_rows_unread``). Never an amount given to the wrong row.
"""

from __future__ import annotations

import re

from ..parse.units import is_number
from ..templates.spec import compact
from ..templates.vocabulary import TOTAL_LABELS

__all__ = ["HEADER", "halves_to_rows"]

#: The header written for the parser: two halves of ``类 | 款 | 科目名称 | 决算数``.
HEADER = "\t".join(["类", "款", "科目名称", "决算数"] * 2)
_CLASS_RE = re.compile(r"^\d{3}$")
_SECTION_RE = re.compile(r"^\d{2}$")


def _groups(tokens: list[str]) -> list[list] | None:
    """``类 [款] 名称 [amount]`` groups of a line, or None when the line does not follow that grammar."""
    starts = [j for j, t in enumerate(tokens) if _CLASS_RE.match(t) and j + 1 < len(tokens)
              and (not is_number(tokens[j + 1]) or _SECTION_RE.match(tokens[j + 1]))]
    if not starts or starts[0] != 0:
        return None
    groups: list[list] = []
    for a, b in zip(starts, [*starts[1:], len(tokens)], strict=True):
        part = tokens[a:b]
        codes = [part[0]] + ([part[1]] if len(part) > 1 and _SECTION_RE.match(part[1]) else [])
        rest = part[len(codes):]
        numbers = [t for t in rest if is_number(t)]
        name = "".join(t for t in rest if not is_number(t))
        if not name or len(numbers) > 1 or (numbers and not is_number(rest[-1])):
            return None
        groups.append([codes, name, numbers[0] if numbers else ""])
    return groups


def _bottom(tokens: list[str]) -> list[tuple[str, str]] | None:
    """``人员经费合计 2,152.26 公用经费合计 184.65`` → [(label, amount), …]; None for another line."""
    pairs: list[tuple[str, str]] = []
    label = ""
    for token in tokens:
        if is_number(token):
            if not label:
                return None
            pairs.append((label, token))
            label = ""
        else:
            label += token
    if label or not pairs or not all(compact(lab).endswith(TOTAL_LABELS) for lab, _ in pairs):
        return None
    return pairs


def halves_to_rows(lines: list[list[str]], clean: bool) -> tuple[list[str], bool]:
    """TAB rows for the ``halves`` parser, and whether the detail rows were read.

    ``lines`` are the tokens of the table's data lines; ``clean`` is False when the table
    also had lines the grammar cannot place (a name fragment on a line of its own)."""
    bottoms: list[tuple[str, str]] = []
    parsed: list[list[list]] = []
    for k, tokens in enumerate(lines):
        pairs = _bottom(tokens)
        if pairs is None and k > 0 and all(is_number(t) for t in lines[k - 1]) and not any(map(is_number, tokens)) \
                and len(tokens) == len(lines[k - 1]):
            # the bottom line's amounts on the line above its labels, one each ('2,152.26 184.65' over
            # '人员经费合计 公用经费合计'): paired in order; the parser checks the pair against another table
            pairs = _bottom([t for pair in zip(tokens, lines[k - 1], strict=True) for t in pair])
        if pairs is not None:
            bottoms += pairs
            continue
        groups = _groups(tokens)
        if groups is None:
            clean = False
        else:
            parsed.append(groups)
    halves: list[list[list]] = [[], []]
    current: list[str | None] = [None, None]
    left_done = False
    for groups in parsed if clean else []:
        for g, (codes, name, amount) in enumerate(groups):
            cls = codes[0]
            if cls == current[1] or (cls != current[0] and (g > 0 or left_done)):
                side = 1
            else:
                side = 0
            if len(groups) == 1 and side == 1:
                left_done = True  # a line with a right-half row only: the left half has ended
            current[side] = cls
            halves[side].append([*codes, *[""] * (2 - len(codes)), name, amount])
    out = [HEADER]
    out += ["\t".join([*row, "", "", "", ""]) for row in halves[0]]
    out += ["\t".join(["", "", "", "", *row]) for row in halves[1]]
    if bottoms:
        cells: list[str] = []
        for label, amount in bottoms[:2]:
            cells += [label, "", "", amount]
        out.append("\t".join(cells + [""] * (8 - len(cells))))
    return out, clean and bool(parsed)
