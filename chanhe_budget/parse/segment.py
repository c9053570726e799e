"""Stage 2: cut the numbered lines into narrative sections and table blocks.

A table starts at a line whose text is one of the template's table titles and
that is followed by table material (a 单位 line, a 部门名称 line or cell rows)
before any other title — which is what tells a real title from its entry in the
table of contents.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..read.source import Line
from ..templates.spec import TABLE_LABEL_RE, TableSpec, Template, compact, is_continuation, title_year
from ..templates.vocabulary import HEADING_ENDINGS

__all__ = ["Section", "Segments", "TableBlock", "TitleHit", "find_titles", "lines_to_segments", "title_candidates"]

_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*)$")
_ORDINAL_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\S{2,40}$")
_DEPT_LINE_RE = re.compile(
    r"^(?:部\s*门名称|部\s*门|预算主管部门|单位名称|预算单位|编制部门|编制单位)\s*[:：]\s*(\S[^\t]*?)?\s*"
    r"(?:(?:金额)?单位\s*[:：].*)?$")
_UNIT_TAIL_RE = re.compile(r"\s*(?:金额)?单位\s*[:：].*$")
_NOTE_START_RE = re.compile(r"^(?:注|说明|备注)\s*[:：\d(（]|^[(（]\d+[)）]")
#: '(一)因公出国(境)费0万元,…' is a sentence, not a heading; '一、2025年“三公”经费预算情况说明' is one.
_NOT_HEADING_RE = re.compile(r"[，,。；;:：]|\d[\d,.]*\s*(?:万元|元|%|个|辆|人)")
_LOOKAHEAD = 8
_TITLE_WORD_RE = re.compile(r"预算|决算|经费|绩效")
_DATE_LINE_RE = re.compile(r"^(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?$")


@dataclass
class Section:
    """A narrative part: its heading, level, the lines it spans and its text."""

    title: str
    level: int
    start: int
    end: int
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines if line.text)


@dataclass
class TableBlock:
    """The raw lines of one table, from its title to the line before the next table."""

    spec: TableSpec
    title: str
    title_line: int
    lines: list[Line]
    year: int | None = None
    continued: bool = False  # titled …（续）: the rest of the table before it

    @property
    def end_line(self) -> int:
        return self.lines[-1].no if self.lines else self.title_line


@dataclass
class Segments:
    """What segmentation found: sections, table blocks, document metadata."""

    sections: list[Section]
    blocks: list[TableBlock]
    title_lines: list[Line]
    department: str | None
    department_line: int | None
    unconfirmed: list[TitleHit] = field(default_factory=list)  # titles whose header is another table's


@dataclass(frozen=True)
class TitleHit:
    """A table title found in the lines: where, which table, its text, and whether the header rows
    under it print the table's own column words (``confirmed``)."""

    index: int
    spec: TableSpec
    text: str
    confirmed: bool
    end: int  # index of the title's last line (a title wrapped onto a second line ends there)


def _is_table_material(line: Line) -> bool:
    return line.is_row or line.text.startswith(("单位", "部门名称", "金额单位", "(20", "预算主管部门", "部门:", "部门：",
                                                "部 门"))


def _title_text(line: Line) -> str | None:
    """The text a title could be: a plain line, or the one filled cell of a row."""
    if not line.is_row:
        return line.text if line.text and len(line.text) <= 60 else None
    if "表" not in line.text:
        return None
    filled = [c for c in line.cells if c.strip()]
    return filled[0] if len(filled) == 1 and len(filled[0]) <= 60 and "表" in filled[0] else None


def title_candidates(lines: list[Line]) -> list[tuple[int, str, int]]:
    """(index, text, index of its last line) of every line that could be a table title — those that
    print 表, and a line followed by a short one ending in 表 (a wrapped title, both lines joined).
    Computed once per document; each template then looks its own titles up among them."""
    out: list[tuple[int, str, int]] = []
    for i, line in enumerate(lines):
        text = _title_text(line)
        if not text:
            continue
        if "表" in text:
            out.append((i, text, i))
            if compact(text).endswith("表"):
                continue
        if not _TITLE_WORD_RE.search(text):
            continue  # a wrapped title's first line still says what the table is (…支出预算)
        for j in range(i + 1, min(i + 3, len(lines))):  # '…支出预算' / '表'
            nxt = lines[j]
            if nxt.is_blank:
                continue
            word = compact(nxt.text)
            if not nxt.is_row and len(word) <= 4 and word.endswith("表"):
                out.append((i, text + nxt.text, j))
            break
    return out


def _header_text(lines: list[Line]) -> str:
    """The compacted cells of the rows before a table's first data row (at most 6 rows)."""
    cells: list[str] = []
    rows = 0
    for line in lines:
        if not line.is_row:
            continue
        if any(c.replace(",", "").replace(".", "", 1).isdigit() for c in line.cells if c.strip()) and rows:
            break
        cells.extend(line.cells)
        rows += 1
        if rows >= 6:
            break
    return compact("".join(cells))


