"""Stage 1: turn a source (path, str, bytes) into normalised, numbered lines.

Why a stage of its own: every later stage works on the same list of
:class:`Line` objects, so a warning can always name the line a value came from,
and a notebook can inspect exactly what the parser saw.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DecodeError, NotADisclosureError
from .formats import detect_text_format, pages_from_json

__all__ = ["Line", "Source", "normalise_text", "read_source", "source_to_lines"]

# LaTeX fragments left by the PDF converter: `$\geq 90\%$`, `$\leq 4$ 小时`.
_LATEX_COMMANDS = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\%": "%",
    r"\times": "×", r"\sim": "~", r"\pm": "±", r"\cdot": "·", r"\neq": "≠",
}
_LATEX_CMD_RE = re.compile("|".join(re.escape(k) for k in sorted(_LATEX_COMMANDS, key=len, reverse=True)))
_LATEX_TEXT_RE = re.compile(r"\\(?:text|mathrm|mathbf)\{([^{}]*)\}")
_MATH_SPAN_RE = re.compile(r"\$([^$\n]{0,80})\$")
_MD_RULE_CELL_RE = re.compile(r"^\s*:?-{2,}:?\s*$")
_BOLD_RE = re.compile(r"\*\*(.*?)\*\*")


@dataclass(frozen=True)
class Line:
    """One normalised line of the document, with its 1-based number in the source."""

    no: int
    text: str
    cells: tuple[str, ...] = field(default=())

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_row(self) -> bool:
        """True when the line holds table cells (tab-separated in the source)."""
        return len(self.cells) > 1


@dataclass(frozen=True)
class Source:
    """The decoded document and how it was read."""

    text: str
    encoding: str
    name: str | None = None
    kind: str = "text"  # "text", "plain_text" (page text: cells not reliable) or "pdf"
    input_format: str = "tsv"  # one of formats.INPUT_FORMATS


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise NotADisclosureError(
            "expected the text of a budget disclosure, found binary data (NUL bytes); "
            "pass a PDF with a text layer or the text converted from it"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = (("utf-8", "utf-8-sig"),)
        data = data[3:]
    else:
        candidates = (("utf-8", "utf-8"), ("gb18030", "gb18030"))
    for codec, label in candidates:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise DecodeError("expected UTF-8 or GB18030 text, found bytes that decode as neither")


def read_source(source: str | bytes | os.PathLike) -> Source:
    """Read a path, raw bytes or a text string into a :class:`Source`.

    A ``str`` is taken as a path when it names an existing file and has no line
    break; otherwise it is the document text itself. PDFs (``%PDF`` header) are
    converted by :mod:`chanhe_budget.read.pdf`; page text from pdftotext (form feeds,
    columns aligned by spaces) is converted to cells first.
    """
    name = None
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and _is_file(source)
    ):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NotADisclosureError(f"cannot read {path}: {exc.strerror or exc}") from None
        name = str(path)
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str):
        return _text_source(source, "str", None)
    else:
        raise NotADisclosureError(
            f"expected a path, str or bytes, found {type(source).__name__}"
        )
    if data.lstrip()[:5] == b"%PDF-":
        from .pdf import pdf_to_text  # heavy import only for PDFs

        return Source(pdf_to_text(data), "pdf", name, kind="pdf", input_format="pdf")
    text, encoding = _decode(data)
    return _text_source(text, encoding, name)


def _is_file(candidate: str) -> bool:
    try:
        return Path(candidate).is_file()
    except (OSError, ValueError):
        return False


def _text_source(text: str, encoding: str, name: str | None) -> Source:
    """Choose the reader by the input format (see :mod:`.formats`)."""
    joined = pages_from_json(text)
    text_format = detect_text_format(joined if joined is not None else text)
    if joined is not None:
        text = joined
    if text_format in ("layout_text", "plain_text"):
        from .plain_text import unaligned_text_to_text

        return Source(unaligned_text_to_text(text), encoding, name, kind="plain_text",
                      input_format="page_json" if joined is not None else text_format)
    return Source(text, encoding, name, input_format="page_json" if joined is not None else text_format)


def _delatex(text: str) -> str:
    if "$" not in text and "\\" not in text:
        return text

    def span(match: re.Match) -> str:
        inner = _LATEX_TEXT_RE.sub(r"\1", match.group(1))
        inner = _LATEX_CMD_RE.sub(lambda m: _LATEX_COMMANDS[m.group(0)], inner)
        inner = re.sub(r"([≥≤≠±~])\s+", r"\1", inner)
        return inner.replace("{", "").replace("}", "").strip()

    text = _MATH_SPAN_RE.sub(span, text)
    return _LATEX_CMD_RE.sub(lambda m: _LATEX_COMMANDS[m.group(0)], text)


@functools.lru_cache(maxsize=65536)
def normalise_text(text: str) -> str:
    """Normalise one string: NFKC (full-width digits, Kangxi radicals), LaTeX, bold marks.

    Curly quotes “” are kept (NFKC keeps them); spaces are collapsed. Cached: table
    cells repeat a lot (blanks, 合计, unit names).
    """
    if not text:
        return text
    text = unicodedata.normalize("NFKC", text)
    text = _delatex(text)
    text = _BOLD_RE.sub(r"\1", text).replace("**", "")
    return re.sub(r"[ \u3000\xa0]+", " ", text).strip()


def _split_cells(raw: str) -> tuple[str, ...]:
    if "\t" in raw:
        cells = raw.split("\t")
    elif raw.strip().startswith("|") and raw.strip().endswith("|") and raw.count("|") >= 3:
        cells = raw.strip()[1:-1].split("|")
    else:
        return ()
    return tuple(normalise_text(c) for c in cells)


def source_to_lines(source: Source) -> list[Line]:
    """Split into numbered, normalised lines; markdown rule rows become blank lines.

    Cells are kept for tab-separated (or markdown ``|``) rows; trailing empty cells
    are kept because their count is how a shifted row is recognised.
    """
    lines: list[Line] = []
    for no, raw in enumerate(source.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        cells = _split_cells(raw)
        if cells and all(_MD_RULE_CELL_RE.match(c) or not c for c in cells):
            lines.append(Line(no, ""))  # |---|---| or -----\t---- separator rows
            continue
        text = "\t".join(cells) if cells else normalise_text(raw)
        lines.append(Line(no, text, cells))
    if not any(line.text for line in lines):
        raise NotADisclosureError("expected a budget disclosure, found an empty document")
    return lines
