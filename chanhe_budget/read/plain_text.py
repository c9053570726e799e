"""Text without layout (pdfplumber ``extract_text()``, pdfminer, text copied from a viewer) → the text format.

Such text keeps the reading order and nothing else: a table row is its codes, its name
and the numbers it prints, separated by single spaces; a blank cell leaves no trace and
no column lines up. What still holds is the table's grammar, which the template knows:
a row of a coded table is ``[类 [款 [项]]] 名称 amount…``, a row of a two-sided table is
``label amount label amount…``; and its header prints the column words, however many
lines they are spread over. This module writes each row as TAB cells in that grammar —
codes, name, then the printed numbers in reading order — and marks the source ``loose``:
the parser then places the numbers by the template's identities
(:mod:`chanhe_budget.parse.placement`), and leaves a cell it cannot place NaN with a
warning.

``pdftotext -layout`` text goes through the same reader (runs of spaces are single
separators here): its column positions drift from page to page and between header and
rows, which makes them a poorer guide than the identities.

Pages are separated by form feeds; page numbers and the header rows a continuation page
repeats are dropped; narrative lines broken at the page width are joined back into
paragraphs (a line that reaches the right margin continues on the next one).
"""

from __future__ import annotations

import re
import unicodedata

from ..parse.placement import row_identities
from ..parse.units import NUMERIC_RE, UNIT_LABEL_RE, ZERO_MARKS
from ..templates.spec import TABLE_LABEL_RE, TableSpec, Template, compact
from ..templates.vocabulary import HEADING_ENDINGS, SUMMARY_INCOME_ROWS, TOTAL_LABELS
from .columns import ORDINAL_RE, split_glued
from .halves_text import halves_to_rows
from .item_list_text import item_list_to_rows
from .list_tables import LIST_LAYOUTS, ListLines
from .procurement_text import procurement_to_rows
from .split_rows import UNDECIDED, adds_up, resolve_split_rows
from .summary_groups_text import summary_groups_to_rows
from .text_pages import META_START_RE, confirmed, labels_a_title, page_lines

__all__ = ["unaligned_text_to_text"]

_LEADER_RE = re.compile(r"\s*(?:[.…·•．。_-]\s*){4,}\s*\d*\s*$")
_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_SECTION_CODE_RE = re.compile(r"^\d{1,2}$")
_SENTENCE_END = ("。", "；", ";")
_DIGIT_RE = re.compile(r"\d")
#: a note under a table: '注：…', and '(无政府性基金支出)' under an empty one
_NOTE_RE = re.compile(r"^(?:注|说明|备注)\s*[:：\d(（]|^[(（]\s*(?:本(?:部门|单位))?无")
_SPACES_RE = re.compile(r"\s+")
_PROSE_RE = re.compile(r"[，。；、]")
_FORM_LAYOUTS = frozenset({"department_performance", "project_form"})
_CLASSIFIED = frozenset({"functional", "economic"})
_CODE_HEADER_WORDS = frozenset({"类", "款", "项"})  # row labels with classification codes
_ROW_START_RE = re.compile(ORDINAL_RE.pattern + r"|^\d+[、.．]")
_LABELLED_ROWS = frozenset({"two_sided", "summary_groups"})  # a row may print its labels and no amount


def _width(line: str) -> int:
    """Display width, near enough for comparing lines: a CJK character (3 bytes in UTF-8) counts 2."""
    return (len(line.encode("utf-8")) + len(line)) // 2


def _is_number(token: str) -> bool:
    return bool(NUMERIC_RE.match(token)) or (token in ZERO_MARKS and token != "")


def _tokens(line: str) -> list[str]:
    out: list[str] = []
    for token in line.split():
        if token.isascii() or not _DIGIT_RE.search(token):
            out.append(token)  # nothing glued: all digits, or no digit at all
        else:
            out.extend(split_glued(token))
    return out


