"""``chanhe-budget figures`` and ``chanhe-budget tables``: one document's key figures and tables."""

from __future__ import annotations

import argparse
import json
import sys

from .command import Command


def _figures_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="disclosure: text converted from the PDF, or the PDF; several files are the parts of one "
                        "publication (a narrative PDF and a tables PDF, in any order)")
    p.add_argument("--json", action="store_true", help="print one JSON object (FIGURES.md names)")
    p.add_argument("--metadata", action="store_true",
                   help="with --json: wrap as {\"figures\": …, \"metadata\": …, \"provenance\": …} "
                        "(template, source, encoding; where each figure was read and its status)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any figure is in conflict (places of the document disagree)")


def _read(files: list[str]):
    from ..pipeline import read_disclosure

    return read_disclosure(files[0] if len(files) == 1 else files)


def _figures(args: argparse.Namespace) -> int:
    from ..key_figures import FIGURE_LABELS

    d = _read(args.files)
    provenance = d.provenance
    status = dict(zip(provenance["figure"], provenance["status"], strict=True))
    if args.json:
        payload = d.figures
        if args.metadata:
            payload = {"figures": d.figures, "metadata": d.metadata,
                       "provenance": provenance.where(provenance.notna(), None).to_dict("records")}
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        width = max(len(n) for n in FIGURE_LABELS)
        for name, value in d.figures.items():
            print(f"{name:<{width}}  {'' if value is None else value!s:<14}  {status.get(name, ''):<9}  "
                  f"{FIGURE_LABELS[name]}")
        for warning in d.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    conflicts = provenance[provenance["status"] == "conflict"]
    for row in conflicts.itertuples():
        print(f"conflict: {row.figure} {row.value} read from {row.source}; disagrees: {row.conflicts}", file=sys.stderr)
    return 1 if args.strict and not conflicts.empty else 0


def _tables_args(p: argparse.ArgumentParser) -> None:
    from ..exports import FORMATS

    p.add_argument("files", nargs="+", metavar="FILE",
                   help="disclosure file(s); several files are the parts of one publication")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--format", default="csv", choices=FORMATS, help="csv (UTF-8 with BOM), xlsx or parquet")


def _tables(args: argparse.Namespace) -> int:
    from ..dictionary import data_dictionary
    from ..exports import write_tables

    d = _read(args.files)
    paths = write_tables(d.tables, args.out, args.format, dictionary=data_dictionary())
    for path in paths:
        print(path)
    for warning in d.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


FIGURES = Command("figures", "print the key figures of a disclosure (FIGURES.md)", _figures_args, _figures)

TABLES = Command("tables", "write every table and the data dictionary", _tables_args, _tables)
