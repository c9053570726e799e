"""The public face of the PDF and page-text readers (the work is done in the modules below).

* :mod:`.pdfium`    — opening a PDF with pypdfium2, its characters and clipping;
* :mod:`.rulings`   — ruling lines drawn on a page → grids of cells;
* :mod:`.pages`     — the page model (Chunk, TextLine, Grid, Page) and character helpers;
* :mod:`.page_text` — plain page text (``pdftotext -layout``) → pages;
* :mod:`.columns`   — the cells of an unruled table row, from x positions;
* :mod:`.layout`    — pages → the package's text format (titles, TOC, tables, paragraphs).
"""

from __future__ import annotations

import os

from .layout import pages_to_text
from .page_text import plain_text_to_pages, plain_text_to_text
from .pages import Chunk, Grid, Page, TextLine
from .pdfium import pdf_to_pages

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


def pdf_to_text(source: str | os.PathLike | bytes, *, password: str | None = None) -> str:
    """Turn a PDF with a text layer into the package's text format (what it guarantees: :mod:`.layout`).

    ``source`` is a path or the bytes of the file. Raises
    :class:`~chanhe_budget.errors.PdfNoTextLayerError` for a scan (run OCR first),
    :class:`~chanhe_budget.errors.PdfEncryptedError` when a password is needed and
    :class:`~chanhe_budget.errors.PdfDamagedError` for bytes that are not a
    readable PDF; a missing path raises :class:`FileNotFoundError`.
    """
    return pages_to_text(pdf_to_pages(source, password=password))
