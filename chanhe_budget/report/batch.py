"""``report --all``: every catalogued document (and every file in ``data/raw``) reported, in parallel processes.

Each document gets its own folder, fixed before any run starts
(:func:`plan_folders`), so two documents whose names sanitise alike never
overwrite each other. Reports already current are reused. Ctrl-C stops the
pool at once (its workers are terminated) and removes their hidden build
folders; a run stopped harder than that leaves folders the next run removes
(:func:`~chanhe_budget.report.folders.clean_stale`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import available_disclosures, data_dir, raw_dir, raw_layout, reports_dir
from ..corpus.catalog import PART_SUFFIXES, catalog_path, read_catalog, resolve_path
from ..corpus.parts import info_of, pair_parts
from ..errors import ChanheBudgetError, ParameterError, ReportError
from .build import build_corpus_report, build_or_reuse
from .execute import skip_slow_optional_imports
from .folders import clean_stale
from .index import write_index
from .names import _CORPUS_FOLDER, _safe_year, folder_name
from .parameters import _holdings


@dataclass
class BuildSummary:
    """What :func:`build_all` did: the HTML of each department-year report built or reused, each failure
    (source, message; the corpus report's source is ``"corpus"``), the corpus report's HTML, the index.
    ``unreadable`` counts the failures that are the document's own (a typed reading error), not the tool's."""

    built: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0
    corpus: Path | None = None
    reused: int = 0
    unreadable: int = 0


def documents() -> list[tuple[Path, str, str]]:
    """Every document to report on: (file, year, name) for each catalogue row, then each ``data/raw`` file
    the catalogue does not list. Year and name come from the ``data/raw`` layout, else from the catalogue."""

    found: dict[Path, tuple[str, str]] = {}
    catalog = catalog_path()
    for row in read_catalog(catalog).to_dict("records"):
        file = resolve_path(str(row["path"]), catalog)
        department = row.get("department")
        name = department if isinstance(department, str) and department else file.stem
        year = row.get("year")
        found.setdefault(file, raw_layout(file) or (_safe_year(year), name))
    for names in available_disclosures().values():
        for file in names.values():
            found.setdefault(file, raw_layout(file) or ("unknown", file.stem))
    return [(file, year, name) for file, (year, name) in found.items()]


def part_pairs(items: list[tuple[Path, str, str]]) -> dict[Path, Path]:
    """{narrative part: tables part} of the publications printed as two files among ``items``: pairs the
    catalogue records (its ``part`` column, see :mod:`chanhe_budget.corpus.parts`), and files of one year
    folder named ``<department>_说明`` / ``<department>_表格`` as ``chanhe-budget add`` files them."""

    catalog = catalog_path()
    rows = [r for r in read_catalog(catalog).to_dict("records") if isinstance(r.get("part"), str) and r["part"]]
    files = [resolve_path(str(r["path"]), catalog) for r in rows]
    pairs = {files[a]: files[b] for a, b in pair_parts([info_of(r["part"], r.get("department"), r.get("year"),
                                                                 r.get("kind")) for r in rows])}
    narrative, tables = PART_SUFFIXES["narrative"], PART_SUFFIXES["tables"]
    by_name = {(file.parent, file.stem): file for file, _, _ in items}
    for file, _, _ in items:
        partner = by_name.get((file.parent, file.stem.removesuffix(narrative) + tables))
        if file.stem.endswith(narrative) and partner is not None and file not in pairs:
            pairs[file] = partner
    known = {file for file, _, _ in items}
    return {n: t for n, t in pairs.items() if n in known and t in known}


def plan_folders(items: list[tuple[Path, str, str]]) -> dict[Path, str]:
    """``"<year>/<folder>"`` of each document, unique and the same from run to run.

    The folder is :func:`folder_name` of the name; where two documents still
    meet (two catalogued files of one department-year), each gets a digest of
    its own path appended.
    """

    def plain(name: str) -> str:  # the narrative part of a publication in two files names the report
        for suffix in PART_SUFFIXES.values():
            name = name.removesuffix(suffix)
        return name

    wanted = {file: f"{_safe_year(year)}/{folder_name(plain(name))}" for file, year, name in items}
    taken: dict[str, int] = {}
    for place in wanted.values():
        taken[place] = taken.get(place, 0) + 1
    return {file: place if taken[place] == 1 else f"{place}-{hashlib.sha256(str(file).encode()).hexdigest()[:8]}"
            for file, place in wanted.items()}


def _error_names() -> set[str]:
    names, stack = set(), [ChanheBudgetError]
    while stack:
        cls = stack.pop()
        names.add(cls.__name__)
        stack.extend(cls.__subclasses__())
    return names


def _build_one(source: str | list[str], folder: str, out_root: str, force: bool
               ) -> tuple[str, str | None, str | None, str]:
    """Worker: (source, html path or None, error or None, "built" | "reused" | "unreadable" | "failed");
    a list of files is one publication printed in parts."""
    job = functools.partial(build_or_reuse, source, out_root=out_root, force=force, folder=folder)
    return (" + ".join(source) if isinstance(source, list) else source, *_attempt(job))


def _build_corpus(out_root: str) -> tuple[str, str | None, str | None, str]:
    """Worker: ("corpus", html path or None, error or None, status) of the project's corpus report."""
    return (_CORPUS_FOLDER, *_attempt(lambda: (build_corpus_report(out_root=out_root), False)))


def _attempt(build: Callable[[], tuple[Path, bool]]) -> tuple[str | None, str | None, str]:
    """(html path or None, error or None, status) of ``build()``; never raises.

    A run that failed before any cell raised (kernel start-up, ports under
    parallel load: ecosystem.md §1.6) is retried once; a failing cell is not.
    """
    for attempt in (1, 2):
        try:
            html, reused = build()
            return str(html), None, "reused" if reused else "built"
        except ReportError as exc:
            ename = getattr(exc.__cause__, "ename", None)
            if attempt == 1 and ename is None:
                continue
            return None, str(exc), "unreadable" if ename in _error_names() else "failed"
        except ChanheBudgetError as exc:
            return None, str(exc), "unreadable"
        except Exception as exc:  # one bad document must not stop the others
            return None, f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}", "failed"
    raise AssertionError("unreachable")