class _Table:
    """The table being written: its spec, header lines and the shape of its rows."""

    def __init__(self, spec: TableSpec, template: Template) -> None:
        self.spec = spec
        self.template = template
        self.header: list[str] = []
        self.rows: list[list[str]] = []  # codes, name, numbers (coded) or label/number groups (two-sided)
        self.notes: list[str] = []
        self.seen_data = False
        self.skipping_repeat = False  # a continuation page's repeated header
        self.pending = ""  # a name fragment printed on a line of its own
        self.orphans: list[str] = []  # a two-sided table's line of amounts not yet given to a row
        self.took: tuple[list, list[int]] | None = None  # the row (and cells) that took a line of amounts below it
        self.halves_clean = True  # a ``halves`` table whose every line follows its grammar
        self.floats: list[bool] = []  # per row: a line of numbers that is part of the row above or below
        classified = spec.layout == "coded" and spec.labels in _CLASSIFIED
        self.rules = row_identities(spec.columns, template=template.name) if classified else []
        self.lists = ListLines(spec) if spec.layout in LIST_LAYOUTS else None  # written whole (list_tables.py)

    def add_coded(self, row: list) -> None:
        codes, name, numbers, tail = row
        row = row[:3]
        if self.pending and not name:
            row[1] = self.pending  # the name printed above its codes and numbers
        elif self.pending and self.rows:
            self.rows[-1][1] += self.pending  # the end of the previous row's name
        self.pending = ""
        if not codes and not numbers and self.rows and name and not compact(name).endswith(TOTAL_LABELS):
            self.rows[-1][1] += name
            return
        if not codes and not name and self.rows and not self.rows[-1][2] and not self.floats[-2:-1] == [True]:
            self.rows[-1][2] = numbers  # '合计' on one line, its numbers on the next
            self.pending = tail
            return
        total = compact(name).endswith(TOTAL_LABELS)
        if total and not codes and not numbers and self.rows and not self.rows[-1][0] and not self.rows[-1][1] \
                and self.rows[-1][2] and not self.floats[-1]:
            self.rows[-1][1] = name  # the 合计 row's numbers on the line above its label
            self.pending = tail
            return
        floating = bool(self.rules) and not codes and bool(numbers) and not total \
            and not adds_up(numbers, len(self.spec.columns), self.rules)
        if floating and name:  # the name of the row below, printed beside numbers of a row above or below
            self.pending = name
            row[1] = ""
        self.rows.append(row)
        self.floats.append(floating)
        self.pending = tail or self.pending

    def add_two_sided(self, tokens: list[str]) -> None:
        last = self.rows[-1] if self.rows else None
        lead = 0
        while lead < len(tokens) and _is_number(tokens[lead]):
            lead += 1
        numbers, rest = tokens[:lead], tokens[lead:]
        if last is not None and numbers and len(last) == 3 and not last[1]:
            if last[0] and last[2]:  # both labels on one line, their amounts on the next
                single = len(self.spec.right_columns) <= 1
                if len(numbers) == 2 and single:
                    last[1] = numbers[0]
                    last.append(numbers[1])
                    self.took = (last, [1, 3])
                else:  # one amount for two labels, or a right side of several columns: whose is which?
                    last[1] = UNDECIDED
                    last.extend([UNDECIDED] * max(len(numbers) - 1, 1))
            elif last[2]:  # the right label's numbers printed on the next line
                self.took = (last, list(range(3, 3 + len(numbers))))
                last.extend(numbers)
            elif last[0] and len(numbers) == 1:
                last[1] = numbers[0]
                self.took = (last, [1])
            else:
                numbers = []
            if numbers:
                if rest:  # the next row's labels glued after the numbers
                    self.rows.append(_two_sided_row(rest))
                return
        if numbers and not rest:  # amounts on a line of their own that no row above is waiting for
            self.orphans = numbers
            if last is not None:  # ... unless one side of it is: they may be its too
                _undecide_open(last)
            return
        row = _two_sided_row(tokens)
        took, self.took = self.took, None
        if took and any(_is_number(t) for t in tokens) and _undecide_open(row):
            for cell in took[1]:  # the row below prints its own line, yet one of its sides is empty: the line of
                took[0][cell] = UNDECIDED  # amounts above it may be that side's (values set at the top of a cell)
        if self.orphans:  # ... they belong to the row below, to which of its cells the text cannot say
            row = [row[0], UNDECIDED if row[0] else row[1], row[2],
                   *([UNDECIDED] * max(len(row) - 3, 1) if row[2] else row[3:])]
            self.orphans = []
        self.rows.append(row)

    def add_fragment(self, text: str) -> None:
        if self.spec.layout == "two_sided":
            if self.rows:
                side = 2 if self.rows[-1][2] else 0
                self.rows[-1][side] += text
        elif self.pending:
            self.pending += text
        else:
            self.pending = text

    def write(self) -> list[str]:
        if self.lists is not None:
            header = " ".join(self.lists.header)
            if self.spec.layout == "item_list":
                return item_list_to_rows(header, self.lists.lines, self.spec,
                                         self.template.row_labels.get(self.spec.name, ())) + self.notes
            return procurement_to_rows(header, self.lists.lines, self.spec) + self.notes
        if self.pending and self.rows:
            self.rows[-1][1] += self.pending
            self.pending = ""
        if self.spec.layout == "halves":
            return halves_to_rows(self.rows, self.halves_clean)[0] + self.notes
        if self.spec.layout == "summary_groups":
            return ["\t".join([self._header_text(), *[""] * 5]), *summary_groups_to_rows(self.rows), *self.notes]
        if any(self.floats):
            self.rows = resolve_split_rows(self.rows, self.floats, len(self.spec.columns), self.rules)
        two_sided = self.spec.layout == "two_sided"
        form = self.spec.layout in _FORM_LAYOUTS
        out: list[str] = []
        if form:
            out += ["\t".join(r) for r in ([[h, ""] for h in self.header] + self.rows)]
            return out + self.notes
        if two_sided:
            out += self._two_sided_header()
            out += ["\t".join(r) for r in self.rows]
            return out + self.notes
        width = max((len(r[0]) for r in self.rows), default=0)  # code cells
        labels = 0 if self.spec.labels == "none" else width + 1
        out.append("\t".join([self._header_text(), *[""] * max(labels, 1)]))
        anchor = self._anchor()
        out.append("\t".join([*[""] * labels, anchor, *self._after_anchor(anchor), ""]))
        for codes, name, numbers in self.rows:
            label_cells = [*codes, *[""] * (width - len(codes)), name] if labels else []
            out.append("\t".join([*label_cells, *numbers]) if len(label_cells) + len(numbers) > 1
                       else "\t".join([*label_cells, *numbers, ""]))
        return out + self.notes

    def _header_text(self) -> str:
        """The header lines, and each short line joined to the words of the next two lines: a column
        word printed over two lines (事业单位 / 经营收入) is found whole."""
        joined = [" ".join(self.header)]
        for k, line in enumerate(self.header):
            for first in line.split() if len(line.split()) <= 3 else line.split()[-1:]:
                joined += [first + word for nxt in self.header[k + 1:k + 3] for word in nxt.split()]
        return " ".join(joined)

    def _anchor(self) -> str:
        anchors = [compact(a) for a in self.spec.anchor]
        for line in self.header:
            for token in line.split():
                if compact(token) in anchors:
                    return token
            if compact(line) in anchors:
                return line
        return self.spec.anchor[0] if self.spec.anchor else "合计"

    def _after_anchor(self, anchor: str) -> list[str]:
        words = " ".join(self.header).split()
        return words[words.index(anchor) + 1:] if anchor in words else []

    def _two_sided_header(self) -> list[str]:
        """The header as one text row, then ``项目 预算数 项目 <right columns>`` for the parser's anchor."""
        anchor = self._anchor()
        words = " ".join(self.header).split()
        right: list[str] = []
        if words.count("项目") >= 2:
            second = [i for i, w in enumerate(words) if w == "项目"][1]
            right = [w for w in words[second + 1:] if w != "项目"]
        return ["\t".join([self._header_text(), "", "", ""]), "\t".join(["项目", anchor, "项目", *right])]


