"""Stage 7: reports — papermill runs the ratio notebook, nbconvert writes the HTML, folders swap in atomically.

Read top to bottom, :func:`build_report` is the whole workflow: resolve and
validate the parameters → run ``notebooks/ratio_analysis.ipynb`` with papermill
into a temporary folder beside the reports → export HTML (no code, images
embedded) in this process → swap the folder in as ``reports/<year>/<department>/``.
A failed run never replaces a good report: its folder becomes
``<department>.failed/`` with the failed notebook, and :class:`ReportError`
names the failing cell. :func:`build_corpus_report` does the same with
``notebooks/corpus_analysis.ipynb`` for a whole corpus (departments and years
compared, :mod:`chanhe_budget.analysis.panel`) into ``reports/corpus/``; both go through
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
escaped HTML (:func:`table`, :func:`heading`), folder names pass through
:func:`safe_name`, and the index escapes every name.

The helpers in the middle of the module (:func:`heading`, :func:`table`,
:func:`chart`, :func:`save_outputs`, :func:`save_corpus_outputs`) are what the
notebook cells call. Heavy libraries (papermill, nbconvert, matplotlib,
IPython) are imported only by the functions that need them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import functools
import html
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..config import notebook_dirs, raw_dir, reports_dir
from ..errors import ParameterError, ReportError
from ..exports import write_atomic, write_text_atomic
from .webfont import embed_font

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ..analysis.ratios import AuditResults
    from ..model import Disclosure

__all__ = [
    "CORPUS_NOTEBOOK",
    "DISCLOSURE_EXTENSIONS",
    "EXECUTION_TIMEOUT",
    "NOTEBOOK",
    "START_TIMEOUT",
    "BuildSummary",
    "Chart",
    "audit_view",
    "available_disclosures",
    "build_all",
    "build_corpus_report",
    "build_report",
    "chart",
    "execute_notebook",
    "export_html",
    "heading",
    "notebook_path",
    "project_kernel_manager",
    "resolve_disclosure",
    "safe_name",
    "save_corpus_outputs",
    "save_outputs",
    "skip_slow_optional_imports",
    "table",
    "validate_corpus_parameters",
    "validate_parameters",
    "write_index",
]

#: The report notebook in ``notebooks/``: one department-year.
NOTEBOOK = "ratio_analysis.ipynb"
#: The corpus notebook in ``notebooks/``: departments and years compared.
CORPUS_NOTEBOOK = "corpus_analysis.ipynb"
#: Files a department-year in ``data/raw/<year>/`` may be, in order of preference when several exist.
DISCLOSURE_EXTENSIONS = (".txt", ".md", ".pdf")
#: Per-cell limit and kernel start-up limit, seconds (ecosystem.md §1.3: a loaded 2-core runner can exceed 60 s).
EXECUTION_TIMEOUT = 600
START_TIMEOUT = 120
#: Cells papermill uses for parameters: dropped from the HTML (their source is unreadable, escaped unicode).
PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})

_REPORT_NOTEBOOK = "report.ipynb"
_REPORT_HTML = "report.html"
_FIGURES_JSON = "figures.json"
_FAILED_SUFFIX = ".failed"
_CORPUS_FOLDER = "corpus"  # reports/corpus/: never a year folder (those are four digits or "unknown")
_CORPUS_NOTEBOOK = "corpus.ipynb"
_CORPUS_HTML = "corpus.html"
_CORPUS_JSON = "corpus.json"


# --------------------------------------------------------------------------
# Names and parameters
# --------------------------------------------------------------------------

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


def available_disclosures(root: str | os.PathLike | None = None) -> dict[int, dict[str, Path]]:
    """What ``data/raw`` holds: ``{year: {department: path}}``, from ``data/raw/<year>/<department>.<ext>``.

    Only year folders (four digits) and files with an extension of
    :data:`DISCLOSURE_EXTENSIONS` count; when a department has several files
    (text and PDF), the first extension in that order is used.
    """
    base = Path(root) if root is not None else raw_dir()
    held: dict[int, dict[str, Path]] = {}
    if not base.is_dir():
        return held
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)):
        departments: dict[str, Path] = {}
        for path in sorted(folder.iterdir(), key=lambda p: (DISCLOSURE_EXTENSIONS.index(p.suffix.lower())
                                                          if p.suffix.lower() in DISCLOSURE_EXTENSIONS else 99, p.name)):
            if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in DISCLOSURE_EXTENSIONS:
                departments.setdefault(path.stem, path.resolve())
        if departments:
            held[int(folder.name)] = departments
    return held


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
    this project. Filters are those of :func:`chanhe_budget.analysis.panel.check_filters`
    (checked against the corpus itself once it is loaded). Raises
    :class:`ParameterError`.
    """
    from ..analysis.panel import check_filters
    from ..config import project_root

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


