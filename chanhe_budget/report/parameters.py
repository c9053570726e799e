"""The notebooks' parameters: which disclosure (or corpus) a report is about, checked before any kernel starts."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from ..analysis.panel import check_filters
from ..config import DISCLOSURE_SUFFIXES, available_disclosures, notebook_dirs, project_root, raw_dir
from ..errors import ParameterError, ReportError

#: The report notebook in ``notebooks/``: one department-year.
NOTEBOOK = "ratio_analysis.ipynb"
#: The corpus notebook in ``notebooks/``: departments and years compared.
CORPUS_NOTEBOOK = "corpus_analysis.ipynb"
#: Files a department-year in ``data/raw/<year>/`` may be (kept for callers; the list lives in config).
DISCLOSURE_EXTENSIONS = DISCLOSURE_SUFFIXES


def _holdings(held: dict[int, dict[str, Path]], limit: int = 12) -> str:
    if not held:
        return "nothing (put disclosures at data/raw/<year>/<department>.txt, .md or .pdf)"
    parts = []
    for year, departments in sorted(held.items()):
        names = sorted(departments)
        shown = ", ".join(names[:limit]) + (f", … ({len(names) - limit} more)" if len(names) > limit else "")
        parts.append(f"{year}: {shown}")
    return "; ".join(parts)


def resolve_disclosure(department: str, year: int | str) -> Path:
    """The file of ``department`` in ``year`` in ``data/raw``; a :class:`ParameterError` lists what is there."""
    held = available_disclosures()
    where = raw_dir()
    try:
        year_value = int(str(year).strip())
    except (TypeError, ValueError):
        raise ParameterError(f"year must be a number such as 2025, got {year!r}; {where} holds "
                             f"{_holdings(held)}") from None
    if year_value not in held:
        years = ", ".join(str(y) for y in sorted(held)) or "none"
        raise ParameterError(f"no disclosures for year {year_value} in {where} (years held: {years}); "
                             f"{where} holds {_holdings(held)}")
    departments = held[year_value]
    name = str(department).strip()
    if name in departments:
        return departments[name]
    close = difflib.get_close_matches(name, list(departments), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ParameterError(f"unknown department {name!r} for {year_value}{hint}; {where / str(year_value)} holds: "
                         f"{', '.join(sorted(departments))}")


def validate_parameters(disclosure_path: str | os.PathLike | None = "", department: str | None = "",
                        year: int | str | None = 0, output_dir: str | os.PathLike | None = "") -> Path | list[Path]:
    """Check the notebook's parameters and return the disclosure file to read.

    Either ``disclosure_path`` names a file (or is the list of the files of a publication printed
    in several parts: the list of their paths is returned), or ``department`` and ``year``
    name one in ``data/raw/<year>/``; ``output_dir`` (optional) must be a
    folder or creatable. Papermill only warns about bad parameters, so the
    notebook calls this first and fails early with a :class:`ParameterError`.
    """
    if output_dir and Path(output_dir).exists() and not Path(output_dir).is_dir():
        raise ParameterError(f"output_dir {str(output_dir)!r} exists and is not a folder")
    if isinstance(disclosure_path, list | tuple) and len(disclosure_path) > 1:  # the parts of one publication
        return [validate_parameters(part) for part in disclosure_path]
    if isinstance(disclosure_path, list | tuple):
        disclosure_path = disclosure_path[0] if disclosure_path else ""
    if disclosure_path:
        path = Path(disclosure_path).expanduser()
        if not path.is_file():
            raise ParameterError(f"disclosure_path {str(disclosure_path)!r} is not a file; "
                                 f"{raw_dir()} holds {_holdings(available_disclosures())}")
        return path.resolve()
    if not department or not year:
        raise ParameterError("give disclosure_path, or both department and year; "
                             f"{raw_dir()} holds {_holdings(available_disclosures())}")
    return resolve_disclosure(department, year)


def validate_corpus_parameters(corpus_path: str | os.PathLike | None = "", departments: Any = (), years: Any = (),
                               template: str | None = "", output_dir: str | os.PathLike | None = ""
                               ) -> tuple[Path, dict[str, Any]]:
    """Check the corpus notebook's parameters; return the corpus location and the normalised filters.

    ``corpus_path`` is a project folder (its ``data/catalog.csv``, else its
    ``data/raw``), a catalogue ``.csv`` or a folder of documents; empty means
    this project. Filters are those of :func:`chanhe_budget.panel.check_filters`
    (checked against the corpus itself once it is loaded). Raises
    :class:`ParameterError`.
    """

    if output_dir and Path(output_dir).exists() and not Path(output_dir).is_dir():
        raise ParameterError(f"output_dir {str(output_dir)!r} exists and is not a folder")
    filters = check_filters({"departments": departments, "years": years, "template": template})
    location = Path(corpus_path).expanduser() if corpus_path else project_root()
    if not (location.is_dir() or (location.is_file() and location.suffix.lower() == ".csv")):
        raise ParameterError(f"corpus_path {str(corpus_path)!r} is neither a folder (a project, or documents) nor a "
                             "catalogue .csv")
    return location.resolve(), filters


def notebook_path(name: str = NOTEBOOK) -> Path:
    """A notebook of the project: ``notebooks/<name>`` of the checkout, else the copy installed in the package."""
    for folder in notebook_dirs():
        if (folder / name).is_file():
            return folder / name
    raise ReportError(f"notebook {name!r} not found in notebooks/ of the checkout nor in the installed package")
