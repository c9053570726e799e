"""``chanhe-budget add`` and ``chanhe-budget corpus``: the catalogue and the corpus from the command line.

``add`` files a document in ``data/raw`` and the catalogue (a duplicate is refused
with exit code 2). ``corpus`` reads every catalogued document, prints the panel
of key figures, lists the documents that could not be read with their reason,
and exports when asked; it exits 2 only when no document at all could be read,
because a batch with some bad files is still a result.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from .command import Command

#: Panel columns printed by ``chanhe-budget corpus`` (the export has them all).
PANEL_COLUMNS = ("department", "year", "kind", "template", "total_income", "expenditure_this_year",
                 "basic_share_pct", "three_public_total", "project_count", "change_vs_prior_pct")


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="disclosure(s) to file (text converted from the PDF, or the PDF)")
    p.add_argument("--source", metavar="URL", help="where the document was published (one FILE only)")
    p.add_argument("--no-copy", action="store_true",
                   help="catalogue the file where it is instead of copying it into data/raw")
    p.add_argument("--root", help="project folder (default: $CHANHE_BUDGET_ROOT or this checkout)")


def _add(args: argparse.Namespace) -> int:
    from ..corpus.catalog import register
    from ..errors import ChanheBudgetError, ParameterError

    if args.source and len(args.files) > 1:
        raise ParameterError("--source names the origin of one document; give one FILE with it")
    if len(args.files) == 1:  # one file: its error is the command's error (exit 2 with the message)
        _print_added(register(args.files[0], args.source, copy=not args.no_copy, root=args.root), args.root)
        return 0
    failed = 0
    for file in args.files:  # several: each is filed or refused on its own
        try:
            _print_added(register(file, None, copy=not args.no_copy, root=args.root), args.root)
        except ChanheBudgetError as exc:
            failed += 1
            print(f"chanhe-budget: error: {exc}", file=sys.stderr)
    return 2 if failed else 0


def _print_added(row: dict, root: str | None = None) -> None:
    from ..corpus.catalog import catalog_path, find_partner, read_catalog

    part = ""
    if row.get("part"):
        partner = find_partner(row, read_catalog(catalog_path(root)))
        part = f"; the {row['part']} part of a publication in several files, " + (
            f"read with {partner}" if partner else "its other part not catalogued yet")
    print(f"added {row['path']}: {row['department']} {row['year']} ({row['kind']}, {row['template']}{part}), "
          f"sha256 {row['sha256'][:12]}…")


def _corpus_args(p: argparse.ArgumentParser) -> None:
    from ..corpus.fdp import EXPORT_FORMATS

    p.add_argument("source", nargs="?", help="project folder, catalogue .csv or folder of documents "
                   "(default: the project root)")
    p.add_argument("--export", metavar="DIR", help="write the panel, year-on-year and the long tables here")
    p.add_argument("--format", nargs="+", default=["csv"], choices=EXPORT_FORMATS, metavar="FORMAT",
                   help=f"export format(s): {', '.join(EXPORT_FORMATS)} (fdp: a Fiscal Data Package in DIR/fdp)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler (tcp://host:8786) to parse on a cluster; default: local processes")
    p.add_argument("--workers", type=int, help="local worker processes (default: the number of CPUs)")
    p.add_argument("--no-cache", action="store_true", help="parse every document again, ignoring data/cache")
    p.add_argument("--all-columns", action="store_true", help="print every column of the panel")


def _corpus(args: argparse.Namespace) -> int:
    from ..corpus.collection import load_corpus
    from ..corpus.fdp import export_corpus

    corpus = load_corpus(args.source, scheduler=args.scheduler, workers=args.workers, cache=not args.no_cache)
    panel = corpus.figures
    if not len(corpus):
        print(f"no documents found in {args.source or 'the project'} (data/catalog.csv or data/raw)", file=sys.stderr)
    elif panel.empty:
        print("no document could be read", file=sys.stderr)
    else:
        shown = panel if args.all_columns else panel[list(PANEL_COLUMNS)]
        with pd.option_context("display.width", 200, "display.max_columns", None, "display.max_colwidth", 40):
            print(shown.to_string(index=False))
    for failure in corpus.failures.itertuples():
        print(f"failed: {failure.path}: {failure.reason}", file=sys.stderr)
    for changed in corpus.changed_files.itertuples():
        print(f"changed since filed: {changed.path}: {changed.message}", file=sys.stderr)
    notes = corpus.warnings
    for note in notes[notes["code"].isin(["cache_damaged", "cache_not_written"])].itertuples():
        print(f"cache: {note.path}: {note.message}", file=sys.stderr)
    stats = corpus.stats
    print(f"{stats['documents']} documents: {stats['documents'] - stats['failed']} read "
          f"({stats['cached']} from cache), {stats['failed']} failed, {stats['seconds']} s", file=sys.stderr)
    checks = corpus.year_on_year_checks()
    if len(checks):
        for finding in checks[checks["status"] == "fail"].itertuples():
            print(f"year-on-year: {finding.reason}", file=sys.stderr)
        print(f"year-on-year: {len(checks)} stated changes checked against the previous year's document, "
              f"{int((checks['status'] == 'fail').sum())} disagree", file=sys.stderr)
    if args.export and not panel.empty:
        for path in export_corpus(corpus, args.export, tuple(args.format)):
            print(path)
    return 0 if not panel.empty else 2


ADD = Command("add", "file disclosures in data/raw and the catalogue (data/catalog.csv)", _add_args, _add)

CORPUS = Command("corpus", "read every catalogued document: panel of key figures, failures, exports", _corpus_args, _corpus)
