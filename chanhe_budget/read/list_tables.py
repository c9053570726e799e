"""Tables read from text without layout as a whole, after their last line: lists and the 政府采购预算表.

Most tables of text without layout are written row by row as their lines come
(:mod:`.plain_text`). Two layouts cannot be: a list of items under groups whose merged
group cell is printed once, in the middle of its rows (``item_list``, :mod:`.item_list_text`),
and the 政府采购预算表 (``procurement``, :mod:`.procurement_text`), whose merged 专项 cells,
wrapped names and rows glued on one line only the whole table's arithmetic sorts out.
This module collects their lines (header apart, a continuation page's 部门/单位 line and
repeated header dropped) for the writer of their layout.
"""

from __future__ import annotations

import re

from ..parse.units import UNIT_LABEL_RE, is_number
from ..templates.spec import TableSpec, compact
from ..templates.vocabulary import HEADING_ENDINGS, TOTAL_LABELS
from .text_pages import META_START_RE

__all__ = ["LIST_LAYOUTS", "ListLines"]

#: The layouts written from all their lines at once.
LIST_LAYOUTS = frozenset({"item_list", "procurement"})
_PROSE_RE = re.compile(r"[。，；]")
_PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分")  # '第三部分 某某厅': the next part of the publication


class ListLines:
    """The header and the data lines (as tokens) of one ``item_list`` or ``procurement`` table."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.header: list[str] = []
        self.lines: list[list[str]] = []

    def add(self, text: str, tokens: list[str]) -> bool:
        """Take a line; False when it is not the table's (narrative again)."""
        if not self.lines:
            first = compact(tokens[0]) if tokens else ""
            if any(is_number(t) for t in tokens) or first.endswith(TOTAL_LABELS):
                self.lines.append(tokens)
            else:
                self.header.append(text)
            return True
        if _PROSE_RE.search(text) or compact(text).endswith(HEADING_ENDINGS) or _PART_RE.match(compact(text)):
            return False
        if META_START_RE.match(text) or UNIT_LABEL_RE.search(text):
            return True  # a continuation page's 部门/单位 line
        if set(tokens) <= set(" ".join(self.header).split()):
            return True  # the header printed again on a continuation page
        self.lines.append(tokens)
        return True