def find_titles(lines: list[Line], template: Template,
                candidates: list[tuple[int, str, int]] | None = None) -> list[TitleHit]:
    """Every title of the template's tables that heads a table (not a table-of-contents entry).

    A title is recognised after normalisation (:meth:`Template.match_title`), also when it is
    wrapped onto a second line, and it heads a table when table material (a 部门/单位 line,
    a label such as 公开表一, cell rows) follows before any other title. It is ``confirmed``
    when the header rows print one of the table's own header words (or print no header at all).
    ``candidates`` are the document's :func:`title_candidates` (computed here when not given).
    """
    found: list[TitleHit] = []
    skip_to = -1
    for i, text, end in title_candidates(lines) if candidates is None else candidates:
        if i <= skip_to:
            continue
        spec = template.match_title(text)
        if spec is None:
            continue
        for k in range(end + 1, min(end + 1 + _LOOKAHEAD, len(lines))):
            nxt = lines[k]
            if nxt.is_blank or TABLE_LABEL_RE.match(compact(nxt.text)):
                continue
            nxt_title = _title_text(nxt)
            if nxt_title and not nxt.is_row and template.match_title(nxt_title):
                break  # another title follows at once: a table-of-contents entry
            if _is_table_material(nxt):
                words = spec.header_words
                header = _header_text(lines[k:k + 12]) if words else ""
                confirmed = not words or not header or any(w in header for w in words)
                found.append(TitleHit(i, spec, text, confirmed, end))
                skip_to = end
                break
    return found


def _heading(line: Line) -> tuple[int, str] | None:
    if line.is_row:
        return None
    match = _HEADING_RE.match(line.text)
    if match:
        return len(match.group(1)), match.group(2).strip("* ")
    if _ORDINAL_HEADING_RE.match(line.text) and not _NOT_HEADING_RE.search(line.text):
        return 5, line.text
    if len(line.text) <= 40 and line.text.endswith(HEADING_ENDINGS) and not line.text.startswith(("-", "*")) \
            and not _NOT_HEADING_RE.search(line.text):
        return 4, line.text
    return None


def _sections(lines: list[Line]) -> list[Section]:
    sections: list[Section] = []
    current = Section("", 0, lines[0].no if lines else 1, lines[0].no if lines else 1)
    for line in lines:
        head = _heading(line)
        if head is not None:
            if current.lines or current.title:
                sections.append(current)
            current = Section(head[1], head[0], line.no, line.no)
            continue
        current.lines.append(line)
        current.end = line.no
    if current.lines or current.title:
        sections.append(current)
    return sections


def _department(lines: list[Line]) -> tuple[str | None, int | None]:
    names: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, line in enumerate(lines):
        text = line.cells[0] if line.is_row else line.text
        match = _DEPT_LINE_RE.match(text)
        if not match:
            continue
        name = (match.group(1) or "").strip()
        if not name:  # '部门:' with the name in the next cell or on the next line
            rest = [c for c in line.cells[1:] if c.strip()] if line.is_row else []
            following = next((x for x in lines[i + 1:i + 3] if x.text), None)
            if rest:
                name = rest[0]
            elif following is not None and not following.is_row and len(following.text) <= 40:
                name = following.text
        name = _UNIT_TAIL_RE.sub("", name).strip()
        if name and not name.startswith(("单位", "金额单位")):
            names[name] += 1
            first.setdefault(name, line.no)
    if not names:
        return None, None
    name = names.most_common(1)[0][0]
    return name, first[name]


def _block_end(lines: list[Line], start: int, stop: int) -> int:
    """Index after the last line of the table starting at ``start``.

    A table is its title, the lines before its grid (部门名称, 单位), the grid rows and
    the notes right after them (注：…, （1）…); the first other paragraph after the
    grid is narrative again (Shanghai prints 其他相关情况说明 after its last table).
    """
    end = start + 1
    seen_grid = in_note = False
    previous_blank = False
    for i in range(start + 1, stop):
        line = lines[i]
        if line.is_blank:
            previous_blank = True
            continue
        if line.is_row:
            seen_grid, in_note = True, False
        elif not seen_grid:
            pass  # 部门名称, 单位, (2025 年度) before the grid
        elif _NOTE_START_RE.match(line.text):
            in_note = True
        elif not (in_note and not previous_blank):
            break
        end = i + 1
        previous_blank = False
    return end


def lines_to_segments(lines: list[Line], template: Template, hits: list[TitleHit] | None = None) -> Segments:
    """Find the table blocks and the narrative sections (before, between and after tables).

    ``hits`` are the titles :func:`find_titles` found (computed here when not given). A title
    whose header rows print none of its table's words is not taken for that table: it is kept
    in :attr:`Segments.unconfirmed`, and its lines stay narrative.
    """
    hits = find_titles(lines, template) if hits is None else hits
    titles = [h for h in hits if h.confirmed]
    blocks: list[TableBlock] = []
    narrative: list[Line] = []
    position = 0
    for n, hit in enumerate(titles):
        i = hit.index
        stop = titles[n + 1].index if n + 1 < len(titles) else len(lines)
        end = _block_end(lines, hit.end, stop)
        title = hit.text.strip("#* ")
        blocks.append(TableBlock(hit.spec, title, lines[i].no, lines[hit.end + 1:end], title_year(title),
                                 is_continuation(title)))
        narrative.extend(lines[position:i])
        position = end
    narrative.extend(lines[position:])
    department, dept_line = _department(lines)
    first_table = titles[0].index if titles else len(lines)
    title_lines = [line for line in lines[: min(first_table, 40)] if line.text][:8]
    return Segments(_sections(narrative), blocks, title_lines, department, dept_line,
                    [h for h in hits if not h.confirmed])


def document_title(segments: Segments) -> str:
    """The title of the document as printed before the table of contents."""
    parts: list[str] = []
    for line in segments.title_lines:
        if line.text.startswith("#") or compact(line.text).startswith("目录"):
            break
        if not _DATE_LINE_RE.match(compact(line.text)):  # '2025 年 2 月': the date of publication
            parts.append(line.text.lstrip("-* ") if line.text.startswith(("- ", "* ")) else line.text)
    return "".join(parts)
