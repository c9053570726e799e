"""Benchmark of the report stage (a benchmark, not a timed test).

Prints, measured in the same run, with the machine's load average:

1. one report as a user runs it — ``chanhe-budget report SEED --force`` in a
   fresh process (imports, papermill run of ``ratio_analysis.ipynb``, HTML
   export with the embedded font, atomic folder swap) — against a fresh
   process that runs a trivial one-cell notebook with papermill and exports
   it with nbconvert's ``HTMLExporter``: the floor any papermill report pays
   (interpreter, papermill and nbconvert imports, kernel start, export).
   Whole process against whole process; target ≤ 1.3×.
2. a second ``chanhe-budget report SEED`` with nothing changed (the report is
   reused): target < 2 s.
3. the speed-up of ``chanhe-budget report --all`` on 2 worker processes over
   a serial run (``--workers 1``), each a fresh process, on the bundled
   disclosure copied under several department names in a temporary data
   folder. Target ≥ 1.7×.

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat 5] [--copies 6]``.
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

from chanhe_budget.config import raw_dir

SEED_YEAR = "2025"
CLI = [sys.executable, "-c", "import sys; from chanhe_budget.cli import main; sys.exit(main())"]
TRIVIAL = """
import sys
import nbformat, papermill as pm
from nbconvert import HTMLExporter
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")],
                              metadata={"kernelspec": {"name": "python3", "language": "python",
                                                       "display_name": "Python 3"}})
nbformat.write(nb, sys.argv[1] + "/trivial.ipynb")
done = pm.execute_notebook(sys.argv[1] + "/trivial.ipynb", sys.argv[1] + "/trivial.out.ipynb", progress_bar=False)
body, _ = HTMLExporter(exclude_input=True, embed_images=True).from_notebook_node(done)
open(sys.argv[1] + "/trivial.html", "w", encoding="utf-8").write(body)
"""


def seed_file() -> Path:
    files = sorted((raw_dir() / SEED_YEAR).glob("*.txt"))
    if not files:
        raise SystemExit(f"no bundled disclosure in {raw_dir() / SEED_YEAR}")
    return files[0]


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{command[3:]} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return seconds


def trivial_run(work: Path) -> float:
    """A fresh process: papermill on a one-cell notebook, then nbconvert's HTML export — the floor."""
    return timed([sys.executable, "-c", TRIVIAL, str(work)])


def report_run(source: Path, out_root: Path, force: bool = True) -> float:
    """A fresh process: ``chanhe-budget report SOURCE [--force]``, as a user runs it."""
    return timed([*CLI, "report", str(source), "--out", str(out_root), *(["--force"] if force else [])])


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def build_all_run(root: Path, workers: int) -> float:
    """Wall time of ``chanhe-budget report --all --workers N`` as a user runs it: a fresh process, imports included."""
    command = [sys.executable, "-c", "import sys; from chanhe_budget.cli import main; sys.exit(main())",
               "report", "--all", "--no-corpus", "--force", "--workers", str(workers), "--out",
               str(root / f"reports-{workers}")]
    start = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, "CHANHE_BUDGET_ROOT": str(root)}, capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"--all failed ({done.returncode}): {done.stdout}{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each single measurement (median shown)")
    parser.add_argument("--copies", type=int, default=6, help="department copies for the --all comparison")
    parser.add_argument("--skip-all", action="store_true", help="leave out the --all comparison")
    args = parser.parse_args()
    seed = seed_file()
    print(f"cores: {os.cpu_count()}; load average (1, 5, 15 min) before: {load()}; disclosure: {seed.name}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trivial_run(work)  # warm-up: disk caches, font cache, nbconvert templates
        report_run(seed, work / "warm")
        trivial, single, reused = [], [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            trivial.append(trivial_run(work))
            single.append(report_run(seed, work / "reports"))
            reused.append(report_run(seed, work / "reports", force=False))
        t, r, u = statistics.median(trivial), statistics.median(single), statistics.median(reused)
        print(f"trivial papermill + HTML export, fresh process: {t:.2f} s (median of {args.repeat}: "
              f"{', '.join(f'{x:.2f}' for x in trivial)})")
        print(f"chanhe-budget report --force, fresh process:   {r:.2f} s (median of {args.repeat}: "
              f"{', '.join(f'{x:.2f}' for x in single)})")
        print(f"ratio report / trivial:                        {r / t:.2f}x (target <= 1.3x)")
        print(f"chanhe-budget report, unchanged (reused):      {u:.2f} s (median; target < 2 s)")
        print(f"load average after: {load()}")
        if args.skip_all:
            return
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
