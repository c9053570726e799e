"""What kind of input a document is: PDF, converted markdown/TSV, layout text, plain text, page JSON.

Why it matters: each kind keeps a different part of the table. Markdown and TSV keep the
cells; layout text (``pdftotext -layout``) keeps character columns that drift between
pages; plain text (pdfplumber ``extract_text()``, pdfminer, a viewer's copy) keeps only
the reading order. The reader is chosen by the kind, and the kind is recorded in
``Disclosure.metadata["input_format"]`` so that a figure can be traced to what it was
read from.
"""

from __future__ import annotations

import json
import re

from ..errors import NotADisclosureError

__all__ = ["INPUT_FORMATS", "detect_text_format", "pages_from_json"]

#: Every input format, with what it is.
INPUT_FORMATS: dict[str, str] = {
    "pdf": "a PDF with a text layer",
    "markdown": "text converted from the PDF with markdown headings or | tables |",
    "tsv": "text with table cells separated by TAB characters",
    "layout_text": "page text whose columns are aligned by runs of spaces (pdftotext -layout)",
    "plain_text": "page text without layout: cells separated by single spaces (pdfplumber extract_text, pdfminer)",
    "page_json": 'one text per page in JSON: {"page_texts": [...]} or a list of strings',
}

_GAP_RE = re.compile(r"\S {3,}\S")
_MD_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")


def pages_from_json(text: str) -> str | None:
    """The pages of a page-per-chunk JSON dump joined by form feeds; None when the text is not one.

    Accepted shapes: a list of strings, or an object whose ``page_texts`` (or ``pages``)
    is a list of strings or of objects with a ``text``. Anything else that parses as JSON
    is not a disclosure and raises :class:`NotADisclosureError`.
    """
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    pages = data.get("page_texts", data.get("pages")) if isinstance(data, dict) else data
    if isinstance(pages, list) and all(isinstance(p, dict) and isinstance(p.get("text"), str) for p in pages):
        pages = [p["text"] for p in pages]
    if not isinstance(pages, list) or not pages or not all(isinstance(p, str) for p in pages):
        raise NotADisclosureError(
            'expected page texts in JSON ({"page_texts": [...]} or a list of strings), '
            f"found JSON of another shape ({type(data).__name__})"
        )
    return "\f".join(pages)


def detect_text_format(text: str) -> str:
    """``markdown``, ``tsv``, ``layout_text`` or ``plain_text``, from the lines of the text.

    Markdown headings or ``|`` tables make it markdown, cells kept by TABs TSV; otherwise
    a text where many lines hold wide gaps (three spaces or more between words) is layout
    text, and the rest is plain text.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "plain_text"
    tabbed = sum(1 for line in lines if "\t" in line.strip())
    piped = sum(1 for line in lines if _MD_ROW_RE.match(line))
    if piped >= 3 or any(line.startswith("#") for line in lines):
        return "markdown"
    if tabbed >= 3:
        return "tsv"
    gapped = sum(1 for line in lines if _GAP_RE.search(line))
    return "layout_text" if gapped >= max(3, len(lines) // 10) else "plain_text"
