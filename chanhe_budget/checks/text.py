"""Text quality: slips a reader of the document would notice, each with its line.

- T01 near-miss names: a name printed with one character changed (a place name misread).
  Project names come from the reader's ``name_variant`` warnings; the
  department's own name is searched in the text with the same one-character
  rule (:func:`chanhe_budget.variants.one_char_apart`). A ``warn``: it may be
  a slip of the PDF conversion rather than of the department.
- T02 an explanation copied from a sibling item (the seed's 因公出国（境）费 is
  explained as 公务接待). A ``fail``: the text describes the wrong spending.
- C30 template placeholders left unfilled (XX, ××, 待填). A ``fail`` (binding rule).
- T04 a table title with another year than the document (template carry-over). A ``fail``.
- T05 doubled words (增加增加). A ``warn``: often a conversion artefact.
- T06 the text names another year than the document's where it names the document itself
  (第三部分 …2023年度部门决算情况说明 in a 2024 决算), or a 决算 reports its assets at the end of
  another year (截至2023年12月31日 in a 2024 决算). A ``fail``.
- T07 punctuation printed twice (。。, ；；). A ``fail``: a slip every reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ..parse.name_slips import one_char_apart
from ..templates.spec import compact
from .rows import described

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["PLACEHOLDER_RE", "check_text"]

PLACEHOLDER_RE = re.compile(r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|×{2,}|待填|请填写|待补充|_{3,}|＿{2,}|"
                            r"\{[^{}]{0,12}\}|某某|〇〇|○○")
_DOUBLED_RE = re.compile(r"([\u4e00-\u9fff]{2,6})\1")
_COMPARISON_RE = re.compile(r"(?:与|比|较|同比).{0,12}(?:(?:19|20)\d{2}年|上年)")
_ORDINAL_RE = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、]|[一二三四五六七八九十]是)")
_OWN_YEAR_RE = re.compile(r"((?:19|20)\d{2})年度?(?:部门|单位)(?:预算|决算)")
_AS_OF_RE = re.compile(r"截[至止]((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_DOUBLED_PUNCT_RE = re.compile(r"([。，；：！？、,;])\1+")
_PLACEHOLDER_RE = re.compile(r"^\s*[\d（(）)、.]*\s*[。.…]{2,}\s*$")


def _row(check_id: str, status: str, **fields) -> dict:
    return described(check_id, "text_quality", status, **fields)


# ------------------------------------------------------------------ T01


def _department_variants(d: Disclosure) -> Iterator[dict]:
    name = compact(d.department or "")
    if len(name) < 6:
        return
    half = len(name) // 2
    for line in d.lines:
        text = compact(line.text)
        if len(text) < len(name) or name in text:
            continue
        if name[:half] not in text and name[half:] not in text:
            continue  # one changed character leaves one half of the name intact: a cheap test first
        for start in range(len(text) - len(name) + 1):
            window = text[start:start + len(name)]
            at = one_char_apart(name, window)
            if at is not None:
                yield _row("T01", "warn", expected=name, found=window, line=line.no, row=window,
                           reason=f"the department's name printed with {window[at]} for {name[at]}",
                           evidence=line.text[:120])
                break


def _name_variants(d: Disclosure) -> Iterator[dict]:
    found = False
    for warning in d.warnings:
        if warning.code != "name_variant":
            continue
        found = True
        yield _row("T01", "warn", found=warning.text, table=warning.table, row=warning.text, line=warning.line,
                   reason=warning.message, evidence=warning.text)
    for row in _department_variants(d):
        found = True
        yield row
    if not found:
        yield _row("T01", "pass", reason="", evidence="project and department names are printed one way")


# ------------------------------------------------------------------ T02


def _explanation(sentence: str, printed: str) -> str:
    """What a sentence says after its amount, comparison clauses left out: the item's explanation."""
    _, _, after = sentence.partition(printed)
    clauses = [c for c in re.split(r"[,，。;；]", after) if c.strip() and not _COMPARISON_RE.search(compact(c))]
    return compact("".join(clauses))


def _keyword(subject: str) -> str:
    """The distinctive words of an item name: 因公出国（境）费 → 因公出国."""
    text = _ORDINAL_RE.sub("", compact(subject))
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"(?:经费|费用|费|支出)$", "", text)


def _copied_explanations(d: Disclosure) -> Iterator[dict]:
    frame = d.narrative
    items = []
    if not frame.empty:
        amounts = frame[(frame["kind"] == "amount") & frame["key"].notna()].drop_duplicates(["line", "key"])
        for r in amounts.itertuples():
            text = _explanation(r.sentence, r.printed)
            if len(text) >= 8:
                items.append((r.section, r.line, r.key, r.subject, text))
    flagged = False
    by_section: dict[object, list[tuple]] = {}
    for item in items:
        by_section.setdefault(item[0], []).append(item)
    ratios: dict[tuple[str, str], float] = {}
    for section, line, key, subject, text in items:
        for _, other_line, other_key, other_subject, other_text in by_section[section]:
            if other_key == key or other_line == line:
                continue
            shorter, longer = sorted((len(text), len(other_text)))
            if 2 * shorter < 0.9 * (shorter + longer):
                continue  # the lengths alone keep the ratio below 0.9
            pair = (text, other_text)
            if pair not in ratios:  # a repeated explanation is compared once
                ratios[pair] = SequenceMatcher(None, text, other_text).ratio()
            if ratios[pair] < 0.9:
                continue
            own, theirs = _keyword(subject), _keyword(other_subject)
            speaks_of_other = bool(theirs) and theirs in text and own not in text
            other_speaks_of_this = bool(own) and own in other_text and theirs not in other_text
            if not speaks_of_other and (other_speaks_of_this or line < other_line):
                continue  # the other item is the copy (or, when neither says, the later one)
            flagged = True
            yield _row("T02", "fail", expected=f"an explanation of {own or subject}", found=text, line=line,
                       row=subject,
                       reason=f"the explanation of {subject} (line {line}) repeats that of {other_subject} "
                              f"(line {other_line})" + (f": it describes {theirs}, not {own}" if speaks_of_other else ""),
                       evidence=f"line {line}: {text} | line {other_line}: {other_text}")
            break  # one finding per explanation: its copies elsewhere add nothing but rows
    if not flagged:
        yield _row("T02", "pass", evidence=f"{len(items)} item explanations compared")


