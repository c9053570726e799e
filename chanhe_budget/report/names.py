"""Names of report files and folders: what a report folder holds, and folder names made from untrusted text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_REPORT_NOTEBOOK = "report.ipynb"
_REPORT_HTML = "report.html"
_FIGURES_JSON = "figures.json"
_FAILED_SUFFIX = ".failed"
_CORPUS_FOLDER = "corpus"  # reports/corpus/: never a year folder (those are four digits or "unknown")
_CORPUS_NOTEBOOK = "corpus.ipynb"
_CORPUS_HTML = "corpus.html"
_CORPUS_JSON = "corpus.json"

_UNSAFE_CHARS_RE = re.compile(r'[\\/:*?"<>|]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_MAX_NAME_BYTES = 180  # well under the usual 255-byte limit, leaving room for suffixes such as ".failed"


def safe_name(text: object, fallback: str = "unnamed") -> str:
    """A file or folder name made from untrusted text (a department name read from a document).

    Keeps Chinese and other printable characters; control, format (e.g. bidi
    overrides) and unassigned characters become spaces; path separators and
    characters Windows forbids become ``_``; runs of dots collapse to one, so
    no ``..`` remains; leading and trailing dots and spaces go; the result is
    cut to 180 UTF-8 bytes. Empty or reserved results give ``fallback``.
    """
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    value = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in value)
    value = _UNSAFE_CHARS_RE.sub("_", value)
    value = re.sub(r"\.{2,}", ".", value)
    value = re.sub(r"\s+", " ", value).strip(" .")
    encoded = value.encode("utf-8")[:_MAX_NAME_BYTES]
    value = encoded.decode("utf-8", errors="ignore").strip(" .")
    if not value or value.split(".")[0].upper() in _WINDOWS_RESERVED:
        return fallback
    return value


def _safe_year(year: object) -> str:
    try:
        value = int(str(year))
    except (TypeError, ValueError):
        return "unknown"
    return str(value) if 1900 <= value <= 2200 else "unknown"


def folder_name(text: object) -> str:
    """A report folder name for ``text``, unique per text: :func:`safe_name`, plus a short digest when
    sanitising changed the name (``CON``, ``..``, ``a/b`` and an empty name would otherwise all meet at
    ``unnamed`` or ``a_b``). The digest is of the text itself, so a name keeps its folder from run to run."""
    value = "" if text is None else str(text)
    name = safe_name(value)
    if name == value:
        return name
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{name}-{digest}"
