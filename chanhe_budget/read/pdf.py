"""Stage 0: a PDF (or its plain page text) becomes the package's text format.

The rest of the pipeline reads text shaped like the reference document: narrative
lines, table titles as ``## <title>`` lines, a ``单位:元`` line, then one line per
table row with the cells separated by TAB characters (one cell per column, empty
cells kept so that every row of a table has the same number of cells). This
module produces that text from

* a PDF with a text layer — :func:`pdf_to_text` (pypdfium2: characters with their
  boxes, and the table rulings drawn on the page);
* the plain page text of ``pdftotext -layout`` or pdfplumber's
  ``extract_text(layout=True)`` — :func:`plain_text_to_text` (columns guessed from
  runs of spaces; a best effort).

Stages (each can be called on its own and inspected in a notebook)::

    pdf_to_pages(source)       -> list[Page]   characters -> lines, ruled tables -> Grid
    plain_text_to_pages(text)  -> list[Page]   the same from plain page text
    pages_to_text(pages)       -> str          titles, TOC, continuation pages, paragraphs

What the output guarantees (see ``tests/test_pdf.py``):

* every string is NFKC-normalised (full-width digits and punctuation, Kangxi
  radicals → ordinary CJK), so ``单位：元`` is written ``单位:元``;
* a table title is written once, as ``## <title>``; a page that continues a table
  (header repeated, no title) adds its rows to the table without a second title,
  and the repeated header rows are dropped;
* the table of contents never yields a ``##`` line: its entries are written as
  ``- <entry>`` under ``# 目录``, without leader dots and page numbers;
* the ``编制部门:… 单位:元`` line above a table is written as two lines;
* classification codes are written **as printed, one cell per printed code
  column**: ``208\\t05\\t05`` for 类/款/项 columns, ``301\\t2`` where the PDF lost
  the leading zero of 款 (30102); the parser joins them and pads 款/项 to two
  digits. A code printed in one cell stays one cell;
* amounts glued to a label (``1,234,567一、社会保障和就业支出``) become two cells;
* a subject name wrapped onto extra lines is merged back into its row;
* text outside the visible page box (some generators leave a whole earlier page
  there) is dropped.

Library choice: pypdfium2 (Apache-2.0 / BSD-3-Clause, PDFium BSD-3-Clause).
Reading characters and boxes through it costs about 1.5 ms a page, against
about 30 ms for pdfplumber/pdfminer just to parse the characters (pdfplumber's
own ``extract_tables`` costs 35–50 ms a page). PyMuPDF is as fast but AGPL.
``benchmarks/bench_pdf.py`` measures all three.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import os
import re
import statistics
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PdfDamagedError, PdfEncryptedError, PdfError, PdfNoTextLayerError
from ..templates.spec import CONTINUED_RE, compact, title_key

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

# ---------------------------------------------------------------------------
# The page model shared by the PDF reader and the plain-text reader
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Character classes and patterns
# ---------------------------------------------------------------------------

_AMOUNT_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_NUMERIC_RE = re.compile(r"^[-+]?[\d,]*\d(?:\.\d+)?$")
_GLUE_HEAD_RE = re.compile(
    r"^([-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+))\s?"
    r"(?=[一二三四五六七八九十(（\u4e00-\u9fff])(?![万亿千元年月日%])"
)
_GLUE_TAIL_RE = re.compile(r"^(.*[\u4e00-\u9fff)）])\s?([-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+))$")
_LEADER_RE = re.compile(r"(?:[.…·•．。_-]\s*){4,}\s*\d*\s*$")
_TOC_HEAD_RE = re.compile(r"^目\s*录$")
_TITLE_WORDS = ("预算", "决算", "经费", "绩效", "收支", "支出", "收入", "采购")
_META_RE = re.compile(
    r"^(?:金额)?单位\s*[:：]|^(?:编制部门|编制单位|部门名称|单位名称|预算主管部门|预算单位|填报单位)\s*[:：]"
    r"|^[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]$"
    r"|^(?:(?:公开|预算公开)?表[一二三四五六七八九十\d\-]+|公开[一二三四五六七八九十\d]+表)$"  # 表一, 公开01表, 公开表一
)
#: A qualifier after a title: （功能科目）, （经济科目）, （一般公共预算）.
_TITLE_QUALIFIER_RE = re.compile(r"(?<=表)[(（][^()（）续]{2,10}[)）]$")
_UNIT_RE = re.compile(r"^(?:金额)?单位\s*[:：]")
_FURNITURE_RE = re.compile(r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_SENTENCE_RE = re.compile(r"[。；;，,：:]")
_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")
_TOTALS = ("合计", "总计", "小计", "收入总计", "支出总计", "本年收入合计", "本年支出合计")
_NO_SPLIT_AFTER_NUMBER = ("年", "月", "日", "万", "元", "亿", "千", "%", "个", "人", "辆", "项", "家")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x2E80 <= o <= 0x2FDF  # radicals, Kangxi radicals (before NFKC)
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0xF900 <= o <= 0xFAFF
    )


def _is_digitish(ch: str) -> bool:
    return ch.isdigit() or ch in ",.%" or ("\uff10" <= ch <= "\uff19")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# ---------------------------------------------------------------------------
# PDF: open, characters, rulings
# ---------------------------------------------------------------------------


def _open_pdf(source: str | os.PathLike | bytes, password: str | None):
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


class _View:
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


# A character: (x0, top, x1, bottom, text, space_before, index in the text page)
_Char = tuple[float, float, float, float, str, bool, int]


def _page_chars(textpage, view: _View) -> list[_Char]:
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    rect = raw.FS_RECTF()
    get_unicode, get_box, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
    chars: list[_Char] = []
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


def _clipped_out(line: TextLine, first: _Char, textpage, view: _View) -> bool:
    """True when the line's first character lies outside its clipping path (never drawn)."""
    box = _clip_box(textpage, first[6])
    if box is None:
        return False
    x0, top, x1, bottom = view.box(*box)
    cx, cy = (first[0] + first[2]) / 2, (first[1] + first[3]) / 2
    return not (x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1)


