"""Stage 3d: every figure the narrative states, with its sentence and line.

The narrative is where a department says what its tables mean (基本支出 占
X%, 比上年减少 Y 万元). Each number becomes one statement: what
it is about (a key from the vocabulary), its kind (amount, percent, share,
count, change), its direction word and the year it is compared with, so the
audit can set it against the tables.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import pandas as pd

from ..templates.spec import compact
from ..templates.vocabulary import (
    ACTUAL_CLAUSE_RE,
    BOILERPLATE_CHANGE_RE,
    BUDGET_COMPARISON_RE,
    COMPARISON_WORDS,
    DIRECTION_WORDS,
    EXECUTION_RATE_CLAUSE_RE,
    NARRATIVE_SUBJECTS,
    NARRATIVE_UNITS,
    PART_TOTAL_RE,
    PLANNED_CLAUSE_RE,
    TOTAL_SUBJECT_RE,
)
from .segment import Section
from .units import to_wan

__all__ = ["EXECUTION_COLUMNS", "STATEMENT_COLUMNS", "Statement", "sections_to_statements",
           "statements_to_executions", "statements_to_frame"]

_NUMBER_RE = re.compile(r"(?<![\d.])([+-]?\d[\d,]*(?:\.\d+)?)\s*(" + "|".join(
    sorted((re.escape(u) for u in NARRATIVE_UNITS), key=len, reverse=True)) + ")")
_SENTENCE_RE = re.compile(r"[^。；;!?！？]+[。；;!?！？]?")
_CLAUSE_BREAK_RE = re.compile(r"[，,、:：]")
_COMPARED_RE = re.compile(r"(?:与|比|较|同比)\s*((?:19|20)\d{2})\s*年")
_FLAT_RE = re.compile(r"持平|保持一致|无变化")
#: '“社会保障和就业支出(类)行政事业单位养老支出(款)事业单位离退休(项)”53.84万元': one 功能分类 item.
_FUNCTION_ITEM_RE = re.compile(r"([^“”\"]+?)\(类\)(.+?)\(款\)(.+?)\(项\)")
#: '一般公共服务支出(类)2106.66万元，占71.73%': a 功能分类 类 with its amount (决算 结构情况).
_FUNCTION_CLASS_RE = re.compile(r"([^“”\"，,、:：;；。]+?)\(类\)$")
STATEMENT_COLUMNS = ("line", "section", "key", "kind", "value", "unit", "printed", "direction",
                     "compared_year", "subject", "sentence")


@dataclass(frozen=True)
class Statement:
    """One figure stated in the narrative. Amounts are in 万元 whatever the printed unit."""

    line: int
    section: str
    key: str | None
    kind: str  # amount, percent, share, count, change_amount, change_percent, change_count, threshold, boilerplate,
    #            决算 only: planned (年初预算), execution_rate (完成预算的 %), comparison (决算数大于/小于/等于预算数)
    value: float
    unit: str
    printed: str
    direction: str | None
    compared_year: int | None
    subject: str
    sentence: str


_ASIDE_RE = re.compile(r"\([^()]{8,}\)")  # '(按“部门预算公开06表…”中…填写)': an aside, not the subject


_SUBJECTS = tuple((re.compile(pattern), name) for pattern, name in NARRATIVE_SUBJECTS)  # compiled once
_DIRECTIONS = tuple((re.compile(pattern), name) for pattern, name in DIRECTION_WORDS)


def _subject_key(text: str) -> str | None:
    key = _ASIDE_RE.sub("", compact(text))
    for pattern, name in _SUBJECTS:
        if pattern.search(key):
            return name
    return None


def _strip_numbering(text: str) -> str:
    return re.sub(r"^[\s\d.、“”\"]+", "", text).strip("“”\" ")


def _direction(text: str) -> str | None:
    for pattern, name in _DIRECTIONS:
        if pattern.search(text):
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




def _final_accounts_kind(kind: str, clause: str) -> str:
    """决算 wording: 年初预算为 X (planned), 支出决算为 Y (the actual amount), 完成年初预算的 Z% (execution rate)."""
    key = compact(clause)
    if kind == "amount" and PLANNED_CLAUSE_RE.search(key) and not ACTUAL_CLAUSE_RE.search(key):
        return "planned"
    if kind == "percent" and EXECUTION_RATE_CLAUSE_RE.search(key):
        return "execution_rate"
    return kind


def _comparison(sentence: str, line: int, section: str, found: list[Statement]) -> Statement | None:
    """'决算数小于预算数的主要原因：…' as a statement without a number (value NaN): its direction word
    (greater / less / equal) and, in ``subject``, what it is about when the sentence names it."""
    match = BUDGET_COMPARISON_RE.search(compact(sentence))
    if match is None:
        return None
    direction = COMPARISON_WORDS.get(match.group("word") or "", "equal")
    before = compact(sentence)[:match.start()]
    key = _subject_key(re.sub(r"^.*?(?:19|20)\d{2}年度?", "", before)) if before else None
    key = key or next((s.key for s in reversed(found) if s.key), None)
    return Statement(line, section, key, "comparison", math.nan, "", match.group(0), direction, None, before,
                     sentence.strip())


def _sentence_statements(sentence: str, line: int, section: str, kind_of_document: str = "budget",
                         context: str = "") -> list[Statement]:
    """The statements of one sentence; ``context`` is the sentence before it and the section heading."""
    final = kind_of_document == "final_accounts"
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
        if total and (key is None or key.startswith("total")):  # never over a subject named more precisely
            key = total
        if kind == "count":
            key = _subject_key(clause + after) or key
        if final:
            kind = _final_accounts_kind(kind, clause)
            if kind in ("planned", "execution_rate") or (kind == "amount" and ACTUAL_CLAUSE_RE.search(compact(clause))):
                direction = None  # '完成预算的 98.20%' is no change on last year
                key = key or last_key
            item_class = _FUNCTION_CLASS_RE.search(compact(clause)) if kind == "amount" else None
            if item_class and not direction:
                key, clause = "function_class", _strip_numbering(item_class.group(1))
        item = _FUNCTION_ITEM_RE.search(before)
        if item and kind in ("amount", "planned") and not direction:
            key, clause = "function_item", "|".join(_strip_numbering(part) for part in item.groups())
        if kind == "amount" and re.match(r"\s*(?:\(含\))?(?:以上|以下)", after):
            kind = "threshold"
        elif direction and BOILERPLATE_CHANGE_RE.search(clause):  # '增加（减少）0万元': a placeholder, no value
            kind, direction = "boilerplate", None
        elif direction:  # a change in a count (减少 2 个) is no amount: never convert it to 万元
            kind = {"percent": "change_percent", "count": "change_count"}.get(kind, "change_amount")
            key = key or last_change_key or last_key
            last_change_key = key
        elif kind == "percent":
            # 决算: '…2940.05万元，占本年支出合计的100.00%' is the share of the figure before, of the base it names
            kind, key = "share", (last_key or key) if final and compact(clause).startswith("占") else (key or last_key)
            if key in ("function_class", "function_item") and found:
                clause = found[-1].subject  # 占 X% of the class just named
        value = float(number.replace(",", ""))
        if kind in ("amount", "change_amount", "threshold", "planned"):
            value = to_wan(value, unit)
        if direction == "decrease":
            value = -abs(value)
        if kind not in ("share", "change_percent", "threshold", "execution_rate"):
            last_key = key  # an unnamed figure ends the subject: what follows is not the older one
        found.append(Statement(line, section, key, kind, value, unit, match.group(0), direction, year,
                               clause.strip(), sentence.strip()))
    if final:
        comparison = _comparison(sentence, line, section, found)
        if comparison is not None:
            found.append(comparison)
    flat = _FLAT_RE.search(sentence)
    if flat and year and not any(s.direction for s in found):  # '与 2024 年预算保持一致': a change of 0
        key = next((s.key for s in found if s.key), None) or (_subject_key(sentence[:flat.start()]) if final else None)
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


#: A paragraph that starts with a 功能分类 item: '1、一般公共服务支出(类)财政事务(款)行政运行(项)。…'.
_ITEM_HEADING_RE = re.compile(r"^(?:\d+[、.．]|[(（]\d+[)）])?([^，,。；;：:“”\"\d]+?)\(类\)([^，,。；;：:]+?)\(款\)"
                              r"([^，,。；;：:]+?)\(项\)")
#: Kinds of the 决算 figures that belong to the item a paragraph starts with ('1、…(类)…(款)…(项)。').
_ITEM_KINDS = ("planned", "amount", "execution_rate", "comparison")


def sections_to_statements(sections: list[Section], kind: str = "budget") -> list[Statement]:
    """All statements of all narrative sections, in document order.

    ``kind`` is the document's kind: in a 决算 (``"final_accounts"``) the figures of
    budget execution get their own kinds (planned, execution_rate, comparison), and an
    unnamed figure of a paragraph that starts with a 功能分类 item ('1、…(类)…(款)…(项)。
    …年初预算为 X 万元，支出决算为 Y 万元。') belongs to that item.
    """
    statements: list[Statement] = []
    for section in sections:
        for text, marks in _paragraphs(section):
            start = len(statements)
            offset = 0
            heading = _ITEM_HEADING_RE.match(compact(text)) if kind == "final_accounts" else None
            item = "|".join(_strip_numbering(part) for part in heading.groups()) if heading else None
            previous = ""
            for sentence in _SENTENCE_RE.findall(text):
                line = _line_at(marks, offset + len(sentence) - len(sentence.lstrip()))
                offset += len(sentence)
                context = compact(section.title + previous)
                previous = sentence
                for statement in _sentence_statements(sentence, line, section.title, kind, context):
                    if statement.key is None and statement.direction == "flat" and len(statements) > start:
                        statement = replace(statement, key=statements[-1].key)  # "…为 0.00 万元。与上年保持一致"
                    if item and statement.kind in _ITEM_KINDS and statement.key in (None, "function_item"):
                        statement = replace(statement, key="function_item", subject=item)
                    elif statement.kind == "comparison" and statement.key is None and len(statements) > start:
                        statement = replace(statement, key=statements[-1].key, subject=statements[-1].subject)
                    statements.append(statement)
    return statements


def statements_to_frame(statements: list[Statement]) -> pd.DataFrame:
    """The statements as a DataFrame with :data:`STATEMENT_COLUMNS` (values in 万元 / %)."""
    rows = [tuple(getattr(s, name) for name in STATEMENT_COLUMNS) for s in statements]
    return pd.DataFrame.from_records(rows, columns=list(STATEMENT_COLUMNS))


EXECUTION_COLUMNS = ("key", "subject", "planned", "actual", "rate_pct", "direction", "comparison", "reason",
                     "line", "section", "sentence")
_REASON_RE = re.compile(r"(?:主要)?原因(?:是|为|主要是)?[:：]?(.+?)[。]?$")


def _reason(sentence: str) -> str | None:
    match = _REASON_RE.search(sentence.strip())
    reason = match.group(1).strip(" ：:。") if match else ""
    return reason or None


def statements_to_executions(frame: pd.DataFrame) -> pd.DataFrame:
    """Budget execution as a 决算's narrative states it: one row per item with a planned figure
    (年初预算), an actual one (决算) or an execution rate (完成预算的 %).

    Columns (:data:`EXECUTION_COLUMNS`): ``key`` (vocabulary key, ``function_item`` /
    ``function_class`` for a 功能分类 item), ``subject`` (the item's names ``类|款|项``, else the key),
    ``planned`` and ``actual`` (万元, NaN when the text does not state them), ``rate_pct`` (the
    stated 完成预算的 %, NaN when not stated), ``direction`` (greater / less / equal as the text's
    决算数大于/小于/等于预算数 says, None when it says nothing), ``comparison`` (those words as printed),
    ``reason`` (the 主要原因 given), ``line`` and ``section`` of the first statement, ``sentence``.
    Nothing is computed here: the audit and :func:`chanhe_budget.analysis.execution` compare.
    """
    groups: list[dict] = []
    open_groups: dict[tuple, int] = {}
    pending: dict[tuple, dict] = {}
    wanted = frame[frame["kind"].isin(("planned", "amount", "execution_rate", "comparison"))] if not frame.empty \
        else frame
    for s in wanted.to_dict("records"):
        if s["key"] is None or (isinstance(s["key"], float) and math.isnan(s["key"])):
            continue
        item = s["subject"] if s["key"] in ("function_item", "function_class") else ""
        at = (s["key"], item)
        if s["kind"] == "planned":
            groups.append({"key": s["key"], "subject": item or s["key"], "planned": s["value"], "first": s})
            open_groups[at] = len(groups) - 1
            pending.pop(at, None)
            continue
        index = open_groups.get(at)
        group = groups[index] if index is not None else None
        if s["kind"] == "amount":
            if group is not None and "actual" not in group and "rate" not in group and "comparison" not in group:
                group["actual"] = s["value"]
            else:
                pending[at] = s
        elif s["kind"] == "execution_rate":
            if group is not None and "rate" not in group:
                group["rate"] = s["value"]
            elif at in pending:
                first = pending.pop(at)
                groups.append({"key": s["key"], "subject": item or s["key"], "actual": first["value"],
                               "rate": s["value"], "first": first})
                open_groups[at] = len(groups) - 1
        elif s["kind"] == "comparison" and group is not None and "comparison" not in group:
            group.update(comparison=s["printed"], direction=s["direction"], reason=_reason(s["sentence"]))
    rows = [{"key": g["key"], "subject": g["subject"], "planned": g.get("planned", math.nan),
             "actual": g.get("actual", math.nan), "rate_pct": g.get("rate", math.nan), "direction": g.get("direction"),
             "comparison": g.get("comparison"), "reason": g.get("reason"), "line": g["first"]["line"],
             "section": g["first"]["section"], "sentence": g["first"]["sentence"]} for g in groups]
    return pd.DataFrame(rows, columns=list(EXECUTION_COLUMNS))
