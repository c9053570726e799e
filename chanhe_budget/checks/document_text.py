"""Where the audit looks in a document's text: the narrative's lines, its body after the contents, the text
under a heading, and the statements the narrative parser found for a key.

Why: the completeness checklist asks "does the text say X"; these helpers decide
which text counts, so every checklist item searches the same way.
"""

from __future__ import annotations

import bisect
import re
import weakref
from typing import TYPE_CHECKING

from ..templates.spec import compact

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["body_start", "change_statements", "find_line", "has_amount", "lines_from", "memo", "narrative_lines",
           "narrative_text", "reason_near", "statements_about", "text_after"]


_NARRATIVE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def narrative_lines(d: Disclosure):
    """The lines outside the table blocks: title, contents, the parts of the text (before or after the tables).

    Computed once per disclosure (every checklist item searches them) in one pass over the
    lines: rescanning every table span for every line made the audit quadratic.
    """
    cached = _NARRATIVE.get(d)
    if cached is None or cached[0] is not d.lines:
        inside: set[int] = set()
        for block in d.segments.blocks:
            inside.update(range(block.title_line, block.end_line + 1))
        lines = [line for line in d.lines if line.text and not line.is_row and line.no not in inside]
        cached = (d.lines, lines, compact("".join(line.text for line in lines)), {})
        _NARRATIVE[d] = cached
    return cached[1]


def narrative_text(d: Disclosure) -> str:
    """The narrative as one compact string (no spaces, () unified) for keyword searches."""
    narrative_lines(d)
    return _NARRATIVE[d][2]


def memo(d: Disclosure, key, compute):
    """A value derived from the narrative, computed once per disclosure (the end of the contents, line numbers)."""
    narrative_lines(d)
    store = _NARRATIVE[d][3]
    if key not in store:
        store[key] = compute()
    return store[key]


def lines_from(d: Disclosure, line_no: int) -> int:
    """The position in :func:`narrative_lines` of the first line numbered ``line_no`` or later (a bisection)."""
    numbers = memo(d, "numbers", lambda: [line.no for line in narrative_lines(d)])
    return bisect.bisect_left(numbers, line_no)


def find_line(d: Disclosure, pattern: str, after: int = 0):
    """The first narrative line (after the table of contents) matching a pattern."""
    start = body_start(d)
    for line in narrative_lines(d):
        if line.no > max(after, start) and re.search(pattern, compact(line.text)):
            return line
    return None


_MARK_RE = re.compile(r"^[#*\-\s]+")
_PAGE_RE = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d*$|\s\d{1,3}$")


def body_start(d: Disclosure) -> int:
    """The last line of the table of contents (目录), 0 when there is none.

    The contents are the entries after the 目录 heading (markdown headings and
    list items, or lines ending in a page number); they end at the first other
    line, or where an entry repeats as a heading of the body — the headings
    just above that point (第一部分, 部门概况) belong to the body.
    """
    return memo(d, "body_start", lambda: _find_body_start(d))


def _find_body_start(d: Disclosure) -> int:
    lines = narrative_lines(d)
    toc = next((i for i, line in enumerate(lines) if compact(_MARK_RE.sub("", line.text)).startswith("目录")), None)
    if toc is None:
        return 0
    seen: set[str] = set()
    end = len(lines)
    for i in range(toc + 1, len(lines)):
        text = lines[i].text
        key = compact(_MARK_RE.sub("", text))
        if key in seen or not (text.startswith(("#", "-", "*")) or _PAGE_RE.search(text)):
            end = i
            break
        seen.add(key)
    while end - 1 > toc and lines[end - 1].text.startswith("#"):
        end -= 1
    return lines[end - 1].no


def text_after(d: Disclosure, heading: str, stop: str, limit: int = 800) -> tuple[str, int | None]:
    """Text after the body heading matching ``heading`` up to the next line matching ``stop``."""
    line = find_line(d, heading)
    if line is None:
        return "", None
    parts: list[str] = []
    size = 0
    lines = narrative_lines(d)
    for other in lines[lines_from(d, line.no + 1):]:
        if re.search(stop, compact(other.text)) and other.text.startswith("#"):
            break
        parts.append(compact(other.text))
        size += len(parts[-1])
        if size > limit:
            break
    return "".join(parts), line.no


def statements_about(d: Disclosure, key: str, kinds: tuple[str, ...] = ("amount",)):
    frame = d.narrative
    if frame.empty:
        return frame
    return frame[(frame["key"] == key) & frame["kind"].isin(kinds)]


def change_statements(d: Disclosure, keys: tuple[str, ...]):
    """The statements of a change on last year (an amount or a percentage) about any of ``keys``."""
    frame = d.narrative
    if frame.empty:
        return frame
    return frame[frame["key"].isin(keys) & frame["kind"].isin(("change_amount", "change_percent"))]


def has_amount(d: Disclosure, key: str) -> int | None:
    rows = statements_about(d, key)
    return None if rows.empty else int(rows["line"].iloc[0])


def reason_near(d: Disclosure, line_no: int, span: int = 8) -> bool:
    """Whether a reason (主要原因…) is given in this line or the next ``span - 1`` lines of text, within
    the same section (a converter may break one paragraph into many lines, but the next heading
    speaks of something else)."""
    end = next((s.end for s in d.sections if s.start <= line_no <= s.end), None)
    lines = narrative_lines(d)
    at = lines_from(d, line_no)  # by bisection: this runs for every stated change
    near = "".join(line.text for line in lines[at:at + span] if end is None or line.no <= end)
    return bool(re.search(r"主要(?:原因|是)|原因(?:是|为|:|：)|由于|因为", near))
