"""Benchmark of the reader: parse time per document, peak memory, import cost.

Prints figures; asserts nothing (targets of issue 2: ≤ 20 ms median to parse the
seed on one core; ``import chanhe_budget`` adds ≤ 0.3 s to ``import pandas``; issue 11:
scored template detection and the provenance of the figures add < 10 % — the ``detect`` and
``provenance`` columns are those two steps timed alone, ``+prov`` the whole read with them).

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
    from chanhe_budget.provenance import provenance
    from chanhe_budget.read.source import normalise_text
    from chanhe_budget.templates.registry import detect

    print(f"{'document':<48} {'median ms':>10} {'min ms':>8} {'peak MiB':>9} {'+prov ms':>9} {'detect':>7} "
          f"{'provenance':>10}")
    for path in args.files:
        data = path.read_bytes()
        cb.read_disclosure(data).provenance  # noqa: B018  (warm-up: first call compiles regexes)
        times, with_provenance, detection, provenance_alone = [], [], [], []
        for _ in range(args.repeat):
            normalise_text.cache_clear()  # no help from the previous run's cells
            start = time.perf_counter()
            d = cb.read_disclosure(data)
            d.figures  # noqa: B018  (figures are part of the work)
            times.append(time.perf_counter() - start)
            d.provenance  # noqa: B018
            with_provenance.append(time.perf_counter() - start)
            start = time.perf_counter()
            detect(d.lines)
            detection.append(time.perf_counter() - start)
            start = time.perf_counter()
            provenance(d)
            provenance_alone.append(time.perf_counter() - start)
        tracemalloc.start()
        cb.read_disclosure(data).figures  # noqa: B018
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        ms = [statistics.median(t) * 1e3 for t in (times, with_provenance, detection, provenance_alone)]
        print(f"{path.name[:48]:<48} {ms[0]:>10.1f} {min(times) * 1e3:>8.1f} {peak:>9.1f} {ms[1]:>9.1f} "
              f"{ms[2]:>7.2f} {ms[3]:>10.2f}")

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