# ------------------------------------------------------------------ C30, T04, T05


def _placeholders(d: Disclosure) -> Iterator[dict]:
    found = False
    for line in d.lines:
        for match in PLACEHOLDER_RE.finditer(line.text):
            found = True
            yield _row("C30", "fail", found=match.group(0), line=line.no, row=match.group(0),
                       reason=f"placeholder {match.group(0)!r} left in the text", evidence=line.text[:120])
    if not found:
        yield _row("C30", "pass", evidence="no XX, ××, 待填, {…} in the text")


def _title_years(d: Disclosure) -> Iterator[dict]:
    if d.year is None:
        yield _row("T04", "cannot_check", reason="the document's year is unknown")
        return
    wrong = [(name, raw) for name, raw in d.raw_tables.items() if raw.year is not None and raw.year != d.year]
    for name, raw in wrong:
        yield _row("T04", "fail", expected=d.year, found=raw.year, table=name, row=raw.title, line=raw.title_line,
                   reason=f"the title says {raw.year}, the document is for {d.year}", evidence=raw.title)
    if not wrong:
        dated = sum(1 for raw in d.raw_tables.values() if raw.year is not None)
        yield _row("T04", "pass", expected=d.year, evidence=f"{dated} table titles print {d.year}")


def _doubled_words(d: Disclosure) -> Iterator[dict]:
    found = False
    for line in d.lines:
        for text in line.cells if line.is_row else (line.text,):  # never across the cells of a table row
            for match in _DOUBLED_RE.finditer(compact(text)):
                found = True
                yield _row("T05", "warn", found=match.group(0), line=line.no, row=match.group(0),
                           reason=f"{match.group(1)} printed twice", evidence=text[:120])
    if not found:
        yield _row("T05", "pass", evidence="no doubled words")


def _narrative_lines(d: Disclosure):
    return [line for line in d.lines if line.text and not line.is_row and not line.text.startswith("-")]


def _document_years(d: Disclosure) -> Iterator[dict]:
    if d.year is None:
        yield _row("T06", "cannot_check", reason="the document's year is unknown")
        return
    found = checked = 0
    for line in _narrative_lines(d):
        text = compact(line.text)
        for match in _OWN_YEAR_RE.finditer(text):
            if len(text) > 80 or re.search(r"(?:与|比|较|同比)$", text[:match.start()]):
                continue  # a sentence comparing with another year's document, not the document's own name
            checked += 1
            if int(match.group(1)) != d.year:
                found += 1
                yield _row("T06", "fail", expected=d.year, found=int(match.group(1)), line=line.no, row=match.group(0),
                           reason=f"the text calls the document '{match.group(0)}'; it is the {d.year} document",
                           evidence=line.text[:120])
        if d.template.kind != "final_accounts":
            continue
        for match in _AS_OF_RE.finditer(text):
            checked += 1
            if int(match.group(1)) != d.year:
                found += 1
                yield _row("T06", "fail", expected=f"{d.year}年12月31日", found=match.group(0)[2:], line=line.no,
                           row=match.group(0),
                           reason=f"a {d.year} 决算 reports at the end of {d.year}; the text says {match.group(0)}",
                           evidence=line.text[:120])
    if not found:
        yield _row("T06", "pass", expected=d.year, evidence=f"{checked} mentions of the document's year agree")


def _doubled_punctuation(d: Disclosure) -> Iterator[dict]:
    found = False
    for line in _narrative_lines(d):
        if _PLACEHOLDER_RE.match(line.text):
            continue  # '4 。。。': a list item left open (a blank form), not a slip
        for match in _DOUBLED_PUNCT_RE.finditer(line.text):
            found = True
            yield _row("T07", "fail", found=match.group(0), line=line.no, row=match.group(0),
                       reason=f"'{match.group(1)}' printed {len(match.group(0))} times",
                       evidence=line.text[max(0, match.start() - 40):match.end() + 10])
    if not found:
        yield _row("T07", "pass", evidence="no punctuation printed twice")


def check_text(disclosure: Disclosure) -> list[dict]:
    """Text-quality rows: T01 names, T02 copied explanations, C30 placeholders, T04 title years, T05 doubled words,
    T06 the document's own year, T07 doubled punctuation."""
    rows: list[dict] = []
    for finder in (_name_variants, _copied_explanations, _placeholders, _title_years, _doubled_words,
                   _document_years, _doubled_punctuation):
        rows.extend(finder(disclosure))
    return rows
