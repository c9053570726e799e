"""Benchmark of the reader: parse time per document, peak memory, import cost.

Prints figures; asserts nothing (targets of issue 2: ≤ 20 ms median to parse the
seed on one core; ``import chanhe_budget`` adds ≤ 0.3 s to ``import pandas``).

    python benchmarks/bench_parse.py [FILE ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted((ROOT / "data" / "raw").glob("*/*.txt"))


def _import_time(statement: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", f"import time; t=time.perf_counter(); {statement}; "
                              "print(time.perf_counter()-t)"], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    import chanhe_budget as cb
    from chanhe_budget.read.source import normalise_text

    print(f"{'document':<48} {'median ms':>10} {'min ms':>8} {'peak MiB':>9}")
    for path in args.files:
        data = path.read_bytes()
        cb.read_disclosure(data)  # warm-up: first call compiles regexes
        times = []
        for _ in range(args.repeat):
            normalise_text.cache_clear()  # no help from the previous run's cells
            start = time.perf_counter()
            cb.read_disclosure(data).figures  # noqa: B018  (figures are part of the work)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        cb.read_disclosure(data).figures  # noqa: B018
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{path.name[:48]:<48} {statistics.median(times) * 1e3:>10.1f} {min(times) * 1e3:>8.1f} {peak:>9.1f}")

    pandas = _import_time("import pandas")
    both = _import_time("import pandas; import chanhe_budget")
    heavy = subprocess.run([sys.executable, "-c", "import sys, chanhe_budget; "
                            "print(sorted(m for m in ('matplotlib', 'papermill', 'nbconvert', 'pdfplumber') "
                            "if m in sys.modules))"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"import pandas: {pandas:.3f} s; pandas + chanhe_budget: {both:.3f} s; "
          f"chanhe_budget adds {both - pandas:.3f} s (target ≤ 0.3 s)")
    print(f"heavy modules loaded by `import chanhe_budget`: {heavy}")


if __name__ == "__main__":
    main()
