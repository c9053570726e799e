"""Benchmark of the report stage (a benchmark, not a timed test).

Prints, measured in the same run:

1. the wall time of one report (``build_report`` on the bundled disclosure:
   papermill run of ``ratio_analysis.ipynb``, HTML export, atomic folder swap)
   against papermill running a trivial one-cell notebook plus its HTML export
   — the floor any papermill report pays (kernel start, nbconvert). Target ≤ 1.5×.
2. the speed-up of ``chanhe-budget report --all`` on 2 worker processes over
   a serial run (``--workers 1``), each a fresh process as a user runs it, on
   the bundled disclosure copied under several department names in a
   temporary data folder. Target ≥ 1.7×.

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat 3] [--copies 6]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from chanhe_budget import report
from chanhe_budget.config import raw_dir

SEED_YEAR = "2025"


def seed_file() -> Path:
    files = sorted((raw_dir() / SEED_YEAR).glob("*.txt"))
    if not files:
        raise SystemExit(f"no bundled disclosure in {raw_dir() / SEED_YEAR}")
    return files[0]


def trivial_run(work: Path) -> float:
    """Papermill on a one-cell notebook, then the same HTML export as a report: the floor."""
    import papermill as pm

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")],
                                  metadata={"kernelspec": {"name": "python3", "language": "python",
                                                           "display_name": "Python 3"}})
    source = work / "trivial.ipynb"
    nbformat.write(nb, source)
    start = time.perf_counter()
    executed = pm.execute_notebook(str(source), str(work / "trivial.out.ipynb"), kernel_name="python3",
                                   progress_bar=False)
    report.export_html(executed, work / "trivial.html", "trivial")
    return time.perf_counter() - start


def report_run(source: Path, out_root: Path) -> float:
    start = time.perf_counter()
    report.build_report(source, out_root=out_root)
    return time.perf_counter() - start


def build_all_run(root: Path, workers: int) -> float:
    """Wall time of ``chanhe-budget report --all --workers N`` as a user runs it: a fresh process, imports included."""
    command = [sys.executable, "-c", "import sys; from chanhe_budget.cli import main; sys.exit(main())",
               "report", "--all", "--no-corpus", "--workers", str(workers), "--out", str(root / f"reports-{workers}")]
    start = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, "CHANHE_BUDGET_ROOT": str(root)}, capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"--all failed ({done.returncode}): {done.stdout}{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each single measurement (median shown)")
    parser.add_argument("--copies", type=int, default=10, help="department copies for the --all comparison")
    args = parser.parse_args()
    seed = seed_file()
    print(f"cores: {os.cpu_count()}; disclosure: {seed.name}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trivial_run(work)  # warm-up: imports, font cache, nbconvert templates
        report_run(seed, work / "warm")
        trivial, single = [], []
        for i in range(args.repeat):  # interleaved, so both see the same machine load
            trivial.append(trivial_run(work))
            single.append(report_run(seed, work / f"reports-{i}"))
        t, r = statistics.median(trivial), statistics.median(single)
        print(f"trivial papermill + HTML export: {t:.2f} s (median of {args.repeat}: "
              f"{', '.join(f'{x:.2f}' for x in trivial)})")
        print(f"one report (build_report):       {r:.2f} s (median of {args.repeat}: "
              f"{', '.join(f'{x:.2f}' for x in single)})")
        print(f"ratio report / trivial:          {r / t:.2f}x (target <= 1.5x)")

        root = work / "corpus"
        for i in range(args.copies):
            target = root / "data" / "raw" / SEED_YEAR / f"部门{i + 1:02d}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(seed, target)
        serial, parallel = [], []
        for _ in range(args.repeat):
            serial.append(build_all_run(root, 1))
            parallel.append(build_all_run(root, 2))
        s, p = statistics.median(serial), statistics.median(parallel)
        print(f"--all on {args.copies} reports, fresh process each run (median of {args.repeat}): "
              f"serial {s:.2f} s, 2 workers {p:.2f} s, speed-up {s / p:.2f}x (target >= 1.7x)")


if __name__ == "__main__":
    main()
