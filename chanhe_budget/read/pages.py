"""The page model shared by the PDF reader and the page-text reader, and character helpers.

A :class:`Page` holds :class:`TextLine` items (chunks of text separated by wide gaps)
and :class:`Grid` items (ruled tables), sorted from top to bottom. Both readers
(:mod:`.pdfium` from characters with boxes, :mod:`.page_text` from character
columns) produce pages, and :mod:`.layout` writes any page the same way: that is
why the model lives apart from both.
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass, field


@dataclass(slots=True)
class Chunk:
    """A run of text on one line, separated from its neighbours by a wide gap."""

    x0: float
    x1: float
    text: str
    boxes: list[tuple[float, float] | None] | None = None  # per character of text, when known


@dataclass(slots=True)
class TextLine:
    """One line of text outside the ruled tables, in reading order of its chunks.

    Coordinates are in points from the top-left corner of the visible page (for
    plain text: character columns and line numbers). ``em`` is the text height.
    """

    top: float
    bottom: float
    em: float
    chunks: list[Chunk]

    @property
    def x0(self) -> float:
        return self.chunks[0].x0

    @property
    def x1(self) -> float:
        return self.chunks[-1].x1

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)


@dataclass(slots=True)
class Grid:
    """A ruled table: column boundaries and the cell texts, row by row.

    ``rows[i][j]`` is the text of the cell whose top-left corner is in row band
    ``i`` and column ``j``; a merged cell is written in its first row and column.
    """

    top: float
    bottom: float
    xs: list[float]
    rows: list[list[str]]

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]


@dataclass(slots=True)
class Page:
    """What one page holds: text lines and grids, sorted from top to bottom."""

    number: int
    width: float
    height: float
    items: list[TextLine | Grid] = field(default_factory=list)
    chars: int = 0  # visible characters with a text layer (0: image-only page)
    plain: bool = False  # read from plain page text: x in character columns, y in lines


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x2E80 <= o <= 0x2FDF  # radicals, Kangxi radicals (before NFKC)
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0xF900 <= o <= 0xFAFF
    )


def is_digitish(ch: str) -> bool:
    return ch.isdigit() or ch in ",.%" or ("\uff10" <= ch <= "\uff19")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# A character: (x0, top, x1, bottom, text, space_before, index in the text page)
Char = tuple[float, float, float, float, str, bool, int]


def cell_text(chars: list[Char]) -> str:
    lines = chars_to_lines(chars)
    parts: list[str] = []
    for line in lines:
        text = " ".join(c.text for c in line.chunks)
        if parts and parts[-1][-1:].isascii() and parts[-1][-1:].isalpha() and text[:1].isascii() and text[:1].isalpha():
            parts.append(" ")
        parts.append(text)
    return nfkc("".join(parts)).strip()


def chars_to_lines(chars: list[Char], with_first: bool = False) -> list:
    """Group characters into lines (by vertical centre) and lines into chunks.

    With ``with_first`` the result is a list of (line, its first character).
    """
    if not chars:
        return []
    order = sorted(chars, key=lambda c: (c[1] + c[3]) / 2)
    groups: list[list[Char]] = []
    mid = height = 0.0
    for ch in order:
        cy, h = (ch[1] + ch[3]) / 2, ch[3] - ch[1]
        if groups and abs(cy - mid) <= 0.45 * max(h, height):
            groups[-1].append(ch)
        else:
            groups.append([ch])
            mid, height = cy, h
    lines: list[TextLine] = []
    for g in groups:
        g.sort(key=lambda c: c[0])
        em = statistics.median(c[3] - c[1] for c in g)
        chunks: list[Chunk] = []
        buf: list[str] = []
        boxes: list[tuple[float, float] | None] = []
        x0 = x1 = g[0][0]
        prev: Char | None = None
        for ch in g:
            if prev is not None:
                if ch[4] == prev[4] and abs(ch[0] - prev[0]) < 0.3 * min(em, prev[2] - prev[0]):
                    continue  # the same glyph drawn twice (fake bold); not '99' in a font with tall boxes
                gap = ch[0] - prev[2]
                boundary = is_digitish(prev[4]) != is_digitish(ch[4]) and (is_cjk(prev[4]) or is_cjk(ch[4]))
                if gap > 1.0 * em or (boundary and gap > 0.5 * em):
                    chunks.append(_make_chunk(x0, x1, buf, boxes))
                    buf, boxes, x0 = [], [], ch[0]
                elif gap > 0.45 * em or (ch[5] and gap > 0.1 * em):
                    buf.append(" ")
                    boxes.append(None)
            buf.append(ch[4])
            boxes.append((ch[0], ch[2]))
            x1 = max(x1, ch[2]) if buf[:-1] else ch[2]
            prev = ch
        chunks.append(_make_chunk(x0, x1, buf, boxes))
        chunks = [c for c in chunks if c.text]
        if chunks:
            line = TextLine(min(c[1] for c in g), max(c[3] for c in g), em, chunks)
            lines.append((line, g[0]) if with_first else line)
    return lines


def _make_chunk(x0: float, x1: float, buf: list[str], boxes: list) -> Chunk:
    raw_text = "".join(buf)
    text = nfkc(raw_text)
    if len(text) != len(raw_text):
        return Chunk(x0, x1, text.strip())
    return Chunk(x0, x1, text, boxes)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def find_root(parent: list[int], i: int) -> int:
    """The representative of ``i`` in a union-find forest (with path halving): rulings that cross
    and numbers that line up are grouped with it."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