def _coded_row(tokens: list[str]) -> list:
    """``[类 [款 [项]]] 名称 amount… [next name]`` → [codes, name, numbers, the next row's name or '']."""
    codes: list[str] = []
    k = 0
    while k < len(tokens) and (_CODE_RE.match(tokens[k]) if not codes else _SECTION_CODE_RE.match(tokens[k])):
        if codes and len(codes[0]) > 3:
            break
        codes.append(tokens[k])
        k += 1
    if not codes:  # '7 11 02 事业单位医疗': a 类 printed damaged, repaired (and reported) by the parser
        while k < len(tokens) and _SECTION_CODE_RE.match(tokens[k]) and k < 3:
            k += 1
        if k >= 2 and k < len(tokens) and not _is_number(tokens[k]):
            codes = tokens[:k]
        else:
            k = 0
    end, tail = len(tokens), ""
    if end - k >= 2 and not _is_number(tokens[-1]) and _is_number(tokens[-2]):
        tail, end = tokens[-1], end - 1  # '210 11 60.99 60.99 行政单位医疗': the next row's name glued after
    stop = end
    while stop > k and _is_number(tokens[stop - 1]):
        stop -= 1
    return [codes, "".join(tokens[k:stop]), tokens[stop:end], tail]


def _undecide_open(row: list[str]) -> bool:
    """Mark the empty side of a two-sided row (a label without an amount) undecided; whether it had one."""
    left = bool(row[0]) and not row[1]
    if left:
        row[1] = UNDECIDED
    if row[2] and len(row) == 3:
        row.append(UNDECIDED)
        return True
    return left