_THIN = 2.5  # a filled rectangle thinner than this is a ruling line
_SNAP = 2.0  # rulings closer than this are the same line


def _page_rulings(page, view: _View) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling segments."""
    import pypdfium2.raw as raw

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    pg = page.raw
    left, low, right, high = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for i in range(raw.FPDFPage_CountObjects(pg)):
        obj = raw.FPDFPage_GetObject(pg, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, low, right, high):
            continue
        x0, top, x1, bottom = view.box(left.value, low.value, right.value, high.value)
        w, h = x1 - x0, bottom - top
        if w <= _THIN and h > _THIN:
            vs.append(((x0 + x1) / 2, top, bottom))
        elif h <= _THIN and w > _THIN:
            hs.append(((top + bottom) / 2, x0, x1))
        elif w > _THIN and h > _THIN:
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            if stroke.value:
                _stroked_segments(obj, view, hs, vs)
    return hs, vs


def _stroked_segments(obj, view: _View, hs: list, vs: list) -> None:
    """Axis-parallel straight segments of a stroked path (rectangles, grids)."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return
    px, py = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float] | None] = []
    start: tuple[float, float] | None = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, px, py)
        x = m.a * px.value + m.c * py.value + m.e
        y = m.b * px.value + m.d * py.value + m.f
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            points.append(None)
            start = (x, y)
        elif kind != raw.FPDF_SEGMENT_LINETO:
            points.append(None)  # curves are not rulings
        points.append((x, y))
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            points.append(start)
    prev = None
    for p in points:
        if p is None or prev is None:
            prev = p
            continue
        x0, top, x1, bottom = view.box(min(prev[0], p[0]), min(prev[1], p[1]), max(prev[0], p[0]), max(prev[1], p[1]))
        if x1 - x0 <= _THIN < bottom - top:
            vs.append(((x0 + x1) / 2, top, bottom))
        elif bottom - top <= _THIN < x1 - x0:
            hs.append(((top + bottom) / 2, x0, x1))
        prev = p


