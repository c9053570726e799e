"""Parsing many documents: one document in a worker, the sha256 cache, local processes or Dask.

Why its own module: the corpus API (:mod:`chanhe_budget.corpus`) decides *which*
documents and what to do with them; this module only turns bytes into parse
outcomes, as fast as the machine allows and identically wherever they run.
Parse results are cached by the document's sha256 under ``data/cache/parsed``,
keyed by the package version and a digest of its source, written atomically.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
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
    from ..pipeline import read_disclosure

    start = time.perf_counter()
    try:
        disclosure = read_disclosure(data, names=names or None)
        disclosure.source = name
        outcome = Outcome(disclosure, summary=_summary(disclosure))
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
            outcome.disclosure = None
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


def _cache_file(folder: Path, sha: str) -> Path:
    return folder / sha[:2] / f"{sha}.pickle"


def _summary(d: Disclosure) -> dict:
    """What the panel needs of a document, stored in front of the full pickle so a warm load reads only this."""
    provenance = d.provenance
    return {"department": d.department, "year": d.year, "kind": d.kind, "scope": d.scope,
            "template": d.template.name, "figures": dict(d.figures), "warnings": list(d.warnings),
            "role": d.role, "status": dict(zip(provenance["figure"], provenance["status"], strict=True))}


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
              "error": outcome.error, "reason": outcome.reason, "part": outcome.part}

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


def _pool_pass(jobs: list[Job], workers: int, outcomes: dict[int, Outcome], parse, folder: Path | None) -> list[Job]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    broken = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        futures = {pool.submit(parse, job.data, job.name, cache_folder=folder, sha256=job.sha256,
                               keep=folder is None, **({"names": job.names} if job.names else {})): job
                   for job in jobs}
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


