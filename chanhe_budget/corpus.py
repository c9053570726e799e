"""A corpus of department-years: many disclosures read at once, cached, and compared.

Why: transparency research compares departments and years. :func:`load_corpus`
reads every document of a catalogue (or of ``data/raw``) — in local worker
processes by default, on a Dask cluster when given a scheduler address, with the
same results either way — and keeps what each document gave. A document that
cannot be read is listed in :attr:`Corpus.failures` with its reason; it never
costs the others their results.

Parse results are cached by the document's sha256 under ``data/cache/parsed``:
one file per document, written atomically, keyed by the package version and a
digest of its source (a changed parser never serves stale results). The file
holds a small summary (department, year, figures, warnings) and then the pickled
:class:`~chanhe_budget.model.Disclosure`; a warm load reads only the summaries,
and a document is unpickled whole when its tables, narrative or audit are first
asked for. The cache is local and trusted like the code: do not copy cache files
from elsewhere.

Sections: one document in a worker · the cache · running the parses (local
processes, this process, Dask) · which documents · the corpus · year on year.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import pickle
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from .catalog import catalog_base, read_catalog, resolve_path, scan_documents, scan_raw
from .config import data_dir, project_root
from .diagnostics import WarningLog
from .errors import (
    CatalogError,
    ChanheBudgetError,
    MissingComponentError,
    ParameterError,
    SchedulerError,
    UnknownTableError,
)
from .exports import write_atomic
from .figures import FIGURE_LABELS, FIGURE_NAMES
from .model import Disclosure
from .template import TABLE_LABELS, compact

__all__ = ["Corpus", "Document", "Job", "Outcome", "cache_key", "load_corpus", "parse_document"]

#: ``scheduler=`` values that do not name a Dask scheduler.
LOCAL_SCHEDULERS = (None, "processes", "synchronous")
_DASK_PREFIXES = ("tcp://", "tls://", "ucx://", "inproc://", "ws://", "wss://")
#: Leading columns added to every stacked table.
DOCUMENT_KEYS = ("department", "year", "kind", "template")
#: Figures compared year on year (amounts in 万元, project_count a count).
YEAR_ON_YEAR_FIGURES = (
    "total_income", "total_expenditure", "expenditure_this_year", "general_budget_income", "basic_expenditure",
    "project_expenditure", "personnel_expenditure", "public_expenditure", "three_public_total",
    "operating_expenditure", "procurement_total", "project_count",
)
#: Narrative keys of change statements → the figures they speak of (收支总计各减少 speaks of both totals).
CLAIM_FIGURES: dict[str, tuple[str, ...]] = {
    "total": ("total_income", "total_expenditure"),
    "total_income": ("total_income",),
    "total_expenditure": ("total_expenditure",),
    "expenditure_this_year": ("expenditure_this_year",),
    "general_budget_total": ("general_budget_income",),
    "general_budget_income": ("general_budget_income",),
    "basic_expenditure": ("basic_expenditure",),
    "project_expenditure": ("project_expenditure",),
    "three_public_total": ("three_public_total",),
    "operating_expenditure": ("operating_expenditure",),
    "procurement_total": ("procurement_total",),
}
#: The table each figure is read from (the narrative for the rest), for the evidence of a check.
FIGURE_TABLES: dict[str, str] = {
    "total_income": "summary", "total_expenditure": "summary", "expenditure_this_year": "expenditure",
    "general_budget_income": "summary", "basic_expenditure": "expenditure", "project_expenditure": "expenditure",
    "personnel_expenditure": "general_budget_basic", "public_expenditure": "general_budget_basic",
    "three_public_total": "three_public", "operating_expenditure": "operating_funds", "project_count": "projects",
}
CHECK_COLUMNS = ("check_id", "family", "description_zh", "description_en", "expected", "found", "difference",
                 "tolerance", "status", "reason", "table", "row", "line", "evidence")


# ---------------------------------------------------------------- one document, in a worker


@dataclass
class Outcome:
    """What parsing one document gave: a Disclosure (or only its summary, when the worker cached it),
    or the error type and reason. Picklable: it travels back from worker processes and Dask workers."""

    disclosure: Disclosure | None
    error: str | None = None
    reason: str | None = None
    seconds: float = 0.0
    cacheable: bool = True  # typed errors are deterministic; crashes and bugs are retried next time
    summary: dict | None = None
    stored: bool = False  # the worker wrote the cache entry itself
    payload: bytes | None = field(default=None, repr=False)  # the Disclosure pickled, when sent as bytes


@dataclass(frozen=True)
class Job:
    """One document to parse: its position in the catalogue, name, bytes and sha256."""

    index: int
    name: str
    data: bytes = field(repr=False)
    sha256: str


def parse_document(data: bytes, name: str | None = None, *, cache_folder: str | os.PathLike | None = None,
                   sha256: str | None = None, keep: bool = True, as_bytes: bool = False) -> Outcome:
    """Parse one document's bytes (runs in a worker process or on a Dask worker).

    Never raises: a :class:`~chanhe_budget.errors.ChanheBudgetError` becomes a
    failed outcome with its message; any other exception (a parser bug) too,
    marked as internal, so one document cannot stop a batch. With ``cache_folder``
    (local workers share the disk) the worker writes the cache entry itself and,
    unless ``keep``, sends back only the summary: the parent then has no pickle to
    undo, which is what lets two workers go faster than one process. With ``as_bytes``
    (Dask workers, whose disk may be elsewhere) the Disclosure comes back pickled, as
    bytes the parent writes to its cache without unpickling them.
    """
    from .pipeline import read_disclosure

    start = time.perf_counter()
    try:
        disclosure = read_disclosure(data)
        disclosure.source = name
        outcome = Outcome(disclosure, summary=_summary(disclosure))
    except ChanheBudgetError as exc:
        outcome = Outcome(None, type(exc).__name__, str(exc))
    except Exception as exc:  # a bug must not cost the other documents their results
        outcome = Outcome(None, type(exc).__name__, f"internal error while reading ({type(exc).__name__}: {exc}); "
                          "please report it with the file", cacheable=False)
    outcome.seconds = time.perf_counter() - start
    if cache_folder is not None and sha256 and outcome.cacheable:
        try:
            _cache_store(Path(cache_folder), sha256, outcome)
            outcome.stored = True
        except OSError:
            return outcome  # the parent tries again and notes the trouble
        if not keep:
            outcome.disclosure = None
    if as_bytes and outcome.disclosure is not None:
        outcome.payload = pickle.dumps(outcome.disclosure, protocol=pickle.HIGHEST_PROTOCOL)
        outcome.disclosure = None
    return outcome


# ---------------------------------------------------------------- the cache


@cache
def cache_key() -> str:
    """Package version plus a digest of its source: a changed parser never serves stale results."""
    from . import __version__

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def _cache_file(folder: Path, sha: str) -> Path:
    return folder / sha[:2] / f"{sha}.pickle"


def _summary(d: Disclosure) -> dict:
    """What the panel needs of a document, stored in front of the full pickle so a warm load reads only this."""
    return {"department": d.department, "year": d.year, "kind": d.kind, "scope": d.scope,
            "template": d.template.name, "figures": dict(d.figures), "warnings": list(d.warnings)}


def _cache_header(folder: Path | None, sha: str) -> dict | None:
    """The cached header (summary, or error and reason), or None when absent, stale or unreadable."""
    if folder is None:
        return None
    try:
        with open(_cache_file(folder, sha), "rb") as handle:
            header = pickle.load(handle)
    except Exception:  # absent, damaged or foreign: a miss, never an error
        return None
    if not isinstance(header, dict) or header.get("key") != cache_key() or header.get("sha256") != sha \
            or "summary" not in header:
        return None
    return header


def _cache_disclosure(folder: Path | None, sha: str) -> Disclosure | None:
    """The full cached Disclosure (the second pickle of the file), or None."""
    if folder is None:
        return None
    try:
        with open(_cache_file(folder, sha), "rb") as handle:
            header = pickle.load(handle)
            if header.get("key") != cache_key() or header.get("sha256") != sha:
                return None
            disclosure = pickle.load(handle)
    except Exception:
        return None
    return disclosure if isinstance(disclosure, Disclosure) else None


def _cache_store(folder: Path, sha: str, outcome: Outcome) -> None:
    d = outcome.disclosure
    summary = outcome.summary if outcome.summary is not None or d is None else _summary(d)
    header = {"key": cache_key(), "sha256": sha, "summary": summary,
              "error": outcome.error, "reason": outcome.reason}

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            if outcome.payload is not None:
                handle.write(outcome.payload)
            elif d is not None:
                pickle.dump(d, handle, protocol=pickle.HIGHEST_PROTOCOL)

    write_atomic(_cache_file(folder, sha), write)


# ---------------------------------------------------------------- running the parses


def _check_options(scheduler, workers: int | None) -> int:
    if workers is None:
        workers = os.cpu_count() or 1
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ParameterError(f"workers must be a whole number ≥ 1, found {workers!r}")
    if scheduler in LOCAL_SCHEDULERS or hasattr(scheduler, "submit") or hasattr(scheduler, "scheduler_address"):
        return workers
    if isinstance(scheduler, str) and (scheduler.startswith(_DASK_PREFIXES) or ":" in scheduler):
        return workers
    raise ParameterError(f"unknown scheduler {scheduler!r}; use None or 'processes' (local processes), "
                         "'synchronous' (this process), a Dask scheduler address such as 'tcp://host:8786', "
                         "or a dask.distributed Client")


def _run(jobs: list[Job], scheduler, workers: int, folder: Path | None) -> dict[int, Outcome]:
    if not jobs:
        return {}
    if scheduler == "synchronous":
        return {job.index: parse_document(job.data, job.name, cache_folder=folder, sha256=job.sha256) for job in jobs}
    if scheduler in (None, "processes"):
        return _run_processes(jobs, workers, folder)
    return _run_dask(jobs, scheduler)


def _mp_context():
    """forkserver where there is one: workers fork from a clean server, never from a threaded parent."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["chanhe_budget.pipeline"])
        return context
    return multiprocessing.get_context()