# --------------------------------------------------------------------------
# Called from the notebook cells
# --------------------------------------------------------------------------


def heading(d: Disclosure, source: str | os.PathLike | None = None) -> Any:
    """The report's title block as escaped HTML: department, year, template, source file, warnings."""
    from IPython.display import HTML

    esc = html.escape
    if isinstance(source, list | tuple):
        source_name = " + ".join(Path(part).name for part in source)
    else:
        source_name = Path(source).name if source else d.source or "—"
    rows = [("部门 Department", d.department or "—"), ("年度 Year", d.year or "—"), ("标题 Title", d.title or "—"),
            ("模板 Template", d.template.label), ("文件 Source", source_name),
            ("解析警告 Parse warnings", len(d.warnings))]
    body = "".join(f"<tr><th style='text-align:left'>{esc(str(k))}</th><td>{esc(str(v))}</td></tr>" for k, v in rows)
    what = "部门决算" if d.kind == "final_accounts" else "部门预算"
    return HTML(f"<h1>{esc(str(d.year or ''))} {esc(d.department or '')} {what}比率分析</h1><table>{body}</table>")


def table(frame: pd.DataFrame | None, caption: str = "", *, empty: str = "（无数据 no data）") -> Any:
    """A DataFrame as escaped HTML (cells and caption), amounts with 2 decimals, no index."""
    from IPython.display import HTML

    from ..templates.spec import TABLE_LABELS

    source = (frame.attrs.get("source_label") or TABLE_LABELS.get(frame.attrs.get("table", ""))) \
        if frame is not None else None
    caption = f"{caption}（来源 source: {source}）" if caption and source else caption
    cap = f"<p><b>{html.escape(caption)}</b></p>" if caption else ""
    if frame is None or frame.empty:
        note = frame.attrs.get("note") if frame is not None else None  # why there is nothing (a 决算 has no …)
        return HTML(f"{cap}<p>{html.escape(note or empty)}</p>")
    body = frame.to_html(index=False, escape=True, na_rep="", float_format=lambda v: f"{v:,.2f}", border=0)
    return HTML(cap + body)


def audit_view(audit: AuditResults) -> Any:
    """The audit section: verdict and counts, transparency score and its deductions, the checks not passed.

    When the audit could not run, its note says why instead.
    """
    import pandas as pd
    from IPython.display import HTML

    from ..analysis.ratios import STATUS_MARKS, narrative_checks

    if not audit.available:
        return HTML(f"<p>{html.escape(audit.note)}</p>")
    parts = [table(pd.DataFrame([audit.summary or {}]), "审计结论 Audit summary").data]
    if audit.score is not None:
        parts.append(f"<p><b>透明度得分 Transparency score: {html.escape(_fmt(audit.score))} / 100</b></p>")
    parts.append(table(audit.breakdown, "得分明细 Score breakdown").data)
    parts.append(table(narrative_checks(audit.frame), "文字说明与表格核对 Narrative against tables").data)
    frame = audit.frame
    others = frame[(frame["status"] != "pass") & (frame["family"] != "narrative")].copy()
    others.insert(0, "mark", others["status"].map(STATUS_MARKS))
    shown = [c for c in ("mark", "check_id", "family", "description_zh", "expected", "found", "reason", "table",
                         "line", "evidence") if c in others]
    parts.append(table(others[shown], "未通过的检查 Checks not passed", empty="（全部通过 all passed）").data)
    return HTML("".join(parts))


