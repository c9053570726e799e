"""Benchmark of the corpus: documents parsed per second, memory per document, cache speed-up.

Builds a temporary project holding a few hundred disclosures — the bundled ones
repeated, each under another department name and year so that every file has its own
sha256 — then loads it cold (no cache) in this process and on local worker processes,
and warm (every parse served from ``data/cache``). Prints figures; asserts nothing.

    python benchmarks/bench_corpus.py [--documents 300] [--workers 2] [--scheduler tcp://host:8786] [--local-cluster]
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "data" / "raw" / "2025" / "洛阳市瀍河回族区行政审批和政务信息管理局.txt",
           ROOT / "tests" / "fixtures" / "henan_subunits_2024.txt"]


def build_corpus(root: Path, count: int) -> None:
    """``count`` documents under ``root/data/raw``: the bundled ones with department and year varied."""
    import chanhe_budget as cb

    bases = [(path.read_text(encoding="utf-8"), cb.read_disclosure(path)) for path in SOURCES]
    for i in range(count):
        text, d = bases[i % len(bases)]
        department = f"{d.department}{i // len(bases):03d}"
        year = d.year - (i // len(bases)) % 5
        body = text.replace(d.department, department).replace(f"{d.year}", f"{year}")
        target = root / "data" / "raw" / str(year) / f"{department}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")


def load() -> str:
    """The 1-minute load average over the CPU count: how busy the machine was while measuring."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"


def rss_mib() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:  # Linux fallback
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def allocated_per_document(root: Path, count: int) -> tuple[float, float]:
    """KiB allocated per document by a warm load (the panel alone) and by holding every document whole.

    Python allocations are traced with tracemalloc; Arrow-backed strings are counted from pyarrow's pool.
    """
    import tracemalloc

    from chanhe_budget.corpus import load_corpus

    try:
        import pyarrow

        arrow = pyarrow.total_allocated_bytes
    except ImportError:
        def arrow() -> int:
            return 0
    gc.collect()
    tracemalloc.start()
    base_arrow = arrow()
    corpus = load_corpus(root, scheduler="synchronous")
    corpus.figures  # noqa: B018
    panel = tracemalloc.get_traced_memory()[0] + arrow() - base_arrow
    corpus.disclosures  # noqa: B018
    whole = tracemalloc.get_traced_memory()[0] + arrow() - base_arrow
    tracemalloc.stop()
    return whole / count / 1024, panel / count / 1024


def timed_load(root: Path, **options):
    from chanhe_budget.corpus import load_corpus

    gc.collect()
    start = time.perf_counter()
    corpus = load_corpus(root, **options)
    return corpus, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", help="also time a Dask scheduler at this address")
    parser.add_argument("--local-cluster", action="store_true",
                        help="also time a Dask LocalCluster of --workers processes started here")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="chanhe-bench-corpus-"))
    try:
        build_corpus(tmp, args.documents)
        cache = tmp / "data" / "cache" / "parsed"
        n = args.documents
        print(f"corpus: {n} documents (the 2 bundled ones repeated), {os.cpu_count()} CPUs, "
              f"load average {load()} at start (busy cores slow the parallel figures: state it with them)")

        from chanhe_budget.corpus import load_corpus

        load_corpus(tmp / "data" / "raw" / "2025", scheduler="synchronous", cache=False)  # warm imports
        _, one = timed_load(tmp, scheduler="synchronous", cache=False)
        print(f"cold, this process:          {n / one:7.1f} documents/s  ({one:.2f} s)")
        shutil.rmtree(cache, ignore_errors=True)
        _, one_cached = timed_load(tmp, workers=1, cache=True)  # one process, cache written: the fair baseline
        print(f"cold, 1 process + cache:     {n / one_cached:7.1f} documents/s  ({one_cached:.2f} s)")
        shutil.rmtree(cache, ignore_errors=True)
        _, cold = timed_load(tmp, workers=args.workers, cache=True)
        print(f"cold, {args.workers} worker processes:     {n / cold:7.1f} documents/s  ({cold:.2f} s, "
              f"speed-up {one_cached / cold:.2f}x over one process (goal ≥ 1.8x on 2 idle cores); includes pool "
              f"start, chunks of work and writing the cache) — load average {load()}")
        if args.scheduler:
            _, remote = timed_load(tmp, scheduler=args.scheduler, cache=False)
            print(f"cold, Dask {args.scheduler}: {n / remote:7.1f} documents/s  ({remote:.2f} s)")
        if args.local_cluster:
            from distributed import LocalCluster

            with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster:
                timed_load(tmp / "data" / "raw" / "2025", scheduler=cluster.scheduler_address, cache=False)  # warm-up
                _, remote = timed_load(tmp, scheduler=cluster.scheduler_address, cache=False)
            print(f"cold, Dask LocalCluster of {args.workers}: {n / remote:5.1f} documents/s  ({remote:.2f} s, "
                  "results sent back as pickled bytes, no cache written)")

        before = rss_mib()
        corpus, warm = timed_load(tmp, workers=args.workers, cache=True)
        assert corpus.stats["parsed"] == 0, corpus.stats
        print(f"warm, panel from the cache:  {n / warm:7.1f} documents/s  ({warm:.2f} s, "
              f"speed-up {cold / warm:.0f}x over the cold {args.workers}-process load, {one / warm:.0f}x over one process)")
        start = time.perf_counter()
        corpus.figures  # noqa: B018
        stacked = corpus.table("expenditure")
        full = time.perf_counter() - start + warm
        held = rss_mib() - before
        print(f"warm, first table:           {n / full:7.1f} documents/s  ({full:.2f} s to rebuild every document from "
              f"its cached text, keep its tables as Parquet and stack "
              f"one table of {len(stacked)} rows; speed-up {one / full:.1f}x over parsing in one process)")
        corpus, again = timed_load(tmp, workers=args.workers, cache=True)
        start = time.perf_counter()
        corpus.table("expenditure")
        parquet = time.perf_counter() - start + again
        print(f"warm, next loads' table:     {n / parquet:7.1f} documents/s  ({parquet:.2f} s: the panel and one table "
              f"read from Parquet, no document rebuilt)")
        disk = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
        del corpus, stacked
        whole, panel = allocated_per_document(tmp, n)
        print(f"memory: {whole:.0f} KiB per document held whole, {panel:.1f} KiB for the panel alone "
              f"(allocations traced); RSS growth {held / n * 1024:.0f} KiB per document; "
              f"cache on disk {disk / n / 1024:.0f} KiB per document")
        print(f"load average {load()} at the end")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