def _run_processes(jobs: list[Job], workers: int, folder: Path | None = None, parse=None) -> dict[int, Outcome]:
    """Parse in local worker processes; a worker that dies costs only its own document (found by a retry)."""
    parse = parse or parse_document
    outcomes: dict[int, Outcome] = {}
    broken = _pool_pass(jobs, min(workers, len(jobs)), outcomes, parse, folder)
    for job in broken:  # a crashed worker takes its neighbours down: retry each alone to find the culprit
        if _pool_pass([job], 1, outcomes, parse, folder):
            outcomes[job.index] = Outcome(None, "WorkerDied", "the worker process died while reading this document "
                                          "(a crash or out of memory)", cacheable=False)
    return outcomes


def _pool_pass(jobs: list[Job], workers: int, outcomes: dict[int, Outcome], parse, folder: Path | None) -> list[Job]:
    broken = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        futures = {pool.submit(parse, job.data, job.name, cache_folder=folder, sha256=job.sha256,
                               keep=folder is None): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcomes[job.index] = future.result()
            except BrokenProcessPool:
                broken.append(job)
            except Exception as exc:  # e.g. a result that cannot be pickled back
                outcomes[job.index] = Outcome(None, type(exc).__name__, f"the worker failed: {exc}", cacheable=False)
    return broken


def _run_dask(jobs: list[Job], scheduler) -> dict[int, Outcome]:
    """Parse on a Dask cluster. Workers need not share this disk: documents go as bytes, results come back
    whole and the cache is written here."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise MissingComponentError("a Dask scheduler needs dask.distributed: pip install 'dask[distributed]'") from None
    own = not isinstance(scheduler, Client)
    if own:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    else:
        client = scheduler
    outcomes: dict[int, Outcome] = {}
    try:
        keys = [f"chanhe-parse-{job.index}-{job.sha256[:16]}" for job in jobs]
        futures = client.map(parse_document, [job.data for job in jobs], [job.name for job in jobs],
                             key=keys, pure=False, as_bytes=True)
        index = {future.key: job.index for future, job in zip(futures, jobs, strict=True)}
        for future in dask_completed(futures):
            try:
                outcomes[index[future.key]] = future.result()
            except Exception as exc:  # KilledWorker, CancelledError, a lost connection …
                outcomes[index[future.key]] = Outcome(None, type(exc).__name__, f"the Dask task failed: {exc}",
                                                      cacheable=False)
    finally:
        if own:
            client.close()
    return outcomes


# ---------------------------------------------------------------- which documents


def _entries(root_or_catalog) -> tuple[list[dict], Path]:
    """Catalogue rows with an absolute ``file``, and the default cache folder of that corpus."""
    if isinstance(root_or_catalog, pd.DataFrame):
        frame, base, cache_home = root_or_catalog, project_root(), data_dir() / "cache"
    else:
        where = Path(root_or_catalog) if root_or_catalog is not None else project_root()
        if where.is_dir() and (where / "data" / "catalog.csv").is_file():
            where = where / "data" / "catalog.csv"
        if where.is_file() and where.suffix.lower() == ".csv":
            frame, base, cache_home = read_catalog(where), catalog_base(where), where.resolve().parent / "cache"
        elif where.is_dir() and (where / "data" / "raw").is_dir():
            frame, base, cache_home = scan_raw(where), where.resolve(), where.resolve() / "data" / "cache"
        elif where.is_dir():
            frame, base, cache_home = scan_documents(where), where.resolve(), data_dir() / "cache"
        else:
            raise CatalogError(f"no corpus at {where}: expected a project folder (with data/catalog.csv or "
                               "data/raw), a folder of documents, or a catalogue .csv")
    if "path" not in frame.columns:
        raise CatalogError("a catalogue needs a 'path' column")
    rows = []
    for row in frame.to_dict("records"):
        row = {k: (None if _missing(v) else v) for k, v in row.items()}
        row["file"] = resolve_path(str(row["path"]), base / "data" / "catalog.csv")
        rows.append(row)
    return rows, cache_home


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cache_folder(cache, default: Path) -> Path | None:
    if cache is True:
        return default / "parsed"
    if cache is False or cache is None:
        return None
    if isinstance(cache, str | os.PathLike):
        return Path(cache)
    raise ParameterError(f"cache must be True, False or a folder, found {cache!r}")


# ---------------------------------------------------------------- the corpus


@dataclass(eq=False)
class Document:
    """One catalogued document and what reading it gave.

    ``summary`` (department, year, kind, scope, template, figures, warnings) is None when the document
    failed (then ``error`` and ``reason`` say why). The full :attr:`disclosure` of a document served from
    the cache is unpickled on first use, so a panel of thousands of documents loads in a moment.
    """

    path: str
    file: Path
    sha256: str | None
    source_url: str | None
    status: str  # parsed, cached or failed
    summary: dict | None
    error: str | None = None
    reason: str | None = None
    catalogued: dict | None = None
    cache_folder: Path | None = field(default=None, repr=False)
    _disclosure: Disclosure | None = field(default=None, repr=False)
    _payload: bytes | None = field(default=None, repr=False)

    @property
    def disclosure(self) -> Disclosure | None:
        """The parsed document (None when it failed): from memory, else the cache, else parsed again."""
        if self.summary is None:
            return None
        if self._disclosure is None:
            disclosure = pickle.loads(self._payload) if self._payload is not None else \
                _cache_disclosure(self.cache_folder, self.sha256)
            if disclosure is None:
                disclosure = self._parse_again()
            disclosure.source = str(self.file)
            self._disclosure, self._payload = disclosure, None
        return self._disclosure

    def _parse_again(self) -> Disclosure:
        try:
            data = self.file.read_bytes()
        except OSError as exc:
            raise CatalogError(f"cannot read {self.file} again: {exc.strerror or exc}") from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise CatalogError(f"{self.path} changed since the corpus was loaded; load the corpus again")
        outcome = parse_document(data, str(self.file))
        if outcome.disclosure is None:
            raise CatalogError(f"{self.path} could not be read again: {outcome.reason}")
        return outcome.disclosure


def load_corpus(root_or_catalog: str | os.PathLike | pd.DataFrame | None = None, *, scheduler=None,
                workers: int | None = None, cache: bool | str | os.PathLike = True) -> Corpus:
    """Read every document of a corpus; failures are listed, never raised.

    ``root_or_catalog``: a project folder (its ``data/catalog.csv``, else the files
    of its ``data/raw``), a catalogue ``.csv``, a catalogue DataFrame, or a plain
    folder of documents; default the project root. ``scheduler``: None /
    ``"processes"`` (local worker processes, ``workers`` of them, default the CPU
    count), ``"synchronous"`` (this process), or a Dask scheduler address
    (``"tcp://host:8786"``) or ``dask.distributed.Client``. ``cache``: True (the
    corpus's ``data/cache/parsed``), False, or a folder.
    """
    workers = _check_options(scheduler, workers)
    start = time.perf_counter()
    entries, cache_home = _entries(root_or_catalog)
    folder = _cache_folder(cache, cache_home)
    documents: dict[int, Document] = {}
    jobs: list[Job] = []
    hashes: dict[int, str] = {}
    notes: list[dict] = []
    from_cache = 0
    for i, entry in enumerate(entries):
        try:
            data = entry["file"].read_bytes()
        except OSError as exc:
            documents[i] = _document(entry, None, "failed", None, folder, error=type(exc).__name__,
                                     reason=f"cannot read {entry['file']}: {exc.strerror or exc}")
            continue
        sha = hashes[i] = hashlib.sha256(data).hexdigest()
        if entry.get("sha256") and entry["sha256"] != sha:
            notes.append({"path": entry["path"], "code": "sha256_mismatch",
                          "message": f"the file changed since it was catalogued (catalogue {entry['sha256'][:12]}…, "
                                     f"file {sha[:12]}…); the file as it is now was read"})
        header = _cache_header(folder, sha)
        if header is not None:
            from_cache += 1
            status = "cached" if header["summary"] is not None else "failed"
            documents[i] = _document(entry, sha, status, header["summary"], folder, error=header["error"],
                                     reason=header["reason"])
        else:
            jobs.append(Job(i, str(entry["file"]), data, sha))
    for i, outcome in _run(jobs, scheduler, workers, folder).items():
        if folder is not None and outcome.cacheable and not outcome.stored:
            try:
                _cache_store(folder, hashes[i], outcome)
                outcome.stored = True
            except OSError as exc:
                notes.append({"path": entries[i]["path"], "code": "cache_not_written", "message": str(exc)})
        summary = outcome.summary if outcome.summary is not None else (
            _summary(outcome.disclosure) if outcome.disclosure is not None else None)
        documents[i] = _document(entries[i], hashes[i], "parsed" if summary is not None else "failed", summary,
                                 folder, error=outcome.error, reason=outcome.reason, disclosure=outcome.disclosure,
                                 payload=None if outcome.stored else outcome.payload)
    ordered = [documents[i] for i in range(len(entries))]
    stats = {"documents": len(ordered), "parsed": len(jobs), "cached": from_cache,
             "failed": sum(d.status == "failed" for d in ordered),
             "seconds": round(time.perf_counter() - start, 3)}
    return Corpus(ordered, notes=notes, stats=stats)


def _document(entry: dict, sha, status: str, summary, folder, *, error=None, reason=None,
              disclosure: Disclosure | None = None, payload: bytes | None = None) -> Document:
    if disclosure is not None:
        disclosure.source = str(entry["file"])
    return Document(str(entry["path"]), entry["file"], sha, entry.get("source_url"), status, summary, error, reason,
                    {k: v for k, v in entry.items() if k != "file"}, folder, disclosure, payload)


class Corpus:
    """Many disclosures, read: the panel of key figures, stacked tables, audits and real year-on-year.

    Build it with :func:`load_corpus`. Amounts are in 万元 throughout.
    """

    def __init__(self, documents: list[Document], *, notes: list[dict] | None = None, stats: dict | None = None):
        self._documents = list(documents)
        self._notes = list(notes or [])
        self.stats: dict = dict(stats or {})

    # -- what was read

    @property
    def records(self) -> list[Document]:
        """Every catalogued document with its outcome (read or failed) and provenance, in catalogue order."""
        return list(self._documents)

    @property
    def disclosures(self) -> list[Disclosure]:
        """The documents that could be read, in catalogue order (those served from the cache are unpickled now)."""
        return [doc.disclosure for doc in self._read()]

    @property
    def documents(self) -> pd.DataFrame:
        """One row per catalogued document: ``path``, ``department``, ``year``, ``kind``, ``scope``,
        ``template``, ``sha256``, ``source_url``, ``status`` (parsed / cached / failed), ``warnings``
        (count), ``error``, ``reason``."""
        rows = []
        for doc in self._documents:
            known = doc.summary or {k: (doc.catalogued or {}).get(k) for k in ("department", "year", "kind", "template")}
            rows.append({"path": doc.path, **{k: known.get(k) for k in ("department", "year", "kind", "scope",
                                                                         "template")},
                         "sha256": doc.sha256, "source_url": doc.source_url, "status": doc.status,
                         "warnings": len(doc.summary["warnings"]) if doc.summary else None, "error": doc.error,
                         "reason": doc.reason})
        frame = pd.DataFrame(rows, columns=["path", "department", "year", "kind", "scope", "template", "sha256",
                                            "source_url", "status", "warnings", "error", "reason"])
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        frame["warnings"] = frame["warnings"].astype("Int64")
        return frame

    @property
    def failures(self) -> pd.DataFrame:
        """Documents that could not be read: ``path``, ``sha256``, ``error`` (type), ``reason``."""
        docs = self.documents
        return docs.loc[docs["status"] == "failed", ["path", "sha256", "error", "reason"]].reset_index(drop=True)

    @property
    def warnings(self) -> pd.DataFrame:
        """Every parse warning of every document, and the corpus's own notes (changed files, duplicates,
        cache trouble): ``path``, ``department``, ``year``, ``code``, ``message``, ``line``, ``text``, ``table``."""
        frames = []
        for doc in self._read():
            if doc.summary["warnings"]:
                frame = WarningLog(doc.summary["warnings"]).to_frame()
                frame.insert(0, "year", doc.summary["year"])
                frame.insert(0, "department", doc.summary["department"])
                frame.insert(0, "path", doc.path)
                frames.append(frame)
        notes = pd.DataFrame(self._notes + self._duplicate_notes(), columns=["path", "code", "message"])
        frames.append(notes)
        columns = ["path", "department", "year", "code", "message", "line", "text", "table"]
        return pd.concat([f for f in frames if len(f)] or [pd.DataFrame(columns=columns)],
                         ignore_index=True).reindex(columns=columns)

    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self):
        return iter(self.disclosures)

    def __repr__(self) -> str:
        return (f"Corpus({len(self._documents)} documents, {len(self._read())} read, "
                f"{self.stats.get('failed', 0)} failed, {self.stats.get('cached', 0)} from cache)")

    # -- panel and long tables

    @cached_property
    def figures(self) -> pd.DataFrame:
        """The panel: one row per document read (department-year-kind), columns :data:`FIGURE_NAMES`
        (amounts 万元, shares %) then ``template``, ``path``, ``sha256``; sorted by department, year, kind."""
        rows = [{**doc.summary["figures"], "template": doc.summary["template"], "path": doc.path,
                 "sha256": doc.sha256} for doc in self._read()]
        frame = pd.DataFrame(rows, columns=[*FIGURE_NAMES, "template", "path", "sha256"])
        for column in FIGURE_NAMES[5:]:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64" if column == "project_count"
                                                                                  else "float64")
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        frame = frame.sort_values(["department", "year", "kind", "path"], na_position="last", kind="stable")
        return frame.reset_index(drop=True)

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` from every document that has it, stacked long: ``department``, ``year``, ``kind``,
        ``template``, then the table's own columns (amounts 万元), then ``path``. Documents without it are
        skipped (see :attr:`documents`)."""
        if name not in TABLE_LABELS:
            raise UnknownTableError(f"unknown table {name!r}; canonical names: {', '.join(TABLE_LABELS)}")
        frames = []
        for doc in self._read():
            d = doc.disclosure
            if name not in d.tables:
                continue
            frame = d.tables[name].copy()
            frame.attrs = {}
            for position, (column, value) in enumerate(zip(DOCUMENT_KEYS, (d.department, d.year, d.kind,
                                                                           d.template.name), strict=True)):
                frame.insert(position, column, value)
            frame["path"] = doc.path
            frames.append(frame)
        stacked = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*DOCUMENT_KEYS, "path"])
        stacked["year"] = pd.to_numeric(stacked["year"], errors="coerce").astype("Int64")
        stacked.attrs = {"table": name, "label": TABLE_LABELS[name], "unit": "万元"}
        return stacked

    # -- audit

    def audit(self, *, year_on_year: bool = True) -> pd.DataFrame:
        """Every document's checks (:func:`chanhe_budget.audit.audit`) in one frame, with ``department``,
        ``year``, ``kind``, ``path`` in front; then the year-on-year checks of :meth:`year_on_year_checks`.

        A document whose audit raises gets one ``cannot_check`` row with the reason; the others are kept.
        """
        try:
            from .audit import audit as audit_one
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.audit":
                raise
            raise MissingComponentError("the per-document audit (chanhe_budget.audit) is not installed yet; "
                                        "Corpus.year_on_year_checks() works without it") from None
        frames = []
        for doc in self._read():
            d = doc.disclosure
            try:
                frame = audit_one(d).copy()
            except Exception as exc:  # one document's audit must not cost the others theirs
                frame = pd.DataFrame([_check_row(
                    "audit.error", "audit", "审计未能完成", "the audit of this document did not complete", None, None,
                    None, "cannot_check", f"{type(exc).__name__}: {exc}", evidence=doc.path)])
            frame.attrs = {}
            for position, (column, value) in enumerate(zip(("department", "year", "kind", "path"),
                                                           (d.department, d.year, d.kind, doc.path), strict=True)):
                frame.insert(position, column, value)
            frames.append(frame)
        if year_on_year:
            frames.append(self.year_on_year_checks())
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=["department", "year", "kind", "path", *CHECK_COLUMNS])
        return pd.concat(frames, ignore_index=True)

    # -- year on year

    def year_on_year(self) -> pd.DataFrame:
        """Actual change between a document and the same department's previous-year document of the same kind.

        One row per compared quantity: ``department``, ``kind``, ``year``, ``prior_year``, ``item_type``
        (``figure`` — a key figure; ``function`` — a functional code of the expenditure table, summed over
        units; ``project`` — a project of the project table, by name), ``key`` (figure name, code, or
        compacted project name), ``name`` (label as printed), ``current``, ``previous``, ``change`` (万元,
        or a count for project_count), ``change_pct`` (%), ``presence`` (both / current_only /
        previous_only), ``path``, ``prior_path``. ``change`` is null unless both years give the quantity.
        """
        rows: list[dict] = []
        for doc, prior in self._pairs():
            d, p = doc.disclosure, prior.disclosure
            common = {"department": d.department, "kind": d.kind, "year": d.year, "prior_year": p.year}
            sides = {"figure": ({n: (FIGURE_LABELS[n], d.figures[n]) for n in YEAR_ON_YEAR_FIGURES},
                                {n: (FIGURE_LABELS[n], p.figures[n]) for n in YEAR_ON_YEAR_FIGURES}),
                     "function": (_function_lines(d), _function_lines(p)),
                     "project": (_project_lines(d), _project_lines(p))}
            for item_type, (now, before) in sides.items():
                for key in [*now, *(k for k in before if k not in now)]:
                    name, current = now.get(key, (None, None))
                    prior_name, previous = before.get(key, (None, None))
                    if current is None and previous is None:
                        continue
                    change = None if current is None or previous is None else round(current - previous, 2)
                    rows.append({**common, "item_type": item_type, "key": key, "name": name or prior_name,
                                 "current": current, "previous": previous, "change": change,
                                 "change_pct": None if change is None or not previous else
                                 round(change / previous * 100, 2),
                                 "presence": "both" if change is not None else
                                 ("current_only" if previous is None else "previous_only"),
                                 "path": doc.path, "prior_path": prior.path})
        columns = ["department", "kind", "year", "prior_year", "item_type", "key", "name", "current", "previous",
                   "change", "change_pct", "presence", "path", "prior_path"]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("current", "previous", "change", "change_pct"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        for column in ("year", "prior_year"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def year_on_year_checks(self) -> pd.DataFrame:
        """The narrative's stated change (比上年增减额 / 增减率) against the change between the two documents.

        Check-like rows (the columns of :func:`chanhe_budget.audit.audit`, family ``year_on_year``, plus
        ``department``, ``year``, ``kind``, ``path``, ``prior_path``) so they can be appended to the audit. A
        disagreement is a ``fail`` whose evidence names both documents; a claim whose figure one of the
        documents lacks is ``cannot_check`` with the reason. Tolerance: 0.01 万元 for amounts (two rounded
        addends), the propagated rounding of both amounts for percentages.
        """
        rows: list[dict] = []
        for doc, prior in self._pairs():
            d, p = doc.disclosure, prior.disclosure
            narrative = d.narrative
            if narrative.empty:
                continue
            claims = narrative[narrative["key"].isin(list(CLAIM_FIGURES))
                               & narrative["kind"].isin(["change_amount", "change_percent"])]
            for claim in claims.to_dict("records"):
                compared = claim["compared_year"]
                if not _missing(compared) and int(compared) != p.year:
                    continue  # compares with another year than the one in the corpus
                for figure in CLAIM_FIGURES[claim["key"]]:
                    rows.append(_claim_check(claim, figure, doc, prior))
        frame = pd.DataFrame(rows, columns=["department", "year", "kind", "path", *CHECK_COLUMNS, "prior_path"])
        return frame

    # -- helpers

    def _read(self) -> list[Document]:
        return [doc for doc in self._documents if doc.summary is not None]

    def _pairs(self) -> list[tuple[Document, Document]]:
        """(document, the same department's document of the previous year and same kind), first one wins."""
        index: dict[tuple, Document] = {}
        for doc in self._read():
            d = doc.summary
            if d["department"] and d["year"] is not None:
                index.setdefault((d["department"], d["kind"], d["year"]), doc)
        return [(doc, index[(dep, kind, year - 1)]) for (dep, kind, year), doc in index.items()
                if (dep, kind, year - 1) in index]

    def _duplicate_notes(self) -> list[dict]:
        seen: dict[tuple, str] = {}
        notes = []
        for doc in self._read():
            key = (doc.summary["department"], doc.summary["year"], doc.summary["kind"])
            if key in seen:
                notes.append({"path": doc.path, "code": "duplicate_department_year",
                              "message": f"{key[0]} {key[1]} ({key[2]}) is also read from {seen[key]}; "
                                         "year-on-year comparisons use the first"})
            else:
                seen[key] = doc.path
        return notes


# ---------------------------------------------------------------- year-on-year pieces


def _function_lines(d: Disclosure) -> dict[str, tuple[str, float]]:
    """Functional code → (name, total 万元) of the expenditure table, summed over units."""
    frame = d.tables.get("expenditure")
    if frame is None or frame.empty or "code" not in frame:
        return {}
    lines = frame[frame["code"].notna() & ~frame["row_kind"].isin(["unit", "total"])]
    out: dict[str, tuple[str, float]] = {}
    for code, group in lines.groupby("code", sort=False):
        out[str(code)] = (str(group["name"].iloc[0]), round(float(group["total"].sum()), 2))
    return out


def _project_lines(d: Disclosure) -> dict[str, tuple[str, float]]:
    """Compacted project name → (name as printed, total 万元), summed over units."""
    frame = d.tables.get("projects")
    if frame is None or frame.empty or "project_name" not in frame:
        return {}
    projects = frame[(frame["row_kind"] == "project") & frame["project_name"].notna()]
    out: dict[str, tuple[str, float]] = {}
    for name, total in zip(projects["project_name"], projects["total"], strict=True):
        key = compact(str(name))
        previous = out.get(key, (str(name), 0.0))[1]
        out[key] = (str(name), round(previous + float(total), 2))
    return out


def _check_row(check_id, family, zh, en, expected, found, tolerance, status, reason, *, table=None, row=None,
               line=None, evidence=None) -> dict:
    difference = None if expected is None or found is None else round(found - expected, 4)
    return {"check_id": check_id, "family": family, "description_zh": zh, "description_en": en,
            "expected": expected, "found": found, "difference": difference, "tolerance": tolerance,
            "status": status, "reason": reason, "table": table, "row": row, "line": line, "evidence": evidence}


def _claim_check(claim: dict, figure: str, doc: Document, prior: Document) -> dict:
    d, p = doc.disclosure, prior.disclosure
    current, previous = d.figures.get(figure), p.figures.get(figure)
    percent = claim["kind"] == "change_percent"
    label, table = FIGURE_LABELS[figure], FIGURE_TABLES.get(figure, "narrative")
    what_zh = "增减率" if percent else "增减额"
    zh = f"叙述所称{label}比 {p.year} 年{what_zh}与两年公开文件实际之差一致"
    en = (f"the stated change in {figure} since {p.year} ({'percent' if percent else '万元'}) matches the "
          "change between the two years' disclosures")
    check_id = f"yoy.{figure}.{claim['kind']}"
    evidence = (f"{claim['sentence']} | {d.year}: {doc.path} ({label} {current}) | "
                f"{p.year}: {prior.path} ({label} {previous})")
    base = {"department": d.department, "year": d.year, "kind": d.kind, "path": doc.path, "prior_path": prior.path}
    expected = float(claim["value"])
    if current is None or previous is None:
        missing = doc.path if current is None else prior.path
        return {**base, **_check_row(check_id, "year_on_year", zh, en, expected, None, None, "cannot_check",
                                     f"{label} is not given by {missing}", table=table, row=label,
                                     line=int(claim["line"]), evidence=evidence)}
    change = current - previous
    if percent:
        if previous == 0:
            return {**base, **_check_row(check_id, "year_on_year", zh, en, expected, None, None, "not_applicable",
                                         f"{label} was 0 in {p.year}: no percentage change", table=table,
                                         row=label, line=int(claim["line"]), evidence=evidence)}
        found = round(change / previous * 100, 2)
        tolerance = round(max(0.01, 100 * 0.005 * (1 / abs(previous) + abs(current) / previous ** 2) + 0.005), 4)
    else:
        found, tolerance = round(change, 2), 0.01
    ok = abs(found - expected) <= tolerance + 1e-9
    reason = None if ok else (f"the narrative of {doc.path} states {expected:+.2f}{'%' if percent else ' 万元'} against "
                              f"{p.year}, but {prior.path} gives {label} {previous} against {current} this year "
                              f"({found:+.2f}{'%' if percent else ' 万元'})")
    return {**base, **_check_row(check_id, "year_on_year", zh, en, expected, found, tolerance,
                                 "pass" if ok else "fail", reason, table=table, row=label,
                                 line=int(claim["line"]), evidence=evidence)}
