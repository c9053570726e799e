"""The pages of extracted text, cleaned of what extraction does to them, before any table is read.

pdfplumber and pdftotext keep the page breaks (form feeds) and the reading order, and
little else that a reader of tables needs: page numbers sit among the rows, a year set in
a Latin font drifts to the next line, and a table's title is seldom a line of its own — its
label (表六) comes on the line before, it wraps ('…支出预' / '“ ”' / '算表'), it ends a page
whose next one starts with its 部门/单位 line, or it is glued to the line before. This
module gives :mod:`.plain_text` the pages as lines with each title on a line of its own.
"""

from __future__ import annotations

import re

from ..parse.units import UNIT_LABEL_RE
from ..templates.spec import TABLE_LABEL_RE, Template, compact

__all__ = ["META_START_RE", "confirmed", "labels_a_title", "page_lines"]

_FURNITURE_RE = re.compile(r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_OWNER_WORDS = "编制部门|编制单位|部门名称|单位名称|预算主管部门|预算单位|填报单位|部门"  # 部门：某局 above a table
META_START_RE = re.compile(rf"^(?:{_OWNER_WORDS})\s*[:：]")


def page_lines(text: str, template: Template) -> list[list[str]]:
    """The non-blank lines of each page (pages split at form feeds), page numbers dropped, titles apart.

    A title (or label) printed last on its page is moved to the start of the next one, where
    its 部门/单位 line and header are.
    """
    out: list[list[str]] = []
    pages = text.split("\f")
    carried: list[str] = []
    for number, page in enumerate(pages):
        lines = _restore_years([line.rstrip() for line in page.split("\n")])
        lines = carried + _title_lines([line for line in lines if line.strip()
                                        and not _FURNITURE_RE.match(line.strip())], template)
        carried = []
        while number + 1 < len(pages) and lines and (template.match_title(lines[-1].strip()) is not None
                                                     or TABLE_LABEL_RE.match(compact(lines[-1]))):
            carried.insert(0, lines.pop())
        out.append(lines)
    return out


_YEARLESS_RE = re.compile(r"(?:^|(?<=\s))(年(?:度|部门|单位))")  # not 上年度: a gap where the year was
_LEADING_YEAR_RE = re.compile(r"^\s*((?:19|20)\d{2})(?!\d|\s*年)\s*")


def _restore_years(lines: list[str]) -> list[str]:
    """Put back a year that the extractor moved to the start of the next line.

    pdfplumber cuts lines by height, and a year printed in a Latin font sits a little lower
    than the Chinese around it: '某某区某某局 年度部门决算' comes out with its '20XX' at the
    start of the next line ('20XX目 录'). A line that says 年度 (年部门预算) without a year before it takes the
    year the next line starts with, which then loses it.
    """
    out = list(lines)
    for k in range(len(out) - 1):
        if "年" not in out[k] or not out[k + 1][:1].isdigit():
            continue
        gap = _YEARLESS_RE.search(out[k])
        year = _LEADING_YEAR_RE.match(out[k + 1])
        if gap and year and len(out[k].strip()) <= 40:
            out[k] = out[k][:gap.start()].rstrip() + year.group(1) + out[k][gap.start():]
            out[k + 1] = out[k + 1][year.end():]
    return out


_META_GLUED_RE = re.compile(rf"(?:{_OWNER_WORDS}|单位)\s*[:：]")  # the same, or 单位：万元, glued to a title
#: what a table's last line leaves before a title glued to it: '(无政府性基金支出）', '… 1,018.01', '合计'
_BEFORE_TITLE_RE = re.compile(r"^(?:[(（].*[)）]|[^\u4e00-\u9fff]*\d|(?:合\s*计|总\s*计|小\s*计))$")


def _title_lines(lines: list[str], template: Template) -> list[str]:
    """The page's lines with each table title on a line of its own: unglued, or joined when wrapped."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        wrapped = _wrapped_title(lines, k, template)
        if wrapped:
            out.append("".join(lines[k:k + wrapped + 1]).replace(" ", ""))
            k += wrapped + 1
            continue
        out += _unglue_title(lines[k], template)
        k += 1
    return out


def _wrapped_title(lines: list[str], k: int, template: Template) -> int:
    """How many short lines (up to two) continue a title wrapped at line k: '…支出预算' / '表'."""
    line = lines[k].strip()
    if len(line) > 60 or (line.endswith("表") and template.match_title(line) is not None):
        return 0
    for more in (1, 2):
        tail = [t.strip() for t in lines[k + 1:k + 1 + more]]
        if len(tail) < more or len(tail[-1]) > 4:
            return 0
        if "表" in tail[-1] and template.match_title(line + "".join(tail)) is not None:
            return more
    return 0


def _unglue_title(line: str, template: Template) -> list[str]:
    """A title the extractor glued to its neighbours, as separate lines.

    pdfplumber joins what sits at one height: the title and the 部门/单位 line under it
    ('一般公共预算支出预算表部门：… 单位：万元'), or a table's last line and the next title
    ('(无政府性基金支出）一般公共预算支出预算表'). Only a line that is a template's title once
    cut there is cut, so prose that names a table stays whole.
    """
    text = line.strip()
    if "表" not in text or len(text) > 120:
        return [line]
    meta = _META_GLUED_RE.search(text)
    if meta and meta.start() > 0 and template.match_title(text[:meta.start()].strip()) is not None:
        return [text[:meta.start()].strip(), text[meta.start():]]
    if len(text) <= 80 and text.endswith("表"):
        for cut in range(1, len(text) - 3):
            if _BEFORE_TITLE_RE.match(text[:cut].strip()) and template.match_title(text[cut:]) is not None:
                return [text[:cut].strip(), text[cut:]]
    return [line]


def labels_a_title(lines: list[str], k: int, template: Template) -> bool:
    """A label line (表二, 公开01表) printed above a table's title, on the title's page."""
    title = lines[k + 1].strip() if k + 1 < len(lines) else ""
    return len(title) <= 60 and template.match_title(title) is not None and confirmed(lines, k + 1)


def confirmed(lines: list[str], k: int) -> bool:
    """A title is a table's when a unit or department line, or a header, follows it closely."""
    for line in lines[k + 1:k + 4]:
        text = line.strip()
        if UNIT_LABEL_RE.search(text) or META_START_RE.match(text) or text.startswith(("(20", "（20")):
            return True
    return False
