"""Benchmark of the audit at scale: read + audit time and peak memory per document size.

A large document is made from the bundled seed in two ways: the whole text repeated
(``text ×N``: N times the narrative, its statements and explanations) and every table
row repeated (``rows ×N``: tables N times longer). Time that grows with N (not N²) is
the target of issue 14: the seed ×60 within 15 s. Prints figures; asserts nothing.

    python benchmarks/bench_audit.py [--sizes 1 10 60]
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "2025" / "洛阳市瀍河回族区行政审批和政务信息管理局.txt"


def repeat_text(text: str, n: int) -> str:
    return "\n".join([text] * n)


def repeat_rows(text: str, n: int) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        out.extend([line] * (n if "\t" in line else 1))
    return "\n".join(out)


def measure(text: str) -> tuple[float, float, float, int]:
    """(read s, audit s, peak MiB of read + audit, audit rows)."""
    import chanhe_budget as cb
    from chanhe_budget.checks.run import audit

    start = time.perf_counter()
    d = cb.read_disclosure(text)
    read = time.perf_counter() - start
    start = time.perf_counter()
    frame = audit(d)
    checked = time.perf_counter() - start
    tracemalloc.start()
    audit(cb.read_disclosure(text))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return read, checked, peak, len(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 60])
    args = parser.parse_args()
    seed = SEED.read_text(encoding="utf-8")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average (1 min) {load:.2f} at start")
    for label, grow in (("text", repeat_text), ("rows", repeat_rows)):
        print(f"{'size':<10} {'lines':>7} {'read s':>8} {'audit s':>8} {'peak MiB':>9} {'rows':>6} {'growth':>8}")
        base = None
        for n in args.sizes:
            text = grow(seed, n)
            read, checked, peak, rows = measure(text)
            total = read + checked
            base = base or (total / n)
            growth = total / base / n  # 1.0: linear in the size; n: quadratic
            print(f"{label} ×{n:<5} {text.count(chr(10)) + 1:>7} {read:>8.2f} {checked:>8.2f} {peak:>9.1f} "
                  f"{rows:>6} {growth:>7.2f}×")
        print("growth: time per unit of size relative to ×1 (≈1 when linear, ≈N when quadratic)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) {load:.2f} at the end")


if __name__ == "__main__":
    main()
