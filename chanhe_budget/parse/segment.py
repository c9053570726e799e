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
from ..templates.spec import TableSpec, Template, compact, is_continuation, title_year
from ..templates.vocabulary import HEADING_ENDINGS

__all__ = ["Section", "Segments", "TableBlock", "lines_to_segments"]

_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*)$")
_ORDINAL_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\S{2,40}$")
_DEPT_LINE_RE = re.compile(r"^(?:部门名称|预算主管部门|单位名称|预算单位|编制部门|编制单位)\s*[:：]\s*(\S[^\t]*?)\s*$")
_NOTE_START_RE = re.compile(r"^(?:注|说明|备注)\s*[:：\d(（]|^[(（]\d+[)）]")
#: '(一)因公出国(境)费0万元,…' is a sentence, not a heading; '一、2025年“三公”经费预算情况说明' is one.
_NOT_HEADING_RE = re.compile(r"[，,。；;:：]|\d[\d,.]*\s*(?:万元|元|%|个|辆|人)")
_LOOKAHEAD = 8
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


def _is_table_material(line: Line) -> bool:
    return line.is_row or line.text.startswith(("单位", "部门名称", "金额单位", "(20", "预算主管部门"))


def _find_titles(lines: list[Line], template: Template) -> list[tuple[int, TableSpec]]:
    found: list[tuple[int, TableSpec]] = []
    for i, line in enumerate(lines):
        if line.is_row or not line.text or len(line.text) > 60:
            continue
        spec = template.match_title(line.text)
        if spec is None:
            continue
        for nxt in lines[i + 1:i + 1 + _LOOKAHEAD]:
            if nxt.is_blank:
                continue
            if not nxt.is_row and template.match_title(nxt.text):
                break  # another title follows at once: a table-of-contents entry
            if _is_table_material(nxt):
                found.append((i, spec))
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
    for line in lines:
        text = line.cells[0] if line.is_row else line.text
        match = _DEPT_LINE_RE.match(text)
        if match:
            name = match.group(1).strip()
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


def lines_to_segments(lines: list[Line], template: Template) -> Segments:
    """Find the table blocks and the narrative sections (before, between and after tables)."""
    titles = _find_titles(lines, template)
    blocks: list[TableBlock] = []
    narrative: list[Line] = []
    position = 0
    for n, (i, spec) in enumerate(titles):
        stop = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        end = _block_end(lines, i, stop)
        title = lines[i].text.strip("#* ")
        blocks.append(TableBlock(spec, title, lines[i].no, lines[i + 1:end], title_year(title), is_continuation(title)))
        narrative.extend(lines[position:i])
        position = end
    narrative.extend(lines[position:])
    department, dept_line = _department(lines)
    first_table = titles[0][0] if titles else len(lines)
    title_lines = [line for line in lines[: min(first_table, 40)] if line.text][:8]
    return Segments(_sections(narrative), blocks, title_lines, department, dept_line)


def document_title(segments: Segments) -> str:
    """The title of the document as printed before the table of contents."""
    parts: list[str] = []
    for line in segments.title_lines:
        if line.text.startswith("#") or compact(line.text).startswith("目录"):
            break
        if not _DATE_LINE_RE.match(compact(line.text)):  # '2025 年 2 月': the date of publication
            parts.append(line.text)
    return "".join(parts)
