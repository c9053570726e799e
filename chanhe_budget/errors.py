"""One exception root for the package, so callers can catch ``ChanheBudgetError`` alone.

Structural failures raise one of these; doubtful cells never raise but become
:class:`~chanhe_budget.warnings_log.ParseWarning` entries on the ``Disclosure``.
"""

from __future__ import annotations


class ChanheBudgetError(Exception):
    """Root of every error raised on purpose by chanhe_budget."""


class NotADisclosureError(ChanheBudgetError):
    """The input is not a budget disclosure (empty, binary, random text, no table)."""


class DecodeError(NotADisclosureError):
    """The bytes decode neither as UTF-8 nor as GB18030."""


class ParameterError(ChanheBudgetError, ValueError):
    """A bad option or parameter; the message lists the allowed values."""


class UnknownTableError(ParameterError, KeyError):
    """A table name that is not one of the canonical names."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class AuditFailure(ChanheBudgetError):
    """Raised by ``audit(strict=True)``; carries every failed check."""

    def __init__(self, message: str, failures=None):
        super().__init__(message)
        self.failures = failures


class FontError(ChanheBudgetError):
    """No CJK font could be set up for matplotlib."""


class ReportError(ChanheBudgetError):
    """A report run failed; the failed notebook is kept and named in the message."""


class PdfError(NotADisclosureError):
    """A PDF that cannot be read as a disclosure."""


class PdfNoTextLayerError(PdfError):
    """A scanned PDF without a text layer: run OCR first."""


class PdfEncryptedError(PdfError):
    """An encrypted PDF that cannot be opened without a password."""


class PdfDamagedError(PdfError):
    """A damaged or truncated PDF file."""


class DuplicateDocumentError(ParameterError):
    """A document whose content (sha256) is already in the catalogue."""


class CatalogError(ChanheBudgetError):
    """The catalogue (data/catalog.csv) cannot be read, or a document cannot be filed in it."""


class MissingComponentError(ChanheBudgetError):
    """An optional dependency is not installed (dask for a cluster, frictionless to validate a data package)."""


class SchedulerError(ChanheBudgetError):
    """The distributed scheduler named with ``--scheduler`` cannot be reached or used."""


class TemplateNotRecognisedError(NotADisclosureError):
    """The document's tables fit no template well enough to be read with one (below the detection floor).

    ``closest`` is the name of the template that fitted best, ``score`` the share of its tables
    found, ``found`` and ``missing`` the canonical names of its tables found and not found;
    ``part`` is set when the document looks like one part of a publication printed as several
    files (``{"role": "narrative", "department": …, "year": …, "kind": …}``).
    """

    def __init__(self, message: str, *, closest: str | None = None, score: float | None = None,
                 found: tuple[str, ...] = (), missing: tuple[str, ...] = (), part: dict | None = None):
        super().__init__(message)
        self.closest, self.score, self.found, self.missing, self.part = closest, score, tuple(found), \
            tuple(missing), part

    def __reduce__(self):
        return _rebuild_not_recognised, (self.args[0] if self.args else "", self.closest, self.score, self.found,
                                         self.missing, self.part)


def _rebuild_not_recognised(message, closest, score, found, missing, part):
    return TemplateNotRecognisedError(message, closest=closest, score=score, found=found, missing=missing, part=part)
