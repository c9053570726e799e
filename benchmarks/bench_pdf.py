"""Per-page cost of reading the specimen PDFs, three ways, in one run.

    .venv/bin/python benchmarks/bench_pdf.py [--runs 5] [PDF ...]

* ``pdf_to_text``       — chanhe_budget.read.pdf: characters + rulings -> tab text (pypdfium2)
* ``pdfplumber tables`` — pdfplumber ``open`` + ``page.extract_tables()`` on every page
* ``pdfium plain text`` — pypdfium2 ``get_text_range()`` on every page (the floor:
  text without positions, no tables)

Each figure is the median over ``--runs`` runs of the time for the whole file,
divided by its page count. The specimens are read from ../shared/specimens.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPECIMENS = ROOT.parent / "shared" / "specimens"


def _pdf_to_text(path: Path) -> None:
    from chanhe_budget.read.pdf import pdf_to_text

    pdf_to_text(path)


def _pdfplumber_tables(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def _pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        for page in doc:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()


METHODS: dict[str, Callable[[Path], None]] = {
    "pdf_to_text": _pdf_to_text,
    "pdfplumber tables": _pdfplumber_tables,
    "pdfium plain text": _pdfium_text,
}


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def median_seconds(fn: Callable[[Path], None], path: Path, runs: int) -> float:
    fn(path)  # warm up: imports, font caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: the four specimens)")
    parser.add_argument("--runs", type=int, default=5, help="runs per file and method (median is reported)")
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted(SPECIMENS.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs given and none found in {SPECIMENS}", file=sys.stderr)
        return 2

    names = list(METHODS)
    print(f"ms per page, median of {args.runs} runs")
    print(f"{'file':48s} {'pages':>5s} " + " ".join(f"{n:>18s}" for n in names))
    totals = dict.fromkeys(names, 0.0)
    pages_total = 0
    for path in pdfs:
        pages = page_count(path)
        pages_total += pages
        row = []
        for name in names:
            seconds = median_seconds(METHODS[name], path, args.runs)
            totals[name] += seconds
            row.append(seconds * 1000 / pages)
        print(f"{path.name[:48]:48s} {pages:5d} " + " ".join(f"{v:18.2f}" for v in row))
    overall = {n: totals[n] * 1000 / pages_total for n in names}
    print(f"{'all files':48s} {pages_total:5d} " + " ".join(f"{overall[n]:18.2f}" for n in names))
    ratio = overall["pdfplumber tables"] / overall["pdf_to_text"]
    floor = overall["pdf_to_text"] / overall["pdfium plain text"]
    print(f"pdf_to_text is {ratio:.1f}x faster than pdfplumber extract_tables(), {floor:.1f}x the plain-text floor")
    _whole_documents(pdfs, args.runs)
    _final_accounts(args.runs)
    return 0


#: The 决算 (final accounts) specimens and the target of issue 10: a 决算 PDF to its figures in under 0.5 s.
FINAL_ACCOUNTS = ("shanghai-putuo-finance-bureau-2024-final-accounts.pdf",
                  "shanghai-putuo-finance-bureau-2024-final-accounts-planted-errors.pdf")
FINAL_ACCOUNTS_TARGET_MS = 500.0


def _final_accounts(runs: int) -> None:
    """决算 PDFs to their key figures (read, parse, figures; a fresh Disclosure each run), and the audit on top."""
    import chanhe_budget as cb

    paths = [SPECIMENS / name for name in FINAL_ACCOUNTS if (SPECIMENS / name).is_file()]
    if not paths:
        return
    print(f"\n决算 (final accounts): ms per document, median of {runs} runs (target: figures < "
          f"{FINAL_ACCOUNTS_TARGET_MS:.0f} ms)")
    print(f"{'file':48s} {'pages':>5s} {'PDF → figures':>14s} {'+ audit':>10s} {'target':>8s}")
    for path in paths:
        cb.read_disclosure(path).figures  # noqa: B018  (warm up: imports, font caches)
        figures, audited = [], []
        for _ in range(runs):
            start = time.perf_counter()
            d = cb.read_disclosure(path)
            d.figures  # noqa: B018
            figures.append(time.perf_counter() - start)
            d.audit()
            audited.append(time.perf_counter() - start)
        ms = statistics.median(figures) * 1000
        verdict = "met" if ms < FINAL_ACCOUNTS_TARGET_MS else "MISSED"
        print(f"{path.name[:48]:48s} {page_count(path):5d} {ms:14.1f} {statistics.median(audited) * 1000:10.1f} "
              f"{verdict:>8s}")


def _whole_documents(pdfs: list[Path], runs: int) -> None:
    """Per document: the whole read (PDF → figures), and the text path (pdftotext-style page text → figures)."""
    import pdfplumber

    import chanhe_budget as cb

    print(f"\nms per document, median of {runs} runs")
    print(f"{'file':48s} {'PDF → figures':>14s} {'page text → figures':>20s}")
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            layout = "\f".join(page.extract_text(layout=True) for page in pdf.pages)
        timings = []
        for source in (path, layout):
            samples = []
            try:
                for _ in range(runs):
                    start = time.perf_counter()
                    cb.read_disclosure(source).figures  # noqa: B018  (figures are part of the work)
                    samples.append(time.perf_counter() - start)
            except cb.ChanheBudgetError as exc:  # a layout no template reads: say so, time the others
                print(f"{path.name[:48]:48s} not read: {type(exc).__name__}")
                break
            timings.append(statistics.median(samples) * 1000)
        if len(timings) == 2:
            print(f"{path.name[:48]:48s} {timings[0]:14.1f} {timings[1]:20.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
