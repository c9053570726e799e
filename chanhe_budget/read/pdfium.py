"""Opening a PDF with pypdfium2: characters with their boxes, clipping, pages.

Library choice: pypdfium2 (Apache-2.0 / BSD-3-Clause, PDFium BSD-3-Clause).
Reading characters and boxes through it costs about 1.5 ms a page, against
about 30 ms for pdfplumber/pdfminer just to parse the characters (pdfplumber's
own ``extract_tables`` costs 35–50 ms a page). PyMuPDF is as fast but AGPL.
``benchmarks/bench_pdf.py`` measures all three.
"""

from __future__ import annotations

import ctypes
import os
import warnings
from pathlib import Path

from ..errors import PdfDamagedError, PdfEncryptedError, PdfError, PdfNoTextLayerError
from .pages import Char, Page, TextLine, chars_to_lines
from .rulings import build_grid, grids_from_rulings, page_rulings


def open_pdf(source: str | os.PathLike | bytes, password: str | None):
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise PdfError("reading PDFs needs pypdfium2: pip install pypdfium2") from exc

    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = "<bytes>"
        if not data:
            raise PdfDamagedError("expected a PDF, found 0 bytes")
        doc_input = data
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"no PDF at {path}")
        name = str(path)
        doc_input = path.read_bytes()  # read once: pdfium keeps no file handle open
        if not doc_input:
            raise PdfDamagedError(f"{name}: expected a PDF, found an empty file")
    else:
        raise TypeError(f"expected a path or bytes, found {type(source).__name__}")

    try:
        doc = pdfium.PdfDocument(doc_input, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        import pypdfium2.raw as raw

        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise PdfEncryptedError(
                f"{name}: the PDF is encrypted and needs a password to open "
                "(pass password=...; or save an unencrypted copy)"
            ) from None
        raise PdfDamagedError(f"{name}: not a readable PDF ({exc})") from None
    if len(doc) == 0:
        doc.close()
        raise PdfDamagedError(f"{name}: the PDF has no pages")
    return doc, name


class View:
    """Maps PDF user space to top-down coordinates of the page as displayed."""

    def __init__(self, page) -> None:
        left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.rotation = page.get_rotation() % 360
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in PDF space -> (x0, top, x1, bottom) displayed."""
        ax, bx = x0 - self.left, x1 - self.left
        ay, by = self.top - y1, self.top - y0  # top-down, unrotated
        r = self.rotation
        if r == 0:
            return ax, ay, bx, by
        w, h = self.right - self.left, self.top - self.bottom
        if r == 90:
            return h - by, ax, h - ay, bx
        if r == 180:
            return w - bx, h - by, w - ax, h - ay
        return ay, w - bx, by, w - ax  # 270

    def visible(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return self.left - 1 <= cx <= self.right + 1 and self.bottom - 1 <= cy <= self.top + 1


def _page_chars(textpage, view: View) -> list[Char]:
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    rect = raw.FS_RECTF()
    get_unicode, get_box, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
    chars: list[Char] = []
    space = False
    for i in range(n):
        code = get_unicode(tp, i)
        if code <= 32 or code in (0xA0, 0x3000, 0xFFFE, 0xFFFF):
            if code in (32, 0xA0, 0x3000) and not is_generated(tp, i):
                space = True
            continue
        if not get_box(tp, i, rect):
            continue
        if not view.visible(rect.left, rect.bottom, rect.right, rect.top):
            continue  # text outside the page box: never shown, often a stale copy
        x0, top, x1, bottom = view.box(rect.left, rect.bottom, rect.right, rect.top)
        if x1 - x0 <= 0 or bottom - top <= 0:
            continue
        chars.append((x0, top, x1, bottom, chr(code) if code < 0x110000 else "\ufffd", space, i))
        space = False
    return chars


def _clip_box(textpage, index: int) -> tuple[float, float, float, float] | None:
    """The box (PDF space) that the clipping path of a character's text object leaves visible."""
    import pypdfium2.raw as raw

    obj = raw.FPDFText_GetTextObject(textpage.raw, index)
    if not obj:
        return None
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box = [-1e9, -1e9, 1e9, 1e9]
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(raw.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for s in range(raw.FPDFClipPath_CountPathSegments(clip, k)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, k, s)
            if seg and raw.FPDFPathSegment_GetPoint(seg, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            box = [max(box[0], min(xs)), max(box[1], min(ys)), min(box[2], max(xs)), min(box[3], max(ys))]
    return (box[0], box[1], box[2], box[3]) if box[0] > -1e9 else None


def _clipped_out(line: TextLine, first: Char, textpage, view: View) -> bool:
    """True when the line's first character lies outside its clipping path (never drawn)."""
    box = _clip_box(textpage, first[6])
    if box is None:
        return False
    x0, top, x1, bottom = view.box(*box)
    cx, cy = (first[0] + first[2]) / 2, (first[1] + first[3]) / 2
    return not (x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1)


def pdf_to_pages(source: str | os.PathLike | bytes, *, password: str | None = None, rulings: bool = True) -> list[Page]:
    """Read each page of a PDF into text lines and ruled tables (:class:`Grid`).

    ``rulings=False`` ignores the table borders, so that every table goes through
    the column-guessing path (used by the tests to check both paths agree).

    Raises :class:`PdfNoTextLayerError` when no page has text (a scan: run OCR
    first), :class:`PdfEncryptedError` and :class:`PdfDamagedError`.
    """
    doc, name = open_pdf(source, password)
    pages: list[Page] = []
    try:
        for number in range(1, len(doc) + 1):
            try:
                page = doc[number - 1]
                textpage = page.get_textpage()
            except Exception as exc:  # pdfium raises PdfiumError for broken pages
                raise PdfDamagedError(f"{name}: page {number} cannot be read ({exc})") from None
            try:
                view = View(page)
                chars = _page_chars(textpage, view)
                out = Page(number, view.width, view.height, chars=len(chars))
                used: set[int] = set()
                if rulings and chars:
                    hs, vs = page_rulings(page, view)
                    for ghs, gvs in grids_from_rulings(hs, vs):
                        built = build_grid(ghs, gvs, [c for k, c in enumerate(chars) if k not in used])
                        if built is None:
                            continue
                        grid, grid_used = built
                        # indexes were into the filtered list: map back
                        remaining = [k for k in range(len(chars)) if k not in used]
                        used |= {remaining[k] for k in grid_used}
                        out.items.append(grid)
                free = [c for k, c in enumerate(chars) if k not in used]
                for line, first in chars_to_lines(free, with_first=True):
                    if not _clipped_out(line, first, textpage, view):
                        out.items.append(line)
                out.items.sort(key=lambda it: it.top)
                pages.append(out)
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()
    if not any(p.chars for p in pages):
        raise PdfNoTextLayerError(
            f"{name}: none of its {len(pages)} page(s) has a text layer; it looks like a scan: "
            "run OCR first (for example `ocrmypdf -l chi_sim+eng in.pdf out.pdf`) and read the OCR'd PDF."
        )
    blank = [p.number for p in pages if not p.chars]
    if blank and len(blank) < len(pages):
        warnings.warn(
            f"{name}: page(s) {', '.join(map(str, blank))} have no text layer (scanned or blank); "
            "their content is missing from the text",
            stacklevel=2,
        )
    return pages
