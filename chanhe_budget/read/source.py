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
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DecodeError, NotADisclosureError
from .formats import detect_text_format, pages_from_json

__all__ = ["PATH_SUFFIXES", "Line", "Source", "looks_like_path", "normalise_text", "read_source", "require_file",
           "sniff_kind", "source_to_lines"]

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


#: Suffixes of the files a disclosure (or something mistaken for one) comes in: a one-line str that ends
#: in one of them is a path the user meant, not the text of a document.
PATH_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".text", ".csv", ".tsv", ".doc", ".docx", ".xls", ".xlsx",
                 ".html", ".htm", ".zip", ".json", ".rtf", ".odt", ".ods", ".wps", ".et", ".ofd")
_KIND_HINT = {
    "word": "a Word document: export it to PDF or text",
    "excel": "an Excel workbook: export its sheets to text, or give the published PDF",
    "ole": "a Word or Excel file (old binary format): export it to PDF or text",
    "zip": "a zip archive: unpack it and give the disclosure inside",
    "html": "an HTML page: save the disclosure's PDF, or its text, and give that",
    "opendocument": "an OpenDocument file: export it to PDF or text",
}


def sniff_kind(data: bytes) -> str | None:
    """What kind of file the bytes are when it is one a user may mistake for a disclosure, else None.

    Why: "binary data (NUL bytes)" tells a user nothing; "a Word document: export it to PDF"
    tells them what to do.
    """
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if b"word/" in data[:65536]:
            return "word"
        if b"xl/" in data[:65536]:
            return "excel"
        if b"mimetypeapplication/vnd.oasis.opendocument" in data[:256]:
            return "opendocument"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "WordDocument".encode("utf-16-le") in data:
            return "word"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "excel"
        return "ole"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head.lower():
        return "html"
    return None


def _decode(data: bytes, name: str | None = None) -> tuple[str, str]:
    where = f"{name}: " if name else ""
    kind = sniff_kind(data)
    if kind is not None:
        raise NotADisclosureError(f"{where}expected the text or the PDF of a budget disclosure, found {_KIND_HINT[kind]}")
    if b"\x00" in data[:4096]:
        raise NotADisclosureError(
            f"{where}expected the text of a budget disclosure, found binary data (NUL bytes); "
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
    raise DecodeError(f"{where}expected UTF-8 or GB18030 text, found bytes that decode as neither")


def looks_like_path(text: str) -> bool:
    """A str the user meant as a file name: one short line ending in a known suffix or holding a separator."""
    if "\n" in text or "\r" in text or not text.strip() or len(text) >= 4096:
        return False
    stripped = text.strip()
    return stripped.lower().endswith(PATH_SUFFIXES) or "/" in stripped or os.sep in stripped


def require_file(path: str | os.PathLike) -> Path:
    """The one path rule of the package and its CLI: an existing file is returned; a missing one is
    "no such file", a directory "is a directory" (the same words in every command)."""
    where = Path(path)
    try:
        if where.is_file():
            return where
        if where.is_dir():
            raise NotADisclosureError(f"{path}: is a directory, not a disclosure file")
        if where.exists():
            raise NotADisclosureError(f"{path}: not a regular file")
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte in it
        raise NotADisclosureError(f"{str(path)[:200]}: cannot be read as a path ({exc})") from None
    raise NotADisclosureError(f"{path}: no such file")


def read_source(source: str | bytes | os.PathLike, name: str | None = None) -> Source:
    """Read a path, raw bytes or a text string into a :class:`Source`; ``name`` names bytes in messages.

    A ``str`` is a path when it names an existing file; one that looks like a path
    (one line ending in a known suffix, or holding a separator) but names nothing
    raises "no such file", and a directory "is a directory" — never read as the
    document's text. Any other ``str`` is the document text itself. PDFs (``%PDF``
    header) are converted by :mod:`chanhe_budget.read.pdf`; page text from pdftotext
    (form feeds, columns aligned by spaces) is converted to cells first.
    """
    if isinstance(source, os.PathLike) or (isinstance(source, str) and (_is_file(source) or looks_like_path(source))):
        path = require_file(source)
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
        from ..errors import PdfError
        from .pdf import pdf_to_text  # heavy import only for PDFs

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                text = pdf_to_text(data)
            for warning in caught:  # pages without a text layer: say which file, not "<bytes>"
                message = str(warning.message)
                warnings.warn(message.replace("<bytes>", name, 1) if name else message, warning.category,
                              stacklevel=3)
            return Source(text, "pdf", name, kind="pdf", input_format="pdf")
        except PdfError as exc:
            if name is None:
                raise
            message = str(exc).replace("<bytes>", name, 1)  # name the file, not "<bytes>"
            raise type(exc)(message if name in message else f"{name}: {message}") from None
    text, encoding = _decode(data, name)
    return _text_source(text, encoding, name)


def _is_file(candidate: str) -> bool:
    if "\n" in candidate or len(candidate) >= 4096:
        return False
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
