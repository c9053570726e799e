"""``chanhe-budget figures`` and ``chanhe-budget tables``: one document's key figures and tables."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata

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
    from ..read.source import require_file

    for file in files:
        require_file(file)  # the one path rule: "no such file" / "is a directory", as in every command
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
        print(figures_text(d.figures, FIGURE_LABELS, status))
        for warning in d.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    conflicts = provenance[provenance["status"] == "conflict"]
    for row in conflicts.itertuples():
        print(f"conflict: {row.figure} {row.value} read from {row.source}; disagrees: {row.conflicts}", file=sys.stderr)
    return 1 if args.strict and not conflicts.empty else 0


def display_width(text: str) -> int:
    """Columns a terminal gives the text: 2 for wide (Chinese) characters, 1 for the others."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (``str.ljust`` counts a Chinese character as one)."""
    return text + " " * max(0, width - display_width(text))


def figures_text(figures: dict, labels: dict[str, str], status: dict[str, str] | None = None) -> str:
    """The key figures as aligned columns: name, value, provenance status, Chinese label.

    Padded by display width (a Chinese character takes two columns). The table unit is
    printed as "表格金额单位 元 (figures in 万元)": the amounts beside it are always in 万元,
    whatever unit the tables were printed in.
    """
    values = {name: "" if value is None else str(value) for name, value in figures.items()}
    status = status or {}
    name_width = max(display_width(n) for n in values)
    value_width = max(14, *(display_width(v) for v in values.values()))
    status_width = max(9, *(display_width(str(status.get(n, ""))) for n in values))
    out = []
    for name, value in values.items():
        label = labels.get(name, "")
        if name == "unit":
            label = f"{label} {value or '?'} (figures in 万元)"
        out.append(f"{pad(name, name_width)}  {pad(value, value_width)}  {pad(str(status.get(name, '')), status_width)}"
                   f"  {label}".rstrip())
    return "\n".join(out)


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