def _literal(text: object) -> object:
    """Text matplotlib must not read as mathtext: ``$`` is escaped."""
    return text.replace("$", r"\$") if isinstance(text, str) else text


@dataclass(frozen=True)
class Chart:
    """A chart rendered once to PNG: shown in the notebook (``_repr_png_``) and saved from the same bytes."""

    png: bytes = field(repr=False)  # the notebook's text/plain is the repr: not the image again, as bytes
    figure: Figure = field(repr=False)

    def _repr_png_(self) -> bytes:
        return self.png


def chart(plot: Callable[..., Any], data: Any, **kwargs: Any) -> Chart:
    """Draw ``plot(data, ax=..., **kwargs)`` (a :mod:`chanhe_budget.plots` function) and render it to PNG.

    The figure is made without pyplot and rendered once, at 100 dpi: the
    inline backend would render it again to show it, and saving would render
    it a third time. Label columns (``name``, ``project_name``) are escaped
    for mathtext, so a name with ``$`` from a document shows as printed.
    """
    import io

    import pandas as pd
    from matplotlib.figure import Figure

    if isinstance(data, pd.DataFrame):
        data = data.copy()
        for column in ("name", "project_name"):
            if column in data:
                data[column] = data[column].map(_literal)
        size = (8.0, max(3.0, 0.45 * len(data) + 1.2))  # the ranked bars of plotting, one row per bar
    else:
        size = (6.0, 4.5)
    fig = Figure(figsize=size, layout="constrained")
    plot(data, ax=fig.subplots(), **kwargs)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return Chart(buffer.getvalue(), fig)