_INCOME_LABEL_RE = re.compile("|".join(f"(?:{pattern})" for pattern, _ in SUMMARY_INCOME_ROWS))


def _is_income_label(label: str) -> bool:
    text = compact(ORDINAL_RE.sub("", label))
    return bool(_INCOME_LABEL_RE.search(text)) and not text.endswith("支出")  # 国有资本经营预算支出: spending


def _two_sided_row(tokens: list[str]) -> list[str]:
    """``label numbers label numbers`` → [left label, left amount, right label, right amounts…]."""
    groups: list[list] = []  # [label, numbers]
    for token in tokens:
        if _is_number(token):
            if not groups:
                groups.append(["", []])
            groups[-1][1].append(token)
        elif groups and not groups[-1][1] and not _ROW_START_RE.match(token) \
                and not compact(token).endswith(TOTAL_LABELS):
            groups[-1][0] += token  # a label printed with a space inside
        else:
            groups.append([token, []])
    if len(groups) == 1:
        label, numbers = groups[0]
        if _is_income_label(label):
            return [label, *(numbers[:1] or [""]), "", *numbers[1:]]
        return ["", "", label, *numbers]
    (left, left_numbers), (right, right_numbers) = groups[0], groups[1]
    for extra_label, extra_numbers in groups[2:]:  # a third group: a label wrapped on the right
        right += extra_label
        right_numbers += extra_numbers
    return [left, *(left_numbers[:1] or [""]), right, *left_numbers[1:], *right_numbers]


def _is_data(tokens: list[str], spec: TableSpec) -> bool:
    if any(_is_number(t) for t in tokens):
        return True
    if spec.layout != "two_sided" and tokens and _CODE_RE.match(tokens[0]):
        return True
    joined = compact("".join(tokens))
    return joined.endswith(TOTAL_LABELS) or (spec.layout in _LABELLED_ROWS and bool(_ROW_START_RE.match(joined)))


