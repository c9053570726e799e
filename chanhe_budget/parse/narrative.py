"""Stage 3d: every figure the narrative states, with its sentence and line.

The narrative is where a department says what its tables mean (基本支出 占
X%, 比上年减少 Y 万元). Each number becomes one statement: what
it is about (a key from the vocabulary), its kind (amount, percent, share,
count, change), its direction word and the year it is compared with, so the
audit can set it against the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from ..templates.spec import compact
from ..templates.vocabulary import (
    BOILERPLATE_CHANGE_RE,
    DIRECTION_WORDS,
    NARRATIVE_SUBJECTS,
    NARRATIVE_UNITS,
    PART_TOTAL_RE,
    TOTAL_SUBJECT_RE,
)
from .segment import Section
from .units import to_wan

__all__ = ["STATEMENT_COLUMNS", "Statement", "sections_to_statements"]

_NUMBER_RE = re.compile(r"(?<![\d.])([+-]?\d[\d,]*(?:\.\d+)?)\s*(" + "|".join(
    sorted((re.escape(u) for u in NARRATIVE_UNITS), key=len, reverse=True)) + ")")
_SENTENCE_RE = re.compile(r"[^。；;!?！？]+[。；;!?！？]?")
_CLAUSE_BREAK_RE = re.compile(r"[，,、:：]")
_COMPARED_RE = re.compile(r"(?:与|比|较|同比)\s*((?:19|20)\d{2})\s*年")
_FLAT_RE = re.compile(r"持平|保持一致|无变化")
#: '“社会保障和就业支出(类)行政事业单位养老支出(款)事业单位离退休(项)”53.84万元': one 功能分类 item.
_FUNCTION_ITEM_RE = re.compile(r"([^“”\"]+?)\(类\)(.+?)\(款\)(.+?)\(项\)")
STATEMENT_COLUMNS = ("line", "section", "key", "kind", "value", "unit", "printed", "direction",
                     "compared_year", "subject", "sentence")


@dataclass(frozen=True)
class Statement:
    """One figure stated in the narrative. Amounts are in 万元 whatever the printed unit."""

    line: int
    section: str
    key: str | None
    kind: str  # amount, percent, share, count, change_amount, change_percent, change_count, threshold, boilerplate
    value: float
    unit: str
    printed: str
    direction: str | None
    compared_year: int | None
    subject: str
    sentence: str


_ASIDE_RE = re.compile(r"\([^()]{8,}\)")  # '(按“部门预算公开06表…”中…填写)': an aside, not the subject


def _subject_key(text: str) -> str | None:
    key = _ASIDE_RE.sub("", compact(text))
    for pattern, name in NARRATIVE_SUBJECTS:
        if re.search(pattern, key):
            return name
    return None


def _strip_numbering(text: str) -> str:
    return re.sub(r"^[\s\d.、“”\"]+", "", text).strip("“”\" ")


def _direction(text: str) -> str | None:
    for pattern, name in DIRECTION_WORDS:
        if re.search(pattern, text):
            return name
    return None


def _total_key(prefix: str, context: str) -> str | None:
    """``total`` when the words before a number name the budget's total (收入、支出预算总计 …),
    ``general_budget_total`` when they name the total of a part (财政拨款收、支总计 — in the
    sentence, the sentence before it or the section heading), else None."""
    words = compact(prefix)
    matches = list(TOTAL_SUBJECT_RE.finditer(words))
    if not matches:
        return None
    if PART_TOTAL_RE.search(words[: matches[-1].start()][-12:]) or PART_TOTAL_RE.search(context):
        return "general_budget_total"
    return "total"


def _sentence_statements(sentence: str, line: int, section: str, context: str = "") -> list[Statement]:
    """The statements of one sentence; ``context`` is the sentence before it and the section heading."""
    found: list[Statement] = []
    compared = _COMPARED_RE.search(sentence)
    year = int(compared.group(1)) if compared else None
    last_key: str | None = None
    last_change_key: str | None = None
    position = 0
    for match in _NUMBER_RE.finditer(sentence):
        number, unit = match.groups()
        if unit in ("个", "项") and re.match(r"\s*(?:月|年)", sentence[match.end():]):
            continue
        before = sentence[position:match.start()]
        position = match.end()
        clause = _CLAUSE_BREAK_RE.split(before)[-1] if before else ""
        after = sentence[match.end():match.end() + 6]
        kind = NARRATIVE_UNITS[unit]
        direction = _direction(clause)
        key = _subject_key(clause)
        total = _total_key(sentence[:match.start()], context) if kind == "amount" else None
        if total and (direction or key is None or key.startswith("total")):
            key = total
        if kind == "count":
            key = _subject_key(clause + after) or key
        item = _FUNCTION_ITEM_RE.search(before)
        if item and kind == "amount" and not direction:
            key, clause = "function_item", "|".join(_strip_numbering(part) for part in item.groups())
        if kind == "amount" and re.match(r"\s*(?:以上|以下)", after):
            kind = "threshold"
        elif direction and BOILERPLATE_CHANGE_RE.search(clause):  # '增加（减少）0万元': a placeholder, no value
            kind, direction = "boilerplate", None
        elif direction:  # a change in a count (减少 2 个) is no amount: never convert it to 万元
            kind = {"percent": "change_percent", "count": "change_count"}.get(kind, "change_amount")
            key = key or last_change_key or last_key
            last_change_key = key
        elif kind == "percent":
            kind, key = "share", key or last_key
        value = float(number.replace(",", ""))
        if kind in ("amount", "change_amount", "threshold"):
            value = to_wan(value, unit)
        if direction == "decrease":
            value = -abs(value)
        if kind not in ("share", "change_percent", "threshold"):
            last_key = key  # an unnamed figure ends the subject: what follows is not the older one
        found.append(Statement(line, section, key, kind, value, unit, match.group(0), direction, year,
                               clause.strip(), sentence.strip()))
    flat = _FLAT_RE.search(sentence)
    if flat and year and not any(s.direction for s in found):  # '与 2024 年预算保持一致': a change of 0
        key = next((s.key for s in found if s.key), None)
        found.append(Statement(line, section, key, "change_amount", 0.0, "万元", flat.group(0), "flat", year, "",
                               sentence.strip()))
    return found


_SENTENCE_END = tuple("。；;!?！？:：")


def _paragraphs(section: Section) -> list[tuple[str, list[tuple[int, int]]]]:
    """Join lines the converter broke mid-sentence; keep (offset, line) marks for provenance."""
    paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
    text, marks = "", []
    for line in section.lines:
        if line.is_row or not line.text:
            continue
        if text and text.endswith(_SENTENCE_END):
            paragraphs.append((text, marks))
            text, marks = "", []
        marks.append((len(text), line.no))
        text += line.text
    if text:
        paragraphs.append((text, marks))
    return paragraphs


def _line_at(marks: list[tuple[int, int]], offset: int) -> int:
    line = marks[0][1]
    for start, no in marks:
        if start > offset:
            break
        line = no
    return line


def sections_to_statements(sections: list[Section]) -> list[Statement]:
    """All statements of all narrative sections, in document order."""
    statements: list[Statement] = []
    for section in sections:
        for text, marks in _paragraphs(section):
            start = len(statements)
            offset = 0
            previous = ""
            for sentence in _SENTENCE_RE.findall(text):
                line = _line_at(marks, offset + len(sentence) - len(sentence.lstrip()))
                offset += len(sentence)
                context = compact(section.title + previous)
                previous = sentence
                for statement in _sentence_statements(sentence, line, section.title, context):
                    if statement.key is None and statement.direction == "flat" and len(statements) > start:
                        statement = replace(statement, key=statements[-1].key)  # "…为 0.00 万元。与上年保持一致"
                    statements.append(statement)
    return statements


def statements_to_frame(statements: list[Statement]) -> pd.DataFrame:
    """The statements as a DataFrame with :data:`STATEMENT_COLUMNS` (values in 万元 / %)."""
    rows = [tuple(getattr(s, name) for name in STATEMENT_COLUMNS) for s in statements]
    return pd.DataFrame.from_records(rows, columns=list(STATEMENT_COLUMNS))
