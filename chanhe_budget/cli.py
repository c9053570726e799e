"""The ``chanhe-budget`` command: one line per error and exit code 2, never a traceback.

Subcommands register themselves in :data:`COMMANDS` (name → (add_arguments, run)),
so the audit, report and corpus stages each keep their command next to their code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from .errors import ChanheBudgetError

__all__ = ["COMMANDS", "command", "main"]

COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def command(name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None]):
    """Register ``run(args) -> exit code`` as subcommand ``name``."""

    def register(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (help, add_arguments, run)
        return run

    return register


def _figures_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="disclosure: text converted from the PDF, or the PDF")
    p.add_argument("--json", action="store_true", help="print one JSON object (FIGURES.md names)")
    p.add_argument("--metadata", action="store_true",
                   help="with --json: wrap as {\"figures\": …, \"metadata\": …} (template, source, encoding)")


@command("figures", "print the key figures of a disclosure (FIGURES.md)", _figures_args)
def _figures(args: argparse.Namespace) -> int:
    from .figures import FIGURE_LABELS
    from .pipeline import read_disclosure

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
    from .exports import FORMATS

    p.add_argument("file", help="disclosure file")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--format", default="csv", choices=FORMATS, help="csv (UTF-8 with BOM), xlsx or parquet")


@command("tables", "write every table and the data dictionary", _tables_args)
def _tables(args: argparse.Namespace) -> int:
    from .dictionary import data_dictionary
    from .exports import write_tables
    from .pipeline import read_disclosure

    d = read_disclosure(args.file)
    paths = write_tables(d.tables, args.out, args.format, dictionary=data_dictionary())
    for path in paths:
        print(path)
    for warning in d.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _load_plugins() -> None:
    for module in ("audit_cli", "report_cli", "corpus_cli"):
        try:
            __import__(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module}":
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_plugins()
    parser = argparse.ArgumentParser(prog="chanhe-budget", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_arguments, run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ChanheBudgetError as exc:
        print(f"chanhe-budget: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # `python -m chanhe_budget.cli`: use the registry of the imported module
    from chanhe_budget.cli import main as _main

    sys.exit(_main())