def save_outputs(output_dir: str | os.PathLike | None, d: Disclosure, audit: AuditResults | None,
                 charts: Mapping[str, Chart], headline: pd.DataFrame | None = None) -> list[Path]:
    """Write the charts as ``<name>.png`` and ``figures.json`` into ``output_dir`` (atomically, file by file).

    ``figures.json`` holds the key figures of FIGURES.md at the top level
    (amounts in 万元, shares in %), then ``audit`` (the audit summary or
    null), ``transparency_score``, ``headline`` (the document's statements
    with their marks), ``charts`` (file names) and provenance. Nothing is
    written when ``output_dir`` is empty.
    """
    if not output_dir:
        return []
    out = Path(output_dir)
    paths = _write_charts(out, charts)
    from .. import __version__

    record: dict[str, Any] = dict(d.figures)
    record.update({
        "audit": audit.summary if audit is not None else None,
        "audit_note": audit.note if audit is not None else "not run",
        "transparency_score": audit.score if audit is not None else None,
        "headline": [] if headline is None else headline.drop(columns=["sentence"], errors="ignore")
        .to_dict("records"),
        "charts": [p.name for p in paths],
        "source": " + ".join(Path(part).name for part in d.source.split(" + ")) if d.source else None,
        "template": d.template.name,
        "figure_status": dict(zip(d.provenance["figure"], d.provenance["status"], strict=True)),
        "warnings": len(d.warnings),
        "chanhe_budget_version": __version__,
        "generated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    })
    text = json.dumps(_plain(record), ensure_ascii=False, indent=2)
    paths.append(write_text_atomic(out / _FIGURES_JSON, text + "\n"))
    return paths


def save_corpus_outputs(output_dir: str | os.PathLike | None, tables: Mapping[str, pd.DataFrame],
                        charts: Mapping[str, Chart], *, corpus: Any = None,
                        filters: Mapping[str, Any] | None = None) -> list[Path]:
    """Write the charts as ``<name>.png`` and ``corpus.json`` into ``output_dir`` (atomically, file by file).

    ``corpus.json`` holds each table of ``tables`` as a list of rows under its
    name (the notebook gives ``panel`` — one row per department-year, the
    FIGURES.md names, amounts in 万元, shares in % — ``scores``,
    ``three_public``, ``year_on_year`` and ``year_on_year_checks``), then
    ``filters``, ``documents`` (counts), ``failures`` (documents that could not
    be read, with the reason), ``charts`` (file names) and provenance. Nothing
    is written when ``output_dir`` is empty.
    """
    if not output_dir:
        return []
    out = Path(output_dir)
    paths = _write_charts(out, charts)
    from .. import __version__

    record: dict[str, Any] = {name: _records(frame) for name, frame in tables.items()}
    if corpus is not None:
        documents = corpus.documents
        record["documents"] = {"catalogued": len(documents), "read": int((documents["status"] != "failed").sum()),
                               "failed": int((documents["status"] == "failed").sum())}
        record["failures"] = _records(corpus.failures)
    record.update({
        "filters": dict(filters or {}),
        "charts": [p.name for p in paths],
        "chanhe_budget_version": __version__,
        "generated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    })
    text = json.dumps(_plain(record), ensure_ascii=False, indent=2)
    paths.append(write_text_atomic(out / _CORPUS_JSON, text + "\n"))
    return paths


def _write_charts(out: Path, charts: Mapping[str, Chart]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, item in charts.items():
        file = f"{safe_name(name, 'chart')}.png"
        paths.append(write_atomic(out / file, lambda p, png=item.png: p.write_bytes(png)))
    return paths


def _records(frame: pd.DataFrame) -> list[dict]:
    """A DataFrame as JSON-ready rows: missing values (NaN, pd.NA, None) become None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _plain(value: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN to null."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# --------------------------------------------------------------------------
# Running a notebook and exporting it
# --------------------------------------------------------------------------


@functools.cache
def project_kernel_manager() -> type:
    """A kernel manager class that starts ipykernel in this interpreter, whatever kernelspecs are installed."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from traitlets import default

    class ProjectKernelSpecManager(KernelSpecManager):
        """Every kernel name resolves to ``sys.executable -m ipykernel_launcher``."""

        def get_kernel_spec(self, kernel_name: str):  # one kernel for every name
            return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())

    class ProjectKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _project_kernel_spec_manager(self) -> KernelSpecManager:
            return ProjectKernelSpecManager(data_dir=self.data_dir)

        @default("transport_encryption")
        def _encrypt_when_possible(self) -> str:
            # CurveZMQ keys for the kernel's local TCP ports when libzmq has them (ipykernel warns otherwise)
            import zmq

            return "auto" if zmq.has("curve") else "disabled"

    return ProjectKernelManager


def execute_notebook(notebook: str | os.PathLike, output: str | os.PathLike, parameters: Mapping[str, Any]) -> Any:
    """Run ``notebook`` with papermill in this environment's kernel; the executed notebook goes to ``output``.

    Parameters are passed from Python, so their types survive (no ``-p``
    string guessing). Raises papermill's ``PapermillExecutionError`` when a cell fails.
    """
    import papermill as pm

    with _quiet_jupyter():
        return pm.execute_notebook(
            str(Path(notebook).resolve()), str(Path(output).resolve()), parameters=dict(parameters),
            kernel_name="python3", kernel_manager_class=project_kernel_manager(), progress_bar=False,
            execution_timeout=EXECUTION_TIMEOUT, start_timeout=START_TIMEOUT,
            shutdown_kernel="immediate",  # every output is in by then; a graceful stop only waits for exit
        )


@contextlib.contextmanager
def _quiet_jupyter():
    """Hide jupyter's path-migration DeprecationWarning and papermill's INFO logging from the command line."""
    import logging
    import warnings

    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="jupyter_client.*")
            yield
    finally:
        logger.setLevel(level)


def export_html(nb: Any, target: str | os.PathLike, title: str) -> Path:
    """Write an executed notebook as HTML without code, prompts or parameter cells, images embedded.

    ``--report-mode`` would not do: nbconvert ignores its ``source_hidden``
    metadata (ecosystem.md §1.4), so input is excluded here instead.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = set(PARAMETER_TAGS)
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    nb.metadata["title"] = title  # the page <title>; nbconvert escapes it
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return write_text_atomic(target, embed_font(body))


# --------------------------------------------------------------------------
# Building reports
# --------------------------------------------------------------------------


def _layout_names(source: Path) -> tuple[str, str] | None:
    """(year, department) when ``source`` sits at ``data/raw/<year>/<department>.<ext>``."""
    try:
        relative = source.resolve().relative_to(raw_dir().resolve())
    except ValueError:
        return None
    if len(relative.parts) == 2 and re.fullmatch(r"\d{4}", relative.parts[0]):
        return relative.parts[0], source.stem
    return None


def _failing_cell(nb_path: Path, error: BaseException) -> str:
    """"cell 'id' (In [n]: first line)" for the cell that raised, found by its error output in the saved notebook."""
    import nbformat

    source = getattr(error, "source", "") or ""
    cell_id = None
    with contextlib.suppress(OSError, ValueError):
        for cell in nbformat.read(nb_path, as_version=4).cells:
            if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                cell_id, source = cell.get("id"), cell.source
                break
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    count = getattr(error, "exec_count", None)
    prompt = f"In [{count}]: " if count else ""
    return f"{f'cell {cell_id!r}' if cell_id else 'a cell'} ({prompt}{first[:80]})"


def _new_file_mode(folder: Path) -> int:
    """The mode a new file gets in ``folder`` (0o666 & ~umask); reading the umask itself would change it."""
    probe = folder / f".mode-probe-{uuid.uuid4().hex[:8]}"
    probe.touch()
    try:
        return probe.stat().st_mode & 0o777
    finally:
        probe.unlink()


def _readable(build: Path) -> None:
    """Give the folder and its files the modes the umask allows (mkdtemp and mkstemp make them private)."""
    file_mode = _new_file_mode(build)
    build.chmod(file_mode | ((file_mode & 0o444) >> 2))  # x wherever r
    for path in build.iterdir():
        if path.is_file():
            path.chmod(file_mode)


def _swap_in(build: Path, final: Path) -> None:
    """Replace ``final`` by the finished ``build`` folder with renames only (same file system)."""
    _readable(build)
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    try:
        os.replace(build, final)
    except OSError:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(build: Path, failed: Path) -> Path:
    _readable(build)
    failed.parent.mkdir(parents=True, exist_ok=True)
    if failed.exists():
        shutil.rmtree(failed)
    os.replace(build, failed)
    return failed


def build_report(source: str | os.PathLike | None = None, *, department: str | None = None,
                 year: int | str | None = None, out_root: str | os.PathLike | None = None) -> Path:
    """Build the report of one disclosure; return the path of its ``report.html``.

    Give ``source`` (a disclosure file) or ``department`` and ``year`` (found
    in ``data/raw``). The report goes to ``<out_root>/<year>/<department>/``
    (``out_root`` defaults to ``reports/``): ``report.ipynb`` (executed),
    ``report.html``, ``figures.json`` and the chart PNGs. Folder names come
    from the ``data/raw`` layout when the file sits there, else from the
    document, always through :func:`safe_name`.

    Raises :class:`ParameterError` for unknown inputs (listing what ``data/``
    holds) and :class:`ReportError` when the run fails; the failed notebook is
    then kept in ``<department>.failed/`` and the previous report is untouched.
    """
    if source is not None and (department or year):
        raise ParameterError("give either a disclosure file or department and year, not both")
    if source is None and not (department and year):
        raise ParameterError("give a disclosure file, or both department and year; "
                             f"{raw_dir()} holds {_holdings(available_disclosures())}")
    checked = validate_parameters(list(source) if isinstance(source, list | tuple) else source or "",
                                  department or "", year or 0)
    parts = checked if isinstance(checked, list) else []
    path = parts[0] if parts else checked
    layout = None if parts else _layout_names(path)  # parts are named by what the document says
    root = Path(out_root).resolve() if out_root is not None else reports_dir()
    guess_year, guess_department = layout or (_safe_year(year), department or path.stem)

    def place(build: Path) -> tuple[Path, str]:  # named by the layout, else by what the document says
        figures = json.loads((build / _FIGURES_JSON).read_text(encoding="utf-8"))
        year_name, department_name = layout or (_safe_year(figures.get("year") or guess_year),
                                                figures.get("department") or guess_department)
        return (root / _safe_year(year_name) / safe_name(department_name),
                f"{year_name} {department_name} 部门预算比率分析")

    parameter = [str(p) for p in parts] if parts else str(path)
    final = _run_report(NOTEBOOK, {"disclosure_path": parameter, "department": "", "year": 0}, root,
                        files=(_REPORT_NOTEBOOK, _REPORT_HTML), place=place, what=f"report of {path.name}",
                        failed=root / _safe_year(guess_year) / f"{safe_name(guess_department)}{_FAILED_SUFFIX}")
    return final / _REPORT_HTML


def build_corpus_report(root: str | os.PathLike | None = None, out_root: str | os.PathLike | None = None,
                        filters: Mapping[str, Any] | None = None) -> Path:
    """Build the corpus report (departments and years compared); return the path of its ``corpus.html``.

    ``root`` is the corpus: a project folder (its ``data/catalog.csv``, else its
    ``data/raw``) or a catalogue ``.csv``; default this project. ``filters``:
    ``departments``, ``years``, ``template`` (:func:`chanhe_budget.analysis.panel.check_filters`).
    The report goes to ``<out_root>/corpus/`` (``out_root`` defaults to
    ``reports/``): ``corpus.ipynb`` (executed), ``corpus.html`` (no code,
    images embedded), ``corpus.json`` and the chart PNGs.

    Raises :class:`ParameterError` for a bad location or filters (a department,
    year or template the corpus does not hold is named with what it holds) and
    :class:`ReportError` when the run fails; the failed notebook is then kept in
    ``corpus.failed/`` and the previous corpus report is untouched.
    """
    from ..analysis.panel import check_filters

    source, chosen = validate_corpus_parameters(root or "", **check_filters(filters))
    if any(chosen.values()):  # a clear error before any kernel starts; the load warms the cache the notebook reads
        from ..corpus.collection import load_corpus

        check_filters(chosen, load_corpus(source))
    out = Path(out_root).resolve() if out_root is not None else reports_dir()
    parameters = {"corpus_path": str(source), "departments": chosen["departments"], "years": chosen["years"],
                  "template": chosen["template"] or "", "scheduler": ""}
    final = _run_report(CORPUS_NOTEBOOK, parameters, out, files=(_CORPUS_NOTEBOOK, _CORPUS_HTML),
                        place=lambda build: (out / _CORPUS_FOLDER, "部门预算横向比较 Departments and years compared"),
                        what=f"corpus report of {source}", failed=out / f"{_CORPUS_FOLDER}{_FAILED_SUFFIX}")
    return final / _CORPUS_HTML


def _run_report(notebook: str, parameters: Mapping[str, Any], root: Path, *, files: tuple[str, str],
                place: Callable[[Path], tuple[Path, str]], what: str, failed: Path) -> Path:
    """Run ``notebook`` into a build folder in ``root``, export its HTML, swap the folder in; return the folder.

    The notebook gets ``parameters`` plus ``output_dir`` (the build folder) and
    is saved as ``files[0]``; ``place(build)``, called once the run has
    written its outputs, gives the final folder and the page title; the HTML
    is ``files[1]``. Any failure moves the build folder to ``failed`` (the
    failed notebook inside) and raises :class:`ReportError` naming ``what``
    and the failing cell; whatever was at the final folder stays as it was.
    """
    notebook_file, html_file = files
    root.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
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


@dataclass
class BuildSummary:
    """What :func:`build_all` did: the HTML of each department-year report built, each failure (source,
    message; the corpus report's source is ``"corpus"``), the corpus report's HTML, the index."""

    built: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0
    corpus: Path | None = None


def skip_slow_optional_imports() -> None:
    """Make jsonschema skip its optional ``rfc3987_syntax`` in a process this package owns (CLI, build workers).

    That module compiles a lark grammar when imported (about 0.7 s, measured),
    and jsonschema — imported by nbformat, hence papermill — uses it only for
    IRI string formats, which notebook validation never checks. Not done on
    import of this module: a library must not change what its caller can import.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _build_one(source: str | list[str], out_root: str) -> tuple[str, str | None, str | None]:
    """Worker: (source, html path or None, error or None); a list of files is one publication in parts."""
    label = " + ".join(source) if isinstance(source, list) else source
    return (label, *_attempt(functools.partial(build_report, source, out_root=out_root)))


def _build_corpus(out_root: str) -> tuple[str, str | None, str | None]:
    """Worker: ("corpus", html path or None, error or None) of the project's corpus report."""
    return (_CORPUS_FOLDER, *_attempt(functools.partial(build_corpus_report, out_root=out_root)))


def _attempt(build: Callable[[], Path]) -> tuple[str | None, str | None]:
    """(html path or None, error or None) of ``build()``; never raises.

    A run that failed before any cell raised (kernel start-up, ports under
    parallel load: ecosystem.md §1.6) is retried once; a failing cell is not.
    """
    for attempt in (1, 2):
        try:
            return str(build()), None
        except ReportError as exc:
            if attempt == 1 and not hasattr(exc.__cause__, "ename"):
                continue
            return None, str(exc)
        except Exception as exc:  # one bad document must not stop the others
            return None, f"{type(exc).__name__}: {_one_line(exc)}"
    raise AssertionError("unreachable")


def _pair_part_files(paths: list[Path]) -> list:
    """The files of ``data/raw`` as report sources: the parts of one publication filed by ``chanhe-budget add``
    (``<department>_说明`` and ``<department>_表格`` in one year folder) become one source, the list of both."""
    from ..corpus.catalog import PART_SUFFIXES

    narrative, tables = PART_SUFFIXES["narrative"], PART_SUFFIXES["tables"]
    by_name = {(p.parent, p.stem): p for p in paths}
    sources: list = []
    for p in paths:
        if p.stem.endswith(tables) and (p.parent, p.stem.removesuffix(tables) + narrative) in by_name:
            continue  # reported with its narrative part
        partner = by_name.get((p.parent, p.stem.removesuffix(narrative) + tables)) if p.stem.endswith(narrative) \
            else None
        sources.append([str(p), str(partner)] if partner else str(p))
    return sources


def build_all(workers: int | None = None, *, out_root: str | os.PathLike | None = None,
              progress: bool | None = None, corpus: bool = True) -> BuildSummary:
    """Build the report of every department-year in ``data/raw``, in parallel processes, then the corpus
    report (:func:`build_corpus_report` of the project); write ``index.html`` linking them all.

    ``workers`` defaults to ``os.cpu_count()``; each report runs in its own
    process (papermill is process-safe, not thread-safe with ``cwd``), started
    with ``spawn`` — so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard. The corpus report is queued last, so
    it starts when a worker is free and overlaps only the last department-year
    reports; ``corpus=False`` leaves it out. A failure (the corpus report's
    too) is recorded and the others go on; ``progress`` shows a tqdm bar
    (default: when stderr is a terminal).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    from tqdm import tqdm

    held = available_disclosures()
    sources = _pair_part_files([p for departments in held.values() for p in departments.values()])
    if not sources:
        raise ParameterError(f"no disclosures to report on: {raw_dir()} holds {_holdings(held)}")
    root = Path(out_root).resolve() if out_root is not None else reports_dir()
    root.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(workers or os.cpu_count() or 1, len(sources)))
    summary = BuildSummary()
    start = time.perf_counter()
    with tqdm(total=len(sources) + (1 if corpus else 0), desc="reports", unit="report",
              disable=None if progress is None else not progress, file=sys.stderr) as bar:
        if workers == 1:
            jobs = [functools.partial(_build_one, s, str(root)) for s in sources]
            if corpus:
                jobs.append(functools.partial(_build_corpus, str(root)))
            for job in jobs:
                _record(summary, job())
                bar.update()
        else:
            # spawn, not fork: the caller may hold threads (a Jupyter kernel does); the workers own their imports
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                     initializer=skip_slow_optional_imports) as pool:
                futures = [pool.submit(_build_one, s, str(root)) for s in sources]
                if corpus:
                    futures.append(pool.submit(_build_corpus, str(root)))  # queued last: after the department-years
                for future in as_completed(futures):
                    _record(summary, future.result())
                    bar.update()
    summary.seconds = time.perf_counter() - start
    summary.index = write_index(root, summary.failed)
    return summary


def _record(summary: BuildSummary, result: tuple[str, str | None, str | None]) -> None:
    source, html_path, error = result
    if not html_path:
        summary.failed.append((source, error or "unknown error"))
    elif source == _CORPUS_FOLDER:  # a disclosure's source is an absolute path, never this bare name
        summary.corpus = Path(html_path)
    else:
        summary.built.append(Path(html_path))


# --------------------------------------------------------------------------
# Index
# --------------------------------------------------------------------------

_INDEX_COLUMNS = (
    ("total_expenditure", "支出总计(万元)"), ("basic_share_pct", "基本支出占比%"),
    ("project_share_pct", "项目支出占比%"), ("personnel_share_of_basic_pct", "人员经费占基本支出%"),
    ("change_vs_prior_pct", "比上年增减%"),
)


def write_index(out_root: str | os.PathLike | None = None, failures: Iterable[tuple[str, str]] = ()) -> Path:
    """Write ``<out_root>/index.html``: every report found there with its headline figures and audit verdict.

    Reports are found by their ``figures.json`` (``<year>/<department>/``),
    the corpus report by ``corpus/corpus.html``; every name and message is
    HTML-escaped and every link URL-quoted.
    """
    root = Path(out_root).resolve() if out_root is not None else reports_dir()
    esc = html.escape
    rows = []
    for path in sorted(root.glob("*/*/" + _FIGURES_JSON), key=lambda p: (p.parent.parent.name, p.parent.name)):
        folder = path.parent
        if folder.name.startswith(".") or folder.name.endswith(_FAILED_SUFFIX):
            continue
        try:
            figures = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        link = quote(f"{folder.parent.name}/{folder.name}/{_REPORT_HTML}")
        audit = figures.get("audit") or {}
        cells = "".join(f"<td class='num'>{_fmt(figures.get(key))}</td>" for key, _ in _INDEX_COLUMNS)
        rows.append(f"<tr><td>{esc(folder.parent.name)}</td><td><a href=\"{esc(link)}\">"
                    f"{esc(str(figures.get('department') or folder.name))}</a></td>{cells}"
                    f"<td>{esc(str(audit.get('verdict', '—')))}</td>"
                    f"<td class='num'>{_fmt(figures.get('transparency_score'))}</td></tr>")
    head = "".join(f"<th>{esc(label)}</th>" for _, label in _INDEX_COLUMNS)
    failed = "".join(f"<li><b>{esc(Path(src).name)}</b>: {esc(msg)}</li>" for src, msg in failures)
    page = (
        "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>部门预算报告 Reports</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px}td.num{text-align:right}</style></head><body>"
        "<h1>部门预算比率分析报告 Budget disclosure reports</h1>"
        f"{_corpus_entry(root)}"
        f"<table><tr><th>年度</th><th>部门</th>{head}<th>审计结论 Audit</th><th>透明度得分</th></tr>"
        f"{''.join(rows)}</table>"
        + (f"<h2>失败 Failed</h2><ul>{failed}</ul>" if failed else "")
        + "</body></html>\n"
    )
    index = write_text_atomic(root / "index.html", embed_font(page))
    index.chmod(_new_file_mode(root))
    return index


def _corpus_entry(root: Path) -> str:
    """The index's link to the corpus report, with what it compares; empty when there is none."""
    folder = root / _CORPUS_FOLDER
    if not (folder / _CORPUS_HTML).is_file():
        return ""
    try:
        record = json.loads((folder / _CORPUS_JSON).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        record = {}
    rows = record.get("panel") if isinstance(record.get("panel"), list) else []
    departments = {str(r.get("department")) for r in rows if isinstance(r, dict)}
    years = sorted({str(r.get("year")) for r in rows if isinstance(r, dict) and r.get("year") is not None})
    what = (f"{len(rows)} 个部门年度 department-years, {len(departments)} 个部门 departments, "
            f"{'–'.join(dict.fromkeys([years[0], years[-1]])) if years else '—'}")
    link = quote(f"{_CORPUS_FOLDER}/{_CORPUS_HTML}")
    return (f"<h2>横向比较 Departments and years compared</h2><p><a href=\"{html.escape(link)}\">"
            f"部门预算横向比较 Corpus report</a> ({html.escape(what)})</p><h2>部门年度报告 Department-year reports</h2>")


def _fmt(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value):
        return f"{value:,.2f}"
    return "—"
