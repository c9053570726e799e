"""Where the audit looks in a document's text: the narrative's lines, its body after the contents, the text
under a heading, and the statements the narrative parser found for a key.

Why: the completeness checklist asks "does the text say X"; these helpers decide
which text counts, so every checklist item searches the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..templates.spec import compact

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["body_start", "find_line", "has_amount", "narrative_lines", "narrative_text", "statements_about", "text_after"]


def narrative_lines(d: Disclosure):
    """The lines outside the table blocks: title, contents, the parts of the text (before or after the tables)."""
    spans = [(b.title_line, b.end_line) for b in d.segments.blocks]
    return [line for line in d.lines
            if line.text and not line.is_row and not any(start <= line.no <= end for start, end in spans)]


def narrative_text(d: Disclosure) -> str:
    """The narrative as one compact string (no spaces, () unified) for keyword searches."""
    return compact("".join(line.text for line in narrative_lines(d)))


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
    for other in narrative_lines(d):
        if other.no <= line.no:
            continue
        if re.search(stop, compact(other.text)) and other.text.startswith("#"):
            break
        parts.append(compact(other.text))
        if sum(map(len, parts)) > limit:
            break
    return "".join(parts), line.no


def statements_about(d: Disclosure, key: str, kinds: tuple[str, ...] = ("amount",)):
    frame = d.narrative
    if frame.empty:
        return frame
    return frame[(frame["key"] == key) & frame["kind"].isin(kinds)]


def has_amount(d: Disclosure, key: str) -> int | None:
    rows = statements_about(d, key)
    return None if rows.empty else int(rows["line"].iloc[0])
