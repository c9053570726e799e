"""Stage 0: pages (from a PDF or from plain page text) become the package's text format.

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
"""

from __future__ import annotations

import bisect
import re

from ..parse.units import UNIT_LABEL_RE
from ..templates.spec import CONTINUED_RE, compact, title_key
from .columns import ORDINAL_RE, is_data_row, is_numeric_cell, loose_rows, split_row_chunk
from .pages import Grid, Page, TextLine

_LEADER_RE = re.compile(r"(?:[.…·•．。_-]\s*){4,}\s*\d*\s*$")
_TOC_HEAD_RE = re.compile(r"^目\s*录$")
_TITLE_WORDS = ("预算", "决算", "经费", "绩效", "收支", "支出", "收入", "采购")
_META_RE = re.compile(
    "^" + UNIT_LABEL_RE.pattern + r"|^(?:编制部门|编制单位|部门名称|单位名称|预算主管部门|预算单位|填报单位)\s*[:：]"
    r"|^[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]$"
    r"|^(?:(?:公开|预算公开)?表[一二三四五六七八九十\d\-]+|公开[一二三四五六七八九十\d]+表)$"  # 表一, 公开01表, 公开表一
)
#: A qualifier after a title: （功能科目）, （经济科目）, （一般公共预算）.
_TITLE_QUALIFIER_RE = re.compile(r"(?<=表)[(（][^()（）续]{2,10}[)）]$")
_FURNITURE_RE = re.compile(r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_SENTENCE_RE = re.compile(r"[。；;，,：:]")


def _is_title(text: str) -> bool:
    c = compact(text).strip("#*")
    if not (4 <= len(c) <= 60) or _LEADER_RE.search(text):
        return False
    c = _TITLE_QUALIFIER_RE.sub("", CONTINUED_RE.sub("", c))
    return c.endswith("表") and any(w in c for w in _TITLE_WORDS) and not _SENTENCE_RE.search(c.rstrip("表")[-1:] or "")


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
            if leading and is_data_row(row):
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
    if is_numeric_cell(t) or len(split_row_chunk(line.chunks[0])) > 1:
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
            starts_block = _is_title(text) or _META_RE.match(text) or ORDINAL_RE.match(text)
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
            if chunk.text.rstrip().endswith((":", "：")) and not UNIT_LABEL_RE.match(chunk.text):
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
                while rows and sum(1 for c in rows[0] if c) == 1 and not is_data_row(rows[0]):
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
            if _META_RE.match(text) or (w.expect_table and any(UNIT_LABEL_RE.match(c.text) for c in it.chunks)):
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
                if any(len(b.chunks) > 1 or is_numeric_cell(b.chunks[0].text) for b in block):
                    rows, xs = loose_rows(block, plain)
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
        if _META_RE.match(it.text) or any(UNIT_LABEL_RE.match(c.text) for c in it.chunks):
            return True
        if _is_title(it.text):
            return False
        if len(it.chunks) >= 2:
            return True
    return False
