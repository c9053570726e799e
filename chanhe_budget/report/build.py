"""Stage 7: reports — papermill runs the ratio notebook, nbconvert writes the HTML, folders swap in atomically.

Read top to bottom, :func:`build_report` is the whole workflow: resolve and
validate the parameters → run ``notebooks/ratio_analysis.ipynb`` with papermill
into a temporary folder beside the reports → export HTML (no code, images
embedded) in this process → swap the folder in as ``reports/<year>/<department>/``.
A failed run never replaces a good report: its folder becomes
``<department>.failed/`` with the failed notebook, and :class:`ReportError`
names the failing cell. :func:`build_corpus_report` does the same with
``notebooks/corpus_analysis.ipynb`` for a whole corpus (departments and years
compared, :mod:`chanhe_budget.panel`) into ``reports/corpus/``; both go through
:func:`_run_report`, the one place that runs, exports and swaps.

Kernel. The notebook always runs in *this* interpreter's environment. The usual
``kernel_name="python3"`` is not enough: jupyter_client takes a ``python3``
kernelspec from the Jupyter data folders before its "native" one, so a stale
``~/.local/share/jupyter/kernels/python3`` pointing at another Python silently
wins (ecosystem.md §1.2). Registering a project kernel would need a manual
step on every clone. Instead papermill gets a kernel manager whose kernelspec
is built from ``sys.executable`` (ipykernel's own ``get_kernel_dict``): nothing
is written to disk, nothing is registered, and the kernel is the environment
that runs the build. Committed notebooks keep the portable ``python3`` name.

Paths passed to the kernel are absolute and papermill's ``cwd`` is not used, so
no process-wide ``chdir`` happens (builds may run from threads); parallel builds
use processes. Timeouts follow ecosystem.md §1.3: 600 s per cell, 120 s for the
kernel to start. Document text is untrusted: the notebook displays it only via
escaped HTML (:mod:`.views`), folder names pass through
:func:`.names.safe_name`, and the index escapes every name.

The modules beside this one hold the parts: :mod:`.parameters` (which
document), :mod:`.execute` (papermill, nbconvert), :mod:`.folders` (atomic
swaps), :mod:`.views` and :mod:`.outputs` (what the notebook cells call),
:mod:`.index` (``reports/index.html``), :mod:`.names` (file and folder names).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..analysis.panel import check_filters
from ..config import raw_dir, raw_layout, reports_dir
from ..corpus.collection import load_corpus
from ..errors import ParameterError, ReportError
from ..read.source import read_source, source_to_lines
from .execute import execute_notebook, export_html, prepare_export, project_kernel_manager
from .folders import _failing_cell, _keep_failed, _swap_in, clean_stale, new_build_folder
from .names import (
    _CORPUS_FOLDER,
    _CORPUS_HTML,
    _CORPUS_NOTEBOOK,
    _FAILED_SUFFIX,
    _FIGURES_JSON,
    _REPORT_HTML,
    _REPORT_NOTEBOOK,
    _safe_year,
    folder_name,
)
from .parameters import (
    CORPUS_NOTEBOOK,
    NOTEBOOK,
    _holdings,
    available_disclosures,
    notebook_path,
    validate_corpus_parameters,
    validate_parameters,
)
from .reuse import build_stamp, current_report, write_stamp


def build_report(source: str | os.PathLike | None = None, *, department: str | None = None,
                 year: int | str | None = None, out_root: str | os.PathLike | None = None, force: bool = False,
                 folder: str | None = None) -> Path:
    """Build the report of one disclosure; return the path of its ``report.html``.

    Give ``source`` (a disclosure file) or ``department`` and ``year`` (found
    in ``data/raw``). The report goes to ``<out_root>/<year>/<department>/``
    (``out_root`` defaults to ``reports/``): ``report.ipynb`` (executed),
    ``report.html``, ``figures.json``, ``build.json`` (what made it) and the
    chart PNGs. Folder names come from the ``data/raw`` layout when the file
    sits there, else from the document, always through :func:`folder_name`;
    ``folder`` (``"<year>/<name>"``) fixes it instead (:func:`build_all` does,
    so that no two documents share one).

    A report already built from the same file bytes, parameters, notebook and
    package is reused, not rebuilt (:func:`build_or_reuse` says which);
    ``force=True`` rebuilds. Raises :class:`ParameterError` for unknown inputs
    (listing what ``data/`` holds) and :class:`ReportError` when the run fails;
    the failed notebook is then kept in ``<department>.failed/`` and the
    previous report is untouched.
    """
    return build_or_reuse(source, department=department, year=year, out_root=out_root, force=force,
                          folder=folder)[0]


def build_or_reuse(source: str | os.PathLike | None = None, *, department: str | None = None,
                   year: int | str | None = None, out_root: str | os.PathLike | None = None, force: bool = False,
                   folder: str | None = None) -> tuple[Path, bool]:
    """:func:`build_report`, and whether the report was reused (True) or built (False)."""
    if source is not None and (department or year):
        raise ParameterError("give either a disclosure file or department and year, not both")
    if source is None and not (department and year):
        raise ParameterError("give a disclosure file, or both department and year; "
                             f"{raw_dir()} holds {_holdings(available_disclosures())}")
    checked = validate_parameters(list(source) if isinstance(source, list | tuple) else source or "",
                                  department or "", year or 0)
    parts = checked if isinstance(checked, list) else []  # a publication printed in several files
    path = parts[0] if parts else checked
    root = Path(out_root).resolve() if out_root is not None else reports_dir()
    layout = None if parts else raw_layout(path)  # parts are named by what the document says
    if folder is None and layout is not None:
        folder = f"{layout[0]}/{folder_name(layout[1])}"
    parameters = {"disclosure_path": [str(p) for p in parts] if parts else str(path), "department": "", "year": 0}
    stamp = build_stamp(parts or [path], notebook_path(NOTEBOOK), parameters)
    if not force:
        reused = current_report(root, stamp, (_REPORT_HTML, _FIGURES_JSON), folder)
        if reused is not None:
            return reused / _REPORT_HTML, True
    guess_year, guess_department = layout or (_safe_year(year), department or path.stem)

    def place(build: Path) -> tuple[Path, str]:  # given, or named by the layout, else by what the document says
        figures = json.loads((build / _FIGURES_JSON).read_text(encoding="utf-8"))
        write_stamp(build, stamp)
        year_name = _safe_year(figures.get("year") or guess_year)
        department_name = figures.get("department") or guess_department
        where = root / folder if folder is not None else root / year_name / folder_name(department_name)
        return where, f"{year_name} {department_name} 部门预算比率分析"

    failed_name = folder if folder is not None else f"{_safe_year(guess_year)}/{folder_name(guess_department)}"
    final = _run_report(NOTEBOOK, parameters, root, files=(_REPORT_NOTEBOOK, _REPORT_HTML), place=place,
                        what=f"report of {path.name}", failed=root / f"{failed_name}{_FAILED_SUFFIX}",
                        font_hint=None if path.suffix.lower() == ".pdf" else lambda: _document_text(path))
    return final / _REPORT_HTML, False


def _document_text(path: Path) -> str:
    """The text of a disclosure file as read (and as normalised), for the font cut ahead; "" if unreadable.

    Text files only: reading a PDF again here would print its reading warnings a second time, from the
    parent process."""

    try:
        source = read_source(path)
        return source.text + "\n".join(line.text for line in source_to_lines(source))
    except Exception:  # the kernel reports what is wrong with the document
        return ""


def build_corpus_report(root: str | os.PathLike | None = None, out_root: str | os.PathLike | None = None,
                        filters: Mapping[str, Any] | None = None) -> Path:
    """Build the corpus report (departments and years compared); return the path of its ``corpus.html``.

    ``root`` is the corpus: a project folder (its ``data/catalog.csv``, else its
    ``data/raw``) or a catalogue ``.csv``; default this project. ``filters``:
    ``departments``, ``years``, ``template`` (:func:`chanhe_budget.panel.check_filters`).
    The report goes to ``<out_root>/corpus/`` (``out_root`` defaults to
    ``reports/``): ``corpus.ipynb`` (executed), ``corpus.html`` (no code,
    images embedded), ``corpus.json`` and the chart PNGs.

    Raises :class:`ParameterError` for a bad location or filters (a department,
    year or template the corpus does not hold is named with what it holds) and
    :class:`ReportError` when the run fails; the failed notebook is then kept in
    ``corpus.failed/`` and the previous corpus report is untouched.
    """

    source, chosen = validate_corpus_parameters(root or "", **check_filters(filters))
    if any(chosen.values()):  # a clear error before any kernel starts; the load warms the cache the notebook reads

        check_filters(chosen, load_corpus(source))
    out = Path(out_root).resolve() if out_root is not None else reports_dir()
    parameters = {"corpus_path": str(source), "departments": chosen["departments"], "years": chosen["years"],
                  "template": chosen["template"] or "", "scheduler": ""}
    final = _run_report(CORPUS_NOTEBOOK, parameters, out, files=(_CORPUS_NOTEBOOK, _CORPUS_HTML),
                        place=lambda build: (out / _CORPUS_FOLDER, "部门预算横向比较 Departments and years compared"),
                        what=f"corpus report of {source}", failed=out / f"{_CORPUS_FOLDER}{_FAILED_SUFFIX}")
    return final / _CORPUS_HTML


def _run_report(notebook: str, parameters: Mapping[str, Any], root: Path, *, files: tuple[str, str],
                place: Callable[[Path], tuple[Path, str]], what: str, failed: Path,
                font_hint: Callable[[], str] | None = None) -> Path:
    """Run ``notebook`` into a build folder in ``root``, export its HTML, swap the folder in; return the folder.

    The notebook gets ``parameters`` plus ``output_dir`` (the build folder) and
    is saved as ``files[0]``; ``place(build)``, called once the run has
    written its outputs, gives the final folder and the page title; the HTML
    is ``files[1]``. Any failure moves the build folder to ``failed`` (the
    failed notebook inside) and raises :class:`ReportError` naming ``what``
    and the failing cell; whatever was at the final folder stays as it was.
    ``font_hint`` gives text the page will mostly print (:func:`prepare_export`).
    """
    notebook_file, html_file = files
    clean_stale(root)  # what an interrupted run left behind (never a live run's folder)
    build = new_build_folder(root)
    project_kernel_manager()  # papermill and jupyter_client imported here first: never from two threads at once
    warm = threading.Thread(target=prepare_export, args=(font_hint,), name="prepare-export", daemon=True)
    warm.start()  # while the kernel runs, this process only waits: import and load what the export needs
    try:
        nb = execute_notebook(notebook_path(notebook), build / notebook_file, {**parameters, "output_dir": str(build)})
    except Exception as exc:  # every failure keeps the notebook and becomes a ReportError
        kept_folder = _keep_failed(build, failed)
        kept = kept_folder / notebook_file
        if hasattr(exc, "ename"):
            message = f"{exc.ename}: {_one_line(exc.evalue)}"
            where = _failing_cell(kept, exc)
        else:
            message = f"{type(exc).__name__}: {_one_line(str(exc))}"
            where = "the kernel"
        note = f"the failed notebook is kept at {kept}" if kept.exists() else f"the run's folder is kept at {kept_folder}"
        raise ReportError(f"{what} failed in {where}: {message}; {note}") from exc
    warm.join()
    try:
        final, title = place(build)
        export_html(nb, build / html_file, title)
        _swap_in(build, final)
    except Exception as exc:
        kept_folder = _keep_failed(build, failed)
        raise ReportError(f"{what} ran but could not be written ({type(exc).__name__}: "
                          f"{_one_line(str(exc))}); its folder is kept at {kept_folder}") from exc
    return final


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:300]


