"""Parsing many documents: one document in a worker, the sha256 cache, local processes or Dask.

Why its own module: the corpus API (:mod:`chanhe_budget.corpus`) decides *which*
documents and what to do with them; this module only turns bytes into parse
outcomes, as fast as the machine allows and identically wherever they run.
Parse results are cached by the document's sha256 under ``data/cache/parsed``,
keyed by the package version and a digest of its source, written atomically, as
data only: a JSON header (summary or error) and the decoded text the Disclosure is
rebuilt from — never a pickle, so a file planted in a shared folder runs nothing.
(Dask results travel pickled in memory between the user's own processes.)
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import (
    ChanheBudgetError,
    MissingComponentError,
    ParameterError,
    SchedulerError,
)
from ..exports import write_atomic
from ..model import Disclosure

#: ``scheduler=`` values that do not name a Dask scheduler.
LOCAL_SCHEDULERS = (None, "processes", "synchronous")
_DASK_PREFIXES = ("tcp://", "tls://", "ucx://", "inproc://", "ws://", "wss://")
#: Leading columns added to every stacked table.

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
    part: dict | None = None  # a narrative part read alone: its department, year and kind (see corpus.parts)
    source: dict | None = field(default=None, repr=False)  # the decoded text the cache keeps (text, kind, parts…)


@dataclass(frozen=True)
class Job:
    """One document to parse: its position in the catalogue, name, bytes and sha256.

    A publication printed as several files is one job: ``data`` is then the list of its parts'
    bytes and ``names`` their file names."""

    index: int
    name: str
    data: bytes | list[bytes] = field(repr=False)
    sha256: str
    names: tuple[str, ...] = ()


def parse_document(data: bytes | list[bytes], name: str | None = None, *,
                   cache_folder: str | os.PathLike | None = None, sha256: str | None = None, keep: bool = True,
                   as_bytes: bool = False, names: tuple[str, ...] = ()) -> Outcome:
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
    from ..pipeline import disclosure_from_source, read_parts

    start = time.perf_counter()
    try:
        src, parts = read_parts(data, names or None)
        disclosure = disclosure_from_source(src, parts=parts)
        disclosure.source = name
        outcome = Outcome(disclosure, summary=_summary(disclosure),
                          source={"text": src.text, "kind": src.kind, "encoding": src.encoding, "name": src.name,
                                  "input_format": src.input_format, "parts": [list(p) for p in parts]})
    except ChanheBudgetError as exc:
        outcome = Outcome(None, type(exc).__name__, str(exc), part=getattr(exc, "part", None))
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
            outcome.disclosure = outcome.source = None  # stored here: send back only the summary
    if as_bytes and outcome.disclosure is not None:
        outcome.payload = pickle.dumps(outcome.disclosure, protocol=pickle.HIGHEST_PROTOCOL)
        outcome.disclosure = None
    return outcome


# ---------------------------------------------------------------- the cache


@cache
def cache_key() -> str:
    """Package version plus a digest of its source: a changed parser never serves stale results."""
    from .. import __version__

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the whole chanhe_budget package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


#: Format of a cache file, written in its header: a file of another format (or an old ``.pickle``) is ignored.
CACHE_FORMAT = "chanhe-budget-cache/3"


def _cache_file(folder: Path, sha: str) -> Path:
    return folder / sha[:2] / f"{sha}.json"


def _summary(d: Disclosure) -> dict:
    """What the panel needs of a document, stored in front of the source text so a warm load reads only this."""
    provenance = d.provenance
    return {"department": d.department, "year": d.year, "kind": d.kind, "scope": d.scope,
            "template": d.template.name, "figures": dict(d.figures), "warnings": list(d.warnings),
            "role": d.role, "status": dict(zip(provenance["figure"], provenance["status"], strict=True)),
            "tables": list(d.tables)}


def _summary_to_json(summary: dict | None) -> dict | None:
    if summary is None:
        return None
    return {**summary, "warnings": [w.to_dict() for w in summary.get("warnings", [])]}


def _summary_from_json(data) -> dict | None:
    """The summary as :func:`_summary` made it; a ValueError when the data is not one (a foreign file)."""
    from ..diagnostics import ParseWarning

    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict) \
            or not isinstance(data.get("warnings"), list):
        raise ValueError("the summary is not a summary")
    try:
        warnings = [ParseWarning(**w) for w in data["warnings"]]
    except TypeError as exc:
        raise ValueError(f"a warning of the summary is malformed ({exc})") from None
    return {**data, "warnings": warnings}


class CacheDamaged(Exception):
    """A cache file that exists but cannot be used as one (truncated, corrupted, foreign): a miss to report."""


def _read_header(folder: Path, sha: str) -> dict | None:
    """The header line of a cache file; None when there is no file; CacheDamaged when it is not a valid one.

    The cache holds data only — JSON and the document's decoded text, never pickles —
    so reading a file planted in a shared project folder can run nothing.
    """
    path = _cache_file(folder, sha)
    try:
        with open(path, "rb") as handle:
            first = handle.readline(64 << 20)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheDamaged(f"{path}: {exc.strerror or exc}") from None
    try:
        header = json.loads(first)
    except ValueError as exc:
        raise CacheDamaged(f"{path}: not a cache file ({exc})") from None
    if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT or header.get("sha256") != sha:
        raise CacheDamaged(f"{path}: not a cache file of this package")
    if header.get("key") != cache_key():
        return None  # written by another version: stale, parsed again without fuss
    try:
        header["summary"] = _summary_from_json(header.get("summary"))
    except ValueError as exc:
        raise CacheDamaged(f"{path}: {exc}") from None
    return header


def _cache_header(folder: Path | None, sha: str, problems: list[str] | None = None) -> dict | None:
    """The cached header (summary, or error and reason), or None when absent, stale or unreadable.

    A damaged file is a miss too, and is reported: appended to ``problems`` and warned about.
    """
    if folder is None:
        return None
    try:
        return _read_header(folder, sha)
    except CacheDamaged as exc:
        _report_damage(str(exc), problems)
        return None


def _report_damage(message: str, problems: list[str] | None) -> None:
    text = f"cache file damaged, the document is read again: {message}"
    if problems is not None:
        problems.append(text)
    warnings.warn(text, stacklevel=3)


def _cache_disclosure(folder: Path | None, sha: str, problems: list[str] | None = None) -> Disclosure | None:
    """The full Disclosure, rebuilt from the cached decoded text (no PDF to convert again), or None."""
    from ..pipeline import disclosure_from_source
    from ..read.source import Source

    if folder is None:
        return None
    path = _cache_file(folder, sha)
    try:
        if _read_header(folder, sha) is None:
            return None
        with open(path, "rb") as handle:
            handle.readline(64 << 20)
            body = json.loads(handle.read())
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise CacheDamaged(f"{path}: no source text")
        src = Source(body["text"], str(body.get("encoding") or "utf-8"), body.get("name"),
                     kind=str(body.get("kind") or "text"), input_format=str(body.get("input_format") or "tsv"))
        parts = tuple(tuple(p) for p in body.get("parts") or ())
    except (CacheDamaged, ValueError, OSError) as exc:
        _report_damage(str(exc), problems)
        return None
    try:
        disclosure = disclosure_from_source(src, parts=parts)
    except ChanheBudgetError as exc:
        _report_damage(f"{path}: its text no longer reads ({exc})", problems)
        return None
    disclosure.source_kind = src.kind
    _store_tables(folder, sha, disclosure)
    return disclosure


def _table_file(folder: Path, sha: str, name: str) -> Path:
    return folder / sha[:2] / f"{sha}.{name}.parquet"


def _store_tables(folder: Path, sha: str, disclosure: Disclosure) -> None:
    """Each table of a Disclosure rebuilt from the cache, as Parquet beside its cache file (best effort).

    Written when a document is first rebuilt, not on the cold load (which it would slow), so that
    stacking one table across a warm corpus reads one small Parquet file per document.
    """
    for name, frame in disclosure.tables.items():
        plain = frame.copy()
        plain.attrs = {}
        try:
            write_atomic(_table_file(folder, sha, name), lambda p, f=plain: f.to_parquet(p, index=False))
        except (OSError, ValueError, TypeError, ImportError):
            return  # a read-only or full disk: the tables are rebuilt from the text next time


def cached_table(folder: Path | None, sha: str, name: str, problems: list[str] | None = None):
    """One table of a cached document from its Parquet file (data only), or None when it is not there yet
    (or is damaged: then reported, and the caller rebuilds the document)."""
    import pandas as pd

    if folder is None:
        return None
    path = _table_file(folder, sha, name)
    if not path.is_file():
        return None
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a truncated or foreign file
        _report_damage(f"{path}: {type(exc).__name__}: {exc}", problems)
        return None


def _cache_store(folder: Path, sha: str, outcome: Outcome) -> None:
    """Write one cache file: a JSON header line (format, key, sha256, summary or error), then a JSON line with
    the decoded source text (absent for a document that could not be read)."""
    d = outcome.disclosure
    summary = outcome.summary if outcome.summary is not None or d is None else _summary(d)
    header = {"format": CACHE_FORMAT, "key": cache_key(), "sha256": sha, "summary": _summary_to_json(summary),
              "error": outcome.error, "reason": outcome.reason, "part": outcome.part}
    lines = [json.dumps(header, ensure_ascii=False, default=str)]
    if outcome.source is not None:
        lines.append(json.dumps(outcome.source, ensure_ascii=False))

    def write(tmp: Path) -> None:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")

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


#: Below this much estimated parse work (seconds on one core) a local load runs in this process: starting
#: worker processes (importing pandas and the package in each) costs about a second, more than it saves.
IN_PROCESS_SECONDS = 1.5
#: Estimated parse time per byte of input: text ~1 s per MB, a PDF (characters, rulings) ~3 s per MB.
_SECONDS_PER_BYTE = {"text": 1.0e-6, "pdf": 3.0e-6}


def estimated_seconds(jobs: list[Job]) -> float:
    """A rough estimate of the parse work of ``jobs`` on one core, from their sizes (what decides in-process)."""
    return sum(len(data) * _SECONDS_PER_BYTE["pdf" if data[:1024].lstrip().startswith(b"%PDF-") else "text"]
               for job in jobs for data in _parts_of(job))


def _parts_of(job: Job) -> list[bytes]:
    """The bytes of a job: one document, or each part of a publication printed as several files."""
    return list(job.data) if isinstance(job.data, list | tuple) else [job.data]


def _size(job: Job) -> int:
    return sum(len(data) for data in _parts_of(job))


def can_start_workers() -> bool:
    """Whether worker processes can be started here: spawn/forkserver workers import the parent's main
    module by its file, so a script read from standard input (``python - < x.py``) cannot have them."""
    import sys

    main = sys.modules.get("__main__")
    file = getattr(main, "__file__", None)
    return file is None or os.path.exists(file)


def _run(jobs: list[Job], scheduler, workers: int, folder: Path | None) -> dict[int, Outcome]:
    if not jobs:
        return {}
    if scheduler in (None, "processes") and (workers == 1 or len(jobs) == 1 or not can_start_workers()
                                             or estimated_seconds(jobs) < IN_PROCESS_SECONDS):
        scheduler = "synchronous"  # little work (or no way to start workers): processes would only cost time
    if scheduler == "synchronous":
        return {job.index: parse_document(job.data, job.name, cache_folder=folder, sha256=job.sha256, names=job.names)
                for job in jobs}
    if scheduler in (None, "processes"):
        return _run_processes(jobs, workers, folder)
    return _run_dask(jobs, scheduler)


def _mp_context():
    """forkserver where there is one: workers fork from a clean server, never from a threaded parent."""
    import multiprocessing  # here, not at import: reading one document needs no process machinery

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


#: Chunks per worker: enough for the load to even out, few enough that each task carries real work.
CHUNKS_PER_WORKER = 4


def _parse_chunk(parse, jobs: list[Job], folder: Path | None) -> list[tuple[int, Outcome]]:
    """Parse several documents in one task: one round trip per chunk instead of one per document."""
    return [(job.index, parse(job.data, job.name, cache_folder=folder, sha256=job.sha256, keep=folder is None,
                              **({"names": job.names} if job.names else {})))
            for job in jobs]


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Jobs in about ``CHUNKS_PER_WORKER`` chunks per worker, each of similar size (largest documents first)."""
    count = max(1, min(len(jobs), workers * CHUNKS_PER_WORKER))
    chunks: list[list[Job]] = [[] for _ in range(count)]
    sizes = [0] * count
    for job in sorted(jobs, key=_size, reverse=True):  # greedy: the lightest chunk takes the next
        k = sizes.index(min(sizes))
        chunks[k].append(job)
        sizes[k] += _size(job)
    return [c for c in chunks if c]


def _pool_pass(jobs: list[Job], workers: int, outcomes: dict[int, Outcome], parse, folder: Path | None) -> list[Job]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    broken = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        futures = {pool.submit(_parse_chunk, parse, chunk, folder): chunk for chunk in _chunks(jobs, workers)}
        for future in as_completed(futures):
            chunk = futures[future]
            try:
                outcomes.update(future.result())
            except BrokenProcessPool:
                broken.extend(chunk)
            except Exception as exc:  # e.g. a result that cannot be pickled back
                for job in chunk:
                    outcomes[job.index] = Outcome(None, type(exc).__name__, f"the worker failed: {exc}",
                                                  cacheable=False)
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
        futures = [client.submit(parse_document, job.data, job.name, key=key, pure=False, as_bytes=True,
                                 names=job.names) for job, key in zip(jobs, keys, strict=True)]
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