def build_all(workers: int | None = None, *, out_root: str | os.PathLike | None = None,
              progress: bool | None = None, corpus: bool = True, force: bool = False) -> BuildSummary:
    """Build the report of every catalogued document and every file in ``data/raw``, in parallel processes,
    then the corpus report (:func:`build_corpus_report` of the project); write ``index.html`` linking them all.

    ``workers`` defaults to ``os.cpu_count()``; each report runs in its own
    process (papermill is process-safe, not thread-safe with ``cwd``), started
    with ``spawn`` — so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard. The corpus report is queued last;
    ``corpus=False`` leaves it out. Current reports are reused unless
    ``force``. A failure (the corpus report's too) is recorded and the others
    go on; ``progress`` shows a tqdm bar (default: when stderr is a terminal).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    from tqdm import tqdm

    items = documents()
    if not items:
        raise ParameterError(f"no disclosures to report on: {data_dir() / 'catalog.csv'} lists none and {raw_dir()} "
                             f"holds {_holdings(available_disclosures())}")
    pairs = part_pairs(items)  # a narrative and a tables file of one publication: one report
    items = [item for item in items if item[0] not in set(pairs.values())]
    folders = plan_folders(items)
    root = Path(out_root).resolve() if out_root is not None else reports_dir()
    root.mkdir(parents=True, exist_ok=True)
    clean_stale(root)
    jobs = [([str(file), str(pairs[file])] if file in pairs else str(file), folders[file], str(root), force)
            for file, _, _ in items]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    summary = BuildSummary()
    start = time.perf_counter()
    with tqdm(total=len(jobs) + (1 if corpus else 0), desc="reports", unit="report",
              disable=None if progress is None else not progress, file=sys.stderr) as bar:
        if workers == 1:
            for job in jobs:
                _record(summary, _build_one(*job))
                bar.update()
            if corpus:
                _record(summary, _build_corpus(str(root)))
                bar.update()
        else:
            # spawn, not fork: the caller may hold threads (a Jupyter kernel does); the workers own their imports
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                       initializer=skip_slow_optional_imports)
            try:
                futures = [pool.submit(_build_one, *job) for job in jobs]
                if corpus:
                    futures.append(pool.submit(_build_corpus, str(root)))  # queued last: after the department-years
                for future in as_completed(futures):
                    _record(summary, future.result())
                    bar.update()
            except BaseException:  # Ctrl-C above all: stop the workers now, not after the queue drains
                _stop(pool, root)
                raise
            pool.shutdown()
    summary.seconds = time.perf_counter() - start
    summary.index = write_index(root, summary.failed)
    return summary


def _stop(pool, root: Path) -> None:
    """Cancel what has not started, terminate the workers (their kernels get the terminal's SIGINT or die
    with their parent's pipes), and remove their build folders."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
    clean_stale(root, tuple(p.pid for p in processes if p.pid is not None))


def _record(summary: BuildSummary, result: tuple[str, str | None, str | None, str]) -> None:
    source, html_path, error, status = result
    if not html_path:
        summary.failed.append((source, error or "unknown error"))
        summary.unreadable += status == "unreadable"
    elif source == _CORPUS_FOLDER:  # a disclosure's source is an absolute path, never this bare name
        summary.corpus = Path(html_path)
    else:
        summary.built.append(Path(html_path))
        summary.reused += status == "reused"
