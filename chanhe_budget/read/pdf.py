"""The public face of the PDF and page-text readers (the work is done in the modules below).

* :mod:`.pdfium`    — opening a PDF with pypdfium2, its characters and clipping;
* :mod:`.rulings`   — ruling lines drawn on a page → grids of cells;
* :mod:`.pages`     — the page model (Chunk, TextLine, Grid, Page) and character helpers;
* :mod:`.page_text` — plain page text (``pdftotext -layout``) → pages;
* :mod:`.columns`   — the cells of an unruled table row, from x positions;
* :mod:`.layout`    — pages → the package's text format (titles, TOC, tables, paragraphs).
"""

from __future__ import annotations

from .layout import Chunk, Grid, Page, TextLine, pages_to_text, pdf_to_pages, pdf_to_text, plain_text_to_pages, plain_text_to_text

__all__ = [
    "Chunk",
    "Grid",
    "Page",
    "TextLine",
    "pages_to_text",
    "pdf_to_pages",
    "pdf_to_text",
    "plain_text_to_pages",
    "plain_text_to_text",
]