class _Reader:
    def __init__(self, template: Template) -> None:
        self.template = template
        self.out: list[str] = []
        self.table: _Table | None = None
        self.para: list[str] = []
        self.para_raw: str | None = None
        self.said: set[str] = set()  # paragraphs written
        self.width = 0  # display width of a full narrative line

    def flush_para(self) -> None:
        text = "".join(self.para)
        # a paragraph printed twice whole: PDF generators leave stale copies of pages outside the page box,
        # which the PDF reader drops and text extractors keep
        if text and (len(text) < 20 or text not in self.said):
            self.out += [text, ""]
            self.said.add(text)
        self.para, self.para_raw = [], None

    def close_table(self) -> None:
        if self.table is not None:
            self.out += [*self.table.write(), ""]
        self.table = None

    def title(self, text: str, spec: TableSpec) -> None:
        self.flush_para()
        if self.table is not None and self.table.spec is spec and self.table.lists is not None and spec.continues:
            return  # a list printed again with its title on the next page: one table
        if self.table is not None and self.table.spec is spec and "续" in text:
            self.table.skipping_repeat = True
            return
        self.close_table()
        self.out += [f"## {text}", ""]
        self.table = _Table(spec, self.template)

    def meta(self, text: str) -> None:
        unit = UNIT_LABEL_RE.search(text)
        if unit and unit.start() > 0:
            self.out += [text[: unit.start()].strip(), text[unit.start():].replace(" ", "")]
        else:
            self.out.append(text.replace(" ", "") if unit else text)

    def table_line(self, text: str) -> bool:
        """Add a line to the open table; False when the line is not table material (narrative again)."""
        table = self.table
        assert table is not None
        tokens = _tokens(text)
        if table.spec.layout in _FORM_LAYOUTS:
            table.rows.append(tokens + [""] * (len(tokens) < 2))
            return True
        if table.notes or _NOTE_RE.match(text):
            if _heading_like(text):
                return False
            table.notes.append(text)
            return True
        if table.lists is not None:
            return table.lists.add(text, tokens)
        if set(text.split()) <= _CODE_HEADER_WORDS:
            return True  # '类 款 项' under the codes' header, printed among the first rows
        if table.spec.layout == "summary_groups" and table.seen_data and not self._narrative_like(text):
            table.rows.append(tokens)  # labels, pieces of labels cut by a cell or a page, amounts: the grammar's
            return True
        if table.skipping_repeat and not _is_data(tokens, table.spec):
            words = set(" ".join(table.header).split())
            if set(text.split()) <= words:
                return True  # a repeated header line
            name_above = table.spec.labels in _CLASSIFIED and len(text) <= 16 and " " not in text
            if (table.spec.layout != "two_sided" and not name_above) or self._narrative_like(text):
                return False  # the end of the table
            # labels of both sides without amounts, or a row's name printed above its codes, on a new page
            table.skipping_repeat = False
        if _is_data(tokens, table.spec):
            table.seen_data = True
            table.skipping_repeat = False
            if table.spec.layout == "two_sided":
                table.add_two_sided(tokens)
            elif table.spec.layout in ("halves", "summary_groups"):
                table.rows.append(tokens)
            else:
                while len(tokens) > 1 and tokens[0] in _CODE_HEADER_WORDS:
                    tokens = tokens[1:]  # '类 款 项 合计 2,946.25 …': the codes' header on the 合计 row's line
                table.add_coded(_coded_row(tokens))
            return True
        if self._narrative_like(text) and table.seen_data:
            return False
        if not table.seen_data:
            table.header.append(text)
        elif table.spec.layout == "halves":
            table.halves_clean = False  # a fragment the grammar cannot give to one half
        elif table.spec.layout == "two_sided" and len(tokens) == 2 and all(len(t) >= 4 for t in tokens):
            table.rows.append([tokens[0], "", tokens[1]])  # a label on each side, their amounts on the next line
        else:
            table.add_fragment(compact(text))  # part of a name wrapped over several lines
        return True

    @staticmethod
    def _narrative_like(text: str) -> bool:
        return len(text) > 30 or any(p in text for p in ("。", "，", "；")) or bool(_heading_like(text))

    def narrative(self, raw: str) -> None:
        text = raw.strip()
        if self.para and _fill_gaps(self.para, text):
            return
        indented = self.para_raw is not None and len(raw) - len(raw.lstrip()) > len(self.para_raw) - len(
            self.para_raw.lstrip()) + 1
        starts_block = indented or _ROW_START_RE.match(text) or _heading_like(text) or META_START_RE.match(text)
        if self.para and not starts_block and self._full(self.para_raw):
            self.para.append(text)
            self.para_raw = raw
            return
        self.flush_para()
        self.para, self.para_raw = [text], raw

    def _full(self, raw: str | None) -> bool:
        """A line that reaches the right margin goes on in the next line."""
        # digits and Latin letters are narrower than CJK: a full line measures 85–100 % of the widest
        return raw is not None and _width(raw.rstrip()) >= 0.85 * self.width and not raw.rstrip().endswith("。")


