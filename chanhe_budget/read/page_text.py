"""Plain page text (``pdftotext -layout``, pdfplumber ``extract_text(layout=True)``) → pages.

Chunks are runs separated by two or more spaces; x positions are character
columns, y positions line numbers. Nothing here knows about tables yet: the
pages go through the same :func:`~.layout.pages_to_text` as those of a PDF.
"""

from __future__ import annotations

import re

from .layout import pages_to_text
from .pages import Chunk, Page, TextLine, nfkc

_RUN_RE = re.compile(r"\S+(?: \S+)*")


def plain_text_to_pages(text: str) -> list[Page]:
    """Split plain page text into pages (form feeds) of lines and chunks.

    Chunks are runs separated by two or more spaces; x positions are character
    columns, y positions line numbers. Nothing here knows about tables yet.
    """
    pages: list[Page] = []
    for number, page_text in enumerate(text.replace("\r\n", "\n").split("\f"), start=1):
        page = Page(number, 0.0, 0.0, plain=True)
        lines = page_text.split("\n")
        for y, raw_line in enumerate(lines):
            line = raw_line.replace("\t", "    ").replace("\u3000", "  ").rstrip()
            chunks = [_plain_chunk(m.start(), m.group()) for m in _RUN_RE.finditer(line)]
            chunks = [c for c in chunks if c.text]
            if chunks:
                page.items.append(TextLine(float(y), float(y + 1), 1.0, chunks))
                page.chars += sum(len(c.text) for c in chunks)
        page.width = max((it.x1 for it in page.items), default=0.0)
        page.height = float(len(lines))
        if page.items or number == 1:
            pages.append(page)
    return pages


def _plain_chunk(start: int, raw_text: str) -> Chunk:
    # layout text gives every character one column, whatever its printed width
    text = nfkc(raw_text)
    boxes = [(float(start + i), float(start + i + 1)) for i in range(len(raw_text))]
    if len(text) != len(raw_text):
        return Chunk(float(start), float(start + len(raw_text)), text.strip())
    return Chunk(float(start), float(start + len(raw_text)), text, boxes)


def plain_text_to_text(text: str) -> str:
    """Convert ``pdftotext -layout`` / pdfplumber ``layout=True`` page text to the tab format.

    Pages are separated by form feeds, columns by runs of spaces. Titles are lines
    ending in 表 that name a budget (预算, 决算, 经费, …) and are followed by table
    material; the TOC page is written as ``- `` entries; table columns are found
    from the character columns of the rows that hold amounts. Without the table
    rulings this is a best effort: check the result of a new layout.
    """
    return pages_to_text(plain_text_to_pages(_nfkc_keep_layout(text)))


def _nfkc_keep_layout(text: str) -> str:
    # ideographic spaces are two columns wide in layout text: keep the width
    return text.replace("\u3000", "  ")