def _merge_segments(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Join collinear segments that touch or overlap."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / _SNAP), s[1])):
        if out and abs(out[-1][0] - pos) <= _SNAP and a <= out[-1][2] + _SNAP:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grids_from_rulings(hs, vs) -> list[tuple[list, list]]:
    """Group ruling segments into tables (connected components of crossing lines)."""
    hs, vs = _merge_segments(hs), _merge_segments(vs)
    segs = [("h", s) for s in hs] + [("v", s) for s in vs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 3.0
    for i, (ki, (pi, ai, bi)) in enumerate(segs):
        for j in range(i + 1, len(segs)):
            kj, (pj, aj, bj) = segs[j]
            if ki == kj:
                continue
            # h=(y, x0, x1), v=(x, top, bottom): they touch where they cross
            if ai - tol <= pj <= bi + tol and aj - tol <= pi <= bj + tol:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, seg) in enumerate(segs):
        g = groups.setdefault(find(i), ([], []))
        (g[0] if kind == "h" else g[1]).append(seg)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _covers(segs: list[tuple[float, float, float]], pos: float, at: float) -> bool:
    return any(abs(p - pos) <= _SNAP + 0.5 and a - 1.0 <= at <= b + 1.0 for p, a, b in segs)


def _build_grid(hs, vs, chars: list[_Char]) -> tuple[Grid, set[int]] | None:
    xs = _cluster([v[0] for v in vs], _SNAP + 1)
    ys = _cluster([h[0] for h in hs], _SNAP + 1)
    if len(xs) < 2 or len(ys) < 2 or xs[-1] - xs[0] < 20 or ys[-1] - ys[0] < 8:
        return None
    ncol, nband = len(xs) - 1, len(ys) - 1
    # owner[i][j]: the (row, column) of the top-left corner of the cell holding
    # elementary cell (i, j) — walk up/left while no ruling separates them
    owner: list[list[tuple[int, int]]] = []
    for i in range(nband):
        my = (ys[i] + ys[i + 1]) / 2
        row = []
        for j in range(ncol):
            mx = (xs[j] + xs[j + 1]) / 2
            ti = i
            while ti > 0 and not _covers(hs, ys[ti], mx):
                ti -= 1
            lj = j
            while lj > 0 and not _covers(vs, xs[lj], my):
                lj -= 1
            row.append((ti, lj))
        owner.append(row)
    cells: dict[tuple[int, int], list[_Char]] = {}
    used: set[int] = set()
    x_lo, x_hi, y_lo, y_hi = xs[0] - 2, xs[-1] + 2, ys[0] - 2, ys[-1] + 2
    for k, ch in enumerate(chars):
        cx, cy = (ch[0] + ch[2]) / 2, (ch[1] + ch[3]) / 2
        if not (x_lo <= cx <= x_hi and y_lo <= cy <= y_hi):
            continue
        used.add(k)
        j = min(max(bisect.bisect_right(xs, cx) - 1, 0), ncol - 1)
        i = min(max(bisect.bisect_right(ys, cy) - 1, 0), nband - 1)
        cells.setdefault(owner[i][j], []).append(ch)
    rows = [[""] * ncol for _ in range(nband)]
    for (i, j), cell_chars in cells.items():
        rows[i][j] = _cell_text(cell_chars)
    rows = [r for r in rows if any(r)]
    if not rows:
        return None
    return Grid(ys[0], ys[-1], xs, rows), used


def _cell_text(chars: list[_Char]) -> str:
    lines = _chars_to_lines(chars)
    parts: list[str] = []
    for line in lines:
        text = " ".join(c.text for c in line.chunks)
        if parts and parts[-1][-1:].isascii() and parts[-1][-1:].isalpha() and text[:1].isascii() and text[:1].isalpha():
            parts.append(" ")
        parts.append(text)
    return _nfkc("".join(parts)).strip()


def _chars_to_lines(chars: list[_Char], with_first: bool = False) -> list:
    """Group characters into lines (by vertical centre) and lines into chunks.

    With ``with_first`` the result is a list of (line, its first character).
    """
    if not chars:
        return []
    order = sorted(chars, key=lambda c: (c[1] + c[3]) / 2)
    groups: list[list[_Char]] = []
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
        prev: _Char | None = None
        for ch in g:
            if prev is not None:
                if ch[4] == prev[4] and abs(ch[0] - prev[0]) < 0.3 * em:
                    continue  # the same glyph drawn twice (fake bold)
                gap = ch[0] - prev[2]
                boundary = _is_digitish(prev[4]) != _is_digitish(ch[4]) and (_is_cjk(prev[4]) or _is_cjk(ch[4]))
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
    text = _nfkc(raw_text)
    if len(text) != len(raw_text):
        return Chunk(x0, x1, text.strip())
    return Chunk(x0, x1, text, boxes)


def pdf_to_pages(source: str | os.PathLike | bytes, *, password: str | None = None, rulings: bool = True) -> list[Page]:
    """Read each page of a PDF into text lines and ruled tables (:class:`Grid`).

    ``rulings=False`` ignores the table borders, so that every table goes through
    the column-guessing path (used by the tests to check both paths agree).

    Raises :class:`PdfNoTextLayerError` when no page has text (a scan: run OCR
    first), :class:`PdfEncryptedError` and :class:`PdfDamagedError`.
    """
    doc, name = _open_pdf(source, password)
    pages: list[Page] = []
    try:
        for number in range(1, len(doc) + 1):
            try:
                page = doc[number - 1]
                textpage = page.get_textpage()
            except Exception as exc:  # pdfium raises PdfiumError for broken pages
                raise PdfDamagedError(f"{name}: page {number} cannot be read ({exc})") from None
            try:
                view = _View(page)
                chars = _page_chars(textpage, view)
                out = Page(number, view.width, view.height, chars=len(chars))
                used: set[int] = set()
                if rulings and chars:
                    hs, vs = _page_rulings(page, view)
                    for ghs, gvs in _grids_from_rulings(hs, vs):
                        built = _build_grid(ghs, gvs, [c for k, c in enumerate(chars) if k not in used])
                        if built is None:
                            continue
                        grid, grid_used = built
                        # indexes were into the filtered list: map back
                        remaining = [k for k in range(len(chars)) if k not in used]
                        used |= {remaining[k] for k in grid_used}
                        out.items.append(grid)
                free = [c for k, c in enumerate(chars) if k not in used]
                for line, first in _chars_to_lines(free, with_first=True):
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


def pdf_to_text(source: str | os.PathLike | bytes, *, password: str | None = None) -> str:
    """Turn a PDF with a text layer into the package's text format (see the module doc).

    ``source`` is a path or the bytes of the file. Raises
    :class:`~chanhe_budget.errors.PdfNoTextLayerError` for a scan (run OCR first),
    :class:`~chanhe_budget.errors.PdfEncryptedError` when a password is needed and
    :class:`~chanhe_budget.errors.PdfDamagedError` for bytes that are not a
    readable PDF; a missing path raises :class:`FileNotFoundError`.
    """
    return pages_to_text(pdf_to_pages(source, password=password))


# ---------------------------------------------------------------------------
# Plain page text (pdftotext -layout, pdfplumber layout=True)
# ---------------------------------------------------------------------------

_RUN_RE = re.compile(r"\S+(?: \S+)*")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
    text = _nfkc(raw_text)
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


# ---------------------------------------------------------------------------
# Pages -> text: titles, TOC, tables (ruled and not), continuation, paragraphs
# ---------------------------------------------------------------------------


def _split_glued(text: str) -> list[str]:
    """``1,234,567一、社会保障和就业支出`` -> two cells; also label+amount."""
    m = _GLUE_HEAD_RE.match(text)
    if m and len(text) > m.end():
        return [m.group(1), *_split_glued(text[m.end():].strip())]
    m = _GLUE_TAIL_RE.match(text)
    if m and not m.group(1).endswith(_NO_SPLIT_AFTER_NUMBER):
        return [m.group(1).strip(), m.group(2)]
    return [text]


def _split_row_chunk(chunk: Chunk) -> list[Chunk]:
    """Split a chunk of a table row where two cells were printed too close."""
    tokens = chunk.text.split(" ")
    pieces: list[list[str]] = [[tokens[0]]]
    for tok in tokens[1:]:
        left = pieces[-1][-1]
        label_after_number = _is_cjk(tok[0]) and not tok.startswith(_NO_SPLIT_AFTER_NUMBER)
        if (
            (_NUMERIC_RE.match(left) and (_NUMERIC_RE.match(tok) or label_after_number))
            or (_is_cjk(left[-1]) and _AMOUNT_RE.match(tok) and ("," in tok or "." in tok))
        ):
            pieces.append([tok])
        else:
            pieces[-1].append(tok)
    texts = [t for p in pieces for t in _split_glued(" ".join(p))]
    if len(texts) == 1:
        return [chunk]
    if chunk.boxes is not None and len(chunk.boxes) == len(chunk.text):
        out, start = [], 0
        for t in texts:
            i = chunk.text.find(t, start)
            if i < 0:
                break
            spans = [b for b in chunk.boxes[i:i + len(t)] if b is not None]
            out.append(Chunk(spans[0][0], spans[-1][1], t))
            start = i + len(t)
        else:
            return out
    # share the chunk's extent out by display width
    total = sum(_display_width(t) for t in texts) + len(texts) - 1
    scale = (chunk.x1 - chunk.x0) / total if total else 0
    out, x = [], chunk.x0
    for t in texts:
        w = _display_width(t) * scale
        out.append(Chunk(x, x + w, t))
        x += w + scale
    return out


def _is_title(text: str) -> bool:
    c = compact(text).strip("#*")
    if not (4 <= len(c) <= 60) or _LEADER_RE.search(text):
        return False
    c = _TITLE_QUALIFIER_RE.sub("", CONTINUED_RE.sub("", c))
    return c.endswith("表") and any(w in c for w in _TITLE_WORDS) and not _SENTENCE_RE.search(c.rstrip("表")[-1:] or "")


def _is_numeric_cell(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(t) and bool(_NUMERIC_RE.match(t))


def _is_data_row(row: list[str]) -> bool:
    first = next((c for c in row if c), "")
    return any(_is_numeric_cell(c) for c in row) or compact(first) in _TOTALS


class _Table:
    """A table being written: its columns and the header rows seen so far."""

    def __init__(self, xs: list[float], loose: bool) -> None:
        self.xs = xs
        self.loose = loose
        self.header: set[str] = set()
        self.seen_data = False
        self.rows: list[list[str]] = []

    @property
    def ncol(self) -> int:
        return len(self.xs) - 1

    def add(self, rows: list[list[str]], xs: list[float], continuation: bool) -> None:
        if continuation and not _same_columns(xs, self.xs):
            rows = [_remap(r, xs, self.xs) for r in rows]
        leading = True
        for row in rows:
            key = compact("".join(row))
            if leading and _is_data_row(row):
                leading = False
            if continuation and leading and key in self.header:
                continue  # header repeated on a continuation page
            if not self.seen_data and leading:
                self.header.add(key)
            if not leading:
                self.seen_data = True
            self.rows.append(row)


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


def _remap(row: list[str], xs: list[float], target: list[float]) -> list[str]:
    out = [""] * (len(target) - 1)
    for j, text in enumerate(row):
        if not text:
            continue
        mid = (xs[j] + xs[j + 1]) / 2 if j + 1 < len(xs) else xs[j]
        k = min(max(bisect.bisect_right(target, mid) - 1, 0), len(out) - 1)
        out[k] = f"{out[k]} {text}".strip() if out[k] else text
    return out


def _loose_rows(lines: list[TextLine], plain: bool) -> tuple[list[list[str]], list[float]]:
    """Rows of a table without rulings: columns from the x extents of the data rows.

    Numbers and text get bands of their own (in layout text a CJK label can start
    inside the span of the right-aligned numbers above it); a header chunk goes to
    the band it overlaps most, or makes a band of its own.
    """
    split = [[c for ch in line.chunks for c in _split_row_chunk(ch)] for line in lines]
    is_data = [any(_is_numeric_cell(c.text) for c in chunks) for chunks in split]
    if not any(is_data):
        is_data = [True] * len(split)

    def merged(spans: list[tuple[float, float]], kind: bool) -> list[list]:
        out: list[list] = []
        for a, b in sorted(spans):
            if out and a < out[-1][1] - 0.5:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b, kind])
        return out

    def aligned(spans: list[tuple[float, float]], tol: float) -> list[list]:
        # numbers in one column share their right edge, centre or left edge
        spans = sorted(set(spans))
        parent = list(range(len(spans)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for key in (lambda s: s[1], lambda s: (s[0] + s[1]) / 2, lambda s: s[0]):
            order = sorted(range(len(spans)), key=lambda i: key(spans[i]))
            for a, b in itertools.pairwise(order):
                if key(spans[b]) - key(spans[a]) <= tol:
                    parent[find(a)] = find(b)
        groups: dict[int, list] = {}
        for i, (a, b) in enumerate(spans):
            g = groups.setdefault(find(i), [a, b, True])
            g[0], g[1] = min(g[0], a), max(g[1], b)
        return list(groups.values())

    data_chunks = [c for chunks, d in zip(split, is_data, strict=True) if d for c in chunks]
    num = [(c.x0, c.x1) for c in data_chunks if _is_numeric_cell(c.text)]
    txt = [(c.x0, c.x1) for c in data_chunks if not _is_numeric_cell(c.text)]
    bands = aligned(num, 1.5 if plain else 3.0) + merged(txt, False)
    reach = 2.5 * statistics.median(line.em for line in lines)
    for chunks, d in zip(split, is_data, strict=True):
        if not d:
            for c in chunks:
                # a header centred over right-aligned narrow numbers overlaps none of
                # them: it belongs to the nearest band when that band is close
                if not any(min(b, c.x1) - max(a, c.x0) > -reach for a, b, _ in bands):
                    bands.append([c.x0, c.x1, False])
    bands.sort(key=lambda band: (band[0], band[1]))

    def column(c: Chunk, typed: bool) -> int:
        kind = _is_numeric_cell(c.text)
        best, best_score = 0, -1e18
        for k, (a, b, band_kind) in enumerate(bands):
            if typed and band_kind != kind:
                continue
            score = min(b, c.x1) - max(a, c.x0)
            if score > best_score + 1e-9:
                best, best_score = k, score
        return best

    ncol = len(bands)
    grid: list[list[str]] = []
    for chunks, d in zip(split, is_data, strict=True):
        row = [""] * ncol
        for c in chunks:
            k = column(c, typed=d)
            row[k] = f"{row[k]} {c.text}".strip() if row[k] else c.text
        grid.append(row)

    # merge wrapped names: single text fragment next to a data row
    keep = [True] * len(grid)
    for k, (line, row) in enumerate(zip(lines, grid, strict=True)):
        filled = [j for j, t in enumerate(row) if t]
        if is_data[k] or len(filled) != 1:
            continue
        j = filled[0]
        text = row[j]
        if any(ch.isdigit() for ch in text) or _ORDINAL_RE.match(text) or compact(text) in _TOTALS:
            continue
        near = 1.6 * line.em

        def close(m: int, k: int = k, near: float = near) -> bool:
            return 0 <= m < len(grid) and keep[m] and is_data[m] and abs(lines[m].middle - lines[k].middle) <= near

        below, above = k + 1, k - 1
        above_is_own_row = close(above) and not _original_has(split[above], j, column, is_data[above])
        if close(below) and not grid[below][j] and not above_is_own_row:
            grid[below][j] = text
            keep[k] = False
        elif close(above) and not any(_is_numeric_cell(t) for t in [grid[above][j]]):
            grid[above][j] = grid[above][j] + text
            keep[k] = False
    rows = [r for r, kp in zip(grid, keep, strict=True) if kp]
    xs = [bands[0][0]] + [(bands[k][1] + bands[k + 1][0]) / 2 for k in range(ncol - 1)] + [max(b[1] for b in bands)]
    return rows, xs


def _original_has(chunks: list[Chunk], j: int, column, typed: bool) -> bool:
    return any(column(c, typed) == j for c in chunks)


def _is_toc_page(page: Page) -> bool:
    texts = [it.text for it in page.items if isinstance(it, TextLine)]
    if any(isinstance(it, Grid) for it in page.items):
        return False
    if any(_TOC_HEAD_RE.match(compact(t)) or compact(t) == "目录" for t in texts[:3]):
        return True
    leaders = sum(1 for t in texts if _LEADER_RE.search(t))
    return bool(texts) and leaders >= max(3, len(texts) // 2)


def _toc_entry(text: str) -> str:
    return _LEADER_RE.sub("", text).strip()


def _is_row_like(line: TextLine) -> bool:
    if len(line.chunks) >= 2:
        return True
    t = line.chunks[0].text
    if _is_numeric_cell(t) or len(_split_row_chunk(line.chunks[0])) > 1:
        return True
    return len(t) <= 24 and not _SENTENCE_RE.search(t) and not t.startswith(("注", "说明", "备注"))


class _Writer:
    """Turns pages into output lines; keeps the open table and the open paragraph."""

    def __init__(self, plain: bool) -> None:
        self.plain = plain
        self.out: list[str] = []
        self.table: _Table | None = None
        self.title_key: str | None = None
        self.expect_table = False  # a title was written, its table not yet
        self.para: TextLine | None = None
        self.para_text = ""
        self.para_margins = (0.0, 0.0)

    # -- paragraphs -------------------------------------------------------
    def flush_para(self) -> None:
        if self.para is not None:
            self.out.append(self.para_text)
            self.out.append("")
        self.para, self.para_text = None, ""

    def narrative(self, line: TextLine, margins: tuple[float, float]) -> None:
        left = margins[0]
        text = line.text
        if self.para is not None:
            prev, prev_right = self.para, self.para_margins[1]
            full = prev.x1 >= prev_right - (2.0 if self.plain else 2.2 * prev.em)
            indented = line.x0 > left + (1.0 if self.plain else 0.8 * line.em)
            starts_block = _is_title(text) or _META_RE.match(text) or _ORDINAL_RE.match(text)
            if full and not indented and not starts_block:
                self.para_text += _joiner(self.para_text, text) + text
                self.para, self.para_margins = line, margins
                return
            self.flush_para()
        self.para, self.para_text, self.para_margins = line, text, margins

    # -- tables -----------------------------------------------------------
    def close_table(self) -> None:
        if self.table is not None:
            width = self.table.ncol
            for row in self.table.rows:
                self.out.append("\t".join((row + [""] * width)[:width]))
            self.out.append("")
        self.table = None

    def title(self, text: str) -> None:
        key = title_key(text)
        if self.table is not None and key == self.title_key and CONTINUED_RE.search(compact(text)):
            self.expect_table = True  # "(续表)": continue the open table
            return
        self.flush_para()
        self.close_table()
        if self.out and self.out[-1] != "":
            self.out.append("")
        self.out.append(f"## {text.strip().lstrip('#').strip()}")
        self.out.append("")
        self.title_key = key
        self.expect_table = True

    def meta(self, line: TextLine) -> None:
        self.flush_para()
        pending = ""
        for chunk in line.chunks:
            if chunk.text.rstrip().endswith((":", "：")) and not _UNIT_RE.match(chunk.text):
                pending += chunk.text.strip()  # '部门:' and the name in the next chunk: one line
                continue
            self.out.append(pending + chunk.text)
            pending = ""
        if pending:
            self.out.append(pending)

    def rows(self, rows: list[list[str]], xs: list[float], loose: bool) -> None:
        self.flush_para()
        continuation = self.table is not None and not self.expect_table
        if not continuation:
            self.close_table()
            self.table = _Table(xs, loose)
        assert self.table is not None
        self.table.add(rows, xs, continuation)
        self.expect_table = False

    def end_table_context(self) -> None:
        self.close_table()
        self.expect_table = False


def _joiner(before: str, after: str) -> str:
    """How two pieces of one paragraph join: nothing between CJK, a space between words."""
    a, b = before[-1:], after[:1]
    return " " if a.isascii() and a.isalnum() and b.isascii() and b.isalnum() else ""


def _page_shape(page: Page) -> tuple[int, int]:
    return round(page.width / 10), round(page.height / 10)


def _page_margins(lines: list[TextLine]) -> tuple[float, float]:
    """Left and right edges of the text block: where most lines start and full lines end."""
    if not lines:
        return 0.0, 0.0
    left = min(line.x0 for line in lines)
    rights = sorted(line.x1 for line in lines)
    return left, rights[int(0.95 * (len(rights) - 1))]


def pages_to_text(pages: list[Page]) -> str:
    """Write pages in the text format: titles, meta lines, TAB rows, paragraphs."""
    plain = any(p.plain for p in pages)
    w = _Writer(plain)
    # text margins per page shape (portrait and landscape pages differ)
    by_shape: dict[tuple[int, int], list[TextLine]] = {}
    for page in pages:
        by_shape.setdefault(_page_shape(page), []).extend(
            it for it in page.items if isinstance(it, TextLine) and len(it.chunks) == 1
        )
    doc_margins = {shape: _page_margins(lines) for shape, lines in by_shape.items()}
    for number, page in enumerate(pages):
        if _is_toc_page(page):
            w.flush_para()
            w.end_table_context()
            for it in page.items:
                assert isinstance(it, TextLine)
                c = compact(it.text)
                if _TOC_HEAD_RE.match(c) or c == "目录":
                    w.out += ["# 目录", ""]
                elif not _FURNITURE_RE.match(it.text.strip()):
                    w.out.append(f"- {_toc_entry(it.text)}")
            w.out.append("")
            continue
        items = _content(page)
        following = _content(pages[number + 1]) if number + 1 < len(pages) else []
        margins = doc_margins.get(_page_shape(page), (0.0, 0.0))
        k = 0
        while k < len(items):
            it = items[k]
            if isinstance(it, Grid):
                rows = list(it.rows)
                # a title or unit printed inside the grid's first rows
                while rows and sum(1 for c in rows[0] if c) == 1 and not _is_data_row(rows[0]):
                    only = next(c for c in rows[0] if c)
                    if _is_title(only):
                        w.title(only)
                    elif _META_RE.match(only):
                        w.out.append(only)
                    else:
                        break
                    rows.pop(0)
                if rows:
                    w.rows(rows, it.xs, loose=False)
                k += 1
                continue
            text = it.text
            if _LEADER_RE.search(text):
                w.flush_para()
                w.out.append(f"- {_toc_entry(text)}")
                k += 1
                continue
            if _is_title(text) and (_confirms_table(items, k)  # or a title orphaned at the foot of its page
                                    or (k == len(items) - 1 and bool(following) and _confirms_table(following, -1))):
                w.title(text)
                k += 1
                continue
            wrapped = _wrapped_title(items, k)
            if wrapped:  # '“三公”经费、会议费、培训费支出预算' / '表'
                w.title(wrapped)
                k += 2
                continue
            if _META_RE.match(text) or (w.expect_table and any(_UNIT_RE.match(c.text) for c in it.chunks)):
                w.meta(it)
                k += 1
                continue
            in_context = w.expect_table or (w.table is not None and w.table.loose)
            if in_context and _is_row_like(it):
                block = [it]
                k += 1
                while k < len(items) and isinstance(items[k], TextLine) and _is_row_like(items[k]) \
                        and not _is_title(items[k].text) and not _META_RE.match(items[k].text):
                    block.append(items[k])
                    k += 1
                if any(len(b.chunks) > 1 or _is_numeric_cell(b.chunks[0].text) for b in block):
                    rows, xs = _loose_rows(block, plain)
                    w.rows(rows, xs, loose=True)
                else:
                    for b in block:
                        w.narrative(b, margins)
                continue
            # narrative
            if w.table is not None or w.expect_table:
                w.end_table_context()
            w.narrative(it, margins)
            k += 1
    w.flush_para()
    w.close_table()
    text = "\n".join(w.out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text + "\n"


def _content(page: Page) -> list:
    """The items of a page without its furniture (page numbers)."""
    return [it for it in page.items if not (isinstance(it, TextLine) and _FURNITURE_RE.match(it.text.strip()))]


def _wrapped_title(items: list, k: int) -> str | None:
    """A title wrapped onto a short second line ('…支出预算' / '表'), when a table follows it."""
    nxt = items[k + 1] if k + 1 < len(items) else None
    if not isinstance(nxt, TextLine) or len(compact(nxt.text)) > 3 or not compact(nxt.text).endswith("表"):
        return None
    text = items[k].text.rstrip() + nxt.text.strip()
    return text if _is_title(text) and _confirms_table(items, k + 1) else None


def _confirms_table(items: list, k: int) -> bool:
    """A title is real when table material follows it on the same page."""
    for it in items[k + 1:k + 5]:
        if isinstance(it, Grid):
            return True
        if _META_RE.match(it.text) or any(_UNIT_RE.match(c.text) for c in it.chunks):
            return True
        if _is_title(it.text):
            return False
        if len(it.chunks) >= 2:
            return True
    return False