_GAP_RE = re.compile(r"(?<=[^\s\d]) (?=[^\s\d])")
_STATED_RE = re.compile(r"^(?:[-+]?[\d,]*\d(?:\.\d+)?%?|[“”])$")
_NO_LINE_START = "，,。；;、：:）)”%"


def _fill_gaps(para: list[str], text: str) -> bool:
    """Put the numbers of a line of numbers back into the gaps of the line above, in order.

    pdfplumber cuts lines by height, and digits printed in a Latin font sit a little lower than
    the Chinese around them: '本年收入合计 万元，其中：财政拨款收入 万元' comes out with its numbers
    on the next line ('1234.56 1200.00'); so do the quote marks “ ” of such a font. Only when the
    line of numbers holds exactly as many as the line above has gaps (a space between two
    characters that are not digits) — or one more, when the line above starts with a mark no line
    starts with ('，其中：' : the first number ended the line before it) or the first is an opening “
    (the line starts with the quoted word)."""
    numbers = text.split()
    if not numbers or not all(_STATED_RE.match(n) for n in numbers):
        return False
    line = para[-1]
    gaps = list(_GAP_RE.finditer(line))
    lead = ""
    if len(numbers) == len(gaps) + 1 and (line[:1] in _NO_LINE_START or numbers[0] == "“"):
        lead, numbers = numbers[0], numbers[1:]
    if len(gaps) != len(numbers):
        return False
    for gap, number in zip(reversed(gaps), reversed(numbers), strict=True):
        line = line[:gap.start()] + number + line[gap.end():]
    para[-1] = lead + line
    return True


def _heading_like(text: str) -> bool:
    return len(text) <= 40 and compact(text).endswith(HEADING_ENDINGS)


def unaligned_text_to_text(text: str, template: Template | None = None) -> str:
    """Write text without layout (or with a layout not to be trusted) in the package's text format.

    ``template`` defaults to the one the text's titles point to. Table rows come out as
    TAB cells holding codes, name and the printed numbers in reading order: the parser
    must read them as ``loose`` (see the module doc).
    """
    from ..templates.registry import detect_template

    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    template = template or detect_template(text)
    pages = page_lines(text, template)
    # the width of a full line of prose (table rows, wider in layout text, do not count)
    widths = sorted(_width(line) for page in pages for line in page
                    if len(line.strip()) > 20 and _PROSE_RE.search(line) and "   " not in line.strip())
    reader = _Reader(template)
    reader.width = widths[int(0.9 * (len(widths) - 1))] if widths else 0
    for lines in pages:
        if lines and compact(lines[0]) == "目录":
            reader.flush_para()
            reader.close_table()
            reader.out += ["# 目录", ""] + [f"- {_LEADER_RE.sub('', line).strip()}" for line in lines[1:]] + [""]
            continue
        if reader.table is not None:
            reader.table.skipping_repeat = reader.table.seen_data
        for k, raw in enumerate(lines):
            line = raw.strip()
            spec = template.match_title(line) if len(line) <= 60 else None
            if spec is not None and confirmed(lines, k):
                reader.title(line, spec)
                continue
            if TABLE_LABEL_RE.match(compact(line)) and labels_a_title(lines, k, template):
                reader.flush_para()  # '表二' above the title: not the end of the last row's name
                reader.close_table()
                reader.out += [line, ""]
                continue
            if META_START_RE.match(line) or UNIT_LABEL_RE.match(line):
                if reader.table is not None and not reader.table.seen_data:
                    reader.meta(line)
                    continue
            if reader.table is not None and reader.table_line(_SPACES_RE.sub(" ", line)):
                continue
            if reader.table is not None:
                reader.close_table()
            reader.narrative(raw)
    reader.flush_para()
    reader.close_table()
    out = "\n".join(reader.out)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n") + "\n"
