"""``chanhe-budget figures`` and ``chanhe-budget tables``: one document's key figures and tables."""

from __future__ import annotations

import argparse
import json
import sys

from .command import Command


def _figures_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="disclosure: text converted from the PDF, or the PDF")
    p.add_argument("--json", action="store_true", help="print one JSON object (FIGURES.md names)")
    p.add_argument("--metadata", action="store_true",
                   help="with --json: wrap as {\"figures\": …, \"metadata\": …} (template, source, encoding)")


def _figures(args: argparse.Namespace) -> int:
    from ..key_figures import FIGURE_LABELS
    from ..pipeline import read_disclosure

    d = read_disclosure(args.file)
    if args.json:
        payload = {"figures": d.figures, "metadata": d.metadata} if args.metadata else d.figures
        print(json.dumps(payload, ensure_ascii=False))
    else:
        width = max(len(n) for n in FIGURE_LABELS)
        for name, value in d.figures.items():
            print(f"{name:<{width}}  {'' if value is None else value!s:<14}  {FIGURE_LABELS[name]}")
        for warning in d.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return 0


def _tables_args(p: argparse.ArgumentParser) -> None:
    from ..exports import FORMATS

    p.add_argument("file", help="disclosure file")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--format", default="csv", choices=FORMATS, help="csv (UTF-8 with BOM), xlsx or parquet")


def _tables(args: argparse.Namespace) -> int:
    from ..dictionary import data_dictionary
    from ..exports import write_tables
    from ..pipeline import read_disclosure

    d = read_disclosure(args.file)
    paths = write_tables(d.tables, args.out, args.format, dictionary=data_dictionary())
    for path in paths:
        print(path)
    for warning in d.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


FIGURES = Command("figures", "print the key figures of a disclosure (FIGURES.md)", _figures_args, _figures)

TABLES = Command("tables", "write every table and the data dictionary", _tables_args, _tables)
